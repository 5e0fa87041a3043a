// Package nn builds and trains small neural networks on the autograd engine:
// micrograd's Neuron, Layer and MLP, with losses, optimizers and toy data sets.
//
// It is part 2 of the micrograd tutorial in Go. The demo trains an MLP with
// two hidden layers of 16 ReLU neurons to separate two moons:
//
//	X, y := nn.Moons(100, 0.1, 1337)
//	for i := range y {
//		y[i] = 2*y[i] - 1 // classes 0 and 1 become labels -1 and +1
//	}
//	model := nn.NewMLP(2, []int{16, 16, 1})
//	inputs := nn.Inputs(model.Tape(), X)
//	params := model.Parameters()
//	opt := nn.NewSGD(params, 1).Schedule(func(k int) float64 { return 1.0 - 0.9*float64(k)/100 })
//	scores := make([]autograd.Value, 0, len(X))
//	nn.Train(model, opt, 100, func(k int) autograd.Value {
//		scores = scores[:0]
//		for _, x := range inputs {
//			scores = model.AppendForward(scores, x)
//		}
//		loss := nn.Hinge(scores, y).Add(nn.L2(params, 1e-4))
//		fmt.Println(k, loss.Data(), nn.Accuracy(scores, y))
//		return loss
//	})
//
// # Training in constant memory
//
// The engine records every operation on a tape. A model's parameters come
// first on its tape; Train marks the tape's length when it starts and drops
// everything after the mark before each step, so the thousandth step uses
// the memory of the first. Train is the loop to use; its documentation shows
// it written out, for when a custom one is needed. After the drop, Values of
// the previous step are invalid (the engine panics if one is used), so make
// inputs either once before Train, as above, or inside the loss function.
//
// # Matching micrograd
//
// Weights start uniform in [-1, 1) and biases at 0, as in micrograd, drawn
// from a generator seeded with DefaultSeed unless the Seed option says
// otherwise: the same program builds the same net every time it runs. Every
// sum adds in micrograd's order, so for the same weights and inputs a forward
// pass has the bits of micrograd's. A neuron's
// b + w·x is one autograd.Affine node rather than a chain of Mul and Add
// nodes, so a step records about a tenth of micrograd's nodes. AppendForward,
// the losses, Backward, the optimizers' Step and Train allocate nothing.
// README.md, at the top of the repository, gives timings and how to
// reproduce them.
//
// # Misuse
//
// Programmer errors panic with a message that starts with "nn:" and says how
// to fix them: inputs of the wrong size for a Neuron, Layer or MLP, a loss
// given a different number of scores and targets, impossible sizes or
// hyper-parameters. Each function's documentation names its panics.
package nn
