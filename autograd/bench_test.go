package autograd_test

import (
	"math/rand/v2"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
)

// micrograd's demo graph, built the way micrograd builds it: an MLP 2-16-16-1
// made of Add, Mul and Relu nodes only (no fused ops), its max-margin loss
// on 100 points plus L2 regularisation: about 65k nodes per step.
type demo struct {
	tape   *autograd.Tape
	layers [][][]V // layer, neuron, weights then bias
	params []V
	x      [][2]float64
	y      []float64
	mark   int
	act    []V // buffers for one layer's activations, reused
	out    []V
}

func newDemo() *demo {
	rng := rand.New(rand.NewPCG(1, 2))
	d := &demo{tape: autograd.NewTape()}
	sizes := []int{2, 16, 16, 1}
	for l := 1; l < len(sizes); l++ {
		var layer [][]V
		for range sizes[l] {
			var neuron []V
			for range sizes[l-1] + 1 {
				p := d.tape.New(rng.Float64()*2 - 1)
				neuron = append(neuron, p)
				d.params = append(d.params, p)
			}
			layer = append(layer, neuron)
		}
		d.layers = append(d.layers, layer)
	}
	for range 100 {
		d.x = append(d.x, [2]float64{rng.Float64()*3 - 1, rng.Float64()*2 - 1})
		d.y = append(d.y, float64(rng.IntN(2)*2-1))
	}
	d.mark = d.tape.Len()
	d.act = make([]V, 0, 16)
	d.out = make([]V, 0, 16)
	return d
}

// step runs one forward pass, Backward and an SGD update; it returns the
// number of nodes the step recorded.
func (d *demo) step() int {
	t := d.tape
	t.Truncate(d.mark)
	var loss V
	for i, xy := range d.x {
		act := append(d.act[:0], t.New(xy[0]), t.New(xy[1]))
		for l, layer := range d.layers {
			out := d.out[:0]
			for _, neuron := range layer {
				s := neuron[len(neuron)-1] // micrograd: sum((wi*xi ...), b), starting from b
				for k, x := range act {
					s = s.Add(neuron[k].Mul(x))
				}
				if l < len(d.layers)-1 {
					s = s.Relu()
				}
				out = append(out, s)
			}
			d.act, d.out = out, act
			act = out
		}
		li := act[0].MulScalar(-d.y[i]).AddScalar(1).Relu()
		if i == 0 {
			loss = li
		} else {
			loss = loss.Add(li)
		}
	}
	loss = loss.MulScalar(1.0 / float64(len(d.x)))
	reg := d.params[0].Mul(d.params[0])
	for _, p := range d.params[1:] {
		reg = reg.Add(p.Mul(p))
	}
	loss = loss.Add(reg.MulScalar(1e-4))
	for _, p := range d.params { // micrograd's model.zero_grad()
		p.SetGrad(0)
	}
	loss.Backward()
	for _, p := range d.params {
		p.SetData(p.Data() - 0.5*p.Grad())
	}
	return t.Len() - d.mark
}

// BenchmarkMoonsGraph is forward + backward + update on micrograd's demo graph.
// Its ns/node is the engine's cost per recorded node.
func BenchmarkMoonsGraph(b *testing.B) {
	d := newDemo()
	nodes := d.step() // warm-up: the tape's slices grow once
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		d.step()
	}
	b.ReportMetric(float64(nodes), "nodes/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(nodes), "ns/node")
}

// BenchmarkChain is forward + backward over a chain of 10,000 tanh and mul nodes.
func BenchmarkChain(b *testing.B) {
	t := autograd.NewTape()
	x := t.New(0.5)
	w := t.New(0.9)
	mark := t.Len()
	run := func() {
		t.Truncate(mark)
		v := x
		for range 5000 {
			v = v.Mul(w).Tanh()
		}
		v.Backward()
	}
	run()
	nodes := t.Len() - mark
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		run()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(nodes), "ns/node")
}
