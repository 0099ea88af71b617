"""Edge routes that go around cards instead of behind them.

An edge is first the plain horizontal-tangent cubic from its output port to its
operand port. When that curve would pass behind a third card, the route bends
around the blocking cards: a cubic to a waypoint beside the first of them, a
straight run just above (or below) them all, and a cubic on to the port. The side
with the shorter detour wins; cards the detour itself meets join the blockers and
the route is tried again, a few times at most.

Routes are computed only when an edge's end moves or a card moves onto or off its
way (see ``GraphScene``), never per paint. Cards and edges are found through
:class:`RectGrid`, a coarse grid of rectangles, because the scene's item index is
off (``NoIndex``) and ``scene.items(rect)`` would walk every item.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable

import numpy as np
from PySide6.QtCore import QPointF, QRectF

CELL = 160.0  # the grid's bucket size, in scene units
MARGIN = 14.0  # room between a detour and the cards it goes around
SPACING = 12.0  # at most this far between the points checked against the cards
TRIES = 4  # detours tried before the last one is kept as it is

Cubic = tuple[QPointF, QPointF, QPointF, QPointF]


class RectGrid:
    """Rectangles by key, bucketed by the cells they cover."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], set[Hashable]] = defaultdict(set)
        self._rects: dict[Hashable, QRectF] = {}

    @staticmethod
    def _keys(rect: QRectF) -> Iterable[tuple[int, int]]:
        for i in range(int(rect.left() // CELL), int(rect.right() // CELL) + 1):
            for j in range(int(rect.top() // CELL), int(rect.bottom() // CELL) + 1):
                yield i, j

    def put(self, key: Hashable, rect: QRectF) -> None:
        self.remove(key)
        self._rects[key] = QRectF(rect)
        for cell in self._keys(rect):
            self._cells[cell].add(key)

    def remove(self, key: Hashable) -> None:
        rect = self._rects.pop(key, None)
        if rect is None:
            return
        for cell in self._keys(rect):
            self._cells[cell].discard(key)

    def clear(self) -> None:
        self._cells.clear()
        self._rects.clear()

    def rect(self, key: Hashable) -> QRectF | None:
        return self._rects.get(key)

    def near(self, rect: QRectF) -> set[Hashable]:
        """The keys whose rectangles meet ``rect``."""
        found = set()
        for cell in self._keys(rect):
            found.update(self._cells.get(cell, ()))
        return {key for key in found if self._rects[key].intersects(rect)}


class Routes:
    """The scene's cards and its edges' ways, kept so that a moved card finds the
    edges it may now block, or no longer blocks, without looking at every edge."""

    def __init__(self) -> None:
        self.cards = RectGrid()  # by node id
        self._ways = RectGrid()  # by edge item: the rectangle its route spans

    def clear(self) -> None:
        self.cards.clear()
        self._ways.clear()

    def route(self, edge, start: QPointF, end: QPointF, ends: tuple) -> list[Cubic]:
        """The edge's route (see :func:`route`), remembered as the edge's way."""
        pieces = route(start, end, self.cards, ends)
        self._ways.put(edge, _hull(pieces).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
        return pieces

    def forget(self, edge) -> None:
        self._ways.remove(edge)

    def card_moved(self, node_id: str, rect: QRectF | None) -> set:
        """Put the card at ``rect`` (None: it is gone); the edges whose way met the card
        before or meets it now, to be routed again."""
        old = self.cards.rect(node_id)
        if rect is None:
            self.cards.remove(node_id)
        else:
            self.cards.put(node_id, rect)
        affected = set()
        for place in (old, rect):
            if place is not None:
                affected |= self._ways.near(place)
        return affected


def middle(piece: Cubic) -> QPointF:
    """The point halfway along the cubic's parameter."""
    p0, p1, p2, p3 = piece
    return (p0 + p1 * 3 + p2 * 3 + p3) / 8


def controls(start: QPointF, end: QPointF) -> Cubic:
    """The control points of a horizontal-tangent cubic from ``start`` (an output) to
    ``end`` (an operand port). The handles grow when the target lies behind the
    source, so the curve loops around instead of folding over itself."""
    dx = end.x() - start.x()
    handle = max(abs(dx) * 0.5, 40.0) if dx >= 0 else max(-dx * 0.6, 80.0)
    return start, start + QPointF(handle, 0), end - QPointF(handle, 0), end


def _run(start: QPointF, end: QPointF) -> Cubic:
    """A straight stretch written as a cubic, so every piece of a route is one."""
    return start, start + (end - start) / 3, start + (end - start) * (2 / 3), end


def _steps(piece: Cubic) -> int:
    """Steps along the cubic no longer than SPACING: it moves at most three times its
    longest control leg per unit of its parameter."""
    legs = (piece[i + 1] - piece[i] for i in range(3))
    longest = max(abs(leg.x()) + abs(leg.y()) for leg in legs)
    return max(4, math.ceil(3 * longest / SPACING))


def _points(piece: Cubic, steps: int) -> np.ndarray:
    """``steps`` + 1 points along the cubic, both ends included, as rows (x, y)."""
    t = np.linspace(0.0, 1.0, steps + 1)[:, None]
    weights = np.hstack([(1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t**3])
    return weights @ np.array([(p.x(), p.y()) for p in piece])


def sample(piece: Cubic, steps: int) -> list[QPointF]:
    """``steps`` + 1 points along the cubic, both ends included."""
    return [QPointF(x, y) for x, y in _points(piece, steps).tolist()]


def _hull(pieces: list[Cubic]) -> QRectF:
    """A rectangle holding every piece (a cubic lies within its control points), a
    little wider all round: a flat rectangle would meet nothing."""
    xs = [p.x() for piece in pieces for p in piece]
    ys = [p.y() for piece in pieces for p in piece]
    return QRectF(min(xs) - 1, min(ys) - 1, max(xs) - min(xs) + 2, max(ys) - min(ys) + 2)


def blockers(pieces: list[Cubic], cards: RectGrid, ends: tuple) -> list[QRectF]:
    """The rectangles of the cards (other than ``ends``) that the pieces pass through.

    The points checked lie at most SPACING apart, so a piece that crosses a card has one
    within SPACING / 2 of the card: each card is checked a little wider than that."""
    near = [cards.rect(key) for key in cards.near(_hull(pieces)) if key not in ends]
    if not near:
        return []
    points = np.vstack([_points(piece, _steps(piece)) for piece in pieces])
    pad = SPACING / 2 + 2
    x, y = points[:, 0:1], points[:, 1:2]  # columns, against a row of cards
    left, top, right, bottom = (
        np.array([[edge(rect) for rect in near]])
        for edge in (QRectF.left, QRectF.top, QRectF.right, QRectF.bottom)
    )
    inside = (x > left - pad) & (x < right + pad) & (y > top - pad) & (y < bottom + pad)
    return [rect for rect, hit in zip(near, inside.any(axis=0), strict=True) if hit]


def route(start: QPointF, end: QPointF, cards: RectGrid, ends: tuple) -> list[Cubic]:
    """The pieces of the edge from ``start`` to ``end``: the plain curve when no card
    other than ``ends`` (the keys of its own cards) is in its way, else a detour."""
    pieces = [controls(start, end)]
    blocking = blockers(pieces, cards, ends)
    around = QRectF()
    for _ in range(TRIES):
        if not blocking:
            break
        for rect in blocking:
            around = around.united(rect)
        pieces = _detour(start, end, around.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
        blocking = blockers(pieces, cards, ends)
    return pieces


def _detour(start: QPointF, end: QPointF, around: QRectF) -> list[Cubic]:
    """Around ``around`` along its top or bottom, whichever is the shorter way."""
    above, below = around.top(), around.bottom()
    cost = lambda y: abs(start.y() - y) + abs(end.y() - y)  # noqa: E731
    y = above if cost(above) <= cost(below) else below
    left, right = around.left(), around.right()
    if end.x() >= start.x():  # never back behind the ports it runs between
        first, last = max(left, start.x()), min(right, end.x())
    else:
        first, last = right, left
    a, b = QPointF(first, y), QPointF(last, y)
    return [controls(start, a), _run(a, b), controls(b, end)]
