package proxy

import (
	"reflect"
	"strings"
	"testing"
)

// rawError is a cell's error as GoNB reports it with --raw_error: the go
// command's output, and a traceback entry for each of its lines.
func rawError(evalue string, tb ...string) map[string]any {
	c := map[string]any{"ename": "ERROR", "evalue": evalue}
	var list []any
	for _, l := range tb {
		list = append(list, l)
	}
	c["traceback"] = list
	return c
}

func TestExplainTrace(t *testing.T) {
	in := "panic: x\n\ngoroutine 1 [running]:\nmain.main()\n\t \x1b[7m[[ Cell [4] Line 4 ]]\x1b[0m /tmp/littlegrad-jupyter-22/kernels/littlegrad/tmp/gonb_63f11a62/main.go:17 +0x94\n" +
		"github.com/littlegrad/littlegrad/autograd.Value.Tanh(...)\n\t/home/ada/littlegrad/autograd/ops.go:120\n"
	want := "panic: x\n\ngoroutine 1 [running]:\nmain.main()\n\t \x1b[7m[[ Cell [4] Line 4 ]]\x1b[0m main.go:17 +0x94\n" +
		"github.com/littlegrad/littlegrad/autograd.Value.Tanh(...)\n\t/home/ada/littlegrad/autograd/ops.go:120\n"
	if got := explainTrace(in); got != want {
		t.Errorf("explainTrace:\n%s\nwant\n%s", got, want)
	}
}

func TestExplain(t *testing.T) {
	p := &proxy{}
	p.pkgs = map[string]bool{"fmt": true, "autograd": true}
	p.pkgOnce.Do(func() {})
	red := func(s string) string { return "\x1b[31m" + s + "\x1b[0m" }
	tests := []struct {
		name    string
		content map[string]any
		want    string // "" if it stays as it is
	}{
		{"a type error, with a tab before the column",
			rawError("# gonb_3ad822a0\n./main.go:26:19: cannot use c (variable of type float64) as *Value value in argument to a.Mul\n",
				red("# gonb_3ad822a0"),
				"Cell[4]: Line 4\nfunc main() {\n\tflag.Parse()\na := &Value{Data: 2.0}\nc := 3.0\n\tfmt.Println(a.Mul(c))\n                  ^\n\n}\n\n"+red("cannot use c (variable of type float64) as *Value value in argument to a.Mul"),
				""),
			"the cell does not compile:\n" +
				"Cell[4]: Line 4: cannot use c (variable of type float64) as *Value value in argument to a.Mul\n" +
				"    \tfmt.Println(a.Mul(c))\n" +
				"    \t                 ^"},
		{"a misspelled function of a package",
			rawError("# gonb_ac55068a\n./main.go:13:1: undefined: fmt\n",
				red("# gonb_ac55068a"),
				"Cell[2]: Line 3\nfunc main() {\n\tflag.Parse()\na := &Value{Data: 2}\nfmt.Prinln(a)\n^\n\n}\n\n"+red("undefined: fmt"), ""),
			"the cell does not compile:\nCell[2]: Line 3: undefined: fmt\n    fmt.Prinln(a)\n    ^\n" +
				"hint: the kernel imports fmt for you only when what follows fmt. is a name it has: is fmt.Prinln spelled right?"},
		{"a value from another cell",
			rawError("# gonb_1\n./main.go:12:8: undefined: model\n",
				"# gonb_1", "Cell[7]: Line 1\nfunc main() {\n\tflag.Parse()\nout := model.Forward(x)\n     ^\n}\n\nundefined: model"),
			"the cell does not compile:\nCell[7]: Line 1: undefined: model\n    out := model.Forward(x)\n           ^\n" +
				"hint: if model was made in another cell, it is gone: each cell runs as a new program, and only declarations " +
				"carry over (types, functions, imports, constants, and top-level vars, which start again from their first value); " +
				"make it again in this cell, or write a function that makes it"},
		{"a line with no cell",
			rawError("# gonb_1\n./main.go:3:2: \"os\" imported and not used\n", "# gonb_1", "\"os\" imported and not used"),
			"the cell does not compile:\n\"os\" imported and not used"},
		{"a syntax error, which GoNB finds itself",
			rawError("/tmp/k/tmp/gonb_548f6410/main.go:4:35: missing ',' before newline in composite literal (and 1 more errors)",
				"Cell[2]: Line 2\npackage main\n\nfunc (v *Value) Double() *Value {\n    return &Value{Data: 2 * v.Data\n                                  ^\n}\n\n\nmissing ',' before newline in composite literal (and 1 more errors)"),
			"the cell does not compile:\nCell[2]: Line 2: missing ',' before newline in composite literal (and 1 more errors)\n" +
				"        return &Value{Data: 2 * v.Data\n" +
				"                                      ^"},
		{"a brace left open",
			rawError("/tmp/k/tmp/gonb_548f6410/main.go:9:3: expected '}', found 'EOF'", "    fmt.Println(i)\n\n\n}\n  ^\n\n\nexpected '}', found 'EOF'"),
			"the cell does not compile:\nexpected '}', found 'EOF'\nhint: a { in the cell has no } to close it"},
		{"a panic", rawError("exit status 2", "exit status 2"),
			"the cell's program stopped with exit status 2; what it printed above says why " +
				"(a panic prints its message, then where it happened: [[ Cell [n] Line m ]] is the cell and its line)"},
		{"an exit", rawError("exit status 1", "exit status 1"), "the cell's program stopped with exit status 1; what it printed above says why"},
		{"a failed go get", rawError("failed to run \"/home/ada/.local/share/jupyter/kernels/littlegrad/bin/go get\": exit status 1\n\ngo: rsc.io/quote: not in the module graph",
			"failed to run \"/home/ada/.local/share/jupyter/kernels/littlegrad/bin/go get\": exit status 1"),
			"go failed: exit status 1\n\ngo: rsc.io/quote: not in the module graph"},
		{"something else", rawError("executing special commands in cell: unknown command %foo", "x"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := map[string]any{}
			for k, v := range tt.content {
				before[k] = v
			}
			changed := p.explain(tt.content)
			if tt.want == "" {
				if changed || !reflect.DeepEqual(tt.content, before) {
					t.Errorf("changed %v to %v", before, tt.content)
				}
				return
			}
			if got := tt.content["evalue"]; got != tt.want {
				t.Errorf("evalue\n%s\nwant\n%s", got, tt.want)
			}
			var tb []string
			for _, l := range tt.content["traceback"].([]any) {
				tb = append(tb, l.(string))
			}
			if strings.Join(tb, "\n") != tt.want || tt.content["ename"] != "ERROR" {
				t.Errorf("traceback %q, ename %v", tb, tt.content["ename"])
			}
		})
	}
}
