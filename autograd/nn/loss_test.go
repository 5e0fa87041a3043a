package nn_test

import (
	"math"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/autograd/nn"
)

// TestLosses checks each loss and its gradient with respect to each score
// against values worked out by hand.
func TestLosses(t *testing.T) {
	tests := []struct {
		name   string
		loss   func([]V, []float64) V
		scores []float64
		y      []float64
		want   float64
		grads  []float64
	}{
		// relu(1-2) = 0, relu(1+0.5) = 1.5, relu(1+0.25) = 1.25; mean 2.75/3.
		// d/ds = -y/3 where the margin is violated, else 0.
		{"Hinge", nn.Hinge, []float64{2, -0.5, 0.25}, []float64{1, 1, -1}, 2.75 / 3, []float64{0, -1.0 / 3, 1.0 / 3}},
		{"Hinge one", nn.Hinge, []float64{-1}, []float64{1}, 2, []float64{-1}},
		// (1 + 0.25 + 4)/3; d/ds = 2(s-y)/3.
		{"MSE", nn.MSE, []float64{1, 2, -1}, []float64{0, 2.5, 1}, 1.75, []float64{2.0 / 3, -1.0 / 3, -4.0 / 3}},
		// log 2, log(1+e**2), log(1+e**3), averaged; d/ds = (σ(s) - y)/3.
		{"BCEWithLogits", nn.BCEWithLogits, []float64{0, 2, -3}, []float64{1, 0, 1}, 1.9562208477255532,
			[]float64{-0.16666666666666666, 0.29359902599262744, -0.3175247089408111}},
		// Large logits: exact, finite, no log of 0.
		{"BCEWithLogits right and sure", nn.BCEWithLogits, []float64{800, -800}, []float64{1, 0}, 0, []float64{0, 0}},
		{"BCEWithLogits wrong and sure", nn.BCEWithLogits, []float64{800}, []float64{0}, 800, []float64{1}},
		{"BCEWithLogits soft target", nn.BCEWithLogits, []float64{0}, []float64{0.25}, math.Ln2, []float64{0.25}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tape := autograd.NewTape()
			s := nn.Inputs(tape, [][]float64{tt.scores})[0]
			l := tt.loss(s, tt.y)
			l.Backward()
			if !near(l.Data(), tt.want) {
				t.Errorf("loss %v, want %v", l.Data(), tt.want)
			}
			for i, v := range s {
				if !near(v.Grad(), tt.grads[i]) {
					t.Errorf("d loss / d score %d = %v, want %v", i, v.Grad(), tt.grads[i])
				}
			}
		})
	}
}

// near reports whether x and want agree to 1e-15 relative (absolute below 1).
func near(x, want float64) bool { return math.Abs(x-want) <= 1e-15*math.Max(1, math.Abs(want)) }

func TestL2(t *testing.T) {
	tape := autograd.NewTape()
	p := nn.Inputs(tape, [][]float64{{1, -2, 3}})[0]
	l := nn.L2(p, 0.5)
	l.Backward()
	if l.Data() != 7 {
		t.Errorf("L2 = %v, want 0.5 * (1 + 4 + 9) = 7", l.Data())
	}
	for i, want := range []float64{1, -2, 3} { // 2 * 0.5 * p
		if p[i].Grad() != want {
			t.Errorf("d L2 / d p%d = %v, want %v", i, p[i].Grad(), want)
		}
	}
}

// TestLossGradients checks the gradient of each loss with respect to its
// scores against finite differences, away from the kinks of ReLU.
func TestLossGradients(t *testing.T) {
	scores := []float64{0.3, -1.7, 2.2, 0.9, -0.4, 4}
	labels := []float64{1, -1, -1, 1, 1, -1}
	tests := []struct {
		name string
		f    func([]V) V
	}{
		{"Hinge", func(x []V) V { return nn.Hinge(x, labels) }},
		{"MSE", func(x []V) V { return nn.MSE(x, []float64{0.5, -2, 1, 1, 0, 3}) }},
		{"BCEWithLogits", func(x []V) V { return nn.BCEWithLogits(x, []float64{1, 0, 0, 1, 0.3, 1}) }},
		{"L2", func(x []V) V { return nn.L2(x, 1e-2) }},
		{"demo loss", func(x []V) V { return nn.Hinge(x, labels).Add(nn.L2(x, 1e-4)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := autograd.GradCheck(tt.f, scores...); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestHingeMatchesMicrograd builds the demo's loss the way micrograd does,
// node by node, and checks that Hinge and L2 give the same bits, for sizes
// around the length of the buffer that Hinge sums in.
func TestHingeMatchesMicrograd(t *testing.T) {
	for _, n := range []int{1, 2, 63, 64, 65, 127, 128, 129, 300} {
		tape := autograd.NewTape()
		X, y := nn.Moons(n, 0.3, uint64(n))
		for i := range y {
			y[i] = 2*y[i] - 1
		}
		scores := make([]V, n)
		for i, x := range X {
			scores[i] = tape.New(x[0]*3 - x[1]) // scores of either sign
		}
		got := nn.Hinge(scores, y).Add(nn.L2(scores, 1e-4))

		// losses = [(1 + -yi*scorei).relu() ...]; sum(losses) * (1.0 / len(losses))
		var sum, reg V
		for i, s := range scores {
			li := s.MulScalar(-y[i]).AddScalar(1).Relu()
			pp := s.Mul(s)
			if i == 0 { // Python's sum starts from 0, and 0 + x is x.
				sum, reg = li, pp
			} else {
				sum, reg = sum.Add(li), reg.Add(pp)
			}
		}
		want := sum.MulScalar(1.0 / float64(n)).Add(reg.MulScalar(1e-4))
		if got.Data() != want.Data() {
			t.Errorf("%d scores: Hinge + L2 = %v, micrograd's nodes give %v", n, got.Data(), want.Data())
		}
	}
}

func TestAccuracy(t *testing.T) {
	tests := []struct {
		name   string
		scores []float64
		y      []float64
		want   float64
	}{
		{"labels ±1", []float64{1, -1, 0, 2}, []float64{1, -1, 1, -1}, 0.5},
		{"labels 0 and 1", []float64{1, -1, 0, 2}, []float64{1, 0, 0, 1}, 1},
		{"all wrong", []float64{-3}, []float64{1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := nn.Inputs(autograd.NewTape(), [][]float64{tt.scores})[0]
			if got := nn.Accuracy(s, tt.y); got != tt.want {
				t.Errorf("Accuracy = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLossMisuse(t *testing.T) {
	s := nn.Inputs(autograd.NewTape(), [][]float64{{1, 2, 3}})[0]
	tests := []struct {
		name, want string
		f          func()
	}{
		{"Hinge lengths", "Hinge got 3 scores and 2 targets", func() { nn.Hinge(s, []float64{1, 1}) }},
		{"MSE lengths", "MSE got 3 scores and 4 targets", func() { nn.MSE(s, make([]float64, 4)) }},
		{"BCEWithLogits empty", "BCEWithLogits got 0 scores and 0 targets", func() { nn.BCEWithLogits(nil, nil) }},
		{"Accuracy lengths", "Accuracy got 2 scores and 3 targets", func() { nn.Accuracy(s[:2], make([]float64, 3)) }},
		{"L2 empty", "L2 of no parameters", func() { nn.L2(nil, 1e-4) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}
