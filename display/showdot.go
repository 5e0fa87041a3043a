package display

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"

	"github.com/littlegrad/littlegrad/display/internal/notebook"
	"github.com/littlegrad/littlegrad/display/internal/render"
)

// ShowDOT draws dot, a graph in graphviz's DOT language that you wrote
// yourself (part 1 of the tutorial writes its own drawDot), as Show draws,
// and returns once GoNB has it. Outside a notebook it does nothing.
//
// If graphviz would not draw dot as written, ShowDOT says why instead, with
// the line and a mark under the place: a syntax error, an ID such as 0xc000
// (what %p prints) that graphviz would split in two, a record label it
// would replace by the node's name, a second graph, no nodes, text that is
// not UTF-8 or that XML cannot hold. It does not lay out more than
// 2·MaxNodes nodes or 3·MaxNodes edges, and in the littlegrad kernel gives
// up on a layout after 30 seconds (options such as maxiter can ask for
// hours); elsewhere, interrupt the cell. With GradColors, it fills each node
// whose label shows a gradient, as draw_dot's
// { a | data 2.0000 | grad -3.0000 } does.
func ShowDOT(dot string, opts ...Option) {
	notebook.Show(func() (string, string, error) { return dotHTML(dot, opts...) })
}

// dotHTML returns what ShowDOT displays, and its text alternative.
func dotHTML(dot string, opts ...Option) (page, text string, err error) {
	ds, err := render.Draw(render.Job{DOT: dot, Written: true, MaxNodes: MaxNodes, Grads: newStyle(opts).grads})
	if err != nil {
		return "", "", err
	}
	d := ds[0]
	svg, err := forBrowsers([]byte(d.SVG))
	if err != nil {
		return "", "", err
	}
	text = fmt.Sprintf("graph drawn from DOT text: %d nodes, %d edges", d.Nodes, d.Edges)
	if d.Name != "" {
		text = fmt.Sprintf("graph %s drawn from DOT text: %d nodes, %d edges", render.Visible(d.Name), d.Nodes, d.Edges)
	}
	return notebook.Image(svg, "lg-graph", text), text, nil
}

var entity = regexp.MustCompile(`&[A-Za-z][A-Za-z0-9]*;`)

// forBrowsers returns svg as a browser can show it inside an <img>, or an
// error. graphviz copies HTML entities such as &nbsp; from names and labels
// into the SVG as written, but XML knows only five, and a browser shows
// nothing of an SVG that is not well-formed XML: forBrowsers turns the
// others into character references, and then checks the whole.
func forBrowsers(svg []byte) ([]byte, error) {
	svg = entity.ReplaceAllFunc(svg, func(m []byte) []byte {
		switch string(m) {
		case "&amp;", "&lt;", "&gt;", "&quot;", "&apos;":
			return m
		}
		u := html.UnescapeString(string(m))
		if u == string(m) { // not an HTML entity either: show it as typed
			return append([]byte("&amp;"), m[1:]...)
		}
		var b []byte
		for _, r := range u {
			b = fmt.Appendf(b, "&#%d;", r)
		}
		return b
	})
	d := xml.NewDecoder(bytes.NewReader(notebook.Clean(svg)))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return svg, nil
		}
		if err != nil {
			return nil, fmt.Errorf("display: graphviz wrote an SVG that a browser would show as nothing (%v); "+
				"look for unusual characters, entities (&…;) or markup in the names, labels and attributes of the DOT text", err)
		}
	}
}
