package display

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display/internal/notebook"
	"github.com/littlegrad/littlegrad/display/internal/render"
)

// ShowGradCheck shows in the running GoNB notebook cell the graph that f
// builds from inputs x, after Backward, with each input's gradient beside
// its finite difference, inputs where they disagree marked in red (see
// GradCheckHTML), and returns once GoNB has it. If drawing fails, it shows
// the error instead. Outside a notebook it does nothing, and does not call
// f.
func ShowGradCheck(f func(x []autograd.Value) autograd.Value, x ...float64) {
	notebook.Show(func() (string, string, error) { return gradCheckHTML(f, x) })
}

// GradCheckHTML checks, input by input, the gradients that Backward
// computes, as autograd.GradCheck does, and returns the result as a drawing
// in an HTML fragment (as HTML does): the graph that f builds from the
// inputs x, after Backward, in which the record of each input shows its
// gradient from Backward and beside it the central difference
// (f(x+h) - f(x-h)) / 2h, with h = 1e-6·max(1, |x|). An input whose two
// values differ by more than 1e-5·max(1, |grad|, |numeric|), or either of
// which is not finite, is filled red and says "differs"; the others say
// "agrees". A line below the graph names the inputs that differ.
//
// f receives the inputs as leaves of a fresh tape, and must build its result
// from them only, as for autograd.GradCheck; it is called 2·len(x)+1 times.
// Inputs that f leaves unnamed are named x[0], x[1], … in the drawing.
//
// Away from kinks (ReLU at 0) and poles (Log at 0), a disagreement means a
// wrong derivative; at a kink it shows that Backward uses one of two
// one-sided derivatives, where a central difference averages them.
//
// It returns an error if graphviz fails, or if the graph has more than
// MaxNodes nodes. It panics if x is empty, or if f returns a Value of
// another tape than that of its inputs.
func GradCheckHTML(f func(x []autograd.Value) autograd.Value, x ...float64) (string, error) {
	h, _, err := gradCheckHTML(f, x)
	return h, err
}

// check is the finite-difference check of one input.
type check struct {
	numeric float64
	differs bool
}

const differsColor = "#f4cccc" // the fill of an input whose check fails

// fields returns the fields of the input's record that replace grad, its
// gradient's: the gradient above the finite difference, so that the two
// line up, and the verdict.
func (c check) fields(grad string) string {
	verdict := "agrees"
	if c.differs {
		verdict = "differs"
	}
	return fmt.Sprintf("{ %s | numeric %.4f } | %s", grad, c.numeric, verdict)
}

// style writes the attributes of the input's record.
func (c check) style(b *strings.Builder) {
	if c.differs {
		b.WriteString(`, style=filled, fillcolor="` + differsColor + `", color="#cc0000", penwidth=2`)
	}
}

// checkLegend writes caption as the graph's label, below it.
func checkLegend(b *strings.Builder, caption string) {
	fmt.Fprintf(b, "\tlabelloc=b;\n\tlabeljust=l;\n\tfontname=\"Courier\";\n\tfontsize=11;\n\tlabel=\"%s\";\n", plainLabel(caption))
}

func gradCheckHTML(f func(x []autograd.Value) autograd.Value, x []float64) (h, text string, err error) {
	if len(x) == 0 {
		panic("display: GradCheckHTML got no inputs; pass the point to check at, as GradCheckHTML(f, 2, 0)")
	}
	t := autograd.NewTape()
	eval := func(xs []float64) (out autograd.Value, leaves []autograd.Value) {
		t.Reset()
		leaves = make([]autograd.Value, len(xs))
		for i, xi := range xs {
			leaves[i] = t.New(xi)
		}
		out = f(leaves)
		if out.Tape() != t {
			panic("display: GradCheckHTML: f returned a Value of another tape; build it from the Values f receives")
		}
		return out, leaves
	}
	numeric := make([]float64, len(x))
	xs := slices.Clone(x)
	for i, xi := range x {
		step := 1e-6 * math.Max(1, math.Abs(xi))
		xs[i] = xi + step
		up, _ := eval(xs)
		u := up.Data()
		xs[i] = xi - step
		down, _ := eval(xs)
		xs[i] = xi
		numeric[i] = (u - down.Data()) / (2 * step)
	}
	root, leaves := eval(x) // last, so that its Values stay valid
	root.Backward()

	st := style{id: notebook.ID(), checks: map[autograd.Value]check{}}
	var differ []string
	for i, v := range leaves {
		if v.Label() == "" {
			v.Named(fmt.Sprintf("x[%d]", i))
		}
		a, n := v.Grad(), numeric[i]
		ok := !math.IsNaN(a) && !math.IsInf(a, 0) && !math.IsNaN(n) && !math.IsInf(n, 0) &&
			math.Abs(a-n) <= 1e-5*math.Max(1, math.Max(math.Abs(a), math.Abs(n)))
		st.checks[v] = check{numeric: n, differs: !ok}
		if !ok {
			differ = append(differ, visible(v.Label()))
		}
	}
	switch len(differ) {
	case 0:
		st.caption = fmt.Sprintf("grad (Backward) and numeric (central difference) agree for every input (%d)", len(x))
	default:
		st.caption = fmt.Sprintf("grad (Backward) and numeric (central difference) differ for %d of %d inputs: %s", len(differ), len(x), strings.Join(differ, ", "))
	}
	g := walk(root)
	if len(g.nodes) > MaxNodes {
		return "", "", fmt.Errorf("display: GradCheckHTML: the graph has %d nodes, more than MaxNodes (%d) allows drawing; check a smaller function, or use autograd.GradCheck", len(g.nodes), MaxNodes)
	}
	svg, err := render.SVG([]byte(g.dot(st)))
	if err != nil {
		return "", "", err
	}
	return notebook.Image(svg, "lg-gradcheck", st.caption), st.caption, nil
}
