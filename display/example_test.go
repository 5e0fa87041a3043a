package display_test

import (
	"fmt"
	"html"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/display"
)

// The DOT text of a small graph: a record per Value, an op node per op.
func ExampleDOT() {
	t := autograd.NewTape()
	a := t.New(2.0).Named("a")
	b := t.New(-3.0).Named("b")
	e := a.Mul(b).Named("e")
	e.Backward()
	fmt.Print(display.DOT(e))
	// Output:
	// digraph littlegrad {
	// 	rankdir=LR;
	// 	ranksep=0.3;
	// 	nodesep=0.15;
	// 	node [shape=record, fontname="Courier", fontsize=11, height=0.25, margin="0.06,0.02"];
	// 	edge [arrowsize=0.6];
	// 	n0 [label="{ a | data 2.0000 | grad -3.0000 }"];
	// 	n1 [label="{ b | data -3.0000 | grad 2.0000 }"];
	// 	n2 [label="{ e | data -6.0000 | grad 1.0000 }"];
	// 	n2op [label="*", shape=ellipse, width=0.3];
	// 	n2op -> n2;
	// 	n0 -> n2op;
	// 	n1 -> n2op;
	// }
}

// In a notebook cell, Show draws the graph below the cell. This example is
// compiled but not run (it has no output to check): outside a notebook,
// Show does nothing.
func ExampleShow() {
	t := autograd.NewTape()
	x := t.New(0.5).Named("x")
	y := x.Tanh().Named("y")
	y.Backward()
	display.Show(y)
}

// Programs write drawings to files.
func ExampleWriteSVG() {
	t := autograd.NewTape()
	x := t.New(0.5).Named("x")
	y := x.Tanh().Named("y")
	y.Backward()
	dir, err := os.MkdirTemp("", "littlegrad")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := display.WriteSVG(filepath.Join(dir, "y.svg"), y); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote y.svg")
	// Output: wrote y.svg
}

// A graph too large to draw is summarised.
func ExampleSummarize() {
	t := autograd.NewTape()
	x := t.New(0.5).Named("x")
	for range 1000 {
		x = x.Mul(x).Tanh()
	}
	fmt.Println(display.Summarize(x))
	// Output:
	// 2001 nodes, 1 leaves, depth 2000
	// *        1000
	// tanh     1000
}

// The steps of the widget that replays Backward, read from its captions.
func ExampleBackwardHTML() {
	t := autograd.NewTape()
	a := t.New(2.0).Named("a")
	b := t.New(-3.0).Named("b")
	c := t.New(10.0).Named("c")
	d := a.Mul(b).Named("e").Add(c).Named("d")
	h, err := display.BackwardHTML(d)
	if err != nil {
		log.Fatal(err)
	}
	captions := regexp.MustCompile(`<summary class="lg-frame-caption">([^<]*)</summary>`)
	for _, m := range captions.FindAllStringSubmatch(h, -1) {
		fmt.Println(html.UnescapeString(m[1]))
	}
	// Output:
	// step 0 of 3: before backward: every grad is 0
	// step 1 of 3: d.grad = 1: the derivative of d with respect to itself
	// step 2 of 3: chain rule at d (+): d.grad = 1.0000 flows into e, c
	// step 3 of 3: chain rule at e (*): e.grad = 1.0000 flows into a, b
}

// Behind a saturated tanh almost no gradient gets through: x's record stays
// nearly white while y's is the deepest orange. In a notebook,
// display.Show(y, display.GradColors()) draws it.
func ExampleGradColors() {
	t := autograd.NewTape()
	x := t.New(3).Named("x")
	y := x.Tanh().Named("y") // tanh'(3) = 1 - tanh(3)² ≈ 0.0099
	y.Backward()
	for _, line := range strings.Split(display.DOT(y, display.GradColors()), "\n") {
		if strings.Contains(line, "fillcolor") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// n0 [label="{ x | data 3.0000 | grad 0.0099 }", style=filled, fillcolor="#fffefd"];
	// n1 [label="{ y | data 0.9951 | grad 1.0000 }", style=filled, fillcolor="#f16913"];
}

// At ReLU's kink Backward takes one side's derivative, 0, while a central
// difference averages both sides, 0.5: the check marks x. The drawing's
// text alternative says so.
func ExampleGradCheckHTML() {
	h, err := display.GradCheckHTML(func(x []autograd.Value) autograd.Value {
		return x[0].Named("x").Relu()
	}, 0)
	if err != nil {
		log.Fatal(err)
	}
	alt := regexp.MustCompile(`alt="([^"]*)"`).FindStringSubmatch(h)[1]
	fmt.Println(html.UnescapeString(alt))
	// Output: grad (Backward) and numeric (central difference) differ for 1 of 1 inputs: x
}
