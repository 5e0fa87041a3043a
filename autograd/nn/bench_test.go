package nn_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/littlegrad/littlegrad/autograd"
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
	b.ResetTimer()
	d.train(b.N)
	b.ReportMetric(float64(nodes), "nodes/op")
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

// BenchmarkHistory is BenchmarkTrainMoons's step, and the Backward in it, on
// a tape of its own and on a tape that already holds 50 earlier demos, each
// trained for 5 steps, as in a session that tried several models: the cost
// of a step should follow its graph, not the history below it.
func BenchmarkHistory(b *testing.B) {
	for _, earlier := range []int{0, 50} {
		setup := func() *demo {
			tape := autograd.NewTape()
			for k := range earlier {
				newDemoOn(tape, uint64(k+1)).train(5)
			}
			d := newDemoOn(tape, nn.DefaultSeed)
			d.train(1) // the tape's slices grow once
			return d
		}
		b.Run(fmt.Sprintf("step/earlier=%d", earlier), func(b *testing.B) {
			d := setup()
			b.ReportAllocs()
			b.ResetTimer()
			d.train(b.N)
		})
		b.Run(fmt.Sprintf("backward/earlier=%d", earlier), func(b *testing.B) {
			d := setup()
			tape := d.model.Tape()
			mark := tape.Len()
			b.ReportAllocs()
			b.ResetTimer()
			var elapsed time.Duration
			for k := range b.N {
				tape.Truncate(mark)
				loss := d.step(k)
				d.model.ZeroGrad()
				start := time.Now()
				loss.Backward()
				elapsed += time.Since(start)
			}
			b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N), "backward-ns/op")
		})
	}
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
	b.ResetTimer()
	nn.Train(model, opt, b.N, loss)
	b.StopTimer()
	b.ReportMetric(float64(nodes), "nodes/op")
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
