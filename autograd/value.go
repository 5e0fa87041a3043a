package autograd

import (
	"fmt"
	"iter"
	"strconv"
)

// A Value is a scalar recorded on a Tape: a small handle, passed by value.
// Two Values are == when they refer to the same node.
//
// The zero Value refers to no tape; every method panics on it. A Value whose
// node was dropped by (*Tape).Truncate panics too, rather than read whatever
// node took its place.
type Value struct {
	t   *Tape
	i   int32
	gen uint32
}

const (
	msgZero    = "autograd: use of the zero Value; make Values with autograd.New or (*Tape).New"
	msgStale   = "autograd: use of a Value that (*Tape).Truncate dropped; build it again after the Truncate"
	msgTapes   = "autograd: Values from two different tapes in one op; build each expression on one tape"
	msgFull    = "autograd: tape is full (2^31-1 nodes); call Truncate or Reset between computations"
	msgZeroRow = "autograd: use of the zero Row; make Rows with autograd.RowOf"
)

// node returns v's node, panicking if v is the zero Value or was dropped.
func (v Value) node() *node {
	t := v.t
	if t == nil {
		panic(msgZero)
	}
	if v.i < 0 || int(v.i) >= len(t.nodes) || t.nodes[v.i].gen != v.gen {
		panic(msgStale)
	}
	return &t.nodes[v.i]
}

// Data returns v's value.
func (v Value) Data() float64 { return v.node().data }

// Grad returns the gradient that the last Backward left in v.
func (v Value) Grad() float64 { return v.node().grad }

// SetData sets v's value, as an optimizer does to a parameter. Values already
// computed from v keep their old values until they are built again.
func (v Value) SetData(x float64) { v.node().data = x }

// SetGrad sets v's gradient, for applying the chain rule by hand (see
// ChainRule), or to zero a parameter's gradient before Backward, as
// micrograd's zero_grad does. O(1).
func (v Value) SetGrad(g float64) {
	n := v.node()
	n.grad = g
	if g != 0 { // the tape's spans hold the nodes whose gradient may not be zero
		v.t.gradSet(n, int(v.i))
	}
}

// Label returns v's label, "" if it has none.
func (v Value) Label() string {
	v.node()
	return v.t.label(v.i)
}

// Named sets v's label and returns v, for chaining: New(2).Named("a").
func (v Value) Named(label string) Value {
	v.node()
	v.t.setLabel(v.i, label)
	return v
}

// Op returns the operation that computed v: "+", "-", "*", "/", "neg", "exp",
// "log", "tanh", "ReLU", "sigmoid", "**p" for Pow(p) (as in "**2"), "sum",
// "dot", "affine", or "" for a leaf.
func (v Value) Op() string {
	n := v.node()
	if n.op == opPow {
		return "**" + strconv.FormatFloat(v.t.nodes[n.b].data, 'g', -1, 64)
	}
	return opTable[n.op].name
}

// Inputs returns the Values v was computed from, in operand order, nil for a
// leaf. For Pow the exponent is part of Op, not an input. For Dot the inputs
// alternate w0, x0, w1, x1, …; Affine puts the bias first.
func (v Value) Inputs() []Value {
	n := v.node()
	t := v.t
	if n.op == opLeaf {
		return nil
	}
	var in []Value
	for pos := range t.operands(n) {
		in = append(in, Value{t: t, i: pos, gen: t.nodes[pos].gen})
	}
	return in
}

// operands yields the positions of n's operands, in order, as opTable says
// n keeps them.
func (t *Tape) operands(n *node) iter.Seq[int32] {
	return func(yield func(int32) bool) {
		switch opTable[n.op].in {
		case noOperands:
		case oneOperand:
			yield(n.a)
		case twoOperands:
			_ = yield(n.a) && yield(n.b)
		case argList:
			for _, pos := range t.args[n.a : n.a+n.b] {
				if !yield(pos) {
					return
				}
			}
		case argRows:
			args := t.args[n.a : n.a+n.b]
			if len(args) == 4 { // an Affine's bias
				if !yield(args[0]) {
					return
				}
				args = args[1:]
			}
			for k := int32(0); k < args[2]; k++ {
				if !yield(args[0]+k) || !yield(args[1]+k) {
					return
				}
			}
		case neuronRows:
			w0, x0, width := n.a, n.b, int32(n.width)
			if !yield(w0 + width) { // the bias
				return
			}
			for k := range width {
				if !yield(w0+k) || !yield(x0+k) {
					return
				}
			}
		default:
			panic("autograd: internal error: op " + strconv.Itoa(int(n.op)) + " has no row in opTable")
		}
	}
}

// Tape returns the tape v is recorded on.
func (v Value) Tape() *Tape {
	v.node()
	return v.t
}

// Index returns v's position on its tape. Positions count up in creation
// order, which is a topological order of the graph: every input of v has a
// smaller index than v.
func (v Value) Index() int {
	v.node()
	return int(v.i)
}

// IsLeaf reports whether v was made by New rather than by an op.
func (v Value) IsLeaf() bool { return v.node().op == opLeaf }

// String formats v as Value(data=2, grad=0).
func (v Value) String() string {
	n := v.node()
	return fmt.Sprintf("Value(data=%s, grad=%s)", fmtFloat(n.data), fmtFloat(n.grad))
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
