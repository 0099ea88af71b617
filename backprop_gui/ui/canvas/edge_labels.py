"""Where each edge's local-derivative label goes: on its curve, clear of every card,
port and other label.

Edges nearer the output choose first (they carry the gradient the person reads
last and most). Each tries places along its curve, from the middle outwards; at each
it finds the free spot nearest the curve straight above or below it, at most
``REACH`` away, where the rectangle meets no card, no port and no label already
placed (so a label wider than the gap between two layers of cards slides into the
gap between two rows). The spot nearest the curve wins, the earlier place on a tie.
An edge with no free spot hides its label; its tooltip still gives the number.
Parallel edges (``x·x``, ``a + a``) thus spread apart instead of stacking.

Obstacles live in a coarse grid of buckets, so placing every label of a graph of
thousands of nodes stays quick.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF

from .. import theme
from .edge_item import EdgeItem, label_box, label_width
from .node_item import CARD_RECT, NodeItem

ALONG = (0.5, 0.38, 0.62, 0.27, 0.73, 0.18, 0.82, 0.1, 0.9)  # places on the curve, in order
REACH = theme.CARD_HEIGHT  # how far a label may slide off its curve: past a card beside it
GAP = 2.0  # between a label and what it must not touch
_NUDGE = 0.01  # keeps a label set against an obstacle from overlapping it by a rounding
CELL = 120.0  # the grid's bucket size, in scene units
_PORT_ROOM = theme.PORT_RADIUS + GAP


class _Grid:
    """Rectangles bucketed by the cells they cover."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[QRectF]] = defaultdict(list)

    def _keys(self, rect: QRectF) -> Iterable[tuple[int, int]]:
        for i in range(int(rect.left() // CELL), int(rect.right() // CELL) + 1):
            for j in range(int(rect.top() // CELL), int(rect.bottom() // CELL) + 1):
                yield i, j

    def add(self, rect: QRectF) -> None:
        for key in self._keys(rect):
            self._cells[key].append(rect)

    def within(self, rect: QRectF) -> list[QRectF]:
        """The rectangles that overlap ``rect`` (one may come more than once)."""
        return [
            other
            for key in self._keys(rect)
            for other in self._cells.get(key, ())
            if other.intersects(rect)
        ]


def obstacles(item: NodeItem) -> list[QRectF]:
    """The card's rectangle and its ports' squares in the scene, each with a gap around."""
    ports = [port.scenePos() for port in item.ports()]
    return [CARD_RECT.translated(item.pos()).adjusted(-GAP, -GAP, GAP, GAP)] + [
        QRectF(p.x() - _PORT_ROOM, p.y() - _PORT_ROOM, 2 * _PORT_ROOM, 2 * _PORT_ROOM)
        for p in ports
    ]


def place_labels(nodes: Iterable[NodeItem], edges: list[EdgeItem], order: list[str]) -> None:
    """Give every edge its label's place (or none). ``order`` is the nodes' order in the
    graph: edges into later nodes (nearer the output) choose first."""
    grid = _Grid()
    for item in nodes:
        for rect in obstacles(item):
            grid.add(rect)
    rank = {node_id: index for index, node_id in enumerate(order)}
    height = label_box().height
    for edge in sorted(edges, key=lambda e: (-rank.get(e.target, 0), e.port)):
        text = edge.label_text()
        spot = None if text is None else _best_spot(grid, edge.path(), label_width(text), height)
        if spot is not None:
            grid.add(spot)
        edge.set_label_place(spot, len(text or ""))


def _best_spot(grid: _Grid, path, width: float, height: float) -> QRectF | None:
    """Of the free spots at the places ``ALONG`` the curve, the nearest to the curve
    (the first place on it, if any)."""
    best, least = None, REACH
    for t in ALONG:
        point = path.pointAtPercent(t)
        spot = _free_spot(grid, point, width, height, least)
        if spot is not None:
            best, least = spot, abs(spot.center().y() - point.y())
            if least == 0:
                break
    return best


def _free_spot(grid: _Grid, point: QPointF, width: float, height: float, reach: float):
    """The label's rectangle centred on ``point`` across, and straight above or below it
    as near as it meets nothing in ``grid`` (less than ``reach`` away); None if nowhere."""
    left, ideal = point.x() - width / 2, point.y() - height / 2
    blockers = grid.within(QRectF(left, ideal - reach, width, height + 2 * reach))
    tops = [ideal]
    for blocker in blockers:
        tops += [blocker.top() - height - _NUDGE, blocker.bottom() + _NUDGE]
    for top in sorted((t for t in tops if abs(t - ideal) < reach), key=lambda t: abs(t - ideal)):
        rect = QRectF(left, top, width, height)
        if not any(blocker.intersects(rect) for blocker in blockers):
            return rect
    return None
