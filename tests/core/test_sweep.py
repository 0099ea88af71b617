"""The sweep of one input: the batch pass at every point, and where not to join points."""

import math

import numpy as np
import pytest
from core_helpers import EXAMPLES, binary, sigmoid_from_parts, unary

from backprop_gui.core import GraphError, compile, load
from backprop_gui.core.sweep import sweep


def test_every_point_equals_a_pass_at_that_value():
    graph = load(EXAMPLES / "neuron.bpg.json")
    plan = compile(graph)
    result = sweep(graph, "x", points=21)
    assert result.y_id == plan.output
    for x, y, slope in zip(result.x, result.y, result.dy_dx):
        one = plan.run({"x": float(x)})
        assert y == pytest.approx(one.values[plan.output], rel=1e-12, abs=1e-15)
        assert slope == pytest.approx(one.grads["x"], rel=1e-12, abs=1e-15)


def test_the_default_range_is_the_value_plus_minus_three_over_201_points():
    result = sweep(sigmoid_from_parts(0.5), "x")
    assert len(result.x) == 201
    assert result.x[0] == -2.5 and result.x[-1] == 3.5
    assert result.at == 0.5
    assert result.y_at == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert result.slope_at == pytest.approx(result.y_at * (1 - result.y_at))


def test_y_may_be_any_node_and_other_values_may_be_set():
    graph = sigmoid_from_parts()
    result = sweep(graph, "x", "exp", lower=-1.0, upper=1.0, points=3, values={"one": 5.0})
    np.testing.assert_allclose(result.y, np.exp([1.0, 0.0, -1.0]))
    np.testing.assert_allclose(result.dy_dx, -np.exp([1.0, 0.0, -1.0]))


def test_a_node_that_does_not_depend_on_x_has_slope_zero():
    graph = binary("add", 1.0, 2.0)
    graph.add_node("input", id="c", value=3.0)
    graph.add_node("op", id="g", op="neg")
    graph.connect("f", "g", 0)
    result = sweep(graph, "c", "g", points=5)
    assert list(result.dy_dx) == [0.0] * 5 and list(result.y) == [-3.0] * 5


def test_a_relu_kink_breaks_the_slope_but_not_the_value():
    result = sweep(unary("relu", 0.0), "x", points=7)  # x = −3, −2, ..., 3
    assert not result.value_breaks.any()
    assert list(result.slope_breaks) == [False, False, False, True, False, False]


def test_an_abs_kink_hit_exactly_breaks_the_slope_around_it():
    result = sweep(unary("abs", 0.0), "x", points=7)
    assert list(result.dy_dx) == [-1, -1, -1, 0, 1, 1, 1]
    assert list(result.slope_breaks) == [False, False, True, True, False, False]


def test_smooth_curves_are_never_broken():
    for op in ("sin", "tanh", "sigmoid", "exp"):
        result = sweep(unary(op, 0.0), "x", points=201)
        assert not result.slope_breaks.any(), op
    squared = binary("pow", 0.0, 2.0)
    assert not sweep(squared, "a").slope_breaks.any()  # a² has no kink at a = 0


def test_nan_regions_break_value_and_slope():
    # log(−1), log(−0.5), log 0, log 0.5, log 1
    result = sweep(unary("log", 1.0), "x", lower=-1.0, upper=1.0, points=5)
    assert list(result.value_breaks) == [True, True, True, False]
    assert list(result.slope_breaks) == [True, True, True, False]


def test_bad_requests_are_refused():
    graph = sigmoid_from_parts()
    with pytest.raises(GraphError, match="op node"):
        sweep(graph, "s")
    with pytest.raises(GraphError, match="no node"):
        sweep(graph, "nope")
    with pytest.raises(GraphError, match="upwards"):
        sweep(graph, "x", lower=1.0, upper=0.0)
    with pytest.raises(GraphError, match="from 2 to 1000000 points, not 1"):
        sweep(graph, "x", points=1)
    with pytest.raises(GraphError, match="from 2 to 1000000 points, not 100000000"):
        sweep(graph, "x", points=100_000_000)


def test_a_range_float64_cannot_hold_or_resolve_is_refused():
    graph = sigmoid_from_parts()
    with pytest.raises(GraphError, match="wider than a float can hold"):
        sweep(graph, "x", lower=-1e308, upper=1e308)
    with pytest.raises(GraphError, match="too narrow for 201 distinct points"):
        sweep(graph, "x", lower=1e17, upper=1e17 + 64)


@pytest.mark.parametrize("value", [1e17, -1e17, 1e308, -1e308])
def test_the_default_range_widens_where_three_is_below_the_resolution(value):
    result = sweep(sigmoid_from_parts(value), "x")
    assert np.all(np.isfinite(result.x)) and np.all(np.diff(result.x) > 0)
    assert result.x[0] < value < result.x[-1] and result.at == value


def test_a_pole_breaks_the_curve_between_its_two_sides():
    # 1/b at b = −1, −1/3, 1/3, 1: finite at every point, a pole between the middle two
    result = sweep(binary("div", 1.0, 0.5), "b", lower=-1.0, upper=1.0, points=4)
    assert np.all(np.isfinite(result.y))
    assert list(result.value_breaks) == [False, True, False]
    assert list(result.slope_breaks) == [False, True, False]
    inverse = binary("pow", 0.5, -1.0)  # a^−1: the same pole, from pow's domain record
    assert list(sweep(inverse, "a", lower=-1.0, upper=1.0, points=4).value_breaks) == [
        False, True, False
    ]  # fmt: skip
    numerator = sweep(binary("div", 0.5, 2.0), "a", lower=-1.0, upper=1.0, points=4)
    assert not numerator.value_breaks.any()  # a/2 crosses 0 smoothly
