package autograd_test

import (
	"math"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
)

type V = autograd.Value

// Every op's gradient against central finite differences.
func TestGradCheck(t *testing.T) {
	tests := []struct {
		name string
		f    func(x []V) V
		x    []float64
	}{
		{"add", func(x []V) V { return x[0].Add(x[1]) }, []float64{1.5, -2}},
		{"sub", func(x []V) V { return x[0].Sub(x[1]) }, []float64{1.5, -2}},
		{"mul", func(x []V) V { return x[0].Mul(x[1]) }, []float64{1.5, -2}},
		{"div", func(x []V) V { return x[0].Div(x[1]) }, []float64{1.5, -2}},
		{"neg", func(x []V) V { return x[0].Neg() }, []float64{0.3}},
		{"exp", func(x []V) V { return x[0].Exp() }, []float64{0.7}},
		{"log", func(x []V) V { return x[0].Log() }, []float64{2.5}},
		{"tanh", func(x []V) V { return x[0].Tanh() }, []float64{0.4}},
		{"relu positive", func(x []V) V { return x[0].Relu() }, []float64{0.4}},
		{"relu negative", func(x []V) V { return x[0].Relu() }, []float64{-0.4}},
		{"sigmoid", func(x []V) V { return x[0].Sigmoid() }, []float64{0.8}},
		{"sigmoid negative", func(x []V) V { return x[0].Sigmoid() }, []float64{-3}},
		{"pow 2", func(x []V) V { return x[0].Pow(2) }, []float64{-1.3}},
		{"pow 3", func(x []V) V { return x[0].Pow(3) }, []float64{-1.3}},
		{"pow -1", func(x []V) V { return x[0].Pow(-1) }, []float64{0.6}},
		{"pow 0.5", func(x []V) V { return x[0].Pow(0.5) }, []float64{2}},
		{"pow 0", func(x []V) V { return x[0].Pow(0) }, []float64{2}},
		{"add scalar", func(x []V) V { return x[0].AddScalar(3) }, []float64{1}},
		{"sub scalar", func(x []V) V { return x[0].SubScalar(3) }, []float64{1}},
		{"mul scalar", func(x []V) V { return x[0].MulScalar(-3) }, []float64{1}},
		{"div scalar", func(x []V) V { return x[0].DivScalar(4) }, []float64{1}},
		{"sum", func(x []V) V { return autograd.Sum(x...) }, []float64{1, 2, -3}},
		{"dot", func(x []V) V { return autograd.Dot(x[:2], x[2:]) }, []float64{1, 2, -3, 0.5}},
		{"affine", func(x []V) V { return autograd.Affine(x[0], x[1:3], x[3:]) }, []float64{0.1, 1, 2, -3, 0.5}},
		{"reused a*a+a", func(x []V) V { return x[0].Mul(x[0]).Add(x[0]) }, []float64{1.7}},
		{"dot with itself", func(x []V) V { return autograd.Dot(x, x) }, []float64{1, -2}},
		{"neuron", func(x []V) V {
			return autograd.Affine(x[4], x[:2], x[2:4]).Tanh()
		}, []float64{2, 0, -3, 1, 6.8813735870195432}},
		{"composite", func(x []V) V {
			return x[0].Sigmoid().Mul(x[1].Exp()).Div(x[2].Pow(2).AddScalar(1)).Log().Sub(x[0].Neg().Relu())
		}, []float64{-0.5, 0.25, 1.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := autograd.GradCheck(tt.f, tt.x...); err != nil {
				t.Error(err)
			}
		})
	}
}

// GradCheck must be able to fail: ReLU's kink at 0 has a one-sided gradient
// of 0, while the central difference sees a slope of 1/2.
func TestGradCheckReportsMismatch(t *testing.T) {
	err := autograd.GradCheck(func(x []V) V { return x[0].Relu() }, 0)
	if err == nil || !strings.Contains(err.Error(), "finite difference 0.5") {
		t.Fatalf("GradCheck at ReLU's kink = %v, want a mismatch against 0.5", err)
	}
	err = autograd.GradCheck(func(x []V) V { return x[0].Log() }, -1)
	if err == nil || !strings.Contains(err.Error(), "not finite") {
		t.Fatalf("GradCheck of log(-1) = %v, want a not-finite error", err)
	}
}

// Numbers follow IEEE 754; none of these panic.
func TestIEEE(t *testing.T) {
	tape := autograd.NewTape()
	x := tape.New(-1)
	zero := tape.New(0)
	tests := []struct {
		name string
		v    V
		want float64
	}{
		{"log of negative", x.Log(), math.NaN()},
		{"log of zero", zero.Log(), math.Inf(-1)},
		{"sqrt of negative", x.Pow(0.5), math.NaN()},
		{"1/0", tape.New(1).Div(zero), math.Inf(1)},
		{"-1/0", x.Div(zero), math.Inf(-1)},
		{"0/0", zero.Div(zero), math.NaN()},
		{"relu of NaN", x.Log().Relu(), math.NaN()},
		{"sigmoid of -1000", tape.New(-1000).Sigmoid(), 0},
		{"sigmoid of 1000", tape.New(1000).Sigmoid(), 1},
		{"tanh of 1000", tape.New(1000).Tanh(), 1},
	}
	for _, tt := range tests {
		got := tt.v.Data()
		if !(got == tt.want || math.IsNaN(got) && math.IsNaN(tt.want)) {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
	// NaN gradients propagate to the leaves.
	y := tape.New(-2)
	y.Log().Mul(y).Backward()
	if !math.IsNaN(y.Grad()) {
		t.Errorf("grad of y*log(y) at -2 = %v, want NaN", y.Grad())
	}
}

// Sum, Dot and Affine give the same bits as the chains of nodes they replace.
func TestNaryMatchesChain(t *testing.T) {
	tape := autograd.NewTape()
	var w, x []V
	for k := 0; k < 50; k++ {
		w = append(w, tape.New(math.Sin(float64(k))*1.37))
		x = append(x, tape.New(math.Cos(float64(3*k))/3.1))
	}
	b := tape.New(0.1)
	chain := b
	dot := w[0].Mul(x[0])
	sum := w[0]
	for k := range w {
		chain = chain.Add(w[k].Mul(x[k]))
		if k > 0 {
			dot = dot.Add(w[k].Mul(x[k]))
			sum = sum.Add(w[k])
		}
	}
	if got, want := autograd.Affine(b, w, x).Data(), chain.Data(); got != want {
		t.Errorf("Affine = %b, chain = %b", got, want)
	}
	if got, want := autograd.Dot(w, x).Data(), dot.Data(); got != want {
		t.Errorf("Dot = %b, chain = %b", got, want)
	}
	if got, want := autograd.Sum(w...).Data(), sum.Data(); got != want {
		t.Errorf("Sum = %b, chain = %b", got, want)
	}
}

func TestOpAndInputs(t *testing.T) {
	tape := autograd.NewTape()
	a := tape.New(2).Named("a")
	b := tape.New(3).Named("b")
	tests := []struct {
		v      V
		op     string
		inputs []V
	}{
		{a, "", nil},
		{a.Add(b), "+", []V{a, b}},
		{a.Sub(b), "-", []V{a, b}},
		{a.Mul(a), "*", []V{a, a}},
		{a.Div(b), "/", []V{a, b}},
		{a.Neg(), "neg", []V{a}},
		{a.Exp(), "exp", []V{a}},
		{a.Log(), "log", []V{a}},
		{a.Tanh(), "tanh", []V{a}},
		{a.Relu(), "ReLU", []V{a}},
		{a.Sigmoid(), "sigmoid", []V{a}},
		{a.Pow(2), "**2", []V{a}},
		{a.Pow(-0.5), "**-0.5", []V{a}},
		{autograd.Sum(a, b, a), "sum", []V{a, b, a}},
		{autograd.Dot([]V{a, b}, []V{b, a}), "dot", []V{a, b, b, a}},
		{autograd.Affine(b, []V{a}, []V{a}), "affine", []V{b, a, a}},
	}
	for _, tt := range tests {
		if got := tt.v.Op(); got != tt.op {
			t.Errorf("Op() = %q, want %q", got, tt.op)
		}
		got := tt.v.Inputs()
		if len(got) != len(tt.inputs) {
			t.Errorf("%s: Inputs() = %v, want %v", tt.op, got, tt.inputs)
			continue
		}
		for k := range got {
			if got[k] != tt.inputs[k] {
				t.Errorf("%s: input %d is %v, want %v", tt.op, k, got[k], tt.inputs[k])
			}
		}
	}
	c := a.MulScalar(3)
	if in := c.Inputs(); len(in) != 2 || in[1].Data() != 3 || !in[1].IsLeaf() || in[1].Label() != "" {
		t.Errorf("MulScalar(3) inputs = %v, want a and a leaf holding 3", in)
	}
	if a.Label() != "a" || a.Named("A").Label() != "A" || c.Label() != "" {
		t.Errorf("labels: %q %q", a.Label(), c.Label())
	}
	if s := a.String(); s != "Value(data=2, grad=0)" {
		t.Errorf("String() = %q", s)
	}
}
