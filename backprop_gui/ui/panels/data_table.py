"""The data set as a table: one column per data column, one row per sample.

Dragging a cell (or a selection) drags its column's name, which an input card on the
canvas takes as its column (see ``column_binding.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ...core.numbers import format_number

COLUMN_MIME = "application/x-backprop-gui-column"


class DataTableModel(QAbstractTableModel):
    """The graph's data set, read from the document each time (never copied)."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        document.dataChanged.connect(self._reset)
        document.graphReplaced.connect(self._reset)

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    @property
    def _data(self):
        return self.document.graph.data

    def rowCount(self, parent=None) -> int:
        if (parent is not None and parent.isValid()) or self._data is None:
            return 0
        return self._data.rows

    def columnCount(self, parent=None) -> int:
        if (parent is not None and parent.isValid()) or self._data is None:
            return 0
        return len(self._data.names)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            name = self._data.names[index.column()]
            return format_number(float(self._data.columns[name][index.row()]))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._data.names[section] if self._data is not None else None
        return str(section)

    def flags(self, index: QModelIndex):
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [COLUMN_MIME]

    def mimeData(self, indexes) -> QMimeData:
        """The column of the first cell dragged, by name."""
        mime = QMimeData()
        if indexes:
            name = self._data.names[indexes[0].column()]
            mime.setData(COLUMN_MIME, name.encode("utf-8"))
            mime.setText(name)
        return mime


def column_of(mime: QMimeData) -> str | None:
    """The column name a drag carries, if it carries one."""
    if not mime.hasFormat(COLUMN_MIME):
        return None
    return bytes(mime.data(COLUMN_MIME).data()).decode("utf-8")


def data_table(document, parent=None) -> QTableView:
    table = QTableView(parent, objectName="trainDataTable")
    table.setModel(DataTableModel(document, table))
    table.setDragEnabled(True)
    table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
    table.verticalHeader().setDefaultSectionSize(20)
    table.horizontalHeader().setDefaultSectionSize(70)
    table.setToolTip("Drag a column onto an input card to make the input read it")
    return table
