"""The gradient check: central differences agree with the engine, kinks are flagged,
and a wrong partial in an op record is caught."""

import math

import pytest
from core_helpers import EXAMPLES, binary, dags, free_port_graph, graph_of, node_id, unary
from hypothesis import given, settings

from backprop_gui.core import GraphError, compile, load
from backprop_gui.core.gradcheck import check_gradients, relative_error


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.bpg.json")), ids=lambda p: p.name)
def test_every_example_checks_ok(path):
    check = check_gradients(load(path))
    assert check.ok
    assert check.leaves and all(c.ok for c in check.edges.values())


@settings(max_examples=60, deadline=None)
@given(dags(max_ops=10))
def test_random_smooth_graphs_check_ok_and_flag_no_kink(specs):
    """Every check is ok, except where the gradient is (almost) 0 and the difference
    quotient is off by no more than its truncation and rounding (1e-12 of the output's
    size): x − tanh(x) at 0 has gradient 0 and a central difference of h²/3 = 3e-13,
    whose error relative to the contract's floor 1e-8 is 3e-5."""
    graph = graph_of(specs)
    output = node_id(len(specs) - 1)
    check = check_gradients(graph, output=output)
    scale = max(1.0, abs(compile(graph, output).run().values[output]))
    for leaf, c in check.leaves.items():
        assert c.ok or abs(c.analytic - c.numeric) <= 1e-12 * scale, (leaf, c)
    assert not any(c.kink for c in check.leaves.values())
    assert all(c.ok for c in check.edges.values()), check.edges


def test_every_input_and_constant_with_a_path_is_checked_and_no_other():
    graph = binary("mul", 2.0, 3.0)
    graph.add_node("constant", id="alone", value=1.0)
    graph.set_output("f")
    check = check_gradients(graph)
    assert set(check.leaves) == {"a", "b"}
    assert check.leaves["a"].analytic == 3.0
    assert check.leaves["a"].numeric == pytest.approx(3.0, rel=1e-12)
    assert set(check.edges) == {("a", "f", 0), ("b", "f", 1)}


def test_an_incomplete_op_off_the_path_is_left_alone():
    graph = unary("exp", 1.0)
    graph.add_node("op", id="loose", op="mul")
    graph.connect("x", "loose", 0)
    check = check_gradients(graph, output="f")
    assert check.ok and set(check.leaves) == {"x"}
    assert set(check.edges) == {("x", "f", 0)}


def test_relu_at_zero_is_a_kink_that_the_convention_decided():
    check = check_gradients(unary("relu", 0.0))
    x = check.leaves["x"]
    assert x.analytic == 0.0 and x.numeric == pytest.approx(0.5)
    assert x.error == pytest.approx(1.0)
    assert x.kink and x.ok and check.ok
    assert x.kinks == ("relu at 0: the convention takes 0; the left and right slopes are 0 and 1",)
    assert check.edges[("x", "f", 0)].kink


def test_a_kink_further_down_the_path_flags_the_leaves_above_it():
    graph = unary("relu", 0.0)
    graph.add_node("input", id="w", value=2.0)
    graph.add_node("op", id="m", op="mul")
    graph.connect("x", "m", 0)
    graph.connect("w", "m", 1)
    graph.disconnect("f", 0)
    graph.connect("m", "f", 0)
    graph.set_value("x", 0.0)
    check = check_gradients(graph)
    assert check.leaves["x"].kink and check.leaves["w"].kink
    assert not check.edges[("x", "m", 0)].kink  # mul itself is smooth


def test_a_max_tie_is_flagged():
    check = check_gradients(binary("max", 1.0, 1.0))
    assert check.leaves["a"].analytic == 0.5 and check.leaves["a"].kink and check.ok


def test_off_the_kink_relu_is_checked_like_any_op():
    check = check_gradients(unary("relu", 0.5))
    assert not check.leaves["x"].kink and check.leaves["x"].error < 1e-9


def test_a_wrong_partial_is_caught(wrong_sin):
    check = check_gradients(unary(wrong_sin, 0.5))
    assert not check.ok
    assert check.leaves["x"].error == pytest.approx(0.5)
    assert not check.edges[("x", "f", 0)].ok


def test_values_override_the_graph_and_eps_sets_the_step():
    check = check_gradients(unary("exp", 0.0), values={"x": 1.0}, eps=1e-3)
    assert check.leaves["x"].analytic == pytest.approx(math.e)
    # with a coarse step the central difference is off by h²/6 of the derivative
    assert check.leaves["x"].error == pytest.approx(1e-6 / 6, rel=1e-2)


def test_an_output_without_a_value_is_refused():
    with pytest.raises(GraphError, match="no value"):
        check_gradients(free_port_graph())


def test_relative_error():
    assert relative_error(1.0, 1.0) == 0.0
    assert relative_error(math.inf, math.inf) == 0.0
    assert relative_error(2.0, 1.0) == 0.5
    assert relative_error(0.0, 1e-12) == pytest.approx(1e-4)  # the floor 1e-8
    assert math.isnan(relative_error(math.nan, 1.0))
    assert relative_error(math.nan, math.nan) == 0.0  # both say: no number here
