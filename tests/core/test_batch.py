"""One plan evaluates a batch of samples elementwise, exactly as it does one sample."""

import math

import numpy as np
import pytest
from core_helpers import dags, graph_of, node_id, sigmoid_from_parts, unary
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_gui.core import GraphError, compile

# Samples that walk into every op's trouble: zero, negatives, overflow for exp.
SAMPLES = [-800.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 800.0]


def same(x: float, y: float) -> bool:
    """Equal, or both NaN, or as close as rounding allows: numpy's exp, log, tanh ...
    and libm's may differ in the last bit, and a subtraction can magnify that."""
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return x == y or math.isclose(x, y, rel_tol=1e-7, abs_tol=1e-12)


def assert_batch_matches_samples(plan, overrides_by_sample: list[dict]) -> None:
    columns = {key: [o[key] for o in overrides_by_sample] for key in overrides_by_sample[0]}
    batch = plan.run({key: np.array(column) for key, column in columns.items()})
    assert batch.shape == (len(overrides_by_sample),)
    for k, overrides in enumerate(overrides_by_sample):
        one = plan.run(overrides)
        for table, batch_table in ((one.values, batch.values), (one.grads, batch.grads)):
            for node, value in table.items():
                if value is None:
                    assert batch_table[node] is None, node
                else:
                    assert batch_table[node].shape == batch.shape
                    assert same(float(batch_table[node][k]), value), (node, k, overrides)


def test_sigmoid_from_parts_over_a_batch():
    plan = compile(sigmoid_from_parts())
    xs = np.linspace(-5, 5, 11)
    result = plan.run({"x": xs})
    sigma = 1 / (1 + np.exp(-xs))
    np.testing.assert_allclose(result.values["s"], sigma, rtol=1e-14)
    np.testing.assert_allclose(result.grads["x"], sigma * (1 - sigma), rtol=1e-12)
    assert result.values["one"].shape == (11,)  # constants broadcast to the batch too


def test_a_batch_with_nan_cases_matches_sample_by_sample():
    plan = compile(unary("log", 0.0))
    assert_batch_matches_samples(plan, [{"x": x} for x in [-2.0, 0.0, 1.0, math.nan]])
    result = plan.run({"x": [-2.0, 1.0]})
    assert result.issues == {"f": "log of a negative number: log(−2)"}


def test_the_trace_works_on_a_batch():
    plan = compile(sigmoid_from_parts())
    result = plan.run({"x": [0.0, 1.0]})
    _, backward = plan.trace(result)
    into_x = [step for step in backward if step.source == "x"]
    np.testing.assert_array_equal(into_x[-1].total, result.grads["x"])


def test_samples_that_do_not_fit_together_are_refused():
    graph = sigmoid_from_parts()
    with pytest.raises(GraphError, match="do not fit together"):
        compile(graph).run({"x": [1.0, 2.0], "one": [1.0, 2.0, 3.0]})


@settings(max_examples=80, deadline=None)
@given(
    specs=dags(max_ops=8, smooth=False, leaf_values=st.sampled_from(SAMPLES)),
    data=st.data(),
)
def test_a_batch_matches_sample_by_sample_on_random_dags(specs, data):
    """Any ops, kinks and NaN included: numpy's arrays and the scalar path agree."""
    graph = graph_of(specs)
    leaves = [node_id(i) for i, (kind, *_) in enumerate(specs) if kind in ("input", "constant")]
    samples = [{leaf: data.draw(st.sampled_from(SAMPLES)) for leaf in leaves} for _ in range(4)]
    plan = compile(graph, output=node_id(len(specs) - 1))
    assert_batch_matches_samples(plan, samples)
