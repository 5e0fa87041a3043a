package autograd_test

import (
	"math"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
)

// layer builds m neurons of n inputs on tape: weights, then biases, then the
// inputs; with scattered, the inputs are interleaved with other nodes, so
// they do not form a row.
func layer(tape *autograd.Tape, m, n int, scattered bool) (w [][]V, b, x []V) {
	for j := range m {
		var row []V
		for k := range n {
			row = append(row, tape.New(math.Sin(float64(7*j+k))))
		}
		w = append(w, row)
	}
	for j := range m {
		b = append(b, tape.New(0.1*float64(j)-0.2))
	}
	for k := range n {
		if scattered {
			tape.New(99) // a node between two inputs
		}
		x = append(x, tape.New(math.Cos(float64(3*k))))
	}
	return w, b, x
}

// Affines records exactly the nodes that Affine records row by row: same
// bits, same inputs, same gradients; in groups of four and the rest, on rows
// and off them.
func TestAffinesMatchesAffine(t *testing.T) {
	for _, tt := range []struct {
		name      string
		m, n      int
		scattered bool
	}{
		{"one row", 1, 3, false},
		{"four rows", 4, 5, false},
		{"six rows", 6, 16, false},
		{"inputs not a row", 5, 4, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ta, tb := autograd.NewTape(), autograd.NewTape()
			wa, ba, xa := layer(ta, tt.m, tt.n, tt.scattered)
			wb, bb, xb := layer(tb, tt.m, tt.n, tt.scattered)
			rows := make([]autograd.Row, len(wa))
			for j := range wa {
				rows[j] = autograd.RowOf(wa[j])
			}
			got := autograd.AppendAffines(nil, ba, rows, xa)
			var want []V
			for j := range wb {
				want = append(want, autograd.Affine(bb[j], wb[j], xb))
			}
			if len(got) != len(want) {
				t.Fatalf("%d nodes, want %d", len(got), len(want))
			}
			// Backward through a sum of squares of the outputs.
			for j := range got {
				if got[j].Data() != want[j].Data() {
					t.Errorf("row %d: %b, Affine gives %b", j, got[j].Data(), want[j].Data())
				}
				if got[j].Index() != want[j].Index() || got[j].Op() != "affine" || len(got[j].Inputs()) != len(want[j].Inputs()) {
					t.Errorf("row %d: node %d %q with %d inputs, Affine's is %d %q with %d", j,
						got[j].Index(), got[j].Op(), len(got[j].Inputs()), want[j].Index(), want[j].Op(), len(want[j].Inputs()))
				}
			}
			autograd.Dot(got, got).Backward()
			autograd.Dot(want, want).Backward()
			for j := range wa {
				for k := range wa[j] {
					if wa[j][k].Grad() != wb[j][k].Grad() {
						t.Errorf("grad of w[%d][%d] = %v, Affine gives %v", j, k, wa[j][k].Grad(), wb[j][k].Grad())
					}
				}
				if ba[j].Grad() != bb[j].Grad() {
					t.Errorf("grad of b[%d] = %v, Affine gives %v", j, ba[j].Grad(), bb[j].Grad())
				}
			}
			for k := range xa {
				if xa[k].Grad() != xb[k].Grad() {
					t.Errorf("grad of x[%d] = %v, Affine gives %v", k, xa[k].Grad(), xb[k].Grad())
				}
			}
		})
	}
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
	x := []V{tape.New(1), tape.New(1)} // in the dropped Row's slots
	mustPanic(t, "Truncate dropped", func() { autograd.AppendAffines(nil, []V{a}, []autograd.Row{late}, x) })
	mustPanic(t, "Truncate dropped", func() { late.At(0).Data() })
	if got := autograd.AppendAffines(nil, []V{a}, []autograd.Row{autograd.RowOf([]V{b, c})}, x)[0].Data(); got != 1+2+3 {
		t.Errorf("Affines with a live Row = %v, want 6", got)
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
		{"bias count", "Affines of 1 biases and 2 rows", func() { autograd.AppendAffines(nil, []V{c}, []autograd.Row{row, row}, []V{a, b}) }},
		{"row length", "2 weights and 1 inputs", func() { autograd.AppendAffines(nil, []V{c}, []autograd.Row{row}, []V{a}) }},
		{"inputs of another tape", "two different tapes", func() { autograd.AppendAffines(nil, []V{c}, []autograd.Row{row}, []V{other, other}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}
