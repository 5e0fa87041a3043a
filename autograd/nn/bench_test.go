package nn_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/autograd/internal/cpuclock"
	"github.com/littlegrad/littlegrad/autograd/nn"
)

// demo is micrograd's demo, set up once: an MLP(2, [16, 16, 1]) on 100 moons
// points (noise 0.1) with labels -1 and +1, the inputs recorded after the
// parameters, and SGD with micrograd's learning-rate schedule.
type demo struct {
	model  *nn.MLP
	inputs [][]autograd.Value
	y      []float64
	opt    *nn.SGD
	scores []autograd.Value
	last   float64 // loss of the last step
	acc    float64 // of the last step
}

// newDemo builds the demo on its own tape, from the given seed for both the
// data and the weights.
func newDemo(seed uint64) *demo { return newDemoOn(autograd.NewTape(), seed) }

// newDemoOn builds the demo on tape, after what is already there.
func newDemoOn(tape *autograd.Tape, seed uint64) *demo {
	X, y := nn.Moons(100, 0.1, seed)
	for i := range y {
		y[i] = 2*y[i] - 1
	}
	d := &demo{model: nn.NewMLP(2, []int{16, 16, 1}, nn.OnTape(tape), nn.Seed(seed)), y: y}
	d.inputs = nn.Inputs(tape, X)
	// micrograd's schedule, restarted every 100 steps so that any number of
	// steps trains like the demo.
	d.opt = nn.NewSGD(d.model.Parameters(), 1).Schedule(func(k int) float64 { return 1.0 - 0.9*float64(k%100)/100 })
	d.scores = make([]autograd.Value, 0, len(X))
	return d
}

// step builds step k's loss: hinge loss + 1e-4 * sum(p*p).
func (d *demo) step(k int) autograd.Value {
	d.scores = d.scores[:0]
	for _, x := range d.inputs {
		d.scores = d.model.AppendForward(d.scores, x)
	}
	l := nn.Hinge(d.scores, d.y).Add(nn.L2(d.model.Parameters(), 1e-4))
	d.last, d.acc = l.Data(), nn.Accuracy(d.scores, d.y)
	return l
}

func (d *demo) train(steps int) { nn.Train(d.model, d.opt, steps, d.step) }

// BenchmarkTrainMoons is one full-batch step of micrograd's demo: forward
// over 100 points, loss, Backward and the SGD update.
func BenchmarkTrainMoons(b *testing.B) {
	d := newDemo(nn.DefaultSeed)
	d.train(1) // the tape's slices grow once
	nodes := stepNodes(d.model.Tape(), d.step)
	b.ReportAllocs()
	cpu := startCPU(b)
	d.train(b.N)
	cpu(nodes)
}

// startCPU locks the benchmark to its thread and starts the timer and the
// thread's CPU clock (see cpuclock); the function it returns reports the
// CPU time per step, and the nodes a step records.
func startCPU(b *testing.B) func(nodes int) {
	runtime.LockOSThread()
	b.Cleanup(runtime.UnlockOSThread)
	b.ResetTimer()
	start := cpuclock.Now()
	return func(nodes int) {
		b.ReportMetric(float64((cpuclock.Now()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(nodes), "nodes/op")
	}
}

// stepNodes returns the number of nodes that loss records on tape.
func stepNodes(tape *autograd.Tape, loss func(int) autograd.Value) int {
	mark := tape.Len()
	defer tape.Truncate(mark)
	loss(0)
	return tape.Len() - mark
}

// BenchmarkMoonsForward is the forward half of BenchmarkTrainMoons: the
// scores of the 100 points and the loss, without Backward and the update.
// Most of it is autograd.Affine recording each weight and input.
func BenchmarkMoonsForward(b *testing.B) {
	d := newDemo(nn.DefaultSeed)
	tape := d.model.Tape()
	mark := tape.Len()
	d.step(0) // the tape's slices grow once
	b.ReportAllocs()
	b.ResetTimer()
	for k := range b.N {
		tape.Truncate(mark)
		d.step(k)
	}
}

// BenchmarkHistory runs BenchmarkTrainMoons's step on two tapes in turn: a
// tape of its own, and one that already holds 50 earlier demos, each trained
// for 5 steps, as in a session that tried several models. The cost of a
// step should follow its graph, not what lies below it on the tape: the
// benchmark reports the ratios of the step's time, and of its Backward's,
// with the history to without. Alternating step by step gives both the same
// machine, and the thread's CPU clock (see cpuclock) leaves out the waits of
// a machine shared with other jobs.
func BenchmarkHistory(b *testing.B) {
	tape := autograd.NewTape()
	for k := range 50 {
		newDemoOn(tape, uint64(k+1)).train(5)
	}
	demos := [2]*demo{newDemo(nn.DefaultSeed), newDemoOn(tape, nn.DefaultSeed)}
	var steps, backwards [2]time.Duration
	step := func(i, k int) { // Train's loop, timed
		d := demos[i]
		t := d.model.Tape()
		mark := t.Len()
		start := cpuclock.Now()
		loss := d.step(k)
		d.model.ZeroGrad()
		built := cpuclock.Now()
		loss.Backward()
		backwards[i] += cpuclock.Now() - built
		d.opt.Step()
		t.Truncate(mark)
		steps[i] += cpuclock.Now() - start
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	step(0, 0) // the tapes' slices grow once
	step(1, 0)
	steps, backwards = [2]time.Duration{}, [2]time.Duration{}
	b.ReportAllocs()
	b.ResetTimer()
	for k := range b.N {
		step(0, k)
		step(1, k)
	}
	b.ReportMetric(float64(steps[1])/float64(steps[0]), "step-ratio")
	b.ReportMetric(float64(backwards[1])/float64(backwards[0]), "backward-ratio")
}

// BenchmarkTrainMoonsNatural is BenchmarkTrainMoons's step written the way a
// micrograd user writes it: the model on the default tape, the inputs made
// at every step with autograd.New, Forward(x)[0], the hinge from MulScalar,
// AddScalar and Relu, the L2 term from p.Mul(p), both summed with
// autograd.Sum, and fresh slices at every step.
func BenchmarkTrainMoonsNatural(b *testing.B) {
	model, opt, loss := naturalDemo()
	nn.Train(model, opt, 1, loss) // the tape's slices grow once
	nodes := stepNodes(model.Tape(), loss)
	b.ReportAllocs()
	cpu := startCPU(b)
	nn.Train(model, opt, b.N, loss)
	cpu(nodes)
	autograd.DefaultTape().Truncate(model.Parameters()[0].Index())
}

// naturalDemo returns the model, the optimizer and the loss of
// BenchmarkTrainMoonsNatural, on the default tape.
func naturalDemo() (*nn.MLP, *nn.SGD, func(int) autograd.Value) {
	X, y := nn.Moons(100, 0.1, nn.DefaultSeed)
	for i := range y {
		y[i] = 2*y[i] - 1
	}
	model := nn.NewMLP(2, []int{16, 16, 1})
	params := model.Parameters()
	opt := nn.NewSGD(params, 1).Schedule(func(k int) float64 { return 1.0 - 0.9*float64(k%100)/100 })
	return model, opt, func(int) autograd.Value {
		scores := make([]autograd.Value, len(X))
		for i, x := range X {
			scores[i] = model.Forward([]autograd.Value{autograd.New(x[0]), autograd.New(x[1])})[0]
		}
		losses := make([]autograd.Value, len(scores))
		for i, s := range scores {
			losses[i] = s.MulScalar(-y[i]).AddScalar(1).Relu()
		}
		dataLoss := autograd.Sum(losses...).MulScalar(1.0 / float64(len(losses)))
		squares := make([]autograd.Value, len(params))
		for i, p := range params {
			squares[i] = p.Mul(p)
		}
		regLoss := autograd.Sum(squares...).MulScalar(1e-4)
		return dataLoss.Add(regLoss)
	}
}
