package display

import (
	"fmt"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display/internal/notebook"
	"github.com/littlegrad/littlegrad/display/internal/render"
)

// Show draws the graph that ends at root (see SVG), with opts (see
// GradColors), as the output of the
// running GoNB notebook cell, and returns once GoNB has it. If drawing
// fails, it shows the error instead. Outside a notebook Show does nothing,
// and does not even look at root: use WriteSVG in programs.
//
// The drawing reaches the notebook as an <img> holding the SVG. A graph
// wider than the page is scaled down to fit, but never so far that its
// text is less than 10 px high: then it scrolls sideways, and it starts
// scrolled to its right end, where root is. An <img> is the
// one form that Jupyter shows in notebooks that are not trusted, which is
// every notebook opened from a clone or a download.
//
// In a notebook, it panics if root is the zero Value or a Value that
// (*autograd.Tape).Truncate dropped.
func Show(root autograd.Value, opts ...Option) {
	notebook.Show(func() (string, string, error) { return drawHTML(root, opts) })
}

// HTML returns what Show displays: an HTML fragment with the drawing of
// the graph that ends at root, with opts, as an <img> sized as Show sizes
// it, in a <div class="lg-graph">. Use it to put drawings into pages of
// your own.
func HTML(root autograd.Value, opts ...Option) (string, error) {
	html, _, err := drawHTML(root, opts)
	return html, err
}

// drawHTML returns HTML's fragment and its text alternative.
func drawHTML(root autograd.Value, opts []Option) (html, text string, err error) {
	g := walk(root)
	svg, err := draw(g, newStyle(opts), root)
	if err != nil {
		return "", "", err
	}
	text = alt(root, len(g.nodes))
	return notebook.Image(svg, "lg-graph", text), text, nil
}

// alt describes a drawing for readers who cannot see it.
func alt(root autograd.Value, n int) string {
	if l := root.Label(); l != "" {
		return fmt.Sprintf("computation graph of %s: %d nodes", render.Visible(l), n)
	}
	return fmt.Sprintf("computation graph: %d nodes", n)
}
