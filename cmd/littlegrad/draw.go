package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display"
)

func runDraw(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) error {
	out := fs.String("out", "littlegrad-out", "write the files into `dir`, creating it if needed")
	dot := fs.Bool("dot", false, "also write each graph as DOT text, for graphviz's dot command")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := mkdir(*out); err != nil {
		return err
	}
	w := writer{dir: *out, stdout: stdout}
	for _, g := range []struct {
		name  string
		build func() autograd.Value
		steps bool // also write the step-by-step page
	}{
		{"expression", expression, false},
		{"neuron", neuron, true},
	} {
		root := g.build()
		w.graph(g.name, root, *dot)
		if g.steps {
			w.write(g.name+"-steps.html", func(path string) error { return display.WriteBackwardHTML(path, root) })
		}
		root.Backward()
		w.graph(g.name+"-backward", root, *dot)
	}
	return w.err
}

// writer writes files into dir and prints their paths, until the first
// error, which it keeps.
type writer struct {
	dir    string
	stdout io.Writer
	err    error
}

func (w *writer) write(name string, write func(path string) error) {
	if w.err != nil {
		return
	}
	path := filepath.Join(w.dir, name)
	if err := write(path); err != nil {
		w.err = err
		return
	}
	fmt.Fprintln(w.stdout, path)
}

func (w *writer) graph(name string, root autograd.Value, dot bool) {
	w.write(name+".svg", func(path string) error { return display.WriteSVG(path, root) })
	if dot {
		w.write(name+".dot", func(path string) error { return display.WriteDOT(path, root) })
	}
}

// expression is the tutorial's first graph: L = (a*b + c) * f.
func expression() autograd.Value {
	t := autograd.NewTape()
	a := t.New(2.0).Named("a")
	b := t.New(-3.0).Named("b")
	c := t.New(10.0).Named("c")
	e := a.Mul(b).Named("e")
	d := e.Add(c).Named("d")
	f := t.New(-2.0).Named("f")
	return d.Mul(f).Named("L")
}

// neuron is the tutorial's neuron: o = tanh(x1*w1 + x2*w2 + b).
func neuron() autograd.Value {
	t := autograd.NewTape()
	x1 := t.New(2.0).Named("x1")
	x2 := t.New(0.0).Named("x2")
	w1 := t.New(-3.0).Named("w1")
	w2 := t.New(1.0).Named("w2")
	b := t.New(6.8813735870195432).Named("b")
	x1w1 := x1.Mul(w1).Named("x1*w1")
	x2w2 := x2.Mul(w2).Named("x2*w2")
	n := x1w1.Add(x2w2).Named("x1*w1 + x2*w2").Add(b).Named("n")
	return n.Tanh().Named("o")
}

func runWarm(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	return display.Warm()
}
