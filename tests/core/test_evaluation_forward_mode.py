"""Forward mode as a mode of the evaluation: frames of tangents, the dual-number
step-through, and the mode following the graph's edits."""

from __future__ import annotations

import unicodedata

import pytest

from backprop_gui.core import GraphError, load
from backprop_gui.core.chainrule import MODES_NOTE
from backprop_gui.core.evaluation import BACKWARD, FORWARD, NONE, Evaluation
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.core.typeset import plain as plain_text


def plain(text: str) -> str:
    """The text as a person reads it, the dots over letters composed (ẋ, not x + ̇)."""
    return unicodedata.normalize("NFC", plain_text(text))


@pytest.fixture
def evaluation() -> Evaluation:
    return Evaluation(load(EXAMPLES_DIR / "fanout.bpg.json"))  # T = sin(x)·exp(x), x = 1.5


def test_choosing_x_runs_forward_and_shows_tangents(evaluation):
    assert evaluation.level == NONE
    evaluation.set_wrt("x")
    assert evaluation.level == FORWARD
    frame = evaluation.frame()
    assert frame.tangent_of == "x" and frame.gradients
    assert frame.grads["x"] == 1.0
    assert frame.grads["T"] == pytest.approx(4.787484522760848)
    local, flowing = frame.edges[("x", "y", 0)]
    assert flowing == pytest.approx(local) == pytest.approx(0.0707372016677029)


def test_back_to_reverse_mode(evaluation):
    evaluation.set_wrt("x")
    evaluation.run(BACKWARD)
    assert evaluation.frame().tangent_of == "x"
    evaluation.set_wrt(None)
    frame = evaluation.frame()
    assert frame.tangent_of is None and frame.grads["y"] == pytest.approx(4.4816890703380645)


def test_an_edit_recomputes_the_tangents_live(evaluation):
    evaluation.set_wrt("x")
    evaluation.graph.set_value("x", 0.0)
    assert evaluation.frame().grads["T"] == pytest.approx(1.0)  # (sin·exp)' at 0


def test_removing_x_ends_forward_mode(evaluation):
    evaluation.set_wrt("x")
    evaluation.graph.remove_nodes(["x"])
    assert evaluation.wrt is None and evaluation.frame().tangent_of is None


def test_an_op_cannot_be_x(evaluation):
    with pytest.raises(GraphError, match="op node"):
        evaluation.set_wrt("T")


def test_the_step_through_walks_the_forward_pass_with_dual_numbers(evaluation):
    evaluation.set_wrt("x")
    evaluation.step()
    session = evaluation.stepping
    assert plain(session.texts()[0]) == "ẋ = dx/dx = 1"
    assert evaluation.frame().grads == {"x": 1.0}
    evaluation.step()
    formula, value = (plain(t) for t in session.texts())
    assert formula == "ẏ = ∂y/∂x·ẋ = 0.07074·1 = 0.07074"
    assert value == "y = sin(x) = sin(1.5) = 0.9975"
    assert evaluation.frame().nodes_lit == ("y",)
    evaluation.step(10)
    assert session.at_end
    formula = plain(session.texts()[0])
    assert formula == "Ṫ = ∂T/∂y·ẏ + ∂T/∂z·ż = 4.482·0.07074 + 0.9975·4.482 = 4.787"
    assert evaluation.frame().grads["T"] == pytest.approx(4.787484522760848)
    assert "Forward mode" in session.heading()


def test_the_note_contrasts_the_modes():
    assert "1 pass" in MODES_NOTE and "forward n" in MODES_NOTE
