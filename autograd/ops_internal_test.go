package autograd

import (
	"math"
	"testing"
)

// TestEveryOp checks that every op has a row in opTable, and that an
// expression that uses each op once records each one, with Inputs listing
// its operands, and backpropagates through each: an op that sweep does not
// dispatch panics there.
func TestEveryOp(t *testing.T) {
	for o := range numOps {
		row := opTable[o]
		if row.in == 0 || (row.name == "") != (o == opLeaf) {
			t.Errorf("op %d: opTable row %+v: give it a name and the place of its operands", o, row)
		}
	}

	tape := NewTape()
	a, b, c := tape.New(0.5), tape.New(-1.5), tape.New(2)
	row := []Value{tape.New(0.25), tape.New(0.75)}                     // consecutive: Dot and Affine take their row forms
	xs := []Value{a, c}                                                // not consecutive: the list forms
	neuron := []Value{tape.New(0.5), tape.New(-0.25), tape.New(0.125)} // weights, then the bias: Affine's neuron form
	terms := []Value{
		a.Add(b), a.Sub(b), a.Mul(b), a.Div(b), a.Neg(), a.Exp(), c.Log(), a.Tanh(),
		a.Relu(), a.Sigmoid(), c.Pow(1.5),
		Sum(a, b, c), Dot(xs, xs), Affine(b, xs, xs), Dot(row, row), Affine(b, row, row),
		Affine(neuron[2], neuron[:2], row),
	}
	root := Sum(terms...)
	seen := make([]bool, numOps)
	for i := range tape.nodes {
		seen[tape.nodes[i].op] = true
	}
	for o, ok := range seen {
		if !ok {
			t.Errorf("op %d (%q) is not in the test expression; add it", o, opTable[o].name)
		}
	}
	for _, v := range terms {
		if in := v.Inputs(); len(in) == 0 || in[0].Index() >= v.Index() {
			t.Errorf("%s: Inputs() = %v", v.Op(), in)
		}
	}
	root.Backward()
	for _, v := range terms { // ChainRule dispatches every op too
		v.SetGrad(1)
		v.ChainRule()
	}
	a.SetGrad(0)
	root.Backward()
	// d root/da, term by term: 1 + 1 + b + 1/b - 1 + e^a + 0 + (1 - tanh²a)
	// + 1 + σ(1-σ) + 1 + 2a (Dot) + 2a (Affine).
	s := 1 / (1 + math.Exp(-0.5))
	th := math.Tanh(0.5)
	want := 1 + 1 - 1.5 + 1/-1.5 - 1 + math.Exp(0.5) + (1 - th*th) + 1 + s*(1-s) + 1 + 1 + 1
	if math.Abs(a.Grad()-want) > 1e-12 {
		t.Errorf("d root/da = %v, want %v", a.Grad(), want)
	}
}
