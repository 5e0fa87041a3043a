// Package cell runs notebook cells written for GoNB, as littlegrad's
// notebooks write them, in the yaegi Go interpreter, so that they can run
// where no Go toolchain is: in a browser, compiled to WebAssembly.
//
// A cell holds top-level declarations (types, functions, methods, variables,
// constants, imports), then, after a line "%%", statements to run. As in
// GoNB, declarations carry over to the next cells, a declaration replaces an
// earlier one of the same name (a method: of the same type and name), and
// every cell runs as a new program made of all the declarations kept so far
// and the cell's statements: values do not carry over, declarations do.
// Imports are added as GoNB's goimports adds them: a package used by its
// name (fmt, math, strings, autograd, nn, display, plot...) needs no import
// line, and imports that nothing uses are left out.
//
// The program is type-checked with go/types before yaegi sees it, so a cell
// that does not compile fails with the messages Go's compiler gives (yaegi's
// own checks are looser), and a cell that uses a construct yaegi cannot run
// fails with a message that says so, rather than running wrongly.
package cell

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"path"
	"reflect"
	"regexp"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/littlegrad/littlegrad/lite/check"
	"github.com/traefik/yaegi/interp"
)

// A Session keeps the declarations of the cells run so far.
type Session struct {
	// Symbols are the compiled packages that cells can import, the
	// standard library's among them, as yaegi extract writes them.
	Symbols interp.Exports
	// BeforeRun, if set, is called before each cell runs: in GoNB every
	// cell is a new process, so the state of compiled packages (such as
	// autograd's default tape) starts afresh, and BeforeRun resets what
	// the variables restored by Run do not cover.
	BeforeRun func()

	// Importer, if set, has each cell's program type-checked, and
	// rewritten where yaegi would run it wrongly, before it runs (package
	// check). Without it, yaegi's own checks are all there is.
	Importer types.Importer

	decls   []*decl
	imports map[string]string // import path → the name it is imported as ("" for its own)
	sources map[int]string    // each cell's code, for the lines that messages quote
	vars    []savedVar        // the packages' variables, as they were at first
	cells   int               // cells run, for the names in messages
	known   map[string]string // package name → import path, for imports added
}

// savedVar is a package variable and its first value.
type savedVar struct{ v, first reflect.Value }

// decl is one top-level declaration kept from a cell.
type decl struct {
	keys []string // the names it declares; "T.m" for method m of type T
	src  string   // its text
	cell int      // the cell it came from
	line int      // its first line in that cell
}

// Debug, if set, is given each program before it runs.
var Debug func(src string)

// Error is a cell that failed: it did not compile, or it panicked.
type Error struct {
	Kind string // "compile", "unsupported" or "panic"
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// NewSession returns a session with no declarations, whose cells can import
// the packages of symbols (the standard library's among them, as yaegi
// extract writes their tables: see lite/symbols).
func NewSession(symbols ...interp.Exports) *Session {
	all := interp.Exports{}
	for _, e := range symbols {
		for k, v := range e {
			all[k] = v
		}
	}
	s := &Session{Symbols: all, imports: map[string]string{}, sources: map[int]string{}}
	s.known = knownPackages(all)
	for _, syms := range all {
		for _, v := range syms {
			if v.CanSet() {
				saved := reflect.New(v.Type()).Elem()
				saved.Set(v)
				s.vars = append(s.vars, savedVar{v, saved})
			}
		}
	}
	return s
}

// Reset forgets every declaration, as a restarted kernel would.
func (s *Session) Reset() {
	s.decls = nil
	s.imports = map[string]string{}
	s.sources = map[int]string{}
	s.cells = 0
}

// cellName names cell n in positions: "cellN".
func cellName(n int) string { return "cell" + strconv.Itoa(n) }

// Run runs one cell: it keeps its declarations, and runs its statements
// (after "%%") with the declarations kept so far, writing what the program
// prints to stdout and stderr. A cell that does not compile keeps none of
// its declarations, as in GoNB.
func (s *Session) Run(code string, stdout, stderr io.Writer) error {
	s.cells++
	n := s.cells
	s.sources[n] = code
	declPart, body, hasMain, err := split(code)
	if err != nil {
		return err
	}
	newDecls, newImports, err := parseDecls(declPart, n)
	if err != nil {
		return err
	}
	// The program with this cell's declarations in place of older ones.
	decls := replace(s.decls, newDecls)
	imports := map[string]string{}
	for p, name := range s.imports {
		imports[p] = name
	}
	for p, name := range newImports {
		imports[p] = name
	}
	src, err := s.program(decls, imports, body, hasMain, n)
	if err != nil {
		return err
	}
	if s.Importer != nil {
		if src, err = check.Program(src, s.Importer); err != nil {
			return s.explain(err)
		}
	}
	s.decls, s.imports = decls, imports
	if Debug != nil {
		Debug(src)
	}
	for _, sv := range s.vars { // as a new process would have them
		sv.v.Set(sv.first)
	}
	if s.BeforeRun != nil {
		s.BeforeRun()
	}
	return s.exec(src, stdout, stderr)
}

// split cuts a cell into its declarations and the statements after its
// "%%" line. GoNB's other special lines (%args, !commands and the like)
// are refused with a message: they have no meaning in the browser.
func split(code string) (declPart, body string, hasMain bool, err error) {
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "%%" || strings.HasPrefix(t, "%% "):
			if strings.TrimSpace(strings.TrimPrefix(t, "%%")) != "" {
				return "", "", false, &Error{"unsupported", fmt.Sprintf("line %d: arguments after %%%% are not supported in the browser kernel", i+1)}
			}
			blank := make([]string, i+1) // keep the statements on their cell lines
			return strings.Join(lines[:i], "\n"), strings.Join(append(blank, lines[i+1:]...), "\n"), true, nil
		case strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!"):
			return "", "", false, &Error{"unsupported", fmt.Sprintf("line %d: %q: GoNB's special commands (%% and ! lines) are not supported in the browser kernel, only %%%% before the statements to run", i+1, t)}
		}
	}
	return code, "", false, nil
}

// parseDecls reads the declarations of cell n.
func parseDecls(src string, n int) ([]*decl, map[string]string, error) {
	fset := token.NewFileSet()
	text := "package main\n//line " + cellName(n) + ":1:1\n" + src
	f, err := parser.ParseFile(fset, cellName(n), text, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, compileError(err)
	}
	imports := map[string]string{}
	var decls []*decl
	for _, d := range f.Decls {
		start := fset.Position(d.Pos()).Offset
		// Doc comments go with their declaration.
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Doc != nil {
				start = fset.Position(d.Doc.Pos()).Offset
			}
		case *ast.GenDecl:
			if d.Doc != nil {
				start = fset.Position(d.Doc.Pos()).Offset
			}
		}
		end := fset.Position(d.End()).Offset
		tf := fset.File(d.Pos())
		dd := &decl{src: text[start:end], cell: n, line: fset.Position(tf.Pos(start)).Line}
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.Name == "main" && d.Recv == nil {
				return nil, nil, &Error{"unsupported", fmt.Sprintf("%s:%d: write the statements to run after a line %%%%, not in func main: GoNB's func main is supported by its kernel only", cellName(n), fset.Position(d.Pos()).Line)}
			}
			if d.Name.Name == "init" && d.Recv == nil {
				dd.keys = []string{fmt.Sprintf("init#%d:%d", n, len(decls))} // inits pile up, as in Go
			} else if d.Recv != nil && len(d.Recv.List) == 1 {
				dd.keys = []string{recvType(d.Recv.List[0].Type) + "." + d.Name.Name}
			} else {
				dd.keys = []string{d.Name.Name}
			}
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				for _, sp := range d.Specs {
					is := sp.(*ast.ImportSpec)
					p, _ := strconv.Unquote(is.Path.Value)
					name := ""
					if is.Name != nil {
						name = is.Name.Name
					}
					imports[p] = name
				}
				continue
			}
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					dd.keys = append(dd.keys, sp.Name.Name)
				case *ast.ValueSpec:
					for _, id := range sp.Names {
						if id.Name != "_" {
							dd.keys = append(dd.keys, id.Name)
						}
					}
				}
			}
		}
		decls = append(decls, dd)
	}
	return decls, imports, nil
}

// recvType names a method's receiver type: T for T, *T, T[P] and *T[P].
func recvType(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return fmt.Sprintf("%T", e)
		}
	}
}

// replace returns old with the declarations that new redeclares taken
// out, and new added at the end.
func replace(old, new []*decl) []*decl {
	gone := map[string]bool{}
	for _, d := range new {
		for _, k := range d.keys {
			gone[k] = true
		}
	}
	var out []*decl
	for _, d := range old {
		keep := true
		for _, k := range d.keys {
			if gone[k] {
				keep = false
			}
		}
		if keep {
			out = append(out, d)
		}
	}
	return append(out, new...)
}

// program writes the program that runs cell n: the declarations, each
// under a line directive naming its cell and line, the imports they use,
// and func main with the statements.
func (s *Session) program(decls []*decl, imports map[string]string, body string, hasMain bool, n int) (string, error) {
	var b strings.Builder
	for _, d := range decls {
		fmt.Fprintf(&b, "\n//line %s:%d:1\n%s\n", cellName(d.cell), d.line, d.src)
	}
	if hasMain {
		fmt.Fprintf(&b, "\nfunc main() {\n//line %s:1:1\n%s\n}\n", cellName(n), body)
	} else {
		b.WriteString("\nfunc main() {}\n")
	}
	code := b.String()
	// Which package names does the code use, and which does it declare?
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package main\n"+code, 0)
	if err != nil {
		return "", compileError(err)
	}
	used := map[string]bool{}
	for _, id := range f.Unresolved {
		used[id.Name] = true
	}
	var imp []string
	named := map[string]bool{}
	for p, name := range imports {
		n := name
		if n == "" {
			n = s.packageName(p)
		}
		named[n] = true
		if used[n] || n == "_" || n == "." {
			imp = append(imp, importLine(p, name))
		}
	}
	for name := range used {
		if named[name] {
			continue
		}
		if p, ok := s.known[name]; ok && isPackageUse(f, name) {
			imp = append(imp, importLine(p, ""))
		}
	}
	sort.Strings(imp)
	return "package main\n\n" + strings.Join(imp, "") + code, nil
}

func importLine(p, name string) string {
	if name != "" {
		return fmt.Sprintf("import %s %q\n", name, p)
	}
	return fmt.Sprintf("import %q\n", p)
}

// isPackageUse reports whether f uses name as a package: name.Something.
func isPackageUse(f *ast.File, name string) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == name && id.Obj == nil {
				found = true
			}
		}
		return !found
	})
	return found
}

// packageName returns the name of the package at import path p.
func (s *Session) packageName(p string) string {
	for k := range s.Symbols {
		if path.Dir(k) == p {
			return path.Base(k)
		}
	}
	return path.Base(p)
}

// knownPackages maps the package names that cells may use without an
// import line to their import paths: the standard library's, where two
// packages share a name the one goimports would pick (math/rand rather
// than crypto/rand), and symbols'.
func knownPackages(symbols interp.Exports) map[string]string {
	known := map[string]string{}
	prefer := map[string]string{"rand": "math/rand", "template": "text/template", "scanner": "text/scanner", "pprof": "runtime/pprof"}
	add := func(k string) {
		p, name := path.Dir(k), path.Base(k)
		if name == "main" || strings.Contains(p, "internal") {
			return
		}
		if want, ok := prefer[name]; ok {
			known[name] = want
			return
		}
		if old, ok := known[name]; !ok || len(p) < len(old) || len(p) == len(old) && p < old {
			known[name] = p
		}
	}
	for k := range symbols {
		add(k)
	}
	return known
}

// exec runs the program in a new interpreter.
func (s *Session) exec(src string, stdout, stderr io.Writer) (err error) {
	i := interp.New(interp.Options{Stdout: stdout, Stderr: stderr})
	if err := i.Use(s.Symbols); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = &Error{"panic", fmt.Sprintf("panic: %v", r)}
			if Debug != nil {
				Debug(string(debug.Stack()))
			}
		}
	}()
	// yaegi scopes imports by a position's file name, which a line
	// directive naming the cell would change: its imports would be lost.
	src = lineFile.ReplaceAllString(src, "//line :")
	_, err = i.Eval(src)
	if err == nil {
		return nil
	}
	var p interp.Panic
	if errors.As(err, &p) {
		return &Error{"panic", fmt.Sprintf("panic: %v\n%s", p.Value, bytes.TrimSpace(p.Stack))}
	}
	return &Error{"compile", "the interpreter cannot run the cell: " + err.Error()}
}

var lineFile = regexp.MustCompile(`(?m)^//line cell[0-9]+:`)

// compileError turns a parse error into the cell's Error.
func compileError(err error) error {
	return &Error{"compile", "the cell does not compile:\n" + err.Error()}
}

// explain writes check's errors as the littlegrad kernel writes a
// compiler's: "Cell[N]: Line L: message", the line, and a caret under the
// place.
func (s *Session) explain(err error) error {
	var es check.Errors
	if !errors.As(err, &es) {
		return &Error{"compile", "the cell does not compile:\n" + err.Error()}
	}
	kind, head := "compile", "the cell does not compile:"
	var b strings.Builder
	var missing []string // packages the cell uses that the kernel lacks
	for i, e := range es {
		if i == 10 {
			fmt.Fprintf(&b, "\n(and %d more errors)", len(es)-i)
			break
		}
		if e.Unsupported {
			kind, head = "unsupported", "the browser kernel cannot run the cell:"
		}
		n, _ := strconv.Atoi(strings.TrimPrefix(e.File, "cell"))
		fmt.Fprintf(&b, "\nCell[%d]: Line %d: %s", n, e.Line, e.Msg)
		if lines := strings.Split(s.sources[n], "\n"); e.Line >= 1 && e.Line <= len(lines) {
			if name, ok := strings.CutPrefix(e.Msg, "undefined: "); ok && e.Col >= 1 && e.Col <= len(lines[e.Line-1]) &&
				strings.HasPrefix(lines[e.Line-1][e.Col-1:], name+".") && !slices.Contains(missing, name) {
				missing = append(missing, name)
			}
			l := strings.ReplaceAll(lines[e.Line-1], "\t", "    ")
			col := len(strings.ReplaceAll(lines[e.Line-1][:max(0, min(e.Col-1, len(lines[e.Line-1])))], "\t", "    "))
			fmt.Fprintf(&b, "\n    %s\n    %s^", l, strings.Repeat(" ", col))
		}
	}
	var std []string // the standard library's packages the kernel has
	for _, p := range Packages {
		if len(missing) > 0 && !strings.Contains(p, ".") {
			std = append(std, p)
		}
	}
	for _, name := range missing {
		fmt.Fprintf(&b, "\nIf %s is a package: the browser kernel has littlegrad's packages and, of Go's standard library, only %s. "+
			"The Go kernel (GoNB) has them all.", name, strings.Join(std, ", "))
	}
	return &Error{kind, head + b.String()}
}
