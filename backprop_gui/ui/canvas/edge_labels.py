"""Where each edge's local-derivative label goes: on its curve, clear of every card,
port and other label.

Edges nearer the output choose first (they carry the gradient the person reads
last and most). Each tries points along its curve, from the middle outwards, on the
curve and just above and below it; the first spot whose rectangle meets no card, no
port and no label already placed wins. An
edge with no free spot hides its label; its tooltip still gives the number. Parallel
edges (``x·x``, ``a + a``) thus spread apart instead of stacking.

Obstacles live in a coarse grid of buckets, so placing every label of a graph of
thousands of nodes stays quick.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF

from .. import theme
from .edge_item import LABEL_SIZE, EdgeItem
from .node_item import CARD_RECT, NodeItem

ALONG = (0.5, 0.38, 0.62, 0.27, 0.73, 0.18, 0.82)  # places on the curve, tried in order
ACROSS = (0.0, -1.0, 1.0, -2.0, 2.0)  # on the curve, above, below (label heights + gap)
GAP = 2.0  # between a label and what it must not touch
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

    def hits(self, rect: QRectF) -> bool:
        return any(
            other.intersects(rect) for key in self._keys(rect) for other in self._cells.get(key, ())
        )


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
    for edge in sorted(edges, key=lambda e: (-rank.get(e.target, 0), e.port)):
        spot = next((r for r in _candidates(edge) if not grid.hits(r)), None)
        if spot is not None:
            grid.add(spot)
        edge.set_label_place(spot)


def _candidates(edge: EdgeItem) -> Iterable[QRectF]:
    width, height = LABEL_SIZE
    path = edge.path()
    for t in ALONG:
        point = path.pointAtPercent(t)
        for across in ACROSS:
            centre = point + QPointF(0, across * (height + GAP))
            yield QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
