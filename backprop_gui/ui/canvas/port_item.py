"""A port on a node card: an operand input on the left or the output on the right.

Ports are drawn and hit-tested by their card rather than being scene items of their
own: three fewer items per node keeps a scene of thousands of nodes quick to paint,
fill and empty. A port knows the edge items attached to it (so a moving card finds
its edges) and how it looks while a wire is dragged (accepting, or targeted).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPen

from .. import theme

HIT_RADIUS = 10.0  # generous, so a port is easy to hit with a wire
RADIUS = theme.PORT_RADIUS


class PortItem:
    def __init__(self, node_item, port: int | None, local_pos: QPointF):
        self.node_item = node_item
        self.port = port  # the operand index, or None for the output
        self.local_pos = local_pos
        self.edges: set = set()
        self.accepting = False
        self.targeted = False

    @property
    def node_id(self) -> str:
        return self.node_item.node_id

    @property
    def is_output(self) -> bool:
        return self.port is None

    def scenePos(self) -> QPointF:
        return self.node_item.pos() + self.local_pos

    def hit(self, scene_pos: QPointF) -> bool:
        delta = scene_pos - self.scenePos()
        return delta.x() ** 2 + delta.y() ** 2 <= HIT_RADIUS**2

    def update(self) -> None:
        self.node_item.update()

    def set_wire_state(self, accepting: bool, targeted: bool = False) -> None:
        if (accepting, targeted) != (self.accepting, self.targeted):
            self.accepting, self.targeted = accepting, targeted
            self.node_item.wire_state_changed()

    # ------------------------------------------------------------------ drawing

    def paint(self, painter) -> None:
        """Draw in the card's coordinates."""
        center = self.local_pos
        if self.accepting:
            ring = RADIUS + (5.0 if self.targeted else 3.5)
            painter.setPen(Qt.PenStyle.NoPen)
            color = theme.ACCEPT if self.targeted else theme.ACCEPT.lighter(170)
            painter.setBrush(QBrush(color))
            painter.drawEllipse(center, ring, ring)
        if self.is_output:
            self._paint_output(painter, center)
        else:
            painter.setPen(QPen(theme.EDGE, 1.5))
            painter.setBrush(QBrush(theme.EDGE if self.edges else theme.CARD))
            painter.drawEllipse(center, RADIUS - 0.5, RADIUS - 0.5)

    def _paint_output(self, painter, center: QPointF) -> None:
        """The output's shape tells the node's kind: a square for a constant, else a circle."""
        kind = self.node_item.kind
        painter.setPen(QPen(theme.CARD, 1.5))
        painter.setBrush(QBrush(theme.KIND_COLORS[kind]))
        if kind == "constant":
            side = 2 * RADIUS - 1
            square = QRectF(center.x() - side / 2, center.y() - side / 2, side, side)
            painter.drawRoundedRect(square, 1.5, 1.5)
        else:
            painter.drawEllipse(center, RADIUS, RADIUS)
