package autograd

import (
	"math"
	"strconv"
)

// The ops in this file combine many Values in one node: a sum, a dot
// product, and a neuron's b + w·x. Each records its operands in the tape's
// side slice args, and, as in ops.go, states its derivative right after it.
// One node instead of a chain of Add and Mul nodes gives the same
// floating-point result, in a tenth of the nodes for a neural network.

// Sum returns vs[0] + vs[1] + … as one node, added from the left, so the
// result has the same bits as chaining Add. O(len(vs)) forward and backward.
// It panics if vs is empty or the Values are not all of one tape.
func Sum(vs ...Value) Value {
	if len(vs) == 0 {
		panic("autograd: Sum of no Values; pass at least one (use a constant leaf for an empty sum)")
	}
	t := vs[0].Tape()
	start := len(t.args)
	s := 0.0
	for k, v := range vs {
		x := t.arg(v)
		if k == 0 {
			s = x
		} else {
			s += x
		}
	}
	return t.pushNary(opSum, s, start)
}

// d(a0 + a1 + …) = da0 + da1 + …
func sumBackward(nodes []node, args []int32, n *node) int32 {
	g, lowest := n.grad, int32(math.MaxInt32)
	for _, pos := range args[n.a : n.a+n.b] {
		accumulate(nodes, pos, g)
		lowest = min(lowest, pos)
	}
	return lowest
}

// Dot returns w[0]*x[0] + w[1]*x[1] + … as one node, with the same bits as
// chaining Mul and Add from the left. It panics if w and x differ in length,
// are empty, or hold Values of different tapes.
func Dot(w, x []Value) Value {
	if len(w) == 0 {
		panic("autograd: Dot of empty slices; pass at least one weight and input")
	}
	t := w[0].Tape()
	s, rows := t.dot(0, false, w, x)
	start := len(t.args)
	if rows {
		t.args = append(t.args, w[0].i, x[0].i, int32(len(w)))
		return t.pushNary(opDotRow, s, start)
	}
	t.appendPairs(w, x)
	return t.pushNary(opDot, s, start)
}

// d(w·x) = x·dw + w·dx
func dotBackward(nodes []node, args []int32, n *node) int32 {
	return pairsBackward(nodes, args[n.a:n.a+n.b], n.grad)
}

// dotRowBackward is dotBackward for a Dot of two rows.
func dotRowBackward(nodes []node, args []int32, n *node) int32 {
	w0, x0 := args[n.a], args[n.a+1]
	rowsBackward(nodes, w0, x0, args[n.a+2], n.grad)
	return min(w0, x0)
}

// Affine returns b + w[0]*x[0] + w[1]*x[1] + … as one node, summed in that
// order: ((b + w0*x0) + w1*x1) + …, the order of micrograd's neuron, with the
// same bits as chaining Mul and Add. It panics if w and x differ in length or
// the Values are not all of one tape. An empty w and x give a node equal to b.
//
// Affine is fastest, forward and backward, when the weights are consecutive
// on the tape and so are the inputs: a neuron's weights made one after the
// other, and a layer's outputs made one after the other; with the bias
// right after the weights, as package nn makes a neuron's parameters, it
// records the node that Affines does (row.go has its backward rule).
func Affine(b Value, w, x []Value) Value {
	t := b.Tape()
	s, rows := t.dot(b.node().data, true, w, x)
	if rows && len(w) > 0 && len(w) <= math.MaxUint16 && b.i == w[0].i+int32(len(w)) {
		// A neuron as package nn records it: see Affines.
		v := t.push(opNeuron, s, w[0].i, x[0].i)
		t.nodes[v.i].width = uint16(len(w))
		return v
	}
	start := len(t.args)
	t.args = append(t.args, b.i)
	if rows && len(w) > 0 {
		t.args = append(t.args, w[0].i, x[0].i, int32(len(w)))
		return t.pushNary(opAffineRow, s, start)
	}
	t.appendPairs(w, x)
	return t.pushNary(opAffine, s, start)
}

// d(b + w·x) = db + x·dw + w·dx
func affineBackward(nodes []node, args []int32, n *node) int32 {
	accumulate(nodes, args[n.a], n.grad)
	return min(args[n.a], pairsBackward(nodes, args[n.a+1:n.a+n.b], n.grad))
}

// affineRowBackward is affineBackward for an Affine of two rows.
func affineRowBackward(nodes []node, args []int32, n *node) int32 {
	b, w0, x0 := args[n.a], args[n.a+1], args[n.a+2]
	accumulate(nodes, b, n.grad)
	rowsBackward(nodes, w0, x0, args[n.a+3], n.grad)
	return min(b, w0, x0)
}

// dot checks w and x and returns s + w·x, or just w·x when there is no
// bias, and whether w and x each sit in a row on the tape. Each product is
// rounded before it is added (the float64 conversion forbids a fused
// multiply-add), as in a chain of nodes. This loop is most of a neural
// network's forward pass.
func (t *Tape) dot(s float64, bias bool, w, x []Value) (float64, bool) {
	if len(w) != len(x) {
		panic("autograd: Dot or Affine of " + strconv.Itoa(len(w)) + " weights and " + strconv.Itoa(len(x)) + " inputs; pass slices of equal length")
	}
	if len(w) == 0 {
		return s, true
	}
	if !bias {
		s = math.Copysign(0, -1) // -0 + p is p for every p, -0 and NaN included
	}
	x = x[:len(w)]
	if t.liveRow(w) && t.liveRow(x) {
		// The common case in a network: read the two rows of nodes in
		// order, with nothing left to check.
		ws := t.nodes[w[0].i : int(w[0].i)+len(w)]
		xs := t.nodes[x[0].i : int(x[0].i)+len(w)]
		for k := range ws {
			s += float64(ws[k].data * xs[k].data)
		}
		return s, true
	}
	nodes := t.nodes
	bad := -1
	for k, wk := range w {
		xk := x[k]
		if wk.t != t || xk.t != t || uint(wk.i) >= uint(len(nodes)) || uint(xk.i) >= uint(len(nodes)) ||
			nodes[wk.i].gen != wk.gen || nodes[xk.i].gen != xk.gen {
			// Leave the loop to panic: a call in it would make the
			// compiler keep its variables on the stack, not in registers.
			bad = k
			break
		}
		s += float64(nodes[wk.i].data * nodes[xk.i].data)
	}
	if bad >= 0 {
		badPair(t, w[bad], x[bad])
	}
	return s, false
}

// badPair panics with the message that fits what is wrong with w or x.
//
//go:noinline
func badPair(t *Tape, w, x Value) {
	for _, v := range []Value{w, x} {
		if v.t != t {
			panic(badOperands(v, Value{t: t}))
		}
		v.node()
	}
}

// appendPairs appends the positions of w and x, interleaved, to t.args.
func (t *Tape) appendPairs(w, x []Value) {
	for k := range w {
		t.args = append(t.args, w[k].i, x[k].i)
	}
}

// pairsBackward applies d(w·x) = x·dw + w·dx to the operands args, which
// alternate w0, x0, w1, x1, …, and returns the lowest of them.
func pairsBackward(nodes []node, args []int32, g float64) int32 {
	lowest := int32(math.MaxInt32)
	for k := 0; k+1 < len(args); k += 2 {
		w, x := args[k], args[k+1]
		accumulate(nodes, w, g*nodes[x].data)
		accumulate(nodes, x, g*nodes[w].data)
		lowest = min(lowest, w, x)
	}
	return lowest
}

// rowsBackward is pairsBackward for the weights w0 … w0+n-1 and the inputs
// x0 … x0+n-1. The two rows may be one row (Dot(x, x)): each reads only the
// other's data, never its gradient, so that is fine.
//
// sweep calls it out of line, through backwardRule: inlined in sweep's
// loop, its variables crowded out the loop's own registers, which made
// every other op 50% slower.
func rowsBackward(nodes []node, w0, x0, n int32, g float64) {
	ws, xs := nodes[w0:w0+n], nodes[x0:x0+n]
	for k := range ws {
		w, x := &ws[k], &xs[k]
		w.grad += g * x.data
		w.reached = true
		x.grad += g * w.data
		x.reached = true
	}
}

// arg checks that v is a live Value of t, appends it to the operands of the
// n-ary node being built and returns its data.
func (t *Tape) arg(v Value) float64 {
	if v.t != t {
		if v.t == nil {
			panic(msgZero)
		}
		panic(msgTapes)
	}
	x := v.node().data
	t.args = append(t.args, v.i)
	return x
}
