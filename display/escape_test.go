package display

import (
	"encoding/base64"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display/internal/render"
	"github.com/littlegrad/littlegrad/display/internal/svgtest"
)

func TestEscape(t *testing.T) {
	tests := []struct {
		in, plain, record string
	}{
		{"a", "a", "a"},
		{`x|y{z}<w>"q`, `x|y{z}<w>\"q`, `x\|y\{z\}\<w\>\"q`},
		{`back\slash\`, `back\\slash\\`, `back\\slash\\`},
		{`\N \G \l`, `\\N \\G \\l`, `\\N \\G \\l`},
		{"&amp; &#60;", "&amp;amp; &amp;#60;", "&amp;amp; &amp;#60;"},
		{"a  b   c", "a  b   c", `a \ b \ \ c`},
	}
	for _, tt := range tests {
		if got := escape(tt.in, false); got != tt.plain {
			t.Errorf("escape(%q, false) = %q, want %q", tt.in, got, tt.plain)
		}
		if got := escape(tt.in, true); got != tt.record {
			t.Errorf("escape(%q, true) = %q, want %q", tt.in, got, tt.record)
		}
	}
}

// labelShows draws a graph whose nodes are labeled label, both as a record
// field and in a summary, and checks that graphviz shows it as the text
// render.Visible(label), never as markup or structure.
func labelShows(t *testing.T, label string) {
	t.Helper()
	tp := autograd.NewTape()
	x := tp.New(2).Named(label)
	y := x.Tanh().Named(label)
	want := fields(render.Visible(label))
	svg, err := SVG(y)
	if err != nil {
		t.Fatalf("label %q: %v", label, err)
	}
	texts := svgtest.Texts(t, svg)
	if n := count(texts, want); n != 2 {
		t.Errorf("label %q: the SVG shows it %d times, want 2; texts %q", label, n, texts)
	}
	if len(texts) != 7 { // two records of three fields, and "tanh"
		t.Errorf("label %q: %d texts in the SVG, want 7: %q", label, len(texts), texts)
	}

	defer func(n int) { MaxNodes = n }(MaxNodes)
	MaxNodes = 1
	svg, err = SVG(y)
	if err != nil {
		t.Fatalf("label %q: summary: %v", label, err)
	}
	texts = svgtest.Texts(t, svg)
	title := "the graph of " + render.Visible(label) + " has 2 nodes: too many to draw"
	if label == "" {
		title = "the graph has 2 nodes: too many to draw"
	}
	if count(texts, fields(title)) != 1 {
		t.Errorf("label %q: the summary does not show it: %q", label, texts)
	}

	MaxNodes = 100
	h, err := HTML(y)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(h, "<") != 3 { // <div><img></div>
		t.Errorf("label %q: HTML has markup besides the image: %.300s", label, h)
	}
}

func count(texts []string, want string) int {
	n := 0
	for _, s := range texts {
		if fields(s) == want {
			n++
		}
	}
	return n
}

func fields(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

var hostile = []string{
	`x|y{z}<w>"q`,
	`back\slash`,
	`trailing backslash\`,
	`\`,
	`\"`,
	`"`,
	`\N\G\E\T\H\L\n\l\r`,
	`</svg><script>alert(1)</script>`,
	`<b>bold</b> &amp; &lt;tag&gt; &#60; &nbsp;`,
	`]]><!-- -->`,
	"é ü ß 日本語 ∂L/∂w 🙂",
	"line\nbreak\ttab\x00nul\x1b",
	"bad \xff\xfe UTF-8",
	"  leading and trailing  ",
	"a    b",
	"{ a | b }",
	"<port> x",
	"",
	" ",
	strings.Repeat("long ", 200),
}

func TestHostileLabels(t *testing.T) {
	for _, label := range hostile {
		labelShows(t, label)
	}
}

// FuzzLabel checks that any label shows as text: run it with
// go test -fuzz=FuzzLabel ./display. Each input is drawn with graphviz,
// whose memory grows a little with every drawing, so keep fuzzing runs to
// minutes (-fuzztime=2m).
func FuzzLabel(f *testing.F) {
	for _, label := range hostile {
		f.Add(label)
	}
	f.Fuzz(func(t *testing.T, label string) {
		if len(label) > 1000 {
			t.Skip("long labels only take time")
		}
		labelShows(t, label)
	})
}

func TestBackwardHTMLEscapes(t *testing.T) {
	for _, label := range hostile {
		tp := autograd.NewTape()
		y := tp.New(2).Named(label).Tanh().Named(label)
		h, err := BackwardHTML(y)
		if err != nil {
			t.Fatal(err)
		}
		// Outside the script, the only markup is the widget's own.
		body, _, _ := strings.Cut(h, "<script>")
		tags := regexp.MustCompile(`</?([a-z]+)`).FindAllStringSubmatch(body, -1)
		for _, tag := range tags {
			if !slices.Contains([]string{"div", "details", "summary", "img"}, tag[1]) {
				t.Errorf("label %q: the widget has a <%s> tag", label, tag[1])
			}
		}
		if strings.Count(h, "<script") != 1 || strings.Count(h, "</script") != 1 {
			t.Errorf("label %q: the widget has extra scripts", label)
		}
		for _, m := range regexp.MustCompile(`src="data:image/svg\+xml;base64,([^"]*)"`).FindAllStringSubmatch(h, -1) {
			svg, err := base64.StdEncoding.DecodeString(m[1])
			if err != nil {
				t.Fatal(err)
			}
			if n := count(svgtest.Texts(t, svg), fields(render.Visible(label))); n != 2 {
				t.Errorf("label %q: a step shows it %d times, want 2", label, n)
			}
		}
	}
}
