package autograd

import (
	"fmt"
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
	msgZero  = "autograd: use of the zero Value; make Values with autograd.New or (*Tape).New"
	msgStale = "autograd: use of a Value that (*Tape).Truncate dropped; build it again after the Truncate"
	msgTapes = "autograd: Values from two different tapes in one op; build each expression on one tape"
)

// node returns v's node, panicking if v is the zero Value or was dropped.
func (v Value) node() *node {
	t := v.t
	if t == nil {
		panic(msgZero)
	}
	if uint(v.i) >= uint(len(t.nodes)) || t.nodes[v.i].gen != v.gen {
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

// SetGrad sets v's gradient, for applying the chain rule by hand (see ChainRule).
func (v Value) SetGrad(g float64) {
	v.node().grad = g
	v.t.cleanFrom = max(v.t.cleanFrom, int(v.i)+1)
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
	at := func(pos int32) Value { return Value{t: t, i: pos, gen: t.nodes[pos].gen} }
	switch opTable[n.op].in {
	case noOperands:
		return nil
	case oneOperand:
		return []Value{at(n.a)}
	case twoOperands:
		return []Value{at(n.a), at(n.b)}
	case argList:
		in := make([]Value, n.b)
		for k, pos := range t.args[n.a : n.a+n.b] {
			in[k] = at(pos)
		}
		return in
	case argRows:
		args := t.args[n.a : n.a+n.b]
		var in []Value
		if len(args) == 4 { // an Affine's bias
			in = append(in, at(args[0]))
			args = args[1:]
		}
		for k := int32(0); k < args[2]; k++ {
			in = append(in, at(args[0]+k), at(args[1]+k))
		}
		return in
	}
	panic("autograd: internal error: op " + strconv.Itoa(int(n.op)) + " has no row in opTable")
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
