"""A file without positions ("pos" is optional) is laid out on loading, all of it;
a file with every position keeps them exactly."""

from __future__ import annotations

import itertools

from unplaced_graphs import generated_text, sigmoid_text

from backprop_gui.core import dumps, load, loads
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.core.layout import CARD_HEIGHT, CARD_WIDTH, layered_layout

SIGMOID = EXAMPLES_DIR / "sigmoid.bpg.json"


def positions(graph) -> dict[str, tuple[float, float]]:
    return {node.id: node.pos for node in graph.nodes()}


def assert_cards_apart(graph) -> None:
    """No two cards (centred on their positions) overlap."""
    for a, b in itertools.combinations(positions(graph).values(), 2):
        assert abs(a[0] - b[0]) >= CARD_WIDTH or abs(a[1] - b[1]) >= CARD_HEIGHT, (a, b)


def test_a_file_without_positions_gets_the_auto_layout():
    graph = loads(sigmoid_text())
    assert positions(graph) == layered_layout(graph)
    assert len(set(positions(graph).values())) == 7
    assert_cards_apart(graph)


def test_a_large_file_without_positions_gets_distinct_places():
    graph = loads(generated_text())
    assert len(graph) == 180
    assert len(set(positions(graph).values())) == 180
    assert_cards_apart(graph)


def test_one_node_without_a_position_lays_out_every_node():
    graph = loads(sigmoid_text(node_ids={"one"}))
    assert positions(graph) == positions(loads(sigmoid_text()))


def test_a_file_with_every_position_keeps_them_exactly():
    graph = load(SIGMOID)
    for node in graph.nodes():  # places of a person's own, not the layout's
        graph.set_pos(node.id, (node.pos[0] * 1.5 + 13.25, -node.pos[1] - 7.5))
    text = dumps(graph)
    again = loads(text)
    assert positions(again) == positions(graph) != layered_layout(graph)
    assert dumps(again) == text


def test_loading_a_laid_out_file_again_keeps_its_layout():
    graph = loads(generated_text())
    assert dumps(loads(dumps(graph))) == dumps(graph)
