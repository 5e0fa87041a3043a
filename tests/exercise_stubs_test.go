package tests

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestExerciseStubsFail runs every notebook that has exercises as a learner
// who has not done them yet would: each answer cell (tagged "solution") is
// left out, so the stubs in the exercise cells are what the checks test.
// Every check must then say something other than PASS: a FAIL, or an error.
// With the answers, TestNotebooksThroughZMQ checks that every check passes;
// together they show that a check can fail.
func TestExerciseStubsFail(t *testing.T) {
	for _, path := range notebookPaths(t) {
		name := filepath.Base(path)
		nb := readNotebook(t, path)
		last := -1 // the last check cell: later cells cannot change a verdict
		for i, c := range nb.Cells {
			if c.tagged("check") {
				last = i
			}
		}
		if last < 0 {
			continue
		}
		t.Run(name, func(t *testing.T) {
			k := startKernel(t, filepath.Dir(path))
			for i, c := range nb.Cells[:last+1] {
				if c.CellType != "code" || c.tagged("solution") {
					continue
				}
				r := execute(t, k, string(c.Source))
				if !c.tagged("check") {
					continue
				}
				text := r.Text()
				if e := r.Error(); e != nil {
					text += e.Ename + ": " + e.Evalue
				}
				if strings.Contains(text, "PASS") {
					t.Errorf("cell %d: with the exercise's stub in place of an answer, the check prints %q; want a FAIL", i, text)
				} else {
					t.Logf("cell %d, a check run on the stub: %s", i, strings.TrimSpace(text))
				}
			}
		})
	}
}
