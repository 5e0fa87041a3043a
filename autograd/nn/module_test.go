package nn_test

import (
	"math"
	"strings"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/autograd/nn"
)

type V = autograd.Value

// mustPanic runs f and checks that it panics with a message that starts with
// "nn: " and contains want.
func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic, want one containing %q", want)
		}
		msg, _ := r.(string)
		if !strings.HasPrefix(msg, "nn: ") || !strings.Contains(msg, want) {
			t.Fatalf("panic %q, want one starting with \"nn: \" and containing %q", r, want)
		}
	}()
	f()
}

func TestNewMLP(t *testing.T) {
	tests := []struct {
		name   string
		nin    int
		nouts  []int
		opts   []nn.Option
		params int
		str    string
	}{
		{"one neuron", 3, []int{1}, nil, 4, "MLP of [Layer of [LinearNeuron(3)]]"},
		{"hidden ReLU", 2, []int{2, 1}, nil, 6 + 3, "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(2)]]"},
		{"hidden tanh", 1, []int{2, 2}, []nn.Option{nn.Nonlin(nn.Tanh)}, 4 + 6, "MLP of [Layer of [TanhNeuron(1), TanhNeuron(1)], Layer of [LinearNeuron(2), LinearNeuron(2)]]"},
		{"demo", 2, []int{16, 16, 1}, nil, 16*3 + 16*17 + 17, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tape := autograd.NewTape()
			m := nn.NewMLP(tt.nin, tt.nouts, append(tt.opts, nn.OnTape(tape))...)
			ps := m.Parameters()
			if len(ps) != tt.params || tape.Len() != tt.params {
				t.Fatalf("%d parameters, %d nodes on the tape, want %d", len(ps), tape.Len(), tt.params)
			}
			if tt.str != "" && m.String() != tt.str {
				t.Errorf("String() = %q, want %q", m.String(), tt.str)
			}
			// micrograd's order, which is also the tape's: layer by layer,
			// neuron by neuron, weights then bias.
			k := 0
			for l, layer := range m.Layers() {
				if got := len(layer.Neurons()); got != tt.nouts[l] {
					t.Fatalf("layer %d has %d neurons, want %d", l, got, tt.nouts[l])
				}
				lp := layer.Parameters()
				for j, n := range layer.Neurons() {
					for _, p := range append(append([]V(nil), n.Weights()...), n.Bias()) {
						if ps[k] != p || p.Index() != k {
							t.Fatalf("parameter %d (layer %d, neuron %d) is at tape index %d, or out of order", k, l, j, p.Index())
						}
						k++
					}
					if n.Bias().Data() != 0 {
						t.Errorf("layer %d neuron %d: bias %v, want 0", l, j, n.Bias().Data())
					}
					for _, w := range n.Weights() {
						if x := w.Data(); x < -1 || x >= 1 || x == 0 {
							t.Errorf("weight %v outside [-1, 1) or exactly 0", x)
						}
					}
					want := nn.Relu
					if l == len(tt.nouts)-1 {
						want = nn.Linear
					} else if tt.opts != nil {
						want = nn.Tanh
					}
					if n.Activation() != want {
						t.Errorf("layer %d neuron %d: activation %v, want %v", l, j, n.Activation(), want)
					}
				}
				if len(lp) != tt.nouts[l]*(len(layer.Neurons()[0].Weights())+1) || lp[0] != layer.Neurons()[0].Weights()[0] {
					t.Errorf("layer %d: Parameters() does not list its neurons' parameters", l)
				}
			}
		})
	}
}

// TestSeed checks that the weights depend on the seed only: the same seed
// gives the same weights, on any tape, whatever was recorded before.
func TestSeed(t *testing.T) {
	weights := func(opts ...nn.Option) []float64 {
		tape := autograd.NewTape()
		tape.New(42) // something recorded before the model
		return data(nn.NewMLP(2, []int{4, 1}, append(opts, nn.OnTape(tape))...).Parameters())
	}
	def := weights()
	tests := []struct {
		name string
		opts []nn.Option
		same bool
	}{
		{"no option", nil, true},
		{"DefaultSeed", []nn.Option{nn.Seed(nn.DefaultSeed)}, true},
		{"other seed", []nn.Option{nn.Seed(nn.DefaultSeed + 1)}, false},
		{"tanh", []nn.Option{nn.Nonlin(nn.Tanh)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := weights(tt.opts...)
			same := true
			for i := range got {
				same = same && got[i] == def[i]
			}
			if same != tt.same {
				t.Errorf("same weights as the default: %v, want %v", same, tt.same)
			}
		})
	}
	// A lone neuron or layer draws the same numbers as the start of an MLP.
	tape := autograd.NewTape()
	n := nn.NewNeuron(2, nn.OnTape(tape))
	l := nn.NewLayer(2, 4, nn.OnTape(tape))
	for i, p := range n.Parameters() {
		if p.Data() != def[i] || l.Parameters()[i].Data() != def[i] {
			t.Fatalf("parameter %d differs between NewNeuron, NewLayer and NewMLP", i)
		}
	}
}

func TestDefaultTape(t *testing.T) {
	before := autograd.DefaultTape().Len()
	m := nn.NewMLP(1, []int{1})
	if m.Tape() != autograd.DefaultTape() || autograd.DefaultTape().Len() != before+2 {
		t.Fatal("NewMLP without OnTape did not record its parameters on autograd.DefaultTape()")
	}
	autograd.DefaultTape().Truncate(before)
}

// TestForwardMatchesMicrograd builds each neuron the way micrograd does,
// sum((wi*xi for wi, xi in zip(w, x)), b) from Mul and Add nodes, and checks
// that Forward's fused nodes give the same bits.
func TestForwardMatchesMicrograd(t *testing.T) {
	for _, act := range []nn.Activation{nn.Relu, nn.Tanh} {
		t.Run(act.String(), func(t *testing.T) {
			tape := autograd.NewTape()
			m := nn.NewMLP(3, []int{16, 16, 2}, nn.OnTape(tape), nn.Nonlin(act))
			xs := [][]float64{{0.5, -1.5, 2}, {1e-3, 7, -0.25}, {0, 0, 0}}
			for _, xf := range xs {
				x := nn.Inputs(tape, [][]float64{xf})[0]
				start := tape.Len()
				got := m.Forward(x)
				if nodes := tape.Len() - start; nodes != 2*32+2 {
					t.Errorf("Forward recorded %d nodes, want 2 per hidden neuron and 1 per output", nodes)
				}
				want := x
				for l, layer := range m.Layers() {
					var out []V
					for _, n := range layer.Neurons() {
						s := n.Bias()
						for k, w := range n.Weights() {
							s = s.Add(w.Mul(want[k]))
						}
						if l < len(m.Layers())-1 {
							if act == nn.Relu {
								s = s.Relu()
							} else {
								s = s.Tanh()
							}
						}
						out = append(out, s)
					}
					want = out
				}
				pred := m.Predict(xf)
				for i := range got {
					if got[i].Data() != want[i].Data() || pred[i] != want[i].Data() {
						t.Errorf("x = %v, output %d: Forward %v, Predict %v, micrograd's chain %v", xf, i, got[i].Data(), pred[i], want[i].Data())
					}
				}
			}
		})
	}
}

// TestForwardGradients checks Backward through Forward against central
// differences, with respect to the parameters and to the inputs.
func TestForwardGradients(t *testing.T) {
	for _, act := range []nn.Activation{nn.Relu, nn.Tanh, nn.Linear} {
		t.Run(act.String(), func(t *testing.T) {
			net := func(tape *autograd.Tape) *nn.MLP {
				return nn.NewMLP(2, []int{3, 2}, nn.OnTape(tape), nn.Nonlin(act))
			}
			out := func(o []V) V { return o[0].Add(o[1].MulScalar(0.5)) }

			tape := autograd.NewTape()
			m := net(tape)
			x := nn.Inputs(tape, [][]float64{{0.7, -0.3}})[0]
			mark := tape.Len()
			f := func() V {
				tape.Truncate(mark)
				return out(m.Forward(x))
			}
			f().Backward()
			if act == nn.Relu && m.Parameters()[0].Grad() == 0 && m.Parameters()[3].Grad() == 0 {
				t.Fatal("the first neurons are dead at x; pick another x so that the check means something")
			}
			for i, p := range m.Parameters() {
				p0, h := p.Data(), 1e-6
				p.SetData(p0 + h)
				up := f().Data()
				p.SetData(p0 - h)
				down := f().Data()
				p.SetData(p0)
				if num := (up - down) / (2 * h); math.Abs(num-p.Grad()) > 1e-6*math.Max(1, math.Abs(num)) {
					t.Errorf("parameter %d: gradient %v, finite difference %v", i, p.Grad(), num)
				}
			}

			err := autograd.GradCheck(func(x []V) V { return out(net(x[0].Tape()).Forward(x)) }, 0.7, -0.3)
			if err != nil {
				t.Error(err)
			}
		})
	}
}

// TestForwardOffRow checks that inputs that are not one after another on
// the tape, which the first layer reads one by one, give the same outputs
// and gradients, to the bit, as the same inputs in a row.
func TestForwardOffRow(t *testing.T) {
	for _, act := range []nn.Activation{nn.Relu, nn.Tanh} {
		t.Run(act.String(), func(t *testing.T) {
			tape := autograd.NewTape()
			m := nn.NewMLP(3, []int{5, 6, 2}, nn.OnTape(tape), nn.Nonlin(act))
			xf := []float64{0.5, -1.5, 2}
			var scattered []V
			for _, v := range xf {
				scattered = append(scattered, tape.New(v))
				tape.New(99) // between the inputs
			}
			row := nn.Inputs(tape, [][]float64{xf})[0]
			var grads [2][]float64
			var outs [2][]V
			for i, x := range [][]V{row, scattered} {
				m.ZeroGrad()
				outs[i] = m.Forward(x)
				autograd.Dot(outs[i], outs[i]).Backward()
				for _, v := range append(m.Parameters(), x...) {
					grads[i] = append(grads[i], v.Grad())
				}
			}
			for k := range outs[0] {
				if a, b := outs[0][k].Data(), outs[1][k].Data(); a != b {
					t.Errorf("output %d: %v from a row of inputs, %v from scattered ones", k, a, b)
				}
			}
			for k := range grads[0] {
				if grads[0][k] != grads[1][k] {
					t.Errorf("gradient %d: %v from a row of inputs, %v from scattered ones", k, grads[0][k], grads[1][k])
				}
			}
		})
	}
}

func TestLayerAndNeuronForward(t *testing.T) {
	tape := autograd.NewTape()
	l := nn.NewLayer(2, 3, nn.OnTape(tape), nn.Nonlin(nn.Tanh))
	x := nn.Inputs(tape, [][]float64{{0.5, -2}})[0]
	out := l.Forward(x)
	app := l.AppendForward([]V{x[0]}, x)
	if len(out) != 3 || len(app) != 4 || app[0] != x[0] {
		t.Fatalf("Forward gave %d outputs, AppendForward %d; want 3 and 1+3", len(out), len(app))
	}
	for i, n := range l.Neurons() {
		want := math.Tanh(n.Bias().Data() + n.Weights()[0].Data()*0.5 + n.Weights()[1].Data()*-2)
		if o := n.Forward(x).Data(); o != out[i].Data() || o != app[i+1].Data() || math.Abs(o-want) > 1e-15 {
			t.Errorf("neuron %d: %v, Layer.Forward %v, AppendForward %v, want %v", i, o, out[i].Data(), app[i+1].Data(), want)
		}
	}
	if s := l.String(); s != "Layer of [TanhNeuron(2), TanhNeuron(2), TanhNeuron(2)]" {
		t.Errorf("String() = %q", s)
	}
}

func TestZeroGrad(t *testing.T) {
	tape := autograd.NewTape()
	m := nn.NewMLP(2, []int{2, 1}, nn.OnTape(tape))
	l := nn.NewLayer(1, 1, nn.OnTape(tape))
	n := nn.NewNeuron(1, nn.OnTape(tape))
	zeroers := []interface {
		nn.Module
		ZeroGrad()
	}{m, l, n}
	for _, z := range zeroers {
		for _, p := range z.Parameters() {
			p.SetGrad(3)
		}
		z.ZeroGrad()
		for _, p := range z.Parameters() {
			if p.Grad() != 0 {
				t.Fatalf("%v: grad %v after ZeroGrad", z, p.Grad())
			}
		}
	}
}

func TestMisusePanics(t *testing.T) {
	tape := autograd.NewTape()
	m := nn.NewMLP(2, []int{16, 16, 1}, nn.OnTape(tape))
	l := nn.NewLayer(2, 3, nn.OnTape(tape))
	n := nn.NewNeuron(2, nn.OnTape(tape))
	x3 := nn.Inputs(tape, [][]float64{{1, 2, 3}})[0]
	tests := []struct {
		name, want string
		f          func()
	}{
		{"MLP.Forward", "MLP.Forward got 3 inputs, want 2 (the MLP was made with NewMLP(2, [16 16 1]))", func() { m.Forward(x3) }},
		{"MLP.AppendForward", "MLP.AppendForward got 1 inputs, want 2", func() { m.AppendForward(nil, x3[:1]) }},
		{"MLP.Predict", "MLP.Predict got 0 inputs, want 2", func() { m.Predict(nil) }},
		{"Layer.Forward", "Layer.Forward got 3 inputs, want 2 (the layer was made with NewLayer(2, 3))", func() { l.Forward(x3) }},
		{"Layer.AppendForward", "Layer.AppendForward got 3 inputs, want 2", func() { l.AppendForward(nil, x3) }},
		{"Neuron.Forward", "Neuron.Forward got 3 inputs, want 2 (the neuron has 2 weights)", func() { n.Forward(x3) }},
		{"NewMLP no inputs", "NewMLP(0, [1])", func() { nn.NewMLP(0, []int{1}) }},
		{"NewMLP no layers", "NewMLP(2, [])", func() { nn.NewMLP(2, nil) }},
		{"NewMLP empty layer", "NewMLP(2, [16 0 1]): the MLP needs", func() { nn.NewMLP(2, []int{16, 0, 1}) }},
		{"NewLayer", "NewLayer(2, 0)", func() { nn.NewLayer(2, 0) }},
		{"NewNeuron", "NewNeuron(0)", func() { nn.NewNeuron(0) }},
		{"OnTape(nil)", "OnTape(nil)", func() { nn.NewMLP(1, []int{1}, nn.OnTape(nil)) }},
		{"Nonlin", "Nonlin(Activation(7)); use nn.Relu, nn.Tanh or nn.Linear", func() { nn.NewNeuron(1, nn.Nonlin(7)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}

// TestPredictLeavesTheTape checks that Predict gives Forward's numbers and
// leaves the tape as it found it, with the Values already on it still valid.
func TestPredictLeavesTheTape(t *testing.T) {
	tape := autograd.NewTape()
	m := nn.NewMLP(2, []int{4, 4, 2}, nn.OnTape(tape), nn.Nonlin(nn.Tanh))
	x := nn.Inputs(tape, [][]float64{{0.3, -0.8}})[0]
	out := m.Forward(x)
	before := tape.Len()
	for range 3 {
		pred := m.Predict([]float64{0.3, -0.8})
		if tape.Len() != before {
			t.Fatalf("the tape has %d nodes after Predict, %d before", tape.Len(), before)
		}
		for i := range out {
			if pred[i] != out[i].Data() { // out[i] is still valid: Data does not panic
				t.Errorf("output %d: Predict %v, Forward %v", i, pred[i], out[i].Data())
			}
		}
	}
}

// TestForwardSlicesAreApart checks that the slices Forward returns, carved
// from one chunk, never share memory: appending to one leaves the next as
// it was.
func TestForwardSlicesAreApart(t *testing.T) {
	tape := autograd.NewTape()
	m := nn.NewMLP(2, []int{3, 2}, nn.OnTape(tape))
	l := nn.NewLayer(2, 3, nn.OnTape(tape))
	x := nn.Inputs(tape, [][]float64{{0.5, -1}})[0]
	for _, forward := range []func([]V) []V{m.Forward, l.Forward} {
		var outs [][]V
		for range 300 { // more than a chunk
			outs = append(outs, forward(x))
		}
		want := outs[1][0]
		_ = append(outs[0], x[0], x[0], x[0])
		if outs[1][0] != want {
			t.Fatal("appending to one Forward's outputs changed the next one's")
		}
		for _, o := range outs {
			if len(o) != cap(o) {
				t.Fatalf("Forward returned a slice of length %d and capacity %d", len(o), cap(o))
			}
		}
	}
}
