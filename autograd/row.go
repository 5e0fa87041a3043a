package autograd

import "strconv"

// A Row is Values recorded one after another on a tape, in one go, such as
// a neuron's weights. RowOf checks its Values once; after that an op that
// takes Rows (Affines) checks a whole Row in O(1), instead of each Value in
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
