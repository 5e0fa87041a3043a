package autograd

import (
	"math"
	"strconv"
)

// A Row is Values recorded one after another on a tape, in one go, such as
// a layer's parameters or its outputs. RowOf checks its Values once; after
// that the ops that take Rows (Affines, Row.Relu, Row.Tanh) check a whole
// Row in O(1), instead of each Value in it, and return their results as a
// Row. The zero Row is not usable.
type Row struct {
	t     *Tape
	start int32  // position of the first Value
	n     int32  // number of Values
	gen   uint32 // the epoch they were all made in
}

// RowOf returns vs as a Row, and whether they are one: at least one live
// Value of one tape, at consecutive positions, made with no Truncate that
// dropped nodes in between, as Values made one after another are. It never
// panics. O(len(vs)).
func RowOf(vs []Value) (Row, bool) {
	if len(vs) == 0 || vs[0].t == nil || !vs[0].t.liveRow(vs) {
		return Row{}, false
	}
	return Row{t: vs[0].t, start: vs[0].i, n: int32(len(vs)), gen: vs[0].gen}, true
}

// liveRow reports whether vs are Values of t at consecutive positions, all
// made in one epoch, and still on the tape. It reads the handles and a single
// node: no Truncate can have dropped a node of the row since that epoch
// without dropping the last one, which a later epoch would give a later
// generation. It is false for an empty vs.
func (t *Tape) liveRow(vs []Value) bool {
	if len(vs) == 0 {
		return false
	}
	p, g := vs[0].i, vs[0].gen
	for k, v := range vs {
		if v.t != t || v.i != p+int32(k) || v.gen != g {
			return false
		}
	}
	last := int(p) + len(vs) - 1
	return p >= 0 && last < len(t.nodes) && t.nodes[last].gen == g
}

// live returns r's tape, panicking if r is the zero Row or Truncate dropped
// its Values. O(1): see liveRow.
func (r Row) live() *Tape {
	t := r.t
	if t == nil {
		panic(msgZeroRow)
	}
	if last := int(r.start) + int(r.n) - 1; last >= len(t.nodes) || t.nodes[last].gen != r.gen {
		panic(msgStale)
	}
	return t
}

// Len returns the number of Values in r.
func (r Row) Len() int { return int(r.n) }

// At returns the k-th Value of r. It panics if k is out of range, and, when
// the Value is used, if Truncate dropped it.
func (r Row) At(k int) Value {
	if k < 0 || k >= int(r.n) {
		panic("autograd: Row.At(" + strconv.Itoa(k) + ") of a Row of " + strconv.Itoa(int(r.n)) + " Values")
	}
	return Value{t: r.t, i: r.start + int32(k), gen: r.gen}
}

// Values returns r's Values in a new slice.
func (r Row) Values() []Value { return r.AppendTo(nil) }

// AppendTo appends r's Values to dst and returns the extended slice.
func (r Row) AppendTo(dst []Value) []Value {
	for k := range r.n {
		dst = append(dst, Value{t: r.t, i: r.start + k, gen: r.gen})
	}
	return dst
}

// Affines returns the pre-activations of a layer of neurons that all read
// the inputs x: one Affine node per neuron, recorded one after another, as
// a Row. params holds the layer's parameters neuron after neuron, each
// neuron's x.Len() weights and then its bias: the order of micrograd's
// parameters(), in which package nn records its layers. Neuron j's node is
// Affine(b, w, x.Values()), with its bits and gradients, where w is the
// j-th run of x.Len() Values in params and b the Value after it.
//
// Affines checks params and x in O(1), sums four neurons at a time, and
// records nothing but the nodes; Backward then takes four neurons at a time
// too. It panics if params.Len() is not a multiple of x.Len()+1, or params
// and x are not live Rows of one tape.
func Affines(params, x Row) Row {
	t, width := params.live(), int(x.n)
	if x.live() != t {
		panic(msgTapes)
	}
	if int(params.n)%(width+1) != 0 {
		panic("autograd: Affines of a Row of " + strconv.Itoa(int(params.n)) + " parameters and " + strconv.Itoa(width) + " inputs; pass x.Len() weights and a bias per neuron")
	}
	stride := width + 1
	neurons := int(params.n) / stride
	if width > math.MaxUint16 { // too wide for a neuron node: Affine's list form
		ps, xs := params.Values(), x.Values()
		out := make([]Value, neurons)
		for j := range out {
			out[j] = Affine(ps[j*stride+width], ps[j*stride:j*stride+width], xs)
		}
		r, _ := RowOf(out)
		return r
	}
	// Make room for the nodes first, then fill them in: the tape's nodes
	// stay where they are, and each node is written once, with its sum.
	first := t.extend(neurons)
	out := t.nodes[first:]
	x0, w0 := x.start, params.start
	xs := t.nodes[x0 : int(x0)+width]
	ps := t.nodes[w0 : int(w0)+int(params.n)]
	j := 0
	for ; j+4 <= neurons; j += 4 {
		// Four independent sums, each in Affine's order: the additions of
		// one no longer wait for those of the others.
		r0, r1, r2, r3 := ps[j*stride:], ps[(j+1)*stride:], ps[(j+2)*stride:], ps[(j+3)*stride:]
		r0, r1, r2, r3 = r0[:stride], r1[:stride], r2[:stride], r3[:stride]
		s0, s1, s2, s3 := r0[width].data, r1[width].data, r2[width].data, r3[width].data // the biases
		r0, r1, r2, r3 = r0[:len(xs)], r1[:len(xs)], r2[:len(xs)], r3[:len(xs)]
		for k := range xs {
			xk := xs[k].data
			s0 += float64(r0[k].data * xk)
			s1 += float64(r1[k].data * xk)
			s2 += float64(r2[k].data * xk)
			s3 += float64(r3[k].data * xk)
		}
		w := w0 + int32(j*stride)
		o := out[j : j+4]
		o[0].setNeuron(s0, w, x0, width, t.epoch)
		o[1].setNeuron(s1, w+int32(stride), x0, width, t.epoch)
		o[2].setNeuron(s2, w+int32(2*stride), x0, width, t.epoch)
		o[3].setNeuron(s3, w+int32(3*stride), x0, width, t.epoch)
	}
	for ; j < neurons; j++ {
		r := ps[j*stride:][:stride]
		s := r[width].data
		r = r[:len(xs)]
		for k := range xs {
			s += float64(r[k].data * xs[k].data)
		}
		out[j].setNeuron(s, w0+int32(j*stride), x0, width, t.epoch)
	}
	return Row{t: t, start: int32(first), n: int32(neurons), gen: t.epoch}
}

// setNeuron makes n a neuron node made in epoch gen, of value data, whose
// weights are at w0 … w0+width-1, its bias at w0+width and its inputs at
// x0 … x0+width-1 (see neuronRows).
func (n *node) setNeuron(data float64, w0, x0 int32, width int, gen uint32) {
	n.data, n.grad = data, 0
	n.a, n.b = w0, x0
	n.gen, n.op, n.reached, n.width = gen, opNeuron, false, uint16(width)
}

// d(b + w·x) = db + x·dw + w·dx, for a neuron node.
func neuronBackward(nodes []node, n *node) int32 {
	w0, x0, width := n.a, n.b, int32(n.width)
	accumulate(nodes, w0+width, n.grad)
	rowsBackward(nodes, w0, x0, width, n.grad)
	return min(w0, x0)
}

// neuronsBackward is Backward's neuronBackward for the node at position i.
// When the three nodes below it are neurons of the same layer (as Affines
// records them) and Backward reached them, it applies the rule to all four
// in one pass over the inputs, which adds to each input's gradient four
// times while it sits in a register, rather than load and store it for each
// neuron, and it clears the three nodes' marks, so that Backward's sweep
// passes them by. Every gradient gets the same
// sums, in the same order, as from the rule applied to one node after
// another, as long as no Value is read or written by two of the four, and
// none of the four is an operand of another: it checks both.
func neuronsBackward(nodes []node, args []int32, i int) int32 {
	n := &nodes[i]
	w0, x0, width := int(n.a), int(n.b), int(n.width)
	stride := width + 1
	lo := w0 - 3*stride                                       // the lowest neuron's first weight
	if i < 3 || lo < 0 || max(w0+width, x0+width-1) >= i-3 || // an operand among the four
		!(x0+width <= lo || x0 > w0+width) { // inputs among the parameters
		return neuronBackward(nodes, n)
	}
	for k := 1; k <= 3; k++ {
		m := &nodes[i-k]
		if m.op != opNeuron || !m.reached || int(m.a) != w0-k*stride || int(m.b) != x0 || int(m.width) != width {
			return neuronBackward(nodes, n)
		}
	}
	xs := nodes[x0 : x0+width]
	// row returns the weights and the gradient of the k-th neuron below
	// the top one, after adding its gradient to its bias's.
	row := func(k int) ([]node, float64) {
		m := &nodes[i-k]
		m.reached = false
		w := w0 - k*stride
		accumulate(nodes, int32(w+width), m.grad)
		return nodes[w : w+width][:len(xs)], m.grad
	}
	r0, g0 := row(0)
	r1, g1 := row(1)
	r2, g2 := row(2)
	r3, g3 := row(3)
	for k := range xs {
		x := &xs[k]
		xd, xg := x.data, x.grad
		w := &r0[k]
		w.grad += g0 * xd
		xg += g0 * w.data
		w.reached = true
		w = &r1[k]
		w.grad += g1 * xd
		xg += g1 * w.data
		w.reached = true
		w = &r2[k]
		w.grad += g2 * xd
		xg += g2 * w.data
		w.reached = true
		w = &r3[k]
		w.grad += g3 * xd
		xg += g3 * w.data
		w.reached = true
		x.grad, x.reached = xg, true
	}
	return int32(min(lo, x0))
}

// Relu returns the Relu of each Value of r, recorded one after another, as
// a Row: the nodes Relu records, checked in O(1) and written in one pass.
// It panics if r is the zero Row or Truncate dropped its Values.
func (r Row) Relu() Row {
	t := r.live()
	first := t.extend(int(r.n))
	xs, out := t.nodes[r.start:r.start+r.n], t.nodes[first:]
	out = out[:len(xs)]
	for k := range xs {
		n := &out[k]
		n.data, n.grad = relu(xs[k].data), 0
		n.a, n.b = r.start+int32(k), 0
		n.gen, n.op, n.reached = t.epoch, opRelu, false
	}
	return Row{t: t, start: int32(first), n: r.n, gen: t.epoch}
}

// Tanh returns the Tanh of each Value of r, recorded one after another, as
// a Row: the nodes Tanh records. It panics if r is the zero Row or Truncate
// dropped its Values.
func (r Row) Tanh() Row {
	t := r.live()
	first := t.Len()
	for k := range r.n {
		Value{t: t, i: r.start + k, gen: r.gen}.Tanh()
	}
	return Row{t: t, start: int32(first), n: r.n, gen: t.epoch}
}
