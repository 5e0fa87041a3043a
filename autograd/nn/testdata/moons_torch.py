#!/usr/bin/python3
"""Writes moons_torch.json: micrograd's demo trained by PyTorch in float64.

It reads moons_demo.json (the data set and initial weights the Go package
makes; go test ./autograd/nn -run TestMoonsAgainstPyTorch -update writes it),
trains micrograd's demo on them for 100 steps with batched tensor operations,
and records the loss and accuracy of every step, before that step's update.
The loss is a string (Python's repr), so every bit round-trips.
TestMoonsAgainstPyTorch replays the training in Go and compares.

Run from this folder with Debian's torch (apt-get install python3-torch):
    /usr/bin/python3 moons_torch.py > moons_torch.json
"""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)


def main():
    with open("moons_demo.json") as f:
        demo = json.load(f)
    X = torch.tensor(demo["X"])
    y = torch.tensor(demo["y"])  # -1 and +1
    sizes, flat = demo["sizes"], demo["params"]

    # The parameters come in micrograd's order: layer by layer, neuron by
    # neuron, each neuron's weights and then its bias.
    layers, pos = [], 0
    for nin, nout in zip(sizes, sizes[1:]):
        rows = []
        for _ in range(nout):
            rows.append(flat[pos:pos + nin + 1])
            pos += nin + 1
        t = torch.tensor(rows)
        layers.append((t[:, :nin].clone().requires_grad_(),
                       t[:, nin].clone().requires_grad_()))
    assert pos == len(flat)
    params = [p for wb in layers for p in wb]

    losses, accuracies = [], []
    for k in range(100):
        h = X
        for i, (W, b) in enumerate(layers):
            h = h @ W.t() + b
            if i < len(layers) - 1:
                h = h.relu()
        scores = h[:, 0]
        data_loss = (1 + -y * scores).relu().sum() * (1.0 / len(y))
        reg_loss = 1e-4 * sum((p * p).sum() for p in params)
        total = data_loss + reg_loss
        losses.append(repr(total.item()))
        accuracies.append(((y > 0) == (scores > 0)).double().mean().item())
        for p in params:
            p.grad = None
        total.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        with torch.no_grad():
            for p in params:
                p -= learning_rate * p.grad

    json.dump({"loss": losses, "accuracy": accuracies}, sys.stdout, indent=0)
    print()


main()
