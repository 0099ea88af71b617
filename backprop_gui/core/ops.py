"""The op registry: every operation a node can perform, with its local derivatives.

Each op has two implementations of the same maths:

* ``scalar`` / ``partials`` work on Python floats with the ``math`` module. They are
  the engine's fast path and may raise (``math.log(-1)``, ``1 / 0``, overflow).
* ``array`` / ``array_partials`` work on numpy arrays and follow IEEE rules (NaN, ±inf,
  no exceptions). The engine uses them for batches of samples, and as the fallback
  that gives the IEEE answer whenever the fast path raises.

``partials`` receive the operands and the op's own output (so exp's derivative can
reuse e^x) and return one local derivative per operand port.

Conventions at kinks follow PyTorch: relu'(0) = 0, abs'(0) = 0, max/min ties split the
gradient half and half, and d(a**b)/db = a**b·ln(a) is taken as 0 where a == 0, b >= 0.
NaN propagates through every op (relu, max and min included), and the scalar and
array versions of an op agree on every input, NaN and ±inf included.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Op:
    name: str
    arity: int
    symbol: str  # short text drawn on the node card
    group: str  # palette group: "arithmetic", "functions" or "activations"
    scalar: Callable[..., float]
    partials: Callable[..., tuple[float, ...]]
    array: Callable[..., np.ndarray]
    array_partials: Callable[..., tuple[np.ndarray, ...]]
    formula: str  # the op as a formula, e.g. "σ(x) = 1/(1+e^−x)"
    derivative: str  # its local derivatives, e.g. "∂σ/∂x = σ(x)(1−σ(x))"

    @property
    def ports(self) -> tuple[str, ...]:
        """Names of the operand ports, in port order: ("x",) or ("a", "b")."""
        return ("x",) if self.arity == 1 else ("a", "b")


def _sigmoid(x: float) -> float:
    # Two branches keep exp from overflowing for large |x|.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _array_sigmoid(x):
    # The same two branches as _sigmoid, so a batch gives the scalar answer sample by
    # sample (0.5·(1 + tanh(x/2)) loses every digit below 1e-17 for x < −40).
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def _logistic_slope(x, exp=math.exp):
    """σ'(x) = σ(x)(1−σ(x)), computed as e^−|x| / (1 + e^−|x|)².

    The same number, but without the cancellation in 1 − σ(x) that leaves no correct
    digit once σ(x) rounds to 1 (x > 37). tanh'(x) = 1 − tanh²(x) = 4σ'(2x) likewise.
    ``exp=np.exp`` for arrays.
    """
    z = exp(-abs(x))
    return z / ((1.0 + z) * (1.0 + z))


def _relu(x: float) -> float:
    """max(0, x), except that NaN stays NaN (as in PyTorch) instead of becoming 0."""
    return 0.0 if x <= 0 else x


def _sign(x: float) -> float:
    """The derivative of abs: sign(x), 0 at x = 0 and NaN for NaN, like np.sign."""
    if x > 0:
        return 1.0
    if x < 0:
        return -1.0
    return 0.0 if x == 0 else math.nan


def _max(a: float, b: float) -> float:
    """max(a, b) that returns NaN if either is NaN, like np.maximum (builtin max
    keeps its first argument when comparisons with NaN are all false)."""
    if a >= b:
        return a
    return b if a < b else math.nan


def _min(a: float, b: float) -> float:
    if a <= b:
        return a
    return b if a > b else math.nan


def _array_pow(a, b):
    """np.power, except that (−∞)^b for a fractional b > 0 is +∞ as in C's pow (and
    math.pow): numpy says NaN or +∞ there, depending on the length of the array."""
    fractional = (b > 0) & np.isfinite(b) & (np.floor(b) != b)
    return np.where(np.isneginf(a) & fractional, np.inf, np.power(a, b))


def _pow_partials(a: float, b: float, out: float) -> tuple[float, float]:
    d_base = b * math.pow(a, b - 1.0) if b != 0.0 else 0.0
    d_exponent = 0.0 if (a == 0.0 and b >= 0.0) else out * math.log(a)
    return d_base, d_exponent


def _array_pow_partials(a, b, out):
    d_base = np.where(b != 0.0, b * np.power(a, b - 1.0), 0.0)
    d_exponent = np.where((a == 0.0) & (b >= 0.0), 0.0, out * np.log(a))
    return d_base, d_exponent


def _chosen_operand(a: float, b: float, out: float) -> tuple[float, float]:
    """Partials of max and min: the chosen operand gets 1, a tie sends half to each."""
    if a == b:
        return 0.5, 0.5
    return (1.0, 0.0) if out == a else (0.0, 1.0)


def _array_chosen_operand(a, b, out):
    first = np.where(a == b, 0.5, np.where(out == a, 1.0, 0.0))
    return first, 1.0 - first


def _op(name, arity, symbol, group, scalar, partials, array, array_partials, formula, derivative):
    """An Op; ``array_partials=None`` when ``partials`` is plain arithmetic that numpy
    evaluates just as well (after the engine has turned every operand into an array)."""
    return Op(
        name, arity, symbol, group, scalar, partials, array, array_partials or partials,
        formula, derivative,
    )  # fmt: skip


_OPS = [
    _op("add", 2, "+", "arithmetic",
        operator.add, lambda a, b, o: (1.0, 1.0),
        np.add, None,
        "a + b", "∂/∂a = 1,  ∂/∂b = 1"),
    _op("sub", 2, "−", "arithmetic",
        operator.sub, lambda a, b, o: (1.0, -1.0),
        np.subtract, None,
        "a − b", "∂/∂a = 1,  ∂/∂b = −1"),
    _op("mul", 2, "×", "arithmetic",
        operator.mul, lambda a, b, o: (b, a),
        np.multiply, None,
        "a · b", "∂/∂a = b,  ∂/∂b = a"),
    _op("div", 2, "÷", "arithmetic",
        operator.truediv, lambda a, b, o: (1.0 / b, -a / (b * b)),
        np.divide, None,
        "a / b", "∂/∂a = 1/b,  ∂/∂b = −a/b²"),
    _op("pow", 2, "^", "arithmetic",
        math.pow, _pow_partials,
        _array_pow, _array_pow_partials,
        "a^b", "∂/∂a = b·a^(b−1),  ∂/∂b = a^b·ln a"),
    _op("neg", 1, "−x", "arithmetic",
        operator.neg, lambda x, o: (-1.0,),
        np.negative, None,
        "−x", "∂/∂x = −1"),
    _op("exp", 1, "exp", "functions",
        math.exp, lambda x, o: (o,),
        np.exp, None,
        "e^x", "∂/∂x = e^x"),
    _op("log", 1, "ln", "functions",
        math.log, lambda x, o: (1.0 / x,),
        np.log, None,
        "ln x", "∂/∂x = 1/x"),
    _op("sin", 1, "sin", "functions",
        math.sin, lambda x, o: (math.cos(x),),
        np.sin, lambda x, o: (np.cos(x),),
        "sin x", "∂/∂x = cos x"),
    _op("cos", 1, "cos", "functions",
        math.cos, lambda x, o: (-math.sin(x),),
        np.cos, lambda x, o: (-np.sin(x),),
        "cos x", "∂/∂x = −sin x"),
    _op("sqrt", 1, "√", "functions",
        math.sqrt, lambda x, o: (0.5 / o,),
        np.sqrt, None,
        "√x", "∂/∂x = 1/(2√x)"),
    _op("abs", 1, "|x|", "functions",
        abs, lambda x, o: (_sign(x),),
        np.abs, lambda x, o: (np.sign(x),),
        "|x|", "∂/∂x = sign(x), 0 at x = 0"),
    _op("max", 2, "max", "functions",
        _max, _chosen_operand,
        np.maximum, _array_chosen_operand,
        "max(a, b)", "∂/∂a = 1 where a > b, ½ at a tie, else 0"),
    _op("min", 2, "min", "functions",
        _min, _chosen_operand,
        np.minimum, _array_chosen_operand,
        "min(a, b)", "∂/∂a = 1 where a < b, ½ at a tie, else 0"),
    _op("tanh", 1, "tanh", "activations",
        math.tanh, lambda x, o: (4.0 * _logistic_slope(2.0 * x),),
        np.tanh, lambda x, o: (4.0 * _logistic_slope(2.0 * x, np.exp),),
        "tanh x", "∂tanh/∂x = 1 − tanh²(x)"),
    _op("sigmoid", 1, "σ", "activations",
        _sigmoid, lambda x, o: (_logistic_slope(x),),
        _array_sigmoid, lambda x, o: (_logistic_slope(x, np.exp),),
        "σ(x) = 1/(1 + e^−x)", "∂σ/∂x = σ(x)(1−σ(x))"),
    _op("relu", 1, "ReLU", "activations",
        _relu, lambda x, o: (1.0 if x > 0 else 0.0,),
        lambda x: np.where(x <= 0, 0.0, x), lambda x, o: (np.where(x > 0, 1.0, 0.0),),
        "ReLU(x) = max(0, x)", "∂/∂x = 1 where x > 0, else 0"),
]  # fmt: skip

OPS: dict[str, Op] = {op.name: op for op in _OPS}


def get_op(name: str) -> Op:
    """The op called ``name``; KeyError with the list of known ops otherwise."""
    try:
        return OPS[name]
    except KeyError:
        raise KeyError(f"unknown op {name!r} (known ops: {', '.join(OPS)})") from None
