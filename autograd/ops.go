package autograd

import "math"

// Each op below records its result and, right after it, states its local
// derivative: given g, the gradient flowing into the result, the function
// returns what flows into each operand. Backward calls these functions; the
// compiler inlines them, so keeping the rule next to the op costs nothing.

// live reports whether v and w are Values of t whose nodes are still on it.
// It is small enough to be inlined into every op, keeping the check cheap;
// badOperands, out of line, says what went wrong.
func (t *Tape) live(v, w Value) bool {
	return t != nil && v.t == t && w.t == t &&
		uint(v.i) < uint(len(t.nodes)) && uint(w.i) < uint(len(t.nodes)) &&
		t.nodes[v.i].gen == v.gen && t.nodes[w.i].gen == w.gen
}

//go:noinline
func badOperands(v, w Value) {
	if v.t == nil || w.t == nil {
		panic(msgZero)
	}
	if v.t != w.t {
		panic(msgTapes)
	}
	panic(msgStale)
}

// Add returns v+w.
func (v Value) Add(w Value) Value {
	t := v.t
	if !t.live(v, w) {
		badOperands(v, w)
	}
	return t.push(opAdd, t.nodes[v.i].data+t.nodes[w.i].data, v.i, w.i)
}

func addGrad(g float64) (da, db float64) { return g, g }

// Sub returns v-w.
func (v Value) Sub(w Value) Value {
	t := v.t
	if !t.live(v, w) {
		badOperands(v, w)
	}
	return t.push(opSub, t.nodes[v.i].data-t.nodes[w.i].data, v.i, w.i)
}

func subGrad(g float64) (da, db float64) { return g, -g }

// Mul returns v*w.
func (v Value) Mul(w Value) Value {
	t := v.t
	if !t.live(v, w) {
		badOperands(v, w)
	}
	return t.push(opMul, t.nodes[v.i].data*t.nodes[w.i].data, v.i, w.i)
}

func mulGrad(g, a, b float64) (da, db float64) { return g * b, g * a }

// Div returns v/w. Division by zero gives ±Inf or NaN, as in IEEE 754.
func (v Value) Div(w Value) Value {
	t := v.t
	if !t.live(v, w) {
		badOperands(v, w)
	}
	return t.push(opDiv, t.nodes[v.i].data/t.nodes[w.i].data, v.i, w.i)
}

// d(a/b) = da/b - (a/b²) db, and a/b is out.
func divGrad(g, b, out float64) (da, db float64) { return g / b, -g * out / b }

// Neg returns -v.
func (v Value) Neg() Value { return v.t.push(opNeg, -v.node().data, v.i, 0) }

func negGrad(g float64) float64 { return -g }

// Exp returns e**v.
func (v Value) Exp() Value { return v.t.push(opExp, math.Exp(v.node().data), v.i, 0) }

func expGrad(g, out float64) float64 { return g * out }

// Log returns the natural logarithm of v: NaN for v < 0, -Inf for v = 0.
func (v Value) Log() Value { return v.t.push(opLog, math.Log(v.node().data), v.i, 0) }

func logGrad(g, a float64) float64 { return g / a }

// Tanh returns the hyperbolic tangent of v.
func (v Value) Tanh() Value { return v.t.push(opTanh, math.Tanh(v.node().data), v.i, 0) }

func tanhGrad(g, out float64) float64 { return g * (1 - out*out) }

// Relu returns max(v, 0). NaN stays NaN.
func (v Value) Relu() Value {
	a := v.node().data
	if a <= 0 {
		a = 0
	}
	return v.t.push(opRelu, a, v.i, 0)
}

// The derivative at 0 is taken to be 0, as in micrograd and PyTorch.
func reluGrad(g, out float64) float64 {
	if out > 0 {
		return g
	}
	return 0
}

// Sigmoid returns 1/(1+e**-v), computed without overflow for any v.
func (v Value) Sigmoid() Value {
	a := v.node().data
	var s float64
	if a >= 0 {
		s = 1 / (1 + math.Exp(-a))
	} else {
		e := math.Exp(a)
		s = e / (1 + e)
	}
	return v.t.push(opSigmoid, s, v.i, 0)
}

func sigmoidGrad(g, out float64) float64 { return g * out * (1 - out) }

// Pow returns v**p for a constant p, following math.Pow: a negative v to a
// non-integer p is NaN. The exponent is recorded as a hidden leaf, so Op
// reports it ("**2") and Inputs does not.
func (v Value) Pow(p float64) Value {
	a := v.node().data
	exp := v.t.New(p)
	return v.t.push(opPow, math.Pow(a, p), v.i, exp.i)
}

// d(a**p) = p a**(p-1) da; for p = 0 the result is constant, even at a = 0.
func powGrad(g, a, p float64) float64 {
	if p == 0 {
		return 0
	}
	return g * p * math.Pow(a, p-1)
}

// AddScalar returns v+c. The constant c becomes a leaf on v's tape, so it
// shows up in drawings of the graph; use Add with a Value to reuse one.
func (v Value) AddScalar(c float64) Value { return v.Add(v.constant(c)) }

// SubScalar returns v-c, with c recorded as a leaf.
func (v Value) SubScalar(c float64) Value { return v.Sub(v.constant(c)) }

// MulScalar returns v*c, with c recorded as a leaf. Go has no operator
// overloading, so both a*3 and 3*a are written a.MulScalar(3).
func (v Value) MulScalar(c float64) Value { return v.Mul(v.constant(c)) }

// DivScalar returns v/c, with c recorded as a leaf.
func (v Value) DivScalar(c float64) Value { return v.Div(v.constant(c)) }

func (v Value) constant(c float64) Value {
	v.node()
	return v.t.New(c)
}
