// Package render lays out graphs written in graphviz's DOT language as SVG,
// with github.com/goccy/go-graphviz, and checks DOT text that someone wrote
// (written.go). It is the only package of littlegrad that imports
// go-graphviz. Built with the tag littlegrad_kernel, as the littlegrad
// kernel builds notebook cells, it runs the renderer command instead
// (kernel.go); ARCHITECTURE.md says why.
package render

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A Job is a graph to lay out.
type Job struct {
	DOT string `json:"dot"`
	// Written says that someone wrote DOT (display.ShowDOT), rather than
	// display: it is checked first (see written.go), and refused if it
	// has more than 2·MaxNodes nodes or 3·MaxNodes edges.
	Written  bool `json:"written,omitempty"`
	MaxNodes int  `json:"max_nodes,omitempty"`
	// Grads fills the nodes of written DOT by the gradients their labels
	// show (display.GradColors).
	Grads bool `json:"grads,omitempty"`
}

// A Drawing is a Job done.
type Drawing struct {
	SVG   string `json:"svg,omitempty"`
	Name  string `json:"name,omitempty"` // the graph's name, for written DOT
	Nodes int    `json:"nodes,omitempty"`
	Edges int    `json:"edges,omitempty"`
	Err   string `json:"err,omitempty"` // why the job failed
}

// Limit is how long a cell of the littlegrad kernel waits for the renderer
// to lay out the graphs of one call: layout options such as maxiter can
// ask graphviz for hours.
const Limit = 30 * time.Second

// SVG lays out dot, a graph that display wrote, and returns the SVG
// document, as graphviz writes it.
func SVG(dot string) ([]byte, error) {
	d, err := Draw(Job{DOT: dot})
	if err != nil {
		return nil, err
	}
	return []byte(d[0].SVG), nil
}

// Draw lays out the jobs, one at a time (go-graphviz is not safe for
// concurrent use), and returns their drawings, or the first job's error.
// It is safe for concurrent use.
func Draw(jobs ...Job) ([]Drawing, error) {
	ds, err := draw(jobs)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if d.Err != "" {
			return nil, errors.New(d.Err)
		}
	}
	return ds, nil
}

// Visible returns s with what graphviz and XML cannot show as text made
// visible: invalid UTF-8 and the non-characters U+FFFE and U+FFFF become
// U+FFFD, control characters their Go escapes (\n, \t, \x1b). An SVG with a
// raw control character is not well-formed XML, and graphviz would read a
// newline as a line break.
func Visible(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		switch {
		case r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF:
			b.WriteRune(utf8.RuneError)
		case r < 0x20 || 0x7f <= r && r < 0xa0:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
