"""The Function plot dock: a node's value over a range of one input, with its derivative
and the tangent at the input's current value.

Pick the input on the x axis (default: the selected input) and the node on the y axis
(default: the output). The curve is one batch pass (core/sweep.py); it is swept again
only when something other than x changes (another input, the structure, the choice of
nodes). Dragging the marker along the curve scrubs x live through the same undoable
value edit as the wheel (one drag is one undo step), so values, gradients and colours
on the canvas follow; editing x elsewhere moves the marker. The dock draws only while
it is shown.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QDockWidget, QFormLayout, QLabel, QVBoxLayout, QWidget

from ...core import GraphError, compile
from ...core.engine import Result
from ...core.naming import node_name
from ...core.sweep import Sweep, default_range, sweep
from ..canvas.scene import GraphScene
from ..commands import SetValueCommand
from ..document import GraphDocument
from ..function_plot import FunctionPlot

MARKER_PEN = pg.mkPen(QColor("#1d2530"), width=2)


class PlotPanel(QDockWidget):
    def __init__(self, document: GraphDocument, scene: GraphScene, parent=None):
        super().__init__("Function plot", parent)
        self.setObjectName("plotPanel")
        self.document, self.scene = document, scene
        self.x_box = QComboBox(objectName="plotX")
        self.y_box = QComboBox(objectName="plotY")
        self.plot = FunctionPlot()
        self.plot.setObjectName("plotView")
        self.marker = pg.TargetItem(size=14, pen=MARKER_PEN, movable=True)
        self.marker.setToolTip("Drag along the curve to change the input")
        self.plot.getPlotItem().addItem(self.marker)
        self.message = QLabel(objectName="plotMessage", wordWrap=True)
        form = QFormLayout()
        form.addRow("x axis", self.x_box)
        form.addRow("y axis", self.y_box)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.plot, 1)
        self.setWidget(body)
        self.sweep: Sweep | None = None
        self._range: tuple[float, float] | None = None  # of x, kept while x is scrubbed
        self._swept_values: dict = {}  # the other leaves' values the curve was swept at
        self._x_chosen = False  # the person picked x: selecting nodes no longer changes it
        self._gesture: object | None = None  # the running drag's undo token
        self._placing = False  # the marker is being moved by the panel, not by a drag
        self._dirty = True
        self.x_box.activated.connect(self._x_picked)
        self.y_box.activated.connect(lambda _index: self._replot(new_range=False))
        self.marker.sigPositionChanged.connect(self._marker_dragged)
        self.marker.sigPositionChangeFinished.connect(self._drag_finished)
        document.graphReplaced.connect(self._graph_replaced)
        document.structureChanged.connect(self._structure_changed)
        document.nodeChanged.connect(self._node_changed)
        document.valuesChanged.connect(self._values_changed)
        document.outputChanged.connect(self._structure_changed)
        scene.selectionChanged.connect(self._selection_changed)
        self.visibilityChanged.connect(self._shown)
        self._fill_boxes()

    # ------------------------------------------------------------- choosing nodes

    @property
    def x_id(self) -> str | None:
        return self.x_box.currentData()

    @property
    def y_id(self) -> str | None:
        return self.y_box.currentData()

    def choose(self, x_id: str | None = None, y_id: str | None = None) -> None:
        """Put ``x_id`` on the x axis and ``y_id`` on the y axis (None: keep)."""
        for box, node_id in ((self.x_box, x_id), (self.y_box, y_id)):
            if node_id is not None and box.findData(node_id) >= 0:
                box.setCurrentIndex(box.findData(node_id))
        self._replot(new_range=x_id is not None)

    def _x_picked(self, _index: int) -> None:
        self._x_chosen = True
        self._replot(new_range=True)

    def _selection_changed(self) -> None:
        ids = self.scene.selected_node_ids()
        graph = self.document.graph
        if self._x_chosen or len(ids) != 1 or graph.node(ids[0]).kind == "op":
            return
        if ids[0] != self.x_id:
            self.choose(x_id=ids[0])

    def _fill_boxes(self) -> None:
        """List the inputs and constants for x and every node for y, keeping the choices."""
        graph = self.document.graph
        x_id, y_id = self.x_id, self.y_id
        leaves = [node for node in graph.nodes() if node.kind != "op"]
        inputs = [node for node in leaves if node.kind == "input"] or leaves
        for box, nodes in ((self.x_box, leaves), (self.y_box, list(graph.nodes()))):
            box.blockSignals(True)
            box.clear()
            for node in nodes:
                box.addItem(node_name(graph, node.id), node.id)
            box.blockSignals(False)
        x_id = x_id if x_id in graph else (inputs[0].id if inputs else None)
        y_id = y_id if y_id in graph else self.document.evaluation.output
        for box, node_id in ((self.x_box, x_id), (self.y_box, y_id)):
            if node_id is not None:
                box.setCurrentIndex(box.findData(node_id))

    def _graph_replaced(self) -> None:
        """New or Open: x follows the selection again, over a range around its value."""
        self._x_chosen = False
        self._range = None

    def _structure_changed(self) -> None:
        x_before = self.x_id
        self._fill_boxes()
        self._replot(new_range=self._range is None or self.x_id != x_before)

    def _node_changed(self, _node_id: str, key: str) -> None:
        if key == "label":
            self._fill_boxes()
            self._replot(new_range=False)

    # ------------------------------------------------------------------ drawing

    def _shown(self, visible: bool) -> None:
        if visible and self._dirty:
            self._replot(new_range=self._range is None)

    def _values_changed(self) -> None:
        """x alone moved: move the marker; anything else changed the curve: sweep again."""
        graph, x_id = self.document.graph, self.x_id
        if self.sweep is None or x_id not in graph or self._others() != self._swept_values:
            self._replot(new_range=False)
            return
        value = graph.node(x_id).value
        lower, upper = self._range
        if not lower <= value <= upper:
            self._replot(new_range=True)
        elif self.isVisible():
            self._show_point(value)

    def _others(self) -> dict:
        """The values of the leaves other than x (the curve depends on them)."""
        x_id, nodes = self.x_id, self.document.graph.nodes()
        return {n.id: n.value for n in nodes if n.kind != "op" and n.id != x_id}

    def _replot(self, new_range: bool) -> None:
        """Sweep x again (over a new range around its value, if ``new_range``) and draw."""
        if new_range:
            self._range = None
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        graph, x_id = self.document.graph, self.x_id
        self.sweep = None
        if x_id is None or self.y_id is None:
            self._say("Add an input to plot the function of it.")
            return
        if self._range is None:
            self._range = default_range(graph.node(x_id).value)
        try:
            self.sweep = sweep(graph, x_id, self.y_id, lower=self._range[0], upper=self._range[1])
        except GraphError as error:
            self._say(f"Nothing to plot: {error}.")
            return
        self._swept_values = self._others()
        self.message.hide()
        self.plot.show_sweep(self.sweep, node_name(graph, x_id), node_name(graph, self.y_id))
        self._show_point(self.sweep.at)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.plot.show_nothing()
        self.marker.hide()

    def _show_point(self, value: float) -> None:
        """The marker, the tangent and the title at x = ``value``."""
        result = self._result_here()
        y = result.values[self.y_id]
        slope = result.grads[self.x_id]
        y = math.nan if y is None else float(y)
        slope = 0.0 if slope is None else float(slope)
        why = "" if math.isfinite(y) else _first_cause(result.issues.get(self.y_id, ""))
        self.plot.show_point(value, y, slope, why)
        self._place_marker(value, y)

    def _result_here(self) -> Result:
        """The graph's values and d y/d node as they stand: the evaluation's own result
        when it is current and differentiates y (while scrubbing the live pass has just
        run: no second pass per frame), else one pass for y."""
        evaluation = self.document.evaluation
        result = evaluation.result
        if (
            result is not None and not evaluation.stale and result.output == self.y_id
            and result.grads.get(self.y_id) is not None
        ):  # fmt: skip
            return result
        return compile(self.document.graph, self.y_id).run()

    def _place_marker(self, x: float, y: float) -> None:
        """The draggable marker at (x, y); where y is not finite, at x beside the nearest
        finite point of the curve, so that it can still be dragged back onto it."""
        self._placing = True
        self.marker.show()
        self.marker.setPos(x, y if math.isfinite(y) else self._height_beside(x))
        self._placing = False

    def _height_beside(self, x: float) -> float:
        """y of the finite point of the curve nearest to x, else the middle of the view."""
        finite = np.isfinite(self.sweep.y)
        if not finite.any():
            low, high = self.plot.getPlotItem().vb.viewRange()[1]
            return (low + high) / 2
        nearest = np.argmin(np.where(finite, np.abs(self.sweep.x - x), np.inf))
        return float(self.sweep.y[nearest])

    # ---------------------------------------------------------------- scrubbing

    def _marker_dragged(self) -> None:
        """The person drags the marker: x follows, as one undoable edit per drag."""
        if self._placing or self.sweep is None:
            return
        lower, upper = self._range
        x = min(max(self.marker.pos().x(), lower), upper)
        digits = max(0, 3 - math.floor(math.log10(upper - lower)))
        value = round(x, digits)
        if self._gesture is None:
            self._gesture = object()
        if value != self.document.graph.node(self.x_id).value:
            command = SetValueCommand(self.document, self.x_id, value, gesture=self._gesture)
            self.document.push(command)
        else:
            self._show_point(value)  # back onto the curve

    def _drag_finished(self) -> None:
        self._gesture = None


def _first_cause(issue: str) -> str:
    """ "square root of a negative number: √(−1)" from the output's issue, which may
    say first where it was "propagated from"."""
    if issue.startswith("propagated from "):
        return issue.partition(": ")[2]
    return issue
