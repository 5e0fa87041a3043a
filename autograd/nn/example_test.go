package nn_test

import (
	"fmt"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/autograd/nn"
)

// micrograd's demo: an MLP with two hidden layers of 16 ReLU neurons learns
// to separate two moons, with the max-margin loss, L2 regularisation and
// SGD with a decaying learning rate.
func Example() {
	X, y := nn.Moons(100, 0.1, 1337)
	for i := range y {
		y[i] = 2*y[i] - 1 // classes 0 and 1 become labels -1 and +1
	}
	model := nn.NewMLP(2, []int{16, 16, 1}) // 2-layer neural network
	inputs := nn.Inputs(model.Tape(), X)
	params := model.Parameters()
	fmt.Println("number of parameters", len(params))

	opt := nn.NewSGD(params, 1).Schedule(func(k int) float64 { return 1.0 - 0.9*float64(k)/100 })
	scores := make([]autograd.Value, 0, len(X))
	nn.Train(model, opt, 100, func(k int) autograd.Value {
		scores = scores[:0]
		for _, x := range inputs {
			scores = model.AppendForward(scores, x)
		}
		total := nn.Hinge(scores, y).Add(nn.L2(params, 1e-4))
		if k%10 == 0 || k == 99 {
			fmt.Printf("step %d loss %.6f, accuracy %.0f%%\n", k, total.Data(), 100*nn.Accuracy(scores, y))
		}
		return total
	})
	// Output:
	// number of parameters 337
	// step 0 loss 1.422782, accuracy 33%
	// step 10 loss 0.400038, accuracy 85%
	// step 20 loss 0.166634, accuracy 93%
	// step 30 loss 0.080234, accuracy 99%
	// step 40 loss 0.027755, accuracy 100%
	// step 50 loss 0.015460, accuracy 100%
	// step 60 loss 0.013020, accuracy 100%
	// step 70 loss 0.012167, accuracy 100%
	// step 80 loss 0.011981, accuracy 100%
	// step 90 loss 0.012026, accuracy 100%
	// step 99 loss 0.011688, accuracy 100%
}

// The loop that Train runs, written out: drop the previous step's graph,
// build the loss, zero the gradients, backpropagate, update.
func Example_loop() {
	X, y := nn.Circles(40, 0.05, 0.5, 1)
	for i := range y {
		y[i] = 2*y[i] - 1
	}
	tape := autograd.NewTape()
	model := nn.NewMLP(2, []int{8, 8, 1}, nn.OnTape(tape), nn.Nonlin(nn.Tanh), nn.Seed(2))
	opt := nn.NewSGD(model.Parameters(), 0.1).Momentum(0.9)
	mark := tape.Len() // the parameters stay; everything after goes at each step
	for k := range 51 {
		tape.Truncate(mark)
		var scores []autograd.Value
		for _, x := range X { // inputs are made again after each Truncate
			in := []autograd.Value{tape.New(x[0]), tape.New(x[1])}
			scores = append(scores, model.Forward(in)[0])
		}
		loss := nn.Hinge(scores, y)
		model.ZeroGrad()
		loss.Backward()
		opt.Step()
		if k%25 == 0 {
			fmt.Printf("step %d loss %.4f, accuracy %.0f%%, %d nodes on the tape\n", k, loss.Data(), 100*nn.Accuracy(scores, y), tape.Len())
		}
	}
	// Output:
	// step 0 loss 1.0174, accuracy 50%, 1708 nodes on the tape
	// step 25 loss 0.2658, accuracy 95%, 1708 nodes on the tape
	// step 50 loss 0.0004, accuracy 100%, 1708 nodes on the tape
}

func ExampleNewMLP() {
	model := nn.NewMLP(2, []int{3, 1}, nn.OnTape(autograd.NewTape()))
	fmt.Println(model)
	fmt.Println(len(model.Parameters()), "parameters")
	// Output:
	// MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(3)]]
	// 13 parameters
}

// Fitting a line, y = 2x - 1, with one linear neuron, the mean squared error
// and Adam.
func ExampleAdam() {
	tape := autograd.NewTape()
	model := nn.NewMLP(1, []int{1}, nn.OnTape(tape))
	X := [][]float64{{-1}, {0}, {1}, {2}}
	y := []float64{-3, -1, 1, 3}
	inputs := nn.Inputs(tape, X)
	opt := nn.NewAdam(model.Parameters(), 0.05)
	nn.Train(model, opt, 500, func(int) autograd.Value {
		var pred []autograd.Value
		for _, x := range inputs {
			pred = model.AppendForward(pred, x)
		}
		return nn.MSE(pred, y)
	})
	n := model.Layers()[0].Neurons()[0]
	fmt.Printf("w = %.3f, b = %.3f\n", n.Weights()[0].Data(), n.Bias().Data())
	// Output: w = 2.000, b = -1.000
}

func ExampleMoons() {
	X, y := nn.Moons(4, 0, 1)
	for i := range X {
		fmt.Printf("(%.2f, %.2f) class %v\n", X[i][0], X[i][1], y[i])
	}
	// Output:
	// (-1.00, 0.00) class 0
	// (0.00, 0.50) class 1
	// (1.00, 0.00) class 0
	// (2.00, 0.50) class 1
}
