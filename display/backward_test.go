package display_test

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display"
	"github.com/littlegrad/littlegrad/display/internal/svgtest"
)

// grads returns the gradient of root and of every Value it depends on.
func grads(root autograd.Value) []float64 {
	var g []float64
	stack := []autograd.Value{root}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		g = append(g, v.Grad())
		stack = append(stack, v.Inputs()...)
	}
	return g
}

func TestBackwardHTML(t *testing.T) {
	tests := []struct {
		name  string
		root  autograd.Value
		nodes []string // data-node of each step
		last  []string // texts in the last step's drawing
	}{
		{"expression", expression(false), []string{"", "L", "L", "d", "e"},
			[]string{"grad 6.0000", "grad -4.0000", "grad -2.0000", "grad 4.0000", "grad 1.0000"}},
		{"expression after Backward", expression(true), []string{"", "L", "L", "d", "e"},
			[]string{"grad 6.0000", "grad -4.0000"}},
		{"neuron", neuron(false), []string{"", "o", "o", "n", "x1*w1 + x2*w2", "x2*w2", "x1*w1"},
			[]string{"grad -1.5000", "grad 0.5000", "grad 1.0000", "grad 0.0000"}},
		{"leaf", autograd.NewTape().New(3).Named("x"), []string{"", "x"}, []string{"grad 1.0000"}},
		{"unnamed", autograd.NewTape().New(3).Tanh(), []string{"", "[tanh]", "[tanh]"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := grads(tt.root)
			h, err := display.BackwardHTML(tt.root)
			if err != nil {
				t.Fatal(err)
			}
			if after := grads(tt.root); !slices.Equal(before, after) {
				t.Errorf("BackwardHTML changed the gradients from %v to %v", before, after)
			}
			var nodes []string
			for _, m := range regexp.MustCompile(`<details class="lg-frame" data-step="(\d+)" data-node="([^"]*)"`).FindAllStringSubmatch(h, -1) {
				nodes = append(nodes, m[2])
			}
			if !slices.Equal(nodes, tt.nodes) {
				t.Errorf("steps highlight %q, want %q", nodes, tt.nodes)
			}
			n := len(tt.nodes)
			head := regexp.MustCompile(`^<div class="lg-backward" id="[^"]+" data-steps="(\d+)" data-step="(\d+)" data-node="([^"]*)">`).FindStringSubmatch(h)
			if head == nil || head[1] != itoa(n) || head[2] != itoa(n-1) || head[3] != tt.nodes[n-1] {
				t.Errorf("widget starts %.120q, want data-steps %d, data-step %d, data-node %q", h, n, n-1, tt.nodes[n-1])
			}
			if strings.Count(h, " open>") != 1 {
				t.Errorf("%d steps open, want the last one only", strings.Count(h, " open>"))
			}
			svgs := imgSVG(t, h)
			if len(svgs) != n {
				t.Fatalf("%d drawings, want %d", len(svgs), n)
			}
			first := svgtest.Texts(t, svgs[0])
			for _, s := range first {
				if strings.HasPrefix(s, "grad ") && s != "grad 0.0000" {
					t.Errorf("step 0 shows %q, want every grad 0", s)
				}
			}
			last := svgtest.Texts(t, svgs[n-1])
			for _, want := range tt.last {
				if !slices.Contains(last, want) {
					t.Errorf("last step lacks %q: %q", want, last)
				}
			}
			if n > 2 && !strings.Contains(string(svgs[2]), `fill="#ffd966"`) {
				t.Error("step 2 highlights no node")
			}
		})
	}
}

// TestBackwardCaptions checks that captions quote labels that are not
// plain names: x1*w1 + x2*w2.grad would read as x1*w1 + (x2*w2).grad.
func TestBackwardCaptions(t *testing.T) {
	tp := autograd.NewTape()
	odd := tp.New(2).Named(`say "hi"`).Mul(tp.New(3).Named("x_1")).Named("ü")
	tests := []struct {
		name string
		root autograd.Value
		want []string
	}{
		{"neuron", neuron(false), []string{
			"step 0 of 6: before backward: every grad is 0",
			"step 1 of 6: o.grad = 1: the derivative of o with respect to itself",
			"step 2 of 6: chain rule at o (tanh): o.grad = 1.0000 flows into n",
			`step 3 of 6: chain rule at n (+): n.grad = 0.5000 flows into "x1*w1 + x2*w2", b`,
			`step 4 of 6: chain rule at "x1*w1 + x2*w2" (+): "x1*w1 + x2*w2".grad = 0.5000 flows into "x1*w1", "x2*w2"`,
			`step 5 of 6: chain rule at "x2*w2" (*): "x2*w2".grad = 0.5000 flows into x2, w2`,
			`step 6 of 6: chain rule at "x1*w1" (*): "x1*w1".grad = 0.5000 flows into x1, w1`,
		}},
		{"quotes, digits and letters", odd, []string{
			"step 0 of 2: before backward: every grad is 0",
			"step 1 of 2: ü.grad = 1: the derivative of ü with respect to itself",
			`step 2 of 2: chain rule at ü (*): ü.grad = 1.0000 flows into "say \"hi\"", x_1`,
		}},
		{"unnamed", autograd.NewTape().New(3).Tanh(), []string{
			"step 0 of 2: before backward: every grad is 0",
			"step 1 of 2: [tanh].grad = 1: the derivative of [tanh] with respect to itself",
			"step 2 of 2: chain rule at [tanh] (tanh): [tanh].grad = 1.0000 flows into [3.0000]",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := display.BackwardHTML(tt.root)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range regexp.MustCompile(`<summary class="lg-frame-caption">([^<]*)</summary>`).FindAllStringSubmatch(h, -1) {
				got = append(got, html.UnescapeString(m[1]))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("captions\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestBackwardHTMLTooLarge(t *testing.T) {
	defer func(n int) { display.MaxBackwardSteps = n }(display.MaxBackwardSteps)
	display.MaxBackwardSteps = 4
	root := expression(true) // 5 steps
	before := grads(root)
	_, err := display.BackwardHTML(root)
	if err == nil || !strings.HasPrefix(err.Error(), "display: ") {
		t.Errorf("error %v, want one that starts with display:", err)
	}
	if after := grads(root); !slices.Equal(before, after) {
		t.Errorf("gradients changed from %v to %v", before, after)
	}
}

// The widget is the same each time it is made, id included, so a notebook
// run twice has the same outputs; another graph's has another id.
func TestBackwardHTMLDeterministic(t *testing.T) {
	h1, err1 := display.BackwardHTML(neuron(false))
	h2, err2 := display.BackwardHTML(neuron(false))
	h3, err3 := display.BackwardHTML(expression(false))
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatal(err1, err2, err3)
	}
	id := regexp.MustCompile(`id="(lg[0-9a-f]+)"`)
	if h1 != h2 || id.FindString(h1) == id.FindString(h3) {
		t.Errorf("one graph's widgets differ (%v), or two graphs' share an id (%s)", h1 != h2, id.FindString(h3))
	}
}
