"""Binding an input to a data column: a Column row in the inspector, and a column
dragged from the data table dropped onto an input card.

Both go through :class:`SetColumnCommand`; a trainable input (a parameter) cannot
read a column, and the row says so.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QComboBox

from .commands import SetColumnCommand
from .panels.data_table import column_of

NO_COLUMN = "— (its own value)"


class ColumnBinding(QObject):
    def __init__(self, document, inspector, scene, canvas, control):
        super().__init__(inspector)
        self.document, self.inspector, self.scene = document, inspector, scene
        self.canvas, self.control = canvas, control
        self.box = QComboBox(objectName="inspectorColumn")
        self.box.setToolTip("The data column this input reads, one value per row")
        inspector.add_row("Column", self.box)
        self.box.activated.connect(self._chosen)
        inspector.currentNodeChanged.connect(lambda _node_id: self.refresh())
        document.nodeChanged.connect(
            lambda node_id, _key: node_id == self.inspector.node_id and self.refresh()
        )
        document.dataChanged.connect(self.refresh)
        canvas.viewport().installEventFilter(self)
        self.refresh()

    def refresh(self) -> None:
        """Show the inspected input's column (the row is hidden for other nodes)."""
        node_id, graph = self.inspector.node_id, self.document.graph
        node = graph.node(node_id) if node_id is not None and node_id in graph else None
        shown = node is not None and node.kind == "input"
        self.inspector.form.setRowVisible(self.box, shown)
        if not shown:
            return
        choices = [None, *(graph.data.names if graph.data is not None else ())]
        if [self.box.itemData(i) for i in range(self.box.count())] != choices:
            self.box.clear()  # never while the box is being used: its choices stay the same
            for name in choices:
                self.box.addItem(name or NO_COLUMN, name)
        self.box.setCurrentIndex(max(self.box.findData(node.column), 0))
        self.box.setEnabled(not node.trainable and graph.data is not None)
        self.box.setToolTip(
            "A trainable input is a parameter: it cannot read a column"
            if node.trainable
            else "The data column this input reads, one value per row"
        )

    def _chosen(self, index: int) -> None:
        self.bind(self.inspector.node_id, self.box.itemData(index))

    def bind(self, node_id: str, column: str | None) -> None:
        if node_id is None or self.document.graph.node(node_id).column == column:
            return
        self.control.pause()
        self.document.push(SetColumnCommand(self.document, node_id, column))

    # ---------------------------------------------------------- drag and drop

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        column = column_of(event.mimeData())
        if column is None:
            return False
        node_id = self._input_under(event)
        if node_id is None:
            event.ignore()
            return kind != QEvent.Type.DragEnter  # enter must be accepted to get moves
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            self.bind(node_id, column)
        return True

    def _input_under(self, event) -> str | None:
        """The bindable input card under the drag, if any."""
        item = self.scene.node_at(self.canvas.mapToScene(event.position().toPoint()))
        if item is None:
            return None
        node = self.document.graph.node(item.node_id)
        return node.id if node.kind == "input" and not node.trainable else None
