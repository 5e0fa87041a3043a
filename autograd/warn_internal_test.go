package autograd

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestBigDefaultTapeWarns grows the default tape past a lowered limit with
// a loop that never truncates, and checks that Backward says so once, with
// what to do, and that a tape of its own never warns.
func TestBigDefaultTapeWarns(t *testing.T) {
	tape, limit, out := defaultTape, bigDefaultTape, warnings
	defer func() { defaultTape, bigDefaultTape, warnings, warnedBig = tape, limit, out, false }()
	var got bytes.Buffer
	defaultTape, bigDefaultTape, warnings, warnedBig = NewTape(), 1000, io.Writer(&got), false

	own := NewTape()
	w, v := New(0.5), own.New(0.5)
	crossed := false
	for step := range 500 { // 3 nodes a step on each tape, never dropped
		loss := w.Mul(New(float64(step))).Tanh()
		crossed = crossed || DefaultTape().Len() >= 1000
		loss.Backward()
		v.Mul(own.New(float64(step))).Tanh().Backward()
		if n := strings.Count(got.String(), "autograd:"); (n == 1) != crossed || n > 1 {
			t.Fatalf("after step %d (%d nodes on the default tape): %d warnings", step, DefaultTape().Len(), n)
		}
	}
	msg := got.String()
	for _, want := range []string{"the default tape now holds 1000 nodes", "Truncate(mark)", "nn.Train", "printed once"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the warning does not say %q:\n%s", want, msg)
		}
	}
	DefaultTape().Truncate(1)
	for step := range 500 { // past the limit again: no second warning
		w.Mul(New(float64(step))).Backward()
	}
	if n := strings.Count(got.String(), "autograd:"); n != 1 {
		t.Errorf("%d warnings in all, want 1 per process", n)
	}
}
