"""NaN and ±inf: the IEEE answer, never an exception, and a reason for each node."""

import math

import pytest
from core_helpers import binary, unary

from backprop_gui.core import Graph, compile


@pytest.mark.parametrize(
    ("graph", "value", "reason"),
    [
        (unary("log", -2.0), math.nan, "log of a negative number: log(−2)"),
        (unary("log", 0.0), -math.inf, "log of zero is −∞: log(0)"),
        (binary("div", 1.0, 0.0), math.inf, "division by zero: 1/0"),
        (binary("div", 0.0, 0.0), math.nan, "division by zero: 0/0"),
        (unary("exp", 1000.0), math.inf, "overflow: exp(1000) is too large for a float"),
        (unary("sqrt", -1.0), math.nan, "square root of a negative number: √(−1)"),
        (binary("pow", -8.0, 0.5), math.nan, "a negative number to a fractional power"),
        (binary("pow", 0.0, -1.0), math.inf, "zero to a negative power: 0^−1"),
        (binary("mul", 1e200, 1e200), math.inf, "overflow: mul(1e200, 1e200)"),
    ],
)
def test_the_ieee_value_comes_out_with_its_reason(graph, value, reason):
    result = compile(graph).run()
    got = result.values["f"]
    assert (math.isnan(got) and math.isnan(value)) or got == value
    assert result.issues["f"].startswith(reason)


def log_of(x: float) -> Graph:
    """x -> log -> neg -> out (mul by a constant 2), so log's NaN travels two steps."""
    graph = unary("log", x)
    graph.add_node("op", id="n", op="neg")
    graph.add_node("constant", id="two", value=2.0)
    graph.add_node("op", id="out", op="mul")
    graph.connect("f", "n", 0)
    graph.connect("n", "out", 0)
    graph.connect("two", "out", 1)
    return graph


def test_a_nan_propagates_and_every_node_it_reaches_says_where_it_came_from():
    result = compile(log_of(-2.0)).run()
    assert math.isnan(result.values["n"]) and math.isnan(result.values["out"])
    assert result.issues["f"] == "log of a negative number: log(−2)"
    assert result.issues["n"] == "propagated from 'f': log of a negative number: log(−2)"
    assert result.issues["out"] == "propagated from 'f': log of a negative number: log(−2)"
    # ∂out/∂two is n's value, NaN; x's gradient stays finite: 2 · (−1) · 1/(−2) = 1
    assert result.issues["two"] == "the local derivative ∂out/∂two is NaN"
    assert result.grads["x"] == 1.0 and "x" not in result.issues


def test_an_infinite_local_derivative_is_explained_on_the_gradient():
    result = compile(log_of(0.0)).run()  # log(0) = −∞ and ∂log/∂x = 1/0 = ∞
    assert result.values["f"] == -math.inf
    assert result.grads["x"] == -math.inf
    assert result.issues["x"] == "the local derivative ∂f/∂x is ∞"


def test_a_finite_value_with_an_infinite_slope_flags_only_the_gradient():
    result = compile(unary("sqrt", 0.0)).run()  # sqrt(0) = 0 but its slope is ∞
    assert result.values["f"] == 0.0 and result.grads["x"] == math.inf
    assert result.issues == {"x": "the local derivative ∂f/∂x is ∞"}


def test_a_non_finite_gradient_is_passed_on_upstream():
    graph = Graph()
    graph.add_node("input", id="x", value=0.0)
    graph.add_node("op", id="a", op="abs")  # |0| = 0, slope 0 by convention
    graph.add_node("op", id="r", op="sqrt")  # sqrt(0) = 0, slope ∞
    graph.connect("x", "a", 0)
    graph.connect("a", "r", 0)
    result = compile(graph).run()
    assert result.grads["a"] == math.inf
    assert math.isnan(result.grads["x"])  # ∞ · 0
    assert result.issues["a"] == "the local derivative ∂r/∂a is ∞"
    assert result.issues["x"] == "gradient propagated from 'a', whose gradient is not finite"


def test_values_given_as_nan_or_inf_are_accepted_and_flagged():
    result = compile(unary("exp", 0.0)).run({"x": -math.inf})
    assert result.values["f"] == 0.0  # exp(−∞) is a fine 0
    assert result.issues == {"x": "the value given is not a finite number"}
    result = compile(unary("exp", 0.0)).run({"x": math.nan})
    assert result.issues["f"].startswith("propagated from 'x'")


def test_nothing_is_flagged_when_all_is_finite():
    assert compile(log_of(2.0)).run().issues == {}
