package display_test

import (
	"fmt"
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
