package autograd_test

import (
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/autograd/internal/cpuclock"
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
	phases // time spent forward and backward
}

// phases adds up the CPU time a benchmark spends building graphs (forward:
// the ops) and in Backward with the zeroing of gradients before it, read
// from the benchmark's thread clock (see cpuclock), and in all.
type phases struct{ fwd, bwd, all time.Duration }

// start locks the benchmark to its thread and starts the count.
func (p *phases) start(b *testing.B) {
	runtime.LockOSThread()
	b.Cleanup(runtime.UnlockOSThread)
	*p = phases{}
	b.ResetTimer()
	p.all = -cpuclock.Now()
}

// report adds the CPU time per node, in all and in each phase, and the
// wall time per node, to b's results.
func (p *phases) report(b *testing.B, nodes int) {
	p.all += cpuclock.Now()
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N) / float64(nodes) }
	b.ReportMetric(float64(nodes), "nodes/op")
	b.ReportMetric(per(b.Elapsed()), "ns/node")
	b.ReportMetric(per(p.all), "cpu-ns/node")
	b.ReportMetric(per(p.fwd), "fwd-cpu-ns/node")
	b.ReportMetric(per(p.bwd), "bwd-cpu-ns/node")
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
	start := cpuclock.Now()
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
	built := cpuclock.Now()
	for _, p := range d.params { // micrograd's model.zero_grad()
		p.SetGrad(0)
	}
	loss.Backward()
	d.fwd += built - start
	d.bwd += cpuclock.Now() - built
	for _, p := range d.params {
		p.SetData(p.Data() - 0.5*p.Grad())
	}
	return t.Len() - d.mark
}

// BenchmarkMoonsGraph is forward + backward + update on micrograd's demo graph.
// Its ns/node is the engine's cost per recorded node; fwd-ns/node and
// bwd-ns/node split it into building the graph and backpropagating (the
// rest is the update).
func BenchmarkMoonsGraph(b *testing.B) {
	d := newDemo()
	nodes := d.step() // warm-up: the tape's slices grow once
	b.ReportAllocs()
	d.phases.start(b)
	for range b.N {
		d.step()
	}
	d.phases.report(b, nodes)
}

// BenchmarkChain is forward + backward over a chain of 10,000 tanh and mul nodes.
func BenchmarkChain(b *testing.B) {
	t := autograd.NewTape()
	x := t.New(0.5)
	w := t.New(0.9)
	mark := t.Len()
	var p phases
	run := func() {
		t.Truncate(mark)
		start := cpuclock.Now()
		v := x
		for range 5000 {
			v = v.Mul(w).Tanh()
		}
		built := cpuclock.Now()
		v.Backward()
		p.fwd += built - start
		p.bwd += cpuclock.Now() - built
	}
	run()
	nodes := t.Len() - mark
	b.ReportAllocs()
	p.start(b)
	for range b.N {
		run()
	}
	p.report(b, nodes)
}

// A micrograd port as a user writes it: neurons, layers and an MLP as
// slices of Values, each call making new slices, each neuron's
// sum((wi*xi for wi, xi in zip(self.w, x)), self.b) a chain of Mul and Add.
type (
	mgNeuron struct {
		w      []V
		b      V
		nonlin bool
	}
	mgLayer []mgNeuron
	mgMLP   []mgLayer
)

func (n mgNeuron) call(x []V) V {
	act := n.b
	for i, w := range n.w {
		act = act.Add(w.Mul(x[i]))
	}
	if n.nonlin {
		return act.Relu()
	}
	return act
}

func (l mgLayer) call(x []V) []V {
	out := make([]V, len(l))
	for i, n := range l {
		out[i] = n.call(x)
	}
	return out
}

func (m mgMLP) call(x []V) []V {
	for _, l := range m {
		x = l.call(x)
	}
	return x
}

func (m mgMLP) parameters() []V {
	var ps []V
	for _, l := range m {
		for _, n := range l {
			ps = append(append(ps, n.w...), n.b)
		}
	}
	return ps
}

// BenchmarkMoonsGraphNatural is BenchmarkMoonsGraph's step written with the
// micrograd port above, on the default tape: inputs made with New at every
// step, the losses summed with autograd.Sum, the step's nodes dropped with
// Truncate.
func BenchmarkMoonsGraphNatural(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []int{2, 16, 16, 1}
	var model mgMLP
	for l := 1; l < len(sizes); l++ {
		var layer mgLayer
		for range sizes[l] {
			n := mgNeuron{nonlin: l < len(sizes)-1}
			for range sizes[l-1] {
				n.w = append(n.w, autograd.New(rng.Float64()*2-1))
			}
			n.b = autograd.New(0)
			layer = append(layer, n)
		}
		model = append(model, layer)
	}
	params := model.parameters()
	var X [][2]float64
	var Y []float64
	for range 100 {
		X = append(X, [2]float64{rng.Float64()*3 - 1, rng.Float64()*2 - 1})
		Y = append(Y, float64(rng.IntN(2)*2-1))
	}
	tape := autograd.DefaultTape()
	defer tape.Truncate(params[0].Index())
	mark := tape.Len()
	var p phases
	step := func() int {
		tape.Truncate(mark)
		start := cpuclock.Now()
		losses := make([]V, len(X))
		for i, x := range X {
			score := model.call([]V{autograd.New(x[0]), autograd.New(x[1])})[0]
			losses[i] = score.MulScalar(-Y[i]).AddScalar(1).Relu()
		}
		squares := make([]V, len(params))
		for i, w := range params {
			squares[i] = w.Mul(w)
		}
		loss := autograd.Sum(losses...).MulScalar(1.0 / float64(len(X))).Add(autograd.Sum(squares...).MulScalar(1e-4))
		built := cpuclock.Now()
		for _, w := range params {
			w.SetGrad(0)
		}
		loss.Backward()
		p.fwd += built - start
		p.bwd += cpuclock.Now() - built
		for _, w := range params {
			w.SetData(w.Data() - 0.5*w.Grad())
		}
		return tape.Len() - mark
	}
	nodes := step()
	b.ReportAllocs()
	p.start(b)
	for range b.N {
		step()
	}
	p.report(b, nodes)
}
