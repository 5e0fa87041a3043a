package autograd_test

import (
	"math"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
)

// layer builds on tape m neurons of n inputs, each neuron's weights then its
// bias, then the n inputs, and returns the parameters and the inputs. Where
// scattered says so (for the parameters, for the inputs), another node
// sits after each Value, so that they are not in a row and Affine records
// its list form.
func layer(tape *autograd.Tape, m, n int, scattered [2]bool) (params, x []V) {
	leaf := func(v float64, scattered bool) V {
		l := tape.New(v)
		if scattered {
			tape.New(99)
		}
		return l
	}
	for j := range m {
		for k := range n {
			params = append(params, leaf(math.Sin(float64(7*j+k)), scattered[0]))
		}
		params = append(params, leaf(0.1*float64(j)-0.2, scattered[0]))
	}
	for k := range n {
		x = append(x, leaf(math.Cos(float64(3*k)), scattered[1]))
	}
	return params, x
}

// AppendAffines records the nodes Affine records, neuron by neuron: same
// bits, same inputs, and Backward gives every Value the same gradient, to
// the bit, as through Affine's list form, which applies the rule of one node
// after another. The cases take Backward's four-neuron pass and its
// fallbacks: layers of 1 to 9 neurons, outputs the loss does not use (the
// neurons around them are not reached), inputs that are not in a row, and
// inputs that are among the weights.
func TestAffinesMatchesAffine(t *testing.T) {
	for _, tt := range []struct {
		name      string
		m, n      int
		every     int  // the second loss uses every every-th output
		scattered bool // the inputs are not in a row
		aliased   bool // the inputs are the first neuron's weights
	}{
		{"one neuron", 1, 3, 1, false, false},
		{"four neurons", 4, 5, 1, false, false},
		{"six neurons", 6, 16, 1, false, false},
		{"nine neurons of two inputs", 9, 2, 1, false, false},
		{"every other output", 9, 3, 2, false, false},
		{"every third output", 8, 4, 3, false, false},
		{"inputs not in a row", 5, 4, 1, true, false},
		{"inputs among the weights", 8, 3, 1, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ta, tb := autograd.NewTape(), autograd.NewTape()
			pa, xa := layer(ta, tt.m, tt.n, [2]bool{false, tt.scattered})
			pb, xb := layer(tb, tt.m, tt.n, [2]bool{true, true})
			if tt.aliased {
				xa, xb = pa[:tt.n], pb[:tt.n]
			}
			got := autograd.AppendAffines(nil, autograd.RowOf(pa), xa)
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
	r := autograd.RowOf([]V{a, b, c})
	if r.Len() != 3 || r.At(1) != b || r.Values()[2] != c {
		t.Errorf("Row of a, b, c: Len %d, At(1) %v, Values %v", r.Len(), r.At(1), r.Values())
	}
	mark := tape.Len()
	d, e := tape.New(4), tape.New(5)
	late := autograd.RowOf([]V{d, e})
	tape.Truncate(mark)
	x := []V{tape.New(1)} // in the dropped Row's slots
	mustPanic(t, "Truncate dropped", func() { autograd.AppendAffines(nil, late, x) })
	mustPanic(t, "Truncate dropped", func() { late.At(0).Data() })
	if got := autograd.AppendAffines(nil, autograd.RowOf([]V{b, c}), x)[0].Data(); got != 2*1+3 {
		t.Errorf("AppendAffines with a live Row = %v, want 5", got)
	}
}

func TestRowAndAffinesPanics(t *testing.T) {
	tape := autograd.NewTape()
	a, b := tape.New(1), tape.New(2)
	c := tape.New(3)
	other := autograd.NewTape().New(1)
	row := autograd.RowOf([]V{a, b})
	tests := []struct {
		name, want string
		f          func()
	}{
		{"empty Row", "RowOf of no Values", func() { autograd.RowOf(nil) }},
		{"gap", "Value 1 was not made right after Value 0", func() { autograd.RowOf([]V{a, c}) }},
		{"two tapes", "two different tapes", func() { autograd.RowOf([]V{a, other}) }},
		{"At out of range", "Row.At(2) of a Row of 2 Values", func() { row.At(2) }},
		{"zero Row", "zero Row", func() { autograd.AppendAffines(nil, autograd.Row{}, []V{a}) }},
		{"row length", "Row of 2 parameters and 2 inputs", func() { autograd.AppendAffines(nil, row, []V{a, b}) }},
		{"inputs of another tape", "two different tapes", func() { autograd.AppendAffines(nil, row, []V{other}) }},
		{"zero input", "zero Value", func() { autograd.AppendAffines(nil, row, []V{{}}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}

// Four neuron nodes in a row, as Affine records a neuron whose bias follows
// its weights, where the top two take the two below as their weight and
// bias: Backward must not take them as one layer, as the lower ones'
// gradients are not complete until the upper ones' rules have run.
func TestNeuronsThatFeedNeurons(t *testing.T) {
	f := func(x []V) V {
		n0 := autograd.Affine(x[2], x[1:2], x[:1])
		n1 := autograd.Affine(x[4], x[3:4], x[:1])
		n2 := autograd.Affine(n0, x[5:6], x[:1])
		n3 := autograd.Affine(n2, []V{n1}, x[:1])
		out := []V{n0, n1, n2, n3}
		return autograd.Dot(out, out)
	}
	if err := autograd.GradCheck(f, 0.7, -0.4, 0.3, 1.1, -0.6, 0.9); err != nil {
		t.Error(err)
	}
}
