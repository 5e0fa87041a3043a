package cell_test

import (
	"bytes"
	"path"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/lite/cell"
	"github.com/littlegrad/littlegrad/lite/check"
	"github.com/littlegrad/littlegrad/lite/symbols"
	"github.com/littlegrad/littlegrad/lite/symbols/stdlib"
)

// stringer declares a type with a String method, for the cases below.
const stringer = "type V struct{ D float64; prev []*V }\n" +
	"func (v *V) String() string { return fmt.Sprintf(\"V(%v)\", v.D) }\n" +
	"func (v *V) Add(w *V) *V { return &V{D: v.D + w.D, prev: []*V{v, w}} }\n"

// TestGaps runs Go that yaegi v0.16.1 gets wrong, or cannot run, by
// itself: each case must print what Go prints, or fail with a message
// that says what the browser kernel cannot do (never a wrong result).
func TestGaps(t *testing.T) {
	imp, err := check.GoListImporter(".", cell.Packages...)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, decls, body string
		want              string // what it prints; or, if err, in its error
		err               bool
	}{
		{"String of a call's result", stringer, "a := &V{D: 2}\nfmt.Println(a.Add(a))", "V(4)\n", false},
		{"String with Print's spacing", stringer, "a := &V{D: 2}\nfmt.Print(a, a, \"x\", 1, 2)\nfmt.Println()", "V(2) V(2)x1 2\n", false},
		{"String in Printf", stringer, "a := &V{D: 2}\nfmt.Printf(\"%v|%s|%q|%8v|%d\\n\", a, a, a, a, 3)", "V(2)|V(2)|\"V(2)\"|    V(2)|3\n", false},
		{"String in Sprintf", stringer, "a := &V{D: 2}\ns := fmt.Sprintf(\"%v\", a.Add(a))\nfmt.Println(s)", "V(4)\n", false},
		{"a slice of Stringers", stringer, "a := &V{D: 2}\nfmt.Println(a.Add(a).prev)", "[V(2) V(2)]\n", false},
		{"a nil Stringer", stringer, "var a *V\nfmt.Println(a)", "<nil>\n", false}, // yaegi also writes the recovered panic to stderr
		{"%T of a cell's type", stringer, "a := &V{D: 2}\nfmt.Printf(\"%T\\n\", a)", "%T", true},
		{"a struct holding Stringers", stringer + "type pair struct{ a, b *V }\n", "a := &V{D: 2}\nfmt.Println(pair{a, a})", "cannot print", true},
		{"max", "", "x := 2.5\nfmt.Println(max(1, x), min(3, x, 2), max(\"a\", \"b\"))", "2.5 2 b\n", false},
		{"slices.Equal", "", "a, b := []float64{1}, []float64{1}\nfmt.Println(slices.Equal(a, b), slices.Index(a, 1))", "true 0\n", false},
		{"range over an int", "", "n := 0\nfor range 3 {\n\tn++\n}\nfor i := range 2 {\n\tn += i\n}\nfmt.Println(n)", "4\n", false},
		{"closures over a loop's variable", "", "var fs []func() int\nfor i := 0; i < 3; i++ {\n\tfs = append(fs, func() int { return i })\n}\nfor _, v := range []int{3, 4} {\n\tfs = append(fs, func() int { return v })\n}\nfor i := range 2 {\n\tfs = append(fs, func() int { return i + 5 })\n}\nfor _, f := range fs {\n\tfmt.Print(f())\n}\nfmt.Println()", "0123456\n", false},
		{"pointers to a loop's variable", "", "var ps []*int\nfor i := 0; i < 3; i++ {\n\tps = append(ps, &i)\n}\nfor _, p := range ps {\n\tfmt.Print(*p)\n}\nfmt.Println()", "012\n", false},
		{"a loop variable changed and captured", "", "var fs []func() int\nfor i := 0; i < 4; i++ {\n\tfs = append(fs, func() int { return i })\n\ti++\n}\nfmt.Println(len(fs))", "cannot run this loop right", true},
		{"range over a function", "", "for x := range func(yield func(int) bool) { yield(1) } {\n\tfmt.Println(x)\n}", "range over a function", true},
		{"generic function", "func sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n", "fmt.Println(sum(1, 2), sum(1.5, 2))", "3 3.5\n", false},
		{"sort.Interface", "type byLen []string\nfunc (b byLen) Len() int { return len(b) }\nfunc (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }\nfunc (b byLen) Swap(i, j int) { b[i], b[j] = b[j], b[i] }\n", "s := byLen{\"ccc\", \"a\", \"bb\"}\nsort.Sort(s)\nfmt.Println([]string(s))", "[a bb ccc]\n", false},
		{"goroutines and channels", "", "c := make(chan int)\ngo func() { c <- 42 }()\nfmt.Println(<-c)", "42\n", false},
		{"defer and recover", "func safe() (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr = fmt.Errorf(\"recovered: %v\", r)\n\t\t}\n\t}()\n\tvar m map[string]int\n\tm[\"a\"] = 1\n\treturn nil\n}\n", "fmt.Println(safe())", "recovered: assignment to entry in nil map\n", false},
		{"a panic", "", "var s []int\nfmt.Println(s[3])", "index out of range", true},
		{"os.Exit", "", "os.Exit(3)", "os.Exit(3)", true},
		{"autograd", "", "a := autograd.New(2.0)\nb := a.Mul(a).Named(\"b\")\nb.Backward()\nfmt.Println(b, a.Grad())", "Value(data=4, grad=1) 4\n", false},
		{"a package the kernel lacks", "", "fmt.Println(filepath.Join(\"a\", \"b\"))", "undefined: filepath\n    fmt.Println(filepath.Join(\"a\", \"b\"))\n                ^\nIf filepath is a package: the browser kernel has littlegrad's packages and, of Go's standard library, only bufio,", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := cell.NewSession(stdlib.Symbols, symbols.Symbols)
			s.Importer = imp
			var out, stderr bytes.Buffer
			if c.decls != "" {
				if err := s.Run(c.decls, &out, &stderr); err != nil {
					t.Fatalf("declarations: %v", err)
				}
			}
			err := s.Run("%%\n"+c.body, &out, &stderr)
			switch {
			case c.err && err == nil:
				t.Errorf("ran, printing %q; want an error with %q", out.String(), c.want)
			case c.err && !strings.Contains(err.Error(), c.want):
				t.Errorf("failed with %v; want an error with %q", err, c.want)
			case !c.err && err != nil:
				t.Errorf("failed with %v (printed %q); want %q", err, out.String(), c.want)
			case !c.err && out.String() != c.want:
				t.Errorf("printed %q; want %q", out.String(), c.want)
			}
		})
	}
}

// TestPackagesHaveSymbols checks that every package cells may import has
// a symbol table for yaegi, and every table a package in cell.Packages:
// symbols/stdlib's go:generate line lists them again.
func TestPackagesHaveSymbols(t *testing.T) {
	tables := map[string]bool{}
	for k := range stdlib.Symbols {
		tables[path.Dir(k)] = true
	}
	for k := range symbols.Symbols {
		tables[path.Dir(k)] = true
	}
	delete(tables, ".")
	for _, p := range cell.Packages {
		if !tables[p] {
			t.Errorf("%s is in cell.Packages, but has no symbol table: add it to the go:generate line of symbols or symbols/stdlib", p)
		}
		delete(tables, p)
	}
	for p := range tables {
		t.Errorf("%s has a symbol table, but is not in cell.Packages", p)
	}
}
