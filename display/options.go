package display

import "github.com/littlegrad/littlegrad/autograd"

// An Option changes what a drawing shows. DOT, SVG, HTML, Show, WriteSVG,
// WriteDOT and ShowDOT take options; ShowBackward does not, since its steps
// fill nodes themselves, nor do ShowGradCheck and GradCheckHTML, whose
// inputs are the function's.
type Option struct{ apply func(*style) }

// GradColors is an Option that fills each Value's record by the size of its
// gradient relative to the largest in the graph: white where the gradient
// is 0, the deepest orange where its absolute value is the largest, and
// shades between in proportion, with a legend below the graph. It shows at a
// glance where Backward sends the most gradient and where almost none gets
// through, as behind a saturated tanh:
//
//	display.Show(o, display.GradColors())
//
// A gradient that is NaN or infinite is filled grey.
//
// Given to ShowDOT, it fills the nodes of DOT text you wrote whose labels
// show a gradient as the tutorial's draw_dot writes it, "grad -3.0000"; the
// legend replaces any label of the graph, and the fill any style of those
// nodes.
func GradColors() Option { return Option{func(st *style) { st.grads = true }} }

// style is what a drawing adds to the plain graph.
type style struct {
	current autograd.Value                         // a node to highlight, or the zero Value
	filled  bool                                   // highlight current's inputs too: they just received gradient
	grads   bool                                   // GradColors
	checks  map[autograd.Value]autograd.InputCheck // inputs drawn with their finite difference (GradCheckHTML)
	caption string                                 // a line of text below the graph (GradCheckHTML)
}

func newStyle(opts []Option) style {
	var st style
	for _, o := range opts {
		o.apply(&st)
	}
	return st
}
