"""The function plot: y over a sweep of x, dy/dx on a second axis, the tangent at x's value.

:class:`FunctionPlot` is a pyqtgraph plot that draws a :class:`~backprop_gui.core.sweep.Sweep`:
the value on the left axis, the derivative on the right one (a second view box that
shares the x axis), the tangent line and a marker at the input's current value, and a
legend. Kinks and NaN regions are gaps (the sweep's breaks), never spikes. The Function
plot dock puts a draggable marker on it; the ``plot`` command exports it headless with
:func:`plot_image`.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsItem

from ..core.numbers import format_number
from ..core.sweep import Sweep
from . import theme
from .plot_look import style_plot

VALUE_PEN = pg.mkPen(QColor("#2563eb"), width=2.5)
SLOPE_PEN = pg.mkPen(QColor("#d97706"), width=2, style=Qt.PenStyle.DashLine)
TANGENT_PEN = pg.mkPen(QColor("#16a34a"), width=1.5)
MARKER_BRUSH = pg.mkBrush(QColor("#e11d48"))  # seen on a light and on a dark plot
EXPORT_SIZE = (800, 500)  # pixels of an exported image


class FunctionPlot(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.sweep: Sweep | None = None
        item = self.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.2)
        item.showAxis("right")
        self.legend = item.addLegend(offset=(10, 10))
        self.value_curve = item.plot(pen=VALUE_PEN, name="y")
        self.tangent = item.plot(pen=TANGENT_PEN, name="tangent")
        self.marker = pg.ScatterPlotItem(size=11, brush=MARKER_BRUSH, pen=None)
        item.addItem(self.marker)
        self.slope_box = pg.ViewBox()
        item.scene().addItem(self.slope_box)
        item.getAxis("right").linkToView(self.slope_box)
        self.slope_box.setXLink(item)
        self.slope_curve = pg.PlotDataItem(pen=SLOPE_PEN)
        self.slope_box.addItem(self.slope_curve)
        self.legend.addItem(self.slope_curve, "dy/dx (right axis)")
        style_plot(self)
        item.vb.sigResized.connect(self._align_boxes)
        for name in ("left", "bottom", "right"):
            axis = item.getAxis(name)
            axis.enableAutoSIPrefix(False)
            # The axes (and the grid they draw) change with the ranges only, once per
            # sweep; cached, a moving marker repaints none of them.
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def _align_boxes(self) -> None:
        self.slope_box.setGeometry(self.getPlotItem().vb.sceneBoundingRect())

    def show_sweep(self, sweep: Sweep, x_name: str, y_name: str) -> None:
        """Draw ``sweep``, its axes named by the nodes' names."""
        self.sweep = sweep
        item = self.getPlotItem()
        item.setLabel("bottom", x_name)
        item.setLabel("left", y_name)
        item.setLabel("right", f"d{y_name}/d{x_name}")
        self.value_curve.setData(sweep.x, sweep.y, connect=_joins(sweep.value_breaks))
        self.slope_curve.setData(sweep.x, sweep.dy_dx, connect=_joins(sweep.slope_breaks))
        self.slope_box.enableAutoRange()
        self._fit_values()
        self.show_point(sweep.at, sweep.y_at, sweep.slope_at)
        labels = {sample.item: label for sample, label in self.legend.items}
        labels[self.value_curve].setText(y_name)
        labels[self.slope_curve].setText(f"d{y_name}/d{x_name} (right axis)")

    def show_point(self, x: float, y: float, slope: float, why: str = "") -> None:
        """The marker at (x, y), the tangent through it with ``slope``, and the title;
        where y is not finite the title says so (and ``why``) and no marker is drawn."""
        if self.sweep is None:
            self.show_nothing()
            return
        finite = math.isfinite(y) and math.isfinite(slope)
        self.marker.setData(*(([x], [y]) if math.isfinite(y) else ([], [])))
        if finite:
            xs = np.array([self.sweep.x[0], self.sweep.x[-1]])
            self.tangent.setData(xs, y + slope * (xs - x))
        else:
            self.tangent.setData([], [])
        self.getPlotItem().setTitle(_title(x, y, slope, why), color=theme.TEXT.name())

    def show_nothing(self) -> None:
        """No curve, no point, no title (nothing can be swept)."""
        self.sweep = None
        for curve in (self.value_curve, self.slope_curve, self.marker, self.tangent):
            curve.setData([], [])
        self.getPlotItem().setTitle(None)

    def _fit_values(self) -> None:
        """The ranges of the value curve alone (the tangent may leave them); set once per
        sweep, so moving the point redraws no axis."""
        finite = self.sweep.y[np.isfinite(self.sweep.y)]
        item = self.getPlotItem()
        item.setXRange(self.sweep.x[0], self.sweep.x[-1], padding=0.02)
        if finite.size:
            low, high = float(finite.min()), float(finite.max())
            item.setYRange(low, high if high > low else low + 1.0, padding=0.08)


def _title(x: float, y: float, slope: float, why: str) -> str:
    """ "at 1: value 1, slope 0.5", or "at −1: no value (square root of ...)"."""
    if math.isnan(y):
        told = "no value"
    else:
        told = f"value {format_number(y)}"
        told += f", slope {format_number(slope)}" if math.isfinite(y) else ""
    return f"at {format_number(x)}: {told}" + (f" ({why})" if why else "")


def _joins(breaks: np.ndarray) -> np.ndarray:
    """pyqtgraph's ``connect``: per point, join it to the next one?"""
    return np.append(~breaks, False)


def plot_image(sweep: Sweep, x_name: str, y_name: str, kind: str) -> bytes:
    """The plot of ``sweep`` as the bytes of a ``"png"`` or ``"svg"`` file, drawn in
    memory: the caller writes them (atomically), so Qt never opens the file itself."""
    plot = FunctionPlot()
    plot.resize(*EXPORT_SIZE)
    plot.show_sweep(sweep, x_name, y_name)
    plot.show()  # lays the plot out (offscreen: nothing appears)
    QApplication.processEvents()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if kind == "svg":
        _draw_svg(plot, buffer)
    else:
        plot.grab().save(buffer, "PNG")
    return bytes(buffer.data())


def _draw_svg(plot: FunctionPlot, device: QBuffer) -> None:
    generator = QSvgGenerator()
    generator.setOutputDevice(device)
    generator.setSize(plot.size())
    generator.setViewBox(plot.rect())
    generator.setTitle("backprop-gui function plot")
    painter = QPainter(generator)
    plot.render(painter)
    painter.end()
