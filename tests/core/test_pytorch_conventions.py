"""The engine's gradients at kinks, NaN and ∞ equal PyTorch's (skipped without torch).

Where the conventions are the design's own choice rather than PyTorch's (pow's d/db at
a base of 0 under a NaN gradient; σ' and tanh' far out, which PyTorch rounds to 0),
the tests elsewhere pin them; here are the cases where both compute the same thing.
"""

from __future__ import annotations

import math

import pytest
from test_structural_zeros import chain

from backprop_gui.core import Graph, compile

torch = pytest.importorskip("torch")

TORCH = {
    "relu": torch.relu, "abs": torch.abs, "sqrt": torch.sqrt, "log": torch.log,
    "sin": torch.sin, "exp": torch.exp, "tanh": torch.tanh,
}  # fmt: skip


def torch_chain(x: float, *ops: str) -> float:
    leaf = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    value = leaf
    for op in ops:
        value = TORCH[op](value)
    value.backward()
    return float(leaf.grad)


def same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


@pytest.mark.parametrize(
    ("x", "ops"),
    [
        (-1.0, ("relu", "sqrt")),  # a flat relu blocks sqrt'(0) = ∞
        (0.0, ("relu", "sqrt")),
        (0.0, ("abs", "sqrt")),  # abs'(0)·∞ = NaN
        (-1.0, ("log", "abs")),  # abs' at NaN is 0
        (-1.0, ("log", "relu")),  # relu' at NaN is 1
        (0.0, ("sqrt", "log")),
        (1000.0, ("exp", "sin")),
    ],
)
def test_chains_through_kinks_nan_and_infinity(x, ops):
    result = compile(chain(x, *ops)).run()
    assert same(result.grads["x"], torch_chain(x, *ops))


@pytest.mark.parametrize("op", ["max", "min"])
@pytest.mark.parametrize(("a", "b"), [(math.nan, 2.0), (2.0, math.nan), (3.0, 3.0), (1.0, 2.0)])
def test_max_and_min_send_the_gradient_as_pytorch_does(op, a, b):
    graph = Graph()
    graph.add_node("input", id="a", value=0.0)
    graph.add_node("input", id="b", value=0.0)
    graph.add_node("op", id="f", op=op)
    graph.connect("a", "f", 0)
    graph.connect("b", "f", 1)
    result = compile(graph).run({"a": a, "b": b})
    ta = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    (torch.maximum if op == "max" else torch.minimum)(ta, tb).backward()
    assert same(result.grads["a"], float(ta.grad)) and same(result.grads["b"], float(tb.grad))
