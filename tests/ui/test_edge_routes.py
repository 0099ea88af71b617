"""Edges go around the cards in their way: after opening a graph, after a card is
dragged onto an edge's way, and on every shipped example after Fit, no edge's path
passes behind a card other than its own two."""

from __future__ import annotations

import pytest
from editor_helpers import drag, node_center
from PySide6.QtCore import QPointF, QRectF

from backprop_gui.core import Graph
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.ui.canvas.routing import RectGrid, blockers, route, sample

EXAMPLES = sorted(path.name for path in EXAMPLES_DIR.glob("*.bpg.json"))
STEPS = 400  # points sampled along each edge's path


def cards_crossed(scene) -> list[tuple[str, str, str]]:
    """(edge source, edge target, card) for every card an edge's path passes behind."""
    crossed = []
    for edge in scene.edge_items():
        path = edge.path()
        points = [path.pointAtPercent(step / STEPS) for step in range(STEPS + 1)]
        for item in scene.node_items():
            if item.node_id in (edge.source, edge.target):
                continue
            if any(item.card_rect().contains(point) for point in points):
                crossed.append((edge.source, edge.target, item.node_id))
    return crossed


def blocked_graph() -> Graph:
    """x → n, straight along a row, with the card w half-way between them."""
    graph = Graph()
    graph.add_node("input", id="x", value=1.0, pos=(0, 0))
    graph.add_node("input", id="w", value=2.0, pos=(300, 0))
    graph.add_node("input", id="v", value=3.0, pos=(300, 300))
    node = graph.add_node("op", id="n", op="neg", pos=(600, 0))
    graph.connect("x", node, 0)
    return graph


def test_an_edge_goes_around_a_card_in_its_way(window):
    window.document.replace_graph(blocked_graph(), None)
    scene = window.scene
    start = scene.node_item("x").output_port.scenePos()
    assert scene.node_item("w").card_rect().contains(QPointF(300, start.y()))  # in the way
    assert cards_crossed(scene) == []
    path = scene.edge_item("x", "n", 0).path()
    assert path.pointAtPercent(0).toPoint() == start.toPoint()  # still port to port
    end = scene.node_item("n").input_ports[0].scenePos()
    assert path.pointAtPercent(1).toPoint() == end.toPoint()


def test_a_card_dragged_onto_an_edge_sends_it_around_and_off_lets_it_back(window, qtbot):
    graph = blocked_graph()
    graph.set_pos("w", (300, -300))  # out of the way at first
    window.document.replace_graph(graph, None)
    window.canvas.fit_to_view()
    scene = window.scene
    edge = scene.edge_item("x", "n", 0)
    straight = edge.path().boundingRect()
    drag(window, node_center(window, "v"), QPointF(300, 0))  # onto the edge's way
    assert scene.node_item("v").card_rect().contains(QPointF(300, 0))
    assert cards_crossed(scene) == []
    assert edge.path().boundingRect().height() > straight.height() + 20  # a detour
    window.document.undo_stack.undo()  # the card back where it was: the way is clear
    assert edge.path().boundingRect() == straight


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_edge_passes_behind_a_card_in_an_example(window, qtbot, name):
    assert window.open_path(str(EXAMPLES_DIR / name))
    qtbot.waitUntil(lambda: not window.canvas._fit_pending)
    window.canvas.fit_to_view()
    assert cards_crossed(window.scene) == []


def polyline(pieces, steps: int = 40) -> list[QPointF]:
    return [point for piece in pieces for point in sample(piece, steps)]


def cross(a: list[QPointF], b: list[QPointF]) -> bool:
    """Whether the two polylines cross (touching ends do not count)."""

    def turn(p, q, r) -> float:
        return (q.x() - p.x()) * (r.y() - p.y()) - (q.y() - p.y()) * (r.x() - p.x())

    return any(
        turn(p1, p2, q1) * turn(p1, p2, q2) < 0 and turn(q1, q2, p1) * turn(q1, q2, p2) < 0
        for p1, p2 in zip(a, a[1:])
        for q1, q2 in zip(b, b[1:])
    )


def column_of_cards(grid: RectGrid, prefix: str, left: float, top: float, rows: int):
    rects = [QRectF(left, top + row * 100, 120, 72) for row in range(rows)]
    for row, rect in enumerate(rects):
        grid.put(f"{prefix}{row}", rect)
    return rects


@pytest.mark.parametrize("rows", [3, 8])
def test_edges_wrapping_back_to_a_band_below_nest_in_lanes_along_the_gap(rows):
    """The cards at the end of one band feed the cards at the start of the band below,
    top to top: the routes run down beside the sources, left along the gap between the
    bands and down beside the targets, each in a lane of its own, and none crosses
    another."""
    grid = RectGrid()
    sources = column_of_cards(grid, "s", 600, 0, rows)
    targets = column_of_cards(grid, "t", 0, sources[-1].bottom() + 128, rows)
    routes = [
        route(
            QPointF(s.right(), s.center().y()),
            QPointF(t.left(), t.center().y()),
            grid,
            (f"s{i}", f"t{i}"),
        )
        for i, (s, t) in enumerate(zip(sources, targets, strict=True))
    ]
    lines = [polyline(pieces) for pieces in routes]
    runs, drops, turns = [], [], []
    for index, line in enumerate(lines):
        assert blockers(routes[index], grid, (f"s{index}", f"t{index}")) == []
        run = [p.y() for p in line if 130 < p.x() < 590]  # between the two columns
        assert max(run) - min(run) < 1e-6  # one straight run
        assert sources[-1].bottom() < run[0] < targets[0].top()  # in the gap
        runs.append(run[0])
        drops.append(routes[index][2][0].x())  # the straight drop beside the source
        turns.append(routes[index][6][0].x())  # the straight drop beside the target
        for other in lines[index + 1 :]:
            assert not cross(line, other)
    for lanes in (runs, drops, turns):
        ordered = sorted(lanes)
        assert min(b - a for a, b in zip(ordered, ordered[1:])) > 0.5  # never one line
    assert max(drops) <= sources[0].right() + 50 and min(turns) >= targets[0].left() - 50


def test_a_wrapping_route_with_no_free_gap_goes_around_instead():
    grid = RectGrid()
    source, target = QRectF(600, 0, 120, 72), QRectF(0, 100, 120, 72)
    grid.put("s", source)
    grid.put("t", target)
    grid.put("wall", QRectF(-200, 60, 1200, 50))  # fills the room between them
    start, end = QPointF(720, 36), QPointF(0, 136)
    pieces = route(start, end, grid, ("s", "t"))
    assert len(pieces) in (1, 3)  # the plain curve or a detour, not the wrapping shape
    assert pieces[0][0] == start and pieces[-1][-1] == end


@pytest.mark.parametrize(("name", "wraps"), [("mlp.bpg.json", 2), ("exploding.bpg.json", 1)])
def test_a_wrapped_example_reads_band_by_band(window, qtbot, name, wraps):
    """Only computed values wrap to the next band (inputs and constants start the band
    of their consumer), and the wrapping edges do not cross one another."""
    assert window.open_path(str(EXAMPLES_DIR / name))
    scene = window.scene
    wrapping = [
        edge
        for edge in scene.edge_items()
        if edge.path().pointAtPercent(1).x() < edge.path().pointAtPercent(0).x()
    ]
    assert len(wrapping) == wraps  # h1 and h2 in the MLP, m5 in the chain
    graph = window.document.graph
    assert all(graph.node(edge.source).kind == "op" for edge in wrapping)
    lines = [[edge.path().pointAtPercent(i / 200) for i in range(201)] for edge in wrapping]
    assert not any(cross(a, b) for index, a in enumerate(lines) for b in lines[index + 1 :])
    assert all(edge.zValue() < 0 for edge in wrapping)  # beneath the short edges' labels
