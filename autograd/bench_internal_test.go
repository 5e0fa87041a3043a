package autograd

import (
	"fmt"
	"testing"
)

// BenchmarkTapeMemory is a tape's memory traffic without the engine's work:
// writing nodes one after another, as a forward pass records them, and
// reading them back to front, as Backward does, for a tape of
// BenchmarkMoonsGraph's size (65,477 nodes, 2 MB: it stays in the caches)
// and for one of 8 million nodes (256 MB: main memory). Its ns/node is the
// floor that memory puts under fwd-ns/node and bwd-ns/node; its MB/s is the
// bandwidth it reaches.
func BenchmarkTapeMemory(b *testing.B) {
	for _, n := range []int{65_477, 8 << 20} {
		nodes := make([]node, n)
		for i := range nodes { // touch every page before timing
			nodes[i].gen = 1
		}
		bytes := int64(n) * int64(nodeSize)
		b.Run(fmt.Sprintf("write/nodes=%d", n), func(b *testing.B) {
			b.SetBytes(bytes)
			for range b.N {
				for i := range nodes {
					n := &nodes[i]
					n.data, n.grad = float64(i), 0
					n.a, n.b = int32(i), int32(i)
					n.gen, n.op, n.reached = 1, opAdd, false
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/node")
		})
		b.Run(fmt.Sprintf("read/nodes=%d", n), func(b *testing.B) {
			b.SetBytes(bytes)
			s := 0.0
			for range b.N {
				for i := len(nodes) - 1; i >= 0; i-- {
					if n := &nodes[i]; n.reached {
						s += n.data * n.grad
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/node")
			sink = s
		})
	}
}

var sink float64
