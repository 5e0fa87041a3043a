package autograd

import "strconv"

// Backward computes the gradient of v with respect to every node v depends
// on: it sets v's gradient to 1 and applies the chain rule to each node in one
// sweep from v back down the tape. The tape's order is a topological order,
// so no sorting, recursion or visited set is needed, and Backward allocates
// nothing. Its cost is proportional to the part of the tape the graph spans,
// from v down to the oldest node v depends on, not to the tape's length:
// nodes recorded before that, such as other models or an earlier session's
// work, cost nothing. When non-leaf nodes below v may hold gradients from
// an earlier call (Backward called twice on one graph, or a loop that builds
// a graph at every step and never calls Truncate or ZeroGrad), it first
// walks v's graph once more to reset those in it, which doubles its cost.
//
// Gradients of non-leaf nodes are recomputed from zero on every call.
// Gradients of leaves (Values made by New) accumulate, as in PyTorch: calling
// Backward twice, or on two results, adds up their contributions until
// (*Tape).ZeroGrad sets them back to zero. If v is itself a leaf, its gradient
// accumulates 1. A node used twice, as in a.Add(a), receives both
// contributions. Nodes that v does not depend on are left alone, whenever
// they were recorded.
//
// Backward panics on the zero Value and on a Value dropped by Truncate.
func (v Value) Backward() {
	root := v.node()
	t := v.t
	i := int(v.i)
	t.warnIfBig()
	if root.op == opLeaf {
		root.grad++
		t.grads = t.grads.join(i, i+1)
		return
	}
	if t.opGrads.lo < t.opGrads.hi && t.opGrads.lo <= i {
		t.resetGraph(i)
	}
	root.grad = 1
	root.reached = true
	low := sweep(t.nodes, t.args, i)
	t.grads = t.grads.join(low, i+1)
	// The graph's non-leaf nodes now hold gradients: they lie above its
	// leaves at the bottom, such as a model's parameters.
	lowOp := low
	for lowOp < i && t.nodes[lowOp].op == opLeaf {
		lowOp++
	}
	t.opGrads = t.opGrads.join(lowOp, i+1)
}

// resetGraph sets to zero the gradients that earlier calls left in the
// non-leaf nodes that the node at root depends on, and marks those nodes
// reached, as the sweep that follows would: Backward calls it when such
// gradients may lie below the root. It walks the graph as the sweep does,
// and leaves every node outside the graph alone.
func (t *Tape) resetGraph(root int) {
	nodes := t.nodes
	nodes[root].reached = true
	low := root
	for i := root; i >= low; i-- {
		n := &nodes[i]
		if !n.reached || n.op == opLeaf {
			continue
		}
		if t.opGrads.lo <= i && i < t.opGrads.hi {
			n.grad = 0
		}
		for pos := range t.operands(n) {
			nodes[pos].reached = true
			low = min(low, int(pos))
		}
	}
}

// ChainRule applies the chain rule at v alone: it adds v's gradient times the
// local derivative of v's op to the gradient of each of v's inputs, like the
// _backward function of each node in micrograd. It does nothing for a leaf.
// Backward calls it for every node in reverse tape order; call it by hand,
// with SetGrad on the result first, to backpropagate one step at a time.
func (v Value) ChainRule() {
	n := v.node()
	t := v.t
	if n.op == opLeaf {
		return
	}
	lo := int(backwardRule(t.nodes, t.args, int(v.i)))
	for pos := range t.operands(n) {
		t.nodes[pos].reached = false // outside Backward, no node is reached
	}
	t.grads = t.grads.join(lo, int(v.i)+1)
	t.opGrads = t.opGrads.join(lo, int(v.i)+1)
}

// sweep applies the chain rule at every reached node from nodes[root] down,
// by calling the backward rule that ops.go and nary.go state next to each
// op, and clears each node's mark as it goes. It stops below the lowest
// position the rules reached, and returns that position: its cost follows
// the graph, not the tape.
//
// backwardRule dispatches every op; sweep dispatches the short rules itself,
// so that the compiler inlines them into its loop (a call per node cost a
// third of Backward's time), and sends the others to backwardRule. A rule
// listed here must stay within the compiler's inlining budget (go build
// -gcflags=-m ./autograd lists the inlined ones): a call in any case but the
// last makes the loop save its registers at every node.
func sweep(nodes []node, args []int32, root int) (low int) {
	low = root
	for i := root; i >= low; i-- {
		n := &nodes[i]
		if !n.reached {
			continue
		}
		n.reached = false
		var lowest int32
		switch n.op {
		case opLeaf:
			continue
		case opAdd:
			lowest = addBackward(nodes, n)
		case opSub:
			lowest = subBackward(nodes, n)
		case opMul:
			lowest = mulBackward(nodes, n)
		case opDiv:
			lowest = divBackward(nodes, n)
		case opNeg:
			lowest = negBackward(nodes, n)
		case opExp:
			lowest = expBackward(nodes, n)
		case opLog:
			lowest = logBackward(nodes, n)
		case opTanh:
			lowest = tanhBackward(nodes, n)
		case opRelu:
			lowest = reluBackward(nodes, n)
		case opSigmoid:
			lowest = sigmoidBackward(nodes, n)
		default:
			// The other rules, out of line through one call site.
			rule := backwardRule
			if n.op == opNeuron { // a layer's neurons, four at a time
				rule = neuronsBackward
			}
			lowest = rule(nodes, args, i)
		}
		low = min(low, int(lowest))
	}
	return low
}

// backwardRule applies the backward rule of n's op and returns the lowest
// position of n's operands: ChainRule's step, and sweep's for the ops it
// does not inline (Pow's math.Pow, the n-ary ops' loops).
//
//go:noinline
func backwardRule(nodes []node, args []int32, i int) int32 {
	n := &nodes[i]
	switch n.op {
	case opAdd:
		return addBackward(nodes, n)
	case opSub:
		return subBackward(nodes, n)
	case opMul:
		return mulBackward(nodes, n)
	case opDiv:
		return divBackward(nodes, n)
	case opNeg:
		return negBackward(nodes, n)
	case opExp:
		return expBackward(nodes, n)
	case opLog:
		return logBackward(nodes, n)
	case opTanh:
		return tanhBackward(nodes, n)
	case opRelu:
		return reluBackward(nodes, n)
	case opSigmoid:
		return sigmoidBackward(nodes, n)
	case opPow:
		return powBackward(nodes, n)
	case opSum:
		return sumBackward(nodes, args, n)
	case opDot:
		return dotBackward(nodes, args, n)
	case opAffine:
		return affineBackward(nodes, args, n)
	case opDotRow:
		return dotRowBackward(nodes, args, n)
	case opAffineRow:
		return affineRowBackward(nodes, args, n)
	case opNeuron:
		return neuronBackward(nodes, n)
	}
	panic("autograd: internal error: no backward rule for op " + strconv.Itoa(int(n.op)))
}
