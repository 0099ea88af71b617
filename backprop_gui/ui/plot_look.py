"""The plots' look: every pyqtgraph plot takes the window's theme (its background,
axes, title and legend), when it is made and whenever View › Dark Theme or
Presentation changes the look, so a dark window never shows a white plot."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from . import theme

AXES = ("left", "bottom", "right", "top")


def style_plot(widget: pg.PlotWidget) -> None:
    """Give ``widget`` the theme in force."""
    widget.setBackground(theme.CARD)
    item = widget.getPlotItem()
    for name in AXES:
        axis = item.getAxis(name)
        axis.setPen(theme.MUTED)
        axis.setTextPen(theme.TEXT)  # the tick numbers and the axis's label
    item.titleLabel.setText(item.titleLabel.text, color=theme.TEXT.name())
    if item.legend is not None:
        item.legend.setLabelTextColor(theme.TEXT)


def style_plots(root: QWidget) -> None:
    """Give every plot under ``root`` the theme in force."""
    for widget in root.findChildren(pg.PlotWidget):
        style_plot(widget)
