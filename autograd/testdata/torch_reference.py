#!/usr/bin/python3
"""Writes torch_reference.json: expressions run through PyTorch in float64.

Each case is a small program: a list of instructions, one per node, that the
Go test replays with littlegrad. For every node the file records its value and
the gradient of the program's last node with respect to it, as PyTorch
computes them. Floats are strings (Python's repr), so NaN and Inf survive and
every bit round-trips.

Run from this folder with Debian's torch (apt-get install python3-torch):
    /usr/bin/python3 torch_reference.py > torch_reference.json
"""
import json
import math
import random

import torch

torch.set_default_dtype(torch.float64)


def run(prog):
    """Evaluates prog with torch and returns (values, grads) per instruction."""
    nodes = []
    for ins in prog:
        op, args = ins[0], ins[1:]
        if op == "leaf":
            v = torch.tensor(float(args[0]), requires_grad=True)
        elif op in ("add", "sub", "mul", "div"):
            a, b = nodes[args[0]], nodes[args[1]]
            v = {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b}[op]
        elif op in ("addscalar", "subscalar", "mulscalar", "divscalar"):
            a, c = nodes[args[0]], float(args[1])
            v = {"addscalar": a + c, "subscalar": a - c,
                 "mulscalar": a * c, "divscalar": a / c}[op]
        elif op == "pow":
            v = nodes[args[0]] ** float(args[1])
        elif op == "neg":
            v = -nodes[args[0]]
        elif op in ("exp", "log", "tanh", "relu", "sigmoid"):
            v = getattr(torch, op)(nodes[args[0]])
        elif op == "sum":
            vs = [nodes[i] for i in args[0]]
            v = vs[0].clone()  # a node of its own, even for one operand
            for x in vs[1:]:
                v = v + x
        elif op in ("dot", "affine"):
            if op == "affine":
                v, ws, xs = nodes[args[0]], args[1], args[2]
            else:
                v, ws, xs = None, args[0], args[1]
            for w, x in zip(ws, xs):
                p = nodes[w] * nodes[x]
                v = p if v is None else v + p
        else:
            raise ValueError(op)
        if not v.is_leaf:
            v.retain_grad()
        nodes.append(v)
    nodes[-1].backward()
    values = [v.item() for v in nodes]
    grads = [0.0 if v.grad is None else v.grad.item() for v in nodes]
    return values, grads


def f(x):
    return repr(float(x))


UNARY = ["neg", "exp", "log", "tanh", "relu", "sigmoid", "pow"]
BINARY = ["add", "sub", "mul", "div"]
SCALAR = ["addscalar", "subscalar", "mulscalar", "divscalar"]
NARY = ["sum", "dot", "affine"]


def random_program(rng, n_leaves, n_ops):
    """A random program; the domain of each op is respected using the values
    torch computes as the program grows, so few results are NaN by accident."""
    prog = [["leaf", f(rng.uniform(-2, 2))] for _ in range(n_leaves)]
    values = [float(p[1]) for p in prog]
    pick = lambda: rng.randrange(len(prog))
    while len(prog) < n_leaves + n_ops:
        op = rng.choice(UNARY + BINARY + SCALAR + NARY)
        a = pick()
        if op in BINARY:
            b = pick()
            if op == "div" and abs(values[b]) < 0.2:
                continue
            ins = [op, a, b]
        elif op in SCALAR:
            ins = [op, a, f(rng.choice([-2.5, -1.0, 0.5, 3.0]))]
        elif op == "pow":
            p = rng.choice([2.0, 3.0, -1.0, 0.5, 1.5, -0.5, 0.0])
            if (p != int(p) and values[a] <= 0.05) or (p < 0 and abs(values[a]) < 0.2):
                continue
            ins = [op, a, f(p)]
        elif op == "log" and values[a] <= 0.05:
            continue
        elif op == "exp" and abs(values[a]) > 5:
            continue
        elif op == "sum":
            ins = [op, [pick() for _ in range(rng.randint(1, 5))]]
        elif op in ("dot", "affine"):
            k = rng.randint(1, 4)
            ws, xs = [pick() for _ in range(k)], [pick() for _ in range(k)]
            ins = [op, ws, xs] if op == "dot" else [op, a, ws, xs]
        else:
            ins = [op, a]
        prog.append(ins)
        values, _ = run(prog)
        if not all(math.isfinite(v) and abs(v) < 1e6 for v in values):
            prog.pop()
            values, _ = run(prog)
    return prog


def chain(n):
    """A long chain: x <- tanh(w*x + b), then a sum of squares of every step."""
    prog = [["leaf", "0.3"], ["leaf", "0.9"], ["leaf", "0.1"]]
    x, steps = 0, []
    for _ in range(n):
        prog.append(["mul", 1, x])
        prog.append(["add", len(prog) - 1, 2])
        prog.append(["tanh", len(prog) - 1])
        x = len(prog) - 1
        prog.append(["pow", x, "2.0"])
        steps.append(len(prog) - 1)
    prog.append(["sum", steps])
    return prog


def cases():
    yield "tutorial L", [
        ["leaf", "2.0"], ["leaf", "-3.0"], ["leaf", "10.0"],
        ["mul", 0, 1], ["add", 3, 2], ["leaf", "-2.0"], ["mul", 4, 5]]
    yield "reused node a+a", [["leaf", "3.0"], ["add", 0, 0], ["mul", 1, 0]]
    yield "every unary op", [
        ["leaf", "0.7"], ["neg", 0], ["exp", 1], ["log", 2], ["tanh", 3],
        ["relu", 0], ["sigmoid", 5], ["pow", 6, "2.5"], ["add", 4, 7]]
    yield "relu at and below zero", [
        ["leaf", "0.0"], ["leaf", "-1.0"], ["relu", 0], ["relu", 1],
        ["leaf", "2.0"], ["affine", 4, [2, 3], [4, 4]]]
    yield "sigmoid far out", [
        ["leaf", "-40.0"], ["leaf", "40.0"], ["sigmoid", 0], ["sigmoid", 1], ["mul", 2, 3]]
    yield "pow zero at zero", [["leaf", "0.0"], ["pow", 0, "0.0"], ["addscalar", 1, "1.5"]]
    yield "log of negative is nan", [["leaf", "-1.0"], ["log", 0], ["mulscalar", 1, "2.0"]]
    yield "division by zero is inf", [["leaf", "1.0"], ["leaf", "0.0"], ["div", 0, 1], ["tanh", 2]]
    yield "scalar ops", [
        ["leaf", "1.25"], ["addscalar", 0, "3.0"], ["subscalar", 1, "0.5"],
        ["mulscalar", 2, "-2.0"], ["divscalar", 3, "7.0"], ["mul", 4, 0]]
    yield "n-ary ops with repeats", [
        ["leaf", "0.5"], ["leaf", "-1.5"], ["leaf", "2.0"],
        ["sum", [0, 1, 0, 2]], ["dot", [0, 1, 2], [2, 2, 0]],
        ["affine", 3, [4, 0], [1, 4]], ["mul", 5, 3]]
    yield "long chain", chain(2000)
    rng = random.Random(20261125)
    for k in range(40):
        yield "random %d" % k, random_program(rng, rng.randint(1, 6), rng.randint(5, 60))


def main():
    out = []
    for name, prog in cases():
        values, grads = run(prog)
        out.append({"name": name, "program": prog,
                    "values": [f(v) for v in values], "grads": [f(g) for g in grads]})
    print(json.dumps({"torch": torch.__version__, "cases": out}, indent=None, separators=(",", ":")))


if __name__ == "__main__":
    main()
