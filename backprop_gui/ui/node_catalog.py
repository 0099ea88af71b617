"""What a person can add to a graph: Input, Constant and every op, with their texts.

The palette, the Tab search box and the canvas's "Add" menu all list these entries,
and a drag from the palette carries one of them as mime data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QByteArray, QMimeData, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from ..core import OPS
from . import theme

MIME_TYPE = "application/x-backprop-gui-node"
GROUPS = ("values", "arithmetic", "functions", "activations", "losses")


@dataclass(frozen=True)
class Entry:
    kind: str  # "input", "constant" or "op"
    op: str | None
    name: str  # what the person reads: "Input", "sigmoid"
    symbol: str
    group: str
    formula: str
    derivative: str

    @property
    def key(self) -> str:
        """A short text naming the entry: "input", "constant", "op:add"."""
        return f"op:{self.op}" if self.op else self.kind

    @property
    def tooltip(self) -> str:
        if self.kind != "op":
            return f"{self.name}\n{self.formula}"
        return f"{self.name}   {self.formula}\n{self.derivative}"

    def matches(self, text: str) -> bool:
        text = text.strip().lower()
        haystack = f"{self.name} {self.symbol} {self.group} {self.formula}".lower()
        return all(word in haystack for word in text.split())


@cache
def entries() -> tuple[Entry, ...]:
    """Input, Constant, then the ops by group in the registry's order."""
    values = (
        Entry(
            "input", None, "Input", "x", "values", "a variable with a value; gets a gradient", ""
        ),
        Entry("constant", None, "Constant", "c", "values", "a fixed number", ""),
    )
    ops = tuple(
        Entry("op", op.name, op.name, op.symbol, op.group, op.formula, op.derivative)
        for group in GROUPS
        for op in OPS.values()
        if op.group == group
    )
    return values + ops


def find(key: str) -> Entry | None:
    return next((entry for entry in entries() if entry.key == key), None)


def mime_data(entry: Entry) -> QMimeData:
    data = QMimeData()
    data.setData(MIME_TYPE, QByteArray(entry.key.encode()))
    return data


def entry_from_mime(data: QMimeData) -> Entry | None:
    if not data.hasFormat(MIME_TYPE):
        return None
    return find(bytes(data.data(MIME_TYPE).data()).decode(errors="replace"))


@cache
def icon(entry: Entry) -> QIcon:
    """A chip in a light tint of the kind's colour with the symbol in that colour."""
    size = 64  # drawn large, shown small: crisp on high-DPI screens
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(theme.KIND_COLORS[entry.kind])
    tint = QColor(color)
    tint.setAlphaF(0.16)
    chip = QRectF(2, 2, size - 4, size - 4)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.CARD)
    painter.drawRoundedRect(chip, 14, 14)
    painter.setBrush(tint)
    painter.drawRoundedRect(chip, 14, 14)
    painter.setPen(color.darker(125))
    pixel_size = 34
    while True:  # the largest size at which the symbol fits the chip
        painter.setFont(theme.ui_font(pixel_size, bold=True))
        if painter.fontMetrics().horizontalAdvance(entry.symbol) <= size - 14 or pixel_size <= 12:
            break
        pixel_size -= 2
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, entry.symbol)
    painter.end()
    return QIcon(pixmap)
