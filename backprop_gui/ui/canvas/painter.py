"""Applies the evaluation's frame to the canvas items: numbers, colours, highlights.

The painter reads the document's :class:`~backprop_gui.core.evaluation.Evaluation`
whenever its results change and gives every card and edge its part of the frame
through the items' result setters, which touch brushes and texts only, never
geometry. It remembers what each item was given, so a step of the step-through or an
edit while the results are stale repaints only the items whose part changed. It
keeps no item between calls that could outlive the scene: highlights and the output
marker are remembered by node id and edge key.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QWidget

from ...core.stepping import Frame
from ..colors import EDGE_WIDTHS, LOG, MODES, NO_GRADIENT, GradientScale
from ..document import GraphDocument
from .legend import GradientLegend
from .scene import GraphScene

MODE_KEY = "passes/colorMode"  # the colour mode, in QSettings


class FramePainter(QObject):
    """Draws the frames on ``scene`` and the colour legend on ``viewport``; its colour
    modes are the actions of ``mode_group`` (remembered in ``settings``, if given)."""

    def __init__(
        self, scene: GraphScene, document: GraphDocument, viewport: QWidget,
        settings: QSettings | None = None,
    ):  # fmt: skip
        super().__init__(scene)
        self.scene, self.document = scene, document
        self.settings = settings
        stored = str(settings.value(MODE_KEY, LOG)) if settings is not None else LOG
        self.mode = stored if stored in MODES else LOG
        self.mode_group = QActionGroup(self)
        for mode, text in MODES.items():
            action = QAction(text.capitalize(), self.mode_group, checkable=True)
            action.setObjectName(f"actionColor{mode.capitalize()}")
            action.setChecked(mode == self.mode)
            action.triggered.connect(lambda _checked=False, m=mode: self.set_mode(m))
        self.legend = GradientLegend(viewport, self.mode_group.actions())
        self.scale: GradientScale | None = None
        self._shown: dict = {}  # item -> the set_result arguments it has
        self._lit: list = []  # node ids and edge keys highlighted
        self._marked: str | None = None  # the node wearing the output marker
        document.graphReplaced.connect(self._forget_items)
        document.resultsChanged.connect(self.draw)
        document.outputChanged.connect(self.mark_output)
        document.structureChanged.connect(self.mark_output)
        self.mark_output()

    def set_mode(self, mode: str) -> None:
        """Colour by |gradient| on a log or linear scale, or by the signed gradient."""
        self.mode = mode
        if self.settings is not None:
            self.settings.setValue(MODE_KEY, mode)
        self.draw()

    def draw(self) -> None:
        """Give every item its part of the evaluation's frame (none: clear them all)."""
        evaluation = self.document.evaluation
        frame = evaluation.frame()
        if frame is None:
            self.scale = None
        else:
            grads = frame.final_grads.values() if frame.gradients else ()
            self.scale = GradientScale.fit(self.mode, grads)
        self._unlight()
        stale = evaluation.stale
        nodes = self._node_results(frame, stale) if frame is not None else {}
        edges = self._edge_results(frame) if frame is not None else {}
        self._shown = {
            item: _apply(item, shown.get(item), self._shown.get(item))
            for items, shown in ((self.scene.node_items(), nodes), (self.scene.edge_items(), edges))
            for item in items
        }
        if frame is not None:
            self._light(frame)
        tangent_of = frame.tangent_of if frame is not None else None
        self.legend.set_scale(
            self.scale, "doutput/dnode" if tangent_of is None else f"d node/d{tangent_of}"
        )

    def _forget_items(self) -> None:
        """The scene made all its items anew: none of them shows anything yet."""
        self._shown = {}
        self._lit = []

    def mark_output(self) -> None:
        """The OUTPUT badge on the node the backward pass differentiates."""
        output = self.document.evaluation.output
        old = self.scene.node_item(self._marked) if self._marked else None
        if old is not None and self._marked != output:
            old.set_output_marker(False)
        new = self.scene.node_item(output) if output else None
        if new is not None:
            new.set_output_marker(True)
        self._marked = output

    def _node_results(self, frame: Frame, stale: bool) -> dict:
        """For each node item in the frame, its set_result arguments."""
        scale = self.scale
        values, grads, final, issues = frame.values, frame.grads, frame.final_grads, frame.issues
        results = {}
        for item in self.scene.node_items():
            node_id = item.node_id
            if node_id not in final:  # added since the run
                continue
            grad = grads.get(node_id)
            if grad is not None and scale is not None:
                fill = scale.color(grad)
            else:
                fill = NO_GRADIENT if frame.gradients and final[node_id] is None else None
            shown = (values.get(node_id), grad, fill, issues.get(node_id), stale)
            results[item] = (*shown, frame.tangent_of, frame.blanks.get(node_id, ()))
        return results

    def _edge_results(self, frame: Frame) -> dict:
        """For each edge item the frame has passed, its set_result arguments."""
        scale, edges = self.scale, frame.edges
        results = {}
        for item in self.scene.edge_items():
            shown = edges.get((item.source, item.target, item.port))
            if shown is not None:
                local, flowing = shown
                style = scale.edge_style(flowing) if scale else (None, EDGE_WIDTHS[0])
                results[item] = (local, flowing, *style)
        return results

    def _light(self, frame: Frame) -> None:
        self._lit = [*frame.nodes_lit, *([frame.edge_lit] if frame.edge_lit else [])]
        for item in self._lit_items():
            item.set_highlighted(True)

    def _unlight(self) -> None:
        for item in self._lit_items():
            item.set_highlighted(False)
        self._lit = []

    def _lit_items(self) -> list:
        """The items now in the scene for the highlighted ids (removed ones are skipped)."""
        items = [
            self.scene.node_item(key) if isinstance(key, str) else self.scene.edge_item(*key)
            for key in self._lit
        ]
        return [item for item in items if item is not None]


def _apply(item, shown: tuple | None, before: tuple | None) -> tuple | None:
    """Give ``item`` the result ``shown`` (None: none) unless it has it already."""
    if shown != before:
        if shown is None:
            item.clear_result()
        else:
            item.set_result(*shown)
    return shown
