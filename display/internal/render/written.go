//go:build !littlegrad_kernel

package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-graphviz/cgraph"
)

// written reads DOT that someone wrote, which graphviz rejects tersely when
// it is wrong, and draws other than written when it is wrong in some ways
// (ARCHITECTURE.md, "A drawing's path"): it checks j's DOT, saying what to
// do in plain words with the line and a caret, sets d's name and counts, and
// returns the graph, parsed, with the gradients' fills if j asks.
func written(j Job, d *Drawing) (*cgraph.Graph, error) {
	dot := j.DOT
	graph, ts, err := scanWritten(dot)
	if err != nil {
		return nil, err
	}
	brace := len(graph) - 1
	g, err := parse(graph)
	if err != nil {
		return nil, syntaxError(dot, ts, err)
	}
	d.Name, _ = g.Name()
	if strings.HasPrefix(d.Name, "%") { // graphviz's name for an anonymous graph
		d.Name = ""
	}
	d.Nodes, _ = g.NodeNum()
	d.Edges, _ = g.EdgeNum()
	if err = sizeError(*d, j.MaxNodes); err == nil {
		err = records(dot, ts, g)
	}
	if err != nil {
		g.Close()
		return nil, err
	}
	if !j.Grads {
		return g, nil
	}
	// The legend is an HTML-like label, which only DOT text can give.
	var grads []float64
	eachNode(g, func(n *cgraph.Node) {
		if v, ok := gradOf(n.Label()); ok {
			grads = append(grads, v)
		}
	})
	zero := "which is 0 everywhere"
	if len(grads) == 0 {
		zero = "but no label shows a grad, as { a | data 2.0000 | grad -3.0000 } does"
	}
	legend, fill := GradScale(grads, zero)
	g.Close()
	if g, err = parse(dot[:brace] + "\n" + legend + "}"); err != nil {
		return nil, err
	}
	eachNode(g, func(n *cgraph.Node) {
		if v, ok := gradOf(n.Label()); ok {
			n.SetStyle(cgraph.FilledNodeStyle)
			n.SetFillColor(fill(v))
		}
	})
	return g, nil
}

func eachNode(g *cgraph.Graph, f func(*cgraph.Node)) {
	for n, _ := g.FirstNode(); n != nil; n, _ = g.NextNode(n) {
		f(n)
	}
}

// gradOf returns the number after the word grad in a label, as draw_dot
// writes { a | data 2.0000 | grad -3.0000 }.
func gradOf(label string) (float64, bool) {
	f := strings.FieldsFunc(label, func(r rune) bool { return strings.ContainsRune(" \t|{}=:\\", r) })
	for i := 0; i+1 < len(f); i++ {
		if f[i] == "grad" {
			v, err := strconv.ParseFloat(f[i+1], 64)
			return v, err == nil
		}
	}
	return 0, false
}

// records returns an error for the first record whose label graphviz
// cannot parse: it would draw the node's name instead, without a word.
func records(dot string, ts []token, g *cgraph.Graph) (err error) {
	html := map[string]bool{}
	for _, t := range ts {
		html[t.text] = html[t.text] || t.kind == 'h'
	}
	eachNode(g, func(n *cgraph.Node) {
		shape, label := n.GetStr("shape"), n.Label()
		if err != nil || shape != "record" && shape != "Mrecord" || label == `\N` || html[label] {
			return
		}
		_, problem := recordFields(label, 0, true)
		if problem == "" {
			return
		}
		name, _ := n.Name()
		what := fmt.Sprintf("graphviz cannot read the record label of node %q, %q: %s; it would draw the node's name instead", Visible(name), Visible(label), problem)
		if problem == strayClose {
			what = fmt.Sprintf("in the record label of node %q, %q, %s: graphviz would draw the label up to it and drop the rest", Visible(name), Visible(label), problem)
		}
		what += ". In a record label, { } | < > are structure: { } group fields, | separates them, < > name a port; " +
			"to show one of them as text, put a backslash before it (in a Go string, \"\\\\|\" or `\\|`)"
		err = fmt.Errorf("display: DOT text: %s", what)
		for _, t := range ts {
			if t.kind == 'q' && t.text == label {
				err = errorAt(dot, t.off, "%s", what)
				break
			}
		}
	})
	return err
}

// strayClose is the one problem of a record label that graphviz does not
// treat as an error: it draws the label up to the stray }, and drops the rest.
const strayClose = `a } closes no {`

// recordFields follows graphviz's parse_reclbl (lib/common/shapes.c) over
// the record label s from byte i, a group of fields that the caller opened
// with "{" unless top. It returns where the group ends and, if graphviz
// would fail, why.
func recordFields(s string, i int, top bool) (int, string) {
	const (
		hasTable = 1 << iota // a {…} group in this field
		hasPort              // a <port> in this field
		inPort               // inside <…>
		inText               // text in this field
	)
	mode := 0
	for {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		if c != 0 && c < ' ' { // graphviz ignores control characters
			i++
			continue
		}
		switch c {
		case '<':
			if mode&hasTable != 0 {
				return i, `a <port> follows a {…} group in the same field; separate them with |`
			}
			if mode&hasPort != 0 {
				return i, `a field has two <ports>; a field has at most one`
			}
			mode |= hasPort | inPort
			i++
		case '>':
			if mode&inPort == 0 {
				return i, `a > has no < before it`
			}
			mode &^= inPort
			i++
		case '{':
			i++
			if mode != 0 {
				return i, `a { follows text in the same field; separate them with |`
			}
			if i >= len(s) {
				return i, `the label ends with {`
			}
			mode = hasTable
			var problem string
			if i, problem = recordFields(s, i, false); problem != "" {
				return i, problem
			}
		case '}', '|', 0:
			if c == 0 && !top {
				return i, `a { is not closed by a }`
			}
			if mode&inPort != 0 {
				return i, `a < is not closed by a >`
			}
			switch c {
			case '}':
				i++
				if top && strings.TrimFunc(s[i:], func(r rune) bool { return r <= ' ' }) != "" {
					return i, strayClose
				}
				return i, ""
			case 0:
				return i, ""
			}
			i++
			mode = 0
		default:
			if c == '\\' && i+1 < len(s) {
				i++ // the character after a backslash is text, whatever it is
				c = s[i]
			}
			if mode&hasTable != 0 && c != ' ' {
				return i, `text follows a {…} group in the same field; separate them with |`
			}
			if mode&(inText|inPort) == 0 && c != ' ' {
				mode |= inText
			}
			i++
		}
	}
}
