package autograd

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// TestBigDefaultTapeWarns grows the default tape past a lowered limit with
// a loop that never truncates, and checks that Backward says so once, with
// what to do, and that neither a tape of its own nor a large default tape
// that drops each step's graph warns.
func TestBigDefaultTapeWarns(t *testing.T) {
	tape, limit, out := defaultTape, bigDefaultTape, warnings
	defer func() { defaultTape, bigDefaultTape, warnings, warnedBig = tape, limit, out, false }()
	var got bytes.Buffer
	defaultTape, bigDefaultTape, warnings, warnedBig = NewTape(), 1000, io.Writer(&got), false

	for range 2000 { // a large data set, kept
		New(1)
	}
	mark := DefaultTape().Len()
	for step := range 500 { // the idiom: no warning
		New(0.5).Mul(New(float64(step))).Tanh().Backward()
		DefaultTape().Truncate(mark)
	}
	if got.Len() != 0 {
		t.Fatalf("a tape of %d nodes that drops each step's graph warned:\n%s", DefaultTape().Len(), got.String())
	}
	defaultTape = NewTape()

	own := NewTape()
	w, v := New(0.5), own.New(0.5)
	base, said := 0, ""
	for step := range 500 { // 3 nodes a step on each tape, never dropped
		loss := w.Mul(New(float64(step))).Tanh()
		if step == 0 {
			base = DefaultTape().Len()
		}
		if n := DefaultTape().Len(); n-base >= 1000 && said == "" {
			said = fmt.Sprintf("grown by %d nodes over Backward calls with no Truncate between them, to %d", n-base, n)
		}
		loss.Backward()
		v.Mul(own.New(float64(step))).Tanh().Backward()
		if n := strings.Count(got.String(), "autograd:"); (n == 1) != (said != "") || n > 1 {
			t.Fatalf("after step %d (%d nodes on the default tape): %d warnings", step, DefaultTape().Len(), n)
		}
	}
	msg := got.String()
	for _, want := range []string{said, "Truncate(mark)", "nn.Train", "printed once"} {
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
