package tests

import (
	"path/filepath"
	"strings"
	"testing"
)

// part2Bugs are mistakes a learner may make in part 2's exercises, each
// made from our answer by replacing texts: the exercise is the one whose
// answer holds every text to replace.
var part2Bugs = []struct {
	name string
	repl [][2]string // {text in the answer, its replacement}
}{
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
	{"keeps the learning rate at 1", [][2]string{
		{"lr := 1.0 - 0.9*float64(k)/100", "lr := 1.0"}}},
}

// TestExerciseChecksCatchBugsPart2 proves that part 2's exercise checks can
// fail. It runs part 2 through the kernel and, at each check, first
// replaces the answer with wrong ones: the stub as given, and each mistake
// of part2Bugs that applies to that exercise. The check must print FAIL,
// and no PASS, after each; after the right answer, PASS. Every mistake must
// apply to some exercise, so the list stays in step with the answers.
func TestExerciseChecksCatchBugsPart2(t *testing.T) {
	path := filepath.Join(root, "notebooks", "littlegrad-part2-training.ipynb")
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
	used := make([]bool, len(part2Bugs))
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
		wrong := [][2]string{{"is the stub as given", string(nb.Cells[i-2].Source)}}
	bugs:
		for b, bug := range part2Bugs {
			code := answer
			for _, r := range bug.repl {
				if !strings.Contains(code, r[0]) {
					continue bugs
				}
				code = strings.Replace(code, r[0], r[1], 1)
			}
			used[b] = true
			wrong = append(wrong, [2]string{bug.name, code})
		}
		for _, w := range wrong {
			run(i-1, w[1])
			out := run(i, string(c.Source))
			t.Logf("cell %d, after an answer that %s:\n%s", i, w[0], out)
			if !strings.Contains(out, "FAIL") || strings.Contains(out, "PASS") {
				t.Errorf("cell %d: after an answer that %s, the check prints %q, want FAIL and no PASS", i, w[0], out)
			}
		}
		run(i-1, answer)
		if problem := checkPassed(run(i, string(c.Source))); problem != "" {
			t.Errorf("cell %d, after the right answer: %s", i, problem)
		}
	}
	if checks == 0 {
		t.Fatal("part 2 has no cell tagged check")
	}
	for b, ok := range used {
		if !ok {
			t.Errorf("no answer in part 2 holds the code that the mistake %q changes; update part2Bugs", part2Bugs[b].name)
		}
	}
}
