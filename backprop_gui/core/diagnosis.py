"""Why an op produced NaN or ±inf from finite operands, in words a student reads."""

from __future__ import annotations

import math

import numpy as np

from .numbers import format_number
from .ops import OPS


def explain_non_finite(op: str, args: list, value) -> str:
    """E.g. "log of a negative number: log(−2)" for ``explain_non_finite("log", [-2], nan)``.

    ``args`` and ``value`` are floats, or arrays for a batch (then the first offending
    sample is described).
    """
    args, value = _first_bad_sample(args, value)
    domain = OPS[op].domain
    reason = domain(*args) if domain is not None else None
    if reason is not None:
        return reason
    call = f"{op}({', '.join(format_number(a) for a in args)})"
    if np.isinf(value):
        return f"overflow: {call} is too large for a float"
    return f"{call} is not a number"


def _first_bad_sample(args: list, value):
    """The scalars of the first sample whose value is not finite."""
    if np.ndim(value) == 0:
        return [float(a) for a in args], float(value)
    bad = int(np.flatnonzero(~np.isfinite(value))[0])
    samples = [float(np.broadcast_to(a, np.shape(value)).flat[bad]) for a in args]
    return samples, float(np.asarray(value).flat[bad])


def is_finite(value) -> bool:
    """True for a finite float, or an array whose every element is finite."""
    if isinstance(value, float):
        return math.isfinite(value)
    return bool(np.all(np.isfinite(value)))
