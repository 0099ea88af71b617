"""The evaluation object without Qt: live re-runs, stale results, stepping, outputs."""

from __future__ import annotations

import math

import pytest
from core_helpers import sigmoid_from_parts

from backprop_gui.core import Graph, compile, load
from backprop_gui.core.engine import Plan
from backprop_gui.core.evaluation import BACKWARD, FORWARD, NONE, Evaluation
from backprop_gui.core.examples import EXAMPLES_DIR


@pytest.fixture
def fanout() -> Graph:
    return load(EXAMPLES_DIR / "fanout.bpg.json")


def watched(graph: Graph) -> tuple[Evaluation, list]:
    """An evaluation of ``graph`` and the list its notifications are counted in."""
    evaluation = Evaluation(graph)
    heard: list = []
    evaluation.subscribe(lambda: heard.append(1))
    return evaluation, heard


def count_runs(monkeypatch) -> list:
    runs: list = []
    original = Plan.run

    def counting(self, *args, **kwargs):
        runs.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Plan, "run", counting)
    return runs


def test_nothing_is_computed_until_asked(fanout):
    evaluation, heard = watched(fanout)
    assert evaluation.level == NONE and evaluation.result is None and evaluation.frame() is None
    fanout.set_value("x", 0.3)
    assert heard == [] and evaluation.result is None


def test_backward_gives_values_gradients_and_edge_flows(fanout):
    evaluation, heard = watched(fanout)
    evaluation.run(BACKWARD)
    expected = compile(fanout).run()
    frame = evaluation.frame()
    assert heard == [1] and evaluation.level == BACKWARD and evaluation.frame().gradients
    assert frame.values == expected.values and frame.grads == expected.grads
    local, flowing = frame.edges[("x", "y", 0)]
    assert local == pytest.approx(math.cos(1.5))
    assert flowing == pytest.approx(expected.grads["y"] * local)


def test_forward_alone_has_no_gradients(fanout):
    evaluation = Evaluation(fanout)
    evaluation.run(FORWARD)
    assert not evaluation.frame().gradients
    assert all(g is None for g in evaluation.frame().grads.values())
    assert evaluation.frame().values["T"] == pytest.approx(math.sin(1.5) * math.exp(1.5))


def test_live_an_edit_re_runs_once_however_many_events_it_sent(fanout, monkeypatch):
    evaluation, heard = watched(fanout)
    evaluation.run(BACKWARD)
    runs = count_runs(monkeypatch)
    for value in (0.1, 0.2, 0.3):
        fanout.set_value("x", value)
    assert runs == []  # nothing computed yet: the result is asked for once, later
    assert evaluation.result.values["x"] == 0.3 and not evaluation.stale
    evaluation.frame()
    assert runs == [1]
    assert len(heard) == 1 + 3  # the run, then one notice per event (the UI coalesces)


def test_with_live_off_an_edit_leaves_a_stale_result_until_run_again(fanout):
    evaluation = Evaluation(fanout)
    evaluation.run(BACKWARD)
    evaluation.set_live(False)
    fanout.set_value("x", 0.2)
    assert evaluation.stale and evaluation.result.values["x"] == 1.5
    evaluation.set_live(True)
    assert not evaluation.stale and evaluation.result.values["x"] == 0.2


def test_positions_and_trainable_flags_change_nothing_computed(fanout):
    evaluation, heard = watched(fanout)
    evaluation.run(BACKWARD)
    fanout.set_pos("x", (5.0, 5.0))
    fanout.set_trainable("x", True)
    assert heard == [1] and not evaluation._outdated


def test_a_structural_edit_recompiles_and_a_new_output_is_followed(fanout):
    evaluation = Evaluation(fanout)
    evaluation.run(BACKWARD)
    fanout.set_output("y")
    assert evaluation.result.output == "y"
    assert evaluation.frame().final_grads["z"] is None  # off the path to y
    fanout.remove_nodes(["T"])
    fanout.set_output(None)
    assert evaluation.result.output is None  # two sinks now: y and z
    assert "2 outputs" in evaluation.problem
    assert evaluation.frame().values["z"] == pytest.approx(math.exp(1.5))


def test_several_sinks_give_values_and_say_why_there_are_no_gradients():
    graph = sigmoid_from_parts()
    graph.add_node("op", id="c", op="cos")
    graph.connect("x", "c", 0)
    evaluation = Evaluation(graph)
    evaluation.run(BACKWARD)
    assert evaluation.output is None and not evaluation.frame().gradients
    assert "choose one" in evaluation.problem
    graph.set_output("c")
    assert evaluation.output == "c" and evaluation.frame().gradients and evaluation.problem is None
    assert evaluation.result.grads["x"] == pytest.approx(-math.sin(0.0))


def test_an_incomplete_output_has_values_but_no_gradients():
    graph = sigmoid_from_parts()
    graph.disconnect("s", 1)
    graph.set_output("s")
    evaluation = Evaluation(graph)
    evaluation.run(BACKWARD)
    assert "no value yet" in evaluation.problem and not evaluation.frame().gradients


def test_stepping_walks_forward_then_backward_to_the_engines_gradients(fanout):
    evaluation, heard = watched(fanout)
    evaluation.step()  # starts on a fresh backward result
    assert evaluation.level == BACKWARD and evaluation.stepping.position == 0
    first = evaluation.frame()
    assert len(first.nodes_lit) == 1 and first.grads == {}
    steps = len(evaluation.stepping.steps)
    evaluation.step(steps)  # past the end: stops at the last step
    assert evaluation.stepping.at_end
    assert evaluation.frame().grads == compile(fanout).run().grads
    evaluation.step(-1)
    assert evaluation.stepping.position == steps - 2
    assert len(heard) == 3


def test_an_edit_ends_the_step_through_and_a_label_renames_its_texts(fanout):
    evaluation = Evaluation(fanout)
    evaluation.step(2)
    node = evaluation.frame().nodes_lit[0]
    fanout.set_label(node, "u")
    assert evaluation.stepping is not None
    assert evaluation.stepping.texts()[0].startswith("<i>u</i> = ")
    fanout.set_value("x", 0.5)
    assert evaluation.stepping is None
    assert evaluation.frame().nodes_lit == ()


def test_a_new_graph_starts_with_nothing_computed_and_keeps_live(fanout):
    evaluation, heard = watched(fanout)
    evaluation.set_live(False)
    evaluation.run(BACKWARD)
    other = sigmoid_from_parts()
    evaluation.set_graph(other)
    assert evaluation.level == NONE and evaluation.result is None and not evaluation.live
    fanout.set_value("x", 0.1)  # the old graph is no longer listened to
    assert len(heard) == 3
    evaluation.run(BACKWARD)
    assert evaluation.result.grads["x"] == pytest.approx(0.25)


def test_reset_clears_everything_shown(fanout):
    evaluation = Evaluation(fanout)
    evaluation.step(3)
    evaluation.reset()
    assert evaluation.result is None and evaluation.stepping is None
    assert evaluation.level == NONE and evaluation.frame() is None
