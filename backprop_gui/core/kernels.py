"""The numerical kernels behind the op registry: what ``math`` and numpy lack.

Scalar kernels work on floats in plain Python with ``math``; ``array_`` kernels are
their numpy twins (IEEE: NaN and ±inf, never an exception). Where ``math`` or Python
arithmetic raise (``math.log(-1)``, ``1 / 0``, ``math.exp(1000)``), the scalar kernels
here answer as IEEE (and numpy) do instead: :func:`divide`, :func:`exp`, :func:`log`,
:func:`power`, :func:`sqrt`, :func:`sin`, :func:`cos`. The exported Python code
carries the very source of the scalar kernels it calls (``python_helpers.py``), so
it computes exactly the engine's numbers. For an op whose scalar form may still
raise, the engine falls back on its array form, via :func:`ieee`. Tests check that
an op's scalar and array forms agree on every special input and, on random inputs,
within the ULPs the engine documents (core/engine.py).
"""

from __future__ import annotations

import math

import numpy as np


def divide(a: float, b: float) -> float:
    """a / b; x/0 is ±inf by the signs and 0/0 is nan (Python raises)."""
    if b != 0:
        return a / b
    if a == 0 or math.isnan(a):
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


def exp(x: float) -> float:
    """e^x; inf where it is too large for a float (math.exp raises)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def log(x: float) -> float:
    """ln x; log(0) = -inf and log(x < 0) = nan (math.log raises)."""
    if x > 0:
        return math.log(x)
    return -math.inf if x == 0 else math.nan


def power(a: float, b: float) -> float:
    """a^b as C and numpy compute it, where math.pow raises (b % 2 == 1: b is odd)."""
    try:
        return math.pow(a, b)
    except OverflowError:  # too large: ±inf
        return -math.inf if a < 0 and b % 2 == 1 else math.inf
    except ValueError:  # 0 to a negative power: ±inf; (-8)^0.5: nan
        if a == 0:
            return math.copysign(math.inf, a) if b % 2 == 1 else math.inf
        return math.nan


def sqrt(x: float) -> float:
    """√x; nan for x < 0 (math.sqrt raises)."""
    return math.sqrt(x) if x >= 0 else math.nan


def sin(x: float) -> float:
    """sin x; nan for x = ±inf (math.sin raises)."""
    return math.sin(x) if math.isfinite(x) else math.nan


def cos(x: float) -> float:
    """cos x; nan for x = ±inf (math.cos raises)."""
    return math.cos(x) if math.isfinite(x) else math.nan


def sigmoid(x: float) -> float:
    """1/(1+e^−x), PyTorch's formula (its exp overflows to inf, so σ(x) = 0 below
    −709: the number PyTorch gives)."""
    return 1.0 / (1.0 + exp(-x))


def array_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_slope(y: float) -> float:
    """σ'(x) from y = σ(x), as PyTorch's backward computes it: (1 − y)·y.

    Where σ(x) rounds to 1 (x > 37) this is exactly 0, as in PyTorch, rather than
    the tiny true slope: a gradient that Adam would turn into a whole step."""
    return (1.0 - y) * y


def tanh_slope(y: float) -> float:
    """tanh'(x) from y = tanh(x), as PyTorch's backward computes it: 1 − y·y
    (exactly 0 where tanh rounds to ±1, |x| > 19, as in PyTorch)."""
    return 1.0 - y * y


def relu(x: float) -> float:
    """max(0, x), except that NaN stays NaN (as in PyTorch) instead of becoming 0."""
    return 0.0 if x <= 0 else x


def sign(x: float) -> float:
    """The slope of |x|: 1 or −1, and 0 at x = 0 and for NaN (as PyTorch's sgn)."""
    if x > 0:
        return 1.0
    return -1.0 if x < 0 else 0.0


def array_sign(x):
    return np.where(x > 0, 1.0, np.where(x < 0, -1.0, 0.0))


def maximum(a: float, b: float) -> float:
    """max(a, b) that returns NaN if either is NaN, like np.maximum (builtin max
    keeps its first argument when comparisons with NaN are all false)."""
    if a >= b:
        return a
    return b if a < b else math.nan


def minimum(a: float, b: float) -> float:
    """min(a, b) that returns NaN if either is NaN, like np.minimum."""
    if a <= b:
        return a
    return b if a > b else math.nan


def chosen(tie, first_loses, second_loses) -> tuple[float, float]:
    """Partials of max and min: 1 for an operand that was not beaten, ½ each at a tie.

    With a NaN operand no comparison holds, so both get 1, as in PyTorch: the
    gradient then does not depend on the order of the operands.
    """
    if tie:
        return 0.5, 0.5
    return (0.0 if first_loses else 1.0), (0.0 if second_loses else 1.0)


def array_chosen(tie, first_loses, second_loses):
    return (
        np.where(tie, 0.5, np.where(first_loses, 0.0, 1.0)),
        np.where(tie, 0.5, np.where(second_loses, 0.0, 1.0)),
    )


def array_pow(a, b):
    """np.power, except that (−∞)^b for a fractional b > 0 is +∞ as in C's pow (and
    math.pow): numpy says NaN or +∞ there, depending on the length of the array."""
    fractional = (b > 0) & np.isfinite(b) & (np.floor(b) != b)
    return np.where(np.isneginf(a) & fractional, np.inf, np.power(a, b))


def pow_partials(a: float, b: float, out: float) -> tuple[float, float]:
    d_base = b * power(a, b - 1.0) if b != 0.0 else 0.0
    d_exponent = 0.0 if (a == 0.0 and b >= 0.0) else out * log(a)
    return d_base, d_exponent


def array_pow_partials(a, b, out):
    d_base = np.where(b != 0.0, b * array_pow(a, b - 1.0), 0.0)
    d_exponent = np.where((a == 0.0) & (b >= 0.0), 0.0, out * np.log(a))
    return d_base, d_exponent


def ieee(scalar_fn, array_fn):
    """``scalar_fn``, but where ``math`` raises, numpy's IEEE answer as floats."""

    def safe(*args):
        try:
            return scalar_fn(*args)
        except (ArithmeticError, ValueError):
            with np.errstate(all="ignore"):
                answer = array_fn(*(np.float64(a) for a in args))
            if isinstance(answer, tuple):
                return tuple(float(x) for x in answer)
            return float(answer)

    return safe


SOFTPLUS_THRESHOLD = 20.0  # PyTorch's F.softplus default: x itself above it


def softplus(x: float) -> float:
    """ln(1 + e^x) as PyTorch's F.softplus computes it: x itself above 20 (where
    ln(1 + e^x) and x differ by less than 2.1e-9), else log1p(e^x), which keeps
    the digits of a small e^x and never overflows there."""
    return x if x > 20.0 else math.log1p(math.exp(x))


def array_softplus(x):
    return np.where(x > SOFTPLUS_THRESHOLD, x, np.log1p(np.exp(np.minimum(x, SOFTPLUS_THRESHOLD))))


def softplus_slope(x: float) -> float:
    """softplus'(x) = σ(x) as PyTorch's backward computes it: e^x/(e^x + 1), and 1
    above the threshold 20, where the value is x itself."""
    if x > 20.0:
        return 1.0
    z = math.exp(x)
    return z / (z + 1.0)


def array_softplus_slope(x):
    z = np.exp(np.minimum(x, SOFTPLUS_THRESHOLD))
    return np.where(x > SOFTPLUS_THRESHOLD, 1.0, z / (z + 1.0))


def bce_logits(a: float, b: float) -> float:
    """Binary cross-entropy of the logit a against the target b, as PyTorch computes
    it: (1 − b)·a − ln σ(a), with ln σ(a) = min(a, 0) − ln(1 + e^−|a|) (stable: e^−|a|
    never overflows). At infinite logits it answers as PyTorch: (∞, 0) → ∞, (−∞, 1) → NaN."""
    return (1.0 - b) * a - ((a if a < 0 else 0.0) - math.log1p(math.exp(-abs(a))))


def array_bce_logits(a, b):
    return (1.0 - b) * a - (np.minimum(a, 0.0) - np.log1p(np.exp(-np.abs(a))))
