package autograd

import (
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"unsafe"
)

// node is one recorded value. It holds no pointers, so the garbage collector
// never scans the tape.
type node struct {
	data, grad float64
	a, b       int32  // operand positions, or where they are in Tape.args: see operandKind
	gen        uint32 // the tape's epoch when the node was recorded
	op         op
	reached    bool // during Backward: the root depends on this node; false outside it
	// A neuron node's number of inputs (see opNeuron). Other nodes do
	// not read it, so push leaves it as it was: one more store would put
	// push over the compiler's inlining budget.
	width uint16
}

// nodeSize is the bytes of a node: 32.
const nodeSize = unsafe.Sizeof(node{})

// A Tape records Values in the order they are created. The zero Tape is not
// usable; make one with NewTape.
//
// A Tape is not safe for concurrent use. Separate tapes may be used by
// separate goroutines.
type Tape struct {
	nodes    []node
	args     []int32 // operands of n-ary nodes
	nary     []int32 // positions of n-ary nodes, ascending, to trim args on Truncate
	labels   []label // sorted by pos
	epoch    uint32  // bumped by every Truncate that drops nodes
	baseline int     // for warnIfBig: the length at the first Backward since the last Truncate, +1; 0 for none yet
	// Outside these spans every node has the zero gradient push gave it, so
	// that Backward and ZeroGrad touch only the nodes graphs span.
	grads   span // nodes whose gradient may not be zero
	opGrads span // the same, for non-leaf nodes alone
}

// A span is the positions [lo, hi) of a tape; it is empty when lo >= hi.
type span struct{ lo, hi int }

// join returns the smallest span that holds s and [lo, hi).
func (s span) join(lo, hi int) span {
	if s.lo >= s.hi {
		return span{lo, hi}
	}
	return span{min(s.lo, lo), max(s.hi, hi)}
}

// below returns the part of s below position n.
func (s span) below(n int) span { return span{s.lo, min(s.hi, n)} }

// gradSet records that n, at position i, may hold a gradient other than 0.
func (t *Tape) gradSet(n *node, i int) {
	t.grads = t.grads.join(i, i+1)
	if n.op != opLeaf {
		t.opGrads = t.opGrads.join(i, i+1)
	}
}

type label struct {
	pos  int32
	text string
}

// NewTape returns an empty tape.
func NewTape() *Tape { return &Tape{epoch: 1} }

var defaultTape = NewTape()

// DefaultTape returns the tape that New records on. Like every tape, it is not
// safe for concurrent use.
func DefaultTape() *Tape { return defaultTape }

// New returns a leaf holding data on the default tape.
func New(data float64) Value { return defaultTape.New(data) }

// New returns a leaf holding data: an input, a parameter or a constant.
func (t *Tape) New(data float64) Value { return t.push(opLeaf, data, 0, 0) }

// Len returns the number of nodes on the tape.
func (t *Tape) Len() int { return len(t.nodes) }

// Truncate drops every node recorded after the first n, keeping the memory
// for reuse, like bytes.Buffer.Truncate. Values that referred to dropped
// nodes become invalid: using one panics. It panics if n is negative or
// greater than Len. Its cost is O(log Len) plus the labels it drops.
//
// A function that builds a graph only to read numbers from it can drop it
// on return with one line, as Go evaluates the argument at once:
//
//	defer t.Truncate(t.Len())
func (t *Tape) Truncate(n int) {
	if n < 0 || n > len(t.nodes) {
		panic("autograd: Truncate(" + strconv.Itoa(n) + ") out of range: the tape has " + strconv.Itoa(len(t.nodes)) + " nodes; pass a mark taken with Len")
	}
	t.baseline = 0
	if n == len(t.nodes) {
		return
	}
	t.nodes = t.nodes[:n]
	t.epoch++
	t.grads, t.opGrads = t.grads.below(n), t.opGrads.below(n)
	// Keep the n-ary nodes below n and the operands they use.
	k := sort.Search(len(t.nary), func(i int) bool { return int(t.nary[i]) >= n })
	t.nary = t.nary[:k]
	t.args = t.args[:0]
	if k > 0 {
		last := &t.nodes[t.nary[k-1]]
		t.args = t.args[:last.a+last.b]
	}
	j := sort.Search(len(t.labels), func(i int) bool { return int(t.labels[i].pos) >= n })
	clear(t.labels[j:]) // let the strings go
	t.labels = t.labels[:j]
}

// Reset drops every node: it is Truncate(0).
func (t *Tape) Reset() { t.Truncate(0) }

// ZeroGrad sets the gradient of every node on the tape to zero. Its cost is
// proportional to the part of the tape that Backward, ChainRule and SetGrad
// have touched since the last ZeroGrad, not to the tape's length: in a
// training loop, the span of the last step's graph. To zero a model's
// parameters alone, as micrograd's zero_grad does, call SetGrad(0) on each,
// as nn's ZeroGrad methods do: O(parameters).
func (t *Tape) ZeroGrad() {
	g := t.grads.below(len(t.nodes))
	for i := g.lo; i < g.hi; i++ {
		t.nodes[i].grad = 0
	}
	t.grads, t.opGrads = span{}, span{}
}

// push records a node and returns a Value for it. It writes the fields in
// place rather than copying a node built on the stack: the copy's wide loads
// of freshly written narrow fields stall store-to-load forwarding, which made
// recording a node three times slower.
func (t *Tape) push(o op, data float64, a, b int32) Value {
	i := len(t.nodes)
	if i == cap(t.nodes) {
		if i == math.MaxInt32 {
			panic(msgFull)
		}
		t.nodes = append(t.nodes, node{})
	}
	t.nodes = t.nodes[:i+1]
	n := &t.nodes[i]
	n.data, n.grad = data, 0
	n.a, n.b = a, b
	n.gen, n.op, n.reached = t.epoch, o, false
	return Value{t: t, i: int32(i), gen: t.epoch}
}

// extend adds n nodes to the tape, for the caller to fill in, and returns
// the position of the first.
func (t *Tape) extend(n int) int {
	first := len(t.nodes)
	if first+n > math.MaxInt32 {
		panic(msgFull)
	}
	t.nodes = slices.Grow(t.nodes, n)[:first+n]
	return first
}

// warnIfBig says once per process, on stderr, that the default tape has
// grown by bigDefaultTape nodes or more since the first Backward after the
// last Truncate. Backward calls it: the trap it catches is a loop that
// builds a graph and calls Backward at every step, never dropping the old
// graphs. A tape that holds many nodes, such as a large data set, but drops
// each step's graph does not warn.
func (t *Tape) warnIfBig() {
	if t != defaultTape || warnedBig {
		return
	}
	n := len(t.nodes)
	if t.baseline == 0 {
		t.baseline = n + 1
	}
	if grown := n + 1 - t.baseline; grown >= bigDefaultTape {
		warnedBig = true
		fmt.Fprintf(warnings, bigDefaultTapeWarning, grown, n, float64(n)*float64(nodeSize)/1e9)
	}
}

// The default tape says once, on stderr, when it holds more nodes than most
// programs need: then a loop is most likely recording a new graph at every
// step and never dropping the old ones.
var (
	bigDefaultTape           = 50_000_000
	warnedBig                = false
	warnings       io.Writer = os.Stderr
)

const bigDefaultTapeWarning = `autograd: the default tape has grown by %d nodes over Backward calls with no Truncate between them, to %d (%.1f GB): every New and every op records a node, which stays until Truncate drops it.
If a loop builds a new graph at every step, drop each step's nodes when it is done with them:
	mark := autograd.DefaultTape().Len() // before the loop
	autograd.DefaultTape().Truncate(mark) // at the end of each step
nn.Train does this for you. This message is printed once.
`

// pushNary records an n-ary node whose operands are the given values.
func (t *Tape) pushNary(o op, data float64, start int) Value {
	t.nary = append(t.nary, int32(len(t.nodes)))
	return t.push(o, data, int32(start), int32(len(t.args)-start))
}

// setLabel gives the node at pos a label, keeping labels sorted by position.
func (t *Tape) setLabel(pos int32, text string) {
	i := sort.Search(len(t.labels), func(i int) bool { return t.labels[i].pos >= pos })
	switch {
	case i < len(t.labels) && t.labels[i].pos == pos:
		t.labels[i].text = text
	case i == len(t.labels):
		t.labels = append(t.labels, label{pos, text})
	default:
		t.labels = append(t.labels, label{})
		copy(t.labels[i+1:], t.labels[i:])
		t.labels[i] = label{pos, text}
	}
}

func (t *Tape) label(pos int32) string {
	i := sort.Search(len(t.labels), func(i int) bool { return t.labels[i].pos >= pos })
	if i < len(t.labels) && t.labels[i].pos == pos {
		return t.labels[i].text
	}
	return ""
}
