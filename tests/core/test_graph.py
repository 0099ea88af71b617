"""The graph model: nodes, edges by port, refusals that change nothing, listeners."""

import pytest
from core_helpers import sigmoid_from_parts

from backprop_gui.core import Edge, Graph, GraphError, dumps
from backprop_gui.core.naming import new_input_name, node_name


def square() -> Graph:
    """x * x: one mul fed twice by x."""
    graph = Graph()
    graph.add_node("input", id="x", value=3.0)
    graph.add_node("op", id="m", op="mul")
    graph.connect("x", "m", 0)
    graph.connect("x", "m", 1)
    return graph


def test_x_times_x_is_two_edges_into_one_mul():
    graph = square()
    assert graph.edges() == [Edge("x", "m", 0), Edge("x", "m", 1)]
    assert graph.nx.number_of_edges("x", "m") == 2
    assert graph.operands("m") == ["x", "x"]
    assert graph.operand("m", 1) == "x"
    assert graph.out_edges("x") == [Edge("x", "m", 0), Edge("x", "m", 1)]


def test_nodes_keep_their_data_and_positions():
    graph = Graph()
    node_id = graph.add_node("input", value=2, label="weight", pos=(10, 20), trainable=True)
    node = graph.node(node_id)
    assert (node.id, node.kind, node.value, node.label) == ("input", "input", 2.0, "weight")
    assert node.pos == (10.0, 20.0) and node.trainable
    graph.set_pos(node_id, (30, -5))
    assert graph.node(node_id).pos == (30.0, -5.0)
    graph.add_node("constant", value=1, trainable=True)
    assert not graph.node("constant").trainable  # only inputs can be trainable


def test_new_ids_count_up_per_stem():
    graph = Graph()
    assert [graph.add_node("op", op="add") for _ in range(3)] == ["add", "add2", "add3"]
    assert graph.add_node("input", value=0) == "input"
    assert graph.new_id("add") == "add4"


def test_names_say_what_a_person_calls_a_node():
    graph = sigmoid_from_parts()
    unlabelled_ops = [n.id for n in graph.nodes() if n.kind == "op" and not n.label]
    assert node_name(graph, "x") == "x"
    assert [node_name(graph, n) for n in unlabelled_ops] == [
        f"u{i}" for i in range(1, len(unlabelled_ops) + 1)
    ]
    graph.set_label("add", "denominator")
    assert node_name(graph, "add") == "denominator"


def test_a_new_input_is_named_x_y_z_then_x2_past_every_id_and_label():
    graph = Graph()
    names = []
    for _ in range(4):
        names.append(new_input_name(graph))
        graph.add_node("input", id=names[-1], value=1.0)
    assert names == ["x", "y", "z", "x2"]
    graph.add_node("constant", value=2.0, label="y2")
    assert new_input_name(graph) == "z2"


def test_sinks_and_arity():
    graph = sigmoid_from_parts()
    assert graph.sinks() == ["s"]
    assert graph.arity("s") == 2 and graph.arity("neg") == 1 and graph.arity("x") == 0


# ------------------------------------------------------------------ refusals


def refused(graph: Graph, edit, message: str) -> None:
    """``edit(graph)`` raises GraphError matching ``message`` and changes nothing."""
    before = dumps(graph)
    revision = graph.revision
    with pytest.raises(GraphError, match=message):
        edit(graph)
    assert dumps(graph) == before
    assert graph.revision == revision


def chain() -> Graph:
    """x -> a (add, port 1 free) -> exp -> m (mul, port 1 free), and a constant c."""
    graph = Graph()
    graph.add_node("input", id="x", value=1.0)
    graph.add_node("constant", id="c", value=2.0)
    graph.add_node("op", id="a", op="add")
    graph.add_node("op", id="exp", op="exp")
    graph.add_node("op", id="m", op="mul")
    graph.connect("x", "a", 0)
    graph.connect("a", "exp", 0)
    graph.connect("exp", "m", 0)
    return graph


def test_an_edge_closing_a_cycle_is_refused_with_the_cycle_spelled_out():
    refused(
        chain(),
        lambda g: g.connect("m", "a", 1),
        "connecting m → a would close a cycle a → exp → m → a",
    )


def test_a_port_that_is_taken_is_refused_naming_its_feeder():
    refused(chain(), lambda g: g.connect("c", "a", 0), "port 0 of 'a' is already fed by 'x'")


@pytest.mark.parametrize("port", [2, -1, 1.0, True, "0"])
def test_a_port_out_of_range_is_refused(port):
    refused(chain(), lambda g: g.connect("c", "m", port), r"'m' \(mul\) has ports 0 to 1")


def test_a_unary_op_has_only_port_zero():
    refused(chain(), lambda g: g.connect("c", "exp", 1), r"'exp' \(exp\) has only port 0, not 1")


@pytest.mark.parametrize(("target", "kind"), [("x", "an input"), ("c", "a constant")])
def test_nothing_feeds_an_input_or_a_constant(target, kind):
    refused(chain(), lambda g: g.connect("exp", target, 0), f"'{target}' is {kind} node")


def test_a_node_cannot_feed_itself():
    refused(chain(), lambda g: g.connect("m", "m", 1), r"cannot feed itself \(m → m\)")


def test_edges_to_and_from_unknown_nodes_are_refused():
    refused(chain(), lambda g: g.connect("nope", "m", 1), "there is no node 'nope'")
    refused(chain(), lambda g: g.connect("c", "nope", 0), "there is no node 'nope'")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda g: g.add_node("input", id="x", value=1), "there is already a node 'x'"),
        (lambda g: g.add_node("input", id="", value=1), "non-empty text"),
        (lambda g: g.add_node("variable", id="v", value=1), "unknown kind 'variable'"),
        (lambda g: g.add_node("op", id="o", op="softmax"), "unknown op 'softmax'"),
        (lambda g: g.add_node("input", id="v", value="1"), "must be a number, not '1'"),
        (lambda g: g.add_node("input", id="v", value=True), "must be a number, not True"),
        (lambda g: g.add_node("input", id="v", value=float("nan")), "finite number"),
        (lambda g: g.add_node("input", id="v", value=10**400), "finite number"),
        (lambda g: g.set_value("x", float("inf")), "finite number"),
        (lambda g: g.set_value("a", 1.0), "'a' is an op node"),
        (lambda g: g.set_trainable("c", True), "only input nodes can be trainable"),
        (lambda g: g.set_op("a", "softmax"), "unknown op 'softmax'"),
        (lambda g: g.set_op("x", "exp"), "'x' is not an op node"),
        (lambda g: g.set_output("nope"), "there is no node 'nope'"),
        (lambda g: g.disconnect("m", 1), "port 1 of 'm' is not connected"),
        (lambda g: g.remove_nodes(["x", "nope"]), "there is no node 'nope'"),
    ],
)
def test_other_refused_edits_change_nothing(edit, message):
    refused(chain(), edit, message)


# ------------------------------------------------------------ edits and undo


def test_remove_nodes_then_restore_puts_everything_back_exactly():
    graph = sigmoid_from_parts()
    graph.set_label("add", "denominator")
    graph.set_output("s")
    nodes, edges = sorted(map(repr, graph.nodes())), sorted(graph.edges(), key=repr)
    removed = graph.remove_nodes(["add", "s"])
    assert "add" not in graph and "s" not in graph
    assert graph.output is None
    assert Edge("exp", "add", 0) in removed.edges and Edge("add", "s", 1) in removed.edges
    graph.restore(removed)
    assert sorted(map(repr, graph.nodes())) == nodes
    assert sorted(graph.edges(), key=repr) == edges
    assert graph.output == "s"


def test_restore_puts_nodes_back_in_their_place_so_the_file_is_identical():
    graph = sigmoid_from_parts()
    before = dumps(graph)
    removed = graph.remove_nodes(["neg", "one", "s"])
    graph.add_node("input", id="later", value=2.0)
    graph.restore(removed)
    graph.remove_nodes(["later"])
    assert dumps(graph) == before


def test_set_op_drops_the_edges_the_new_op_has_no_port_for():
    graph = sigmoid_from_parts()
    dropped = graph.set_op("s", "exp")
    assert dropped == [Edge("add", "s", 1)]
    assert graph.in_edges("s") == [Edge("one_b", "s", 0)]
    assert graph.node("s").op == "exp"


def test_value_edits_are_not_structural_but_edges_are():
    graph = sigmoid_from_parts()
    structure = graph.structure_revision
    graph.set_value("x", 2.0)
    graph.set_label("x", "input")
    graph.set_pos("x", (1, 1))
    graph.set_output("s")
    assert graph.structure_revision == structure
    graph.disconnect("s", 0)
    assert graph.structure_revision > structure


def test_listeners_hear_every_change_after_it_happened():
    graph = Graph()
    heard = []
    graph.subscribe(lambda event, details: heard.append((event, details, len(graph))))
    graph.add_node("input", id="x", value=1.0)
    graph.add_node("op", id="n", op="neg")
    graph.connect("x", "n", 0)
    graph.set_value("x", 2.0)
    graph.set_output("n")
    graph.disconnect("n", 0)
    graph.remove_nodes(["n"])
    assert [(event, details) for event, details, _ in heard] == [
        ("node_added", {"id": "x"}),
        ("node_added", {"id": "n"}),
        ("edge_added", {"source": "x", "target": "n", "port": 0}),
        ("node_changed", {"id": "x", "key": "value"}),
        ("output_changed", {"id": "n"}),
        ("edge_removed", {"source": "x", "target": "n", "port": 0}),
        ("output_changed", {"id": None}),
        ("node_removed", {"id": "n"}),
    ]
    assert heard[0][2] == 1  # the node was already there when the listener heard of it


def test_an_unsubscribed_listener_hears_nothing_more():
    graph = Graph()
    heard = []

    def listener(event, details):
        heard.append(event)

    graph.subscribe(listener)
    graph.add_node("input", value=1.0)
    graph.unsubscribe(listener)
    graph.add_node("input", value=2.0)
    assert heard == ["node_added"]
