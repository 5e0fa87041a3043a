package cell

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestIsComplete(t *testing.T) {
	tests := []struct {
		name   string
		code   string
		want   Status
		indent string
	}{
		{"empty", "", Complete, ""},
		{"declaration", "var x = 1", Complete, ""},
		{"function", "func f() int {\n\treturn 1\n}", Complete, ""},
		{"main body", "%%\nfmt.Println(1)", Complete, ""},
		{"declarations and main", "import \"fmt\"\n\nfunc f() {}\n%%\nf()\nfmt.Println(2)", Complete, ""},
		{"%% with arguments", "%% -x=1\nfmt.Println(1)", Complete, ""},
		{"%main", "%main\nfmt.Println(1)", Complete, ""},
		{"gonb comment prefix", "//gonb:%%\nfmt.Println(1)", Complete, ""},
		{"special lines only", "%reset\n!ls -l", Complete, ""},
		{"shell cell", "%%bash\nif true; then\necho {", Complete, ""},
		{"writefile cell", "%%writefile x.go\npackage x\nfunc (", Complete, ""},
		{"package clause dropped", "package foo\n\nvar x = 1", Complete, ""},
		{"braces in strings", "%%\nfmt.Println(\"{[(\", '{')", Complete, ""},
		{"braces in comments", "%%\n// {\nx := 1 /* ( */\n_ = x", Complete, ""},
		{"complete raw string", "%%\ns := `a\n{\nb`\n_ = s", Complete, ""},
		{"trailing blank line", "%%\nfmt.Println(1)\n", Complete, ""},

		{"lone %%", "%%", Incomplete, ""},
		{"%% then blank", "%%\n", Incomplete, ""},
		{"open brace", "func f() {", Incomplete, "\t"},
		{"open for in main", "%%\nfor i := 0; i < 3; i++ {", Incomplete, "\t"},
		{"nested", "%%\nfor {\n\tif x {", Incomplete, "\t\t"},
		{"open paren", "%%\nfmt.Println(1,", Incomplete, "\t"},
		{"import block", "import (\n\t\"fmt\"", Incomplete, "\t"},
		{"trailing operator", "%%\nx := 1 +", Incomplete, "\t"},
		{"trailing dot", "%%\nx := a.\n", Incomplete, "\t"},
		{"trailing assignment", "var x =", Incomplete, "\t"},
		{"raw string goes on", "%%\ns := `abc", Incomplete, ""},
		{"comment goes on", "/* a comment", Incomplete, ""},
		{"shell line continues", "!echo a \\", Incomplete, ""},
		{"special line continues", "%%\nfmt.Println(1)\n!echo \\\nb \\", Incomplete, ""},

		{"stray closer", "%%\nfmt.Println(1))", Invalid, ""},
		{"mismatched", "%%\nx := [3}", Invalid, ""},
		{"closes main", "%%\n}\nfmt.Println(1)", Invalid, ""},
		{"bad statement", "%%\nx := := 1", Invalid, ""},
		{"statement outside main", "fmt.Println(1)", Invalid, ""},
		{"unterminated string", "%%\nfmt.Println(\"abc)", Invalid, ""},
		{"two blank lines give up", "func f() {\n\n\n", Invalid, ""},
	}
	for _, tt := range tests {
		st, indent := IsComplete(tt.code)
		if st != tt.want || indent != tt.indent {
			t.Errorf("%s: IsComplete(%q) = %q, %q; want %q, %q", tt.name, tt.code, st, indent, tt.want, tt.indent)
		}
	}
}

// Every code cell of the tutorial is complete, except those tagged
// raises-exception, which may not be Go.
func TestNotebooks(t *testing.T) {
	paths, err := filepath.Glob("../../../notebooks/*.ipynb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks: %v", err)
	}
	n := 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var nb struct {
			Cells []struct {
				CellType string   `json:"cell_type"`
				Source   []string `json:"source"`
				Metadata struct {
					Tags []string `json:"tags"`
				} `json:"metadata"`
			} `json:"cells"`
		}
		if err := json.Unmarshal(data, &nb); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for i, c := range nb.Cells {
			if c.CellType != "code" || slices.Contains(c.Metadata.Tags, "raises-exception") {
				continue
			}
			code := strings.Join(c.Source, "")
			if st, _ := IsComplete(code); st != Complete {
				t.Errorf("%s cell %d is %s:\n%s", filepath.Base(path), i, st, code)
			}
			n++
		}
	}
	if n < 20 {
		t.Errorf("only %d code cells checked", n)
	}
}

// IsComplete says one of the three, and gives an indent only when more is
// coming.
func FuzzIsComplete(f *testing.F) {
	for _, s := range []string{"%%\nfmt.Println(1)", "func f() {", "import (\n", "!ls \\", "%%bash\n{", "`", "/*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		st, indent := IsComplete(code)
		switch st {
		case Complete, Invalid:
			if indent != "" {
				t.Errorf("IsComplete(%q) = %q with indent %q", code, st, indent)
			}
		case Incomplete:
		default:
			t.Errorf("IsComplete(%q) = %q", code, st)
		}
	})
}
