"""Readable at every size: every example, opened and run Backward at 1280×800 and
1600×1000, shows its card numbers and its edge labels at least 10 pixels tall, and no
edge label lies on a card, a port or another label."""

from __future__ import annotations

import pytest
from editor_helpers import click
from PySide6.QtCore import QRectF

from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.ui.canvas.edge_item import LOD_LABEL, EdgeItem, label_width
from backprop_gui.ui.canvas.edge_labels import obstacles
from backprop_gui.ui.canvas.node_item import NUMBER_SIZE
from backprop_gui.ui.commands import SetValueCommand

EXAMPLES = sorted(path.name for path in EXAMPLES_DIR.glob("*.bpg.json"))
SIZES = [(1280, 800), (1600, 1000)]


def open_and_run(window, qtbot, name: str, size: tuple[int, int]) -> None:
    window.resize(*size)
    assert window.open_path(str(EXAMPLES_DIR / name))
    qtbot.waitUntil(lambda: not window.canvas._fit_pending)
    window.findChild(type(window.run_controls.backward_action), "actionBackward").trigger()
    qtbot.wait(1)  # the scene's label placement runs on the next turn of the event loop


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", EXAMPLES)
def test_card_numbers_are_at_least_ten_pixels_at_fit(window, qtbot, name, size):
    open_and_run(window, qtbot, name, size)
    window.canvas.fit_to_view()
    transform = window.canvas.transform()
    on_screen = transform.map(QRectF(0, 0, 1, NUMBER_SIZE)).boundingRect().height()
    assert on_screen >= 10
    assert any(item.shown().lines for item in window.scene.node_items())


def on_screen_pixels(window, scene_pixels: float) -> float:
    """How tall ``scene_pixels`` of the scene are on screen at the view's zoom."""
    return window.canvas.transform().map(QRectF(0, 0, 1, scene_pixels)).boundingRect().height()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", EXAMPLES)
def test_edge_labels_are_drawn_at_least_ten_pixels_at_fit(window, qtbot, name, size):
    open_and_run(window, qtbot, name, size)
    window.canvas.fit_to_view()
    assert window.canvas.zoom() >= LOD_LABEL  # the labels are drawn at this zoom
    shown = [edge.shown() for edge in window.scene.edge_items()]
    fonts = [s.label_font for s in shown if s.label is not None]
    assert fonts, "a run shows local derivatives on the edges"
    assert all(on_screen_pixels(window, font.pixelSize()) >= 10 for font in fonts)


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_edge_label_lies_on_a_card_a_port_or_another_label(window, qtbot, name):
    open_and_run(window, qtbot, name, SIZES[0])
    shown = [edge.shown() for edge in window.scene.edge_items()]
    rects = [s.label_rect for s in shown if s.label is not None]
    assert rects, "a run shows local derivatives on the edges"
    walls = [rect for item in window.scene.node_items() for rect in obstacles(item)]
    for index, rect in enumerate(rects):
        assert not any(rect.intersects(wall) for wall in walls), rect
        assert not any(rect.intersects(other) for other in rects[index + 1 :]), rect


def test_parallel_edges_put_their_labels_apart(window, qtbot):
    open_and_run(window, qtbot, "square.bpg.json", SIZES[1])  # y = x·x
    labels = [window.scene.edge_item("x", "y", port).shown() for port in (0, 1)]
    assert all(label.label is not None for label in labels)
    assert not labels[0].label_rect.intersects(labels[1].label_rect)


def test_a_label_with_no_room_hides_and_its_tooltip_keeps_the_number(window, qtbot):
    open_and_run(window, qtbot, "sigmoid.bpg.json", SIZES[1])
    scene = window.scene
    neg = scene.node_item("neg").pos()
    gap = neg.x() - 62.5  # between x's card and neg's, 5 units wide
    places = {
        "x": (neg.x() - 125, neg.y()),
        "one": (gap, neg.y() - 76),
        "one_b": (gap, neg.y() + 76),
    }
    for node_id, (x, y) in places.items():  # x beside neg, two cards over the gap's ends
        scene.node_item(node_id).setPos(x, y)
        scene.node_item(node_id).move_edges()
    scene.place_edge_labels()
    edge = scene.edge_item("x", "neg", 0)
    assert edge.shown().label is None
    assert "local derivative ∂u1/∂x = −1" in scene.tooltip_for(edge)


def test_a_label_placed_off_its_curve_still_belongs_to_its_edge(window, qtbot):
    """Hovering a label finds its edge (for the tooltip) and a click on it selects the
    edge, even where the label sits above or below the curve."""
    open_and_run(window, qtbot, "mlp.bpg.json", SIZES[1])
    window.canvas.fit_to_view()
    scene = window.scene
    off = [
        edge
        for edge in scene.edge_items()
        if edge.shown().label is not None
        and edge.path().intersects(edge.shown().label_rect) is False
    ]
    assert off, "some labels slide off their curve in the MLP"
    edge = off[0]
    centre = edge.shown().label_rect.center()
    found = next(i for i in scene.items(centre) if hasattr(i, "tooltip_text"))
    assert found is edge
    assert "local derivative" in scene.tooltip_for(found)
    click(window, centre)
    assert scene.selectedItems() == [edge]


def test_a_number_that_outgrows_its_label_place_gets_a_wider_one(window, qtbot):
    """w·x in the neuron: ∂u1/∂w is x. A short x gets a short place between the cards;
    a long one gets the scene to place the labels again, wide enough and still clear
    of every card, port and other label."""
    open_and_run(window, qtbot, "neuron.bpg.json", SIZES[1])
    edge = window.scene.edge_item("w", "mul", 0)
    short = edge.shown().label_rect
    assert edge.shown().label == "2" and short.width() < 40
    window.document.push(SetValueCommand(window.document, "x", -1.23456e-7))
    qtbot.waitUntil(lambda: edge.shown().label == "−1.235e−7")
    qtbot.waitUntil(lambda: edge.shown().label_rect.width() >= label_width("−1.235e−7"))
    walls = [rect for item in window.scene.node_items() for rect in obstacles(item)]
    rects = [s.label_rect for s in map(EdgeItem.shown, window.scene.edge_items()) if s.label]
    for index, rect in enumerate(rects):
        assert not any(rect.intersects(wall) for wall in walls)
        assert not any(rect.intersects(other) for other in rects[index + 1 :])
