#!/usr/bin/python3
"""Times one full-batch training step of micrograd's demo in PyTorch float64.

The same step as BenchmarkTrainMoons in autograd/nn: an MLP 2-16-16-1 (ReLU
hidden layers, linear output) on 100 two-moons points, the max-margin loss
mean(relu(1 - y*score)) + 1e-4 * sum(p*p), backward, and an SGD update with
micrograd's learning-rate schedule, all as batched tensor operations.

Prints one line, "torch <version> threads <n> ns/op <median ns per step>",
or "no torch" and exits 0 when torch is not installed. Usage:
    /usr/bin/python3 moons_torch.py [repeats [steps]]
"""
import math
import statistics
import sys
import time

try:
    import torch
except ImportError:
    print("no torch")
    sys.exit(0)

torch.set_default_dtype(torch.float64)


def moons(n, noise, gen):
    """scikit-learn's make_moons, drawn from a torch generator."""
    n_out, n_in = n // 2, n - n // 2
    t_out = torch.linspace(0, math.pi, n_out)
    t_in = torch.linspace(0, math.pi, n_in)
    X = torch.cat([torch.stack([t_out.cos(), t_out.sin()], 1),
                   torch.stack([1 - t_in.cos(), 1 - t_in.sin() - 0.5], 1)])
    y = torch.cat([-torch.ones(n_out), torch.ones(n_in)])
    perm = torch.randperm(n, generator=gen)
    X, y = X[perm], y[perm]
    return X + noise * torch.randn(X.shape, generator=gen), y


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    gen = torch.Generator().manual_seed(1337)
    X, y = moons(100, 0.1, gen)
    sizes = [2, 16, 16, 1]
    params = []
    for nin, nout in zip(sizes, sizes[1:]):
        params.append((torch.rand(nout, nin, generator=gen) * 2 - 1).requires_grad_())
        params.append(torch.zeros(nout).requires_grad_())

    def step(k):
        h = X
        for i in range(0, len(params), 2):
            h = torch.addmm(params[i + 1], h, params[i].t())
            if i + 2 < len(params):
                h = h.relu()
        scores = h.squeeze(1)
        data_loss = (1 - y * scores).relu().sum() * (1.0 / len(y))
        reg_loss = 1e-4 * sum((p * p).sum() for p in params)
        loss = data_loss + reg_loss
        for p in params:
            p.grad = None
        loss.backward()
        lr = 1.0 - 0.9 * (k % 100) / 100
        with torch.no_grad():
            for p in params:
                p.sub_(lr * p.grad)
        return loss

    for k in range(100):  # warm-up, and the demo's 100 steps
        step(k)
    times = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        for k in range(steps):
            step(k)
        times.append((time.perf_counter_ns() - start) / steps)
    print("torch %s threads %d ns/op %.0f" % (
        torch.__version__, torch.get_num_threads(), statistics.median(times)))


main()
