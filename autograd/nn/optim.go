package nn

import (
	"fmt"
	"math"

	"github.com/littlegrad/littlegrad/autograd"
)

// An Optimizer updates parameters in place from the gradients that Backward
// left in them.
type Optimizer interface {
	// Step updates every parameter once.
	Step()
}

// Products below are wrapped in float64() so that the compiler never fuses
// a*b + c into one FMA instruction (it may on arm64): an update rounds as
// PyTorch's and micrograd's do, on every machine.

// SGD is gradient descent: at step k (counting from 0) it sets
// p = p - lr(k) * p.grad for every parameter p, micrograd's update. With
// Momentum(mu) it keeps a velocity v per parameter, v = mu*v + p.grad, and
// sets p = p - lr(k) * v, as PyTorch's SGD does.
type SGD struct {
	params   []autograd.Value
	lr       func(step int) float64
	momentum float64
	velocity []float64
	step     int
}

// NewSGD returns plain SGD over params with the learning rate lr, constant
// until Schedule changes it.
func NewSGD(params []autograd.Value, lr float64) *SGD {
	return &SGD{params: params, lr: constant(lr)}
}

// Schedule sets the learning rate of step k to lr(k), k counting the calls
// to Step from 0, and returns o. micrograd's demo decays it linearly:
//
//	opt := nn.NewSGD(model.Parameters(), 1).Schedule(func(k int) float64 {
//		return 1.0 - 0.9*float64(k)/100
//	})
//
// It panics if lr is nil.
func (o *SGD) Schedule(lr func(step int) float64) *SGD {
	o.lr = schedule("SGD", lr)
	return o
}

// Momentum sets the momentum, 0 by default, and returns o. It panics unless
// 0 <= mu < 1.
func (o *SGD) Momentum(mu float64) *SGD {
	if !(mu >= 0 && mu < 1) {
		panic(fmt.Sprintf("nn: SGD.Momentum(%v): momentum must be in [0, 1), as 0.9", mu))
	}
	o.momentum = mu
	if o.velocity == nil {
		o.velocity = make([]float64, len(o.params))
	}
	return o
}

// Step updates every parameter once and counts a step. O(len(params)); it
// allocates nothing.
func (o *SGD) Step() {
	lr := o.lr(o.step)
	o.step++
	if o.velocity == nil {
		for _, p := range o.params {
			p.SetData(p.Data() - float64(lr*p.Grad()))
		}
		return
	}
	for i, p := range o.params {
		v := float64(o.momentum*o.velocity[i]) + p.Grad()
		o.velocity[i] = v
		p.SetData(p.Data() - float64(lr*v))
	}
}

// Adam is the Adam optimizer with PyTorch's formulas: at step t (counting
// from 1), for each parameter p with gradient g,
//
//	m = beta1*m + (1-beta1)*g
//	v = beta2*v + (1-beta2)*g*g
//	p = p - lr/(1-beta1**t) * m / (sqrt(v)/sqrt(1-beta2**t) + eps)
//
// with m and v starting at 0, beta1 = 0.9, beta2 = 0.999 and eps = 1e-8
// unless Betas and Eps change them.
type Adam struct {
	params       []autograd.Value
	lr           func(step int) float64
	beta1, beta2 float64
	eps          float64
	m, v         []float64
	step         int
}

// NewAdam returns Adam over params with the learning rate lr, constant until
// Schedule changes it, and PyTorch's defaults for the rest.
func NewAdam(params []autograd.Value, lr float64) *Adam {
	return &Adam{
		params: params, lr: constant(lr),
		beta1: 0.9, beta2: 0.999, eps: 1e-8,
		m: make([]float64, len(params)), v: make([]float64, len(params)),
	}
}

// Schedule sets the learning rate of step k to lr(k), k counting the calls
// to Step from 0, and returns o. It panics if lr is nil.
func (o *Adam) Schedule(lr func(step int) float64) *Adam {
	o.lr = schedule("Adam", lr)
	return o
}

// Betas sets the decay rates of the two moment estimates and returns o. It
// panics unless both are in [0, 1).
func (o *Adam) Betas(beta1, beta2 float64) *Adam {
	if !(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1) {
		panic(fmt.Sprintf("nn: Adam.Betas(%v, %v): both must be in [0, 1), as 0.9 and 0.999", beta1, beta2))
	}
	o.beta1, o.beta2 = beta1, beta2
	return o
}

// Eps sets the term added to the denominator for stability and returns o.
func (o *Adam) Eps(eps float64) *Adam {
	o.eps = eps
	return o
}

// Step updates every parameter once and counts a step. O(len(params)); it
// allocates nothing.
func (o *Adam) Step() {
	lr := o.lr(o.step)
	o.step++
	b1, b2 := o.beta1, o.beta2
	t := float64(o.step)
	stepSize := lr / (1 - math.Pow(b1, t))
	bc2 := math.Sqrt(1 - math.Pow(b2, t))
	for i, p := range o.params {
		g := p.Grad()
		m := float64(o.m[i]*b1) + float64((1-b1)*g)
		v := float64(o.v[i]*b2) + float64(float64((1-b2)*g)*g)
		o.m[i], o.v[i] = m, v
		p.SetData(p.Data() + float64(-stepSize*m)/(math.Sqrt(v)/bc2+o.eps))
	}
}

func constant(lr float64) func(int) float64 { return func(int) float64 { return lr } }

func schedule(opt string, lr func(int) float64) func(int) float64 {
	if lr == nil {
		panic("nn: " + opt + ".Schedule(nil); pass a func(step int) float64")
	}
	return lr
}
