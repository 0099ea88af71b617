"""Forward mode: tangents agree with the backward pass and with central differences,
and follow the same conventions (structural zeros, None off the paths)."""

import math

import numpy as np
import pytest
from core_helpers import binary, dags, evaluate, graph_of, node_id, sigmoid_from_parts, unary
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_gui.core import GraphError, compile
from backprop_gui.core.forward_mode import forward_mode

STEP = 1e-6
# Leaves with few digits: kinks (0, ties) and domain edges still come up, but not the
# cancellation of 1e52 − 1e52 that makes any two orders of summation differ.
PLAIN_LEAVES = st.one_of(
    st.sampled_from([0.0, 1.0, -1.0, 0.5, 2.0]), st.floats(-2, 2).map(lambda v: round(v, 2))
)


def test_a_kink_beside_an_infinite_slope_is_not_finite_both_ways():
    """log(x + |x|) at 0: forward (1 + 0)·∞ = ∞, reverse ∞ + ∞·0 = NaN."""
    specs = [("input", 0.0), ("abs", 0, None), ("add", 0, 1), ("log", 2, None)]
    result = compile(graph_of(specs), output=node_id(3)).run()
    assert forward_mode(result, node_id(0)).tangents[node_id(3)] == math.inf
    assert math.isnan(result.grads[node_id(0)])


def close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def leaves(specs):
    return [i for i, spec in enumerate(specs) if spec[0] in ("input", "constant")]


@settings(max_examples=100, deadline=None)
@given(dags(max_ops=12, smooth=False, leaf_values=PLAIN_LEAVES), st.data())
def test_forward_equals_reverse_on_random_dags_with_fan_out(specs, data):
    """Equal to rounding where finite; non-finite together. Where a kink's 0 and an
    infinite partial meet, the orders differ: log(x + |x|) at x = 0 has forward
    (1 + 0)·∞ = ∞ and reverse ∞·1 + (∞·1)·0 = NaN (0·∞, as in PyTorch)."""
    output = node_id(len(specs) - 1)
    result = compile(graph_of(specs), output=output).run()
    x = node_id(data.draw(st.sampled_from(leaves(specs))))
    tangent = forward_mode(result, x).tangents[output]
    grad = result.grads[x]
    if tangent is None:  # the output does not depend on x: no path, and no gradient
        assert grad is None
    elif math.isfinite(tangent) and math.isfinite(grad):
        assert close(tangent, grad), (tangent, grad)
    else:
        assert not (math.isfinite(tangent) or math.isfinite(grad)), (tangent, grad)


@settings(max_examples=100, deadline=None)
@given(dags(max_ops=12), st.data())
def test_forward_equals_central_differences_off_kinks(specs, data):
    graph = graph_of(specs)
    leaf = data.draw(st.sampled_from(leaves(specs)))
    result = compile(graph, output=node_id(len(specs) - 1)).run()
    tangents = forward_mode(result, node_id(leaf)).tangents
    x = specs[leaf][1]
    h = STEP * max(1.0, abs(x))
    up, down = evaluate(specs, {leaf: x + h}), evaluate(specs, {leaf: x - h})
    for index in range(len(specs)):
        tangent = tangents[node_id(index)]
        numeric = (up[index] - down[index]) / (2 * h)
        if tangent is None:
            assert numeric == 0.0
        else:
            scale = max(1.0, abs(up[index]))
            assert abs(tangent - numeric) <= 1e-4 * scale, (index, tangent, numeric)


def test_fan_out_sums_both_paths_and_steps_spell_them_out():
    graph = binary("mul", 3.0, 4.0)
    graph.disconnect("f", 1)
    graph.connect("a", "f", 1)  # f = a·a
    mode = forward_mode(compile(graph, output="f").run(), "a")
    assert mode.tangents["f"] == 6.0
    (step,) = mode.steps
    assert [(t.port, t.local, t.tangent, t.contribution) for t in step.terms] == [
        (0, 3.0, 1.0, 3.0), (1, 3.0, 1.0, 3.0),
    ]  # fmt: skip
    assert mode.edges == {("a", "f", 0): (3.0, 3.0), ("a", "f", 1): (3.0, 3.0)}


def test_nodes_off_the_path_and_without_a_value_have_no_tangent():
    graph = sigmoid_from_parts(0.5)
    graph.add_node("op", id="loose", op="mul")
    graph.connect("x", "loose", 0)
    mode = forward_mode(compile(graph, output="s").run(), "x")
    assert mode.tangents["one"] is None and mode.tangents["loose"] is None
    assert mode.tangents["x"] == 1.0 and mode.tangents["neg"] == -1.0


def test_a_structural_zero_stops_an_infinite_tangent():
    # sqrt(relu(x)) at x = −1: sqrt'(0) = ∞, but relu passes on exactly 0 there
    graph = unary("relu", -1.0)
    graph.add_node("op", id="r", op="sqrt")
    graph.connect("f", "r", 0)
    graph.add_node("input", id="y", value=0.0)
    graph.add_node("op", id="q", op="sqrt")
    graph.connect("y", "q", 0)
    graph.add_node("op", id="top", op="relu")
    graph.connect("q", "top", 0)
    result = compile(graph, output="r").run()
    assert forward_mode(result, "x").tangents["r"] == 0.0 == result.grads["x"]
    assert forward_mode(result, "y").tangents["q"] == math.inf


def test_a_batch_gives_tangents_per_sample():
    plan = compile(sigmoid_from_parts())
    xs = np.linspace(-3, 3, 7)
    batch = plan.run({"x": xs})
    tangents = forward_mode(batch, "x").tangents
    np.testing.assert_allclose(tangents["s"], batch.grads["x"], rtol=1e-12)
    assert tangents["x"].shape == (7,)


def test_forward_mode_starts_at_a_leaf():
    result = compile(sigmoid_from_parts()).run()
    with pytest.raises(GraphError, match="op node"):
        forward_mode(result, "s")
    with pytest.raises(GraphError, match="no node"):
        forward_mode(result, "nope")
