package nn_test

import (
	"math"
	"slices"
	"testing"

	"github.com/littlegrad/littlegrad/autograd/nn"
)

func TestDataSets(t *testing.T) {
	blobs := func(n int, std float64, seed uint64) ([][]float64, []float64) {
		return nn.Blobs(n, [][]float64{{-2, 0, 1}, {2, 0, 1}, {0, 3, -1}}, std, seed)
	}
	tests := []struct {
		name   string
		make   func(n int, noise float64, seed uint64) ([][]float64, []float64)
		n, dim int
		counts []int // samples per class
		// on reports whether a noiseless sample x of class c is where it belongs.
		on func(x []float64, c int) bool
	}{
		{"Moons", nn.Moons, 101, 2, []int{50, 51}, func(x []float64, c int) bool {
			if c == 0 { // upper half of the unit circle
				return near1(math.Hypot(x[0], x[1])) && x[1] >= 0
			}
			return near1(math.Hypot(x[0]-1, x[1]-0.5)) && x[1] <= 0.5
		}},
		{"Circles", func(n int, noise float64, seed uint64) ([][]float64, []float64) {
			return nn.Circles(n, noise, 0.5, seed)
		}, 10, 2, []int{5, 5}, func(x []float64, c int) bool {
			return near1(math.Hypot(x[0], x[1]) * float64(1+c)) // radius 1, or 0.5
		}},
		{"Blobs", blobs, 11, 3, []int{4, 4, 3}, func(x []float64, c int) bool {
			return slices.Equal(x, [][]float64{{-2, 0, 1}, {2, 0, 1}, {0, 3, -1}}[c])
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			X, y := tt.make(tt.n, 0, 7)
			if len(X) != tt.n || len(y) != tt.n {
				t.Fatalf("%d samples and %d labels, want %d", len(X), len(y), tt.n)
			}
			counts := make([]int, len(tt.counts))
			for i, x := range X {
				c := int(y[i])
				if len(x) != tt.dim || float64(c) != y[i] || c < 0 || c >= len(counts) {
					t.Fatalf("sample %d: %v with label %v", i, x, y[i])
				}
				counts[c]++
				if !tt.on(x, c) {
					t.Errorf("sample %d of class %d at %v, off its curve", i, c, x)
				}
			}
			if !slices.Equal(counts, tt.counts) {
				t.Errorf("samples per class %v, want %v", counts, tt.counts)
			}
			if y[0] == y[1] && y[1] == y[2] && y[2] == y[3] && tt.n > 4 {
				t.Errorf("labels start %v: not shuffled?", y[:4])
			}

			// The same seed gives the same samples; another seed, others.
			X1, y1 := tt.make(tt.n, 0.1, 7)
			X2, y2 := tt.make(tt.n, 0.1, 7)
			X3, _ := tt.make(tt.n, 0.1, 8)
			if !slices.EqualFunc(X1, X2, slices.Equal) || !slices.Equal(y1, y2) {
				t.Error("the same seed gave different samples")
			}
			if slices.EqualFunc(X1, X3, slices.Equal) {
				t.Error("seeds 7 and 8 gave the same samples")
			}
		})
	}
}

func near1(x float64) bool { return math.Abs(x-1) < 1e-15 }

// TestMoonsNoise checks that the noise has the standard deviation asked for:
// the distance of each point from its arc, over many points.
func TestMoonsNoise(t *testing.T) {
	X, y := nn.Moons(4000, 0.05, 1)
	var sum, sum2 float64
	for i, x := range X {
		d := math.Hypot(x[0]-y[i], x[1]-0.5*y[i]) - 1 // centre (0, 0) or (1, 0.5)
		sum += d
		sum2 += d * d
	}
	mean := sum / float64(len(X))
	std := math.Sqrt(sum2/float64(len(X)) - mean*mean)
	if math.Abs(mean) > 0.005 || math.Abs(std-0.05) > 0.005 {
		t.Errorf("distance from the arcs: mean %.4f, standard deviation %.4f; want about 0 and 0.05", mean, std)
	}
}

func TestDataMisuse(t *testing.T) {
	tests := []struct {
		name, want string
		f          func()
	}{
		{"Moons n", "Moons(0, …): ask for at least one sample", func() { nn.Moons(0, 0.1, 1) }},
		{"Moons noise", "Moons got noise -0.1", func() { nn.Moons(10, -0.1, 1) }},
		{"Circles NaN noise", "Circles got noise NaN", func() { nn.Circles(10, math.NaN(), 0.8, 1) }},
		{"Circles factor", "Circles got factor 1; pass a radius ratio in [0, 1)", func() { nn.Circles(10, 0, 1, 1) }},
		{"Blobs no centers", "Blobs got no centers", func() { nn.Blobs(10, nil, 1, 1) }},
		{"Blobs dimensions", "Blobs got centers of 2 and 1 coordinates (centers[0] and centers[1])", func() {
			nn.Blobs(10, [][]float64{{0, 0}, {1}}, 1, 1)
		}},
		{"Blobs std", "Blobs got std -1", func() { nn.Blobs(10, [][]float64{{0}}, -1, 1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}
