"""Gradient -> colour: perceptual colormaps and the scale that places a gradient on them.

Three modes: ``log`` (|gradient| on a log scale, the default: gradients span decades),
``linear`` (|gradient|) and ``signed`` (a diverging map centred at 0). The colormaps
are the ones pyqtgraph ships: viridis, and Peter Kovesi's perceptually uniform
blue–white–red CET-D1 for the signed mode (read by :mod:`..core.colormaps`).
Nodes without a gradient are grey; so are NaN gradients (the node's warning style
says why); ±∞ sit at the ends of the scale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from PySide6.QtGui import QColor

from ..core import colormaps
from ..core.numbers import format_number
from . import theme

LOG, LINEAR, SIGNED = "log", "linear", "signed"
MODES = {LOG: "|gradient|, log scale", LINEAR: "|gradient|, linear", SIGNED: "gradient, signed"}
NO_GRADIENT = QColor("#d5d9df")  # off the output's path, or NaN
# an edge's stroke: off the path; carrying the smallest and the largest contribution
EDGE_WIDTHS = (1.5, 2.5, 8.0)
DARK_EDGE_LIGHTNESS, DARK_EDGE_LIGHTEN = 0.3, 190  # in the dark theme, darker edges lighten


class Colormap:
    """The colours of pyqtgraph's map ``name`` from low to high, looked up by a
    position in [0, 1]."""

    def __init__(self, name: str):
        self.name = name

    @cached_property
    def table(self) -> tuple[str, ...]:
        """The colours as "rrggbb" hex, from the lowest end up."""
        return colormaps.colormap_table(self.name)

    @cached_property
    def colors(self) -> list[QColor]:
        return [QColor(f"#{entry}") for entry in self.table]

    def at(self, t: float) -> QColor:
        return self.colors[self.index(t)]

    def index(self, t: float) -> int:
        return min(max(int(t * len(self.table)), 0), len(self.table) - 1)

    def index_of(self, color: QColor) -> int | None:
        """Where ``color`` sits on this map (None if it is not one of its colours)."""
        rgb = color.name()[1:]
        return self.table.index(rgb) if rgb in self.table else None


VIRIDIS = Colormap(colormaps.VIRIDIS)
DIVERGING = Colormap(colormaps.DIVERGING)  # blue (negative), white (0), red (positive)


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
    def fit(cls, mode: str, grads: Iterable[float | None]) -> GradientScale | None:
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
    def colormap(self) -> Colormap:
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

    def color(self, grad: float | None) -> QColor:
        t = self.position(grad)
        return NO_GRADIENT if t is None else self.colormap.at(t)

    def edge_style(self, contribution: float | None) -> tuple[QColor | None, float]:
        """The colour and width of an edge carrying ``contribution`` backwards.

        Off the path (None), carrying nothing (0) or NaN: the plain edge. Otherwise the
        width grows with the contribution's place on the scale (its distance from the
        middle, in signed mode), and the colour is the scale's; in signed mode the map's
        pale middle would vanish on the canvas, so it fades into the plain edge colour.
        """
        t = self.position(contribution)
        if t is None or contribution == 0:
            return None, EDGE_WIDTHS[0]
        strength = abs(2 * t - 1) if self.mode == SIGNED else t
        width = EDGE_WIDTHS[1] + strength * (EDGE_WIDTHS[2] - EDGE_WIDTHS[1])
        color = self.colormap.at(t)
        if self.mode == SIGNED:
            color = _mix(theme.EDGE, color, strength)
        elif theme.Look.dark and color.lightnessF() < DARK_EDGE_LIGHTNESS:
            color = color.lighter(DARK_EDGE_LIGHTEN)  # viridis' dark end on a dark canvas
        return color, width

    def ticks(self) -> list[tuple[float, str]]:
        """(position, label) for the legend: both ends, and 0 in the signed mode."""
        if self.mode == SIGNED:
            return [(0.0, format_number(self.low)), (0.5, "0"), (1.0, format_number(self.high))]
        low = format_number(self.low)
        if self.mode == LOG and self.has_zero and self.low > 0:
            low = f"≤ {low}"
        return [(0.0, low), (1.0, format_number(self.high))]


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` blended into ``b`` by ``t`` (0: a, 1: b)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )
