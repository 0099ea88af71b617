"""Choosing forward mode: "d/d x" in an input's context menu, in the inspector, and in
the mode selector beside the expression bar.

All three call :meth:`Evaluation.set_wrt`; they show the evaluation's ``wrt`` and follow
it (a removed input ends forward mode; New and Open start in reverse mode). The mode
is a way of looking, like Forward and Backward: not an edit, so not on the undo stack.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QComboBox

from ..core.naming import node_name
from .canvas.scene import GraphScene
from .document import GraphDocument
from .panels.inspector import InspectorDock

REVERSE_TEXT = "Reverse mode"  # short: the selector shares its bar with the expression


class ForwardModeControls(QObject):
    def __init__(self, document: GraphDocument, scene: GraphScene, inspector: InspectorDock):
        super().__init__(scene)
        self.document = document
        self.inspector = inspector
        self.selector = QComboBox(objectName="forwardModeSelector")
        self.selector.setToolTip(
            "Reverse mode: doutput/d(every node). Forward mode d/dx: d(every node)/dx, "
            "carried forward from the input x"
        )
        self.selector.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.selector.setMinimumContentsLength(14)  # the bars fit a 1000-pixel window
        self.selector.activated.connect(lambda _index: self.choose(self.selector.currentData()))
        self.box = QCheckBox(objectName="inspectorForwardMode")
        self.box.setToolTip("Forward mode: every card shows its derivative by this input")
        self.box.clicked.connect(self._box_clicked)
        inspector.add_row("Forward", self.box)
        scene.node_menu_hooks.append(self.add_to_menu)
        inspector.currentNodeChanged.connect(lambda _node_id: self.show_mode())
        document.structureChanged.connect(self.refresh)
        document.resultsChanged.connect(self.show_mode)
        document.nodeChanged.connect(self._node_changed)
        self.refresh()

    def choose(self, node_id: str | None) -> None:
        """Forward mode by ``node_id`` (None: reverse mode)."""
        if node_id != self.document.evaluation.wrt:
            self.document.evaluation.set_wrt(node_id)

    def add_to_menu(self, menu, node_id: str) -> None:
        node = self.document.graph.node(node_id)
        if node.kind == "op":
            return
        action = menu.addAction(f"d/d {node_name(self.document.graph, node_id)}  (forward mode)")
        action.setObjectName("actionForwardMode")
        action.setCheckable(True)
        action.setChecked(self.document.evaluation.wrt == node_id)
        action.toggled.connect(lambda on: self.choose(node_id if on else None))

    def _box_clicked(self, checked: bool) -> None:
        self.choose(self.inspector.node_id if checked else None)

    def _node_changed(self, _node_id: str, key: str) -> None:
        if key == "label":
            self.refresh()

    def refresh(self) -> None:
        """List the inputs and constants in the selector afresh, then show the mode."""
        self.selector.blockSignals(True)
        self.selector.clear()
        self.selector.addItem(REVERSE_TEXT, None)
        for node in self.document.graph.nodes():
            if node.kind != "op":
                self.selector.addItem(
                    f"Forward: d/d {node_name(self.document.graph, node.id)}", node.id
                )
        self.selector.blockSignals(False)
        self.show_mode()

    def show_mode(self) -> None:
        """The selector and the inspector's box show the mode in force."""
        graph, wrt = self.document.graph, self.document.evaluation.wrt
        self.selector.setCurrentIndex(max(self.selector.findData(wrt), 0))
        node_id = self.inspector.node_id
        inspected = node_id is not None and node_id in graph and graph.node(node_id).kind != "op"
        self.inspector.form.setRowVisible(self.box, inspected)
        if inspected:
            self.box.setText(f"d/d {node_name(graph, node_id)}")
            self.box.setChecked(wrt == node_id)
