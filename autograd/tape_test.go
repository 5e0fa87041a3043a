package autograd_test

import (
	"math"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
)

// mustPanic runs f and checks that it panics with a message containing want.
func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic, want one containing %q", want)
		}
		msg, _ := r.(string)
		if !strings.HasPrefix(msg, "autograd: ") || !strings.Contains(msg, want) {
			t.Fatalf("panic %q, want one starting with \"autograd: \" and containing %q", r, want)
		}
	}()
	f()
}

func TestMisusePanics(t *testing.T) {
	var zero V
	tape := autograd.NewTape()
	a := tape.New(1)
	other := autograd.NewTape().New(2)
	tests := []struct {
		name, want string
		f          func()
	}{
		{"zero value op", "zero Value", func() { zero.Tanh() }},
		{"zero value operand", "zero Value", func() { a.Add(zero) }},
		{"zero value receiver", "zero Value", func() { zero.Mul(a) }},
		{"zero value data", "zero Value", func() { zero.Data() }},
		{"zero value backward", "zero Value", func() { zero.Backward() }},
		{"zero value in Sum", "zero Value", func() { autograd.Sum(a, zero) }},
		{"two tapes", "two different tapes", func() { a.Add(other) }},
		{"two tapes in Dot", "two different tapes", func() { autograd.Dot([]V{a, a}, []V{a, other}) }},
		{"two tapes in Affine", "two different tapes", func() { autograd.Affine(other, []V{a}, []V{a}) }},
		{"empty Sum", "Sum of no Values", func() { autograd.Sum() }},
		{"empty Dot", "Dot of empty", func() { autograd.Dot(nil, nil) }},
		{"Dot lengths", "2 weights and 1 inputs", func() { autograd.Dot([]V{a, a}, []V{a}) }},
		{"Truncate past end", "Truncate(5) out of range: the tape has 1 nodes", func() { tape.Truncate(5) }},
		{"Truncate negative", "out of range", func() { tape.Truncate(-1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}

func TestUseAfterTruncate(t *testing.T) {
	tape := autograd.NewTape()
	w := tape.New(1)
	mark := tape.Len()
	x := w.MulScalar(2) // nodes 1 (the constant) and 2
	tape.Truncate(mark)
	mustPanic(t, "Truncate dropped", func() { x.Data() }) // slot gone
	y := w.AddScalar(5).AddScalar(7)                      // slots 1..4 reused
	if y.Data() != 13 {
		t.Fatalf("after reuse, y = %v, want 13", y.Data())
	}
	mustPanic(t, "Truncate dropped", func() { x.Data() }) // slot reused by another node
	mustPanic(t, "Truncate dropped", func() { x.Add(w) })
	mustPanic(t, "Truncate dropped", func() { w.Add(x) })
	mustPanic(t, "Truncate dropped", func() { x.Backward() })
	mustPanic(t, "Truncate dropped", func() { x.Named("x") })
	if w.Data() != 1 { // values below the mark stay valid
		t.Fatalf("w = %v after Truncate, want 1", w.Data())
	}
	tape.Truncate(tape.Len()) // no-op: keeps every Value valid
	if y.Data() != 13 {
		t.Fatalf("Truncate(Len()) invalidated y")
	}
}

func TestTruncateDropsLabelsAndOperands(t *testing.T) {
	tape := autograd.NewTape()
	a := tape.New(1).Named("a")
	b := tape.New(2).Named("b")
	s := autograd.Sum(a, b).Named("s")
	mark := tape.Len()
	autograd.Dot([]V{a, b}, []V{b, s}).Named("d")
	tape.Truncate(mark)
	u := tape.New(7) // the slot "d" had: it must not inherit its label
	if u.Label() != "" {
		t.Errorf("new node inherited label %q", u.Label())
	}
	if in := s.Inputs(); len(in) != 2 || in[0] != a || in[1] != b || s.Label() != "s" {
		t.Errorf("Sum below the mark lost its operands or label: %v %q", in, s.Label())
	}
	d := autograd.Dot([]V{u}, []V{a})
	if in := d.Inputs(); len(in) != 2 || in[0] != u || in[1] != a {
		t.Errorf("Dot after Truncate has inputs %v", in)
	}
	tape.Reset()
	if tape.Len() != 0 {
		t.Errorf("Len after Reset = %d", tape.Len())
	}
}

func TestBackwardTwiceAndZeroGrad(t *testing.T) {
	tape := autograd.NewTape()
	a := tape.New(3)
	b := tape.New(4)
	m := a.Mul(b)
	out := m.Add(a) // d/da = b+1 = 5, d/db = a = 3
	out.Backward()
	out.Backward()
	if a.Grad() != 10 || b.Grad() != 6 {
		t.Errorf("leaf grads after two Backwards = %v, %v; want 10, 6 (they accumulate)", a.Grad(), b.Grad())
	}
	if m.Grad() != 1 || out.Grad() != 1 {
		t.Errorf("non-leaf grads after two Backwards = %v, %v; want 1, 1 (recomputed)", m.Grad(), out.Grad())
	}
	tape.ZeroGrad()
	if a.Grad() != 0 || m.Grad() != 0 {
		t.Errorf("ZeroGrad left %v, %v", a.Grad(), m.Grad())
	}
	m.Backward() // a root in the middle of the tape: out is left alone
	if a.Grad() != 4 || b.Grad() != 3 || out.Grad() != 0 {
		t.Errorf("m.Backward: grads %v %v %v, want 4 3 0", a.Grad(), b.Grad(), out.Grad())
	}
	a.Backward() // a leaf as root accumulates 1
	if a.Grad() != 5 {
		t.Errorf("a.Backward on a leaf: grad %v, want 5", a.Grad())
	}
}

// A node that the root does not depend on must not send anything to its
// inputs, even when its own local derivative is infinite (0*Inf is NaN).
func TestBackwardSkipsNodesOffThePath(t *testing.T) {
	tape := autograd.NewTape()
	x := tape.New(0)
	x.Log()    // -Inf, derivative 1/0: not part of the result
	x.Pow(0.5) // derivative Inf at 0
	out := x.MulScalar(3)
	out.Backward()
	if x.Grad() != 3 {
		t.Errorf("x.grad = %v, want 3", x.Grad())
	}
}

func TestReusedNode(t *testing.T) {
	tape := autograd.NewTape()
	a := tape.New(-3)
	b := a.Add(a)
	b.Backward()
	if a.Grad() != 2 {
		t.Errorf("d(a+a)/da = %v, want 2", a.Grad())
	}
}

// A chain of a million nodes: Backward is a loop, so the stack stays small.
func TestLongChain(t *testing.T) {
	const n = 1_000_000
	tape := autograd.NewTape()
	x := tape.New(0.5)
	v := x
	for i := 0; i < n; i++ {
		v = v.MulScalar(1).Tanh().AddScalar(0) // keeps |v| < 1
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	v.Backward()
	runtime.ReadMemStats(&after)
	if grow := int64(after.StackInuse) - int64(before.StackInuse); grow > 1<<20 {
		t.Errorf("stack grew by %d bytes during Backward of %d nodes", grow, tape.Len())
	}
	// d/dx of tanh applied n times: the product of (1 - tanh²) along the chain.
	want := 1.0
	y := 0.5
	for i := 0; i < n; i++ {
		y = math.Tanh(y)
		want *= 1 - y*y
	}
	if math.Abs(x.Grad()-want) > 1e-9*math.Abs(want) {
		t.Errorf("grad through %d tanh = %v, want %v", n, x.Grad(), want)
	}
}

// Backward and a steady-state training step allocate nothing.
func TestNoAllocations(t *testing.T) {
	tape := autograd.NewTape()
	w := []V{tape.New(0.3), tape.New(-0.2)}
	b := tape.New(0.1)
	params := []V{w[0], w[1], b}
	mark := tape.Len()
	step := func() {
		tape.Truncate(mark)
		x := []V{tape.New(1), tape.New(2)}
		loss := autograd.Affine(b, w, x).Relu().SubScalar(1).Pow(2).Named("loss")
		tape.ZeroGrad()
		loss.Backward()
		for _, p := range params {
			p.SetData(p.Data() - 0.01*p.Grad())
		}
	}
	step() // warm-up: slices grow once
	if n := testing.AllocsPerRun(100, step); n != 0 {
		t.Errorf("a training step allocates %v times, want 0", n)
	}
}

// Separate tapes in separate goroutines (run with -race).
func TestTapesInGoroutines(t *testing.T) {
	var wg sync.WaitGroup
	results := make([]float64, 8)
	for g := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tape := autograd.NewTape()
			w := tape.New(float64(g))
			mark := tape.Len()
			for step := 0; step < 500; step++ {
				tape.Truncate(mark)
				loss := w.SubScalar(1).Pow(2)
				tape.ZeroGrad()
				loss.Backward()
				w.SetData(w.Data() - 0.1*w.Grad())
			}
			results[g] = w.Data()
		}()
	}
	wg.Wait()
	for g, w := range results {
		if math.Abs(w-1) > 1e-9 {
			t.Errorf("goroutine %d: w = %v, want 1", g, w)
		}
	}
}

// TestMicrogradLoopConstantMemory runs a million steps of a loop written as
// a micrograd user writes it, on the default tape (New at every step, ops,
// Backward, an update), with the package's idiom: mark once, Truncate at
// the end of each step. Memory stays flat and the fit is right.
func TestMicrogradLoopConstantMemory(t *testing.T) {
	tape := autograd.DefaultTape()
	w, b := autograd.New(0), autograd.New(0) // fit y = 0.5x - 1
	defer tape.Truncate(w.Index())
	mark := tape.Len()
	var before, after runtime.MemStats
	for step := range 1_000_000 {
		x := autograd.New(float64(step%9)/4 - 1)
		y := 0.5*x.Data() - 1
		loss := w.Mul(x).Add(b).SubScalar(y).Pow(2)
		w.SetGrad(0)
		b.SetGrad(0)
		loss.Backward()
		w.SetData(w.Data() - 0.05*w.Grad())
		b.SetData(b.Data() - 0.05*b.Grad())
		tape.Truncate(mark)
		switch step {
		case 1000:
			runtime.GC()
			runtime.ReadMemStats(&before)
		case 999_999:
			runtime.GC()
			runtime.ReadMemStats(&after)
		}
	}
	if tape.Len() != mark {
		t.Errorf("the tape holds %d nodes after the loop, %d before", tape.Len(), mark)
	}
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 64<<10 {
		t.Errorf("the heap grew by %d bytes from step 1,000 to step 1,000,000", grown)
	}
	if allocs := after.Mallocs - before.Mallocs; allocs > 1000 {
		t.Errorf("%d allocations in 999,000 steps", allocs)
	}
	if math.Abs(w.Data()-0.5) > 1e-9 || math.Abs(b.Data()+1) > 1e-9 {
		t.Errorf("w = %v, b = %v; want 0.5 and -1", w.Data(), b.Data())
	}
}
