"""Gradient -> colour without Qt: the scale that places a gradient on a colormap.

The canvas (through ``ui/colors.py``), the TikZ export and the worksheets all colour
by this one scale, so a figure shows the colours the app shows. Colours are
"rrggbb" hex texts from pyqtgraph's colormaps, read as data by :mod:`.colormaps`.

Three modes: ``log`` (|gradient| on a log scale, the default: gradients span decades),
``linear`` (|gradient|) and ``signed`` (a diverging map centred at 0). Nodes without
a gradient are grey; so are NaN gradients; ±∞ sit at the ends of the scale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .colormaps import DIVERGING, VIRIDIS, colormap_table
from .numbers import format_number

LOG, LINEAR, SIGNED = "log", "linear", "signed"
MODES = {LOG: "|gradient|, log scale", LINEAR: "|gradient|, linear", SIGNED: "gradient, signed"}
NO_GRADIENT = "d5d9df"  # off the output's path, or NaN
EDGE = "8c96a3"  # a plain edge
# an edge's stroke: off the path; carrying the smallest and the largest contribution
EDGE_WIDTHS = (1.5, 2.5, 8.0)


def table_index(table: tuple[str, ...], t: float) -> int:
    """The entry of ``table`` at position ``t`` in [0, 1]."""
    return min(max(int(t * len(table)), 0), len(table) - 1)


@dataclass(frozen=True)
class GradientScale:
    """Where gradients sit between ``low`` and ``high`` of one mode's colormap.

    ``log``: low and high are the smallest non-zero and the largest |gradient|
    (``has_zero``: some gradients are 0, drawn like ``low``); ``linear``: 0 and the
    largest |gradient|; ``signed``: −M and M, M the largest |gradient|.
    """

    mode: str
    low: float
    high: float
    has_zero: bool = False

    @classmethod
    def fit(cls, mode: str, grads: Iterable[float | None]):
        """The scale spanning the finite ``grads``; None if there is none."""
        magnitudes = [abs(g) for g in grads if g is not None and math.isfinite(g)]
        if not magnitudes:
            return None
        high = max(magnitudes)
        if mode == LOG:
            nonzero = [m for m in magnitudes if m > 0]
            low = min(nonzero) if nonzero else 0.0
            return cls(mode, low, high, has_zero=len(nonzero) < len(magnitudes))
        if mode == SIGNED:
            return cls(mode, -high, high)
        if mode == LINEAR:
            return cls(mode, 0.0, high)
        raise ValueError(f"unknown colour mode {mode!r} (known: {', '.join(MODES)})")

    @property
    def table_name(self) -> str:
        return DIVERGING if self.mode == SIGNED else VIRIDIS

    def position(self, grad: float | None) -> float | None:
        """``grad``'s place on the map in [0, 1]; None for no gradient or NaN."""
        if grad is None or math.isnan(grad):
            return None
        if self.mode == SIGNED:
            if self.high == 0:
                return 0.5
            return min(max(0.5 + grad / (2 * self.high), 0.0), 1.0)
        magnitude = abs(grad)
        if self.mode == LINEAR or magnitude == 0 or self.low == 0:
            return min(magnitude / self.high, 1.0) if self.high else 0.0
        if self.high == self.low:
            return 1.0
        t = math.log(magnitude / self.low) / math.log(self.high / self.low)
        return min(max(t, 0.0), 1.0)

    def hex_at(self, t: float) -> str:
        table = colormap_table(self.table_name)
        return table[table_index(table, t)]

    def hex_color(self, grad: float | None) -> str:
        """The body colour of a node with gradient ``grad``."""
        t = self.position(grad)
        return NO_GRADIENT if t is None else self.hex_at(t)

    def edge_hex_style(self, contribution: float | None) -> tuple[str | None, float]:
        """The colour and width of an edge carrying ``contribution`` backwards.

        Off the path (None), carrying nothing (0) or NaN: the plain edge (None). Otherwise
        the width grows with the contribution's place on the scale (its distance from the
        middle, in signed mode), and the colour is the scale's; in signed mode the map's
        pale middle would vanish on the canvas, so it fades into the plain edge colour.
        """
        t = self.position(contribution)
        if t is None or contribution == 0:
            return None, EDGE_WIDTHS[0]
        strength = abs(2 * t - 1) if self.mode == SIGNED else t
        width = EDGE_WIDTHS[1] + strength * (EDGE_WIDTHS[2] - EDGE_WIDTHS[1])
        color = self.hex_at(t)
        if self.mode == SIGNED:
            color = mix(EDGE, color, strength)
        return color, width

    def ticks(self) -> list[tuple[float, str]]:
        """(position, label) for the legend: both ends, and 0 in the signed mode."""
        if self.mode == SIGNED:
            return [(0.0, format_number(self.low)), (0.5, "0"), (1.0, format_number(self.high))]
        low = format_number(self.low)
        if self.mode == LOG and self.has_zero and self.low > 0:
            low = f"≤ {low}"
        return [(0.0, low), (1.0, format_number(self.high))]


def channels(color: str) -> tuple[float, float, float]:
    """ "rrggbb" as red, green and blue in [0, 1]."""
    return tuple(int(color[i : i + 2], 16) / 255 for i in (0, 2, 4))


def mix(a: str, b: str, t: float) -> str:
    """``a`` blended into ``b`` by ``t`` (0: a, 1: b), as "rrggbb"."""
    blended = (x + (y - x) * t for x, y in zip(channels(a), channels(b)))
    return "".join(f"{round(c * 255):02x}" for c in blended)


def needs_light_text(red: float, green: float, blue: float) -> bool:
    """True where a fill is dark enough for white text (WCAG relative luminance < 0.36)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return luminance < 0.36
