"""A port on a node card: an operand input on the left or the output on the right."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from .. import theme

HIT_RADIUS = 10.0  # generous, so a port is easy to hit with a wire
_DRAWN = theme.PORT_RADIUS


class PortItem(QGraphicsItem):
    """A child of its node's card. ``port`` is the operand index, or None for the output.

    It knows the edge items attached to it (so a moving node finds its edges) and how
    it is drawn while a wire is dragged (accepting, or the wire's current target).
    """

    def __init__(self, node_item, port: int | None, local_pos: QPointF):
        super().__init__(node_item)
        self.node_item = node_item
        self.port = port
        self.edges: set = set()
        self.accepting = False
        self.targeted = False
        self.setPos(local_pos)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the scene handles wiring

    @property
    def node_id(self) -> str:
        return self.node_item.node_id

    @property
    def is_output(self) -> bool:
        return self.port is None

    def boundingRect(self) -> QRectF:
        return QRectF(-HIT_RADIUS, -HIT_RADIUS, 2 * HIT_RADIUS, 2 * HIT_RADIUS)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(self.boundingRect())
        return path

    def set_wire_state(self, accepting: bool, targeted: bool = False) -> None:
        if (accepting, targeted) != (self.accepting, self.targeted):
            self.accepting, self.targeted = accepting, targeted
            self.update()

    def paint(self, painter, option, widget=None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < 0.4 and not self.accepting:
            return  # too small to aim at; the card alone is drawn
        painter.setRenderHint(painter.RenderHint.Antialiasing, lod >= 0.4)
        if self.accepting:
            ring = _DRAWN + (5.0 if self.targeted else 3.5)
            painter.setPen(Qt.PenStyle.NoPen)
            color = theme.ACCEPT if self.targeted else theme.ACCEPT.lighter(170)
            painter.setBrush(QBrush(color))
            painter.drawEllipse(QPointF(0, 0), ring, ring)
        if self.is_output:
            self._paint_output(painter)
        else:
            self._paint_input(painter)

    def _paint_input(self, painter) -> None:
        painter.setPen(QPen(theme.EDGE, 1.5))
        painter.setBrush(QBrush(theme.EDGE if self.edges else theme.CARD))
        painter.drawEllipse(QPointF(0, 0), _DRAWN - 0.5, _DRAWN - 0.5)

    def _paint_output(self, painter) -> None:
        """The output's shape tells the node's kind: a square for a constant, else a circle."""
        kind = self.node_item.kind
        painter.setPen(QPen(theme.CARD, 1.5))
        painter.setBrush(QBrush(theme.KIND_COLORS[kind]))
        if kind == "constant":
            side = 2 * _DRAWN - 1
            painter.drawRoundedRect(QRectF(-side / 2, -side / 2, side, side), 1.5, 1.5)
        else:
            painter.drawEllipse(QPointF(0, 0), _DRAWN, _DRAWN)
