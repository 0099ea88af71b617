"""The Gradient flow dock: |d output / d node| against depth, on a log scale.

One point per node with a gradient, at its distance from the output, so that a
vanishing or exploding chain shows as a line falling or rising by decades. Each point
is labelled with its node's name as the step panel writes it (core/chainrule.py
``Names``: the label, else a short expression, else the id), up to ``MAX_LABELS``
points (beyond that the names would cover each other: hovering a point names it).
The depth axis has integer ticks only. Clicking a point selects its node on the
canvas. The dock redraws only while it is shown.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDockWidget, QLabel, QVBoxLayout, QWidget

from ...core.chainrule import Names
from ...core.gradient_flow import flow_points, shown_on_log_scale
from ...core.naming import node_name
from ..canvas.scene import GraphScene
from ..document import GraphDocument
from ..plot_look import style_plot

POINT_BRUSH = pg.mkBrush(QColor("#2563eb"))
LABEL_COLOR = "#1d2530"
MAX_LABELS = 40
IDLE_TEXT = "Run Backward to see how the gradient changes with depth."


class DepthAxis(pg.AxisItem):
    """An axis with ticks at whole numbers only: a depth of 1.5 edges means nothing."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph's names)
        levels = super().tickValues(minVal, maxVal, size)
        return [
            (max(spacing, 1.0), [v for v in values if float(v).is_integer()])
            for spacing, values in levels
        ]


class GradientFlowPanel(QDockWidget):
    def __init__(self, document: GraphDocument, scene: GraphScene, parent=None):
        super().__init__("Gradient flow", parent)
        self.setObjectName("gradientFlowPanel")
        self.document, self.scene = document, scene
        self.plot = pg.PlotWidget(
            objectName="gradientFlowPlot",
            axisItems={"bottom": DepthAxis("bottom")},
        )  # fmt: skip
        item = self.plot.getPlotItem()
        item.setLogMode(x=False, y=True)
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setLabel("bottom", "depth (edges from the output)")
        item.setLabel("left", "|doutput/dnode|")
        style_plot(self.plot)
        self.points = pg.ScatterPlotItem(size=12, brush=POINT_BRUSH, pen=None, hoverable=True)
        self.points.sigClicked.connect(self._clicked)
        item.addItem(self.points)
        self.message = QLabel(IDLE_TEXT, objectName="gradientFlowMessage", wordWrap=True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addWidget(self.message)
        layout.addWidget(self.plot)
        self.setWidget(body)
        self.labels: dict[str, pg.TextItem] = {}  # node id -> its name beside its point
        self._dirty = True
        document.resultsChanged.connect(self._results_changed)
        self.visibilityChanged.connect(self._shown)

    def _results_changed(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def _shown(self, visible: bool) -> None:
        if visible and self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """One point per node with a gradient from the evaluation's last result."""
        self._dirty = False
        evaluation = self.document.evaluation
        result = evaluation.result
        if result is None or evaluation.problem or result.output is None:
            self.points.setData([])
            self._label([])
            self.message.setText(IDLE_TEXT)
            return
        shown, hidden = shown_on_log_scale(flow_points(result))
        graph = self.document.graph
        self.points.setData(
            x=[p.depth for p in shown],
            y=[math.log10(p.magnitude) for p in shown],
            data=[p.node for p in shown],
            tip=lambda x, y, data: f"{node_name(graph, data)}: {10**y:.4g} at depth {x:g}",
        )  # fmt: skip
        self._label(shown if len(shown) <= MAX_LABELS else [])
        text = f"{len(shown)} nodes by their distance from {node_name(graph, result.output)}."
        if hidden:
            text += f" {hidden} with gradient 0 or not finite cannot show on a log scale."
        self.message.setText(text)
        self.plot.getPlotItem().autoRange()

    def _label(self, points: list) -> None:
        """Each point's node name beside it; labels of points gone are removed."""
        wanted = {p.node for p in points}
        for node_id in [n for n in self.labels if n not in wanted]:
            self.plot.removeItem(self.labels.pop(node_id))
        names = Names(self.document.graph)
        for p in points:
            label = self.labels.get(p.node)
            if label is None:
                label = self.labels[p.node] = pg.TextItem(anchor=(-0.15, 0.5))
                self.plot.addItem(label)
            label.setHtml(f'<span style="color:{LABEL_COLOR}">{names.term(p.node).html}</span>')
            label.setPos(p.depth, math.log10(p.magnitude))

    def _clicked(self, _item, points, _event=None) -> None:
        if len(points):
            node_id = points[0].data()
            if node_id in self.document.graph:
                self.scene.select_nodes([node_id])
                self.scene.views()[0].centerOn(self.scene.node_item(node_id))
