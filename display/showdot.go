package display

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"time"

	"github.com/littlegrad/littlegrad/display/internal/notebook"
	"github.com/littlegrad/littlegrad/display/internal/render"
)

// ShowDOT draws dot, a graph in graphviz's DOT language that you wrote
// yourself (part 1 of the tutorial writes its own drawDot), as the output of
// the running GoNB notebook cell, and returns once GoNB has it. It draws as
// Show does: laid out by graphviz, as an SVG inside an <img>, scaled down to
// fit the page but no further than its text stays readable, which shows in
// notebooks that are not trusted and in exported HTML; the SVG's ids start
// with an id unique to this call, unless dot sets the graph's id itself.
// Outside a notebook ShowDOT does nothing.
//
// If dot is not a graph that graphviz draws as written, ShowDOT shows why
// in the cell instead, with the line and a mark under the place: a syntax
// error; an ID such as 0xc000 (what %p prints), which graphviz would split
// into two nodes; a record label that graphviz cannot read, which it would
// replace by the node's name; a second graph after the first; a graph with
// no nodes; text that is not UTF-8, or strings with characters that XML
// cannot hold, which would leave the browser with nothing to show. HTML
// entities such as &nbsp; in labels show as the characters they name.
// It does not lay out graphs of more than 2·MaxNodes nodes or
// 3·MaxNodes edges, the size of Show's largest drawing (a Value and its op
// are two nodes), and it gives up on a layout that takes more than 30
// seconds (layout options such as maxiter can make one take hours); then
// graphviz goes on with it until the program ends, and until then every
// drawing fails at once, saying so (in a notebook, the next cell draws).
//
// With the option GradColors, it fills each node whose label shows a
// gradient, as draw_dot's { a | data 2.0000 | grad -3.0000 } does, by its
// size relative to the largest, with a legend below.
func ShowDOT(dot string, opts ...Option) {
	notebook.Show(func() (string, string, error) { return dotHTML(dot, dotTimeout, opts...) })
}

// dotTimeout is how long ShowDOT waits for graphviz.
const dotTimeout = render.Limit

// dotHTML returns what ShowDOT displays, and its text alternative.
func dotHTML(dot string, timeout time.Duration, opts ...Option) (page, text string, err error) {
	info, err := readDOT(dot)
	if err != nil {
		return "", "", err
	}
	if info.nodes == 0 {
		return "", "", fmt.Errorf("display: the DOT text describes a graph with no nodes, so there is nothing to draw; add some, as in digraph { a -> b }")
	}
	if info.nodes > 2*MaxNodes || info.edges > 3*MaxNodes {
		return "", "", fmt.Errorf("display: the graph has %d nodes and %d edges, more than ShowDOT lays out (%d nodes and %d edges: display.MaxNodes is %d), "+
			"because graphviz would take minutes; draw a part of it, or raise display.MaxNodes", info.nodes, info.edges, 2*MaxNodes, 3*MaxNodes, MaxNodes)
	}
	// The id goes first in the body, on the line of its "{", so that
	// graphviz's line numbers stay those of dot.
	src := dot[:info.body] + ` id="` + notebook.ID() + `";` + dot[info.body:info.end]
	if newStyle(opts).grads {
		src += dotGradFills(info.labels)
		// Fills name the nodes again; a name written back wrong would
		// add a node instead.
		if filled, err := readDOT(src + dot[info.end:]); err != nil || filled.nodes != info.nodes {
			return "", "", fmt.Errorf("display: GradColors cannot fill the nodes of this DOT text, whose node names it cannot write back; draw it without the option")
		}
	}
	src += dot[info.end:]
	svg, err := render.SVGWithin([]byte(src), timeout)
	if err != nil {
		return "", "", err
	}
	if svg, err = forBrowsers(svg); err != nil {
		return "", "", err
	}
	text = fmt.Sprintf("graph drawn from DOT text: %d nodes, %d edges", info.nodes, info.edges)
	if info.name != "" {
		text = fmt.Sprintf("graph %s drawn from DOT text: %d nodes, %d edges", visible(info.name), info.nodes, info.edges)
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
