package autograd

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/littlegrad/littlegrad/autograd/internal/cpuclock"
)

// BenchmarkTapeMemory is a tape's memory traffic without the engine's work:
// writing nodes one after another, as a forward pass records them, and
// reading them back to front, as Backward does, for a tape of
// BenchmarkMoonsGraph's size (65,477 nodes, 2 MB: it stays in the caches)
// and for one of 8 million nodes (256 MB: main memory). Its ns/node is the
// floor that memory puts under BenchmarkMoonsGraph's fwd-cpu-ns/node and
// bwd-cpu-ns/node; its MB/s is the bandwidth it reaches.
func BenchmarkTapeMemory(b *testing.B) {
	for _, n := range []int{65_477, 8 << 20} {
		var cpu time.Duration
		tape := func(b *testing.B) []node {
			nodes := make([]node, n)
			for i := range nodes { // touch every page before timing
				nodes[i].gen = 1
			}
			b.SetBytes(int64(n) * int64(nodeSize))
			runtime.LockOSThread()
			b.Cleanup(runtime.UnlockOSThread)
			b.ResetTimer()
			cpu = -cpuclock.Now()
			return nodes
		}
		report := func(b *testing.B) {
			cpu += cpuclock.Now()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/node")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/node")
		}
		b.Run(fmt.Sprintf("write/nodes=%d", n), func(b *testing.B) {
			nodes := tape(b)
			for range b.N {
				for i := range nodes {
					n := &nodes[i]
					n.data, n.grad = float64(i), 0
					n.a, n.b = int32(i), int32(i)
					n.gen, n.op, n.reached = 1, opAdd, false
				}
			}
			report(b)
		})
		b.Run(fmt.Sprintf("read/nodes=%d", n), func(b *testing.B) {
			nodes := tape(b)
			s := 0.0
			for range b.N {
				for i := len(nodes) - 1; i >= 0; i-- {
					if n := &nodes[i]; n.reached {
						s += n.data * n.grad
					}
				}
			}
			report(b)
			sink = s
		})
	}
}

var sink float64
