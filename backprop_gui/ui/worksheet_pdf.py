"""Worksheets as PDF, through Qt's own PDF writer: one exercise per page, and its key.

A sheet shows a title, the task, the given inputs and the graph with a box for each
hidden number; the key shows the same graph with every number filled in (the
answers in blue) and, under it, the line that gives each answer: the forward step
for a value, the whole chain rule for a gradient. Content comes from
:mod:`backprop_gui.core.worksheets`; this module only draws.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
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

from ..core.chainrule import Names
from ..core.numbers import format_number
from ..core.practice import Exercise
from ..core.worksheets import answer_lines, given_text, instruction
from . import theme

W, H = theme.CARD_WIDTH, theme.CARD_HEIGHT
MARGIN_PT = 40.0
ANSWER = QColor("#1d4ed8")  # the key's filled-in answers
BOX_FILL, BOX_PEN = QColor("#f3f4f6"), QColor("#6b7480")
INK, FAINT = QColor("#1d2530"), QColor("#6b7480")
MAX_SCALE = 1.3  # a small graph is drawn at most this much larger than on the canvas
TABLE_BELOW_SCALE = 0.8  # drawn smaller than this, the answers go in a numbered table
TABLE_ROW = 20.0  # points per row of the answer table
MIN_SCALE = 0.45  # with the table below, a graph smaller than this gets a page of its own
PORT_SPREAD = 11.0


def write_worksheet(exercises: list[Exercise], path: str, title: str, key: bool = False) -> None:
    """One page per exercise (the key: one or more), written to ``path`` as PDF.

    Raises OSError when the file cannot be written.
    """
    folder = Path(path).resolve().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise OSError(f"cannot write {path}: the folder does not exist or is read-only")
    QApplication.instance() or QApplication(["backprop-gui"])
    writer = QPdfWriter(path)
    writer.setResolution(72)  # one device pixel is one point
    writer.setTitle(f"{title} — answer key" if key else title)
    writer.setCreator("backprop-gui")
    landscape = _wide(exercises[0])
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            orientation,
            QMarginsF(MARGIN_PT, MARGIN_PT, MARGIN_PT, MARGIN_PT),
            QPageLayout.Unit.Point,
        )  # fmt: skip
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    page = QRectF(writer.pageLayout().paintRectPixels(72)).translated(-MARGIN_PT, -MARGIN_PT)
    page.moveTo(0, 0)
    try:
        for index, exercise in enumerate(exercises):
            if index:
                writer.newPage()
            _Page(painter, writer, page, exercise, key).draw(title, index + 1, len(exercises))
    finally:
        painter.end()


def _wide(exercise: Exercise) -> bool:
    xs = [n.pos[0] for n in exercise.graph.nodes()]
    ys = [n.pos[1] for n in exercise.graph.nodes()]
    return (max(xs) - min(xs) + W) > 1.3 * (max(ys) - min(ys) + H)


class _Page:
    def __init__(self, painter: QPainter, writer, page: QRectF, exercise: Exercise, key: bool):
        self.painter, self.writer, self.page = painter, writer, page
        self.exercise, self.key = exercise, key
        self.names = Names(exercise.graph)
        self.y = 0.0
        # (kind, key) -> the blank's number, when the answers go in a table under a
        # graph drawn too small to write on (empty: the boxes on the cards take them)
        self.numbers: dict[tuple, int] = {}
        self.columns = 3 if page.width() > page.height() else 2  # of the answer table

    def draw(self, title: str, number: int, count: int) -> None:
        heading = f"{title} — answer key" if self.key else title
        self._text(f"<b>{heading}</b>", 16)
        self._text(f"Exercise {number} of {count}", 10, FAINT)
        self.y += 6
        self._text(instruction(self.exercise), 10.5)
        self._text(f"Given: {given_text(self.exercise)}", 10.5)
        self.y += 10
        bottom = self.page.height() * (0.6 if self.key else 1.0)
        area = QRectF(0, self.y, self.page.width(), bottom - self.y)
        if not self.key and _graph_scale(self.exercise, area) < TABLE_BELOW_SCALE:
            self.numbers = {k: i for i, k in enumerate(self.exercise.blanks, start=1)}
            table = self._table_rows() * TABLE_ROW
            beside = QRectF(area.left(), area.top(), area.width(), area.height() - table - 12)
            if _graph_scale(self.exercise, beside) >= MIN_SCALE:
                self._graph(beside)
                self._table(QRectF(0, beside.bottom() + 12, self.page.width(), table))
                return
            self._graph(area)  # too many blanks to share the page: the table goes overleaf
            self.columns = 2
            table = self._table_rows() * TABLE_ROW
            self.writer.newPage()
            self.y = 0.0
            self._text(f"<b>{heading}</b> — exercise {number}: your answers", 12)
            self._table(QRectF(0, self.y + 6, self.page.width(), table))
            return
        self._graph(area)
        self.y = bottom + 12
        if self.key:
            self._text("<b>Answers</b>", 12)
            for line in answer_lines(self.exercise):
                self._text(line, 10.5, new_page_if_needed=True)

    # ------------------------------------------------------------------- text

    def _text(self, rich: str, size: float, color: QColor = INK, new_page_if_needed=False,
              width: float | None = None):  # fmt: skip
        document = QTextDocument()
        document.setDefaultFont(_font(size))
        document.setDocumentMargin(0)
        document.setTextWidth(width or self.page.width())
        document.setHtml(f'<span style="color:{color.name()}">{rich}</span>')
        height = document.size().height()
        if new_page_if_needed and self.y + height > self.page.height():
            self.writer.newPage()
            self.y = 0.0
        self.painter.save()
        self.painter.translate(0, self.y)
        document.drawContents(self.painter)
        self.painter.restore()
        self.y += height + 3

    # ------------------------------------------------------------------ table

    def _table_rows(self) -> int:
        return -(-len(self.numbers) // self.columns)

    def _table(self, area: QRectF) -> None:
        """A numbered answer box per blank, in columns, for a graph drawn small."""
        columns, rows = self.columns, self._table_rows()
        width = area.width() / columns
        for (kind, key), index in self.numbers.items():
            row, column = (index - 1) % rows, (index - 1) // rows
            cell = QRectF(
                area.left() + column * width, area.top() + row * TABLE_ROW, width, TABLE_ROW
            )
            label = self.exercise.hints.label(self.exercise.blank(kind, key))
            self.y = cell.top() + 3
            self.painter.save()
            self.painter.translate(cell.left(), 0)
            self._text(f"({index}) {label}", 9, width=cell.width() * 0.66)
            self.painter.restore()
            box = QRectF(
                cell.left() + cell.width() * 0.66, cell.top() + 2, cell.width() * 0.3, TABLE_ROW - 5
            )
            self.painter.setPen(QPen(BOX_PEN, 0.8))
            self.painter.setBrush(BOX_FILL)
            self.painter.drawRect(box)

    # ------------------------------------------------------------------ graph

    def _graph(self, area: QRectF) -> None:
        graph = self.exercise.graph
        nodes = list(graph.nodes())
        left, top, width, height = _bounds(self.exercise)
        scale = _graph_scale(self.exercise, area)
        painter = self.painter
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(area.left() + (area.width() - width * scale) / 2, area.top())
        painter.scale(scale, scale)
        painter.translate(-left, -top)
        positions = {n.id: QPointF(*n.pos) for n in nodes}
        for edge in graph.edges():
            self._edge(positions[edge.source], positions[edge.target], edge, graph)
        for node in nodes:
            self._card(node, positions[node.id])
        painter.restore()

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
        painter, exercise = self.painter, self.exercise
        rect = QRectF(centre.x() - W / 2, centre.y() - H / 2, W, H)
        painter.setPen(QPen(QColor("#9aa1ab"), 1.2))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(rect, 7, 7)
        painter.fillRect(
            QRectF(rect.left() + 6, rect.top() + 0.6, W - 12, 3), theme.KIND_COLORS[node.kind]
        )
        painter.setPen(FAINT)
        painter.setFont(_font(8))
        caption = node.op if node.kind == "op" else node.kind
        painter.drawText(rect.adjusted(7, 5, -7, 0), Qt.AlignmentFlag.AlignLeft, caption)
        self._title(node.id, QRectF(rect.left(), rect.top() + 12, W, 20))
        result = exercise.result
        rows = [("value", result.values.get(node.id), rect.top() + 36)]
        if result.grads.get(node.id) is not None and node.kind != "constant":
            rows.append(("grad", result.grads[node.id], rect.top() + 54))
        for kind, number, y in rows:
            self._number(kind, node.id, number, QRectF(rect.left() + 30, y, W - 38, 14))

    def _title(self, node_id: str, rect: QRectF) -> None:
        document = QTextDocument()
        document.setDefaultFont(_font(12, bold=True))
        document.setDocumentMargin(0)
        document.setHtml(f"<b>{self.names.term(node_id).html}</b>")
        size = document.size()
        self.painter.save()
        self.painter.translate(rect.center().x() - size.width() / 2, rect.top())
        document.drawContents(self.painter)
        self.painter.restore()

    def _number(self, kind: str, node_id: str, number, rect: QRectF) -> None:
        painter = self.painter
        painter.setFont(_font(7.5))
        painter.setPen(FAINT)
        label = QRectF(rect.left() - 24, rect.top(), 22, rect.height())
        painter.drawText(
            label, Qt.AlignmentFlag.AlignVCenter, "grad" if kind == "grad" else "value"
        )
        blank = self.exercise.blank(kind, node_id)
        if blank is not None and not self.key:
            painter.setPen(QPen(BOX_PEN, 0.8))
            painter.setBrush(BOX_FILL)
            painter.drawRect(rect)
            if (kind, node_id) in self.numbers:
                painter.setPen(INK)
                painter.setFont(_font(10, bold=True))
                painter.drawText(
                    rect, Qt.AlignmentFlag.AlignCenter, f"({self.numbers[kind, node_id]})"
                )
            return
        painter.setPen(ANSWER if blank is not None else INK)
        painter.setFont(_font(10, bold=blank is not None))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, format_number(number))


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
