"""Gradient -> QColor: the core's gradient scale (``core/gradient_colors.py``) for Qt.

The scale itself (modes, fit, positions, edge widths, legend ticks) is Qt-free and
shared with the TikZ export and the worksheets; this module turns its "rrggbb"
colours into QColors and keeps the colormaps as QColor lists for the legend.
"""

from __future__ import annotations

from functools import cached_property

from PySide6.QtGui import QColor

from ..core import colormaps
from ..core import gradient_colors as core
from ..core.gradient_colors import EDGE_WIDTHS, LINEAR, LOG, MODES, SIGNED, table_index
from . import theme

__all__ = ["EDGE_WIDTHS", "LINEAR", "LOG", "MODES", "SIGNED", "GradientScale"]
NO_GRADIENT = QColor(f"#{core.NO_GRADIENT}")  # off the output's path, or NaN
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
        return self.colors[table_index(self.table, t)]

    def index_of(self, color: QColor) -> int | None:
        """Where ``color`` sits on this map (None if it is not one of its colours)."""
        rgb = color.name()[1:]
        return self.table.index(rgb) if rgb in self.table else None


VIRIDIS = Colormap(colormaps.VIRIDIS)
DIVERGING = Colormap(colormaps.DIVERGING)  # blue (negative), white (0), red (positive)


class GradientScale(core.GradientScale):
    """The core's scale, with its colours as QColors."""

    @property
    def colormap(self) -> Colormap:
        return DIVERGING if self.mode == SIGNED else VIRIDIS

    def color(self, grad: float | None) -> QColor:
        return QColor(f"#{self.hex_color(grad)}")

    def edge_style(self, contribution: float | None) -> tuple[QColor | None, float]:
        """The colour (None: the plain edge) and width of an edge carrying ``contribution``;
        in the dark theme viridis' dark end is lightened so it shows on the canvas."""
        color, width = self.edge_hex_style(contribution)
        if color is None:
            return None, width
        color = QColor(f"#{color}")
        if self.mode != SIGNED and theme.Look.dark and color.lightnessF() < DARK_EDGE_LIGHTNESS:
            color = color.lighter(DARK_EDGE_LIGHTEN)
        return color, width
