"""Worksheets as PDF, through Qt's own PDF writer: one page per exercise, and its key.

A sheet shows a title, the task, the given inputs and the graph with a box for each
hidden number; the key shows the same graph with every number filled in (the
answers in blue) and the line that gives each answer: the forward step for a value,
the whole chain rule for a gradient. Every variant takes exactly one page. A graph
too large to write on at a readable size (numbers under ``MIN_NUMBER_PT``) gets
numbered boxes and, on the same page, a table of answer boxes by number; its key is
the numbered list of the lines that give each answer. A graph too large even for
that is refused (GraphError) rather than printed unreadably. Content comes from
:mod:`backprop_gui.core.worksheets`; this module only draws. Every text from the
file is escaped before Qt reads it as HTML, so a title can never pull in an image.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QPolygonF,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from ..core import GraphError
from ..core.atomic_write import write_atomically
from ..core.chainrule import Names
from ..core.numbers import format_number
from ..core.practice import Exercise
from ..core.worksheets import answer_line, given_text, instruction
from . import theme

W, H = theme.CARD_WIDTH, theme.CARD_HEIGHT
MARGIN_PT = 36.0
ANSWER = QColor("#1d4ed8")  # the key's filled-in answers
BOX_FILL, BOX_PEN = QColor("#f3f4f6"), QColor("#6b7480")
INK, FAINT = QColor("#1d2530"), QColor("#6b7480")
MAX_SCALE = 1.3  # a small graph is drawn at most this much larger than on the canvas
NUMBER_PT = 10.0  # a number on a card, in canvas units (points at scale 1)
MIN_NUMBER_PT = 8.0  # no number on a page is printed smaller than this
LABELS_FROM_SCALE = 0.8  # below this scale a card has no room for "value" and "grad"
MIN_SCALE = MIN_NUMBER_PT * 3 / (H - 4)  # a card's three lines at a readable size
TABLE_PT = MIN_NUMBER_PT  # the table's text
TABLE_COLUMNS = (2, 3, 4)  # the table takes the fewest of these columns that fit
PORT_SPREAD = 11.0


def check_writable(path: str) -> None:
    """Raise OSError, in one sentence, when ``path`` cannot take a new file."""
    target = Path(path)
    if target.is_dir():
        raise OSError(f"cannot write {path}: it is a folder")
    folder = target.resolve().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise OSError(f"cannot write {path}: the folder does not exist or is read-only")
    if target.exists() and not os.access(target, os.W_OK):
        raise OSError(f"cannot write {path}: the file is read-only")


def write_worksheets(exercises: list[Exercise], title: str, sheets: str,
                     answers: str | None = None) -> None:  # fmt: skip
    """The sheets (and the key, if ``answers``) as PDF files, one page per exercise.

    Both files are checked and drawn before either is written, so a failure leaves
    none behind. Raises OSError when a file cannot be written and GraphError when the
    graph is too large to print readably on a page.
    """
    paths = [sheets] if answers is None else [sheets, answers]
    for path in paths:
        check_writable(path)
    pages = [worksheet_pdf(exercises, title, key=index == 1) for index in range(len(paths))]
    for path, data in zip(paths, pages):
        write_atomically(path, data)


def worksheet_pdf(exercises: list[Exercise], title: str, key: bool = False) -> bytes:
    """The PDF of the sheets (or of the key): one page per exercise."""
    QApplication.instance() or QApplication(["backprop-gui"])
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(72)  # one device pixel is one point
    writer.setTitle(f"{title} — answer key" if key else title)
    writer.setCreator("backprop-gui")
    orientation = (
        QPageLayout.Orientation.Landscape
        if _wide(exercises[0])
        else QPageLayout.Orientation.Portrait
    )
    margins = QMarginsF(MARGIN_PT, MARGIN_PT, MARGIN_PT, MARGIN_PT)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), orientation, margins, QPageLayout.Unit.Point
        )  # fmt: skip
    )
    page = QRectF(writer.pageLayout().paintRectPixels(72))
    page.moveTo(0, 0)
    painter = QPainter(writer)
    try:
        for index, exercise in enumerate(exercises):
            if index:
                writer.newPage()
            _Page(painter, page, exercise, key).draw(title, index + 1, len(exercises))
    finally:
        painter.end()
        buffer.close()
    return bytes(data.data())


def _wide(exercise: Exercise) -> bool:
    _, _, width, height = _bounds(exercise)
    return width > 1.3 * height


class _Page:
    def __init__(self, painter: QPainter, page: QRectF, exercise: Exercise, key: bool):
        self.painter, self.page = painter, page
        self.exercise, self.key = exercise, key
        self.names = Names(exercise.graph)
        self.y = 0.0
        # (kind, key) -> the blank's number, when the graph is drawn too small to write
        # the numbers on (empty: the boxes on the cards take them)
        self.numbers: dict[tuple, int] = {}
        self.scale = 1.0

    def draw(self, title: str, number: int, count: int) -> None:
        heading = html.escape(f"{title} — answer key" if self.key else title)
        self._text(f"Exercise {number} of {count}", 9.5, FAINT, align="right")
        self.y = 0.0
        self._text(f"<b>{heading}</b>", 15, width=self.page.width() - 110)
        self.y += 2
        if not self.key:  # the key is for the teacher, who set the task
            self._text(instruction(self.exercise), 9.5)
        self._text(f"Given: {given_text(self.exercise)}", 9.5)
        self.y += 6
        blanks = self.exercise.blanks.values()
        lines = [answer_line(self.exercise, b) for b in blanks] if self.key else []
        below = self._height(lines, 10, self.page.width())
        area = QRectF(0, self.y, self.page.width(), self.page.height() - self.y - below)
        if _graph_scale(self.exercise, area) >= LABELS_FROM_SCALE:
            self.y += self._graph(area) + 8
            for line in lines:  # the key's: each value's step, each gradient's chain rule
                self._text(line, 10)
            return
        self.numbers = {k: i for i, k in enumerate(self.exercise.blanks, start=1)}
        entries = self._entries()
        room = self.page.height() - self.y - (0.0 if self.key else self._smallest_graph() + 8)
        width, split = self._layout_table(entries, room)
        table = self._column_height(split, width)
        if table > room:
            raise GraphError(
                f"this graph is too large for a readable one-page worksheet "
                f"({len(self.numbers)} numbers to fill in): print a smaller part of it"
            )
        if not self.key:
            area = QRectF(0, self.y, self.page.width(), self.page.height() - self.y - table - 8)
            self.y += self._graph(area) + 8  # the table right under the graph
        self._table(split, width, self.y)

    def _smallest_graph(self) -> float:
        """The height of the graph drawn as small as it may be (its numbers readable)."""
        return MIN_SCALE * _bounds(self.exercise)[3]

    def _layout_table(self, entries: list[str], room: float):
        """The column width and the columns of the table: on the sheet the shortest
        table (the graph gets the rest), in the key the fewest columns that fit in
        ``room`` (fewer lines wrap)."""
        choices = []
        for count in TABLE_COLUMNS:
            width = self.page.width() / count
            choices.append((width, self._columns(entries, count, width)))
            if self.key and self._column_height(choices[-1][1], width) <= room:
                return choices[-1]
        return min(choices, key=lambda choice: self._column_height(choice[1], choice[0]))

    def _entries(self) -> list[str]:
        """The table, by the blanks' numbers: on the sheet what each box asks for (a
        name for a value, dT/dx for a gradient), in the key each value and each
        gradient's chain rule."""
        entries = []
        for (kind, key), index in self.numbers.items():
            blank = self.exercise.blank(kind, key)
            if self.key and kind == "value":  # short: only gradients need their line
                entries.append(f"({index}) {self.names.term(key).html} = {_number(blank)}")
            elif self.key:
                entries.append(f"({index}) {answer_line(self.exercise, blank)}")
            else:
                ask = self.names.term(key).html if kind == "value" else None
                entries.append(f"({index}) {ask or self.exercise.hints.label(blank)}")
        return entries

    # ------------------------------------------------------------------- text

    def _document(self, rich: str, size: float, width: float, color: QColor = INK,
                  align: str = "left"):  # fmt: skip
        document = QTextDocument()
        document.setDefaultFont(_font(size))
        document.setDocumentMargin(0)
        document.setTextWidth(width)
        document.setHtml(f'<div align="{align}" style="color:{color.name()}">{rich}</div>')
        return document

    def _height(self, lines: list[str], size: float, width: float) -> float:
        return sum(self._document(line, size, width).size().height() + 2 for line in lines)

    def _entry_width(self, column: float) -> float:
        """The width of a table entry's text: the column, less the box on the sheet."""
        return column - 8 if self.key else column * 0.7

    def _text(self, rich: str, size: float, color: QColor = INK, x: float = 0.0,
              width: float | None = None, align: str = "left") -> None:  # fmt: skip
        document = self._document(rich, size, width or self.page.width(), color, align)
        self.painter.save()
        self.painter.translate(x, self.y)
        document.drawContents(self.painter)
        self.painter.restore()
        self.y += document.size().height() + 2

    # ------------------------------------------------------------------ table

    def _columns(self, entries: list[str], columns: int, width: float) -> list[list[str]]:
        """``entries`` in order down at most ``columns`` columns of about equal height."""
        heights = [self._entry_height(entry, width) for entry in entries]
        target = max(sum(heights) / columns, max(heights, default=0.0))
        while True:
            split: list[list[str]] = [[]]
            filled = 0.0
            for entry, height in zip(entries, heights):
                if split[-1] and filled + height > target:
                    split.append([])
                    filled = 0.0
                split[-1].append(entry)
                filled += height
            if len(split) <= columns:
                return split
            target += 4.0

    def _column_height(self, split: list[list[str]], width: float) -> float:
        """The height of the tallest column."""
        return max(sum(self._entry_height(e, width) for e in column) for column in split)

    def _entry_height(self, entry: str, width: float) -> float:
        height = self._document(entry, TABLE_PT, self._entry_width(width)).size().height()
        return height + 1 if self.key else max(height + 1, 13.0)  # 13: room for a box

    def _table(self, split: list[list[str]], width: float, top: float) -> None:
        """The numbered entries in their columns; on the sheet, a box for each."""
        for column, entries in enumerate(split):
            self.y = top
            x = column * width
            for entry in entries:
                row_top, height = self.y, self._entry_height(entry, width)
                self._text(entry, TABLE_PT, x=x, width=self._entry_width(width))
                if not self.key:
                    self._box(QRectF(x + width * 0.71, row_top, width * 0.25, 11))
                self.y = row_top + height

    def _box(self, rect: QRectF) -> None:
        self.painter.setPen(QPen(BOX_PEN, 0.8))
        self.painter.setBrush(BOX_FILL)
        self.painter.drawRect(rect)

    # ------------------------------------------------------------------ graph

    def _graph(self, area: QRectF) -> float:
        """Draw the graph as large as ``area`` allows; returns the height it took."""
        graph = self.exercise.graph
        left, top, width, height = _bounds(self.exercise)
        self.scale = scale = _graph_scale(self.exercise, area)
        painter = self.painter
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(area.left() + (area.width() - width * scale) / 2, area.top())
        painter.scale(scale, scale)
        painter.translate(-left, -top)
        positions = {n.id: QPointF(*n.pos) for n in graph.nodes()}
        for edge in graph.edges():
            self._edge(positions[edge.source], positions[edge.target], edge, graph)
        for node in graph.nodes():
            self._card(node, positions[node.id])
        painter.restore()
        return height * scale

    def _edge(self, start: QPointF, end: QPointF, edge, graph) -> None:
        offset = 0.0
        if graph.arity(edge.target) == 2:
            offset = -PORT_SPREAD if edge.port == 0 else PORT_SPREAD
        a, b = start + QPointF(W / 2, 0), end + QPointF(-W / 2, offset)
        path = QPainterPath(a)
        middle = (a.x() + b.x()) / 2
        path.cubicTo(QPointF(middle, a.y()), QPointF(middle, b.y()), b)
        painter = self.painter
        painter.setPen(QPen(FAINT, 1.3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(FAINT)
        painter.drawPolygon(QPolygonF([b, b + QPointF(-8, -4), b + QPointF(-8, 4)]))

    def _card(self, node, centre: QPointF) -> None:
        """The card: its kind's stripe, its name, its value and gradient (or boxes);
        with room, captions as on the canvas; numbers never under MIN_NUMBER_PT."""
        painter, result = self.painter, self.exercise.result
        rect = QRectF(centre.x() - W / 2, centre.y() - H / 2, W, H)
        painter.setPen(QPen(QColor("#9aa1ab"), 1.2))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(rect, 7, 7)
        painter.fillRect(
            QRectF(rect.left() + 6, rect.top() + 0.6, W - 12, 3), theme.KIND_COLORS[node.kind]
        )
        rows = [("value", result.values.get(node.id))]
        if result.grads.get(node.id) is not None and node.kind != "constant":
            rows.append(("grad", result.grads[node.id]))
        if self.scale >= LABELS_FROM_SCALE:  # as on the canvas, with captions
            painter.setPen(FAINT)
            painter.setFont(_font(8))
            caption = node.op if node.kind == "op" else node.kind
            painter.drawText(rect.adjusted(7, 5, -7, 0), Qt.AlignmentFlag.AlignLeft, caption)
            self._title(node.id, QRectF(rect.left() + 4, rect.top() + 12, W - 8, 20), 12)
            for index, (kind, number) in enumerate(rows):
                box = QRectF(rect.left() + 30, rect.top() + 36 + 18 * index, W - 38, 14)
                self._number(kind, node.id, number, box, NUMBER_PT)
            return
        row = (H - 4) / 3  # compact: name, value, gradient, each at a readable size
        size = MIN_NUMBER_PT / self.scale
        self._title(node.id, QRectF(rect.left() + 4, rect.top() + 3, W - 8, row), size)
        for index, (kind, number) in enumerate(rows, start=1):
            box = QRectF(rect.left() + 5, rect.top() + 2 + row * index, W - 10, row - 2)
            self._number(kind, node.id, number, box, size)

    def _title(self, node_id: str, rect: QRectF, size: float) -> None:
        """The node's name, centred, made smaller to fit the card if it is long."""
        document = QTextDocument()
        document.setDefaultFont(_font(size, bold=True))
        document.setDocumentMargin(0)
        document.setHtml(f"<b>{self.names.term(node_id).html}</b>")
        size = document.size()
        shrink = min(1.0, rect.width() / size.width(), rect.height() * 1.2 / size.height())
        self.painter.save()
        self.painter.translate(rect.center().x() - size.width() * shrink / 2, rect.top())
        self.painter.scale(shrink, shrink)
        document.drawContents(self.painter)
        self.painter.restore()

    def _number(self, kind: str, node_id: str, number, rect: QRectF, size: float) -> None:
        painter = self.painter
        if self.scale >= LABELS_FROM_SCALE:
            painter.setFont(_font(7.5))
            painter.setPen(FAINT)
            label = QRectF(rect.left() - 24, rect.top(), 22, rect.height())
            text = "grad" if kind == "grad" else "value"
            painter.drawText(label, Qt.AlignmentFlag.AlignVCenter, text)
        elif kind == "grad":
            painter.setFont(_font(size))
            painter.setPen(FAINT)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, "d")  # d output/d node
            rect = rect.adjusted(size * 0.8, 0, 0, 0)
        blank = self.exercise.blank(kind, node_id)
        if blank is not None and not self.key:
            self._box(rect)
            if (kind, node_id) in self.numbers:
                painter.setPen(INK)
                painter.setFont(_font(size, bold=True))
                text = f"({self.numbers[kind, node_id]})"
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            return
        painter.setPen(ANSWER if blank is not None else INK)
        painter.setFont(_font(size, bold=blank is not None))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, format_number(number))


def _number(blank) -> str:
    return html.escape(format_number(blank.answer))


def _bounds(exercise: Exercise) -> tuple[float, float, float, float]:
    """Left, top, width and height of the cards, in canvas units, with a little room."""
    nodes = list(exercise.graph.nodes())
    left = min(n.pos[0] for n in nodes) - W / 2 - 10
    top = min(n.pos[1] for n in nodes) - H / 2 - 10
    width = max(n.pos[0] for n in nodes) + W / 2 + 10 - left
    height = max(n.pos[1] for n in nodes) + H / 2 + 10 - top
    return left, top, width, height


def _graph_scale(exercise: Exercise, area: QRectF) -> float:
    """Points per canvas unit that fit the graph into ``area``."""
    _, _, width, height = _bounds(exercise)
    return min(area.width() / width, area.height() / height, MAX_SCALE)


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont(theme.ui_font(12))
    font.setPointSizeF(size)
    font.setBold(bold)
    return font
