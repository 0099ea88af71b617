"""A sum of four or more terms is built as a balanced tree of adds, terms in their
written order; − and products keep Python's left-to-right chain."""

import math

import pytest

from backprop_gui.core import compile
from backprop_gui.core.expression import graph_to_expression, parse_expression
from backprop_gui.core.layout import crossings, layer_order, layered_layout


def names(count: int) -> list[str]:
    return [f"t{i}" for i in range(count)]


def depth(graph, node_id: str) -> int:
    """Ops on the longest path from a leaf up to ``node_id``."""
    if graph.node(node_id).kind != "op":
        return 0
    operands = [graph.operand(node_id, port) for port in range(graph.arity(node_id))]
    return 1 + max(depth(graph, source) for source in operands)


def leaves(graph, node_id: str) -> list[str]:
    """The leaves under ``node_id``, left to right."""
    if graph.node(node_id).kind != "op":
        return [node_id]
    operands = [graph.operand(node_id, port) for port in range(graph.arity(node_id))]
    return [leaf for source in operands for leaf in leaves(graph, source)]


@pytest.mark.parametrize("count", range(4, 18))
def test_a_long_sum_is_a_balanced_tree_of_its_terms_in_written_order(count):
    graph = parse_expression(" + ".join(names(count)))
    assert depth(graph, graph.output) == math.ceil(math.log2(count))
    assert leaves(graph, graph.output) == names(count)
    assert [n.op for n in graph.nodes() if n.kind == "op"] == ["add"] * (count - 1)


def test_eight_terms_are_three_ops_deep_paired_from_the_left():
    graph = parse_expression("a+b+c+d+e+f+g+h")
    assert depth(graph, graph.output) == 3
    under_each_add = ["".join(leaves(graph, n.id)) for n in graph.nodes() if n.kind == "op"]
    assert under_each_add == ["ab", "cd", "abcd", "ef", "gh", "efgh", "abcdefgh"]


def test_six_terms_pair_from_the_left_with_the_rest_on_the_right():
    graph = parse_expression("a+b+c+d+e+f")  # ((a+b)+(c+d))+(e+f)
    left, right = (graph.operand(graph.output, port) for port in (0, 1))
    assert leaves(graph, left) == list("abcd") and depth(graph, left) == 2
    assert leaves(graph, right) == list("ef") and depth(graph, right) == 1


def test_the_value_is_the_sum_rounded_in_the_trees_order_and_every_gradient_is_one():
    values = {name: 0.1 * (i + 1) for i, name in enumerate("abcdefgh")}
    graph = parse_expression("a+b+c+d+e+f+g+h")
    result = compile(graph).run(values)
    a, b, c, d, e, f, g, h = values.values()
    assert result.values[graph.output] == ((a + b) + (c + d)) + ((e + f) + (g + h))
    assert result.values[graph.output] == pytest.approx(math.fsum(values.values()))
    assert all(result.grads[name] == 1.0 for name in values)


@pytest.mark.parametrize(
    ("text", "ops_deep"),
    [("a+b+c", 2), ("a+b+c+d-e", 4), ("a-b+c+d+e", 4), ("a+b-c+d+e", 4), ("a*b*c*d*e", 4)],
)
def test_short_sums_mixed_runs_and_products_keep_the_chain(text, ops_deep):
    graph = parse_expression(text)
    assert depth(graph, graph.output) == ops_deep


def test_a_bracketed_long_sum_inside_a_chain_is_balanced_on_its_own():
    graph = parse_expression("x - (a+b+c+d)")
    assert depth(graph, graph.output) == 3


def test_a_named_long_sum_names_the_root_add():
    graph = parse_expression("s = a+b+c+d+e\ns*2")
    assert graph.node("s").op == "add" and graph.node("s").label == "s"
    assert leaves(graph, "s") == list("abcde") and depth(graph, "s") == 3


def test_a_sum_of_three_hundred_terms_is_no_longer_too_deep():
    graph = parse_expression("+".join(["x"] * 300))
    assert depth(graph, graph.output) == 9
    assert compile(graph).run({"x": 1.0}).values[graph.output] == 300.0


def test_a_sum_of_sixteen_terms_lays_out_in_five_layers_without_crossings():
    graph = parse_expression(" + ".join(names(16)))
    columns = {x for x, _ in layered_layout(graph).values()}
    assert len(columns) <= 5
    assert crossings(layer_order(graph), graph) == 0


@pytest.mark.parametrize("count", [4, 5, 7, 8, 13])
def test_a_balanced_sum_reads_back_as_a_flat_sum_that_builds_the_same_graph(count):
    graph = parse_expression(" + ".join(names(count)))
    text = graph_to_expression(graph, graph.output)
    assert text == " + ".join(names(count))
    again = parse_expression(text)
    assert [(n.id, n.kind, n.op) for n in again.nodes()] == [
        (n.id, n.kind, n.op) for n in graph.nodes()
    ]
    assert {(e.source, e.target, e.port) for e in again.edges()} == {
        (e.source, e.target, e.port) for e in graph.edges()
    }
