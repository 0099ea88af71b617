"""The search box that Tab (or a wire dropped on empty canvas) opens at the cursor."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from .. import node_catalog

MAX_ROWS = 10


class NodeSearch(QFrame):
    """Type to filter, Up/Down to choose, Enter to add, Escape (or a click away) to close."""

    chosen = Signal(object)  # a node_catalog.Entry
    closed = Signal()

    def __init__(self, parent):
        super().__init__(parent)
        self.setObjectName("nodeSearch")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Add a node…")
        self.field.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 6)
        layout.setSpacing(4)
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        self.setFixedWidth(280)
        self._anchor = QPoint()
        self.field.textChanged.connect(self._filter)
        self.field.installEventFilter(self)
        self.list.itemClicked.connect(lambda _item: self._choose())
        self.hide()

    def popup(self, at: QPoint, kinds: tuple[str, ...]) -> None:
        """Show at ``at`` (viewport coordinates), listing entries of the given kinds."""
        self.list.clear()
        for entry in node_catalog.entries():
            if entry.kind in kinds:
                label = f"{entry.name}    {entry.formula}" if entry.kind == "op" else entry.name
                item = QListWidgetItem(node_catalog.icon(entry), label)
                item.setData(Qt.ItemDataRole.UserRole, entry)
                item.setToolTip(entry.tooltip)
                self.list.addItem(item)
        self._anchor = at
        self.field.clear()
        self._filter("")
        self.show()
        self.raise_()
        self.field.setFocus()

    def _filter(self, text: str) -> None:
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = not item.data(Qt.ItemDataRole.UserRole).matches(text)
            item.setHidden(hidden)
            if first is None and not hidden:
                first = item
        self.list.setCurrentItem(first)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the matching rows (up to MAX_ROWS), never an empty white box."""
        rows = sum(not self.list.item(r).isHidden() for r in range(self.list.count()))
        row_height = self.list.sizeHintForRow(0) if self.list.count() else 24
        list_height = max(min(rows, MAX_ROWS), 1) * row_height + 2 * self.list.frameWidth() + 4
        self.list.setFixedHeight(list_height)
        self.adjustSize()
        self._place()

    def _place(self) -> None:
        """Top left at the anchor, moved up or left only as far as the view needs."""
        area = self.parentWidget().rect()
        x = min(max(self._anchor.x(), 0), max(area.width() - self.width(), 0))
        y = min(max(self._anchor.y(), 0), max(area.height() - self.height(), 0))
        self.move(x, y)

    def _step(self, delta: int) -> None:
        rows = [r for r in range(self.list.count()) if not self.list.item(r).isHidden()]
        if not rows:
            return
        current = self.list.currentRow()
        index = rows.index(current) if current in rows else 0
        self.list.setCurrentRow(rows[(index + delta) % len(rows)])

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return
        entry = item.data(Qt.ItemDataRole.UserRole)
        self.dismiss()
        self.chosen.emit(entry)

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose()
                return True
            if key == Qt.Key.Key_Escape:
                self.dismiss()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Tab):
                self._step(-1 if key == Qt.Key.Key_Up else 1)
                return True
        elif event.type() == QEvent.Type.FocusOut and not self.list.underMouse():
            self.dismiss()
        return super().eventFilter(watched, event)
