package autograd

import "strconv"

// A Row is Values recorded one after another on a tape, in one go, such as
// a neuron's weights. RowOf checks its Values once; after that an op that
// takes Rows (AppendAffines) checks a whole Row in O(1), instead of each Value in
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

// AppendAffines appends to dst one Affine node per row of weights, b[j] + w[j]·x
// for each j in turn: a layer of neurons that read the same inputs. It
// returns the extended slice. The nodes, their values and their gradients
// are exactly those of calling Affine(b[j], w[j].Values(), x) for each j.
// AppendAffines is faster, the more so when x sits in a row on the tape, as a
// layer's inputs do: it checks each Row in O(1) and x once, and sums four
// rows at a time. It panics if b and w differ in length, a Row and x differ
// in length, or the Values are not all live Values of one tape.
func AppendAffines(dst, b []Value, w []Row, x []Value) []Value {
	if len(b) != len(w) {
		panic("autograd: AppendAffines of " + strconv.Itoa(len(b)) + " biases and " + strconv.Itoa(len(w)) + " rows of weights; pass one bias per row")
	}
	if len(w) == 0 {
		return dst
	}
	t := b[0].Tape()
	if !t.liveRows(b, w, x) {
		for j := range w { // Affine panics with the right message, if any
			dst = append(dst, Affine(b[j], w[j].Values(), x))
		}
		return dst
	}
	n := len(x)
	xs := t.nodes[x[0].i : int(x[0].i)+n]
	row := func(j int) []node { return t.nodes[w[j].start : int(w[j].start)+n][:len(xs)] }
	sums := t.sums[:0]
	j := 0
	for ; j+4 <= len(w); j += 4 {
		// Four independent sums, each in Affine's order: the additions of
		// one no longer wait for those of the others.
		r0, r1, r2, r3 := row(j), row(j+1), row(j+2), row(j+3)
		s0, s1 := t.nodes[b[j].i].data, t.nodes[b[j+1].i].data
		s2, s3 := t.nodes[b[j+2].i].data, t.nodes[b[j+3].i].data
		for k := range xs {
			xk := xs[k].data
			s0 += float64(r0[k].data * xk)
			s1 += float64(r1[k].data * xk)
			s2 += float64(r2[k].data * xk)
			s3 += float64(r3[k].data * xk)
		}
		sums = append(sums, s0, s1, s2, s3)
	}
	for ; j < len(w); j++ {
		r, s := row(j), t.nodes[b[j].i].data
		for k := range xs {
			s += float64(r[k].data * xs[k].data)
		}
		sums = append(sums, s)
	}
	t.sums = sums
	for j, s := range sums {
		start := len(t.args)
		t.args = append(t.args, b[j].i, w[j].start, x[0].i, int32(n))
		dst = append(dst, t.pushNary(opAffineRow, s, start))
	}
	return dst
}

// liveRows reports whether AppendAffines can take its fast path: x is a live row
// of t (see liveRow) of at least one Value, every Row is live on t and as
// long as x, and every bias is a live Value of t.
func (t *Tape) liveRows(b []Value, w []Row, x []Value) bool {
	if len(x) == 0 || !t.liveRow(x) {
		return false
	}
	for j, r := range w {
		if int(r.n) != len(x) || !r.liveOn(t) {
			return false
		}
		if v := b[j]; v.t != t || uint(v.i) >= uint(len(t.nodes)) || t.nodes[v.i].gen != v.gen {
			return false
		}
	}
	return true
}
