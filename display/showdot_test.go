package display

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display/internal/render"
	"github.com/littlegrad/littlegrad/display/internal/svgtest"
)

// drawDotLike is DOT text as part 1's drawDot writes it: quoted pointer ids,
// records { label | data | grad }, an op node per op.
const drawDotLike = `digraph {
	rankdir=LR;
	"0xc000010000" [label="{ a | data 2.0000 | grad 6.0000 }", shape=record];
	"0xc000010030" [label="{ b | data -3.0000 | grad -4.0000 }", shape=record];
	"0xc000010060" [label="{ e | data -6.0000 | grad -2.0000 }", shape=record];
	"0xc000010060*" [label="*"];
	"0xc000010060*" -> "0xc000010060";
	"0xc000010000" -> "0xc000010060*";
	"0xc000010030" -> "0xc000010060*";
}
`

func TestShowDOTDraws(t *testing.T) {
	tests := []struct {
		name         string
		dot          string
		nodes, edges int
		texts        []string // shown in the drawing, in any order
	}{
		{"drawDot", drawDotLike, 4, 3, []string{"a", "data 2.0000", "grad 6.0000", "e", "*"}},
		{"minimal", `digraph { a -> b }`, 2, 1, []string{"a", "b"}},
		{"undirected, strict, named", `strict graph "my graph" { a -- b -- c; a -- c }`, 3, 3, []string{"a", "b", "c"}},
		{"keywords ignore case", `DiGraph G { NODE [shape=box]; x -> y }`, 2, 1, []string{"x", "y"}},
		{"numbers as IDs", `digraph { 1 -> 2.5 -> -3 -> .5 -> 7. }`, 5, 4, []string{"1", "2.5", "-3", ".5", "7."}},
		{"non-ASCII IDs", `digraph { é -> 日本 -> "∂L/∂w" }`, 3, 2, []string{"é", "日本", "∂L/∂w"}},
		{"comments", "# a comment\ndigraph { // one\n a /* two \n lines */ -> b # three\n}", 2, 1, []string{"a", "b"}},
		{"concatenated strings", `digraph { a [label="con" + "cat" + "enated"] }`, 1, 0, []string{"concatenated"}},
		{"escaped quote and line continuation", "digraph { a [label=\"say \\\"hi\\\" \\\nthere\"] }", 1, 0, []string{`say "hi" there`}},
		{"HTML label", `digraph { a [label=<<b>bold</b> &amp; <i>it</i>>] }`, 1, 0, []string{"bold", "&", "it"}},
		{"ports", `digraph { a [shape=record, label="<in> x | <out> y"]; a:out:e -> b:n }`, 2, 1, []string{"x", "y", "b"}},
		{"subgraphs", `digraph { subgraph cluster_0 { label="c"; a; b } {c d} -> e; f -> subgraph { g h } }`, 8, 4, []string{"a", "g"}},
		{"node lists", `digraph { a, b -> c, d [color=red]; e, f [shape=box] }`, 6, 4, []string{"a", "f"}},
		{"attribute separators", `digraph { graph [rankdir=LR; ranksep=0.3] node [shape=box, color=blue;] a []; a -> b }`, 2, 1, []string{"a", "b"}},
		{"HTML entities", `digraph "&nbsp;&bogus;" { a [label="x&nbsp;y &bogus; &#60;z&#x3e; &amp;"] }`, 1, 0, []string{"x\u00a0y &bogus; <z> &"}},
		{"escaped record characters", `digraph { a [shape=record, label="\{ x \| y \} \<z\>"] }`, 1, 0, []string{"{ x | y } <z>"}},
		{"record default from node", `digraph { node [shape=Mrecord]; a [label="{ x | { y | z } }"] }`, 1, 0, []string{"x", "y", "z"}},
		{"a graph id of its own", `digraph { id="mine"; a }`, 1, 0, []string{"a"}},
		{"layout engine", `graph { layout=neato; a -- b -- c -- a }`, 3, 3, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html, text, err := dotHTML(tt.dot)
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("%d nodes, %d edges", tt.nodes, tt.edges); !strings.HasSuffix(text, want) {
				t.Errorf("text alternative %q does not end with %q", text, want)
			}
			texts := imageTexts(t, html)
			for _, want := range tt.texts {
				if count(texts, fields(want)) == 0 {
					t.Errorf("the drawing does not show %q: %q", want, texts)
				}
			}
		})
	}
}

// imageTexts checks that html is one <img> of an SVG in a div, and returns
// the SVG's texts.
func imageTexts(t *testing.T, html string) []string {
	t.Helper()
	if strings.Count(html, "<") != 3 || !strings.HasPrefix(html, `<div class="lg-graph"`) {
		t.Fatalf("want <div><img></div>, got %.300s", html)
	}
	m := regexp.MustCompile(`<img [^>]*?src="data:image/svg\+xml;base64,([^"]*)" alt="[^"<>]*"`).FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no SVG <img> with an alt text in %.300s", html)
	}
	svg, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return svgtest.Texts(t, svg)
}

// The graphs display draws itself are DOT that ShowDOT draws the same.
func TestShowDOTOfDOT(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.dot")
	if len(paths) < 5 {
		t.Fatalf("want the golden DOT files in testdata, found %v", paths)
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := dotHTML(string(data)); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
	tp := autograd.NewTape()
	x := tp.New(1).Named("x")
	y := x.Mul(x).Add(x.Tanh()).Named("y")
	_, text, err := dotHTML(DOT(y))
	if err != nil {
		t.Fatal(err)
	}
	// x, x*x, tanh(x), y: 4 records and 3 op nodes; edges: 3 from op to
	// result, 2 into *, 1 into tanh, 2 into +.
	if !strings.HasSuffix(text, "7 nodes, 8 edges") {
		t.Errorf("text alternative %q, want 7 nodes and 8 edges", text)
	}
}

func TestShowDOTErrors(t *testing.T) {
	tests := []struct {
		name, dot string
		line      int      // 0: no line
		want      []string // in the message
	}{
		{"empty", "", 0, []string{"empty", "digraph { a -> b }"}},
		{"blank", " \n\t\n", 0, []string{"empty"}},
		{"only a comment", "// nothing\n", 0, []string{"empty"}},
		{"not DOT", "hello world", 1, []string{"starts with digraph", `"hello"`}},
		{"Python's repr", "Value(data=2.0)", 1, []string{"starts with digraph"}},
		{"no body", "digraph G", 1, []string{"ends before the }"}},
		{"unclosed body", "digraph {\n a -> b\n", 3, []string{"ends before the }"}},
		{"dangling edge", "digraph {\n  a -> }", 2, []string{`syntax error near "}"`, "  a -> }", "       ^"}},
		{"second graph", "digraph { a -> b }\ndigraph { c }", 2, []string{"second graph", "a call of its own"}},
		{"text after the graph", "digraph { a } b", 1, []string{"nothing may follow"}},
		{"-> in a graph", "graph { a -> b }", 1, []string{"write --"}},
		{"-- in a digraph", "digraph { a -- b }", 1, []string{"write ->"}},
		{"%p as an ID", "digraph {\n\t0xc000010000 -> b\n}", 2, []string{"0xc000010000 is not one ID", "two nodes, 0 and xc000010000", `quote it ("0xc000010000")`}},
		{"unclosed string", `digraph { a [label="x] }`, 1, []string{"no closing quote"}},
		{"unclosed HTML label", `digraph { a [label=<x] }`, 1, []string{"no matching >"}},
		{"unclosed comment", "digraph { /* a -> b }", 1, []string{"/*", "no */"}},
		{"stray character", "digraph { a @ b }", 1, []string{`syntax error near "@"`}},
		{"lone minus", "digraph { a - b }", 1, []string{`syntax error near "-"`}},
		{"keyword as node", "digraph { node }", 1, []string{`near "}"`}},
		{"keyword after edge", "digraph { a -> edge }", 1, []string{`near "edge"`, "DOT keyword", "quote it"}},
		{"attribute without value", "digraph { a [label] }", 1, []string{`near "]"`}},
		{"dangling +", `digraph { a [label="x" + ] }`, 1, []string{`near "]"`}},
		{"invalid UTF-8", "digraph {\n\ta [label=\"caf\xe9\"]\n}", 2, []string{"not UTF-8", "caf\uFFFD", "              ^"}},
		{"control character", `digraph { a [label="bell` + "\a" + `"] }`, 1, []string{`'\a'`, "leave it out"}},
		{"non-character", `digraph { a [label=<x` + "\uFFFE" + `>] }`, 1, []string{`'\ufffe'`}},
		{"nested digraph", "digraph { digraph { a } }", 1, []string{"subgraph"}},
		{"unclosed record group", "digraph {\n  n3 [shape=record, label=\"{ a | data 2.0000 | grad 0.0000\"];\n}", 2,
			[]string{`record label of node "n3"`, "a { is not closed by a }", "node's name instead", `\|`}},
		{"record from node default", "digraph { node [shape=record]; a [label=\"x | {y\"] }", 1, []string{`node "a"`, "not closed"}},
		{"shape after label", `digraph { a [label="<p"]; a [shape=record] }`, 1, []string{"a < is not closed by a >"}},
		{"record in a subgraph", `digraph { subgraph { node [shape=record]; a [label="{a}b"] } }`, 1, []string{"text follows a {…} group"}},
		{"stray } in a record", `digraph { a [shape=record, label="a } b"] }`, 1, []string{"a } closes no {", "drop the rest"}},
		{"no nodes", "digraph { rankdir=LR }", 0, []string{"no nodes"}},
		{"graphviz's own error", "digraph { layout=nonexistent; a }", 0, []string{"nonexistent", "not recognized"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html, text, err := dotHTML(tt.dot)
			if err == nil {
				t.Fatalf("no error; drew %q", text)
			}
			if html != "" {
				t.Errorf("an error, and HTML too")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "display: ") {
				t.Errorf("%q does not start with display:", msg)
			}
			if tt.line > 0 && !strings.HasPrefix(msg, fmt.Sprintf("display: DOT text, line %d: ", tt.line)) {
				t.Errorf("%q does not name line %d", msg, tt.line)
			}
			for _, want := range tt.want {
				if !strings.Contains(msg, want) {
					t.Errorf("%q does not say %q", msg, want)
				}
			}
		})
	}
}

// A second graph in the text would be read by graphviz's next call in place
// of the graph that call is given: ShowDOT refuses the text instead.
func TestShowDOTSecondGraphDoesNotLeak(t *testing.T) {
	if _, _, err := dotHTML("digraph { a -> b } digraph { leaked }"); err == nil {
		t.Fatal("no error for two graphs")
	}
	html, _, err := dotHTML("digraph { mine }")
	if err != nil {
		t.Fatal(err)
	}
	if texts := imageTexts(t, html); len(texts) != 1 || texts[0] != "mine" {
		t.Errorf("the next drawing shows %q, want [mine]", texts)
	}
}

func TestShowDOTTooLarge(t *testing.T) {
	defer func(n int) { MaxNodes = n }(MaxNodes)
	MaxNodes = 5
	var b strings.Builder
	b.WriteString("digraph {")
	for i := range 11 {
		fmt.Fprintf(&b, " n%d;", i)
	}
	b.WriteString(" }")
	_, _, err := dotHTML(b.String())
	if err == nil || !strings.Contains(err.Error(), "11 nodes and 0 edges, more than ShowDOT lays out (10 nodes and 15 edges") {
		t.Errorf("11 nodes with MaxNodes 5: %v", err)
	}
	_, _, err = dotHTML("digraph { {a b c d} -> {e f g h} }")
	if err == nil || !strings.Contains(err.Error(), "8 nodes and 16 edges") {
		t.Errorf("16 edges with MaxNodes 5: %v", err)
	}
	if _, _, err := dotHTML("digraph { a b c d e f g h i j }"); err != nil {
		t.Errorf("10 nodes with MaxNodes 5: %v", err)
	}
}

// Labels that try to break out of the drawing show as text, and the HTML
// around the drawing holds nothing of them but the escaped alt text.
func TestShowDOTHostile(t *testing.T) {
	for _, label := range hostile {
		dot := fmt.Sprintf(`digraph "%s" { a [label="%s"]; b [shape=record, label="{ %s | x }"]; a -> b }`,
			escape(label, false), escape(label, false), escape(label, true))
		html, text, err := dotHTML(dot)
		if err != nil {
			t.Errorf("label %q: %v", label, err)
			continue
		}
		if strings.Count(html, "<") != 3 || strings.Contains(text, "\n") {
			t.Errorf("label %q: markup or a line break besides the image: %.300s", label, html)
		}
		texts := imageTexts(t, html)
		if want := fields(render.Visible(label)); want != "" && count(texts, want) != 2 {
			t.Errorf("label %q: shown %d times, want 2: %q", label, count(texts, want), texts)
		}
	}
	// Links and scripts in DOT end up inside an <img>, where nothing runs.
	html, _, err := dotHTML(`digraph { a [URL="javascript:alert(1)", label=<<script>alert(1)</script>x>]; stylesheet="http://example.com/x.css" }`)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, "script") || strings.Contains(html, "javascript") || strings.Count(html, "<") != 3 {
		t.Errorf("the HTML shows a script outside the image: %.300s", html)
	}
}

// The error messages show the line without its control characters, so the
// notebook shows them as text.
func TestShowDOTErrorLineIsVisible(t *testing.T) {
	_, _, err := dotHTML("digraph {\n\ta \x1b[31m -> }")
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\r") || !strings.Contains(err.Error(), `\x1b`) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("%q", err)
	}
}

// FuzzShowDOT checks that any text gives a drawing or an error that starts
// with display: run it with go test -fuzz=FuzzShowDOT -fuzztime=2m
// ./display. (render's FuzzWritten checks that nothing stays behind.)
func FuzzShowDOT(f *testing.F) {
	for _, s := range []string{drawDotLike, "digraph { a -> b }", "graph { a -- b }", "digraph { a [shape=record, label=\"{a|b}\"] }",
		"digraph { subgraph { a } -> b }", "digraph { a, b -> c [x=y; z=w] }", "strict digraph x { # c\n a }", "digraph { a -> }", "hello"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dot string) {
		if len(dot) > 2000 || strings.Contains(strings.ToLower(dot), "layout") {
			t.Skip() // other layout engines can take long on purpose
		}
		html, _, err := dotHTML(dot)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "display: ") {
				t.Fatalf("error %q does not start with display:", err)
			}
		} else if !strings.HasPrefix(html, `<div class="lg-graph"`) {
			t.Fatalf("no drawing and no error: %q", html)
		}
	})
}
