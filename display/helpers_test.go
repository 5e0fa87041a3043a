package display_test

import (
	"github.com/littlegrad/littlegrad/autograd"
)

// expression is the tutorial's first graph, L = (a*b + c) * f, with
// Backward run if backward is set.
func expression(backward bool) autograd.Value {
	t := autograd.NewTape()
	a := t.New(2.0).Named("a")
	b := t.New(-3.0).Named("b")
	c := t.New(10.0).Named("c")
	e := a.Mul(b).Named("e")
	d := e.Add(c).Named("d")
	f := t.New(-2.0).Named("f")
	L := d.Mul(f).Named("L")
	if backward {
		L.Backward()
	}
	return L
}

// neuron is the tutorial's neuron, o = tanh(x1*w1 + x2*w2 + b).
func neuron(backward bool) autograd.Value {
	t := autograd.NewTape()
	x1 := t.New(2.0).Named("x1")
	x2 := t.New(0.0).Named("x2")
	w1 := t.New(-3.0).Named("w1")
	w2 := t.New(1.0).Named("w2")
	b := t.New(6.8813735870195432).Named("b")
	x1w1 := x1.Mul(w1).Named("x1*w1")
	x2w2 := x2.Mul(w2).Named("x2*w2")
	sum := x1w1.Add(x2w2).Named("x1*w1 + x2*w2")
	n := sum.Add(b).Named("n")
	o := n.Tanh().Named("o")
	if backward {
		o.Backward()
	}
	return o
}

// micrograd is the expression of micrograd's README, after Backward.
func micrograd() autograd.Value {
	t := autograd.NewTape()
	a := t.New(-4.0).Named("a")
	b := t.New(2.0).Named("b")
	c := a.Add(b)
	d := a.Mul(b).Add(b.Pow(3))
	c = c.Add(c.AddScalar(1))
	c = c.Add(c.AddScalar(1).Add(a.Neg()))
	d = d.Add(d.MulScalar(2).Add(b.Add(a).Relu()))
	d = d.Add(d.MulScalar(3).Add(b.Sub(a).Relu()))
	e := c.Sub(d)
	f := e.Pow(2)
	g := f.DivScalar(2.0)
	g = g.Add(f.Pow(-1).MulScalar(10.0)).Named("g")
	g.Backward()
	return g
}

// nary uses the n-ary ops and a Value used twice by one op.
func nary() autograd.Value {
	t := autograd.NewTape()
	w := []autograd.Value{t.New(0.5).Named("w0"), t.New(-1).Named("w1")}
	x := []autograd.Value{t.New(2).Named("x0"), t.New(3).Named("x1")}
	b := t.New(0.25).Named("b")
	dot := autograd.Dot(w, x).Named("dot")
	aff := autograd.Affine(b, w, x).Named("affine")
	twice := b.Add(b).Named("b+b")
	s := autograd.Sum(dot, aff, twice).Named("s").Sigmoid().Named("out")
	s.Backward()
	return s
}

// layers builds a multilayer perceptron of tanh neurons out of Mul and Add
// nodes, as micrograd does, growing it a layer at a time until the graph
// has at least n nodes, and returns its output.
func layers(n int) autograd.Value {
	t := autograd.NewTape()
	act := []autograd.Value{t.New(0.5), t.New(-0.5)}
	w := 0.1
	for {
		var next []autograd.Value
		for range 4 {
			s := t.New(w)
			for _, x := range act {
				w = -w * 1.1
				s = s.Add(t.New(w).Mul(x))
			}
			next = append(next, s.Tanh())
		}
		act = next
		if t.Len()+3*len(act) >= n {
			break
		}
	}
	out := act[0]
	for _, a := range act[1:] {
		out = out.Add(a)
	}
	return out
}
