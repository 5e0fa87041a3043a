package autograd

import "strconv"

// Backward computes the gradient of v with respect to every node v depends
// on: it sets v's gradient to 1 and applies the chain rule to each node in one
// sweep from v back to the start of the tape. The tape's order is a
// topological order, so no sorting, recursion or visited set is needed, and
// Backward allocates nothing. Its cost is O(v.Index()): it passes over every
// node recorded before v, whether v depends on it or not.
//
// Gradients of non-leaf nodes are recomputed from zero on every call.
// Gradients of leaves (Values made by New) accumulate, as in PyTorch: calling
// Backward twice, or on two results, adds up their contributions until
// (*Tape).ZeroGrad sets them back to zero. If v is itself a leaf, its gradient
// accumulates 1. A node used twice, as in a.Add(a), receives both
// contributions. Nodes recorded after v are left alone.
//
// Backward panics on the zero Value and on a Value dropped by Truncate.
func (v Value) Backward() {
	root := v.node()
	t := v.t
	nodes := t.nodes[:v.i+1]
	// Nodes from t.cleanFrom on are as push left them; only those before it
	// may hold a gradient or a mark from an earlier call.
	for i := range nodes[:min(t.cleanFrom, len(nodes))] {
		n := &nodes[i]
		if n.op != opLeaf {
			n.grad = 0
		}
		n.reached = false
	}
	t.cleanFrom = max(t.cleanFrom, len(nodes))
	if root.op == opLeaf {
		root.grad++
		return
	}
	root.grad = 1
	root.reached = true
	sweep(nodes, t.args, 0)
}

// ChainRule applies the chain rule at v alone: it adds v's gradient times the
// local derivative of v's op to the gradient of each of v's inputs, like the
// _backward function of each node in micrograd. It does nothing for a leaf.
// Backward calls it for every node in reverse tape order; call it by hand,
// with SetGrad on the result first, to backpropagate one step at a time.
func (v Value) ChainRule() {
	v.node().reached = true
	v.t.cleanFrom = max(v.t.cleanFrom, int(v.i)+1)
	sweep(v.t.nodes[:v.i+1], v.t.args, int(v.i))
}

// sweep applies the chain rule at every reached node from the last one in
// nodes down to nodes[lo], by calling the backward rule that ops.go and
// nary.go state next to each op. The switch sits inside the loop, rather
// than in a function called per node, because the call cost a third of
// Backward's time; it inlines the short rules.
func sweep(nodes []node, args []int32, lo int) {
	for i := len(nodes) - 1; i >= lo; i-- {
		n := &nodes[i]
		if !n.reached {
			continue
		}
		switch n.op {
		case opLeaf:
		case opAdd:
			addBackward(nodes, n)
		case opSub:
			subBackward(nodes, n)
		case opMul:
			mulBackward(nodes, n)
		case opDiv:
			divBackward(nodes, n)
		case opNeg:
			negBackward(nodes, n)
		case opExp:
			expBackward(nodes, n)
		case opLog:
			logBackward(nodes, n)
		case opTanh:
			tanhBackward(nodes, n)
		case opRelu:
			reluBackward(nodes, n)
		case opSigmoid:
			sigmoidBackward(nodes, n)
		case opPow:
			powBackward(nodes, n)
		case opSum:
			sumBackward(nodes, args, n)
		case opDot:
			dotBackward(nodes, args, n)
		case opAffine:
			affineBackward(nodes, args, n)
		case opDotRow:
			dotRowBackward(nodes, args, n)
		case opAffineRow:
			affineRowBackward(nodes, args, n)
		default:
			panic("autograd: internal error: sweep has no case for op " + strconv.Itoa(int(n.op)))
		}
	}
}
