package autograd_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
)

// A recipe says how to make one Value from earlier ones, so that a test can
// build the same expression on a tape with a history and on a fresh one.
type recipe struct {
	op   string
	in   []int // indices of earlier Values
	c    float64
	name string
}

func (r recipe) make(tape *autograd.Tape, vs []V) V {
	in := make([]V, len(r.in))
	for k, i := range r.in {
		in[k] = vs[i]
	}
	switch r.op {
	case "leaf":
		return tape.New(r.c)
	case "add":
		return in[0].Add(in[1])
	case "sub":
		return in[0].Sub(in[1])
	case "mul":
		return in[0].Mul(in[1])
	case "div":
		return in[0].Div(in[1])
	case "tanh":
		return in[0].Tanh()
	case "exp":
		return in[0].Exp()
	case "relu":
		return in[0].Relu()
	case "sigmoid":
		return in[0].Sigmoid()
	case "pow":
		return in[0].Pow(r.c)
	case "mulscalar":
		return in[0].MulScalar(r.c)
	case "sum":
		return autograd.Sum(in...)
	case "dot":
		return autograd.Dot(in[:len(in)/2], in[len(in)/2:])
	case "affine":
		return autograd.Affine(in[0], in[1:1+len(in)/2], in[1+len(in)/2:])
	case "layer": // the sum of four neurons of two inputs, which Backward takes together
		x, _ := autograd.RowOf([]V{in[0].Tanh(), in[1].Tanh()}) // made one after another
		var params []V
		for k := range 4 * 3 {
			params = append(params, tape.New(math.Sin(r.c+float64(k))))
		}
		p, _ := autograd.RowOf(params)
		return autograd.Sum(autograd.Affines(p, x).Values()...)
	}
	panic("unknown recipe op " + r.op)
}

// randomRecipes returns n recipes: leaves first, then ops on earlier Values,
// with runs of consecutive leaves so that Dot and Affine also take their row
// forms, and layers of neurons.
func randomRecipes(rng *rand.Rand, n int) []recipe {
	var rs []recipe
	for len(rs) < n {
		k := len(rs)
		if k < 4 || rng.IntN(4) == 0 {
			rs = append(rs, recipe{op: "leaf", c: rng.Float64()*2 - 1})
			continue
		}
		pick := func() int { return rng.IntN(k) }
		switch op := []string{"add", "sub", "mul", "div", "tanh", "exp", "relu", "sigmoid", "pow", "mulscalar", "sum", "dot", "affine", "rows", "layer"}[rng.IntN(15)]; op {
		case "add", "sub", "mul", "div": // a root whose value is not finite is skipped
			rs = append(rs, recipe{op: op, in: []int{pick(), pick()}})
		case "tanh", "exp", "relu", "sigmoid":
			rs = append(rs, recipe{op: op, in: []int{pick()}})
		case "pow":
			rs = append(rs, recipe{op: op, in: []int{pick()}, c: 2})
		case "mulscalar":
			rs = append(rs, recipe{op: op, in: []int{pick()}, c: rng.Float64()*4 - 2})
		case "sum":
			rs = append(rs, recipe{op: op, in: []int{pick(), pick(), pick()}})
		case "dot":
			rs = append(rs, recipe{op: op, in: []int{pick(), pick(), pick(), pick()}})
		case "affine":
			rs = append(rs, recipe{op: op, in: []int{pick(), pick(), pick(), pick(), pick()}})
		case "rows": // two rows of two leaves, and their Affine with an earlier bias
			b := pick()
			for range 4 {
				rs = append(rs, recipe{op: "leaf", c: rng.Float64()*2 - 1})
			}
			rs = append(rs, recipe{op: "affine", in: []int{b, k, k + 1, k + 2, k + 3}})
		case "layer":
			rs = append(rs, recipe{op: op, in: []int{pick(), pick()}, c: rng.Float64()})
		}
	}
	return rs[:n]
}

// graphOf returns the indices of the Values that vs[root] depends on,
// itself included, found through Inputs.
func graphOf(vs []V, root int) map[int]bool {
	pos := map[int]int{} // tape position -> index in vs
	for i, v := range vs {
		pos[v.Index()] = i
	}
	in := map[int]bool{}
	var visit func(v V)
	visit = func(v V) {
		i, ok := pos[v.Index()]
		if ok && in[i] {
			return
		}
		if ok {
			in[i] = true
		}
		for _, w := range v.Inputs() {
			visit(w)
		}
	}
	visit(vs[root])
	return in
}

// freshGrads builds recipes[:root+1] on a new tape, backpropagates from the
// last one and returns every Value's gradient there: what Backward must add
// to a leaf's gradient, or set a non-leaf's to.
func freshGrads(rs []recipe, root int) []float64 {
	tape := autograd.NewTape()
	var vs []V
	for _, r := range rs[:root+1] {
		vs = append(vs, r.make(tape, vs))
	}
	vs[root].Backward()
	g := make([]float64, len(vs))
	for i, v := range vs {
		g[i] = v.Grad()
	}
	return g
}

// TestBackwardTouchesOnlyItsGraph runs random programs on one tape, with
// Backward called from random roots again and again, SetGrad, ZeroGrad and
// Truncate in between, and checks every Value's gradient after each step
// against what the documentation promises: Backward sets the gradients of
// the non-leaf nodes its root depends on, adds to those of the leaves, and
// leaves every other node alone, wherever it sits on the tape.
func TestBackwardTouchesOnlyItsGraph(t *testing.T) {
	for seed := range uint64(30) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			rs := randomRecipes(rng, 60)
			tape := autograd.NewTape()
			tape.New(5).Mul(tape.New(6)).Backward() // a history before the program
			var vs []V
			want := map[int]float64{} // expected gradient of each live Value
			for i, r := range rs {
				vs = append(vs, r.make(tape, vs))
				want[i] = 0
				if i%7 == 3 { // unrelated nodes between the program's
					tape.New(1).Tanh()
				}
			}
			live := len(vs)
			check := func(step string) {
				t.Helper()
				for i := range vs[:live] {
					if got := vs[i].Grad(); !same(got, want[i]) {
						t.Fatalf("after %s: Value %d (%s) has gradient %v, want %v", step, i, vs[i].Op(), got, want[i])
					}
				}
			}
			for step := range 40 {
				switch rng.IntN(10) {
				case 0:
					tape.ZeroGrad()
					for i := range want {
						want[i] = 0
					}
					check("ZeroGrad")
				case 1:
					i := rng.IntN(live)
					vs[i].SetGrad(0.5)
					want[i] = 0.5
					check("SetGrad")
				case 2: // drop the last Values and build them again
					keep := live - 1 - rng.IntN(min(10, live-1))
					tape.Truncate(vs[keep].Index() + 1)
					vs = vs[:keep+1]
					for i := keep + 1; i < len(rs); i++ {
						vs = append(vs, rs[i].make(tape, vs))
						want[i] = 0
					}
					check("Truncate")
				default:
					root := rng.IntN(live)
					if v := vs[root].Data(); math.IsNaN(v) || math.IsInf(v, 0) {
						continue
					}
					fresh := freshGrads(rs, root)
					graph := graphOf(vs, root)
					vs[root].Backward()
					for i := range graph {
						if vs[i].IsLeaf() {
							want[i] += fresh[i]
						} else {
							want[i] = fresh[i]
						}
					}
					check(fmt.Sprintf("step %d: Backward from Value %d", step, root))
				}
			}
		})
	}
}

// same reports whether x and y are equal, or both NaN, or within 1e-12
// relative (a leaf's sum may add in another order).
func same(x, y float64) bool {
	if math.IsNaN(x) || math.IsNaN(y) {
		return math.IsNaN(x) && math.IsNaN(y)
	}
	return x == y || math.Abs(x-y) <= 1e-12*math.Max(1, math.Abs(y))
}

// TestBackwardBetweenUnrelatedNodes builds a graph between unrelated nodes
// that hold gradients of their own, and checks that Backward gives the
// graph the gradients it has on a tape of its own, and leaves the other
// nodes as they were.
func TestBackwardBetweenUnrelatedNodes(t *testing.T) {
	graph := func(tape *autograd.Tape, between func()) (root V, leaves []V) {
		a, b := tape.New(0.5), tape.New(-1.5)
		between()
		c := a.Mul(b).Tanh()
		between()
		return c.Add(a).Exp(), []V{a, b}
	}
	alone := autograd.NewTape()
	wantRoot, wantLeaves := graph(alone, func() {})
	wantRoot.Backward()

	tape := autograd.NewTape()
	var unrelated []V
	other := func() { // a leaf and a non-leaf node, each with a gradient
		x := tape.New(2)
		y := x.MulScalar(3).Tanh()
		y.Backward()
		unrelated = append(unrelated, x, y)
	}
	other()
	root, leaves := graph(tape, other)
	other()
	before := make([][2]float64, len(unrelated))
	for k, u := range unrelated {
		before[k] = [2]float64{u.Data(), u.Grad()}
	}
	for call := 1; call <= 2; call++ { // the second call finds the graph's own gradients there
		root.Backward()
		for k, l := range leaves {
			if got, want := l.Grad(), float64(call)*wantLeaves[k].Grad(); got != want {
				t.Errorf("call %d: leaf %d: gradient %v, want %v", call, k, got, want)
			}
		}
		for k, u := range unrelated {
			if got := [2]float64{u.Data(), u.Grad()}; got != before[k] {
				t.Errorf("call %d: unrelated node %d (%q) went from %v to %v", call, k, u.Op(), before[k], got)
			}
		}
	}
}
