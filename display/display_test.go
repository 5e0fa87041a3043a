package display_test

import (
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display"
	"github.com/littlegrad/littlegrad/display/internal/svgtest"
)

var update = flag.Bool("update", false, "rewrite the golden DOT files in testdata")

var graphs = []struct {
	name string
	root func() autograd.Value
}{
	{"expression", func() autograd.Value { return expression(false) }},
	{"expression-backward", func() autograd.Value { return expression(true) }},
	{"neuron", func() autograd.Value { return neuron(false) }},
	{"neuron-backward", func() autograd.Value { return neuron(true) }},
	{"micrograd", micrograd},
	{"nary", nary},
}

func TestDOTGolden(t *testing.T) {
	type golden struct {
		name string
		dot  func() string
	}
	var cases []golden
	for _, g := range graphs {
		cases = append(cases, golden{g.name, func() string { return display.DOT(g.root()) }})
	}
	cases = append(cases, golden{"saturated-grads", func() string { return display.DOT(saturated(), display.GradColors()) }})
	for _, g := range cases {
		t.Run(g.name, func(t *testing.T) {
			got := g.dot()
			path := filepath.Join("testdata", g.name+".dot")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("DOT differs from %s (run go test -update if the change is intended):\n%s", path, got)
			}
		})
	}
}

// The same graph gives the same text, whatever else is on its tape.
func TestDOTDeterministic(t *testing.T) {
	want := display.DOT(expression(true))
	tp := autograd.NewTape()
	for range 5 {
		tp.New(42).Named("noise").Tanh()
	}
	a := tp.New(2.0).Named("a")
	b := tp.New(-3.0).Named("b")
	c := tp.New(10.0).Named("c")
	e := a.Mul(b).Named("e")
	tp.New(7).Exp()
	d := e.Add(c).Named("d")
	f := tp.New(-2.0).Named("f")
	L := d.Mul(f).Named("L")
	L.MulScalar(3) // after L: not part of its graph
	L.Backward()
	for range 3 {
		if got := display.DOT(L); got != want {
			t.Fatalf("DOT depends on the rest of the tape:\n%s\nwant\n%s", got, want)
		}
	}
}

func fields(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

func TestSVGShowsEveryValue(t *testing.T) {
	for _, g := range graphs {
		t.Run(g.name, func(t *testing.T) {
			root := g.root()
			svg, err := display.SVG(root)
			if err != nil {
				t.Fatal(err)
			}
			texts := svgtest.Texts(t, svg)
			for _, line := range strings.Split(display.DOT(root), "\n") {
				m := recordRE.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				for _, want := range []string{m[1], "data " + m[2], "grad " + m[3]} {
					if want != "" && !slices.Contains(texts, want) {
						t.Errorf("no text %q in the SVG; its texts: %q", want, texts)
					}
				}
			}
		})
	}
}

// recordRE matches a record in DOT's output whose label needs no escapes.
var recordRE = regexp.MustCompile(`label="\{ ([^\\|]*) \| data (\S+) \| grad (\S+) \}"`)

func TestSVGDeterministic(t *testing.T) {
	a, err := display.SVG(neuron(true))
	if err != nil {
		t.Fatal(err)
	}
	b, err := display.SVG(neuron(true))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two SVGs of one graph differ")
	}
}

func TestSVGConcurrent(t *testing.T) {
	shared := neuron(true)
	want, err := display.SVG(shared)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 32 {
		wg.Go(func() {
			for range 4 {
				// Half the goroutines draw one shared graph, which
				// only reads its tape; the others build their own.
				root := shared
				if i%2 == 1 {
					root = expression(true)
				}
				svg, err := display.SVG(root)
				if err != nil {
					errs <- err
					return
				}
				if root == shared && !bytes.Equal(svg, want) {
					errs <- fmt.Errorf("goroutine %d: SVG differs from the one drawn alone", i)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestMaxNodes(t *testing.T) {
	defer func(n int) { display.MaxNodes = n }(display.MaxNodes)
	root := expression(true) // 7 nodes
	tests := []struct {
		max     int
		summary bool
	}{
		{7, false},
		{6, true},
		{1, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.max), func(t *testing.T) {
			display.MaxNodes = tt.max
			svg, err := display.SVG(root)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(svgtest.Texts(t, svg), "\n")
			gotSummary := strings.Contains(text, "too many to draw")
			if gotSummary != tt.summary {
				t.Fatalf("MaxNodes %d: summary %v, want %v:\n%s", tt.max, gotSummary, tt.summary, text)
			}
			if tt.summary {
				for _, want := range []string{"the graph of L has 7 nodes", "7 nodes, 4 leaves, depth 3", "* 2", "+ 1"} {
					if !strings.Contains(fields(text), want) {
						t.Errorf("summary lacks %q:\n%s", want, text)
					}
				}
				if strings.Contains(text, "data") {
					t.Errorf("summary draws the nodes:\n%s", text)
				}
			}
			if _, err := display.HTML(root); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name string
		root autograd.Value
		want display.Summary
	}{
		{"expression", expression(false), display.Summary{Nodes: 7, Leaves: 4, Depth: 3,
			Ops: []display.OpCount{{"*", 2}, {"+", 1}}}},
		{"neuron", neuron(false), display.Summary{Nodes: 10, Leaves: 5, Depth: 4,
			Ops: []display.OpCount{{"*", 2}, {"+", 2}, {"tanh", 1}}}},
		{"leaf", autograd.NewTape().New(1), display.Summary{Nodes: 1, Leaves: 1}},
		{"nary", nary(), display.Summary{Nodes: 10, Leaves: 5, Depth: 3,
			Ops: []display.OpCount{{"+", 1}, {"affine", 1}, {"dot", 1}, {"sigmoid", 1}, {"sum", 1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := display.Summarize(tt.root)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || !slices.Equal(got.Ops, tt.want.Ops) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// A chain of a million nodes is walked without recursion.
func TestDeepChain(t *testing.T) {
	tp := autograd.NewTape()
	v := tp.New(0.5)
	for range 1_000_000 {
		v = v.Neg()
	}
	s := display.Summarize(v)
	if s.Nodes != 1_000_001 || s.Depth != 1_000_000 {
		t.Errorf("got %d nodes, depth %d", s.Nodes, s.Depth)
	}
}

func TestPanics(t *testing.T) {
	other := autograd.NewTape().New(1)
	fromOther := func(x []autograd.Value) autograd.Value { return other }
	tests := []struct {
		name, prefix string
		f            func()
	}{
		{"zero Value", "display: ", func() { display.DOT(autograd.Value{}) }},
		{"grad check of no inputs", "display: ", func() { display.GradCheckHTML(fromOther) }},
		{"grad check on another tape", "autograd: CheckInputs: ", func() { display.GradCheckHTML(fromOther, 1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, tt.prefix) {
					t.Errorf("panic %q, want one starting with %s", msg, tt.prefix)
				}
			}()
			tt.f()
		})
	}
}

// imgSVG returns the SVG documents of the <img> elements in an HTML
// fragment.
func imgSVG(t *testing.T, h string) [][]byte {
	t.Helper()
	var svgs [][]byte
	for _, m := range regexp.MustCompile(`<img [^>]*?src="data:image/svg\+xml;base64,([^"]*)"`).FindAllStringSubmatch(h, -1) {
		svg, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			t.Fatal(err)
		}
		svgs = append(svgs, svg)
	}
	return svgs
}

func TestHTML(t *testing.T) {
	root := expression(true)
	h1, err := display.HTML(root)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := display.HTML(root)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h1, `<div class="lg-graph" style="overflow-x:auto`) {
		t.Errorf("HTML does not start with a scrolling div: %.100s", h1)
	}
	if strings.Contains(h1, "<svg") || strings.Contains(h1, "<script") {
		t.Errorf("HTML has markup besides the <img>: %.300s", h1)
	}
	for _, h := range []string{h1, h2} {
		svgs := imgSVG(t, h)
		if len(svgs) != 1 {
			t.Fatalf("%d images, want 1", len(svgs))
		}
		svg := svgs[0]
		svgtest.Texts(t, svg)
		for _, bad := range []string{"<?xml", "<!DOCTYPE", "<!--"} {
			if bytes.Contains(svg, []byte(bad)) {
				t.Errorf("inline SVG has %s", bad)
			}
		}
	}
	// A notebook run twice has the same outputs, byte for byte.
	if h1 != h2 {
		t.Errorf("two drawings of one graph differ:\n%s\n%s", h1, h2)
	}
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	root := neuron(true)
	svgPath := filepath.Join(dir, "neuron.svg")
	dotPath := filepath.Join(dir, "neuron.dot")
	pagePath := filepath.Join(dir, "neuron.html")
	if err := display.WriteSVG(svgPath, root); err != nil {
		t.Fatal(err)
	}
	if err := display.WriteDOT(dotPath, root); err != nil {
		t.Fatal(err)
	}
	if err := display.WriteBackwardHTML(pagePath, root); err != nil {
		t.Fatal(err)
	}
	svg, _ := os.ReadFile(svgPath)
	if texts := svgtest.Texts(t, svg); !slices.Contains(texts, "grad -1.5000") {
		t.Errorf("the SVG file lacks x1's gradient: %q", texts)
	}
	if dot, _ := os.ReadFile(dotPath); string(dot) != display.DOT(root) {
		t.Errorf("the DOT file differs from DOT")
	}
	page, _ := os.ReadFile(pagePath)
	if !bytes.HasPrefix(page, []byte("<!DOCTYPE html>")) || !bytes.Contains(page, []byte(`class="lg-backward"`)) {
		t.Errorf("the HTML file is not a page with the widget: %.200s", page)
	}

	bad := filepath.Join(dir, "missing", "x.svg")
	for name, write := range map[string]func(string, autograd.Value) error{
		"WriteSVG":          func(path string, root autograd.Value) error { return display.WriteSVG(path, root) },
		"WriteDOT":          func(path string, root autograd.Value) error { return display.WriteDOT(path, root) },
		"WriteBackwardHTML": display.WriteBackwardHTML,
	} {
		err := write(bad, root)
		if err == nil || !strings.HasPrefix(err.Error(), "display: ") || !strings.Contains(err.Error(), bad) {
			t.Errorf("%s to a missing folder: error %v, want one that starts with display: and names the path", name, err)
		}
	}
}

// Outside a notebook, Show and ShowBackward do nothing, and do not even
// walk the graph: given a Value that Truncate dropped, which panics as soon
// as it is read, they return quietly.
func TestShowOutsideNotebook(t *testing.T) {
	tp := autograd.NewTape()
	dropped := tp.New(2).Named("x").Tanh()
	tp.Truncate(0)
	display.Show(dropped)
	display.ShowBackward(dropped)

	defer func() {
		if recover() == nil {
			t.Error("walking a dropped Value does not panic, so this test cannot tell whether Show walks the graph")
		}
	}()
	display.DOT(dropped)
}

func TestWarm(t *testing.T) {
	if err := display.Warm(); err != nil {
		t.Fatal(err)
	}
}

// Warm fails where graphviz cannot cache its compiled module. The cache is
// written when the program starts, so this runs the test binary again.
func TestWarmUnwritableCache(t *testing.T) {
	if os.Getenv("LITTLEGRAD_WARM_CHILD") == "1" {
		if err := display.Warm(); err == nil {
			fmt.Println("Warm: no error")
		} else {
			fmt.Println("Warm:", err)
		}
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestWarmUnwritableCache$")
	cmd.Env = append(os.Environ(), "LITTLEGRAD_WARM_CHILD=1", "TMPDIR="+filepath.Join(t.TempDir(), "missing", "tmp"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !strings.Contains(string(out), "Warm: display: graphviz's compile cache") {
		t.Errorf("Warm with an unwritable TMPDIR: %s", out)
	}
}
