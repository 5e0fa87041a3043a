package display

import (
	"cmp"
	"slices"

	"github.com/littlegrad/littlegrad/autograd"
)

// graph is the part of a tape that a root depends on.
type graph struct {
	nodes []autograd.Value // root and everything it depends on, in tape order
	pos   map[int]int      // tape index → position in nodes
}

// walk collects the Values root depends on, root included. It follows
// Inputs with an explicit stack, never recursion, so a chain of a million
// nodes cannot overflow the goroutine stack, and it returns them in tape
// order, which is topological and does not depend on map iteration.
// O(n log n) for n nodes.
func walk(root autograd.Value) graph {
	if root == (autograd.Value{}) {
		panic("display: the zero Value has no graph; pass a Value made by autograd.New or by an op")
	}
	seen := map[autograd.Value]bool{root: true}
	stack := []autograd.Value{root}
	nodes := []autograd.Value{root}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, in := range v.Inputs() {
			if !seen[in] {
				seen[in] = true
				stack = append(stack, in)
				nodes = append(nodes, in)
			}
		}
	}
	slices.SortFunc(nodes, func(a, b autograd.Value) int { return cmp.Compare(a.Index(), b.Index()) })
	pos := make(map[int]int, len(nodes))
	for k, v := range nodes {
		pos[v.Index()] = k
	}
	return graph{nodes: nodes, pos: pos}
}

// A Summary describes a graph too large to draw.
type Summary struct {
	Nodes  int       // Values the root depends on, the root included
	Leaves int       // inputs, parameters and constants among them
	Depth  int       // ops on the longest path from a leaf to the root
	Ops    []OpCount // nodes per op, most frequent first, ties by name
}

// An OpCount is the number of nodes made by one op.
type OpCount struct {
	Op    string // as Value.Op reports it: "+", "*", "tanh", "**2", …
	Count int
}

// Summarize counts the nodes of the graph that ends at root, by op. It is
// what SVG and Show draw in place of a graph with more than MaxNodes nodes.
// O(n log n) for n nodes. It panics if root is the zero Value.
func Summarize(root autograd.Value) Summary {
	return walk(root).summary()
}

func (g graph) summary() Summary {
	s := Summary{Nodes: len(g.nodes)}
	depth := make([]int, len(g.nodes))
	counts := map[string]int{}
	for k, v := range g.nodes {
		if v.IsLeaf() {
			s.Leaves++
			continue
		}
		counts[v.Op()]++
		d := 0
		for _, in := range v.Inputs() {
			d = max(d, depth[g.pos[in.Index()]])
		}
		depth[k] = d + 1
	}
	s.Depth = depth[len(depth)-1] // the root is last in tape order
	for op, n := range counts {
		s.Ops = append(s.Ops, OpCount{op, n})
	}
	// Sorting removes the map's random order.
	slices.SortFunc(s.Ops, func(a, b OpCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Op, b.Op))
	})
	return s
}
