"""The shipped examples: each loads, evaluates finitely and says what it shows."""

import math

import pytest

from backprop_gui.core import compile, dumps, load, loads
from backprop_gui.core.examples import EXAMPLES_DIR, list_examples

EXAMPLES = list_examples()


def test_the_library_has_the_seed_examples():
    names = {e.name for e in EXAMPLES}
    assert {
        "sigmoid", "sigmoid_op", "composition", "fanout", "relu_kink", "square", "neuron",
        "mlp", "softplus", "vanishing", "exploding",
    } <= names  # fmt: skip
    assert len(EXAMPLES) == len(list(EXAMPLES_DIR.glob("*.bpg.json")))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_each_example_loads_evaluates_finitely_and_has_title_and_description(example):
    graph = load(example.path)
    assert graph.meta["title"] == example.title and example.title.strip()
    assert example.description.strip()
    result = compile(graph).run()
    assert result.output == graph.output
    for node_id in graph.node_ids():
        assert math.isfinite(result.values[node_id])
        grad = result.grads[node_id]
        assert grad is None or math.isfinite(grad)
    assert result.grads[result.output] == 1.0


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_each_example_file_is_exactly_what_save_writes(example):
    text = example.path.read_text(encoding="utf-8")
    assert dumps(loads(text)) == text


@pytest.mark.parametrize(
    "name, node, expected",
    [
        ("square", "x", 6.0),
        ("relu_kink", "x", 0.0),
        ("exploding", "x", 3.0**10),
        ("sigmoid", "x", 0.25),
    ],
)
def test_examples_show_what_their_descriptions_promise(name, node, expected):
    graph = load(EXAMPLES_DIR / f"{name}.bpg.json")
    assert compile(graph).run().grads[node] == pytest.approx(expected)


def test_the_fanout_example_sums_both_paths():
    graph = load(EXAMPLES_DIR / "fanout.bpg.json")
    x = graph.node("x").value
    expected = math.cos(x) * math.exp(x) + math.sin(x) * math.exp(x)
    assert compile(graph).run().grads["x"] == pytest.approx(expected, rel=1e-12)


def test_the_vanishing_chain_really_vanishes():
    result = compile(load(EXAMPLES_DIR / "vanishing.bpg.json")).run()
    assert 0 < result.grads["x"] < 0.25**9
