#!/usr/bin/python3
"""Times one training step of micrograd's demo in PyTorch, float64, batched.

The step BenchmarkTrainMoons (autograd/nn) times in littlegrad: an MLP
2-16-16-1 with ReLU hidden layers on 100 two-moons points, the max-margin
loss mean(relu(1 - y*score)) + 1e-4 * sum(p*p), backward, and an SGD update
with micrograd's learning rate 1 - 0.9*k/100 (k modulo 100), on the data and
initial weights of autograd/nn/testdata/moons_demo.json. It is timed two
ways, both on the whole batch at once:

  tensors: the net as tensor operations (addmm, relu), the update by hand;
  modules: torch.nn.Sequential of Linear and ReLU, and torch.optim.SGD.

After 100 warm-up steps it times `repeats` runs of `steps` steps each, in
CPU time of the calling thread (time.thread_time_ns; torch runs on it alone
with one thread), as the Go benchmarks read theirs, and prints one line,
"torch <version> threads <n> tensors <ns> modules <ns>", the median
nanoseconds per step of each; or "no torch" if torch is missing.
bench/moons.sh runs it next to the Go benchmark. Usage, from the repository:
    /usr/bin/python3 bench/moons_torch.py autograd/nn/testdata/moons_demo.json [repeats [steps]]
"""
import json
import statistics
import sys
import time

try:
    import torch
except ImportError:
    print("no torch")
    sys.exit(0)

torch.set_default_dtype(torch.float64)


def load(path):
    """Returns X, y and [(W, b) per layer] from moons_demo.json."""
    with open(path) as f:
        demo = json.load(f)
    sizes, flat, pos, layers = demo["sizes"], demo["params"], 0, []
    for nin, nout in zip(sizes, sizes[1:]):
        t = torch.tensor(flat[pos:pos + nout * (nin + 1)]).reshape(nout, nin + 1)
        pos += nout * (nin + 1)
        layers.append((t[:, :nin].clone(), t[:, nin].clone()))
    return torch.tensor(demo["X"]), torch.tensor(demo["y"]), layers


def lr(k):
    return 1.0 - 0.9 * (k % 100) / 100


def tensors(X, y, layers):
    params = [p.clone().requires_grad_() for wb in layers for p in wb]

    def step(k):
        h = X
        for i in range(0, len(params), 2):
            h = torch.addmm(params[i + 1], h, params[i].t())
            if i + 2 < len(params):
                h = h.relu()
        scores = h[:, 0]
        data_loss = (1 - y * scores).relu().sum() * (1.0 / len(y))
        reg_loss = 1e-4 * sum((p * p).sum() for p in params)
        loss = data_loss + reg_loss
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr(k) * p.grad
    return step


def modules(X, y, layers):
    net = []
    for W, b in layers:
        lin = torch.nn.Linear(W.shape[1], W.shape[0])
        with torch.no_grad():
            lin.weight.copy_(W)
            lin.bias.copy_(b)
        net += [lin, torch.nn.ReLU()]
    model = torch.nn.Sequential(*net[:-1])
    opt = torch.optim.SGD(model.parameters(), lr=1.0)

    def step(k):
        scores = model(X)[:, 0]
        data_loss = torch.relu(1 - y * scores).mean()
        reg_loss = 1e-4 * sum((p * p).sum() for p in model.parameters())
        loss = data_loss + reg_loss
        opt.zero_grad()
        loss.backward()
        for group in opt.param_groups:
            group["lr"] = lr(k)
        opt.step()
    return step


def time_per_step(step, repeats, steps):
    for k in range(100):
        step(k)
    times = []
    for _ in range(repeats):
        start = time.thread_time_ns()
        for k in range(steps):
            step(k)
        times.append((time.thread_time_ns() - start) / steps)
    return statistics.median(times)


def main():
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    data = load(path)
    t = time_per_step(tensors(*data), repeats, steps)
    m = time_per_step(modules(*data), repeats, steps)
    print("torch %s threads %d tensors %.0f modules %.0f" % (
        torch.__version__, torch.get_num_threads(), t, m))


main()
