"""A training update as the window shows it: the frame's means over the batch, and the
update rule with its numbers."""

from __future__ import annotations

import pytest
from training_helpers import neuron_graph

from backprop_gui.core import Trainer, TrainingOptions
from backprop_gui.core.numbers import format_number as n
from backprop_gui.core.training_view import update_frame, update_text


def test_the_frame_shows_the_batch_means_and_the_updates_gradients():
    trainer = Trainer(neuron_graph(), TrainingOptions(batch_size=4, seed=1))
    update = trainer.step()
    frame = update_frame(trainer, update)
    for parameter, gradient in update.gradients.items():
        assert frame.grads[parameter] == pytest.approx(gradient, rel=1e-12)
        assert frame.values[parameter] == update.before[parameter]
    assert frame.values["loss"] == pytest.approx(update.loss, rel=1e-12)
    x = trainer.data.columns["x"][update.rows].mean()
    assert frame.values["x"] == pytest.approx(x)
    # the chain rule adds up: v's gradient is the flow along its one edge
    assert frame.edges[("v", "out", 1)][1] == pytest.approx(frame.grads["v"], rel=1e-12)
    assert frame.gradients and frame.final_grads is frame.grads


@pytest.mark.parametrize(
    ("optimizer", "expected"),
    [
        ("sgd", "w ← 0.3 − 0.1 · {g} = {after}"),
        ("momentum", "w ← 0.3 − 0.1 · v = {after},  v = 0.9 · v + {g} = {g}"),
        ("adam", "w ← 0.3 − 0.1 · m̂/(√v̂ + ε) = {after},  m̂/(√v̂ + ε) = {ratio}"),
    ],
)
def test_the_update_rule_is_written_with_its_numbers(optimizer, expected):
    trainer = Trainer(neuron_graph(), TrainingOptions(optimizer=optimizer, shuffle=False))
    update = trainer.step()
    g, after = update.gradients["w"], update.after["w"]
    ratio = -update.steps["w"] / 0.1
    text = update_text(trainer, update, "w", "w")
    assert text == expected.format(g=n(g), after=n(after), ratio=n(ratio))
