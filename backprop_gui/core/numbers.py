"""Numbers as people read and type them, and the one check of what counts as a number.

Shown with 4 significant digits and a real minus sign; written to JSON with NaN and
±inf as strings (``backprop-gui eval`` and the exported code); read from text in the
forms a person types; accepted as node values only when real and finite.
"""

from __future__ import annotations

import math
import re

import numpy as np


def format_number(value: float | None, digits: int = 4) -> str:
    """``0.9975``, ``4.788``, ``1.235e6``, ``−2``, ``NaN``, ``∞``; "—" for None.

    Scientific notation takes over for magnitudes at or above 10⁵ or below 10⁻³.
    """
    if value is None:
        return "—"
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    magnitude = abs(value)
    if magnitude != 0 and (magnitude >= 1e5 or magnitude < 1e-3):
        text = f"{value:.{digits - 1}e}"
        mantissa, exponent = text.split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa}e{int(exponent)}"
    else:
        text = f"{value:.{digits}g}"
        if "e" in text:  # %g switched to exponent form for e.g. 12345.6
            text = f"{value:.0f}"
    if text in ("-0", "-0.0"):
        text = "0"
    return text.replace("-", "−")


def full_precision(value: float | None) -> str:
    """Every digit a float holds (for tooltips and the inspector)."""
    if value is None:
        return "—"
    return repr(float(value)).replace("-", "−").replace("inf", "∞").replace("nan", "NaN")


def json_number(value):
    """A float for JSON: None stays null, non-finite numbers become "nan"/"inf"/"-inf"."""
    if value is None:
        return None
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def as_number(value) -> float | None:
    """``value`` as a float if it is a real number (an int or float, numpy's too, not a
    bool); an int too large for a float is ±inf. None for anything else."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def as_finite(value) -> float | None:
    """``value`` as a float if it is a finite real number, else None."""
    number = as_number(value)
    return number if number is not None and math.isfinite(number) else None


# A decimal number: ASCII digits, an optional sign, point and exponent.
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def parse_number(text: str) -> float | None:
    """A finite float from a decimal number as a person types it ("−2", "1e-3",
    " 0.5 ", "+.5"), else None. Stricter than ``float``: no underscores ("1_000":
    a thousand, or a slip for 1.000?), no words ("nan", "infinity"), no digits of
    other scripts; and a number too large for a float (1e400) is refused."""
    text = text.strip().replace("−", "-")
    if not _DECIMAL.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None
