"""Training: batches from one seeded generator, the mean gradient, the updates of
sgd, momentum and Adam, least squares, reset, randomize and divergence."""

from __future__ import annotations

import math

import numpy as np
import pytest
from training_helpers import line_graph, neuron_graph

from backprop_gui.core import Graph, GraphError
from backprop_gui.core.training import Trainer, TrainingDiverged, train_graph
from backprop_gui.core.training_options import TrainingOptions

X = [1.0, 2.0, 3.0]
Y = [2.0, 3.0, 5.0]


def options(**given) -> TrainingOptions:
    return TrainingOptions(**{"shuffle": False, **given})


def test_sgd_takes_the_mean_gradient_step_by_hand():
    trainer = Trainer(line_graph(X, Y), options(lr=0.1))
    update = trainer.step()
    # d/dw mean((w x + b − y)²) = mean(2(w x + b − y)·x) at w = b = 0
    grad_w = np.mean([2 * (0 - y) * x for x, y in zip(X, Y)])
    grad_b = np.mean([2 * (0 - y) for y in Y])
    assert update.loss == pytest.approx(np.mean(np.square(Y)))
    assert update.gradients == pytest.approx({"w": grad_w, "b": grad_b})
    assert update.after == pytest.approx({"w": -0.1 * grad_w, "b": -0.1 * grad_b})
    assert update.steps == pytest.approx({"w": -0.1 * grad_w, "b": -0.1 * grad_b})
    assert update.before == {"w": 0.0, "b": 0.0} and update.ends_epoch


def test_momentum_accumulates_the_velocity_by_hand():
    trainer = Trainer(line_graph([1.0], [0.0], w=1.0), options(optimizer="momentum", lr=0.1))
    # loss (w + b)², dw = db = 2(w + b)
    first = trainer.step()
    assert first.gradients == pytest.approx({"w": 2.0, "b": 2.0})
    assert first.after == pytest.approx({"w": 0.8, "b": -0.2})  # v = g = 2
    second = trainer.step()
    assert second.gradients == pytest.approx({"w": 1.2, "b": 1.2})
    velocity = 0.9 * 2.0 + 1.2
    assert second.after == pytest.approx({"w": 0.8 - 0.1 * velocity, "b": -0.2 - 0.1 * velocity})


def test_adam_moves_each_parameter_by_about_lr_at_first_by_hand():
    trainer = Trainer(line_graph([1.0], [0.0], w=1.0), options(optimizer="adam", lr=0.01))
    m = v = 0.0
    w = 1.0
    b = 0.0
    for t in (1, 2, 3):
        update = trainer.step()
        g = 2 * (w + b)
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        step = -0.01 * (m / (1 - 0.9**t)) / (math.sqrt(v / (1 - 0.999**t)) + 1e-8)
        w, b = w + step, b + step
        assert update.after == pytest.approx({"w": w, "b": b}, rel=1e-12)
    assert trainer.values["w"] == pytest.approx(1.0 - 0.03, rel=1e-3)


def test_linear_regression_with_sgd_reaches_least_squares():
    rng = np.random.default_rng(5)
    x = rng.normal(size=40)
    y = 1.5 * x - 0.5 + 0.2 * rng.normal(size=40)
    graph = line_graph(x, y)
    trainer = train_graph(graph, TrainingOptions(lr=0.2, epochs=300))
    exact = np.linalg.lstsq(np.c_[x, np.ones_like(x)], y, rcond=None)[0]
    assert [trainer.values["w"], trainer.values["b"]] == pytest.approx(exact, abs=1e-6)
    assert graph.node("w").value == trainer.values["w"]  # written back


def test_the_mean_gradient_equals_central_differences_of_the_batch_loss():
    graph = neuron_graph()
    trainer = Trainer(graph, options(batch_size=5))
    trainer.step()  # the second batch is rows 5..9
    update = trainer.step()
    start = np.array([update.before[p] for p in trainer.parameters])
    rows = update.rows
    program = trainer.program
    batch = {name: values[rows] for name, values in graph.data.columns.items()}
    for k, name in enumerate(trainer.parameters):
        h = 1e-6
        up, down = start.copy(), start.copy()
        up[k] += h
        down[k] -= h
        numeric = (program.objective(batch, up) - program.objective(batch, down)) / (2 * h)
        assert update.gradients[name] == pytest.approx(numeric, rel=1e-7, abs=1e-9)


def test_batches_are_slices_of_one_permutation_per_epoch_from_the_seed():
    trainer = Trainer(neuron_graph(rows=10), TrainingOptions(batch_size=4, seed=11))
    rng = np.random.default_rng(11)
    for epoch in (1, 2):
        order = rng.permutation(10)
        updates = [trainer.step() for _ in range(3)]
        assert [len(u.rows) for u in updates] == [4, 4, 2]
        assert np.concatenate([u.rows for u in updates]).tolist() == order.tolist()
        assert [u.epoch for u in updates] == [epoch] * 3
        assert [u.ends_epoch for u in updates] == [False, False, True]


def test_a_run_is_reproducible_from_its_seed_and_differs_with_another():
    def run(seed):
        trainer = Trainer(neuron_graph(), TrainingOptions(batch_size=3, seed=seed, epochs=4))
        return [loss for _, loss in trainer.run()], trainer.values

    assert run(1) == run(1)
    assert run(1) != run(2)


def test_without_shuffling_the_rows_come_in_order():
    trainer = Trainer(neuron_graph(rows=5), options(batch_size=2))
    assert [trainer.step().rows.tolist() for _ in range(3)] == [[0, 1], [2, 3], [4]]


def test_reset_goes_back_to_the_start_and_replays_the_same_run():
    trainer = Trainer(neuron_graph(), TrainingOptions(batch_size=4, optimizer="adam"))
    first = [trainer.step().after for _ in range(5)]
    trainer.reset()
    assert trainer.values == trainer.start_values and trainer.epoch == trainer.updates == 0
    assert [trainer.step().after for _ in range(5)] == first


def test_randomize_draws_seeded_parameters_and_makes_them_the_start():
    trainer = Trainer(neuron_graph(), TrainingOptions())
    trainer.randomize(4)
    drawn = trainer.values
    assert drawn == dict(zip(trainer.parameters, np.random.default_rng(4).uniform(-1, 1, 3)))
    trainer.step()
    trainer.reset()
    assert trainer.values == drawn


def test_without_data_the_nodes_values_are_one_row():
    graph = Graph()
    graph.add_node("input", id="w", value=3.0, trainable=True)
    graph.add_node("op", id="sq", op="square")
    graph.connect("w", "sq", 0)
    trainer = Trainer(graph, TrainingOptions(lr=0.25))
    assert trainer.rows == 1 and trainer.loss() == 9.0
    update = trainer.step()
    assert update.gradients == {"w": 6.0} and update.after == {"w": 1.5}


def test_a_diverging_run_stops_at_the_epoch_whose_loss_is_not_finite():
    graph = line_graph(X, Y, w=1.0)
    losses = []
    with pytest.raises(TrainingDiverged, match="diverged at epoch .*smaller learning rate") as e:
        train_graph(graph, options(lr=50.0, epochs=1000), lambda *a: losses.append(a))
    assert not math.isfinite(e.value.loss) and losses[-1] == (e.value.epoch, e.value.loss)
    assert graph.node("w").value == 1.0  # the graph is left as it was


def test_structural_zeros_hold_when_a_gradient_is_not_finite():
    """sqrt(relu(w)) at w = −1: sqrt' is ∞ at 0 but relu is flat there, so w's gradient
    is 0 as the engine (and PyTorch) say, not ∞·0 = NaN."""
    graph = Graph()
    graph.add_node("input", id="w", value=-1.0, trainable=True)
    graph.add_node("op", id="relu", op="relu")
    graph.add_node("op", id="root", op="sqrt")
    graph.connect("w", "relu", 0)
    graph.connect("relu", "root", 0)
    update = Trainer(graph, options()).step()
    assert update.gradients == {"w": 0.0} and update.after == {"w": -1.0}


def test_a_graph_without_parameters_or_output_is_refused():
    graph = line_graph(X, Y)
    graph.set_trainable("w", False)
    graph.set_trainable("b", False)
    with pytest.raises(GraphError, match="nothing to train"):
        Trainer(graph)
    graph.add_node("op", id="extra", op="neg")
    with pytest.raises(GraphError, match="outputs"):
        Trainer(graph)


@pytest.mark.parametrize(("activation", "bias"), [("tanh", 22.0), ("sigmoid", 40.0)])
def test_adam_leaves_a_saturated_units_weight_exactly_where_it_is(activation, bias):
    """tanh and σ round to 1 far out, and PyTorch's slope there, 1 − y² or (1 − y)·y,
    is exactly 0: Adam takes no step, as in PyTorch (a true slope of 1e-17 would be
    scaled up by Adam into a step of about lr)."""
    graph = neuron_graph()
    graph.set_op("h", activation)
    graph.set_value("b", bias)
    trainer = Trainer(graph, TrainingOptions(optimizer="adam", lr=0.01, epochs=20))
    list(trainer.run())
    assert trainer.values["w"] == 0.3 and trainer.values["b"] == bias
    assert trainer.values["v"] != 0.7
