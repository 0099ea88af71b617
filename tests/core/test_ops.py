"""The op registry: the 17 ops of format v1 and the 4 of v2, their texts, and their derivatives."""

import math

import numpy as np
import pytest

from backprop_gui.core import OPS, get_op

V1_OPS = {
    "add": 2, "sub": 2, "mul": 2, "div": 2, "pow": 2, "neg": 1, "exp": 1, "log": 1,
    "sin": 1, "cos": 1, "tanh": 1, "sigmoid": 1, "relu": 1, "abs": 1, "sqrt": 1,
    "max": 2, "min": 2,
}  # fmt: skip
V2_OPS = {"square": 1, "softplus": 1, "mse": 2, "bce_logits": 2}

SPECIAL = [-40.0, -2.5, -1.0, -0.0, 0.0, 0.5, 1.0, 2.0, 3.0, 40.0, 800.0, 1e300, -1e300,
           math.nan, math.inf, -math.inf]  # fmt: skip


def test_the_registry_holds_exactly_the_v1_and_v2_ops_with_their_arities():
    assert {name: op.arity for name, op in OPS.items()} == V1_OPS | V2_OPS
    assert {name for name, op in OPS.items() if op.format_version == 2} == set(V2_OPS)


@pytest.mark.parametrize("name", sorted(V1_OPS | V2_OPS))
def test_every_op_has_a_symbol_a_group_and_formula_texts(name):
    op = OPS[name]
    assert op.name == name
    assert op.symbol and op.formula and op.derivative
    assert op.group in ("arithmetic", "functions", "activations", "losses")
    assert op.ports == (("x",) if op.arity == 1 else ("a", "b"))


def test_the_sigmoid_formula_reads_as_in_the_seeds():
    assert OPS["sigmoid"].derivative == "∂σ/∂x = σ(x)(1−σ(x))"
    assert OPS["sigmoid"].symbol == "σ"


def test_an_unknown_op_is_named_with_the_known_ones():
    with pytest.raises(KeyError, match="unknown op 'softmax'.*sigmoid"):
        get_op("softmax")


@pytest.mark.parametrize("x", [-6.0, -2.0, -0.5, 0.0, 0.3, 1.0, 4.0])
def test_the_sigmoid_gradient_is_sigma_times_one_minus_sigma(x):
    op = OPS["sigmoid"]
    sigma = 1.0 / (1.0 + math.exp(-x))
    value = op.scalar(x)
    assert value == pytest.approx(sigma, rel=1e-15)
    (derivative,) = op.partials(x, value)
    assert derivative == pytest.approx(sigma * (1.0 - sigma), rel=1e-12)


def test_sigmoid_keeps_its_digits_far_out_on_both_sides():
    op = OPS["sigmoid"]
    assert op.scalar(-40.0) == pytest.approx(math.exp(-40.0), rel=1e-12)
    assert float(op.array(np.float64(-40.0))) == pytest.approx(math.exp(-40.0), rel=1e-12)
    assert op.scalar(-1000.0) == 0.0  # no overflow on the way
    assert op.scalar(1000.0) == 1.0


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("relu", (0.0,), (0.0,)),
        ("relu", (-0.0,), (0.0,)),
        ("relu", (2.0,), (1.0,)),
        ("relu", (-2.0,), (0.0,)),
        ("abs", (0.0,), (0.0,)),
        ("abs", (-3.0,), (-1.0,)),
        ("abs", (3.0,), (1.0,)),
        ("max", (2.0, 2.0), (0.5, 0.5)),
        ("max", (3.0, 2.0), (1.0, 0.0)),
        ("max", (1.0, 2.0), (0.0, 1.0)),
        ("min", (2.0, 2.0), (0.5, 0.5)),
        ("min", (3.0, 2.0), (0.0, 1.0)),
        ("min", (1.0, 2.0), (1.0, 0.0)),
        ("pow", (0.0, 2.0), (0.0, 0.0)),  # d/db = 0^2·ln 0 is taken as 0
        ("pow", (0.0, 0.0), (0.0, 0.0)),  # 0^0 = 1, and both partials 0
        ("pow", (0.0, 1.0), (1.0, 0.0)),
        ("pow", (2.0, 3.0), (12.0, 8.0 * math.log(2.0))),
    ],
)
def test_conventions_at_kinks(name, args, expected):
    """relu'(0) = 0, abs'(0) = 0, ties split half and half, pow with base 0."""
    op = OPS[name]
    value = op.scalar(*args)
    assert op.partials(*args, value) == pytest.approx(expected)
    array_args = [np.float64(a) for a in args]
    with np.errstate(all="ignore"):  # numpy computes both branches of its np.where
        array_partials = op.array_partials(*array_args, op.array(*array_args))
    assert [float(d) for d in array_partials] == pytest.approx(expected)


def _same(x: float, y: float) -> bool:
    return x == y or (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=1e-12)


@pytest.mark.parametrize("name", sorted(V1_OPS))
def test_scalar_and_array_versions_agree_on_every_special_input(name):
    """The engine's fast path (math) and its batch/IEEE path (numpy) give one answer,
    NaN and ±inf included; where math raises, the engine falls back on numpy."""
    op = OPS[name]
    cases = [(x,) for x in SPECIAL] if op.arity == 1 else [(a, b) for a in SPECIAL for b in SPECIAL]
    with np.errstate(all="ignore"):
        for args in cases:
            array_args = [np.float64(a) for a in args]
            expected = float(op.array(*array_args))
            try:
                value = op.scalar(*args)
            except (ArithmeticError, ValueError):
                value = expected
            assert _same(value, expected), (name, args, value, expected)
            expected_partials = op.array_partials(*array_args, np.float64(expected))
            try:
                partials = op.partials(*args, value)
            except (ArithmeticError, ValueError):
                continue
            for got, want in zip(partials, expected_partials):
                assert _same(float(got), float(want)), (name, args, partials, expected_partials)


@pytest.mark.parametrize("name", ["relu", "abs", "max", "min", "exp", "sigmoid", "tanh"])
def test_nan_goes_through_every_op(name):
    op = OPS[name]
    args = (math.nan,) * op.arity
    assert math.isnan(op.scalar(*args))
    assert math.isnan(op.scalar(*((1.0,) * (op.arity - 1) + (math.nan,))))
