package nn_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
	"github.com/littlegrad/littlegrad/autograd/nn"
)

var update = flag.Bool("update", false, "rewrite testdata/moons_demo.json from the Go data set and weights")

// moonsDemo is testdata/moons_demo.json: micrograd's demo as this package
// sets it up, for testdata/moons_torch.py to train in PyTorch.
type moonsDemo struct {
	Comment string      `json:"comment"`
	Sizes   []int       `json:"sizes"`
	X       [][]float64 `json:"X"`
	Y       []float64   `json:"y"`      // -1 and +1
	Params  []float64   `json:"params"` // initial weights, in MLP.Parameters order
}

// TestMoonsAgainstPyTorch trains micrograd's demo for 100 steps and checks
// the loss of every step against the same training done by PyTorch in
// float64 (testdata/moons_torch.json, written by testdata/moons_torch.py from
// testdata/moons_demo.json).
func TestMoonsAgainstPyTorch(t *testing.T) {
	d := newDemo(nn.DefaultSeed)
	file := moonsDemo{
		Comment: "micrograd's demo: nn.Moons(100, 0.1, nn.DefaultSeed) with labels 2y-1, and the parameters of nn.NewMLP(2, []int{16, 16, 1}). Written by go test ./autograd/nn -run TestMoonsAgainstPyTorch -update",
		Sizes:   []int{2, 16, 16, 1},
		Y:       d.y,
		Params:  data(d.model.Parameters()),
	}
	for _, in := range d.inputs {
		file.X = append(file.X, data(in))
	}
	got := file.encode()
	if *update {
		if err := os.WriteFile("testdata/moons_demo.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/moons_demo.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("testdata/moons_demo.json differs from the data set and weights made now; if that is intended, rerun with -update, then rerun testdata/moons_torch.py")
	}

	raw, err := os.ReadFile("testdata/moons_torch.json")
	if err != nil {
		t.Fatal(err)
	}
	var torch struct {
		Loss     []string  `json:"loss"`
		Accuracy []float64 `json:"accuracy"`
	}
	if err := json.Unmarshal(raw, &torch); err != nil {
		t.Fatal(err)
	}
	if len(torch.Loss) != 100 {
		t.Fatalf("testdata/moons_torch.json has %d steps, want 100", len(torch.Loss))
	}
	worst := 0.0
	nn.Train(d.model, d.opt, len(torch.Loss), func(k int) autograd.Value {
		l := d.step(k)
		want, err := strconv.ParseFloat(torch.Loss[k], 64)
		if err != nil {
			t.Fatal(err)
		}
		rel := math.Abs(l.Data()-want) / math.Abs(want)
		worst = max(worst, rel)
		if rel > 1e-12 {
			t.Errorf("step %d: loss %v, PyTorch %v (relative difference %.2g)", k, l.Data(), want, rel)
		}
		if d.acc != torch.Accuracy[k] {
			t.Errorf("step %d: accuracy %v, PyTorch %v", k, d.acc, torch.Accuracy[k])
		}
		return l
	})
	t.Logf("largest relative difference from PyTorch over 100 steps: %.2g", worst)
}

// encode writes the file as JSON with one sample, or one neuron's weights
// and bias, per line, for readable diffs.
func (f *moonsDemo) encode() []byte {
	var b bytes.Buffer
	put := func(v any) {
		j, _ := json.Marshal(v)
		b.Write(j)
	}
	item := func(first bool) { // a list item on its own line
		if !first {
			b.WriteString(",")
		}
		b.WriteString("\n ")
	}
	b.WriteString(`{"comment": `)
	put(f.Comment)
	b.WriteString(",\n\"sizes\": ")
	put(f.Sizes)
	b.WriteString(",\n\"X\": [")
	for i, row := range f.X {
		item(i == 0)
		put(row)
	}
	b.WriteString("],\n\"y\": ")
	put(f.Y)
	b.WriteString(",\n\"params\": [")
	k := 0
	for l, nout := range f.Sizes[1:] {
		for range nout {
			n := f.Sizes[l] + 1 // weights and bias
			j, _ := json.Marshal(f.Params[k : k+n])
			item(k == 0)
			b.Write(j[1 : len(j)-1])
			k += n
		}
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

func data(vs []autograd.Value) []float64 {
	xs := make([]float64, len(vs))
	for i, v := range vs {
		xs[i] = v.Data()
	}
	return xs
}
