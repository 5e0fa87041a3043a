package autograd

import (
	"fmt"
	"math"
)

// GradCheck compares the gradients Backward computes for f at x with central
// finite differences, (f(x+h) - f(x-h)) / 2h with h = 1e-6·max(1, |x[i]|). It
// returns nil if they agree to within 1e-5·max(1, |analytic|, |numeric|) for
// every input, and otherwise an error naming the first input where they
// differ. f receives the inputs as leaves of a fresh tape and must build its
// result from them only (constants through AddScalar, MulScalar and the like,
// or leaves made with x[0].Tape().New). f is called 2·len(x)+1 times.
//
// Away from kinks (ReLU at 0) and poles (Log at 0), a failing check means a
// wrong derivative.
func GradCheck(f func(x []Value) Value, x ...float64) error {
	t := NewTape()
	eval := func(xs []float64) Value {
		t.Reset()
		leaves := make([]Value, len(xs))
		for i, xi := range xs {
			leaves[i] = t.New(xi)
		}
		out := f(leaves)
		if out.Tape() != t {
			panic("autograd: GradCheck: f returned a Value of another tape; build it from the Values f receives")
		}
		return out
	}
	out := eval(x)
	out.Backward()
	analytic := make([]float64, len(x))
	for i := range x {
		analytic[i] = t.nodes[i].grad
	}
	xs := append([]float64(nil), x...)
	for i, xi := range x {
		h := 1e-6 * math.Max(1, math.Abs(xi))
		xs[i] = xi + h
		up := eval(xs).Data()
		xs[i] = xi - h
		down := eval(xs).Data()
		xs[i] = xi
		numeric := (up - down) / (2 * h)
		a := analytic[i]
		if math.IsNaN(a) || math.IsInf(a, 0) || math.IsNaN(numeric) || math.IsInf(numeric, 0) {
			return fmt.Errorf("autograd: GradCheck: input %d (x=%g): gradient %g, finite difference %g: not finite", i, xi, a, numeric)
		}
		if tol := 1e-5 * math.Max(1, math.Max(math.Abs(a), math.Abs(numeric))); math.Abs(a-numeric) > tol {
			return fmt.Errorf("autograd: GradCheck: input %d (x=%g): gradient %g, finite difference %g", i, xi, a, numeric)
		}
	}
	return nil
}
