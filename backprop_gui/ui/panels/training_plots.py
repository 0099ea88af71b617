"""The Training plots dock: the loss curve and the model against its data (pyqtgraph).

The loss plot shows each update's batch loss and the loss over all rows after each
epoch, against the number of updates; its y axis may be logarithmic. The model plot
shows, for one input column, the data points and the model's curve; for two, the
decision regions (or the prediction) as an image under the points; the model is
evaluated over a grid with the engine's batch mode (``core/prediction.py``).

Both redraw on a timer, at most every ``REDRAW_MS``, however fast training runs, so
plotting never holds training or the window up.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtWidgets import QCheckBox, QDockWidget, QHBoxLayout, QVBoxLayout, QWidget

from ...core.prediction import find_model, predict
from ..plot_look import style_plot

REDRAW_MS = {"loss": 100, "model": 300}
CURVE_POINTS = 200  # along the one input column
GRID_POINTS = 40  # along each of two input columns
MARGIN = 0.1  # of the data's range, around it
CLASS_COLORS = ("#3b6fd8", "#d8453b")  # class 0 and class 1, the ends of CET-D1
LINE_COLOR = "#3b82f6"  # the loss per epoch and the model's curve: clear on light and dark

pg.setConfigOptions(antialias=True)


class TrainingPlots(QDockWidget):
    def __init__(self, document, control, parent=None):
        super().__init__("Training plots", parent)
        self.setObjectName("trainPlots")
        self.loss = LossPlot(control)
        self.model = ModelPlot(document, control)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.loss, 1)
        layout.addWidget(self.model, 1)
        self.setWidget(body)


class LossPlot(QWidget):
    def __init__(self, control, parent=None):
        super().__init__(parent)
        self.plot = pg.PlotWidget(objectName="trainLossPlot")
        self.plot.setTitle("Loss")
        self.plot.setLabel("bottom", "updates")
        self.plot.addLegend(offset=(-10, 10))
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.per_update = self.plot.plot([], [], pen=pg.mkPen("#9aa6b8", width=1), name="batch")
        self.per_epoch = self.plot.plot(
            [], [], pen=pg.mkPen(LINE_COLOR, width=2), name="all rows, per epoch"
        )
        style_plot(self.plot)
        for curve in (self.per_update, self.per_epoch):
            curve.setDownsampling(auto=True)
            curve.setClipToView(True)
        self.log_y = QCheckBox("log scale", objectName="trainLossLog")
        self.log_y.toggled.connect(lambda on: self.plot.setLogMode(y=on))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.log_y)
        self._clear()
        self._timer = QTimer(self, singleShot=True, interval=REDRAW_MS["loss"])
        self._timer.timeout.connect(self.redraw)
        control.trained.connect(self._trained)
        control.historyCleared.connect(self._cleared)

    def _clear(self) -> None:
        self.updates: list[tuple[int, float]] = []
        self.epochs: list[tuple[int, float]] = []
        self._count = 0  # updates so far in this history (across sessions)

    def _cleared(self) -> None:
        self._clear()
        self.redraw()

    def _trained(self, updates: list, epoch_losses: list) -> None:
        for update in updates:
            self._count += 1
            self.updates.append((self._count, update.loss))
        self.epochs += [(self._count, loss) for _epoch, loss in epoch_losses]
        if not self._timer.isActive():
            self._timer.start()

    def redraw(self) -> None:
        for curve, points in ((self.per_update, self.updates), (self.per_epoch, self.epochs)):
            xs, ys = (np.array(v, dtype=float) for v in zip(*points)) if points else ([], [])
            curve.setData(xs, ys)


class ModelPlot(pg.PlotWidget):
    def __init__(self, document, control, parent=None):
        super().__init__(parent, objectName="trainModelPlot")
        self.document, self.control = document, control
        self.setTitle("Model and data")
        style_plot(self)
        self.image = pg.ImageItem()
        self.image.setZValue(-10)
        self.addItem(self.image)
        self.curve = self.plot([], [], pen=pg.mkPen(LINE_COLOR, width=2.5))
        self.points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("#1d2530", width=0.8))
        self.addItem(self.points)
        self.note = pg.TextItem(color="#6b7480", anchor=(0.5, 0.5))
        self.addItem(self.note, ignoreBounds=True)
        self.kind = "none"  # what is shown: "none", "curve" or "regions"
        self._timer = QTimer(self, singleShot=True, interval=REDRAW_MS["model"])
        self._timer.timeout.connect(self.redraw)
        self._model = None  # what the graph's loss says is the model (core/prediction.py)
        self._features: list[tuple[str, str]] = []  # its (input, column) pairs
        control.trained.connect(self._soon)
        control.stateChanged.connect(self._soon)
        document.valuesChanged.connect(self._soon)
        for signal in (document.dataChanged, document.graphReplaced,
                       document.structureChanged, document.outputChanged):  # fmt: skip
            signal.connect(self.rebuild)
        document.nodeChanged.connect(lambda _id, key: key == "column" and self.rebuild())
        self.rebuild()

    def _soon(self, *_args) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def rebuild(self) -> None:
        """Find the model and draw the data points (they change only with the data)."""
        graph = self.document.graph
        self._model = model = find_model(graph) if graph.data is not None else None
        self._features = features = list(model.features.items()) if model is not None else []
        self.image.clear()
        self.curve.setData([], [])
        self.points.clear()
        if model is None or model.target is None or len(features) not in (1, 2):
            self.kind = "none"
            self.note.setText(_why_no_plot(graph, model, features))
            self.note.setPos(0.5, 0.5)
            self.setRange(QRectF(0, 0, 1, 1))
            return
        self.note.setText("")
        data = graph.data.columns
        columns = [column for _node, column in features]
        if len(features) == 1:
            self.kind = "curve"
            self.points.setData(data[columns[0]], data[model.target], brush=pg.mkBrush("#6b7480"))
            self.setLabels(bottom=columns[0], left=model.target)
        else:
            self.kind = "regions"
            self.points.setData(data[columns[0]], data[columns[1]], brush=self._brushes(model))
            self.setLabels(bottom=columns[0], left=columns[1])
        self.autoRange()
        self.redraw()

    def _brushes(self, model) -> list:
        """Class colours for a classifier's points, else the target on viridis."""
        target = self.document.graph.data.columns[model.target]
        if model.classifier:
            return [pg.mkBrush(CLASS_COLORS[int(t > 0.5)]) for t in target]
        low, high = float(target.min()), float(target.max())
        colormap = pg.colormap.get("viridis")
        return [colormap.map((t - low) / ((high - low) or 1.0), mode="qcolor") for t in target]

    def redraw(self) -> None:
        """The model at the current parameters: its curve, or its regions."""
        if self.kind == "none":
            return
        session = self.control.session
        parameters = session.trainer.values if session is not None else {}
        if self.kind == "curve":
            self._draw_curve(parameters)
        else:
            self._draw_regions(parameters)

    def _draw_curve(self, parameters: dict) -> None:
        ((node_id, column),) = self._features
        xs = _span(self.document.graph.data.columns[column], CURVE_POINTS)
        graph, model = self.document.graph, self._model
        self.curve.setData(xs, predict(graph, model, {node_id: xs}, parameters))

    def _draw_regions(self, parameters: dict) -> None:
        (id_x, col_x), (id_y, col_y) = self._features
        graph, model = self.document.graph, self._model
        xs, ys = (
            _span(graph.data.columns[col_x], GRID_POINTS),
            _span(graph.data.columns[col_y], GRID_POINTS),
        )
        grid_x, grid_y = np.meshgrid(xs, ys, indexing="ij")
        values = predict(graph, model, {id_x: grid_x, id_y: grid_y}, parameters)
        if not np.isfinite(values).any():  # no value (a port left free), or diverged
            self.image.clear()
            return
        if model.classifier:
            self.image.setColorMap(pg.colormap.get("CET-D1"))
            self.image.setImage(values, levels=(0.0, 1.0))
        else:
            self.image.setColorMap(pg.colormap.get("viridis"))
            self.image.setImage(values)
        step_x, step_y = xs[1] - xs[0], ys[1] - ys[0]
        self.image.setRect(
            QRectF(xs[0] - step_x / 2, ys[0] - step_y / 2, step_x * len(xs), step_y * len(ys))
        )


def _span(values: np.ndarray, count: int) -> np.ndarray:
    """``count`` points across the range of ``values``, with a margin on each side."""
    low, high = float(values.min()), float(values.max())
    margin = MARGIN * (high - low) or 1.0
    return np.linspace(low - margin, high + margin, count)


def _why_no_plot(graph, model, features) -> str:
    if graph.data is None:
        return "No data: choose a data set in the Train dock"
    if model is None:
        return "The output is not mse or bce_logits of a prediction and a target"
    if model.target is None:
        return "The loss's target (its second port) reads no column"
    return f"The model reads {len(features)} columns: one or two can be plotted"
