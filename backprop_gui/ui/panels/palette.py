"""The palette dock: Input, Constant and every op, grouped, to drag onto the canvas."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import node_catalog, theme

_GROUP_TITLES = {
    "values": "Values",
    "arithmetic": "Arithmetic",
    "functions": "Functions",
    "activations": "Activations",
    "losses": "Losses",
}


class PaletteTree(QTreeWidget):
    """Entries under group headings; dragging an entry carries its node_catalog mime data."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(0)
        self.setUniformRowHeights(True)
        self.setColumnCount(2)
        self.setIconSize(QSize(26, 26))
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for group in node_catalog.GROUPS:
            heading = QTreeWidgetItem(self, [_GROUP_TITLES[group].upper()])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            heading.setFirstColumnSpanned(True)
            font = heading.font(0)
            font.setBold(True)
            font.setPixelSize(11)
            heading.setFont(0, font)
            heading.setForeground(0, QBrush(theme.MUTED))
            for entry in node_catalog.entries():
                if entry.group == group:
                    formula = entry.formula if entry.kind == "op" else ""
                    item = QTreeWidgetItem(heading, [entry.name, formula])
                    item.setIcon(0, node_catalog.icon(entry))
                    item.setForeground(1, QBrush(theme.MUTED))
                    for column in (0, 1):
                        item.setToolTip(column, entry.tooltip)
                    item.setData(0, Qt.ItemDataRole.UserRole, entry)
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsDragEnabled
                    )
        self.expandAll()
        self.header().setStretchLastSection(True)
        self.resizeColumnToContents(0)

    def entry_items(self) -> list[QTreeWidgetItem]:
        return [
            heading.child(index)
            for heading in map(self.topLevelItem, range(self.topLevelItemCount()))
            for index in range(heading.childCount())
        ]

    def mimeData(self, items):
        entries = [item.data(0, Qt.ItemDataRole.UserRole) for item in items]
        entries = [entry for entry in entries if entry is not None]
        return node_catalog.mime_data(entries[0]) if entries else None

    def mimeTypes(self) -> list[str]:
        return [node_catalog.MIME_TYPE]


class PaletteDock(QDockWidget):
    addRequested = Signal(object)  # a node_catalog.Entry (double-click: add at the centre)

    def __init__(self, parent=None):
        super().__init__("Nodes", parent)
        self.setObjectName("palette")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter…")
        self.filter.setClearButtonEnabled(True)
        self.tree = PaletteTree()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        self.setWidget(body)
        self.filter.textChanged.connect(self._filter)
        self.tree.itemDoubleClicked.connect(self._double_clicked)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        entry = item.data(0, Qt.ItemDataRole.UserRole)
        if entry is not None:
            self.addRequested.emit(entry)

    def _filter(self, text: str) -> None:
        for index in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(index)
            shown = 0
            for row in range(heading.childCount()):
                item = heading.child(row)
                hidden = not item.data(0, Qt.ItemDataRole.UserRole).matches(text)
                item.setHidden(hidden)
                shown += not hidden
            heading.setHidden(shown == 0)
