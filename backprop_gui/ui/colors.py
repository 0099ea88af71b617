"""Gradient -> QColor: the core's gradient scale (``core/gradient_colors.py``) for Qt.

The scale itself (modes, fit, positions, edge widths, legend ticks) is Qt-free and
shared with the TikZ export and the worksheets; this module turns its "rrggbb"
colours into QColors and keeps the colormaps as QColor lists for the legend.
"""

from __future__ import annotations

from functools import cached_property

from PySide6.QtGui import QColor

from ..core import gradient_colors as core
from ..core.gradient_colors import EDGE_WIDTHS, LINEAR, LOG, MODES, SIGNED, TABLES, table_index

__all__ = ["EDGE_WIDTHS", "LINEAR", "LOG", "MODES", "SIGNED", "GradientScale"]
NO_GRADIENT = QColor(f"#{core.NO_GRADIENT}")  # off the output's path, or NaN


class Colormap:
    """256 colours from low to high, looked up by a position in [0, 1]."""

    def __init__(self, name: str):
        self.name = name
        self.table = TABLES[name]

    @cached_property
    def colors(self) -> list[QColor]:
        return [QColor(f"#{entry}") for entry in self.table]

    def at(self, t: float) -> QColor:
        return self.colors[table_index(self.table, t)]

    def index_of(self, color: QColor) -> int | None:
        """Where ``color`` sits on this map (None if it is not one of its colours)."""
        rgb = color.name()[1:]
        return self.table.index(rgb) if rgb in self.table else None


VIRIDIS = Colormap("viridis")
RDBU_R = Colormap("RdBu_r")
_COLORMAPS = {VIRIDIS.name: VIRIDIS, RDBU_R.name: RDBU_R}


class GradientScale(core.GradientScale):
    """The core's scale, with its colours as QColors."""

    @property
    def colormap(self) -> Colormap:
        return _COLORMAPS[self.table_name]

    def color(self, grad: float | None) -> QColor:
        return QColor(f"#{self.hex_color(grad)}")

    def edge_style(self, contribution: float | None) -> tuple[QColor | None, float]:
        """The colour (None: the plain edge) and width of an edge carrying ``contribution``."""
        color, width = self.edge_hex_style(contribution)
        return (None if color is None else QColor(f"#{color}")), width
