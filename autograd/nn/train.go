package nn

import "github.com/littlegrad/littlegrad/autograd"

// Train runs steps steps of gradient descent on m, the loop of micrograd's
// demo:
//
//	mark := tape.Len() // tape: the tape of m's parameters
//	for k := range steps {
//		tape.Truncate(mark) // drop the previous step's graph
//		l := loss(k)        // forward: build this step's loss
//		for _, p := range m.Parameters() { // micrograd's model.zero_grad()
//			p.SetGrad(0)
//		}
//		l.Backward()
//		opt.Step()
//	}
//	tape.Truncate(mark)
//
// Everything on the tape when Train starts stays: the parameters, and the
// inputs and constants if they were made before the call. Each step's graph
// is dropped before the next, so memory stays constant over any number of
// steps, and Train leaves the tape as it found it. Values that loss records
// are valid until loss returns to Train: read what you want to report, as
// loss.Data() or Accuracy, inside loss. Inputs made inside loss are made
// again at every step. Train zeroes the gradients of m's parameters only:
// inputs made before Train are leaves, whose gradients add up over the steps
// as the engine's leaves do.
//
// Each step costs one forward pass, a Backward over the step's graph (what
// else the tape holds, such as other models, costs nothing), and opt.Step;
// Train itself allocates nothing.
//
// Train panics if m has no parameters or loss returns a Value of another
// tape than m's parameters.
func Train(m Module, opt Optimizer, steps int, loss func(step int) autograd.Value) {
	params := m.Parameters()
	if len(params) == 0 {
		panic("nn: Train got a Module with no parameters; pass the model whose parameters opt updates")
	}
	tape := params[0].Tape()
	mark := tape.Len()
	for k := range steps {
		tape.Truncate(mark)
		l := loss(k)
		if l.Tape() != tape {
			panic("nn: Train: loss returned a Value of another tape than the model's; build the loss from the model's outputs, on model.Tape()")
		}
		zeroGrad(params)
		l.Backward()
		opt.Step()
	}
	tape.Truncate(mark)
}

// Inputs records each row of X as leaves on t and returns them, one slice of
// Values per row: micrograd's [list(map(Value, xrow)) for xrow in X]. Made
// once before Train, the inputs stay on the tape for every step. The leaves
// of a row are consecutive on the tape. It panics if t is nil.
func Inputs(t *autograd.Tape, X [][]float64) [][]autograd.Value {
	if t == nil {
		panic("nn: Inputs got a nil tape; pass model.Tape()")
	}
	n := 0
	for _, row := range X {
		n += len(row)
	}
	all := make([]autograd.Value, 0, n)
	in := make([][]autograd.Value, len(X))
	for i, row := range X {
		start := len(all)
		for _, x := range row {
			all = append(all, t.New(x))
		}
		in[i] = all[start:len(all):len(all)]
	}
	return in
}
