package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// The data sets follow scikit-learn's make_moons, make_circles and
// make_blobs: the same shapes and labels, the samples shuffled and then
// moved by Gaussian noise. They draw from math/rand/v2's PCG seeded with the
// given seed, so a seed always gives the same samples, though not the
// samples numpy would draw. Each returns X, one row of coordinates per
// sample, and y, the class of each sample as a float64: 0, 1, ….
// Hinge wants labels of -1 and +1; map them with y[i] = 2*y[i] - 1.

// Moons returns n points of two interleaving half circles: class 0 on the
// upper arc of the unit circle, class 1 on a lower arc centred at (1, 0.5),
// each coordinate then moved by Gaussian noise of standard deviation noise.
// Class 0 has n/2 points and class 1 the rest. micrograd's demo uses
// Moons(100, 0.1, seed). It panics if n < 1 or noise is negative.
func Moons(n int, noise float64, seed uint64) (X [][]float64, y []float64) {
	checkData("Moons", n, "noise", noise)
	nOut := n / 2
	X, y = rows(n, 2), make([]float64, n)
	for i := range nOut {
		t := linspace(i, nOut, math.Pi, true)
		X[i][0], X[i][1] = math.Cos(t), math.Sin(t)
	}
	for i := range n - nOut {
		t := linspace(i, n-nOut, math.Pi, true)
		X[nOut+i][0], X[nOut+i][1] = 1-math.Cos(t), 1-math.Sin(t)-0.5
		y[nOut+i] = 1
	}
	shuffleAndNoise(X, y, noise, seed)
	return X, y
}

// Circles returns n points on two concentric circles: class 0 on the unit
// circle, class 1 on a circle of radius factor, evenly spaced, each
// coordinate then moved by Gaussian noise of standard deviation noise. Class
// 0 has n/2 points and class 1 the rest. scikit-learn's default factor is
// 0.8. It panics if n < 1, noise is negative or factor is not in [0, 1).
func Circles(n int, noise, factor float64, seed uint64) (X [][]float64, y []float64) {
	checkData("Circles", n, "noise", noise)
	if !(factor >= 0 && factor < 1) {
		panic(fmt.Sprintf("nn: Circles got factor %v; pass a radius ratio in [0, 1), as 0.8", factor))
	}
	nOut := n / 2
	X, y = rows(n, 2), make([]float64, n)
	for i := range nOut {
		t := linspace(i, nOut, 2*math.Pi, false)
		X[i][0], X[i][1] = math.Cos(t), math.Sin(t)
	}
	for i := range n - nOut {
		t := linspace(i, n-nOut, 2*math.Pi, false)
		X[nOut+i][0], X[nOut+i][1] = math.Cos(t)*factor, math.Sin(t)*factor
		y[nOut+i] = 1
	}
	shuffleAndNoise(X, y, noise, seed)
	return X, y
}

// Blobs returns n points in Gaussian clusters, class i around centers[i]
// with standard deviation std in every coordinate. The first n%len(centers)
// classes have one point more than the others. It panics if n < 1, std is
// negative, centers is empty, or the centers differ in dimension.
func Blobs(n int, centers [][]float64, std float64, seed uint64) (X [][]float64, y []float64) {
	checkData("Blobs", n, "std", std)
	if len(centers) == 0 || len(centers[0]) == 0 {
		panic("nn: Blobs got no centers; pass one point per class, as [][]float64{{-2, 0}, {2, 0}}")
	}
	dim := len(centers[0])
	for i, c := range centers {
		if len(c) != dim {
			panic(fmt.Sprintf("nn: Blobs got centers of %d and %d coordinates (centers[0] and centers[%d]); give every center the same dimension", dim, len(c), i))
		}
	}
	X, y = rows(n, dim), make([]float64, n)
	for i := range X {
		// Class k gets the samples i with i%len(centers) == k, so the counts
		// differ by at most one, the larger ones first, as in scikit-learn.
		k := i % len(centers)
		copy(X[i], centers[k])
		y[i] = float64(k)
	}
	shuffleAndNoise(X, y, std, seed)
	return X, y
}

func checkData(fn string, n int, name string, std float64) {
	if n < 1 {
		panic(fmt.Sprintf("nn: %s(%d, …): ask for at least one sample", fn, n))
	}
	if !(std >= 0) {
		panic(fmt.Sprintf("nn: %s got %s %v; pass a standard deviation >= 0, as 0.1", fn, name, std))
	}
}

// rows returns n rows of dim zeros backed by one array.
func rows(n, dim int) [][]float64 {
	all := make([]float64, n*dim)
	X := make([][]float64, n)
	for i := range X {
		X[i] = all[i*dim : (i+1)*dim : (i+1)*dim]
	}
	return X
}

// linspace returns the i-th of num points from 0 to stop, as numpy's
// linspace(0, stop, num, endpoint) computes it.
func linspace(i, num int, stop float64, endpoint bool) float64 {
	div := num
	if endpoint {
		if num == 1 {
			return 0
		}
		if i == num-1 {
			return stop
		}
		div = num - 1
	}
	return float64(i) * (stop / float64(div))
}

// shuffleAndNoise shuffles the samples, then adds Gaussian noise of standard
// deviation noise to every coordinate, row by row, as scikit-learn does.
func shuffleAndNoise(X [][]float64, y []float64, noise float64, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0))
	rng.Shuffle(len(X), func(i, j int) {
		X[i], X[j] = X[j], X[i]
		y[i], y[j] = y[j], y[i]
	})
	for _, row := range X {
		for k := range row {
			row[k] += noise * rng.NormFloat64()
		}
	}
}
