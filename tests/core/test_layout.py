"""Auto-layout: cards never overlap; every edge runs left to right, or down into the
next band where a deep graph wraps."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_gui.core import Graph, load
from backprop_gui.core.examples import list_examples
from backprop_gui.core.layout import (
    CARD_HEIGHT,
    CARD_WIDTH,
    LAYER_SPACING,
    MAX_BAND_LAYERS,
    crossings,
    layer_order,
    layered_layout,
)


def random_dag(seed: int, size: int) -> Graph:
    rng = random.Random(seed)
    graph = Graph()
    ids = [graph.add_node("input", value=1.0) for _ in range(3)]
    for _ in range(size):
        op = rng.choice(["add", "mul", "sin", "exp", "max"])
        node = graph.add_node("op", op=op)
        for port in range(graph.arity(node)):
            graph.connect(rng.choice(ids), node, port)
        ids.append(node)
    return graph


def assert_tidy(graph: Graph, positions: dict) -> None:
    assert set(positions) == set(graph.node_ids())
    cards = list(positions.values())
    for i, (x1, y1) in enumerate(cards):
        for x2, y2 in cards[i + 1 :]:
            assert abs(x1 - x2) >= CARD_WIDTH or abs(y1 - y2) >= CARD_HEIGHT
    for edge in graph.edges():
        (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
        assert x1 + CARD_WIDTH <= x2 or y2 - y1 >= CARD_HEIGHT  # else wrapped into a band below


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 60))
def test_random_dags_are_laid_out_without_overlaps_left_to_right(seed, size):
    graph = random_dag(seed, size)
    assert_tidy(graph, layered_layout(graph))


@pytest.mark.parametrize("example", list_examples(), ids=lambda e: e.name)
def test_every_example_is_laid_out_tidily(example):
    graph = load(example.path)
    assert_tidy(graph, layered_layout(graph))
    assert_tidy(graph, {n.id: n.pos for n in graph.nodes()})  # as shipped, too


def test_operands_of_one_op_keep_port_order_and_constants_sit_by_their_op():
    graph = Graph()
    x = graph.add_node("input", value=1.0)
    e = graph.add_node("op", op="exp")
    one = graph.add_node("constant", value=1.0)
    add = graph.add_node("op", op="add")
    graph.connect(x, e, 0)
    graph.connect(e, add, 0)
    graph.connect(one, add, 1)
    positions = layered_layout(graph)
    assert positions[one][0] == positions[e][0]  # the constant moved up to its consumer
    assert positions[e][1] < positions[one][1]  # port 0's operand above port 1's


def test_an_empty_graph_has_no_positions():
    assert layered_layout(Graph()) == {}


def test_a_long_chain_wraps_into_bands_like_lines_of_text():
    graph = Graph()
    previous = graph.add_node("input", value=1.0)
    for _ in range(14):
        node = graph.add_node("op", op="sin")
        graph.connect(previous, node, 0)
        previous = node
    positions = layered_layout(graph)
    columns = {x for x, _ in positions.values()}
    rows = sorted({y for _, y in positions.values()})
    assert max(columns) <= (MAX_BAND_LAYERS - 1) * LAYER_SPACING
    assert len(rows) == 3  # 15 nodes in bands of 5
    assert_tidy(graph, positions)


def tree(leaves: int, pick) -> Graph:
    """Terms combined pairwise by add or mul, ``pick(n)`` choosing which neighbours next."""
    graph = Graph()
    pending = [graph.add_node("input", value=1.0) for _ in range(leaves)]
    while len(pending) > 1:
        i = pick(len(pending) - 1)
        node = graph.add_node("op", op="add" if len(pending) % 2 else "mul")
        graph.connect(pending[i], node, 0)
        graph.connect(pending[i + 1], node, 1)
        pending[i : i + 2] = [node]
    return graph


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 30))
def test_a_tree_is_laid_out_without_crossings(seed, leaves):
    """A sum of terms in any bracketing: a layered order without crossings exists,
    and the layout finds it."""
    graph = tree(leaves, random.Random(seed).randrange)
    assert crossings(layer_order(graph), graph) == 0


def test_a_balanced_sum_of_sixteen_terms_has_no_crossings():
    balanced = Graph()
    level = [balanced.add_node("input", value=1.0) for _ in range(16)]
    while len(level) > 1:
        pairs = zip(level[::2], level[1::2])
        level = []
        for a, b in pairs:
            node = balanced.add_node("op", op="add")
            balanced.connect(a, node, 0)
            balanced.connect(b, node, 1)
            level.append(node)
    assert crossings(layer_order(balanced), balanced) == 0


def test_inputs_and_constants_start_the_band_of_their_consumer_instead_of_wrapping():
    """x·3·3·…·3: the constant of the first product of a band sits in a column of its
    own at the band's start, not at the end of the band above; only products wrap."""
    graph = Graph()
    previous = graph.add_node("input", value=1.0)
    for _ in range(10):
        three = graph.add_node("constant", value=3.0)
        product = graph.add_node("op", op="mul")
        graph.connect(previous, product, 0)
        graph.connect(three, product, 1)
        previous = product
    positions = layered_layout(graph)
    assert_tidy(graph, positions)
    for edge in graph.edges():
        (x1, _), (x2, _) = positions[edge.source], positions[edge.target]
        if graph.node(edge.source).kind != "op":
            assert x1 + CARD_WIDTH <= x2  # beside its consumer, in the same band
    wrapping = [e for e in graph.edges() if positions[e.target][0] < positions[e.source][0]]
    assert len(wrapping) == 1
    assert max(x for x, _ in positions.values()) <= (MAX_BAND_LAYERS - 1) * LAYER_SPACING
