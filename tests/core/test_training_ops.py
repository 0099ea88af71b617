"""The ops of format v2 (square, softplus, mse, bce_logits): their formulas, stable far
out, and equal to PyTorch's functions and gradients (those parts skipped without torch)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from core_helpers import binary, unary

from backprop_gui.core import OPS, compile

POINTS = [-800.0, -40.0, -3.0, -0.5, 0.0, 0.7, 2.0, 40.0, 800.0]
TARGETS = [0.0, 0.3, 1.0]


def naive_bce(a: float, b: float) -> float:
    s = 1.0 / (1.0 + math.exp(-a))
    return -b * math.log(s) - (1.0 - b) * math.log(1.0 - s)


@pytest.mark.parametrize("x", [-3.0, -0.5, 0.0, 0.7, 2.0])
def test_square_and_softplus_are_their_formulas_with_their_derivatives(x):
    assert OPS["square"].scalar(x) == x * x and OPS["square"].partials(x, x * x) == (2 * x,)
    softplus = OPS["softplus"].scalar(x)
    assert softplus == pytest.approx(math.log(1.0 + math.exp(x)), rel=1e-15)
    (slope,) = OPS["softplus"].partials(x, softplus)
    assert slope == pytest.approx(1.0 / (1.0 + math.exp(-x)), rel=1e-15)


def test_softplus_keeps_its_digits_far_out_and_never_overflows():
    op = OPS["softplus"]
    assert op.scalar(-40.0) == pytest.approx(math.exp(-40.0), rel=1e-14)
    assert op.scalar(800.0) == 800.0 and op.scalar(-800.0) == 0.0
    arrays = op.array(np.array([-40.0, 800.0, -800.0]))
    assert arrays.tolist() == [op.scalar(-40.0), 800.0, 0.0]


@pytest.mark.parametrize("a", [-3.0, -0.5, 0.0, 0.7, 2.0])
@pytest.mark.parametrize("b", TARGETS)
def test_mse_and_bce_are_their_formulas_with_their_derivatives(a, b):
    assert OPS["mse"].scalar(a, b) == (a - b) ** 2
    assert OPS["mse"].partials(a, b, None) == (2 * (a - b), -2 * (a - b))
    bce = OPS["bce_logits"].scalar(a, b)
    assert bce == pytest.approx(naive_bce(a, b), rel=1e-14)
    d_logit, d_target = OPS["bce_logits"].partials(a, b, bce)
    assert d_logit == pytest.approx(1.0 / (1.0 + math.exp(-a)) - b, rel=1e-14, abs=1e-16)
    assert d_target == -a


def test_bce_is_finite_for_confident_logits():
    op = OPS["bce_logits"]
    assert op.scalar(800.0, 0.0) == 800.0 and op.scalar(-800.0, 1.0) == 800.0
    assert op.scalar(800.0, 1.0) == 0.0 and op.scalar(-40.0, 0.0) == pytest.approx(
        math.exp(-40.0), rel=1e-14
    )


# --------------------------------------------------------------------- PyTorch

torch_ops = {
    "square": lambda t, a: t.square(a),
    "softplus": lambda t, a: t.nn.functional.softplus(a),
    "mse": lambda t, a, b: t.nn.functional.mse_loss(a, b, reduction="none"),
    "bce_logits": lambda t, a, b: t.nn.functional.binary_cross_entropy_with_logits(
        a, b, reduction="none"
    ),
}


def torch_value_and_grads(name: str, *operands: float):
    torch = pytest.importorskip("torch")
    leaves = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in operands]
    out = torch_ops[name](torch, *leaves)
    out.backward()
    return float(out.detach()), [float(leaf.grad) for leaf in leaves]


@pytest.mark.parametrize("name", ["square", "softplus"])
@pytest.mark.parametrize("x", POINTS)
def test_unary_v2_ops_equal_pytorch(name, x):
    value, (grad,) = torch_value_and_grads(name, x)
    result = compile(unary(name, x)).run()
    assert result.values["f"] == pytest.approx(value, rel=1e-14, abs=1e-300)
    assert result.grads["x"] == pytest.approx(grad, rel=1e-14, abs=1e-300)


@pytest.mark.parametrize("name", ["mse", "bce_logits"])
@pytest.mark.parametrize("a", POINTS)
@pytest.mark.parametrize("b", TARGETS)
def test_loss_ops_equal_pytorch_in_value_and_both_gradients(name, a, b):
    value, (grad_a, grad_b) = torch_value_and_grads(name, a, b)
    result = compile(binary(name, a, b)).run()
    # PyTorch computes BCE as (1 − b)·a − ln σ(a), which cancels to an error of about
    # one unit in the last place of |a|; the engine's form keeps those digits.
    rounding = 4 * np.finfo(float).eps * max(1.0, abs(a))
    assert result.values["f"] == pytest.approx(value, rel=1e-13, abs=rounding)
    assert result.grads["a"] == pytest.approx(grad_a, rel=1e-13, abs=1e-300)
    assert result.grads["b"] == pytest.approx(grad_b, rel=1e-13, abs=1e-300)


@pytest.mark.parametrize("name", ["square", "softplus", "mse", "bce_logits"])
def test_the_torch_code_form_computes_the_engines_numbers(name):
    torch = pytest.importorskip("torch")
    op = OPS[name]
    for operands in ([-3.0, 0.3], [0.0, 1.0], [40.0, 0.0], [0.7, 0.7]):
        leaves = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in operands]
        env = {"torch": torch, "a": leaves[0], "b": leaves[1]}
        out = eval(op.torch.format(a="a", b="b"), env)  # the registry's own code form
        out.backward()
        result = compile(unary(name, operands[0]) if op.arity == 1 else binary(name, *operands))
        result = result.run()
        assert float(out.detach()) == pytest.approx(result.values["f"], rel=1e-14, abs=1e-300)
        ports = ["x"] if op.arity == 1 else ["a", "b"]
        for port, leaf in zip(ports, leaves):
            assert float(leaf.grad) == pytest.approx(result.grads[port], rel=1e-14, abs=1e-300)
