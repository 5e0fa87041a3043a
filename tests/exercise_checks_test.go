package tests

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// An edit makes another answer from ours by replacing texts: a mistake a
// learner may make, or a right answer written differently. It applies to
// the exercise whose answer holds every text to replace.
type edit struct {
	name string
	repl [][2]string // {text in the answer, its replacement}, each replaced once, in turn
}

// part1Bugs are the two classic mistakes in a backward rule, which part 1
// teaches: each must apply to every exercise of part 1.
var part1Bugs = []edit{
	{"forgets to multiply by out.Grad", [][2]string{{" * out.Grad", ""}}},
	{"sets v.Grad with = instead of adding with +=", [][2]string{{"v.Grad +=", "v.Grad ="}}},
}

// part1Right are right answers to part 1's exercises written differently
// from ours: after each, the check must PASS.
var part1Right = []edit{
	{"writes Pow's rule from out.Data", [][2]string{
		{"p * math.Pow(v.Data, p-1) * out.Grad", "p * out.Data / v.Data * out.Grad"}}},
	{"writes the sigmoid's rule from out.Data", [][2]string{
		{"s * (1 - s) * out.Grad", "out.Data * (1 - out.Data) * out.Grad"}}},
}

// TestExerciseChecksCatchBugs proves that part 1's exercise checks can
// fail, and pass right answers written differently from ours: see
// exerciseChecks. Every mistake must apply to every exercise.
func TestExerciseChecksCatchBugs(t *testing.T) {
	exerciseChecks(t, "littlegrad-part1-engine.ipynb", part1Bugs, part1Right, true)
}

// TestExerciseChecksCatchBugsPart2 proves that part 2's exercise checks can
// fail, and pass right answers written differently from ours: see
// exerciseChecks.
func TestExerciseChecksCatchBugsPart2(t *testing.T) {
	exerciseChecks(t, "littlegrad-part2-training.ipynb", part2Bugs, part2Right, false)
}

// exerciseChecks runs the notebook through the kernel and, at each check (a
// cell tagged check, after the learner's cell, tagged exercise, and our
// answer, tagged solution), runs the check after each of these, in turn:
//
//   - our answer cell: the check must PASS and say it checked the answer
//     cell (our answers call ourAnswer, which tells it so);
//   - in the learner's cell, the stub as given, and each of bugs that applies
//     to that exercise: it must FAIL and say it checked the learner's cell;
//   - in the learner's cell, each of right that applies, and our answer
//     itself without its call of ourAnswer, as a learner who typed it would
//     have it: it must PASS and say it checked the learner's cell;
//   - our answer cell again, run after the learner's, as Run All runs it: it
//     must PASS and say it checked the answer cell. The cells after build on it.
//
// Every edit must apply to some exercise (to every one if everywhere), so
// the lists stay in step with the answers.
func exerciseChecks(t *testing.T, notebook string, bugs, right []edit, everywhere bool) {
	path := filepath.Join(root, "notebooks", notebook)
	nb := readNotebook(t, path)
	k := startKernel(t, filepath.Dir(path))
	run := func(i int, code string) string {
		t.Helper()
		r := execute(t, k, code)
		if e := r.Error(); r.Status != "ok" || e != nil {
			t.Fatalf("cell %d failed: %s %v\n%s\n%s", i, r.Status, e, code, r.Text())
		}
		return r.Text()
	}
	used := make([]bool, len(bugs))
	usedRight := make([]bool, len(right))
	checks := 0
	for i, c := range nb.Cells {
		if c.CellType != "code" || c.tagged("raises-exception") {
			continue
		}
		if !c.tagged("check") {
			run(i, string(c.Source))
			continue
		}
		checks++
		answer := string(nb.Cells[i-1].Source)
		typed := withoutMarker(answer)
		if typed == answer {
			t.Errorf("cell %d: our answer does not call ourAnswer, so its check cannot tell it from the learner's code", i-1)
		}
		wrong := variants(typed, bugs, used, false, i-2)
		if everywhere && len(wrong) < len(bugs) {
			t.Errorf("cell %d: the answer holds the code of %d of the %d mistakes, want all: update the mistakes or the answer", i-1, len(wrong), len(bugs))
		}
		attempts := []attempt{{"is our answer cell", answer, true, i - 1}}
		attempts = append(attempts, attempt{"is the stub as given", string(nb.Cells[i-2].Source), false, i - 2})
		attempts = append(attempts, wrong...)
		attempts = append(attempts, variants(typed, right, usedRight, true, i-2)...)
		attempts = append(attempts, attempt{"is our answer, typed by the learner", typed, true, i - 2})
		// Our answer cell last, after the learner's: the cells after build on it.
		attempts = append(attempts, attempt{"is our answer cell, run after the learner's", answer, true, i - 1})
		for _, a := range attempts {
			run(a.cell, a.code)
			out := run(i, string(c.Source))
			t.Logf("cell %d, after an answer that %s:\n%s", i, a.what, out)
			whose, other := "checked: your cell", "checked: the answer cell"
			if a.cell == i-1 {
				whose, other = other, whose
			}
			switch {
			case !strings.Contains(out, whose) || strings.Contains(out, other):
				t.Errorf("cell %d: after an answer that %s, the check prints %q, want %q and not %q", i, a.what, out, whose, other)
			case a.right:
				if problem := checkPassed(out); problem != "" {
					t.Errorf("cell %d, after a right answer that %s: %s", i, a.what, problem)
				}
			case !strings.Contains(out, "FAIL") || strings.Contains(out, "PASS"):
				t.Errorf("cell %d: after an answer that %s, the check prints %q, want FAIL and no PASS", i, a.what, out)
			}
		}
	}
	if checks == 0 {
		t.Fatalf("%s has no cell tagged check", notebook)
	}
	for _, l := range []struct {
		kind string
		list []edit
		used []bool
	}{{"mistake", bugs, used}, {"right answer", right, usedRight}} {
		for b, ok := range l.used {
			if !ok {
				t.Errorf("no answer in %s holds the code that the %s %q changes; update its list", notebook, l.kind, l.list[b].name)
			}
		}
	}
}

// withoutMarker returns answer without its lines that call ourAnswer: our
// answer as a learner who typed it into their own cell would have it.
func withoutMarker(answer string) string {
	lines := strings.SplitAfter(answer, "\n")
	return strings.Join(slices.DeleteFunc(lines, func(l string) bool { return strings.Contains(l, "ourAnswer(") }), "")
}

// part2Bugs are mistakes a learner may make in part 2's exercises, each
// made from our answer by replacing texts: the exercise is the one whose
// answer holds every text to replace.
var part2Bugs = []edit{
	{"builds Forward from numbers, not Values", [][2]string{
		{"    act := n.B\n    for i, w := range n.W {\n        act = act.Add(w.Mul(x[i]))\n    }",
			"    s := n.B.Data()\n    for i, w := range n.W {\n        s += w.Data() * x[i].Data()\n    }\n    act := autograd.New(s)"}}},
	{"puts the bias first in Parameters", [][2]string{
		{"append(slices.Clone(n.W), n.B)", "append([]autograd.Value{n.B}, n.W...)"}}},
	{"forgets the ReLU", [][2]string{
		{"    if n.Nonlin {\n        return act.Relu()\n    }\n", ""}}},
	{"puts a ReLU on the last layer too", [][2]string{
		{"i != len(nouts)-1", "true"}}},
	{"sums the losses without taking their mean", [][2]string{
		{"dataLoss = dataLoss.MulScalar(1.0 / float64(len(scores)))", ""}}},
	{"never zeroes the gradients", [][2]string{
		{"        for _, p := range params {\n            p.SetGrad(0)\n        }\n", ""}}},
	{"never truncates the tape", [][2]string{
		{"    tape := autograd.DefaultTape()\n    mark := tape.Len()\n", ""},
		{"        tape.Truncate(mark)\n", ""}}},
	{"counts the learning rate's steps from 1", [][2]string{
		{"lr := 1.0 - 0.9*float64(k)/100", "lr := 1.0 - 0.9*float64(k+1)/100"}}},
	{"draws the weights from the package's generator, not rng", [][2]string{
		{"rng.Float64()*2-1", "rand.Float64()*2-1"}}},
	{"forgets to keep nonlin in the neuron", [][2]string{
		{"n := &Neuron{B: autograd.New(0), Nonlin: nonlin}", "n := &Neuron{B: autograd.New(0)}"}}},
	{"uses Tanh instead of ReLU", [][2]string{
		{"return act.Relu()", "return act.Tanh()"}}},
	{"repeats one neuron across the layer", [][2]string{
		{"    for range nout {\n        l.Neurons = append(l.Neurons, NewNeuron(nin, nonlin))\n    }",
			"    n := NewNeuron(nin, nonlin)\n    for range nout {\n        l.Neurons = append(l.Neurons, n)\n    }"}}},
	{"leaves the ReLU out of the hinge", [][2]string{
		{".AddScalar(1).Relu()", ".AddScalar(1)"},
		{".AddScalar(1).Relu()", ".AddScalar(1)"}}},
	{"replaces each parameter instead of updating it", [][2]string{
		{"p.SetData(p.Data() - lr*p.Grad())", "p = autograd.New(p.Data() - lr*p.Grad())"}}},
	{"takes the mark inside the loop", [][2]string{
		{"    mark := tape.Len()\n", ""},
		{"        tape.Truncate(mark)\n", "        mark := tape.Len()\n        tape.Truncate(mark)\n"}}},
}

// part2Right are right answers written differently from ours, made the
// same way: after each, the check must PASS.
var part2Right = []edit{
	{"sums Forward from autograd.New(0) and adds the bias last", [][2]string{
		{"    act := n.B\n    for i, w := range n.W {\n        act = act.Add(w.Mul(x[i]))\n    }",
			"    act := autograd.New(0)\n    for i, w := range n.W {\n        act = act.Add(w.Mul(x[i]))\n    }\n    act = act.Add(n.B)"}}},
	{"sums the loss from autograd.New(0)", [][2]string{
		{"    dataLoss := scores[0].MulScalar(-y[0]).AddScalar(1).Relu()\n    for i := 1; i < len(scores); i++ {",
			"    dataLoss := autograd.New(0)\n    for i := range len(scores) {"},
		{"    regLoss := params[0].Mul(params[0])\n    for _, p := range params[1:] {",
			"    regLoss := autograd.New(0)\n    for _, p := range params {"}}},
	{"builds the layer with make and an index", [][2]string{
		{"    l := &Layer{}\n    for range nout {\n        l.Neurons = append(l.Neurons, NewNeuron(nin, nonlin))\n    }",
			"    l := &Layer{Neurons: make([]*Neuron, nout)}\n    for i := range nout {\n        l.Neurons[i] = NewNeuron(nin, nonlin)\n    }"}}},
	{"takes the mark after making the inputs once, and zeroes after the update", [][2]string{
		{"    mark := tape.Len()\n", "    var inputs [][]autograd.Value\n    for _, row := range X {\n        inputs = append(inputs, leaves(row...))\n    }\n    mark := tape.Len()\n"},
		{"        for _, row := range X {\n            x := []autograd.Value{autograd.New(row[0]), autograd.New(row[1])}\n",
			"        for _, x := range inputs {\n"},
		{"        for _, p := range params {\n            p.SetGrad(0)\n        }\n", ""},
		{"            p.SetData(p.Data() - lr*p.Grad())\n", "            p.SetData(p.Data() - lr*p.Grad())\n            p.SetGrad(0)\n"}}},
}

// attempt is an answer that exerciseChecks gives an exercise: what it is,
// its code, whether the check must pass it, and the cell it runs as: the
// learner's or our answer's.
type attempt struct {
	what, code string
	right      bool
	cell       int
}

// variants returns the variants of answer that list applies to (those whose
// every text to replace answer holds, each replaced once in turn), as
// attempts in cell, the learner's, that are right or not, and marks in used
// the edits it applied.
func variants(answer string, list []edit, used []bool, right bool, cell int) []attempt {
	var out []attempt
bugs:
	for b, bug := range list {
		code := answer
		for _, r := range bug.repl {
			if !strings.Contains(code, r[0]) {
				continue bugs
			}
			code = strings.Replace(code, r[0], r[1], 1)
		}
		used[b] = true
		out = append(out, attempt{bug.name, code, right, cell})
	}
	return out
}
