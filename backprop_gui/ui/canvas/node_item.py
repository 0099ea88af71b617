"""A node card: kind in a slim header, the node's name, value and gradient, ports at the sides.

Value and gradient are the largest text on the card, each with a small word saying
which is which (``value 0.5``, ``grad 0.25``). Zoomed out, the card drops its header
texts, name and words and draws the two numbers alone in larger type, so they stay
readable down to a third of the real size before the card becomes a plain block.

The card's local origin is its centre, which is the node's ``pos`` in the model. The
item keeps the node's id and the text it shows (refreshed by the scene when the model
changes), never the model's data itself. Result and highlight setters only repaint;
the card's geometry never changes after it is built, except when its op's arity does.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from ...core import Node, get_op
from ...core.numbers import format_number, full_precision
from .. import theme
from .card_shown import Border, CardShown, ResultShown, paint_practice_field, practice_number
from .port_item import PortItem

W, H = theme.CARD_WIDTH, theme.CARD_HEIGHT
CARD_RECT = QRectF(-W / 2, -H / 2, W, H)
HEADER_RECT = QRectF(-W / 2, -H / 2, W, theme.HEADER_HEIGHT)
BODY_TOP = -H / 2 + theme.HEADER_HEIGHT
BODY_MIDDLE = (BODY_TOP + H / 2) / 2
PORT_SPREAD = 11.0  # the two operand ports sit this far above and below the middle
LINE_ROOM = W - 2 * 12  # a number line's width at most: clear of the port names
_OUTLINE = 5.0  # room around the card for the highlight outline and ports
_BOUNDS = CARD_RECT.adjusted(-_OUTLINE - 6, -_OUTLINE, _OUTLINE + 6, _OUTLINE)
_KIND_CAPTIONS = {"input": "input", "constant": "constant"}

# Levels of detail (the card's on-screen size relative to its real size).
LOD_TEXT = 0.6  # below this, the numbers alone, in FAR_NUMBER_SIZE
LOD_BLOCK = 0.2  # below this, a plain block without antialiasing
LOD_PORTS = 0.4  # below this, no ports (too small to aim at)
TITLE_SIZE, NUMBER_SIZE, WORD_SIZE, FAR_NUMBER_SIZE = 12, 14, 9, 22  # pixels at zoom 1
TITLE_HEIGHT, LINE_HEIGHT, FAR_LINE_HEIGHT = 15.0, 17.0, 25.0
VALUE_WORD, GRAD_WORD = "value", "grad"
CENTER = Qt.AlignmentFlag.AlignCenter
BASELINE_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _border_pen(border: Border) -> QPen:
    """The card's outline in the look in force (thicker in presentation mode)."""
    if border == "warning":
        return QPen(theme.WARNING, 2, Qt.PenStyle.DashLine)
    if border == "selected":
        return QPen(theme.SELECTION, 2.5)
    return QPen(theme.CARD_BORDER, 2 if theme.Look.presentation else 1)


def _card_path() -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(CARD_RECT, theme.CARD_RADIUS, theme.CARD_RADIUS)
    return path


class NodeItem(QGraphicsItem):
    def __init__(self, node: Node, title: str):
        super().__init__()
        self.node_id = node.id
        self.kind = node.kind
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
        )
        self.setZValue(1)
        self.input_ports: list[PortItem] = []
        self.output_port = PortItem(self, None, QPointF(W / 2, BODY_MIDDLE))
        self._path = _card_path()
        self._result: ResultShown | None = None
        self._highlighted = False
        self._output_marker = False
        self._check_mark: str | None = None
        self._title = title
        self.refresh(node)

    # ------------------------------------------------------------------- content

    def refresh(self, node: Node) -> None:
        """Take the texts shown from the model's current snapshot of the node."""
        self.setPos(QPointF(*node.pos))
        self._caption = _caption(node)
        self._leaf_value = None if node.kind == "op" else format_number(node.value)
        self._base_tooltip = _tooltip(node)
        if node.kind == "op":
            self._set_arity(get_op(node.op).arity)
        self._port_names = get_op(node.op).ports if node.kind == "op" else ()
        self.update()

    def set_title(self, title: str) -> None:
        """The node's name (:func:`~backprop_gui.core.naming.node_name`), given by the scene."""
        if title != self._title:
            self._title = title
            self.update()

    def _set_arity(self, arity: int) -> None:
        """One operand port per operand; the ports kept keep their edges, and move."""
        offsets = [0.0] if arity == 1 else [-PORT_SPREAD, PORT_SPREAD]
        del self.input_ports[arity:]
        for index in range(len(self.input_ports), arity):
            self.input_ports.append(PortItem(self, index, QPointF()))
        for port, offset in zip(self.input_ports, offsets):
            port.local_pos = QPointF(-W / 2, BODY_MIDDLE + offset)

    def ports(self) -> list[PortItem]:
        return [*self.input_ports, self.output_port]

    def port_at(self, scene_pos: QPointF) -> PortItem | None:
        return next((port for port in self.ports() if port.hit(scene_pos)), None)

    def wire_state_changed(self) -> None:
        self.update()

    def edge_items(self) -> set:
        return set().union(*(port.edges for port in self.ports()))

    # ------------------------------------------------------- results (the passes)

    def set_result(
        self, value, grad, fill: QColor | None, issue: str | None, stale: bool,
        tangent_of: str | None = None, blanks=(),
    ):  # fmt: skip
        self._result = ResultShown(value, grad, fill, issue, stale, tangent_of, tuple(blanks))
        self.update()

    def set_check_mark(self, mark: str | None) -> None:
        """The gradient check's verdict on this node: "✓", "⚠" or None (none shown)."""
        self._check_mark = mark
        self.update()

    def clear_result(self) -> None:
        self._result = None
        self.update()

    def set_highlighted(self, on: bool) -> None:
        self._highlighted = on
        self.update()

    def set_output_marker(self, on: bool) -> None:
        self._output_marker = on
        self.update()

    def shown(self) -> CardShown:
        """What the card draws right now, from the same helpers ``paint`` uses."""
        return CardShown(
            title=self._title,
            caption=self._caption,
            lines=tuple(f"{line[0]} {line[1]}".lstrip() for line in self._fitted_lines()),
            fill=QColor(self._fill()),
            border=self._border(),
            highlighted=self._highlighted,
            output_marker=self._output_marker,
            issue=self._issue,
            stale=self._stale,
            check_mark=self._check_mark,
        )

    def tooltip_text(self, formulas: list[str]) -> str:
        """The tooltip (rich text), made when it is shown: see GraphScene.helpEvent.

        ``formulas`` are the op's value and local derivatives in its operands' names
        (:func:`~backprop_gui.core.chainrule.node_formulas`).
        """
        lines = [f"<b>{escape(self._title)}</b> · {self._base_tooltip}", *formulas]
        shown = self._result
        if shown is not None:
            lines.append(f"value: {full_precision(shown.value)}")
            if shown.grad is not None:
                derivative = (
                    f"d output/d {self._title}" if shown.tangent_of is None
                    else f"d {self._title}/d {shown.tangent_of}"
                )  # fmt: skip
                lines.append(f"grad ({derivative}): {full_precision(shown.grad)}")
            if shown.issue:
                lines.append(f"⚠ {escape(shown.issue, quote=False)}")
            if shown.stale:
                lines.append("(out of date: the graph changed since the last run)")
        return "<br>".join(lines)

    # ------------------------------------------------------------------- drawing

    def boundingRect(self) -> QRectF:
        return _BOUNDS

    def shape(self) -> QPainterPath:
        return self._path

    def card_rect(self) -> QRectF:
        """The card's rectangle in the scene (what edges go around)."""
        return CARD_RECT.translated(self.pos())

    def move_edges(self) -> None:
        """Bring the edges' ends to where the card is now."""
        for edge in self.edge_items():
            edge.ends_moved()

    def paint(self, painter, option, widget=None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        fill = self._fill()
        if lod < LOD_BLOCK:
            painter.setRenderHint(painter.RenderHint.Antialiasing, False)
            painter.fillRect(CARD_RECT, theme.SELECTION if self.isSelected() else fill)
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        if self._highlighted:
            painter.setPen(QPen(theme.HIGHLIGHT, 4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(CARD_RECT.adjusted(-3, -3, 3, 3), 10, 10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(fill))
        painter.drawPath(self._path)
        self._paint_header(painter)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_border_pen(self._border()))
        painter.drawPath(self._path)
        if lod >= LOD_TEXT:
            self._paint_header_texts(painter)
            self._paint_body_texts(painter, theme.text_color_on(fill))
        else:
            self._paint_far_numbers(painter, theme.text_color_on(fill))
        if lod >= LOD_PORTS:
            for port in self.ports():
                port.paint(painter)

    @property
    def _issue(self) -> str | None:
        return self._result.issue if self._result is not None else None

    @property
    def _stale(self) -> bool:
        return self._result is not None and self._result.stale

    def _fill(self) -> QColor:
        """The body colour: the passes' fill (faded when stale), else the plain card."""
        if self._result is None or self._result.fill is None:
            return theme.CARD
        fill = self._result.fill
        if self._result.stale:  # halfway to white
            return QColor.fromRgbF(
                (fill.redF() + 1) / 2, (fill.greenF() + 1) / 2, (fill.blueF() + 1) / 2
            )
        return fill

    def _border(self) -> Border:
        if self._issue:
            return "warning"
        if self.isSelected():
            return "selected"
        return "plain"

    def _paint_header(self, painter) -> None:
        """A strip in a light tint of the kind's colour, with the kind's colour on top."""
        kind_color = theme.KIND_COLORS[self.kind]
        tint = QColor(kind_color)
        tint.setAlphaF(0.13)
        painter.save()
        painter.setClipPath(self._path)
        painter.fillRect(HEADER_RECT, theme.CARD)
        painter.fillRect(HEADER_RECT, tint)
        painter.fillRect(QRectF(HEADER_RECT.left(), HEADER_RECT.top(), W, 3), kind_color)
        painter.restore()
        painter.setPen(QPen(tint.darker(110), 1))
        painter.drawLine(QPointF(-W / 2, BODY_TOP), QPointF(W / 2, BODY_TOP))

    def _paint_header_texts(self, painter) -> None:
        """The kind (or op name) on the left; the output badge and ⚠ on the right."""
        room = HEADER_RECT.adjusted(8, 3, -8, 0)
        painter.setFont(theme.ui_font(10, bold=True))
        painter.setPen(theme.kind_ink(self.kind))
        painter.drawText(room, Qt.AlignmentFlag.AlignVCenter, self._caption)
        if self._output_marker:
            room = self._paint_output_badge(painter, room)
        marks = self._check_mark or ""
        if self._issue and "⚠" not in marks:
            marks = "⚠" + marks
        if marks:
            painter.setPen(theme.WARNING if "⚠" in marks else theme.ACCEPT)
            painter.setFont(theme.ui_font(11, bold=True))
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(room, right, marks)

    def _paint_output_badge(self, painter, room: QRectF) -> QRectF:
        """A dark "OUTPUT" pill at the right of ``room``; returns the room left of it."""
        painter.setFont(theme.ui_font(9, bold=True))
        width = painter.fontMetrics().horizontalAdvance("OUTPUT") + 10
        badge = QRectF(room.right() - width + 4, room.top() + 1.5, width, 12)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.OUTPUT_BADGE)
        painter.drawRoundedRect(badge, 6, 6)
        painter.setPen(theme.text_color_on(theme.OUTPUT_BADGE))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "OUTPUT")
        return room.adjusted(0, 0, -width - 2, 0)

    def _paint_body_texts(self, painter, ink: QColor) -> None:
        """Port names, then the name over the number lines, centred in the body."""
        faint = _faded(ink)
        painter.setPen(faint)
        painter.setFont(theme.ui_font(WORD_SIZE))
        for port, name in zip(self.input_ports, self._port_names):
            rect = QRectF(-W / 2 + 7, port.local_pos.y() - 7, 12, 14)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, name)
        lines = self._fitted_lines()
        top = BODY_MIDDLE - (TITLE_HEIGHT + LINE_HEIGHT * len(lines)) / 2
        painter.setPen(ink)
        painter.setFont(theme.ui_font(TITLE_SIZE, bold=True))
        title = self._elided(painter, self._title)
        painter.drawText(QRectF(-W / 2 + 14, top, W - 28, TITLE_HEIGHT), CENTER, title)
        number_ink = faint if self._stale else ink
        word_font, number_font = _line_fonts()
        for index, (word, number, word_width, number_width) in enumerate(lines):
            y = top + TITLE_HEIGHT + LINE_HEIGHT * index
            left = -(word_width + number_width) / 2
            painter.setPen(faint)
            painter.setFont(word_font)
            painter.drawText(QRectF(left, y, word_width, LINE_HEIGHT), BASELINE_LEFT, word)
            rect = QRectF(left + word_width, y, number_width + 1, LINE_HEIGHT)
            painter.setPen(paint_practice_field(painter, rect, number) or number_ink)
            painter.setFont(number_font)
            painter.drawText(rect, BASELINE_LEFT, number)

    def _paint_far_numbers(self, painter, ink: QColor) -> None:
        """Zoomed out: value and gradient alone, large, filling the card."""
        lines = self._number_lines()
        painter.setPen(_faded(ink) if self._stale else ink)
        painter.setFont(theme.mono_font(FAR_NUMBER_SIZE, bold=True))
        top = -FAR_LINE_HEIGHT * len(lines) / 2 + theme.HEADER_HEIGHT / 4
        for index, (_word, number) in enumerate(lines):
            y = top + FAR_LINE_HEIGHT * index
            painter.drawText(QRectF(-W / 2, y, W, FAR_LINE_HEIGHT), CENTER, number)

    def _fitted_lines(self) -> list[tuple[str, str, float, float]]:
        """(word, number, the word's width with its gap, the number's width) for each
        number line as drawn: one too wide for the room between the port names (a long
        number such as −0.003601) drops its word and keeps the number whole."""
        word_metrics, number_metrics = (QFontMetricsF(font) for font in _line_fonts())
        fitted = []
        for word, number in self._number_lines():
            word_width = word_metrics.horizontalAdvance(word) + 4
            number_width = number_metrics.horizontalAdvance(number)
            if word_width + number_width > LINE_ROOM:
                word, word_width = "", 0.0
            fitted.append((word, number, word_width, number_width))
        return fitted

    def _number_lines(self) -> list[tuple[str, str]]:
        """(word, number) for the value and the gradient, those there are.

        Before any pass, inputs and constants show their value; a value the title
        already says (a constant labelled "1") is not repeated.
        """
        value_text, grad_text = self._leaf_value, ""
        if self._result is not None:
            value, grad = self._result.value, self._result.grad
            if value is not None:
                value_text = format_number(value)
            if grad is not None:
                grad_text = format_number(grad)
            marks = dict(self._result.blanks)
            value_text = practice_number(value_text, marks.get("value"))
            grad_text = practice_number(grad_text, marks.get("grad"))
        if value_text == self._title:
            value_text = ""
        tangent_of = self._result.tangent_of if self._result is not None else None
        grad_word = GRAD_WORD if tangent_of is None else f"d/d{tangent_of}"
        pairs = ((VALUE_WORD, value_text), (grad_word, grad_text))
        return [(word, text) for word, text in pairs if text]

    def _elided(self, painter, text: str) -> str:
        return painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(W - 28))


def _caption(node: Node) -> str:
    if node.kind == "op":
        return node.op
    if node.trainable:
        return "input · trainable"
    return _KIND_CAPTIONS[node.kind]


def _tooltip(node: Node) -> str:
    """The card's kind, rich text: ``exp``, or ``input = 0.5``."""
    if node.kind == "op":
        return escape(get_op(node.op).name)
    return f"{node.kind} = {full_precision(node.value)}"


def _faded(ink: QColor) -> QColor:
    faded = QColor(ink)
    faded.setAlphaF(0.65)
    return faded


def _line_fonts() -> tuple[QFont, QFont]:
    """The fonts of a number line's word and of its number."""
    return theme.ui_font(WORD_SIZE), theme.mono_font(NUMBER_SIZE, bold=True)
