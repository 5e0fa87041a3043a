package autograd_test

import (
	"math"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
)

// layer builds on tape m neurons of n inputs, each neuron's weights then its
// bias, then the n inputs, and returns the parameters and the inputs. With
// scattered, another node sits after each Value, so that none is in a row
// and Affine records its list form.
func layer(tape *autograd.Tape, m, n int, scattered bool) (params, x []V) {
	leaf := func(v float64) V {
		l := tape.New(v)
		if scattered {
			tape.New(99)
		}
		return l
	}
	for j := range m {
		for k := range n {
			params = append(params, leaf(math.Sin(float64(7*j+k))))
		}
		params = append(params, leaf(0.1*float64(j)-0.2))
	}
	for k := range n {
		x = append(x, leaf(math.Cos(float64(3*k))))
	}
	return params, x
}

// rowOf returns vs as a Row, failing the test if they are not one.
func rowOf(t *testing.T, vs []V) autograd.Row {
	t.Helper()
	r, ok := autograd.RowOf(vs)
	if !ok {
		t.Fatalf("RowOf(%v) is not a Row", vs)
	}
	return r
}

// Affines records the nodes Affine records, neuron by neuron: same bits,
// same inputs, and Backward gives every Value the same gradient, to the
// bit, as through Affine's list form, which applies the rule of one node
// after another. The cases take Backward's four-neuron pass and its
// fallbacks: layers of 1 to 9 neurons, outputs the loss does not use (the
// neurons around them are not reached), and inputs that are among the
// weights.
func TestAffinesMatchesAffine(t *testing.T) {
	for _, tt := range []struct {
		name    string
		m, n    int
		every   int  // the second loss uses every every-th output
		aliased bool // the inputs are the first neuron's weights
	}{
		{"one neuron", 1, 3, 1, false},
		{"four neurons", 4, 5, 1, false},
		{"six neurons", 6, 16, 1, false},
		{"nine neurons of two inputs", 9, 2, 1, false},
		{"every other output", 9, 3, 2, false},
		{"every third output", 8, 4, 3, false},
		{"inputs among the weights", 8, 3, 1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ta, tb := autograd.NewTape(), autograd.NewTape()
			pa, xa := layer(ta, tt.m, tt.n, false)
			pb, xb := layer(tb, tt.m, tt.n, true)
			if tt.aliased {
				xa, xb = pa[:tt.n], pb[:tt.n]
			}
			got := autograd.Affines(rowOf(t, pa), rowOf(t, xa)).Values()
			var want []V
			for j := range tt.m {
				w := pb[j*(tt.n+1) : j*(tt.n+1)+tt.n]
				want = append(want, autograd.Affine(pb[j*(tt.n+1)+tt.n], w, xb))
			}
			if len(got) != len(want) {
				t.Fatalf("%d nodes, want %d", len(got), len(want))
			}
			index := func(vs []V) (pos []int) {
				for _, v := range vs {
					pos = append(pos, v.Index())
				}
				return pos
			}
			for j := range got {
				if got[j].Data() != want[j].Data() {
					t.Errorf("neuron %d: %b, Affine gives %b", j, got[j].Data(), want[j].Data())
				}
				// The inputs: the bias, then each weight and input in turn.
				w := pa[j*(tt.n+1) : (j+1)*(tt.n+1)]
				in := []V{w[tt.n]}
				for k := range tt.n {
					in = append(in, w[k], xa[k])
				}
				if got[j].Op() != "affine" || !equal(index(got[j].Inputs()), index(in)) {
					t.Errorf("neuron %d: %q of %v, want \"affine\" of %v", j, got[j].Op(), index(got[j].Inputs()), index(in))
				}
			}
			for call, every := range []int{1, tt.every} {
				// The second call finds gradients in the neurons, also in
				// those it does not reach, which it must leave alone.
				var la, lb []V
				for j := 0; j < tt.m; j += every {
					la, lb = append(la, got[j]), append(lb, want[j])
				}
				autograd.Dot(la, la).Backward()
				autograd.Dot(lb, lb).Backward()
				for _, vs := range [][2][]V{{pa, pb}, {xa, xb}, {got, want}} {
					for k := range vs[0] {
						if a, b := vs[0][k].Grad(), vs[1][k].Grad(); a != b {
							t.Errorf("call %d: gradient of %s %d = %v, through Affine %v", call, vs[0][k].Op(), k, a, b)
						}
					}
				}
			}
		})
	}
}

// Row.Relu and Row.Tanh record the nodes Relu and Tanh record, one after
// another, with the same values and gradients.
func TestRowReluAndTanh(t *testing.T) {
	for _, tt := range []struct {
		name string
		row  func(autograd.Row) autograd.Row
		op   func(V) V
	}{
		{"ReLU", autograd.Row.Relu, V.Relu},
		{"tanh", autograd.Row.Tanh, V.Tanh},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Non-leaves, one after another, then the tape moves on.
			inputs := func(tape *autograd.Tape) []V {
				var leaves, x []V
				for k := range 7 {
					leaves = append(leaves, tape.New(math.Cos(float64(3*k))))
				}
				for _, l := range leaves {
					x = append(x, l.Neg())
				}
				tape.New(99)
				return x
			}
			ta, tb := autograd.NewTape(), autograd.NewTape()
			xa, xb := inputs(ta), inputs(tb)
			first := ta.Len()
			got := tt.row(rowOf(t, xa)).Values()
			var want []V
			for _, x := range xb {
				want = append(want, tt.op(x))
			}
			for k := range got {
				if got[k].Data() != want[k].Data() || got[k].Op() != want[k].Op() || got[k].Inputs()[0] != xa[k] {
					t.Errorf("Value %d: %v %q of %v, want %v %q of %v", k, got[k], got[k].Op(), got[k].Inputs(), want[k], want[k].Op(), xa[k])
				}
				if got[k].Index() != first+k {
					t.Errorf("Value %d at position %d, want %d: one after another", k, got[k].Index(), first+k)
				}
			}
			autograd.Dot(got, got).Backward()
			autograd.Dot(want, want).Backward()
			for k := range got {
				if got[k].Grad() != want[k].Grad() || xa[k].Grad() != xb[k].Grad() {
					t.Errorf("Value %d: gradients %v and %v of its input, want %v and %v", k,
						got[k].Grad(), xa[k].Grad(), want[k].Grad(), xb[k].Grad())
				}
			}
		})
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRow(t *testing.T) {
	tape := autograd.NewTape()
	a, b, c := tape.New(1), tape.New(2), tape.New(3)
	r := rowOf(t, []V{a, b, c})
	if r.Len() != 3 || r.At(1) != b || r.Values()[2] != c || len(r.AppendTo([]V{a})) != 4 {
		t.Errorf("Row of a, b, c: Len %d, At(1) %v, Values %v", r.Len(), r.At(1), r.Values())
	}
	other := autograd.NewTape().New(1)
	mark := tape.Len()
	d, e := tape.New(4), tape.New(5)
	late := rowOf(t, []V{d, e})
	tape.Truncate(mark)
	x := rowOf(t, []V{tape.New(1)}) // in the dropped Row's slots
	for _, tt := range []struct {
		name string
		vs   []V
	}{
		{"no Values", nil},
		{"a gap", []V{a, c}},
		{"two tapes", []V{c, other}},
		{"the zero Value", []V{a, {}}},
		{"a dropped Value", []V{d}},
		{"made before and after a Truncate", []V{c, x.At(0)}},
	} {
		if _, ok := autograd.RowOf(tt.vs); ok {
			t.Errorf("RowOf of %s is a Row", tt.name)
		}
	}
	mustPanic(t, "Truncate dropped", func() { autograd.Affines(late, x) })
	mustPanic(t, "Truncate dropped", func() { late.At(0).Data() })
	mustPanic(t, "Truncate dropped", func() { late.Relu() })
	if got := autograd.Affines(rowOf(t, []V{b, c}), x).At(0).Data(); got != 2*1+3 {
		t.Errorf("Affines with a live Row = %v, want 5", got)
	}
}

func TestRowPanics(t *testing.T) {
	tape := autograd.NewTape()
	a, b := tape.New(1), tape.New(2)
	row, _ := autograd.RowOf([]V{a, b})
	other, _ := autograd.RowOf([]V{autograd.NewTape().New(1)})
	tests := []struct {
		name, want string
		f          func()
	}{
		{"At out of range", "Row.At(2) of a Row of 2 Values", func() { row.At(2) }},
		{"zero Row", "zero Row", func() { autograd.Affines(autograd.Row{}, row) }},
		{"zero Row of inputs", "zero Row", func() { autograd.Affines(row, autograd.Row{}) }},
		{"row length", "Row of 2 parameters and 2 inputs", func() { autograd.Affines(row, row) }},
		{"inputs of another tape", "two different tapes", func() { autograd.Affines(row, other) }},
		{"ReLU of the zero Row", "zero Row", func() { autograd.Row{}.Relu() }},
		{"tanh of the zero Row", "zero Row", func() { autograd.Row{}.Tanh() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}

// A neuron of more inputs than a neuron node holds (65,535) is recorded
// in Affine's other form, with the same value and gradients.
func TestAffinesWide(t *testing.T) {
	tape := autograd.NewTape()
	params, x := layer(tape, 1, 70_000, false)
	got := autograd.Affines(rowOf(t, params), rowOf(t, x)).At(0)
	want := autograd.Affine(params[len(params)-1], params[:len(params)-1], x)
	if got.Data() != want.Data() || len(got.Inputs()) != 1+2*70_000 {
		t.Errorf("Affines: %v of %d inputs, Affine gives %v", got.Data(), len(got.Inputs()), want.Data())
	}
	got.Backward()
	g := x[123].Grad()
	tape.ZeroGrad()
	want.Backward()
	if x[123].Grad() != g || g != params[123].Data() {
		t.Errorf("gradient of an input: %v, through Affine %v, want its weight %v", g, x[123].Grad(), params[123].Data())
	}
}
