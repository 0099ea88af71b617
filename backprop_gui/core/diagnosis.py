"""Why an op produced NaN or ±inf from finite operands, in words a student reads."""

from __future__ import annotations

import math

import numpy as np

from .numbers import format_number


def explain_non_finite(op: str, args: list, value) -> str:
    """E.g. "log of a negative number: log(−2)" for ``explain_non_finite("log", [-2], nan)``.

    ``args`` and ``value`` are floats, or arrays for a batch (then the first offending
    sample is described).
    """
    args, value = _first_bad_sample(args, value)
    shown = ", ".join(format_number(a) for a in args)
    call = f"{op}({shown})"
    a = args[0]
    b = args[1] if len(args) > 1 else None
    if op == "log" and a < 0:
        return f"log of a negative number: {call}"
    if op == "log" and a == 0:
        return f"log of zero is −∞: {call}"
    if op == "sqrt" and a < 0:
        return f"square root of a negative number: √({format_number(a)})"
    if op == "div" and b == 0:
        return f"division by zero: {format_number(a)}/0"
    if op == "pow" and a < 0 and b != round(b):
        return f"a negative number to a fractional power: ({format_number(a)})^{format_number(b)}"
    if op == "pow" and a == 0 and b < 0:
        return f"zero to a negative power: 0^{format_number(b)}"
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
