"""Edges go around the cards in their way: after opening a graph, after a card is
dragged onto an edge's way, and on every shipped example after Fit, no edge's path
passes behind a card other than its own two."""

from __future__ import annotations

import pytest
from editor_helpers import drag, node_center
from PySide6.QtCore import QPointF

from backprop_gui.core import Graph
from backprop_gui.core.examples import EXAMPLES_DIR

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
