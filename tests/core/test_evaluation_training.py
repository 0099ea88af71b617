"""Training as a mode of the Evaluation: each update's frame is drawn; writing the
trained values back keeps the session, any other computed edit ends it."""

from __future__ import annotations

import pytest
from training_helpers import neuron_graph

from backprop_gui.core import GraphError, TrainingOptions
from backprop_gui.core.evaluation import BACKWARD, Evaluation


def session():
    graph = neuron_graph()
    evaluation = Evaluation(graph)
    heard = []
    evaluation.subscribe(lambda: heard.append(True))
    evaluation.start_training(TrainingOptions(batch_size=4, optimizer="adam"))
    return graph, evaluation, heard


def test_each_update_is_drawn_with_its_gradients():
    graph, evaluation, heard = session()
    assert evaluation.frame() is None and heard  # nothing computed or trained yet
    update = evaluation.train_step()
    frame = evaluation.frame()
    assert frame.grads["w"] == pytest.approx(update.gradients["w"], rel=1e-12)
    assert frame.values["loss"] == pytest.approx(update.loss, rel=1e-12)
    assert len(heard) == 2


def test_writing_the_trained_values_back_keeps_the_session_and_its_optimizer():
    graph, evaluation, _ = session()
    session_ = evaluation.training
    evaluation.train_step()
    session_.trainer.write_parameters(graph)  # what the window's command does
    graph.set_label("w", "weight")
    assert evaluation.training is session_
    assert evaluation.train_step().number == 2  # Adam goes on from its second step
    session_.reset()
    assert session_.trainer.values == session_.trainer.start_values
    assert evaluation.frame() is None  # nothing trained shown


@pytest.mark.parametrize(
    "edit",
    [
        lambda graph: graph.set_value("v", 5.0),
        lambda graph: graph.set_trainable("v", False),
        lambda graph: graph.set_column("x", "y"),
        lambda graph: graph.add_node("op", op="neg"),
    ],
)
def test_any_other_computed_edit_ends_the_session(edit):
    graph, evaluation, _ = session()
    evaluation.train_step()
    edit(graph)
    assert evaluation.training is None


def test_stopping_shows_the_passes_again():
    graph, evaluation, _ = session()
    evaluation.run(BACKWARD)
    evaluation.train_step()
    assert evaluation.frame().values["x"] != graph.node("x").value
    evaluation.stop_training()
    assert evaluation.frame().values["x"] == graph.node("x").value


def test_a_graph_without_parameters_cannot_start_training():
    graph, evaluation, _ = session()
    for parameter in ("w", "b", "v"):
        graph.set_trainable(parameter, False)
    with pytest.raises(GraphError, match="nothing to train"):
        evaluation.start_training()
