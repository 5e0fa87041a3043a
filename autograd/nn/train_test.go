package nn_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/autograd/nn"
)

// TestTrainMoons trains micrograd's demo and checks that it separates the
// moons within its 100 steps, and stays there.
func TestTrainMoons(t *testing.T) {
	d := newDemo(nn.DefaultSeed)
	first := -1
	nn.Train(d.model, d.opt, 100, func(k int) V {
		l := d.step(k)
		if d.acc == 1 && first < 0 {
			first = k
		}
		return l
	})
	if first < 0 || d.acc != 1 {
		t.Fatalf("accuracy %v after 100 steps, want 1", d.acc)
	}
	t.Logf("100%% accuracy from step %d; loss %.4g at step 99", first, d.last)
}

// TestTrainConstantMemory runs 10,000 steps and checks that neither the tape
// nor the heap grows after the first step.
func TestTrainConstantMemory(t *testing.T) {
	X, y := nn.Moons(20, 0.1, 1)
	tape := autograd.NewTape()
	model := nn.NewMLP(2, []int{8, 8, 1}, nn.OnTape(tape))
	inputs := nn.Inputs(tape, X)
	opt := nn.NewAdam(model.Parameters(), 0.01)
	scores := make([]V, 0, len(X))
	var before, after runtime.MemStats
	nodes := 0
	nn.Train(model, opt, 10_000, func(k int) V {
		scores = scores[:0]
		for _, x := range inputs {
			scores = model.AppendForward(scores, x)
		}
		l := nn.BCEWithLogits(scores, y).Add(nn.L2(model.Parameters(), 1e-4))
		switch k {
		case 1:
			nodes = tape.Len()
			runtime.GC()
			runtime.ReadMemStats(&before)
		case 9_999:
			if tape.Len() != nodes {
				t.Errorf("the tape holds %d nodes at step %d, %d at step 1", tape.Len(), k, nodes)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
		}
		return l
	})
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 64<<10 {
		t.Errorf("the heap grew by %d bytes from step 1 to step 9,999", grown)
	}
	if allocs := after.Mallocs - before.Mallocs; allocs > 100 {
		t.Errorf("%d allocations in 9,998 steps", allocs)
	}
}

// TestTrainAllocatesNothing checks that a step of the demo, as
// BenchmarkTrainMoons runs it, makes no allocation.
func TestTrainAllocatesNothing(t *testing.T) {
	d := newDemo(nn.DefaultSeed)
	d.train(1)
	if allocs := testing.AllocsPerRun(20, func() { d.train(1) }); allocs != 0 {
		t.Errorf("%v allocations per step, want 0", allocs)
	}
}

// TestTrainLeavesTheTape checks that Train drops everything it recorded, and
// keeps what was there before.
func TestTrainLeavesTheTape(t *testing.T) {
	d := newDemo(nn.DefaultSeed)
	tape := d.model.Tape()
	before := tape.Len()
	var last V
	nn.Train(d.model, d.opt, 3, func(k int) V {
		last = d.step(k)
		return last
	})
	if tape.Len() != before {
		t.Errorf("the tape has %d nodes after Train, %d before", tape.Len(), before)
	}
	_ = d.inputs[0][0].Data() // made before Train: still valid
	defer func() {
		if r, _ := recover().(string); !strings.Contains(r, "Truncate dropped") {
			t.Errorf("using the loss after Train: panic %q, want the engine's about a dropped Value", r)
		}
	}()
	last.Data()
}

type noParams struct{}

func (noParams) Parameters() []V { return nil }

func TestTrainMisuse(t *testing.T) {
	m := nn.NewMLP(1, []int{1}, nn.OnTape(autograd.NewTape()))
	opt := nn.NewSGD(m.Parameters(), 0.1)
	tests := []struct {
		name, want string
		f          func()
	}{
		{"no parameters", "Train got a Module with no parameters", func() {
			nn.Train(noParams{}, opt, 1, func(int) V { return autograd.New(0) })
		}},
		{"other tape", "loss returned a Value of another tape", func() {
			nn.Train(m, opt, 1, func(int) V { return autograd.NewTape().New(0) })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}

// TestNaturalLoopMatchesTuned trains BenchmarkTrainMoonsNatural's loop and
// BenchmarkTrainMoons's side by side and checks that every step's loss has
// the same bits: the two benchmarks time the same computation.
func TestNaturalLoopMatchesTuned(t *testing.T) {
	model, opt, loss := naturalDemo()
	defer autograd.DefaultTape().Truncate(model.Parameters()[0].Index())
	var natural []float64
	nn.Train(model, opt, 30, func(k int) V {
		l := loss(k)
		natural = append(natural, l.Data())
		return l
	})
	d := newDemo(nn.DefaultSeed)
	nn.Train(d.model, d.opt, 30, func(k int) V {
		l := d.step(k)
		if l.Data() != natural[k] {
			t.Errorf("step %d: the natural loop's loss is %v, the tuned one's %v", k, natural[k], l.Data())
		}
		return l
	})
}
