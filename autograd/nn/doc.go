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
// A neuron's pre-activation b + w·x is a single autograd.Affine node that
// sums in micrograd's order, ((b + w0*x0) + w1*x1) + …, and Hinge and L2
// sum as micrograd's demo does, so forward values have micrograd's bits while
// the graph has about a tenth of its nodes. Weights start uniform in
// [-1, 1) and biases at 0, as in micrograd, drawn from a generator seeded
// with DefaultSeed unless the Seed option says otherwise: the same program
// builds the same net every time it runs.
//
// # Speed
//
// AppendForward, the losses, Backward, the optimizers' Step and Train
// allocate nothing, so a training step costs only arithmetic and the
// engine's bookkeeping. A layer records its neurons' pre-activations with
// one call of autograd.Affines, which checks each neuron's weights (an
// autograd.Row) in O(1) and sums four neurons at a time, and then their
// activations, so that its outputs form a row for the next layer. One step of
// micrograd's demo records about 7,000 nodes, a tenth of micrograd's graph,
// and runs about 4 times faster than the same step built from Add, Mul and
// Relu nodes. bench/moons.sh, at the top of the repository, times it next to
// batched PyTorch in float64 on the same data and prints the ratio.
//
// # Misuse
//
// Programmer errors panic with a message that starts with "nn:" and says how
// to fix them: inputs of the wrong size for a Neuron, Layer or MLP, a loss
// given a different number of scores and targets, impossible sizes or
// hyper-parameters. Each function's documentation names its panics.
package nn
