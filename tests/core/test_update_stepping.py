"""The step-through of one training update: the batch, the forward pass over it, the
loss, the backward pass and each parameter's update, every number a batch mean; the
update is made only at the end, and it is the session's real next one."""

from __future__ import annotations

import numpy as np
import pytest
from training_helpers import neuron_graph

from backprop_gui.core import Trainer, TrainingOptions
from backprop_gui.core.evaluation import Evaluation
from backprop_gui.core.update_stepping import UpdateSteps, rows_text

OPTIONS = TrainingOptions(batch_size=4, optimizer="adam", seed=2)


def training(options: TrainingOptions = OPTIONS):
    graph = neuron_graph()
    evaluation = Evaluation(graph)
    evaluation.start_training(options)
    return graph, evaluation


def walk_to_the_end(evaluation: Evaluation) -> UpdateSteps:
    evaluation.step(1)
    while not evaluation.stepping.at_end:
        evaluation.step(1)
    return evaluation.stepping


def test_the_steps_are_the_batch_forward_loss_backward_then_each_update():
    graph, evaluation = training()
    evaluation.step(1)
    steps = evaluation.stepping
    phases = [step.phase for step in steps.steps]
    ops = [n.id for n in graph.nodes() if n.kind == "op"]
    edges = sum(len(graph.operands(op)) for op in ops)
    parameters = steps.trainer.parameters
    assert phases == [
        "batch", *["forward"] * len(ops), "loss", *["backward"] * edges,
        *["update"] * len(parameters),
    ]  # fmt: skip
    assert steps.heading().startswith("The batch · step 1 of ")
    assert steps.texts()[0] == f"batch 1 of 3: {rows_text(steps.update.rows)}"


def test_the_running_totals_end_at_the_mean_gradients_the_optimizer_uses():
    _, evaluation = training()
    steps = walk_to_the_end(evaluation)
    update = steps.update
    totals = {b.source: b.total for b in steps.backward}
    for parameter, gradient in update.gradients.items():
        assert totals[parameter] == pytest.approx(gradient, rel=1e-12)
    rows = steps.trainer.data.columns["x"][update.rows]
    forward = {s.node: k + 1 for k, s in enumerate(steps.forward)}
    evaluation.step(forward["wx"] - steps.position)  # back to the forward step of w·x
    assert evaluation.frame().values["wx"] == pytest.approx(np.mean(rows * update.before["w"]))
    assert "mean over the batch's 4 rows" in steps.texts()[1]


def test_walking_changes_nothing_until_the_update_is_made_at_the_end():
    graph, evaluation = training()
    trainer = Trainer(neuron_graph(), OPTIONS)
    expected = [trainer.step(), trainer.step()]
    evaluation.train_step()
    session = evaluation.training
    steps = walk_to_the_end(evaluation)
    evaluation.step(-3)  # back before the end: still nothing made
    assert session.trainer.updates == 1 and not evaluation.update_due
    assert graph.node("w").value == 0.3
    steps.move(3)
    assert evaluation.update_due
    made = evaluation.train_step()
    assert made.after == steps.update.after == expected[1].after
    assert steps.done and not evaluation.update_due and evaluation.stepping is steps
    session.trainer.write_parameters(graph)  # the window's write-back keeps the walk
    assert evaluation.stepping is steps
    assert evaluation.frame().values["w"] == expected[1].after["w"]
    evaluation.step(1)  # Step after the update made walks the next one
    assert evaluation.stepping.update.number == 3 and evaluation.stepping.position == 0


def test_each_update_is_written_with_the_optimizers_numbers():
    _, evaluation = training(TrainingOptions(batch_size=4, optimizer="sgd", shuffle=False))
    steps = walk_to_the_end(evaluation)
    update = steps.update
    w = update.before["w"] - 0.1 * update.gradients["w"]
    texts = [steps.texts(k)[0] for k, s in enumerate(steps.steps) if s.phase == "update"]
    assert texts[0].startswith("<i>w</i> ← 0.3 − 0.1 · ")
    assert update.after["w"] == pytest.approx(w, rel=1e-12)
    assert steps.texts()[1].endswith("the parameters take their new values")
    assert steps.texts(0)[0] == "batch 1 of 3: rows 0–3"


def test_a_training_step_in_the_middle_or_an_edit_ends_the_walk():
    graph, evaluation = training()
    evaluation.step(2)
    evaluation.train_step()  # the update walked, made before its end: the walk is over
    assert evaluation.stepping is None
    evaluation.step(1)
    assert evaluation.stepping.update.number == 2
    graph.set_value("w", 5.0)  # not the trainer's value: the session ends, the walk too
    assert evaluation.training is None and evaluation.stepping is None


def test_a_walk_of_an_update_made_elsewhere_is_left_for_a_new_one():
    _, evaluation = training()
    evaluation.step(1)
    evaluation.training.step()  # training went on without the walk (Play)
    evaluation.step(1)
    assert evaluation.stepping.update.number == 2 and evaluation.stepping.position == 0


def test_rows_are_a_range_when_consecutive_else_listed():
    assert rows_text(np.array([8, 9, 10, 11])) == "rows 8–11"
    assert rows_text(np.array([5])) == "row 5"
    assert rows_text(np.arange(12)[::-1]) == "rows 11, 10, 9, 8, 7, 6, 5, 4, …"
