package autograd

import "math"

// An op says how a node was computed; the zero op is a leaf.
//
// Each op lives in one place: its row in opTable below (what Value.Op calls
// it, and where the node keeps its operands), then, in this file or, for
// the ops that combine many Values, in nary.go (and row.go for a layer of
// neurons), its forward rule (the method that records it) with its backward
// rule right after it. A backward rule reads the node's gradient g and its
// operands, adds g times the local derivative to each operand's gradient,
// as micrograd's _backward does, and returns the lowest position among the
// operands, which tells Backward how far down the tape the graph reaches.
// Backward's sweep (backward.go) only dispatches to them; the compiler
// inlines the short ones there, so keeping them here costs nothing.
type op uint8

const (
	opLeaf op = iota
	opAdd
	opSub
	opMul
	opDiv
	opNeg
	opExp
	opLog
	opTanh
	opRelu
	opSigmoid
	opPow
	opSum
	opDot
	opAffine
	opDotRow
	opAffineRow
	opNeuron
	numOps
)

// operandKind says where a node keeps the positions of its operands.
type operandKind uint8

const (
	_           operandKind = iota // the zero value: an op missing from opTable
	noOperands                     // a leaf
	oneOperand                     // a
	twoOperands                    // a and b
	argList                        // args[a : a+b], in operand order
	// Two rows of consecutive nodes, as a layer's weights and inputs are:
	// args[a : a+b] is w0, x0, n, with the bias before them for an Affine,
	// for the pairs (w0+k, x0+k), k < n. The backward rule then walks both
	// rows in order, without loading a position per operand.
	argRows
	// A neuron as package nn records it: its weights w0 … w0+width-1 with
	// its bias right after them, at w0+width, and its inputs x0 …
	// x0+width-1, where a is w0, b is x0 and width is the node's. It needs
	// nothing in args, and its backward rule can take the neurons of a
	// layer together (see neuronsBackward).
	neuronRows
)

// opTable gives each op its name, as Value.Op returns it, and the place of
// its operands, which Value.Inputs reads.
var opTable = [numOps]struct {
	name string
	in   operandKind
}{
	opLeaf:      {"", noOperands},
	opAdd:       {"+", twoOperands},
	opSub:       {"-", twoOperands},
	opMul:       {"*", twoOperands},
	opDiv:       {"/", twoOperands},
	opNeg:       {"neg", oneOperand},
	opExp:       {"exp", oneOperand},
	opLog:       {"log", oneOperand},
	opTanh:      {"tanh", oneOperand},
	opRelu:      {"ReLU", oneOperand}, // micrograd's name for it
	opSigmoid:   {"sigmoid", oneOperand},
	opPow:       {"**", oneOperand}, // b is a hidden leaf holding the exponent, which Op appends
	opSum:       {"sum", argList},
	opDot:       {"dot", argList},    // w0, x0, w1, x1, …
	opAffine:    {"affine", argList}, // b, w0, x0, w1, x1, …
	opDotRow:    {"dot", argRows},    // w0, x0, n
	opAffineRow: {"affine", argRows}, // b, w0, x0, n
	opNeuron:    {"affine", neuronRows},
}

// live reports whether v and w are Values of t whose nodes are still on it.
// It is small enough to be inlined into every op, keeping the check cheap;
// badOperands, out of line, says what went wrong. The ops panic after the
// fast path, so that the compiler knows the checks hold on it.
func (t *Tape) live(v, w Value) bool {
	return t != nil && v.t == t && w.t == t &&
		0 <= v.i && int(v.i) < len(t.nodes) && 0 <= w.i && int(w.i) < len(t.nodes) &&
		t.nodes[v.i].gen == v.gen && t.nodes[w.i].gen == w.gen
}

//go:noinline
func badOperands(v, w Value) string {
	if v.t == nil || w.t == nil {
		return msgZero
	}
	if v.t != w.t {
		return msgTapes
	}
	return msgStale
}

// accumulate adds g to the gradient of the node at pos and marks it as one
// the root depends on.
func accumulate(nodes []node, pos int32, g float64) {
	n := &nodes[pos]
	n.grad += g
	n.reached = true
}

// flow adds da to the gradient of n's operand and returns its position.
func flow(nodes []node, n *node, da float64) int32 {
	a := n.a
	accumulate(nodes, a, da)
	return a
}

// flow2 adds da to the gradient of n's first operand and db to its
// second's, and returns the lower of their positions.
func flow2(nodes []node, n *node, da, db float64) int32 {
	a, b := n.a, n.b
	accumulate(nodes, a, da)
	accumulate(nodes, b, db)
	return min(a, b)
}

// Add returns v+w.
func (v Value) Add(w Value) Value {
	t := v.t
	if t.live(v, w) {
		return t.push(opAdd, t.nodes[v.i].data+t.nodes[w.i].data, v.i, w.i)
	}
	panic(badOperands(v, w))
}

// d(a+b) = da + db
func addBackward(nodes []node, n *node) int32 {
	g := n.grad
	return flow2(nodes, n, g, g)
}

// Sub returns v-w.
func (v Value) Sub(w Value) Value {
	t := v.t
	if t.live(v, w) {
		return t.push(opSub, t.nodes[v.i].data-t.nodes[w.i].data, v.i, w.i)
	}
	panic(badOperands(v, w))
}

// d(a-b) = da - db
func subBackward(nodes []node, n *node) int32 {
	g := n.grad
	return flow2(nodes, n, g, -g)
}

// Mul returns v*w.
func (v Value) Mul(w Value) Value {
	t := v.t
	if t.live(v, w) {
		return t.push(opMul, t.nodes[v.i].data*t.nodes[w.i].data, v.i, w.i)
	}
	panic(badOperands(v, w))
}

// d(a*b) = b da + a db
func mulBackward(nodes []node, n *node) int32 {
	return flow2(nodes, n, n.grad*nodes[n.b].data, n.grad*nodes[n.a].data)
}

// Div returns v/w. Division by zero gives ±Inf or NaN, as in IEEE 754.
func (v Value) Div(w Value) Value {
	t := v.t
	if t.live(v, w) {
		return t.push(opDiv, t.nodes[v.i].data/t.nodes[w.i].data, v.i, w.i)
	}
	panic(badOperands(v, w))
}

// d(a/b) = da/b - (a/b²) db, and a/b is the node's own data.
func divBackward(nodes []node, n *node) int32 {
	q := n.grad / nodes[n.b].data
	return flow2(nodes, n, q, -q*n.data)
}

// Neg returns -v.
func (v Value) Neg() Value { return v.t.push(opNeg, -v.node().data, v.i, 0) }

// d(-a) = -da
func negBackward(nodes []node, n *node) int32 {
	return flow(nodes, n, -n.grad)
}

// Exp returns e**v.
func (v Value) Exp() Value { return v.t.push(opExp, math.Exp(v.node().data), v.i, 0) }

// d(e**a) = e**a da, and e**a is the node's own data.
func expBackward(nodes []node, n *node) int32 {
	return flow(nodes, n, n.grad*n.data)
}

// Log returns the natural logarithm of v: NaN for v < 0, -Inf for v = 0.
func (v Value) Log() Value { return v.t.push(opLog, math.Log(v.node().data), v.i, 0) }

// d(log a) = da/a
func logBackward(nodes []node, n *node) int32 {
	return flow(nodes, n, n.grad/nodes[n.a].data)
}

// Tanh returns the hyperbolic tangent of v.
func (v Value) Tanh() Value { return v.t.push(opTanh, math.Tanh(v.node().data), v.i, 0) }

// d(tanh a) = (1 - tanh² a) da
func tanhBackward(nodes []node, n *node) int32 {
	return flow(nodes, n, n.grad*(1-n.data*n.data))
}

// Relu returns max(v, 0). NaN stays NaN.
func (v Value) Relu() Value { return v.t.push(opRelu, relu(v.node().data), v.i, 0) }

// relu is Relu's forward rule, which Row.Relu shares.
func relu(a float64) float64 {
	if a <= 0 {
		return 0
	}
	return a
}

// d(relu a) = da where the result is positive, else 0; at 0 too, as in
// micrograd and PyTorch.
func reluBackward(nodes []node, n *node) int32 {
	g := n.grad
	if !(n.data > 0) { // NaN too
		g = 0
	}
	return flow(nodes, n, g)
}

// Sigmoid returns 1/(1+e**-v), computed without overflow for any v.
func (v Value) Sigmoid() Value {
	a := v.node().data
	var s float64
	if a >= 0 {
		s = 1 / (1 + math.Exp(-a))
	} else {
		e := math.Exp(a)
		s = e / (1 + e)
	}
	return v.t.push(opSigmoid, s, v.i, 0)
}

// d(σ(a)) = σ(a) (1 - σ(a)) da
func sigmoidBackward(nodes []node, n *node) int32 {
	return flow(nodes, n, n.grad*n.data*(1-n.data))
}

// Pow returns v**p for a constant p, following math.Pow: a negative v to a
// non-integer p is NaN. The exponent is recorded as a hidden leaf, so Op
// reports it ("**2") and Inputs does not.
func (v Value) Pow(p float64) Value {
	a := v.node().data
	exp := v.t.New(p)
	return v.t.push(opPow, math.Pow(a, p), v.i, exp.i)
}

// d(a**p) = p a**(p-1) da; for p = 0 the result is constant, even at a = 0.
func powBackward(nodes []node, n *node) int32 {
	a, p := nodes[n.a].data, nodes[n.b].data
	g := 0.0
	if p != 0 {
		g = n.grad * p * math.Pow(a, p-1)
	}
	return flow(nodes, n, g)
}

// AddScalar returns v+c. The constant c becomes a leaf on v's tape, so it
// shows up in drawings of the graph; use Add with a Value to reuse one.
func (v Value) AddScalar(c float64) Value {
	t, a, k := v.constant(c)
	return t.push(opAdd, a+c, v.i, k)
}

// SubScalar returns v-c, with c recorded as a leaf.
func (v Value) SubScalar(c float64) Value {
	t, a, k := v.constant(c)
	return t.push(opSub, a-c, v.i, k)
}

// MulScalar returns v*c, with c recorded as a leaf. Go has no operator
// overloading, so both a*3 and 3*a are written a.MulScalar(3).
func (v Value) MulScalar(c float64) Value {
	t, a, k := v.constant(c)
	return t.push(opMul, a*c, v.i, k)
}

// DivScalar returns v/c, with c recorded as a leaf.
func (v Value) DivScalar(c float64) Value {
	t, a, k := v.constant(c)
	return t.push(opDiv, a/c, v.i, k)
}

// constant checks v, records c as a leaf after it, and returns v's tape,
// v's data and the leaf's position: the Scalar ops then record the node
// that Add, Sub, Mul or Div would, with one check instead of two.
func (v Value) constant(c float64) (t *Tape, data float64, pos int32) {
	data = v.node().data
	return v.t, data, v.t.New(c).i
}
