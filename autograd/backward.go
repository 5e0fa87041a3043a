package autograd

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
	// Nodes from t.dirty on are as push left them; only those before it may
	// hold a gradient from an earlier call.
	for i := range nodes[:min(t.dirty, len(nodes))] {
		n := &nodes[i]
		if n.op != opLeaf {
			n.grad = 0
		}
		n.reached = false
	}
	t.dirty = max(t.dirty, len(nodes))
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
	v.t.dirty = max(v.t.dirty, int(v.i)+1)
	sweep(v.t.nodes[:v.i+1], v.t.args, int(v.i))
}

// accumulate adds g to the gradient of the node at pos and marks it as one
// the root depends on.
func accumulate(nodes []node, pos int32, g float64) {
	n := &nodes[pos]
	n.grad += g
	n.reached = true
}

// sweep applies the chain rule at every reached node from the last one in
// nodes down to nodes[lo], using the rule stated next to each op in ops.go
// and nary.go. The switch sits inside the loop, rather than in a function called per
// node, because the call cost a third of Backward's time.
func sweep(nodes []node, args []int32, lo int) {
	for i := len(nodes) - 1; i >= lo; i-- {
		n := &nodes[i]
		if !n.reached {
			continue
		}
		g := n.grad
		switch n.op {
		case opLeaf:
		case opAdd:
			da, db := addGrad(g)
			accumulate(nodes, n.a, da)
			accumulate(nodes, n.b, db)
		case opSub:
			da, db := subGrad(g)
			accumulate(nodes, n.a, da)
			accumulate(nodes, n.b, db)
		case opMul:
			da, db := mulGrad(g, nodes[n.a].data, nodes[n.b].data)
			accumulate(nodes, n.a, da)
			accumulate(nodes, n.b, db)
		case opDiv:
			da, db := divGrad(g, nodes[n.b].data, n.data)
			accumulate(nodes, n.a, da)
			accumulate(nodes, n.b, db)
		case opNeg:
			accumulate(nodes, n.a, negGrad(g))
		case opExp:
			accumulate(nodes, n.a, expGrad(g, n.data))
		case opLog:
			accumulate(nodes, n.a, logGrad(g, nodes[n.a].data))
		case opTanh:
			accumulate(nodes, n.a, tanhGrad(g, n.data))
		case opRelu:
			accumulate(nodes, n.a, reluGrad(g, n.data))
		case opSigmoid:
			accumulate(nodes, n.a, sigmoidGrad(g, n.data))
		case opPow:
			accumulate(nodes, n.a, powGrad(g, nodes[n.a].data, nodes[n.b].data))
		case opSum:
			sumGrad(nodes, args[n.a:n.a+n.b], g)
		case opDot:
			dotGrad(nodes, args[n.a:n.a+n.b], g)
		case opAffine:
			accumulate(nodes, args[n.a], g)
			dotGrad(nodes, args[n.a+1:n.a+n.b], g)
		case opDotRange:
			dotRowsGrad(nodes, args[n.a], args[n.a+1], args[n.a+2], g)
		case opAffineRange:
			accumulate(nodes, args[n.a], g)
			dotRowsGrad(nodes, args[n.a+1], args[n.a+2], args[n.a+3], g)
		default:
			panic("autograd: internal error: unknown op")
		}
	}
}
