"""The engine on the seeds' worked examples, and its plans, outputs and traces."""

import gc
import math
import weakref

import networkx as nx
import pytest
from core_helpers import EXAMPLES, binary, dags, graph_of, sigmoid_from_parts, unary
from hypothesis import given, settings

from backprop_gui.core import Graph, GraphError, compile, load, resolve_output
from backprop_gui.core.topological import topological_order


@pytest.mark.parametrize(
    "graph",
    [sigmoid_from_parts(0.0), load(EXAMPLES / "sigmoid.bpg.json")],
    ids=["built in code", "example file"],
)
def test_sigmoid_from_parts_at_zero_is_a_half_with_slope_a_quarter(graph):
    result = compile(graph).run()
    assert result.output == "s"
    assert result.values["s"] == 0.5
    assert result.grads["x"] == 0.25
    assert result.grads["s"] == 1.0
    assert result.values["exp"] == 1.0 and result.values["add"] == 2.0


@pytest.mark.parametrize("x", [-3.0, -0.7, 0.4, 2.5])
def test_sigmoid_from_parts_matches_the_sigmoid_op(x):
    parts = compile(sigmoid_from_parts(x)).run()
    op = compile(unary("sigmoid", x)).run()
    assert parts.values["s"] == pytest.approx(op.values["f"], rel=1e-14)
    assert parts.grads["x"] == pytest.approx(op.grads["x"], rel=1e-12)
    sigma = op.values["f"]
    assert op.grads["x"] == pytest.approx(sigma * (1 - sigma), rel=1e-14)


def test_x_times_x_at_three_has_gradient_six():
    graph = Graph()
    graph.add_node("input", id="x", value=3.0)
    graph.add_node("op", id="m", op="mul")
    graph.connect("x", "m", 0)
    graph.connect("x", "m", 1)
    result = compile(graph).run()
    assert result.values["m"] == 9.0
    assert result.grads["x"] == 6.0


@pytest.mark.parametrize(
    ("graph", "wanted"),
    [
        (unary("relu", 0.0), {"x": 0.0}),
        (unary("abs", 0.0), {"x": 0.0}),
        (binary("max", 2.0, 2.0), {"a": 0.5, "b": 0.5}),
        (binary("min", -1.0, -1.0), {"a": 0.5, "b": 0.5}),
        (binary("pow", 0.0, 3.0), {"a": 0.0, "b": 0.0}),
        (binary("pow", 0.0, 1.0), {"a": 1.0, "b": 0.0}),
    ],
    ids=["relu at 0", "abs at 0", "max tie", "min tie", "pow 0^3", "pow 0^1"],
)
def test_gradients_at_kinks_follow_the_conventions(graph, wanted):
    result = compile(graph).run()
    assert {node: result.grads[node] for node in wanted} == wanted
    assert result.issues == {}


def two_paths(x: float = 0.5) -> Graph:
    """T = f(y, z) with y = g(x), z = h(x): T = y·z, y = sin x, z = exp x."""
    graph = Graph()
    graph.add_node("input", id="x", value=x)
    graph.add_node("op", id="y", op="sin")
    graph.add_node("op", id="z", op="exp")
    graph.add_node("op", id="T", op="mul")
    graph.connect("x", "y", 0)
    graph.connect("x", "z", 0)
    graph.connect("y", "T", 0)
    graph.connect("z", "T", 1)
    return graph


def test_fan_out_adds_the_chain_rule_over_both_paths():
    x = 0.5
    plan = compile(two_paths(x))
    result = plan.run()
    y, z = math.sin(x), math.exp(x)
    dT_dy, dT_dz, dy_dx, dz_dx = z, y, math.cos(x), math.exp(x)
    assert result.grads["y"] == pytest.approx(dT_dy)
    assert result.grads["z"] == pytest.approx(dT_dz)
    assert result.grads["x"] == pytest.approx(dT_dy * dy_dx + dT_dz * dz_dx, rel=1e-15)

    _, backward = plan.trace(result)
    into_x = [step for step in backward if step.source == "x"]
    assert [step.target for step in into_x] == ["z", "y"]  # reverse topological order
    assert [step.term for step in into_x] == [1, 2]
    first, second = into_x
    assert first.contribution == pytest.approx(dT_dz * dz_dx)
    assert first.total == first.contribution
    assert second.upstream == pytest.approx(dT_dy) and second.local == pytest.approx(dy_dx)
    assert second.total == first.contribution + second.contribution
    assert second.total == result.grads["x"]  # the running sum ends at the engine's gradient


def test_the_trace_lists_forward_steps_with_their_operands():
    plan = compile(sigmoid_from_parts(0.0))
    result = plan.run()
    forward, backward = plan.trace(result)
    assert [step.node for step in forward] == ["neg", "exp", "add", "s"]
    assert forward[-1].operands == (("one_b", 1.0), ("add", 2.0))
    assert forward[-1].value == 0.5 and forward[-1].op == "div"
    assert {(s.source, s.target, s.port) for s in backward} == {
        ("one_b", "s", 0), ("add", "s", 1), ("exp", "add", 0), ("one", "add", 1),
        ("neg", "exp", 0), ("x", "neg", 0),
    }  # fmt: skip
    for step in backward:
        assert step.contribution == step.upstream * step.local
        assert step.total == result.grads[step.source]  # one term each here


def test_each_edge_has_its_local_derivative_and_what_flows_back_along_it():
    plan = compile(two_paths(0.5))
    result = plan.run()
    flows = plan.edge_flows(result)
    assert flows[("x", "y", 0)][0] == pytest.approx(math.cos(0.5))
    assert flows[("y", "T", 0)][0] == pytest.approx(math.exp(0.5))
    for (_, target, _), (local, flowing) in flows.items():
        assert flowing == result.grads[target] * local
    assert len(flows) == 4


def test_a_cached_plan_does_not_keep_its_graph_alive():
    graph = two_paths(0.5)
    plan = compile(graph)
    graph_ref = weakref.ref(graph)
    del graph
    gc.collect()
    assert graph_ref() is None
    assert plan.is_current() and plan.run().values["x"] == 0.5  # it runs on without it


def test_a_plan_of_a_graph_made_on_the_spot_runs():
    assert compile(two_paths(0.5)).run().values["x"] == 0.5


def test_nodes_off_the_path_to_the_output_get_no_gradient():
    graph = two_paths()
    graph.add_node("input", id="w", value=2.0)
    graph.add_node("op", id="side", op="mul")
    graph.connect("x", "side", 0)
    graph.connect("w", "side", 1)
    result = compile(graph, output="T").run()
    assert result.grads["side"] is None and result.grads["w"] is None
    assert result.values["side"] == 1.0  # but it has a value
    assert result.grads["x"] is not None


def test_an_op_with_a_free_port_and_all_below_it_have_no_value():
    graph = sigmoid_from_parts()
    graph.disconnect("add", 1)
    plan = compile(graph, output="s")
    result = plan.run()
    assert plan.incomplete == {"add", "s"}
    assert result.values["add"] is None and result.values["s"] is None
    assert result.values["exp"] == 1.0
    assert all(grad is None for grad in result.grads.values())
    forward, backward = plan.trace(result)
    assert [step.node for step in forward] == ["neg", "exp"] and backward == []


def test_the_unique_sink_is_the_default_output():
    assert compile(two_paths()).output == "T"
    graph = two_paths()
    graph.set_output("y")
    assert compile(graph).output == "y"
    assert compile(graph, output="z").output == "z"


def test_several_sinks_and_no_output_named_is_an_error_listing_them():
    graph = two_paths()
    graph.add_node("op", id="U", op="neg")
    graph.connect("x", "U", 0)
    with pytest.raises(GraphError, match=r"2 outputs \(T, U\); choose one"):
        compile(graph)
    assert compile(graph, backward=False).run().values["U"] == -0.5


def test_an_unknown_output_and_an_empty_graph_are_errors():
    with pytest.raises(GraphError, match="no node 'nope'"):
        compile(two_paths(), output="nope")
    with pytest.raises(GraphError, match="the graph is empty"):
        resolve_output(Graph())


def test_a_plan_is_reused_until_the_structure_changes():
    graph = sigmoid_from_parts(0.0)
    plan = compile(graph)
    assert compile(graph) is plan

    graph.set_value("x", 2.0)
    graph.set_pos("x", (5, 5))
    assert compile(graph) is plan  # a value edit does not recompile ...
    assert plan.run().values["s"] == pytest.approx(1 / (1 + math.exp(-2.0)))  # ... but counts

    graph.disconnect("s", 0)
    graph.connect("one_b", "s", 0)
    assert not plan.is_current()
    fresh = compile(graph)
    assert fresh is not plan and fresh.is_current()
    with pytest.raises(GraphError, match="has changed since this plan was compiled"):
        plan.run()


def test_plans_for_other_outputs_live_side_by_side():
    graph = two_paths()
    for_t, for_y = compile(graph), compile(graph, output="y")
    assert for_t is not for_y
    assert compile(graph) is for_t and compile(graph, output="y") is for_y
    assert for_y.run().grads["z"] is None


def test_a_dropped_graph_is_freed_with_its_plans():
    graph = sigmoid_from_parts()
    alive = weakref.ref(compile(graph))
    del graph
    gc.collect()
    assert alive() is None


def test_a_plan_keeps_its_graph():
    result = compile(sigmoid_from_parts(0.0)).run()  # the graph is nobody else's
    assert result.values["s"] == 0.5


def test_values_given_to_run_override_inputs_and_constants_for_that_run_only():
    graph = sigmoid_from_parts(0.0)
    plan = compile(graph)
    result = plan.run({"x": 1.0, "one": 0.0})  # σ becomes 1/(e^−1 + 0)
    assert result.values["s"] == pytest.approx(math.e)
    assert plan.run().values["s"] == 0.5
    assert graph.node("x").value == 0.0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"nope": 1.0}, "there is no node 'nope'"),
        ({"neg": 1.0}, "'neg' is an op node"),
        ({"x": "one"}, "must be a number, not 'one'"),
        ({"x": True}, "must be a number, not True"),
        ({"x": ["a", "b"]}, "samples given for 'x' must all be numbers"),
    ],
)
def test_bad_values_given_to_run_are_refused(values, message):
    with pytest.raises(GraphError, match=message):
        compile(sigmoid_from_parts()).run(values)


def test_a_forward_only_run_has_values_and_no_gradients():
    result = compile(sigmoid_from_parts(0.0)).run(gradients=False)
    assert result.values["s"] == 0.5
    assert set(result.grads.values()) == {None}


def test_the_order_is_topological_and_lists_every_node():
    plan = compile(sigmoid_from_parts())
    assert plan.order == ["x", "one", "one_b", "neg", "exp", "add", "s"]
    assert plan.run().order == plan.order


@settings(max_examples=60, deadline=None)
@given(dags(max_ops=15, smooth=False))
def test_the_topological_order_is_the_one_networkx_gives(specs):
    graph = graph_of(specs)
    assert topological_order(graph.nx) == list(nx.topological_sort(graph.nx))


def test_a_cycle_has_no_topological_order():
    graph = nx.MultiDiGraph([("a", "b"), ("b", "a")])
    with pytest.raises(GraphError, match="cycle"):
        topological_order(graph)
