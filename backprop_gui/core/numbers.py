"""Numbers as people read them: 4 significant digits, a real minus sign."""

from __future__ import annotations

import math


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
