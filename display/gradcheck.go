package display

import (
	"fmt"
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
// computes (see autograd.CheckInputs), and returns the result as a drawing
// in an HTML fragment (as HTML does): the graph that f builds from the
// inputs x, after Backward, in which the record of each input shows its
// gradient from Backward and beside it its central difference. An input
// whose two gradients do not agree (autograd.InputCheck.Agrees) is filled
// red and says "differs"; the others say "agrees". A line below the graph
// names the inputs that differ.
//
// f is called as autograd.CheckInputs calls it. Inputs that f leaves
// unnamed are named x[0], x[1], … in the drawing.
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

const differsColor = "#f4cccc" // the fill of an input whose check fails

// checkFields returns the fields of an input's record that replace grad,
// its gradient's: the gradient above the finite difference, so that the
// two line up, and the verdict.
func checkFields(grad string, c autograd.InputCheck) string {
	verdict := "agrees"
	if !c.Agrees() {
		verdict = "differs"
	}
	return fmt.Sprintf("{ %s | numeric %s } | %s", grad, render.Number(c.Numeric), verdict)
}

func gradCheckHTML(f func(x []autograd.Value) autograd.Value, x []float64) (h, text string, err error) {
	if len(x) == 0 {
		panic("display: GradCheckHTML got no inputs; pass the point to check at, as GradCheckHTML(f, 2, 0)")
	}
	root, checks := autograd.CheckInputs(f, x...)
	g := walk(root)
	if len(g.nodes) > MaxNodes {
		return "", "", fmt.Errorf("display: GradCheckHTML: the graph has %d nodes, more than MaxNodes (%d) allows drawing; check a smaller function, or use autograd.GradCheck", len(g.nodes), MaxNodes)
	}
	st := style{checks: map[autograd.Value]autograd.InputCheck{}}
	names := make([]string, len(x))
	for i := range names {
		names[i] = fmt.Sprintf("x[%d]", i)
	}
	for _, v := range g.nodes {
		if i := v.Index(); v.IsLeaf() && i < len(x) { // the inputs come first on root's tape
			if v.Label() == "" {
				v.Named(names[i])
			}
			names[i] = render.Visible(v.Label())
			st.checks[v] = checks[i]
		}
	}
	var differ []string
	for i, c := range checks {
		if !c.Agrees() {
			differ = append(differ, names[i])
		}
	}
	switch len(differ) {
	case 0:
		st.caption = fmt.Sprintf("grad (Backward) and numeric (central difference) agree for every input (%d)", len(x))
	default:
		st.caption = fmt.Sprintf("grad (Backward) and numeric (central difference) differ for %d of %d inputs: %s", len(differ), len(x), strings.Join(differ, ", "))
	}
	svg, err := render.SVG(g.dot(st))
	if err != nil {
		return "", "", err
	}
	return notebook.Image(svg, "lg-gradcheck", st.caption), st.caption, nil
}
