package display

import (
	_ "embed"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display/internal/notebook"
	"github.com/littlegrad/littlegrad/display/internal/render"
)

// MaxBackwardSteps is the largest number of steps that BackwardHTML and
// ShowBackward draw: each step is a drawing of the whole graph, so the
// widget's size and the time to make it grow as the square of the graph.
var MaxBackwardSteps = 60

// ShowBackward shows in the running GoNB notebook cell how Backward fills
// in the gradients of the graph that ends at root, one step at a time (see
// BackwardHTML), and returns once GoNB has it. If drawing fails, it shows
// the error instead. Outside a notebook it does nothing, and does not even
// look at root: use WriteBackwardHTML in programs.
//
// In a notebook, it panics if root is the zero Value or a Value that
// (*autograd.Tape).Truncate dropped.
func ShowBackward(root autograd.Value) {
	notebook.Show(func() (string, string, error) {
		h, err := BackwardHTML(root)
		return h, title(root), err
	})
}

// WriteBackwardHTML writes BackwardHTML's widget as a web page into the
// file at path, replacing it if it exists.
func WriteBackwardHTML(path string, root autograd.Value) error {
	h, err := BackwardHTML(root)
	if err != nil {
		return err
	}
	return writeFile(path, notebook.Page(title(root), h))
}

func title(root autograd.Value) string {
	if l := root.Label(); l != "" {
		return "Backward, step by step: " + render.Visible(l)
	}
	return "Backward, step by step"
}

// BackwardHTML returns an HTML widget that replays Backward on the graph
// that ends at root, one drawing per step of the reverse sweep, as the
// tutorial does by hand:
//
//   - step 0: every gradient is 0;
//   - step 1: root's gradient is set to 1;
//   - then one step per op node, in reverse tape order: the chain rule at
//     that node (Value.ChainRule) adds its gradient, times the local
//     derivative, to its inputs. The node is drawn in yellow and the
//     inputs whose gradients just grew in blue. When the sweep reaches a
//     node, every node that uses it has been done, so its gradient is final.
//
// Each step has a caption that says what it did. It names a node by its
// label, in quotes unless the label is a plain name ("x1*w1 + x2*w2".grad,
// never x1*w1 + x2*w2.grad), or by its op or value in brackets.
//
// Every step is a <details> element with its caption as summary, holding
// the drawing as an <img>; the last, with every gradient filled in, is
// open. Where scripts run (trusted notebooks, exported HTML), a small inline
// script shows one step at a time, with buttons to step and play and a
// slider. For scripts and tests the parts carry stable names: the
// container, <div class="lg-backward">, has data-steps (the number of
// steps), data-step (the step shown) and data-node (the node highlighted:
// its label, or a name in brackets; "" at step 0); each step is a <details
// class="lg-frame"> with the same data-step and data-node and a <summary
// class="lg-frame-caption">; the script adds a <div class="lg-controls">
// (buttons .lg-prev, .lg-play, .lg-next, an <input class="lg-slider">) and
// a <div class="lg-caption">.
//
// BackwardHTML leaves every gradient as it found it. It returns an error if
// the graph has more than MaxNodes nodes or needs more than
// MaxBackwardSteps steps, or if graphviz fails. It panics if root is the
// zero Value or a Value that (*autograd.Tape).Truncate dropped. It is not
// safe to use while another goroutine uses root's tape.
func BackwardHTML(root autograd.Value) (string, error) {
	g := walk(root)
	var ops []autograd.Value
	for k := len(g.nodes) - 1; k >= 0; k-- {
		if !g.nodes[k].IsLeaf() {
			ops = append(ops, g.nodes[k])
		}
	}
	steps := 2 + len(ops)
	if len(g.nodes) > MaxNodes || steps > MaxBackwardSteps {
		return "", fmt.Errorf("display: the graph has %d nodes and needs %d steps, more than MaxNodes (%d) or MaxBackwardSteps (%d) allow in a step-by-step view; draw it whole with Show",
			len(g.nodes), steps, MaxNodes, MaxBackwardSteps)
	}

	saved := make([]float64, len(g.nodes))
	for k, v := range g.nodes {
		saved[k] = v.Grad()
		v.SetGrad(0)
	}
	defer func() {
		for k, v := range g.nodes {
			v.SetGrad(saved[k])
		}
	}()

	var w widget
	var jobs []render.Job
	frame := func(st style, node, caption string) {
		jobs = append(jobs, render.Job{DOT: g.dot(st)})
		w = append(w, step{node: node, caption: caption})
	}
	frame(style{}, "", "before backward: every grad is 0")
	root.SetGrad(1)
	r := captionName(root)
	frame(style{current: root}, name(root), fmt.Sprintf("%s.grad = 1: the derivative of %s with respect to itself", r, r))
	for _, v := range ops {
		v.ChainRule()
		var ins []string
		seen := map[autograd.Value]bool{}
		for _, in := range v.Inputs() {
			if !seen[in] {
				seen[in] = true
				ins = append(ins, captionName(in))
			}
		}
		n := captionName(v)
		caption := fmt.Sprintf("chain rule at %s (%s): %s.grad = %s flows into %s", n, render.Visible(v.Op()), n, render.Number(v.Grad()), strings.Join(ins, ", "))
		frame(style{current: v, filled: true}, name(v), caption)
	}
	ds, err := render.Draw(jobs...)
	if err != nil {
		return "", err
	}
	for k := range w {
		w[k].svg = []byte(ds[k].SVG)
		w[k].caption = fmt.Sprintf("step %d of %d: %s", k, len(w)-1, w[k].caption)
	}
	return w.html(), nil
}

// name names v: its label, or its op in brackets (a leaf's value); a
// frame's data-node, and captions through captionName.
func name(v autograd.Value) string {
	if l := v.Label(); l != "" {
		return render.Visible(l)
	}
	if v.IsLeaf() {
		return "[" + render.Number(v.Data()) + "]"
	}
	return "[" + render.Visible(v.Op()) + "]"
}

// captionName names v in captions as name does, but quotes a label that
// is not a plain name, so that a caption reads "x1*w1 + x2*w2".grad, not
// x1*w1 + x2*w2.grad, which reads as x1*w1 + (x2*w2).grad.
func captionName(v autograd.Value) string {
	l := v.Label()
	if l == "" || plainName(l) {
		return name(v)
	}
	return strconv.Quote(l)
}

// plainName reports whether s is a name as Go spells one: a letter or _,
// then letters, digits and _.
func plainName(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

// widget is BackwardHTML's steps.
type widget []step

type step struct {
	node, caption string
	svg           []byte
}

// backwardJS turns the steps of the widget into a player (see
// notebook.Script).
//
//go:embed backward.js
var backwardJS string

func (w widget) html() string {
	var b strings.Builder
	last := len(w) - 1
	for k, f := range w {
		open := ""
		if k == last {
			open = " open"
		}
		fmt.Fprintf(&b, `<details class="lg-frame" data-step="%d" data-node="%s"%s>`, k, html.EscapeString(f.node), open)
		fmt.Fprintf(&b, `<summary class="lg-frame-caption">%s</summary>`, html.EscapeString(f.caption))
		b.WriteString(notebook.Image(f.svg, "lg-frame-image", f.caption))
		b.WriteString("</details>\n")
	}
	body := b.String()
	id := notebook.ID(body)
	return fmt.Sprintf(`<div class="lg-backward" id="%s" data-steps="%d" data-step="%d" data-node="%s">`+"\n",
		id, len(w), last, html.EscapeString(w[last].node)) + body + notebook.Script(backwardJS, id) + "\n</div>"
}
