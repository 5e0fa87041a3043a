package nn

import (
	"fmt"

	"github.com/littlegrad/littlegrad/autograd"
)

// Each loss takes one score per sample, from a model with one output, and
// one target per score, and returns the mean over the samples as micrograd's
// demo computes it: sum(losses) * (1.0/len(losses)), the sum added from the
// left. Constants (1, the targets) are recorded as leaves on the scores' tape.

// Hinge returns the max-margin loss of micrograd's demo,
// mean(relu(1 - y[i]*scores[i])), for labels y of -1 and +1. Each term is
// built as micrograd builds it, (1 + -y[i]*scores[i]).relu(): five nodes,
// two of them the constants. It panics if scores is empty or y is not as
// long.
func Hinge(scores []autograd.Value, y []float64) autograd.Value {
	checkTargets("Hinge", scores, y)
	return mean(len(scores), func(i int) autograd.Value {
		return scores[i].MulScalar(-y[i]).AddScalar(1).Relu()
	})
}

// MSE returns the mean squared error, mean((scores[i] - y[i])**2). It panics
// if scores is empty or y is not as long.
func MSE(scores []autograd.Value, y []float64) autograd.Value {
	checkTargets("MSE", scores, y)
	return mean(len(scores), func(i int) autograd.Value {
		d := scores[i].SubScalar(y[i])
		return d.Mul(d)
	})
}

// BCEWithLogits returns the binary cross-entropy of targets y in [0, 1]
// (labels 0 and 1, or probabilities) given logits: the mean of
// -y log σ(s) - (1-y) log(1 - σ(s)), where σ is the sigmoid. Like
// PyTorch's BCEWithLogitsLoss it never takes the log of a rounded σ, so it is
// finite and exact for logits of any size: each term is computed as
// max(s, 0) - s*y + log(1 + e**-|s|), with -|s| written as s - 2 max(s, 0).
// Its gradient with respect to s is σ(s) - y. It panics if logits is empty or
// y is not as long.
func BCEWithLogits(logits []autograd.Value, y []float64) autograd.Value {
	checkTargets("BCEWithLogits", logits, y)
	return mean(len(logits), func(i int) autograd.Value {
		s := logits[i]
		r := s.Relu()
		softplus := s.Sub(r.MulScalar(2)).Exp().AddScalar(1).Log() // log(1 + e**-|s|)
		return r.Sub(s.MulScalar(y[i])).Add(softplus)
	})
}

// L2 returns alpha * sum(p*p for p in params), the regularisation term of
// micrograd's demo with alpha = 1e-4. The sum is one autograd.Dot node,
// added from p0*p0 on as Python's sum adds it. It panics if params is empty.
func L2(params []autograd.Value, alpha float64) autograd.Value {
	if len(params) == 0 {
		panic("nn: L2 of no parameters; pass model.Parameters()")
	}
	return autograd.Dot(params, params).MulScalar(alpha)
}

// Accuracy returns the fraction of scores on the right side of 0: those
// where scores[i] > 0 exactly when y[i] > 0. That is the demo's accuracy for
// labels -1 and +1 and scores of Hinge, and also right for labels 0 and 1 and
// logits of BCEWithLogits. It panics if scores is empty or y is not as long.
func Accuracy(scores []autograd.Value, y []float64) float64 {
	checkTargets("Accuracy", scores, y)
	right := 0
	for i, s := range scores {
		if (s.Data() > 0) == (y[i] > 0) {
			right++
		}
	}
	return float64(right) / float64(len(scores))
}

// checkTargets panics unless there is one target per score, and at least
// one score.
func checkTargets(fn string, scores []autograd.Value, y []float64) {
	if len(scores) == 0 || len(scores) != len(y) {
		panic(fmt.Sprintf("nn: %s got %d scores and %d targets; pass one target per score, and at least one", fn, len(scores), len(y)))
	}
}

// mean returns (term(0) + term(1) + … + term(n-1)) * (1.0/n), the sum added
// from the left in as few autograd.Sum nodes as a buffer on the stack holds,
// so it allocates nothing: each Sum but the first starts from the one before.
func mean(n int, term func(i int) autograd.Value) autograd.Value {
	var buf [64]autograd.Value
	k := 0
	for i := range n {
		if k == len(buf) {
			buf[0] = autograd.Sum(buf[:k]...)
			k = 1
		}
		buf[k] = term(i)
		k++
	}
	return autograd.Sum(buf[:k]...).MulScalar(1 / float64(n))
}
