package autograd

import (
	"math"
	"strconv"
)

// A Row is Values recorded one after another on a tape, in one go, such as
// a layer's parameters. RowOf checks its Values once; after that an op that
// takes a Row (AppendAffines) checks it in O(1), instead of each Value in
// it. The zero Row is not usable.
type Row struct {
	t     *Tape
	start int32  // position of the first Value
	n     int32  // number of Values
	gen   uint32 // the epoch they were all made in
}

// RowOf returns vs as a Row. It panics unless vs are live Values of one
// tape at consecutive positions, made with no Truncate that dropped nodes in
// between (as Values made one after another are), and there is at least one.
// O(len(vs)).
func RowOf(vs []Value) Row {
	if len(vs) == 0 {
		panic("autograd: RowOf of no Values; a Row holds at least one")
	}
	t := vs[0].Tape()
	if !t.liveRow(vs) {
		for k, v := range vs {
			if v.Tape() != t {
				panic(msgTapes)
			}
			if k > 0 && (v.i != vs[0].i+int32(k) || v.gen != vs[0].gen) {
				panic("autograd: RowOf: Value " + strconv.Itoa(k) + " was not made right after Value " + strconv.Itoa(k-1) + "; make a Row's Values one after another")
			}
		}
		panic(msgStale)
	}
	return Row{t: t, start: vs[0].i, n: int32(len(vs)), gen: vs[0].gen}
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

// liveOn reports, in O(1), whether r is a Row of t whose Values are all still
// on it (see liveRow).
func (r Row) liveOn(t *Tape) bool {
	last := int(r.start) + int(r.n) - 1
	return r.t == t && r.n > 0 && last < len(t.nodes) && t.nodes[last].gen == r.gen
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
func (r Row) Values() []Value {
	vs := make([]Value, r.n)
	for k := range vs {
		vs[k] = r.At(k)
	}
	return vs
}

// AppendAffines appends to dst the pre-activations of a layer of neurons
// that all read the inputs x, one Affine node per neuron, and returns the
// extended slice. params holds the layer's parameters neuron after neuron,
// each neuron's len(x) weights and then its bias: the order of micrograd's
// parameters(), in which package nn records its layers. Neuron j's node is
// Affine(b, w, x), with its bits and gradients, where w is the j-th run of
// len(x) Values in params and b the Value after it.
//
// AppendAffines checks params in O(1) and x once for all the neurons, sums
// four neurons at a time, and, when x sits in a row on the tape as a
// layer's inputs do, records nothing but the nodes; Backward then takes
// four neurons at a time too. It panics if params.Len() is not a multiple
// of len(x)+1, or the Values are not all live Values of one tape.
func AppendAffines(dst []Value, params Row, x []Value) []Value {
	t, width := params.t, len(x)
	if t == nil {
		panic(msgZeroRow)
	}
	if int(params.n)%(width+1) != 0 {
		panic("autograd: AppendAffines of a Row of " + strconv.Itoa(int(params.n)) + " parameters and " + strconv.Itoa(width) + " inputs; pass len(x) weights and a bias per neuron")
	}
	if !params.liveOn(t) {
		panic(msgStale)
	}
	stride := width + 1
	neurons := int(params.n) / stride
	if width == 0 || width > math.MaxUint16 || !t.liveRow(x) {
		// Affine checks each input and panics with the message that fits.
		ps := params.Values()
		for j := range neurons {
			w := ps[j*stride : j*stride+width]
			dst = append(dst, Affine(ps[j*stride+width], w, x))
		}
		return dst
	}
	t.reserve(neurons) // the pushes below leave the nodes where they are
	x0, w0 := x[0].i, params.start
	xs := t.nodes[x0 : int(x0)+width]
	ps := t.nodes[w0 : int(w0)+int(params.n)]
	// neuron returns the weights, then the bias, of neuron j.
	neuron := func(j int) ([]node, float64) {
		r := ps[j*stride : j*stride+stride]
		return r[:len(xs)], r[width].data
	}
	j := 0
	for ; j+4 <= neurons; j += 4 {
		// Four independent sums, each in Affine's order: the additions of
		// one no longer wait for those of the others.
		r0, s0 := neuron(j)
		r1, s1 := neuron(j + 1)
		r2, s2 := neuron(j + 2)
		r3, s3 := neuron(j + 3)
		for k := range xs {
			xk := xs[k].data
			s0 += float64(r0[k].data * xk)
			s1 += float64(r1[k].data * xk)
			s2 += float64(r2[k].data * xk)
			s3 += float64(r3[k].data * xk)
		}
		w := w0 + int32(j*stride)
		dst = append(dst,
			t.pushNeuron(s0, w, x0, width), t.pushNeuron(s1, w+int32(stride), x0, width),
			t.pushNeuron(s2, w+int32(2*stride), x0, width), t.pushNeuron(s3, w+int32(3*stride), x0, width))
	}
	for ; j < neurons; j++ {
		r, s := neuron(j)
		for k := range xs {
			s += float64(r[k].data * xs[k].data)
		}
		dst = append(dst, t.pushNeuron(s, w0+int32(j*stride), x0, width))
	}
	return dst
}

// pushNeuron records a neuron node: its weights at w0 … w0+width-1, its
// bias at w0+width and its inputs at x0 … x0+width-1 (see neuronRows).
func (t *Tape) pushNeuron(data float64, w0, x0 int32, width int) Value {
	v := t.push(opNeuron, data, w0, x0)
	t.nodes[v.i].width = uint16(width)
	return v
}

// d(b + w·x) = db + x·dw + w·dx, for a neuron node.
func neuronBackward(nodes []node, n *node) int32 {
	w0, x0, width := n.a, n.b, int32(n.width)
	accumulate(nodes, w0+width, n.grad)
	rowsBackward(nodes, w0, x0, width, n.grad)
	return min(w0, x0)
}

// neuronsBackward is Backward's neuronBackward for the node at position i.
// When the three nodes below it are neurons of the same layer (the nodes
// AppendAffines records, in fours) and Backward reached them, it applies
// the rule to all four in one pass over the inputs, which adds to each
// input's gradient four times while it sits in a register, rather than
// load and store it for each neuron, and it clears the three nodes' marks,
// so that Backward's sweep passes them by. Every gradient gets the same
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
