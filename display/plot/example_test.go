package plot_test

import (
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"regexp"

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

// A made-up run of 12 steps, with a frame every 5 steps: the widget holds
// the decision boundary at steps 0, 5, 10 and the last, 11. In a notebook,
// run.Show() shows it below the cell.
func ExampleTraining() {
	points := [][]float64{{0, 1}, {1, 2}, {1, 0}, {2, 1}}
	labels := []float64{1, 1, -1, -1}
	run := plot.NewTraining(points, labels, 12).Every(5)
	for k := range 12 {
		tilt := float64(k) / 11 // the boundary turns from y = 0 to y = x
		run.Record(k, 1-tilt, 0.5+tilt/2, func(x, y float64) float64 { return y - tilt*x })
	}
	h, err := run.HTML()
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`class="lg-training-frame" data-step="(\d+)"`).FindAllStringSubmatch(h, -1) {
		fmt.Print(m[1], " ")
	}
	fmt.Println()
	// Output: 0 5 10 11
}
