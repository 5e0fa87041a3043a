package nn_test

import (
	"math"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/autograd/nn"
)

// TestOptimizers runs each optimizer for a few steps with given gradients
// and checks the parameters after each step against the update worked out
// by hand from its formula.
func TestOptimizers(t *testing.T) {
	demo := func(k int) float64 { return 1.0 - 0.9*float64(k)/100 }
	tests := []struct {
		name  string
		opt   func([]V) nn.Optimizer
		start []float64
		grads [][]float64 // per step
		want  [][]float64 // parameters after each step
	}{
		{"SGD", func(p []V) nn.Optimizer { return nn.NewSGD(p, 0.1) },
			[]float64{1, -2},
			[][]float64{{0.5, 0.25}, {-1, 0}},
			[][]float64{{1 - 0.05, -2 - 0.025}, {0.95 + 0.1, -2.025}}},
		{"SGD with micrograd's schedule", func(p []V) nn.Optimizer { return nn.NewSGD(p, 7).Schedule(demo) },
			[]float64{1},
			[][]float64{{0.5}, {0.5}, {-2}},
			// lr = 1, then 1 - 0.9/100 = 0.991, then 1 - 1.8/100 = 0.982
			[][]float64{{0.5}, {0.5 - 0.991*0.5}, {0.0045 + 0.982*2}}},
		{"SGD with momentum", func(p []V) nn.Optimizer { return nn.NewSGD(p, 0.1).Momentum(0.9) },
			[]float64{1, 0},
			[][]float64{{0.5, 0}, {0.5, 0}, {-1, 2}},
			// v = 0.5, 0.9*0.5 + 0.5 = 0.95, 0.9*0.95 - 1 = -0.145; second: v = 0, 0, 2
			[][]float64{{0.95, 0}, {0.95 - 0.095, 0}, {0.855 + 0.0145, -0.2}}},
		{"Adam", func(p []V) nn.Optimizer { return nn.NewAdam(p, 0.1) },
			[]float64{1},
			[][]float64{{0.5}, {-1}},
			// Step 1: m = 0.05, v = 0.00025; corrected, m/(1-0.9) = 0.5 and
			// v/(1-0.999) = 0.25, so p moves by 0.1 * 0.5/(0.5 + 1e-8).
			// Step 2: m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 =
			// 0.00124975, corrected by 1 - 0.81 = 0.19 and 1 - 0.998001 = 0.001999.
			[][]float64{
				{1 - 0.1*0.5/(0.5+1e-8)},
				{1 - 0.1*0.5/(0.5+1e-8) - 0.1*(-0.055/0.19)/(math.Sqrt(0.00124975/0.001999)+1e-8)}}},
		{"Adam with betas 0.5 and no eps", func(p []V) nn.Optimizer { return nn.NewAdam(p, 0.1).Betas(0.5, 0.5).Eps(0) },
			[]float64{1, 3},
			[][]float64{{0.5, -4}, {-1, 0}},
			// First parameter: m = 0.25, v = 0.125, so p moves by 0.1 * sign(g);
			// then m = -0.375, v = 0.5625, both corrected by 1 - 0.25 = 0.75.
			// Second: m = -2, v = 8, corrected by 0.5: p moves by 0.1 again;
			// then m = -1, v = 4, corrected by 0.75.
			[][]float64{
				{0.9, 3.1},
				{0.9 + 0.1*0.5/math.Sqrt(0.75), 3.1 + 0.1*(1/0.75)/math.Sqrt(4/0.75)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := nn.Inputs(autograd.NewTape(), [][]float64{tt.start})[0]
			opt := tt.opt(p)
			for k, grads := range tt.grads {
				for i, g := range grads {
					p[i].SetGrad(g)
				}
				opt.Step()
				for i, want := range tt.want[k] {
					if got := p[i].Data(); math.Abs(got-want) > 1e-14*math.Max(1, math.Abs(want)) {
						t.Errorf("step %d, parameter %d: %.17g, want %.17g", k, i, got, want)
					}
				}
			}
		})
	}
}

func TestOptimizerMisuse(t *testing.T) {
	p := []V{autograd.NewTape().New(1)}
	tests := []struct {
		name, want string
		f          func()
	}{
		{"momentum 1", "SGD.Momentum(1): momentum must be in [0, 1)", func() { nn.NewSGD(p, 0.1).Momentum(1) }},
		{"momentum negative", "SGD.Momentum(-0.5)", func() { nn.NewSGD(p, 0.1).Momentum(-0.5) }},
		{"momentum NaN", "SGD.Momentum(NaN)", func() { nn.NewSGD(p, 0.1).Momentum(math.NaN()) }},
		{"betas", "Adam.Betas(0.9, 1): both must be in [0, 1)", func() { nn.NewAdam(p, 0.1).Betas(0.9, 1) }},
		{"SGD schedule nil", "SGD.Schedule(nil)", func() { nn.NewSGD(p, 0.1).Schedule(nil) }},
		{"Adam schedule nil", "Adam.Schedule(nil)", func() { nn.NewAdam(p, 0.1).Schedule(nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}
