package plot_test

import (
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"

	"github.com/littlegrad/littlegrad/display/plot"
)

// The tutorial's plot of tanh, shown below a notebook cell. This example is
// compiled but not run (it has no output to check): outside a notebook,
// Show does nothing.
func ExampleFunc() {
	plot.Func(math.Tanh, -5, 5).Title("tanh").Show()
}

// A training run's loss and accuracy, written to a file.
func ExampleLoss() {
	losses := []float64{0.9, 0.6, 0.4, 0.3, 0.25}
	accuracy := []float64{0.5, 0.7, 0.8, 0.9, 0.95}
	dir, err := os.MkdirTemp("", "littlegrad")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := plot.Loss(losses, accuracy).Title("training").WriteSVG(filepath.Join(dir, "loss.svg")); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote loss.svg")
	// Output: wrote loss.svg
}

// A classifier's decision boundary over its data: here the line y = x,
// shown below a notebook cell. This example is compiled but not run (it has
// no output to check): outside a notebook, Show does nothing.
func ExampleDecisionBoundary() {
	points := [][]float64{{0, 1}, {1, 2}, {1, 0}, {2, 1}}
	labels := []float64{1, 1, -1, -1}
	predict := func(x, y float64) float64 { return y - x }
	plot.DecisionBoundary(predict, points, labels).Show()
}
