package nn

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/littlegrad/littlegrad/autograd"
)

// A Module is anything with trainable parameters: a Neuron, a Layer, an MLP,
// or a model of your own.
type Module interface {
	// Parameters returns the Values an optimizer updates.
	Parameters() []autograd.Value
}

// DefaultSeed seeds the weights of every Neuron, Layer and MLP made without
// the Seed option, so a program that builds the same model twice, or runs
// twice, gets the same weights. It is the seed of micrograd's demo.
const DefaultSeed uint64 = 1337

// An Activation is the nonlinearity a neuron applies to its pre-activation.
type Activation uint8

const (
	Relu   Activation = iota // max(0, x), micrograd's default
	Tanh                     // tanh(x)
	Linear                   // x itself: no nonlinearity, as in an MLP's last layer
)

// String returns "ReLU", "Tanh" or "Linear", the prefixes of micrograd's
// neuron names (micrograd prints ReLUNeuron, and its ReLU node's op as
// "ReLU", though its method, like Value.Relu, is relu).
func (a Activation) String() string {
	switch a {
	case Relu:
		return "ReLU"
	case Tanh:
		return "Tanh"
	case Linear:
		return "Linear"
	}
	return fmt.Sprintf("Activation(%d)", uint8(a))
}

func (a Activation) apply(v autograd.Value) autograd.Value {
	switch a {
	case Relu:
		return v.Relu()
	case Tanh:
		return v.Tanh()
	}
	return v
}

// applyRow is apply for each Value of a Row, as one Row: a layer's
// activations.
func (a Activation) applyRow(r autograd.Row) autograd.Row {
	switch a {
	case Relu:
		return r.Relu()
	case Tanh:
		return r.Tanh()
	}
	return r
}

// An Option configures NewNeuron, NewLayer and NewMLP.
type Option func(*options)

type options struct {
	seed uint64
	tape *autograd.Tape
	act  Activation
}

// Seed makes the weights from seed instead of DefaultSeed.
func Seed(seed uint64) Option { return func(o *options) { o.seed = seed } }

// OnTape records the parameters on t instead of autograd.DefaultTape().
func OnTape(t *autograd.Tape) Option { return func(o *options) { o.tape = t } }

// Nonlin sets the activation of a Neuron or a Layer, or of an MLP's hidden
// layers (its last layer is always Linear). The default is Relu.
func Nonlin(a Activation) Option { return func(o *options) { o.act = a } }

// params records the parameters of a Neuron, Layer or MLP.
type params struct {
	tape *autograd.Tape
	rng  *rand.Rand
	all  []autograd.Value
}

func newParams(fn string, n int, opts []Option) (options, *params) {
	o := options{seed: DefaultSeed, tape: autograd.DefaultTape(), act: Relu}
	for _, opt := range opts {
		opt(&o)
	}
	if o.tape == nil {
		panic("nn: " + fn + " got OnTape(nil); pass a tape made with autograd.NewTape, or leave the option out for the default tape")
	}
	if o.act > Linear {
		panic(fmt.Sprintf("nn: %s got Nonlin(%v); use nn.Relu, nn.Tanh or nn.Linear", fn, o.act))
	}
	return o, &params{
		tape: o.tape,
		rng:  rand.New(rand.NewPCG(o.seed, 0)),
		all:  make([]autograd.Value, 0, n),
	}
}

// neuron records a neuron's weights, uniform in [-1, 1), then its bias, 0,
// as micrograd does.
func (p *params) neuron(nin int, act Activation) *Neuron {
	start := len(p.all)
	for range nin {
		p.all = append(p.all, p.tape.New(p.rng.Float64()*2-1))
	}
	p.all = append(p.all, p.tape.New(0))
	return &Neuron{params: p.all[start:len(p.all):len(p.all)], act: act}
}

func (p *params) layer(nin, nout int, act Activation) *Layer {
	start := len(p.all)
	l := &Layer{nin: nin, neurons: make([]*Neuron, nout), act: act}
	for i := range l.neurons {
		n := p.neuron(nin, act)
		l.neurons[i] = n
	}
	l.params = p.all[start:len(p.all):len(p.all)]
	l.row, _ = autograd.RowOf(l.params) // recorded one after another
	return l
}

func zeroGrad(params []autograd.Value) {
	for _, p := range params {
		p.SetGrad(0)
	}
}

// A Neuron computes act(b + w·x): micrograd's Neuron. Its pre-activation is
// one node, autograd.Affine, which sums ((b + w0*x0) + w1*x1) + … in
// micrograd's order and so gets micrograd's bits.
type Neuron struct {
	params []autograd.Value // weights, then the bias
	act    Activation
}

// NewNeuron returns a neuron with nin weights drawn uniformly from [-1, 1)
// and a bias of 0, recorded on the tape in that order, with a ReLU unless
// Nonlin says otherwise. It panics if nin < 1, or if an option is OnTape(nil)
// or Nonlin of an unknown Activation.
func NewNeuron(nin int, opts ...Option) *Neuron {
	if nin < 1 {
		panic(fmt.Sprintf("nn: NewNeuron(%d): a neuron needs at least one input", nin))
	}
	o, p := newParams("NewNeuron", nin+1, opts)
	return p.neuron(nin, o.act)
}

// Weights returns the neuron's weights. The slice is the neuron's own: read
// it, do not change it.
func (n *Neuron) Weights() []autograd.Value {
	last := len(n.params) - 1
	return n.params[:last:last]
}

// Bias returns the neuron's bias.
func (n *Neuron) Bias() autograd.Value { return n.params[len(n.params)-1] }

// Activation returns the neuron's nonlinearity.
func (n *Neuron) Activation() Activation { return n.act }

// Parameters returns the weights, then the bias. The slice is the neuron's
// own: read it, do not change it.
func (n *Neuron) Parameters() []autograd.Value { return n.params }

// ZeroGrad sets the gradient of every parameter to zero.
func (n *Neuron) ZeroGrad() { zeroGrad(n.params) }

// Forward returns act(b + w·x), recording two nodes (one for Linear). It
// panics if len(x) is not the number of weights.
func (n *Neuron) Forward(x []autograd.Value) autograd.Value {
	if len(x) != len(n.params)-1 {
		panic(fmt.Sprintf("nn: Neuron.Forward got %d inputs, want %d (the neuron has %d weights)", len(x), len(n.params)-1, len(n.params)-1))
	}
	return n.forward(x)
}

func (n *Neuron) forward(x []autograd.Value) autograd.Value {
	return n.act.apply(n.affine(x))
}

// affine records the neuron's pre-activation b + w·x as one node.
func (n *Neuron) affine(x []autograd.Value) autograd.Value {
	last := len(n.params) - 1
	return autograd.Affine(n.params[last], n.params[:last], x)
}

// String returns micrograd's name for the neuron, as in "ReLUNeuron(2)".
func (n *Neuron) String() string {
	return fmt.Sprintf("%vNeuron(%d)", n.act, len(n.params)-1)
}

// A Layer is a row of neurons that all read the same inputs.
type Layer struct {
	nin     int
	neurons []*Neuron
	params  []autograd.Value
	row     autograd.Row     // params, for autograd.Affines
	act     Activation       // every neuron's
	outs    outputs          // the slices Forward returns
	scratch []autograd.Value // the Affine nodes, when the inputs are not a Row
}

// NewLayer returns nout neurons of nin inputs each, made one after another
// as NewNeuron makes one, with a ReLU unless Nonlin says otherwise. It
// panics if nin < 1 or nout < 1, or if an option is OnTape(nil) or Nonlin of
// an unknown Activation.
func NewLayer(nin, nout int, opts ...Option) *Layer {
	if nin < 1 || nout < 1 {
		panic(fmt.Sprintf("nn: NewLayer(%d, %d): a layer needs at least one input and one neuron", nin, nout))
	}
	o, p := newParams("NewLayer", (nin+1)*nout, opts)
	return p.layer(nin, nout, o.act)
}

// Neurons returns the layer's neurons. The slice is the layer's own: read
// it, do not change it.
func (l *Layer) Neurons() []*Neuron { return l.neurons }

// Parameters returns the parameters of each neuron in turn. The slice is the
// layer's own: read it, do not change it.
func (l *Layer) Parameters() []autograd.Value { return l.params }

// ZeroGrad sets the gradient of every parameter to zero.
func (l *Layer) ZeroGrad() { zeroGrad(l.params) }

// Forward returns the output of each neuron, in a new slice. It panics if
// len(x) is not the layer's number of inputs.
func (l *Layer) Forward(x []autograd.Value) []autograd.Value {
	l.check("Forward", x)
	return l.appendForward(l.outs.take(len(l.neurons)), x)
}

// AppendForward appends the output of each neuron to dst and returns the
// extended slice; with a dst of enough capacity it allocates nothing. It
// panics if len(x) is not the layer's number of inputs.
func (l *Layer) AppendForward(dst, x []autograd.Value) []autograd.Value {
	l.check("AppendForward", x)
	return l.appendForward(dst, x)
}

func (l *Layer) check(method string, x []autograd.Value) {
	if len(x) != l.nin {
		panic(fmt.Sprintf("nn: Layer.%s got %d inputs, want %d (the layer was made with NewLayer(%d, %d))", method, len(x), l.nin, l.nin, len(l.neurons)))
	}
}

func (l *Layer) appendForward(dst, x []autograd.Value) []autograd.Value {
	return l.forwardValues(x).AppendTo(dst)
}

// forward records every neuron's b + w·x first, with one call of
// autograd.Affines, and the activations after them, so that the layer's
// outputs sit in a row on the tape: the next layer reads them as a Row,
// checked in O(1), and its neuron nodes store where the row starts instead
// of a position per input, which makes both passes faster.
func (l *Layer) forward(x autograd.Row) autograd.Row {
	return l.act.applyRow(autograd.Affines(l.row, x))
}

// forwardValues is forward for inputs given as Values, which need not be a
// Row: each neuron's Affine node then reads them one by one.
func (l *Layer) forwardValues(x []autograd.Value) autograd.Row {
	if in, ok := autograd.RowOf(x); ok {
		return l.forward(in)
	}
	pre := l.scratch[:0]
	for _, n := range l.neurons {
		pre = append(pre, n.affine(x))
	}
	l.scratch = pre
	h, _ := autograd.RowOf(pre) // Values made one after another
	return l.act.applyRow(h)
}

// String returns micrograd's description, as in
// "Layer of [ReLUNeuron(2), ReLUNeuron(2)]".
func (l *Layer) String() string {
	names := make([]string, len(l.neurons))
	for i, n := range l.neurons {
		names[i] = n.String()
	}
	return "Layer of [" + strings.Join(names, ", ") + "]"
}

// An MLP is a multi-layer perceptron: layers of neurons, each layer reading
// the outputs of the one before. Its hidden layers apply a ReLU (or the
// activation given with Nonlin) and its last layer is linear, as in
// micrograd.
//
// An MLP keeps buffers for its outputs, so like a Tape it is not safe for
// concurrent use.
type MLP struct {
	nin     int
	nouts   []int
	layers  []*Layer
	params  []autograd.Value
	tape    *autograd.Tape
	scratch [2][]autograd.Value // Predict's inputs and outputs
	outs    outputs             // the slices Forward returns
}

// outputs hands out the slices that Forward returns, carved one after
// another from a chunk of memory: a Forward in a loop then allocates once
// every 256 Values rather than at every call, which spares the garbage
// collector. The slices never overlap, and each is capped at its length, so
// an append to one cannot write into the next; a chunk is freed when no
// slice of it is left.
type outputs struct{ chunk []autograd.Value }

// take returns an empty slice with room for n Values.
func (o *outputs) take(n int) []autograd.Value {
	if cap(o.chunk)-len(o.chunk) < n {
		o.chunk = make([]autograd.Value, 0, max(n, 256))
	}
	start := len(o.chunk)
	o.chunk = o.chunk[:start+n]
	return o.chunk[start : start : start+n]
}

// NewMLP returns an MLP with nin inputs and one layer of nouts[i] neurons for
// each i: NewMLP(2, []int{16, 16, 1}) is micrograd's MLP(2, [16, 16, 1]).
// Weights are drawn uniformly from [-1, 1) with DefaultSeed unless Seed says
// otherwise, and biases start at 0; the parameters are recorded on
// autograd.DefaultTape() unless OnTape says otherwise, one after another in
// the order Parameters returns them.
//
// Options: Seed, OnTape, and Nonlin for the hidden layers.
//
// It panics if nin < 1, nouts is empty, or a layer size is below 1, or if an
// option is OnTape(nil) or Nonlin of an unknown Activation.
func NewMLP(nin int, nouts []int, opts ...Option) *MLP {
	n, bad := 0, nin < 1 || len(nouts) == 0
	sizes := append([]int{nin}, nouts...)
	for i, nout := range nouts {
		bad = bad || nout < 1
		n += (sizes[i] + 1) * nout
	}
	if bad {
		panic(fmt.Sprintf("nn: NewMLP(%d, %v): the MLP needs at least one input and one layer, and every layer at least one neuron", nin, nouts))
	}
	o, p := newParams("NewMLP", n, opts)
	m := &MLP{nin: nin, nouts: sizes[1:], tape: o.tape}
	for i, nout := range nouts {
		act := o.act
		if i == len(nouts)-1 {
			act = Linear
		}
		m.layers = append(m.layers, p.layer(sizes[i], nout, act))
	}
	m.params = p.all
	return m
}

// Layers returns the MLP's layers. The slice is the MLP's own: read it, do
// not change it.
func (m *MLP) Layers() []*Layer { return m.layers }

// Parameters returns every weight and bias in micrograd's order: layer by
// layer, neuron by neuron, each neuron's weights and then its bias. This is
// also their order on the tape. The slice is the MLP's own and the same on
// every call: read it, do not change it.
func (m *MLP) Parameters() []autograd.Value { return m.params }

// Tape returns the tape the parameters are recorded on. Inputs and
// everything computed from them go on the same tape.
func (m *MLP) Tape() *autograd.Tape { return m.tape }

// ZeroGrad sets the gradient of every parameter to zero.
func (m *MLP) ZeroGrad() { zeroGrad(m.params) }

// Forward returns the outputs of the last layer, in a new slice (of one
// Value for a net with one output). Each neuron records two nodes (one in
// the last layer). It allocates once every 256 outputs, not at every call.
// It panics if len(x) is not the MLP's number of inputs.
func (m *MLP) Forward(x []autograd.Value) []autograd.Value {
	m.check("Forward", len(x))
	return m.appendForward(m.outs.take(m.nouts[len(m.nouts)-1]), x)
}

// AppendForward is Forward appending to dst: it appends the outputs of the
// last layer to dst and returns the extended slice. With a dst of enough
// capacity it allocates nothing, which makes it the Forward of training
// loops:
//
//	scores = scores[:0]
//	for _, x := range inputs {
//		scores = model.AppendForward(scores, x)
//	}
//
// It panics if len(x) is not the MLP's number of inputs.
func (m *MLP) AppendForward(dst, x []autograd.Value) []autograd.Value {
	m.check("AppendForward", len(x))
	return m.appendForward(dst, x)
}

// appendForward passes the activations from layer to layer as Rows (see
// Layer.forward), and appends the last layer's to dst.
func (m *MLP) appendForward(dst, x []autograd.Value) []autograd.Value {
	h := m.layers[0].forwardValues(x)
	for _, l := range m.layers[1:] {
		h = l.forward(h)
	}
	return h.AppendTo(dst)
}

// Predict returns the MLP's outputs for x as plain numbers, for plotting a
// decision boundary over many points. It records x and a Forward pass on
// the MLP's tape, reads the outputs and then drops what it recorded with
// Truncate: the numbers are Forward's, to the last bit, and the tape is left
// as it was. It panics if len(x) is not the MLP's number of inputs.
func (m *MLP) Predict(x []float64) []float64 {
	m.check("Predict", len(x))
	t := m.tape
	mark := t.Len()
	in := m.scratch[0][:0]
	for _, xk := range x {
		in = append(in, t.New(xk))
	}
	out := m.appendForward(m.scratch[1][:0], in)
	y := make([]float64, len(out))
	for i, v := range out {
		y[i] = v.Data()
	}
	m.scratch[0], m.scratch[1] = in, out
	t.Truncate(mark)
	return y
}

func (m *MLP) check(method string, got int) {
	if got != m.nin {
		panic(fmt.Sprintf("nn: MLP.%s got %d inputs, want %d (the MLP was made with NewMLP(%d, %v))", method, got, m.nin, m.nin, m.nouts))
	}
}

// String returns micrograd's description, as in
// "MLP of [Layer of [ReLUNeuron(2), …], Layer of [LinearNeuron(16)]]".
func (m *MLP) String() string {
	names := make([]string, len(m.layers))
	for i, l := range m.layers {
		names[i] = l.String()
	}
	return "MLP of [" + strings.Join(names, ", ") + "]"
}
