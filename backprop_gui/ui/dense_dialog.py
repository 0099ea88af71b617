"""Insert › Dense layer: the scalar neurons of a layer, with trainable weights and
biases, built by ``core/dense.py`` and laid out, as one undo step.

The dialog lists every node as a possible input (the selected ones ticked, in order
from top to bottom); the width, the activation and the seed of the initial weights
(uniform in ±1/√inputs, as ``torch.nn.Linear``) complete it. The new layer's outputs
are selected afterwards, so the next layer can be added at once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
)

from ..core.dense import ACTIVATIONS
from ..core.naming import node_name
from .dialog_parts import error_line, ok_cancel
from .training_commands import AddDenseLayerCommand

MAX_WIDTH = 256


class DenseLayerDialog(QDialog):
    def __init__(self, graph, selected: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Insert dense layer")
        self.setObjectName("denseLayerDialog")
        self.inputs = QListWidget(objectName="denseInputs")
        chosen = set(selected)
        ordered = sorted(graph.nodes(), key=lambda n: (n.id not in chosen, n.pos[1], n.pos[0]))
        for node in ordered:
            item = QListWidgetItem(f"{node_name(graph, node.id)}  ({node.id})")
            item.setData(Qt.ItemDataRole.UserRole, node.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if node.id in chosen else Qt.CheckState.Unchecked
            )
            self.inputs.addItem(item)
        self.width = QSpinBox(objectName="denseWidth", minimum=1, maximum=MAX_WIDTH, value=4)
        self.activation = QComboBox(objectName="denseActivation")
        for activation in ACTIVATIONS:
            self.activation.addItem(activation or "linear (none)", activation)
        self.seed = QSpinBox(objectName="denseSeed", minimum=0, maximum=2**31 - 1)
        self.error = error_line("denseError")
        buttons = ok_cancel(self)
        form = QFormLayout()
        form.addRow("Units", self.width)
        form.addRow("Activation", self.activation)
        form.addRow("Seed", self.seed)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Inputs (every unit reads each one):"))
        layout.addWidget(self.inputs, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def chosen_inputs(self) -> list[str]:
        items = (self.inputs.item(row) for row in range(self.inputs.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        if not self.chosen_inputs():
            self.error.setText("Tick at least one input.")
            return
        super().accept()


class DenseLayerInsert(QObject):
    """The Insert › Dense layer… action of ``window``."""

    def __init__(self, window, control):
        super().__init__(window)
        self.window, self.control = window, control
        self.action = QAction("&Dense layer…", window)
        self.action.setObjectName("actionInsertDense")
        self.action.setStatusTip("Add a layer of neurons with trainable weights and biases")
        self.action.triggered.connect(self.ask)

    def ask(self) -> None:
        window = self.window
        dialog = DenseLayerDialog(window.document.graph, window.scene.selected_node_ids(), window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.insert(dialog)

    def insert(self, dialog: DenseLayerDialog) -> None:
        window = self.window
        command = AddDenseLayerCommand(
            window.document, dialog.chosen_inputs(), dialog.width.value(),
            dialog.activation.currentData(), dialog.seed.value(),
        )  # fmt: skip
        self.control.pause()
        window.document.push(command)
        window.scene.select_nodes(command.outputs)
        window.say(f"Added {len(command.layer_ids)} nodes: {len(command.outputs)} units.")
