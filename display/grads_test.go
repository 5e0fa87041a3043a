package display_test

import (
	"fmt"
	"html"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display"
	"github.com/littlegrad/littlegrad/display/internal/svgtest"
)

// saturated is the tutorial's neuron with a large bias, so that tanh
// saturates and passes almost no gradient back.
func saturated() autograd.Value {
	t := autograd.NewTape()
	x1 := t.New(2.0).Named("x1")
	w1 := t.New(-3.0).Named("w1")
	b := t.New(10).Named("b")
	o := x1.Mul(w1).Named("x1*w1").Add(b).Named("n").Tanh().Named("o")
	o.Backward()
	return o
}

// tints reads the records of DOT text: each one's |grad| and the lightness
// of its fill (1 for white or none).
func tints(t *testing.T, dot string) (grads, light []float64) {
	t.Helper()
	re := regexp.MustCompile(`(?m)^\tn\d+ \[label="\{ .* \| grad (\S+) \}"(?:, style=filled, fillcolor="#([0-9a-f]{6})")?\];$`)
	for _, m := range re.FindAllStringSubmatch(dot, -1) {
		g, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		l := 1.0
		if m[2] != "" && m[2] != "ffffff" {
			rgb, _ := strconv.ParseUint(m[2], 16, 32)
			r, gr, b := float64(rgb>>16), float64(rgb>>8&0xff), float64(rgb&0xff)
			l = (0.2126*r + 0.7152*gr + 0.0722*b) / 255
		}
		grads, light = append(grads, math.Abs(g)), append(light, l)
	}
	return grads, light
}

// The larger a gradient, the darker its record, and clearly so where the
// gradients differ by a twentieth of the largest: a test that fails if the
// scale is inverted, flat, or not monotonic. (Gradients closer than that
// may round to one 8-bit colour.)
func TestGradColorsFollowGradients(t *testing.T) {
	for _, g := range append(graphs, struct {
		name string
		root func() autograd.Value
	}{"saturated", saturated}) {
		t.Run(g.name, func(t *testing.T) {
			dot := display.DOT(g.root(), display.GradColors())
			grads, light := tints(t, dot)
			if len(grads) != display.Summarize(g.root()).Nodes {
				t.Fatalf("%d records read, want one per node:\n%s", len(grads), dot)
			}
			largest := slices.Max(grads)
			for i := range grads {
				for j := range grads {
					if grads[i] < grads[j] && (light[i] < light[j] || grads[j]-grads[i] > largest/20 && light[i] == light[j]) {
						t.Errorf("|grad| %g is filled as dark as or darker than |grad| %g (lightness %.3f vs %.3f)", grads[i], grads[j], light[i], light[j])
					}
				}
				if grads[i] == 0 && light[i] != 1 && largest > 0 {
					t.Errorf("a zero gradient is filled (lightness %.3f), want white", light[i])
				}
			}
			if largest > 0 && !strings.Contains(dot, fmt.Sprintf("fill: |grad| as a share of the largest, %.4f:", largest)) {
				t.Errorf("no legend with the largest |grad| %.4f:\n%s", largest, dot)
			}
		})
	}
}

func TestGradColorsSpecialCases(t *testing.T) {
	tp := autograd.NewTape()
	x := tp.New(0).Named("x")
	l := x.Log().Named("l") // grad of x: 1/0 = +Inf
	l.Backward()
	dot := display.DOT(l, display.GradColors())
	if !strings.Contains(dot, `n0 [label="{ x | data 0.0000 | grad +Inf }", style=filled, fillcolor="#bbbbbb"]`) ||
		!strings.Contains(dot, "NaN or ±Inf") {
		t.Errorf("an infinite gradient is not grey with a legend:\n%s", dot)
	}
	tiny := autograd.NewTape().New(1e-7).Named("t")
	sq := tiny.Mul(tiny).Named("t*t") // grad of t: 2e-7
	sq.Backward()
	if dot := display.DOT(sq, display.GradColors()); !strings.Contains(dot, "share of the largest, 1.0000:") {
		t.Errorf("the legend of t*t does not give the largest |grad|, 1:\n%s", dot)
	}
	tiny.Tape().ZeroGrad()
	tiny.SetGrad(2e-7)
	if dot := display.DOT(tiny, display.GradColors()); !strings.Contains(dot, "share of the largest, 2e-07:") {
		t.Errorf("the legend shows a tiny largest |grad| as 0:\n%s", dot)
	}
	before := autograd.NewTape().New(2).Named("y").Tanh()
	dot = display.DOT(before, display.GradColors())
	if !strings.Contains(dot, "which is 0 everywhere") || strings.Count(dot, `fillcolor="#ffffff"`) != 2 {
		t.Errorf("before Backward, every record should be white and the legend say so:\n%s", dot)
	}
	if _, err := display.SVG(saturated(), display.GradColors()); err != nil {
		t.Fatal(err)
	}
}

// verdicts reads a grad-check drawing: for each input's label, "agrees" or
// "differs", and the caption.
func verdicts(t *testing.T, h string) (map[string]string, string) {
	t.Helper()
	svgs := imgSVG(t, h)
	if len(svgs) != 1 {
		t.Fatalf("%d drawings, want 1", len(svgs))
	}
	texts := svgtest.Texts(t, svgs[0])
	got := map[string]string{}
	caption := ""
	for i, s := range texts {
		switch {
		case s == "agrees" || s == "differs":
			if i < 4 || !strings.HasPrefix(texts[i-1], "numeric ") || !strings.HasPrefix(texts[i-2], "grad ") {
				t.Fatalf("a verdict out of its record: %q", texts)
			}
			got[texts[i-4]] = s
		case strings.HasPrefix(s, "grad (Backward)"):
			caption = s
		}
	}
	return got, caption
}

func TestGradCheckHTML(t *testing.T) {
	tests := []struct {
		name    string
		f       func(x []autograd.Value) autograd.Value
		x       []float64
		want    map[string]string
		caption string
	}{
		{"smooth", func(x []autograd.Value) autograd.Value {
			return x[0].Named("a").Mul(x[1].Named("b")).Tanh()
		}, []float64{0.5, -1}, map[string]string{"a": "agrees", "b": "agrees"}, "agree for every input (2)"},
		{"ReLU kink", func(x []autograd.Value) autograd.Value {
			a, b := x[0].Named("a"), x[1].Named("b")
			return a.Mul(b).Relu().Add(a.Tanh())
		}, []float64{2, 0}, map[string]string{"a": "agrees", "b": "differs"}, "differ for 1 of 2 inputs: b"},
		{"unnamed inputs", func(x []autograd.Value) autograd.Value {
			return x[0].Relu().Add(x[1].Relu()).Add(x[2].Relu())
		}, []float64{0, 1, 0}, map[string]string{"x[0]": "differs", "x[1]": "agrees", "x[2]": "differs"}, "differ for 2 of 3 inputs: x[0], x[2]"},
		{"a gradient that is not passed on", func(x []autograd.Value) autograd.Value {
			// x[1] enters as a number, so Backward cannot see it.
			return x[0].MulScalar(x[1].Data()).Add(x[1].MulScalar(0))
		}, []float64{3, 2}, map[string]string{"x[0]": "agrees", "x[1]": "differs"}, "differ for 1 of 2 inputs: x[1]"},
		{"pole", func(x []autograd.Value) autograd.Value { return x[0].Named("x").Log() },
			[]float64{0}, map[string]string{"x": "differs"}, "differ for 1 of 1 inputs: x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := display.GradCheckHTML(tt.f, tt.x...)
			if err != nil {
				t.Fatal(err)
			}
			got, caption := verdicts(t, h)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("verdicts %v, want %v", got, tt.want)
			}
			if !strings.HasSuffix(caption, tt.caption) {
				t.Errorf("caption %q, want one that ends %q", caption, tt.caption)
			}
			differ := 0
			for _, v := range tt.want {
				if v == "differs" {
					differ++
				}
			}
			if n := strings.Count(string(imgSVG(t, h)[0]), `fill="#f4cccc"`); n != differ {
				t.Errorf("%d records filled red, want %d", n, differ)
			}
		})
	}
}

// drawDot is DOT text as part 1's drawDot writes it, for L = a*b.
const drawDot = `digraph {
	rankdir=LR;
	"0xc0001" [shape=record, label="{ a | data 2.0000 | grad -3.0000 }"];
	"0xc0002" [shape=record, label="{ b | data -3.0000 | grad 2.0000 }"];
	"0xc0003" [shape=record, label="{ L | data -6.0000 | grad 1.0000 }"];
	"0xc0003*" [label="*"];
	"0xc0003*" -> "0xc0003";
	"0xc0001" -> "0xc0003*";
	"0xc0002" -> "0xc0003*";
}
`

// dotFills reads the fills of a ShowDOT drawing: node title → fill colour.
func dotFills(t *testing.T, h string) (map[string]string, []string) {
	t.Helper()
	svgs := imgSVG(t, h)
	if len(svgs) != 1 {
		t.Fatalf("%d drawings, want 1", len(svgs))
	}
	fills := map[string]string{}
	re := regexp.MustCompile(`(?s)<g id="[^"]*" class="node">\s*<title>([^<]*)</title>\s*<(?:polygon|ellipse) fill="([^"]*)"`)
	for _, m := range re.FindAllStringSubmatch(string(svgs[0]), -1) {
		fills[html.UnescapeString(m[1])] = m[2]
	}
	return fills, svgtest.Texts(t, svgs[0])
}

func TestShowDOTGradColors(t *testing.T) {
	tests := []struct {
		name   string
		dot    string
		filled map[string]bool // nodes filled, by name; the others stay as written
		legend string
	}{
		{"drawDot", drawDot, map[string]bool{"0xc0001": true, "0xc0002": true, "0xc0003": true}, "fill: |grad| as a share of the largest, 3.0000:"},
		{"no grads", "digraph { a -> b }", nil, "but no label shows a grad"},
		{"names to quote", `digraph { "say \"hi\"" [label="grad 2"]; x [label="grad=0.5"]; "say \"hi\"" -> x; y [label="gradient"] }`,
			map[string]bool{`say "hi"`: true, "x": true}, "share of the largest, 2.0000:"},
		{"grads of 0", `digraph { a [label="grad 0"]; b [label="grad 0.0000"] }`, map[string]bool{"a": true, "b": true}, "which is 0 everywhere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain, _, err := display.DotHTML(tt.dot)
			if err != nil {
				t.Fatal(err)
			}
			h, _, err := display.DotHTML(tt.dot, display.GradColors())
			if err != nil {
				t.Fatal(err)
			}
			before, _ := dotFills(t, plain)
			if len(before) == 0 {
				t.Fatal("no nodes read from the drawing")
			}
			after, texts := dotFills(t, h)
			if len(after) != len(before) {
				t.Errorf("%d nodes drawn with GradColors, %d without", len(after), len(before))
			}
			for name, fill := range after {
				if tt.filled[name] == (fill == before[name]) && !(fill == "#ffffff" && tt.legend == "which is 0 everywhere") {
					t.Errorf("node %q: fill %s, %s without GradColors; want it filled: %v", name, fill, before[name], tt.filled[name])
				}
			}
			if !strings.Contains(strings.Join(texts, " "), tt.legend) {
				t.Errorf("legend %q not in %q", tt.legend, texts)
			}
		})
	}
	// The fills follow the gradients: a (|grad| 3) darkest, L (1) lightest.
	h, _, _ := display.DotHTML(drawDot, display.GradColors())
	fills, _ := dotFills(t, h)
	if !(fills["0xc0001"] == "#f16913" && fills["0xc0002"] != fills["0xc0003"] && fills["0xc0003"] != "#ffffff") {
		t.Errorf("fills %v do not follow the gradients 3, 2, 1", fills)
	}
}
