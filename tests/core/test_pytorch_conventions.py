"""The engine's gradients at kinks, NaN and ∞, and its activations' slopes, equal
PyTorch's (skipped without torch).

Where the conventions are the design's own choice rather than PyTorch's (pow's d/db at
a base of 0 under a NaN gradient), the tests elsewhere pin them; here are the cases
where both compute the same thing. PyTorch's tanh itself (its vectorised kernel)
rounds some inputs apart from the C library's, so tanh is compared from PyTorch's
own value.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from test_structural_zeros import chain

from backprop_gui.core import OPS, Graph, compile

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


SATURATED = [19.5, 20.0, 20.5, 30.0, 37.0, 40.0, 800.0, -19.5, -40.0, -745.0, -800.0]


def ordinary_and_saturated(seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    return [*rng.normal(0.0, 3.0, 300).tolist(), *rng.normal(0.0, 30.0, 100).tolist(), *SATURATED]


def torch_value_and_slope(function, x: float) -> tuple[float, float]:
    leaf = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    value = function(leaf)
    value.backward()
    return value.item(), leaf.grad.item()


@pytest.mark.parametrize(
    ("name", "function"),
    [("sigmoid", torch.sigmoid), ("softplus", torch.nn.functional.softplus)],
)
def test_sigmoid_and_softplus_values_and_slopes_are_pytorchs_bit_for_bit(name, function):
    """Where σ rounds to 1 (x > 37) PyTorch's slope is exactly 0, and softplus is x
    itself above 20 with slope 1: the engine's are too, and equal elsewhere."""
    op = OPS[name]
    for x in ordinary_and_saturated(1):
        value = op.safe_scalar(x)
        assert (value, *op.safe_partials(x, value)) == torch_value_and_slope(function, x), x


def test_tanh_slope_from_its_value_is_pytorchs_and_exactly_0_when_saturated():
    tanh = OPS["tanh"]
    for x in ordinary_and_saturated(2):
        value, slope = torch_value_and_slope(torch.tanh, x)
        assert math.isclose(tanh.safe_scalar(x), value, rel_tol=1e-15), x
        assert tanh.partials(x, value)[0] == pytest.approx(slope, abs=3e-16), x
    for x in SATURATED:
        torch_slope = torch_value_and_slope(torch.tanh, x)[1]
        assert tanh.partials(x, tanh.scalar(x)) == (0.0,) == (torch_slope,)


INF = math.inf


@pytest.mark.parametrize(
    ("a", "b"),
    [(INF, 0.0), (-INF, 1.0), (INF, 1.0), (-INF, 0.0), (INF, 0.5), (800.0, 0.0), (-800.0, 1.0),
     (0.0, 0.5), (2.5, 1.0), (-3.0, 0.25), (1e-300, 0.0)],
)  # fmt: skip
def test_bce_logits_equals_pytorchs_also_at_infinite_logits(a, b):
    """PyTorch computes (1 − b)·a − ln σ(a): (∞, 0) is ∞ and (−∞, 1) is NaN there."""
    expected = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.tensor(a, dtype=torch.float64), torch.tensor(b, dtype=torch.float64)
    ).item()
    op = OPS["bce_logits"]
    assert same(op.safe_scalar(a, b), expected)
    with np.errstate(all="ignore"):
        assert same(float(op.array(np.array([a]), np.array([b]))[0]), expected)
