// Package check type-checks the program that runs a notebook cell, with
// go/types, before the yaegi interpreter runs it, and rewrites what yaegi
// would run wrongly:
//
//   - A cell that does not compile fails with the messages of Go's compiler
//     (which go/types shares), where yaegi's are looser or different.
//   - The builtins min and max, which yaegi v0.16.1 lacks, become calls of
//     functions written for the types they are used with.
//   - fmt does not see the methods of types that cells declare when yaegi
//     passes it a value other than a plain variable (yaegi wraps only some
//     values for it), so fmt printed &{5} where Go prints Value(data=5).
//     Each argument of fmt's print functions whose type has a String,
//     Error, Format or GoString method is passed as an interface, which
//     yaegi wraps; a slice or array of such values is printed element by
//     element (as fmt would, for the verbs %v and %s); a value that holds
//     such values any deeper, which fmt would reach and yaegi would not, is
//     refused with a message that says so.
package check

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a program that does not compile, or that the interpreter cannot
// run right. Cell and Line name the place (the cell's number as its
// position's file name gives it, "cellN"), Src is that line.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
	// Unsupported says that Go accepts the code but the browser kernel
	// cannot run it.
	Unsupported bool
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Errors is every error found in a program, in the order of their places.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Program type-checks src, a package main, with imp for its imports, and
// returns it rewritten for yaegi (see the package comment), or Errors.
func Program(src string, imp types.Importer) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, parser.ParseComments)
	if err != nil {
		return "", parseErrors(err)
	}
	var errs Errors
	conf := types.Config{
		Importer: imp,
		Error: func(err error) {
			te := err.(types.Error)
			p := fset.Position(te.Pos)
			errs = append(errs, &Error{File: p.Filename, Line: p.Line, Col: p.Column, Msg: te.Msg})
		},
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Uses:       map[*ast.Ident]types.Object{},
		Instances:  map[*ast.Ident]types.Instance{},
		Defs:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	pkg, _ := conf.Check("main", fset, []*ast.File{f}, info)
	if len(errs) > 0 {
		return "", errs
	}
	r := &rewriter{fset: fset, src: src, info: info, pkg: pkg, helpers: map[string]string{}, imported: map[string]bool{}, names: map[string]string{}}
	for _, is := range f.Imports {
		p, _ := strconv.Unquote(is.Path.Value)
		if is.Name == nil {
			r.imported[p] = true
			r.names[p] = path.Base(p)
		} else {
			r.names[p] = is.Name.Name
		}
	}
	ast.Inspect(f, r.visit)
	if len(r.errs) > 0 {
		return "", r.errs
	}
	return r.apply(), nil
}

func parseErrors(err error) error {
	if list, ok := err.(scanner.ErrorList); ok {
		var errs Errors
		for _, e := range list {
			errs = append(errs, &Error{File: e.Pos.Filename, Line: e.Pos.Line, Col: e.Pos.Column, Msg: e.Msg})
		}
		return errs
	}
	return err
}

type edit struct {
	at   int
	text string
	ord  int // for edits at the same place: the order they were made in
	del  int // how many bytes from at the text replaces
}

type rewriter struct {
	fset    *token.FileSet
	src     string
	info    *types.Info
	pkg     *types.Package
	edits   []edit
	helpers map[string]string // name → declaration
	// imported are the packages the program imports under their own name:
	// yaegi fails on a package imported twice.
	imported map[string]bool
	names    map[string]string // import path → the name the program gives it
	errs     Errors
}

func (r *rewriter) off(p token.Pos) int { return r.fset.File(p).Offset(p) }

func (r *rewriter) insert(p token.Pos, text string) {
	r.edits = append(r.edits, edit{at: r.off(p), text: text, ord: len(r.edits)})
}

func (r *rewriter) fail(p token.Pos, format string, args ...any) {
	pos := r.fset.Position(p)
	r.errs = append(r.errs, &Error{File: pos.Filename, Line: pos.Line, Col: pos.Column, Msg: fmt.Sprintf(format, args...), Unsupported: true})
}

func (r *rewriter) qualifier(p *types.Package) string {
	if p == r.pkg {
		return ""
	}
	return p.Name()
}

func (r *rewriter) typeString(t types.Type) string { return types.TypeString(t, r.qualifier) }

func (r *rewriter) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.RangeStmt:
		r.rangeLoop(n)
	case *ast.ForStmt:
		r.forLoop(n)
	}
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return true
	}
	r.typeArgs(call)
	switch fn := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		if b, ok := r.info.Uses[fn].(*types.Builtin); ok && (b.Name() == "min" || b.Name() == "max") {
			r.minMax(call, fn, b.Name())
		}
	case *ast.SelectorExpr:
		if f, ok := r.info.Uses[fn.Sel].(*types.Func); ok && f.Pkg() != nil && f.Pkg().Path() == "fmt" {
			r.fmtCall(call, f)
		}
	}
	return true
}

// rangeLoop rewrites a range loop for yaegi v0.16.1, which has neither
// range over integers (Go 1.22: it panics, "nil type") nor range over
// functions (Go 1.23), and which shares a loop's variables between its
// iterations, as Go did before 1.22: a closure or a pointer made in the
// body sees the last value, where Go now gives each iteration its own.
func (r *rewriter) rangeLoop(n *ast.RangeStmt) {
	t := r.info.Types[n.X].Type
	if t == nil {
		return
	}
	switch u := t.Underlying().(type) {
	case *types.Signature:
		r.fail(n.For, "the browser kernel cannot range over a function (an iterator): its interpreter does not have Go 1.23's range over functions; call the function with a func of your own instead")
		return
	case *types.Basic:
		if u.Info()&types.IsInteger == 0 {
			break
		}
		if n.Tok == token.ASSIGN {
			r.fail(n.For, "the browser kernel cannot range over an integer into variables declared before the loop: write for i := range n, or a three-clause loop")
			return
		}
		id := fmt.Sprintf("lgI%d", r.off(n.For))
		i := id
		if k, ok := n.Key.(*ast.Ident); ok && k.Name != "_" {
			i = k.Name
		}
		ts := r.typeString(types.Default(t))
		header := fmt.Sprintf(" %s, %sN := %s(0), %s(", i, id, ts, ts)
		r.replace(n.For+3, n.X.Pos(), header)
		r.replace(n.X.End(), n.Body.Lbrace, fmt.Sprintf("); %s < %sN; %s++ ", i, id, i))
		if i != id {
			r.copyVars(n.Body, []*ast.Ident{n.Key.(*ast.Ident)})
		}
		return
	}
	if n.Tok != token.DEFINE {
		return
	}
	var vars []*ast.Ident
	for _, e := range []ast.Expr{n.Key, n.Value} {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			vars = append(vars, id)
		}
	}
	r.copyVars(n.Body, vars)
}

// forLoop gives each iteration of a three-clause loop its own copy of a
// variable declared in its init statement, where the body lets it escape
// (see rangeLoop). A body that also assigns to the variable is refused:
// Go copies the copy back for the next iteration, which a copy made at the
// top of the body cannot do.
func (r *rewriter) forLoop(n *ast.ForStmt) {
	as, ok := n.Init.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE {
		return
	}
	var vars []*ast.Ident
	for _, e := range as.Lhs {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			vars = append(vars, id)
		}
	}
	for _, v := range vars {
		obj := r.info.Defs[v]
		if r.escapes(n.Body, obj) && r.assigned(n.Body, obj) {
			r.fail(v.Pos(), "the browser kernel cannot run this loop right: its body both changes %s and lets it escape (a closure or a pointer), "+
				"and its interpreter shares a loop's variables between iterations, as Go did before 1.22; copy %s into a new variable in the body, and let the copy escape", v.Name, v.Name)
			return
		}
	}
	r.copyVars(n.Body, vars)
}

// copyVars starts body with v := v for each of vars that escapes it.
func (r *rewriter) copyVars(body *ast.BlockStmt, vars []*ast.Ident) {
	for _, v := range vars {
		if r.escapes(body, r.info.Defs[v]) {
			r.insert(body.Lbrace+1, fmt.Sprintf(" %s := %s;", v.Name, v.Name))
		}
	}
}

// escapes reports whether body refers to obj from a function literal,
// takes its address, or calls a method with a pointer receiver on it.
func (r *rewriter) escapes(body ast.Node, obj types.Object) bool {
	if obj == nil {
		return false
	}
	found := false
	var walk func(n ast.Node, inFunc bool)
	walk = func(n ast.Node, inFunc bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				walk(n.Body, true)
				return false
			case *ast.Ident:
				if inFunc && r.info.Uses[n] == obj {
					found = true
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && r.info.Uses[id] == obj {
					found = true
				}
			case *ast.SelectorExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && r.info.Uses[id] == obj {
					if sel := r.info.Selections[n]; sel != nil && sel.Kind() == types.MethodVal {
						if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
							if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
								if _, isPtr := obj.Type().Underlying().(*types.Pointer); !isPtr {
									found = true
								}
							}
						}
					}
				}
			}
			return true
		})
	}
	walk(body, false)
	return found
}

// assigned reports whether body assigns to obj, or increments it.
func (r *rewriter) assigned(body ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && r.info.Uses[id] == obj {
					found = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && r.info.Uses[id] == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// replace replaces the text from p to end.
func (r *rewriter) replace(p, end token.Pos, text string) {
	r.edits = append(r.edits, edit{at: r.off(p), text: text, ord: len(r.edits), del: r.off(end) - r.off(p)})
}

// typeArgs writes out the type arguments that Go infers in a call of a
// generic function: yaegi cannot infer them from a constraint's core type
// (slices.Equal(a, b) with a and b []float64: "undefined type for E").
func (r *rewriter) typeArgs(call *ast.CallExpr) {
	var id *ast.Ident
	switch fn := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fn
	case *ast.SelectorExpr:
		id = fn.Sel
	default:
		return // explicit type arguments, or no generic function
	}
	inst, ok := r.info.Instances[id]
	if !ok || inst.TypeArgs.Len() == 0 {
		return
	}
	if _, ok := r.info.Uses[id].(*types.Func); !ok {
		return
	}
	if sig, ok := inst.Type.(*types.Signature); ok && sig.Recv() != nil {
		return // a method of a generic type: its receiver gives them
	}
	var args []string
	for i := range inst.TypeArgs.Len() {
		t := inst.TypeArgs.At(i)
		ok := true
		s := types.TypeString(t, func(p *types.Package) string {
			if p == r.pkg {
				return ""
			}
			name, in := r.names[p.Path()]
			if !in {
				ok = false
			}
			return name
		})
		if !ok {
			return // a type of a package the program does not import
		}
		args = append(args, s)
	}
	r.insert(call.Fun.End(), "["+strings.Join(args, ", ")+"]")
}

// minMax replaces a call of the builtin min or max by a helper for its type.
func (r *rewriter) minMax(call *ast.CallExpr, fn *ast.Ident, name string) {
	tv := r.info.Types[call]
	if tv.Value != nil {
		// A constant: write its value, typed as the call is.
		r.insert(call.Pos(), fmt.Sprintf("%s(%s)/*", r.typeString(types.Default(tv.Type)), tv.Value.ExactString()))
		r.insert(call.End(), "*/")
		return
	}
	t := tv.Type
	ts := r.typeString(t)
	helper := fmt.Sprintf("lg%s_%d", name, r.helperID(name+" "+ts))
	cmp := ">"
	if name == "min" {
		cmp = "<"
	}
	body := fmt.Sprintf("for _, y := range ys {\n\t\tif y %s x {\n\t\t\tx = y\n\t\t}\n\t}\n\treturn x", cmp)
	if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsFloat != 0 {
		// NaN wins; max(-0, 0) is 0 and min(-0, 0) is -0, as Go's builtins.
		zero := "x == 0 && y == 0 && math.Signbit(float64(x))"
		if name == "min" {
			zero = "x == 0 && y == 0 && math.Signbit(float64(y))"
		}
		body = fmt.Sprintf("for _, y := range ys {\n\t\tif x != x {\n\t\t\treturn x\n\t\t}\n\t\tif y != y || y %s x || %s {\n\t\t\tx = y\n\t\t}\n\t}\n\treturn x", cmp, zero)
		r.helpers["import math"] = ""
	}
	r.helpers[helper] = fmt.Sprintf("func %s(x %s, ys ...%s) %s {\n\t%s\n}\n", helper, ts, ts, ts, body)
	r.insert(fn.Pos(), helper+"/*")
	r.insert(fn.End(), "*/")
}

func (r *rewriter) helperID(key string) int {
	if id, ok := r.helpers["#"+key]; ok {
		var n int
		fmt.Sscan(id, &n)
		return n
	}
	n := 0
	for k := range r.helpers {
		if strings.HasPrefix(k, "#") {
			n++
		}
	}
	r.helpers["#"+key] = fmt.Sprint(n)
	return n
}

// printing is fmt's functions that format their operands, and the index of
// their first operand; printf says which take a format.
var printing = map[string]int{
	"Print": 0, "Println": 0, "Sprint": 0, "Sprintln": 0, "Fprint": 1, "Fprintln": 1,
	"Printf": 1, "Sprintf": 1, "Fprintf": 2, "Errorf": 1, "Append": 1, "Appendln": 1, "Appendf": 2,
}

// fmtCall rewrites the operands of a fmt call whose printing needs a
// method of the cell's types: yaegi hands fmt such values without their
// methods, whatever their form (a variable, a call, any(x)), so the
// program calls the method itself and hands fmt its text, which fmt
// prints as it would have printed the method's result.
func (r *rewriter) fmtCall(call *ast.CallExpr, f *types.Func) {
	first, ok := printing[f.Name()]
	if !ok || len(call.Args) <= first {
		return
	}
	args := call.Args[first:]
	printf := strings.HasSuffix(f.Name(), "f")
	ln := strings.HasSuffix(f.Name(), "ln")
	var verbs []string // each operand's directive, for printf
	if printf {
		format := r.info.Types[call.Args[first-1]]
		if format.Value != nil && format.Value.Kind() == constant.String {
			verbs = directives(constant.StringVal(format.Value))
		}
	}
	for i, arg := range args {
		t := r.info.Types[arg].Type
		// An operand of an interface type that holds a value of the
		// cell's types reaches fmt without its methods: a gap left open,
		// since yaegi v0.16.1 also fails to type-switch such a value to an
		// interface with those methods (lite/README.md).
		if t == nil || !r.hasMethods(t) && !r.holds(t, map[types.Type]bool{}) {
			continue // fmt reaches no method of the cell's types in it
		}
		if call.Ellipsis.IsValid() {
			r.fail(arg.Pos(), "the browser kernel cannot pass a %s to fmt with ...: fmt would call the methods of the values in it, "+
				"and the interpreter hides them from fmt; print them one by one", r.typeString(t))
			return
		}
		verb := "%v"
		if printf {
			if verbs == nil || i >= len(verbs) {
				r.fail(arg.Pos(), "the browser kernel cannot print a %s with a format it cannot read before the cell runs "+
					"(a constant format, with no explicit argument indexes, is needed where fmt would call the value's methods)", r.typeString(t))
				return
			}
			verb = verbs[i]
		}
		c := verb[len(verb)-1]
		switch {
		case r.hasMethods(t) && strings.ContainsRune("vsqxX", rune(c)) && !strings.Contains(verb, "#"):
			helper := r.textHelper(t)
			if helper == "" {
				r.fail(arg.Pos(), "the browser kernel cannot print a %s with fmt: its Format method is hidden from fmt by the interpreter", r.typeString(t))
				continue
			}
			if printf || ln {
				r.insert(arg.Pos(), helper+"(")
				r.insert(arg.End(), ")")
			} else { // Print puts spaces between operands that are not strings
				r.insert(arg.Pos(), "fmtx.Show("+helper+"(")
				r.insert(arg.End(), "))")
				r.helpers["import fmtx"] = ""
			}
		case r.elemHasMethods(t) && (verb == "%v" || verb == "%s"):
			u := t.Underlying()
			var elem types.Type
			if sl, ok := u.(*types.Slice); ok {
				elem = sl.Elem()
			} else {
				elem = u.(*types.Array).Elem()
			}
			eh := r.textHelper(elem)
			if eh == "" {
				r.fail(arg.Pos(), "the browser kernel cannot print a %s with fmt: the Format method of its elements is hidden from fmt by the interpreter", r.typeString(t))
				continue
			}
			helper := fmt.Sprintf("lgelems_%d", r.helperID("elems "+r.typeString(t)))
			r.helpers[helper] = fmt.Sprintf("func %s(s %s) any {\n\tt := \"[\"\n\tfor i := range s {\n\t\tif i > 0 {\n\t\t\tt += \" \"\n\t\t}\n\t\tt += %s(s[i])\n\t}\n\treturn fmtx.Show(t + \"]\")\n}\n", helper, r.typeString(t), eh)
			r.helpers["import fmtx"] = ""
			r.insert(arg.Pos(), helper+"(")
			r.insert(arg.End(), ")")
		case r.hasMethods(t) && !strings.ContainsRune("vsqxXT", rune(c)):
			// fmt prints the value itself, not a method's text.
		default:
			r.fail(arg.Pos(), "the browser kernel cannot print a %s with %s: fmt would call the String or Error methods of the values in it, "+
				"which the interpreter hides from fmt (and %%T and %%#v would name its type wrongly); print its elements one by one, with %%v", r.typeString(t), verb)
		}
	}
}

// textHelper returns the name of a helper that returns what fmt prints
// for a value of type t with %v: its Error or String method's result,
// "<nil>" for a nil pointer whose method panics. "" if t has a Format
// method, which the helper cannot stand for.
func (r *rewriter) textHelper(t types.Type) string {
	ms := types.NewMethodSet(t)
	if ms.Lookup(r.pkg, "Format") != nil {
		return ""
	}
	method := "String"
	if m := ms.Lookup(r.pkg, "Error"); m != nil {
		method = "Error"
	}
	if m := ms.Lookup(r.pkg, method); m == nil || !isTextMethod(m.Obj().Type()) {
		return ""
	}
	ts := r.typeString(t)
	helper := fmt.Sprintf("lgtext_%d", r.helperID("text "+ts))
	nilCheck := "false"
	if _, ok := t.Underlying().(*types.Pointer); ok {
		nilCheck = "x == nil"
	}
	r.helpers[helper] = fmt.Sprintf(`func %s(x %s) (s string) {
	defer func() {
		if p := recover(); p != nil {
			if %s {
				s = "<nil>"
				return
			}
			s = "%%!v(PANIC=%s method: " + fmt.Sprint(p) + ")"
		}
	}()
	return x.%s()
}
`, helper, ts, nilCheck, method, method)
	r.helpers["import fmt"] = ""
	return helper
}

// isTextMethod reports whether sig is func() string.
func isTextMethod(t types.Type) bool {
	sig, ok := t.(*types.Signature)
	if !ok || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	b, ok := sig.Results().At(0).Type().(*types.Basic)
	return ok && b.Kind() == types.String
}

// directives returns, for each operand that format consumes, its
// directive: "%" then flags and the verb, without width and precision
// ("%v", "%+v", "%#v", "%q"); "*" for a width or precision operand. It
// returns nil if format has explicit argument indexes ([n]).
func directives(format string) []string {
	var out []string
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		flags := ""
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			flags += string(format[i])
			i++
		}
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '*' || format[i] == '.') {
			if format[i] == '*' {
				out = append(out, "*")
			}
			i++
		}
		if i < len(format) && format[i] == '[' {
			return nil
		}
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		c, size := utf8.DecodeRuneInString(format[i:])
		i += size - 1
		out = append(out, "%"+flags+string(c))
	}
	return out
}

// fmtMethods are the methods through which fmt prints a value.
var fmtMethods = []string{"String", "Error", "Format", "GoString"}

// hasMethods reports whether t is a type of the cell's package, or a
// pointer to one, whose method set has one of fmt's methods.
func (r *rewriter) hasMethods(t types.Type) bool {
	named := t
	if p, ok := t.(*types.Pointer); ok {
		named = p.Elem()
	}
	n, ok := types.Unalias(named).(*types.Named)
	if !ok || n.Obj().Pkg() != r.pkg {
		return false
	}
	ms := types.NewMethodSet(t)
	for _, m := range fmtMethods {
		if ms.Lookup(r.pkg, m) != nil {
			return true
		}
	}
	return false
}

// elemHasMethods reports whether t is a slice or array of values that
// hasMethods: fmt prints each with its method, and goes no deeper.
func (r *rewriter) elemHasMethods(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return r.hasMethods(u.Elem())
	case *types.Array:
		return r.hasMethods(u.Elem())
	}
	return false
}

// holds reports whether fmt, printing a value of type t, may reach a value
// inside it that hasMethods: through elements, fields, map entries, and
// the values pointers point to.
func (r *rewriter) holds(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	var inside []types.Type
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		inside = []types.Type{u.Elem()}
	case *types.Slice:
		inside = []types.Type{u.Elem()}
	case *types.Array:
		inside = []types.Type{u.Elem()}
	case *types.Map:
		inside = []types.Type{u.Key(), u.Elem()}
	case *types.Struct:
		for i := range u.NumFields() {
			inside = append(inside, u.Field(i).Type())
		}
	case *types.Interface:
		// What an interface holds is known only as the program runs: a
		// value of the cell's types in it reaches fmt as yaegi wraps it.
	}
	for _, in := range inside {
		if r.hasMethods(in) || r.holds(in, seen) {
			return true
		}
	}
	return false
}

// apply returns the source with the edits made and the helpers added.
func (r *rewriter) apply() string {
	sort.SliceStable(r.edits, func(i, j int) bool {
		if r.edits[i].at != r.edits[j].at {
			return r.edits[i].at > r.edits[j].at
		}
		return r.edits[i].ord > r.edits[j].ord
	})
	// At one offset, the edit made first (an outer call's, as ast.Inspect
	// visits it first) is inserted last, so that it comes first.
	s := r.src
	for _, e := range r.edits {
		s = s[:e.at] + e.text + s[e.at+e.del:]
	}
	var names []string
	for k := range r.helpers {
		if !strings.HasPrefix(k, "#") && !strings.HasPrefix(k, "import ") {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(s)
	for _, n := range names {
		b.WriteString("\n" + r.helpers[n])
	}
	out := b.String()
	// The helpers' imports, after the package clause.
	var imp string
	for _, p := range []string{"math", "fmt", "github.com/littlegrad/littlegrad/lite/fmtx"} {
		if _, ok := r.helpers["import "+path.Base(p)]; ok && !r.imported[p] {
			imp += fmt.Sprintf("import %q\n", p)
		}
	}
	if imp != "" {
		i := strings.Index(out, "\n")
		out = out[:i+1] + imp + out[i+1:]
	}
	return out
}
