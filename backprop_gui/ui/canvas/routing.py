"""Edge routes that go around cards instead of behind them.

An edge is first the plain horizontal-tangent cubic from its output port to its
operand port. When that curve would pass behind a third card, the route bends
around the blocking cards: a cubic to a waypoint beside the first of them, a
straight run just above (or below) them all, and a cubic on to the port. The side
with the shorter detour wins; cards the detour itself meets join the blockers and
the route is tried again, a few times at most.

An edge that runs back left to a card below it (where a deep graph wraps into bands,
like lines of text) instead wraps like the text does: out of its port, down beside
its source's column, left along the widest free gap above the target's card, down
beside the target's column and into its port, with rounded corners. Edges that share
such a way take lanes side by side, nested so that they do not cross where their
order allows it.

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
LANE = 6.0  # between side-by-side runs of edges that wrap back to a band below
FIRST_LANE = 12.0  # from a port to the nearest wrapping run beside its card
LAST_LANE = 48.0  # the furthest a wrapping run strays beside a card (the columns' gap)
BEND = 8.0  # the corner radius of a wrapping route
SOURCE_WEIGHT = 1.25  # a source's lane counts a little more than a target's in the run's
# height, so two runs that cross anyway do not share one line

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
    """The pieces of the edge from ``start`` to ``end``: a wrapping route back to a
    card below; else the plain curve when no card other than ``ends`` (the keys of its
    own cards) is in its way, else a detour."""
    if end.x() < start.x():
        wrapped = _wrap_back(start, end, cards, ends)
        if wrapped is not None:
            return wrapped
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


def _wrap_back(start: QPointF, end: QPointF, cards: RectGrid, ends: tuple) -> list[Cubic] | None:
    """The wrapping route (see the module's docstring), or None where the target's card
    is not below the source's or no card-free way of that shape exists.

    The lanes nest: the higher the source in its column, the further out its drop and
    the lower its run; the lower the target port in its column, the further out its
    drop and the higher its run. Each edge works its lanes out alone, from the cards
    around it, so no edge needs to know the others; lanes crowd closer towards the
    edge of the room they have (``_beside``, and a run's height through tanh) rather
    than merge."""
    source, target = cards.rect(ends[0]), cards.rect(ends[1])
    if source is None or target is None or target.top() - source.bottom() < 2 * MARGIN:
        return None
    reach = QRectF(
        QPointF(end.x() - LAST_LANE, source.bottom()), QPointF(start.x() + LAST_LANE, target.top())
    )
    others = [cards.rect(key) for key in cards.near(reach) if key not in ends]
    gap = _widest_gap(others, source.bottom(), target.top())
    if gap is None:
        return None
    above, below = gap
    under_source = sum(
        r.left() < source.center().x() < r.right() and r.bottom() <= above for r in others
    )
    over_target = sum(
        r.left() < target.center().x() < r.right() and r.top() >= below for r in others
    )
    target_lane = 2 * over_target + 2 * (end.y() - target.top()) / target.height()
    out_x = start.x() + _beside(under_source)
    in_x = end.x() - _beside(target_lane)
    half = (below - above) / 2 - BEND  # how far a run may stray from the gap's middle
    offset = LANE * (SOURCE_WEIGHT * under_source - target_lane)
    run_y = (above + below) / 2 + (half * math.tanh(offset / half) if half > 0 else 0.0)
    corners = [QPointF(out_x, start.y()), QPointF(out_x, run_y), QPointF(in_x, run_y)]
    pieces = _rounded([start, *corners, QPointF(in_x, end.y()), end])
    return None if blockers(pieces, cards, ends) else pieces


def _beside(lane: float) -> float:
    """How far beside a card the run in ``lane`` (0, 1, …) goes: LANE apart at first,
    closer and closer further out, so that any number of lanes stays within LAST_LANE."""
    shrink = 1 - LANE / (LAST_LANE - FIRST_LANE)
    return FIRST_LANE + (LAST_LANE - FIRST_LANE) * (1 - shrink**lane)


def _widest_gap(rects: list[QRectF], top: float, bottom: float) -> tuple[float, float] | None:
    """The widest stretch of y between ``top`` and ``bottom`` (two cards' edges) that
    ``rects`` leave free, MARGIN from every card (the lower one of equals); None if
    none is 2·BEND wide."""
    gaps, free_from = [], top + MARGIN
    for rect in sorted(rects, key=QRectF.top):
        if rect.top() - MARGIN > free_from:
            gaps.append((free_from, rect.top() - MARGIN))
        free_from = max(free_from, rect.bottom() + MARGIN)
    if bottom - MARGIN > free_from:
        gaps.append((free_from, bottom - MARGIN))
    wide = [gap for gap in gaps if gap[1] - gap[0] >= 2 * BEND]
    return max(wide, key=lambda gap: (gap[1] - gap[0], gap[0]), default=None)


def _rounded(points: list[QPointF]) -> list[Cubic]:
    """The polyline through ``points`` as straight runs joined by corners of radius
    BEND (less where a run is too short for two of them)."""
    pieces, current = [], points[0]
    for corner, following in zip(points[1:-1], points[2:], strict=False):
        before, after = _toward(corner, current), _toward(corner, following)
        pieces.append(_run(current, before))
        pieces.append((before, (before + corner) / 2, (after + corner) / 2, after))
        current = after
    pieces.append(_run(current, points[-1]))
    return pieces


def _toward(corner: QPointF, other: QPointF) -> QPointF:
    """The point BEND from ``corner`` towards ``other``, at most half-way there."""
    along = other - corner
    length = math.hypot(along.x(), along.y())
    return corner + along * (min(BEND, length / 2) / length) if length else QPointF(corner)
