package autograd_test

import (
	"fmt"

	"github.com/littlegrad/littlegrad/autograd"
)

// The expression from micrograd's README, written with littlegrad. Go has no
// operator overloading, so a*b is a.Mul(b), and numbers go through the
// Scalar variants: c+1 is c.AddScalar(1), 10/f is f.Pow(-1).MulScalar(10).
func Example() {
	a := autograd.New(-4.0)
	b := autograd.New(2.0)
	c := a.Add(b)
	d := a.Mul(b).Add(b.Pow(3))
	c = c.Add(c.AddScalar(1))
	c = c.Add(c.AddScalar(1).Add(a.Neg())) // c += 1 + c + (-a)
	d = d.Add(d.MulScalar(2).Add(b.Add(a).Relu()))
	d = d.Add(d.MulScalar(3).Add(b.Sub(a).Relu()))
	e := c.Sub(d)
	f := e.Pow(2)
	g := f.DivScalar(2.0)
	g = g.Add(f.Pow(-1).MulScalar(10.0)) // g += 10.0 / f
	g.Backward()
	fmt.Printf("%.4f\n", g.Data()) // the outcome of this forward pass
	fmt.Printf("%.4f\n", a.Grad()) // dg/da
	fmt.Printf("%.4f\n", b.Grad()) // dg/db
	// Output:
	// 24.7041
	// 138.8338
	// 645.5773
}

// The tutorial's first graph: L = (a*b + c) * f.
func ExampleValue_Backward() {
	t := autograd.NewTape()
	a := t.New(2.0).Named("a")
	b := t.New(-3.0).Named("b")
	c := t.New(10.0).Named("c")
	e := a.Mul(b).Named("e")
	d := e.Add(c).Named("d")
	f := t.New(-2.0).Named("f")
	L := d.Mul(f).Named("L")
	L.Backward()
	for _, v := range []autograd.Value{L, a, b, c, e, d, f} {
		fmt.Println(v.Label(), v)
	}
	// Output:
	// L Value(data=-8, grad=1)
	// a Value(data=2, grad=6)
	// b Value(data=-3, grad=-4)
	// c Value(data=10, grad=-2)
	// e Value(data=-6, grad=-2)
	// d Value(data=4, grad=-2)
	// f Value(data=-2, grad=4)
}

// The tutorial's neuron: o = tanh(x1*w1 + x2*w2 + b).
func ExampleValue_Tanh() {
	t := autograd.NewTape()
	x1 := t.New(2.0).Named("x1")
	x2 := t.New(0.0).Named("x2")
	w1 := t.New(-3.0).Named("w1")
	w2 := t.New(1.0).Named("w2")
	b := t.New(6.8813735870195432).Named("b")
	n := x1.Mul(w1).Add(x2.Mul(w2)).Add(b).Named("n")
	o := n.Tanh().Named("o")
	o.Backward()
	fmt.Printf("o %.4f\n", o.Data())
	for _, v := range []autograd.Value{n, x1, w1, x2, w2, b} {
		fmt.Printf("%s.grad %.4f\n", v.Label(), v.Grad())
	}
	// Output:
	// o 0.7071
	// n.grad 0.5000
	// x1.grad -1.5000
	// w1.grad 1.0000
	// x2.grad 0.5000
	// w2.grad 0.0000
	// b.grad 0.5000
}

// Backpropagating by hand, one node at a time, as the tutorial does before it
// writes backward(): set the output's gradient, then apply the chain rule at
// each node from the output back.
func ExampleValue_ChainRule() {
	t := autograd.NewTape()
	a := t.New(2.0)
	b := t.New(-3.0)
	c := t.New(10.0)
	e := a.Mul(b)
	d := e.Add(c)
	f := t.New(-2.0)
	L := d.Mul(f)
	L.SetGrad(1)
	L.ChainRule() // fills d and f
	d.ChainRule() // fills e and c
	e.ChainRule() // fills a and b
	fmt.Println(a.Grad(), b.Grad(), c.Grad(), f.Grad())
	// Output: 6 -4 -2 4
}

// A training loop keeps its parameters at the start of the tape and drops
// the rest at every step, so memory stays constant.
func ExampleTape_Truncate() {
	t := autograd.NewTape()
	w := t.New(3.0) // minimise (w*w - 2)**2: w goes to √2
	mark := t.Len()
	for step := 0; step < 200; step++ {
		t.Truncate(mark)
		loss := w.Mul(w).SubScalar(2).Pow(2)
		t.ZeroGrad()
		loss.Backward()
		w.SetData(w.Data() - 0.01*w.Grad())
	}
	fmt.Printf("w = %.6f, %d nodes on the tape\n", w.Data(), t.Len())
	// Output: w = 1.414214, 6 nodes on the tape
}
