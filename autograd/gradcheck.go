package autograd

import (
	"fmt"
	"math"
)

// GradCheck compares the gradients Backward computes for f at x with central
// finite differences, input by input (see CheckInputs). It returns nil if
// they agree for every input, and otherwise an error naming the first input
// where they differ.
//
// Away from kinks (ReLU at 0) and poles (Log at 0), a failing check means a
// wrong derivative.
func GradCheck(f func(x []Value) Value, x ...float64) error {
	_, checks := CheckInputs(f, x...)
	for i, c := range checks {
		if !c.Agrees() {
			detail := ""
			if !finite(c.Grad) || !finite(c.Numeric) {
				detail = ": not finite"
			}
			return fmt.Errorf("autograd: GradCheck: input %d (x=%g): gradient %g, finite difference %g%s", i, x[i], c.Grad, c.Numeric, detail)
		}
	}
	return nil
}

// An InputCheck is the gradient of a function with respect to one input
// beside its central finite difference.
type InputCheck struct {
	Grad    float64 // from Backward
	Numeric float64 // (f(x+h) - f(x-h)) / 2h, with h = 1e-6·max(1, |x|)
}

// Agrees reports whether c's two gradients are finite and differ by at most
// 1e-5·max(1, |Grad|, |Numeric|).
func (c InputCheck) Agrees() bool {
	return finite(c.Grad) && finite(c.Numeric) &&
		math.Abs(c.Grad-c.Numeric) <= 1e-5*math.Max(1, math.Max(math.Abs(c.Grad), math.Abs(c.Numeric)))
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// CheckInputs computes f at x, then Backward, and returns the result, on a
// tape of its own whose first len(x) nodes are the inputs in order, and for
// each input its gradient beside its central finite difference. f receives
// the inputs as leaves of that tape and must build its result from them only
// (constants through AddScalar, MulScalar and the like, or leaves made with
// x[0].Tape().New); it is called 2·len(x)+1 times. It panics if f returns a
// Value of another tape.
func CheckInputs(f func(x []Value) Value, x ...float64) (Value, []InputCheck) {
	t := NewTape()
	eval := func(xs []float64) Value {
		t.Reset()
		leaves := make([]Value, len(xs))
		for i, xi := range xs {
			leaves[i] = t.New(xi)
		}
		out := f(leaves)
		if out.Tape() != t {
			panic("autograd: CheckInputs: f returned a Value of another tape; build it from the Values f receives")
		}
		return out
	}
	checks := make([]InputCheck, len(x))
	xs := append([]float64(nil), x...)
	for i, xi := range x {
		h := 1e-6 * math.Max(1, math.Abs(xi))
		xs[i] = xi + h
		up := eval(xs).Data()
		xs[i] = xi - h
		down := eval(xs).Data()
		xs[i] = xi
		checks[i].Numeric = (up - down) / (2 * h)
	}
	out := eval(x) // last, so that its Values stay valid
	out.Backward()
	for i := range x {
		checks[i].Grad = t.nodes[i].grad
	}
	return out, checks
}
