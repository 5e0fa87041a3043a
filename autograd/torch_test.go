package autograd_test

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/littlegrad/littlegrad/autograd"
)

// The reference file is written by testdata/torch_reference.py with PyTorch
// in float64: programs of littlegrad ops, with every node's value and
// gradient as PyTorch computes them.
type torchCase struct {
	Name    string            `json:"name"`
	Program []json.RawMessage `json:"program"`
	Values  []string          `json:"values"`
	Grads   []string          `json:"grads"`
}

func TestAgainstPyTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/torch_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Cases []torchCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Cases) < 40 {
		t.Fatalf("only %d reference cases; regenerate testdata/torch_reference.json", len(ref.Cases))
	}
	seen := map[string]bool{}
	for _, c := range ref.Cases {
		t.Run(c.Name, func(t *testing.T) {
			tape := autograd.NewTape()
			nodes := make([]autograd.Value, len(c.Program))
			for k, ins := range c.Program {
				op, v := replay(t, tape, nodes[:k], ins)
				seen[op] = true
				nodes[k] = v
			}
			nodes[len(nodes)-1].Backward()
			for k, v := range nodes {
				if !close12(v.Data(), parse(t, c.Values[k])) {
					t.Errorf("node %d %s: value %v, PyTorch %s", k, c.Program[k], v.Data(), c.Values[k])
				}
				if !close12(v.Grad(), parse(t, c.Grads[k])) {
					t.Errorf("node %d %s: grad %v, PyTorch %s", k, c.Program[k], v.Grad(), c.Grads[k])
				}
			}
		})
	}
	for _, op := range []string{"leaf", "add", "sub", "mul", "div", "neg", "exp", "log", "tanh", "relu",
		"sigmoid", "pow", "addscalar", "subscalar", "mulscalar", "divscalar", "sum", "dot", "affine"} {
		if !seen[op] {
			t.Errorf("no reference case uses %s", op)
		}
	}
}

// replay builds one instruction of a reference program on tape.
func replay(t *testing.T, tape *autograd.Tape, nodes []autograd.Value, raw json.RawMessage) (string, autograd.Value) {
	var ins []json.RawMessage
	if err := json.Unmarshal(raw, &ins); err != nil {
		t.Fatal(err)
	}
	var op string
	json.Unmarshal(ins[0], &op)
	node := func(k int) autograd.Value {
		var i int
		if err := json.Unmarshal(ins[k], &i); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		return nodes[i]
	}
	num := func(k int) float64 {
		var s string
		json.Unmarshal(ins[k], &s)
		return parse(t, s)
	}
	list := func(k int) []autograd.Value {
		var is []int
		if err := json.Unmarshal(ins[k], &is); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		vs := make([]autograd.Value, len(is))
		for j, i := range is {
			vs[j] = nodes[i]
		}
		return vs
	}
	unary := map[string]func(autograd.Value) autograd.Value{
		"neg": autograd.Value.Neg, "exp": autograd.Value.Exp, "log": autograd.Value.Log,
		"tanh": autograd.Value.Tanh, "relu": autograd.Value.Relu, "sigmoid": autograd.Value.Sigmoid,
	}
	binary := map[string]func(autograd.Value, autograd.Value) autograd.Value{
		"add": autograd.Value.Add, "sub": autograd.Value.Sub, "mul": autograd.Value.Mul, "div": autograd.Value.Div,
	}
	scalar := map[string]func(autograd.Value, float64) autograd.Value{
		"addscalar": autograd.Value.AddScalar, "subscalar": autograd.Value.SubScalar,
		"mulscalar": autograd.Value.MulScalar, "divscalar": autograd.Value.DivScalar, "pow": autograd.Value.Pow,
	}
	switch {
	case op == "leaf":
		return op, tape.New(num(1))
	case unary[op] != nil:
		return op, unary[op](node(1))
	case binary[op] != nil:
		return op, binary[op](node(1), node(2))
	case scalar[op] != nil:
		return op, scalar[op](node(1), num(2))
	case op == "sum":
		return op, autograd.Sum(list(1)...)
	case op == "dot":
		return op, autograd.Dot(list(1), list(2))
	case op == "affine":
		return op, autograd.Affine(node(1), list(2), list(3))
	}
	t.Fatalf("unknown op in %s", raw)
	return "", autograd.Value{}
}

func parse(t *testing.T, s string) float64 {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// close12 reports whether x and want agree to 1e-12 relative (absolute below
// 1), with NaN equal to NaN and infinities equal only to themselves.
func close12(x, want float64) bool {
	if math.IsNaN(want) || math.IsInf(want, 0) {
		return x == want || math.IsNaN(x) && math.IsNaN(want)
	}
	return math.Abs(x-want) <= 1e-12*math.Max(1, math.Abs(want))
}
