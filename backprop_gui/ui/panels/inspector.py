"""The inspector dock: label, value, op and trainable flag of the selected node.

Every change goes through a command. The fields show the model (refreshed on the
document's signals), so undo and redo show up here at once.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core import OPS
from ...core.naming import node_name
from ...core.numbers import parse_number
from .. import commands


class InspectorDock(QDockWidget):
    currentNodeChanged = Signal(object)  # the node id shown, or None

    def __init__(self, document, scene, parent=None):
        super().__init__("Inspector", parent)
        self.setObjectName("inspector")
        self.document = document
        self.scene = scene
        self.node_id: str | None = None
        self._build()
        scene.selectionChanged.connect(self._selection_changed)
        document.nodeChanged.connect(self._node_changed)
        document.nodeRemoved.connect(self._node_removed)
        document.graphReplaced.connect(self._selection_changed)
        self._show(None)

    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("inspectorHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.id_label = QLabel()
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label_field = QLineEdit(objectName="inspectorLabel", placeholderText="(none)")
        self.value_field = QLineEdit(objectName="inspectorValue")
        self.value_field.setToolTip("Any finite number, e.g. 0.5, -2, 1e-3")
        self.op_box = QComboBox(objectName="inspectorOp")
        for op in OPS.values():
            self.op_box.addItem(f"{op.symbol}   {op.name}", op.name)
            self.op_box.setItemData(
                self.op_box.count() - 1,
                f"{op.formula}\n{op.derivative}",
                Qt.ItemDataRole.ToolTipRole,
            )
        self.trainable_box = QCheckBox("trainable", objectName="inspectorTrainable")
        self.error = QLabel(objectName="inspectorError")
        self.error.setStyleSheet("color: #d92d20;")
        self.error.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(8)
        for label, widget in (
            ("Id", self.id_label),
            ("Label", self.label_field),
            ("Value", self.value_field),
            ("Op", self.op_box),
            ("", self.trainable_box),
        ):
            self.form.addRow(label, widget)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.setWidget(body)
        self.label_field.editingFinished.connect(self._label_edited)
        self.value_field.editingFinished.connect(self._value_edited)
        self.value_field.textEdited.connect(lambda _text: self._set_invalid(False))
        self.op_box.activated.connect(self._op_chosen)
        self.trainable_box.clicked.connect(self._trainable_clicked)

    def add_row(self, label: str, widget: QWidget) -> None:
        """A row for other panels (the output chooser's result rows, the formula row)."""
        self.form.addRow(label, widget)

    # ----------------------------------------------------------------- showing

    def _selection_changed(self) -> None:
        ids = self.scene.selected_node_ids()
        self._show(ids[0] if len(ids) == 1 else None, len(ids))

    def _node_removed(self, node_id: str) -> None:
        if node_id == self.node_id:
            self._show(None)

    def _node_changed(self, node_id: str, _key: str) -> None:
        if node_id == self.node_id:
            self._show(node_id)

    def _show(self, node_id: str | None, selected: int = 0) -> None:
        if node_id is not None and node_id not in self.document.graph:
            node_id = None
        changed = node_id != self.node_id
        self.node_id = node_id
        self._set_invalid(False)
        if node_id is None:
            self.heading.setText(
                f"<b>{selected} nodes selected</b>" if selected > 1
                else "<span style='color:#6b7480'>Select a node to see and edit it.</span>"
            )  # fmt: skip
            self._set_rows_visible(set())
        else:
            node = self.document.graph.node(node_id)
            kind = node.op if node.kind == "op" else node.kind
            name = node_name(self.document.graph, node_id)
            self.heading.setText(
                f"<b style='font-size:15px'>{html.escape(name)}</b>&nbsp;&nbsp;"
                f"<span style='color:#6b7480'>{kind}</span>"
            )
            self.id_label.setText(node.id)
            self._set_text(self.label_field, node.label or "")
            if node.kind != "op":
                self._set_text(self.value_field, repr(node.value))
            else:
                self.op_box.setCurrentIndex(self.op_box.findData(node.op))
            self.trainable_box.setChecked(node.trainable)
            rows = {self.id_label, self.label_field}
            rows |= {self.op_box} if node.kind == "op" else {self.value_field}
            rows |= {self.trainable_box} if node.kind == "input" else set()
            self._set_rows_visible(rows)
        if changed:
            self.currentNodeChanged.emit(node_id)

    def _set_rows_visible(self, widgets: set) -> None:
        for widget in (
            self.id_label, self.label_field, self.value_field, self.op_box, self.trainable_box
        ):  # fmt: skip
            self.form.setRowVisible(widget, widget in widgets)

    @staticmethod
    def _set_text(field: QLineEdit, text: str) -> None:
        if field.text() != text:
            field.setText(text)
            field.setCursorPosition(0)

    def _set_invalid(self, invalid: bool, message: str = "") -> None:
        self.value_field.setProperty("invalid", invalid)
        self.value_field.style().unpolish(self.value_field)
        self.value_field.style().polish(self.value_field)
        self.error.setText(message)
        self.error.setVisible(bool(message))

    # ----------------------------------------------------------------- editing

    def _label_edited(self) -> None:
        if self.node_id is None:
            return
        text = self.label_field.text().strip()
        if (text or None) != self.document.graph.node(self.node_id).label:
            self.document.push(commands.SetLabelCommand(self.document, self.node_id, text))

    def _value_edited(self) -> None:
        if self.node_id is None or self.document.graph.node(self.node_id).kind == "op":
            return
        value = parse_number(self.value_field.text())
        if value is None:
            self._set_invalid(True, f"“{self.value_field.text()}” is not a finite number.")
            return
        if value != self.document.graph.node(self.node_id).value:
            self.document.push(commands.SetValueCommand(self.document, self.node_id, value))

    def _op_chosen(self, index: int) -> None:
        op = self.op_box.itemData(index)
        if self.node_id is not None and op != self.document.graph.node(self.node_id).op:
            self.document.push(commands.SetOpCommand(self.document, self.node_id, op))

    def _trainable_clicked(self, checked: bool) -> None:
        if self.node_id is not None:
            self.document.push(commands.SetTrainableCommand(self.document, self.node_id, checked))
