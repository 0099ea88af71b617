"""The palette dock: Input, Constant and every op, grouped, to drag onto the canvas."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
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


def elide_at_word(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` if it fits ``width``, else its longest run of whole words and "…"
    (a single word too long for the width is cut where it must be)."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        shortened = " ".join(words).rstrip(",;:= ") + " …"
        if metrics.horizontalAdvance(shortened) <= width:
            return shortened
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class WordElidingDelegate(QStyledItemDelegate):
    """Draws a cell's text cut at a word, never mid-word, when the column is narrow."""

    def shown_text(self, option: QStyleOptionViewItem, index) -> str:
        """The text drawn for ``index`` in a cell of ``option.rect``."""
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        style = option.widget.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget)
        width = option.rect.width() - 2 * (margin + 1)
        return elide_at_word(view_option.text, view_option.fontMetrics, width)

    def paint(self, painter, option, index) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = self.shown_text(option, index)
        widget = option.widget
        widget.style().drawControl(
            QStyle.ControlElement.CE_ItemViewItem, view_option, painter, widget
        )


class PaletteTree(QTreeWidget):
    """Entries under group headings; dragging an entry carries its node_catalog mime data."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(0)
        self.setUniformRowHeights(True)
        self.setColumnCount(2)
        self.setItemDelegateForColumn(1, WordElidingDelegate(self))
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

    def startDrag(self, actions) -> None:
        """Drag the pressed entry; once dropped, nothing stays highlighted as if chosen."""
        super().startDrag(actions)
        self.clearSelection()

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
