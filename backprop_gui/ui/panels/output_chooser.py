"""The output chooser: "Use as output" in a node's menu and rows in the inspector.

Besides the checkbox, the inspector shows the selected node's value and gradient
from the last pass in full precision. Choosing goes through SetOutputCommand.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from ...core.naming import node_names
from ...core.numbers import full_precision
from .. import commands
from ..canvas.scene import GraphScene
from ..document import GraphDocument
from .inspector import InspectorDock


class OutputChooser:
    """ "Use as output" in a node's context menu and in the inspector, by SetOutputCommand."""

    def __init__(self, document: GraphDocument, inspector: InspectorDock, scene: GraphScene):
        self.document = document
        self.inspector = inspector
        scene.node_menu_hooks.append(self.add_to_menu)
        self.box = QCheckBox("use as output", objectName="inspectorOutput")
        self.box.setToolTip("Differentiate this node: gradients are d(this node)/d(each node)")
        self.box.clicked.connect(self._box_clicked)
        self.value = _selectable_label("inspectorResult")
        self.grad = _selectable_label("inspectorGradient")
        self.inspector.add_row("Output", self.box)
        self.inspector.add_row("Result", self.value)
        self.inspector.add_row("Gradient", self.grad)
        self.inspector.currentNodeChanged.connect(lambda _node_id: self.refresh())
        for signal in (document.resultsChanged, document.outputChanged):
            signal.connect(self.refresh)
        document.nodeChanged.connect(lambda _node_id, _key: self.refresh())
        self.refresh()

    def add_to_menu(self, menu, node_id: str) -> None:
        menu.addSeparator()
        action = menu.addAction("Use as output")
        action.setObjectName("actionUseAsOutput")
        action.setCheckable(True)
        action.setChecked(self.document.graph.output == node_id)
        action.toggled.connect(lambda on: self.choose(node_id if on else None))

    def choose(self, node_id: str | None) -> None:
        if node_id != self.document.graph.output:
            self.document.push(commands.SetOutputCommand(self.document, node_id))

    def _box_clicked(self, checked: bool) -> None:
        node_id = self.inspector.node_id
        if node_id is not None:
            self.choose(node_id if checked else None)

    def refresh(self) -> None:
        """Show the inspected node's output flag, value and gradient in full precision."""
        node_id = self.inspector.node_id
        form = self.inspector.form
        result = self.document.evaluation.result
        if node_id is None or node_id not in self.document.graph:
            for widget in (self.box, self.value, self.grad):
                form.setRowVisible(widget, False)
            return
        graph = self.document.graph
        self.box.setChecked(graph.output == node_id)
        form.setRowVisible(self.box, True)
        shown = result is not None and node_id in result.values
        value = result.values[node_id] if shown else None
        grad = result.grads[node_id] if shown else None
        practice = self.document.evaluation.practice
        if practice is not None:  # only the numbers the learner can see, never an answer
            result = practice.result
            value = result.values.get(node_id) if practice.known("value", node_id) else None
            grad = result.grads.get(node_id) if practice.known("grad", node_id) else None
            shown = value is not None or grad is not None
        self.value.setText(full_precision(value))
        self.grad.setText(full_precision(grad))
        if shown and result.output in graph:  # a stale result's output may be gone
            names = node_names(graph)
            derivative = f"grad  d{names[result.output]}/d{names[node_id]}"
            form.labelForField(self.grad).setText(derivative)
        form.setRowVisible(self.value, shown and (value is not None or practice is None))
        form.setRowVisible(self.grad, shown and grad is not None)


def _selectable_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
