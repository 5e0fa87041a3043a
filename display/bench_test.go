package display_test

import (
	"fmt"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display"
)

// BenchmarkSVG is the time to draw a graph, layout and all: the tutorial's
// neuron (10 nodes) and multilayer perceptrons of about 100 and 1,000 nodes.
func BenchmarkSVG(b *testing.B) {
	cases := []struct {
		name string
		root autograd.Value
	}{
		{"neuron", neuron(true)},
		{"100", layers(100)},
		{"1000", layers(1000)},
	}
	for _, c := range cases {
		nodes := display.Summarize(c.root).Nodes
		b.Run(fmt.Sprintf("%s/%dnodes", c.name, nodes), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := display.SVG(c.root); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDOT is the time to write the DOT text of 1,000 nodes, without
// the layout.
func BenchmarkDOT(b *testing.B) {
	root := layers(1000)
	b.ReportAllocs()
	for b.Loop() {
		display.DOT(root)
	}
}

// BenchmarkBackwardHTML is the time to make the step-by-step widget of the
// tutorial's neuron: seven drawings.
func BenchmarkBackwardHTML(b *testing.B) {
	root := neuron(true)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := display.BackwardHTML(root); err != nil {
			b.Fatal(err)
		}
	}
}
