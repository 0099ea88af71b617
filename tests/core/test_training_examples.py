"""The training examples train to a sensible loss headless; the networks and data sets
they are built from are reproducible from their seeds."""

from __future__ import annotations

import numpy as np
import pytest
from core_helpers import EXAMPLES

from backprop_gui.core import Trainer, load
from backprop_gui.core import data_generators as generators
from backprop_gui.core.dense import add_dense_layer, build_mlp
from backprop_gui.core.examples import list_examples

# example -> the loss its own training options must reach (the noise's level, or near 0)
SENSIBLE = {
    "fit_line": 0.1, "logistic_blobs": 0.1, "xor": 0.01, "sine_fit": 0.03, "two_moons": 0.02,
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SENSIBLE))
def test_each_training_example_trains_to_a_sensible_loss(name):
    graph = load(EXAMPLES / f"{name}.bpg.json")
    losses = [loss for _, loss in Trainer(graph).run()]
    assert losses[-1] < SENSIBLE[name] < losses[0]


def test_the_training_examples_are_listed_with_what_to_watch_for():
    listed = {example.name: example for example in list_examples()}
    for name in SENSIBLE:
        assert "watch" in listed[name].description.lower()
        assert load(listed[name].path).data is not None


def test_a_dense_layer_has_a_weight_per_input_and_a_bias_per_unit():
    graph = build_mlp(generators.xor(), ["x1", "x2"], "y", [3], "tanh", "mse", seed=1)
    parameters = [n.id for n in graph.nodes() if n.trainable]
    assert len(parameters) == 3 * 2 + 3 + 3 + 1  # layer 1 weights and biases, output unit
    assert graph.output == "loss" and graph.node("loss").op == "mse"
    bound = 1 / np.sqrt(2)
    assert all(abs(graph.node(f"L1_w{j}_{i}").value) <= bound for j in (1, 2, 3) for i in (1, 2))
    again = build_mlp(generators.xor(), ["x1", "x2"], "y", [3], "tanh", "mse", seed=1)
    assert [n.value for n in again.nodes()] == [n.value for n in graph.nodes()]


def test_dense_layers_stack_and_the_unit_outputs_are_their_activations():
    graph = build_mlp(generators.sine(rows=5), ["x"], "y", [4], "tanh", "mse")
    outputs = add_dense_layer(graph, ["L1_h1", "L1_h2"], 2, "relu", np.random.default_rng(0), "L9")
    assert [graph.node(n).op for n in outputs] == ["relu", "relu"]
    assert [e.source for e in graph.in_edges("L9_m2_1")] == ["L1_h1", "L9_w2_1"]


@pytest.mark.parametrize("name", sorted(generators.GENERATORS))
def test_each_data_generator_is_reproducible_from_its_seed(name):
    make = generators.GENERATORS[name]
    first, again, other = make(rows=40, seed=3), make(rows=40, seed=3), make(rows=40, seed=4)
    assert first == again and first.rows == 40
    assert first != other or name == "xor"  # the XOR corners have no noise by default
    if "x1" in first.names:
        assert set(first.columns["y"].tolist()) == {0.0, 1.0}
