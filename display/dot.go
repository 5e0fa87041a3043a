package display

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display/internal/render"
)

// DOT returns the graph that ends at root as DOT text, the input language
// of graphviz, drawn as the tutorial's draw_dot draws it: left to right, a
// record { label | data | grad } per Value, with 4 decimals, and a small
// node per op between a Value and its inputs. A Value used twice by one op,
// as in a.Add(a), has two edges to it. Options add to the drawing (see
// GradColors).
//
// The text is deterministic: the same graph gives the same bytes, whatever
// else is on its tape. Node ids are generated (n0, n1, … in tape order,
// n4op for the op that made n4); labels are escaped, so no label can change
// the structure of the graph. DOT always describes the whole graph, however
// large; SVG and Show draw a summary instead above MaxNodes.
//
// O(n log n) for n nodes. It panics if root is the zero Value or a Value
// that (*autograd.Tape).Truncate dropped.
func DOT(root autograd.Value, opts ...Option) string {
	return walk(root).dot(newStyle(opts))
}

const (
	currentColor = "#ffd966" // the node where the chain rule was just applied
	inputColor   = "#c9daf8" // nodes whose gradient it just added to
)

func (g graph) dot(st style) string {
	var b strings.Builder
	b.Grow(100 * len(g.nodes))
	header(&b)
	var inputs map[autograd.Value]bool
	if st.filled {
		inputs = map[autograd.Value]bool{}
		for _, in := range st.current.Inputs() {
			inputs[in] = true
		}
	}
	var tint func(grad float64) string
	if st.grads {
		grads := make([]float64, len(g.nodes))
		for k, v := range g.nodes {
			grads[k] = v.Grad()
		}
		var legend string
		legend, tint = render.GradScale(grads, "which is 0 everywhere")
		b.WriteString(legend)
	}
	if st.caption != "" {
		b.WriteString(render.Legend(`"` + escape(st.caption, false) + `"`))
	}
	for k, v := range g.nodes {
		id := "n" + strconv.Itoa(k)
		grad := "grad " + render.Number(v.Grad())
		c, checked := st.checks[v]
		if checked {
			grad = checkFields(grad, c)
		}
		fmt.Fprintf(&b, "\t%s [label=\"{ %s | data %s | %s }\"", id, escape(v.Label(), true), render.Number(v.Data()), grad)
		switch {
		case v == st.current:
			b.WriteString(`, style=filled, fillcolor="` + currentColor + `"`)
		case inputs[v]:
			b.WriteString(`, style=filled, fillcolor="` + inputColor + `"`)
		case checked && !c.Agrees():
			b.WriteString(`, style=filled, fillcolor="` + differsColor + `", color="#cc0000", penwidth=2`)
		case tint != nil:
			b.WriteString(`, style=filled, fillcolor="` + tint(v.Grad()) + `"`)
		}
		b.WriteString("];\n")
		if v.IsLeaf() {
			continue
		}
		fmt.Fprintf(&b, "\t%sop [label=\"%s\", shape=ellipse, width=0.3", id, escape(v.Op(), false))
		if op := v.Op(); op == "-" || op == "/" {
			b.WriteString(", ordering=in") // a above b in a-b and a/b
		}
		if v == st.current {
			b.WriteString(`, style=filled, fillcolor="` + currentColor + `"`)
		}
		b.WriteString("];\n")
		fmt.Fprintf(&b, "\t%sop -> %s;\n", id, id)
		for _, in := range v.Inputs() {
			fmt.Fprintf(&b, "\tn%d -> %sop;\n", g.pos[in.Index()], id)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// header starts a digraph in the tutorial's style. Courier keeps numbers
// inside their boxes: graphviz measures text with its own metrics for the
// named font, and a monospace font is as wide in every browser.
func header(b *strings.Builder) {
	b.WriteString("digraph littlegrad {\n")
	b.WriteString("\trankdir=LR;\n")
	b.WriteString("\tranksep=0.3;\n")
	b.WriteString("\tnodesep=0.15;\n")
	b.WriteString("\tnode [shape=record, fontname=\"Courier\", fontsize=11, height=0.25, margin=\"0.06,0.02\"];\n")
	b.WriteString("\tedge [arrowsize=0.6];\n")
}

// summaryDOT draws s as one box, for a graph too large to lay out.
func summaryDOT(s Summary, rootLabel string) string {
	var b strings.Builder
	header(&b)
	name := "the graph"
	if rootLabel != "" {
		name = "the graph of " + rootLabel
	}
	lines := []string{
		fmt.Sprintf("%s has %d nodes: too many to draw", name, s.Nodes),
		fmt.Sprintf("(display.MaxNodes is %d)", MaxNodes),
		"",
	}
	lines = append(lines, strings.Split(s.String(), "\n")...)
	b.WriteString("\tsummary [shape=box, label=\"")
	for _, l := range lines {
		b.WriteString(escape(l, false))
		b.WriteString(`\l`) // a line break that left-justifies the line
	}
	b.WriteString("\"];\n}\n")
	return b.String()
}

// String formats s in a few lines of text.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d nodes, %d leaves, depth %d", s.Nodes, s.Leaves, s.Depth)
	for _, c := range s.Ops {
		fmt.Fprintf(&b, "\n%-8s %d", c.Op, c.Count)
	}
	return b.String()
}

// escape escapes s to show as typed in a label="…": inside a DOT string
// graphviz reads \" as a quote and \\ as a backslash, turns other
// backslashes into escapes (\n, \N for the node's name) and HTML entities
// into characters. In a field of a record label (record), it also reads
// { } | < > as the record's structure, and collapses runs of spaces; a
// field it cannot parse, it would silently replace by the node's name.
func escape(s string, record bool) string {
	var b strings.Builder
	space := false
	for _, r := range render.Visible(s) {
		switch {
		case r == '"' || r == '\\' || record && strings.ContainsRune("{}|<>", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '&':
			b.WriteString("&amp;")
		case record && r == ' ' && space:
			b.WriteString(`\ `) // a hard space, kept as typed
		default:
			b.WriteRune(r)
		}
		space = r == ' '
	}
	return b.String()
}
