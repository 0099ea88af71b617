"""Practice through the real window: blanks on the cards, answers typed after a double-click,
hints, New numbers, and leaving restores the view without touching the document."""

from __future__ import annotations

import math

import pytest
from editor_helpers import node_center, view_point
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from backprop_gui.core import compile, dumps
from backprop_gui.core.evaluation import BACKWARD
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.core.numbers import format_number
from backprop_gui.core.typeset import plain


@pytest.fixture
def fanout(window):
    assert window.open_path(str(EXAMPLES_DIR / "fanout.bpg.json"))
    window.canvas.resetTransform()
    window.canvas.centerOn(window.scene.content_rect().center())
    window.run_controls.backward_action.trigger()
    return window


def lines(window, node_id):
    return window.scene.node_item(node_id).shown().lines


def double_click_card(window, node_id):
    point = view_point(window, node_center(window, node_id))
    QTest.mouseDClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)


def type_answer(window, text):
    field = window.practice.answer
    field.clear()
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Return)


def press(window, name):
    button = window.practice.findChild(QPushButton, name)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def start(window, hide_index=None):
    panel = window.practice
    if hide_index is not None:
        panel.hide_choice.setCurrentIndex(hide_index)
    window.practice.action.trigger()
    assert panel.isVisible() and window.document.evaluation.practice is not None


def test_fanout_gradients_wrong_then_right(fanout):
    window = fanout
    before = dumps(window.document.graph)
    start(window)  # hides gradients by default
    assert lines(window, "x") == ("value 1.5", "grad ?")
    assert lines(window, "y") == ("value 0.9975", "grad ?")
    assert lines(window, "T") == ("value 4.47", "grad 1")  # the seed dT/dT = 1 is given
    double_click_card(window, "x")
    assert window.practice.current == ("grad", "x")
    assert window.scene.node_item("x").shown().highlighted
    assert "dT/dx" in plain(window.practice.target.text())
    exercise = window.document.evaluation.practice
    through_y = next(s for s in exercise.backward if s.source == "x" and s.target == "y")
    type_answer(window, f"{through_y.contribution:.4f}")
    feedback = plain(window.practice.feedback.text())
    assert "you have the one through y — what about z?" in feedback
    assert lines(window, "x") == ("value 1.5", "grad ?")
    double_click_card(window, "x")
    type_answer(window, "4.787")
    assert lines(window, "x") == ("value 1.5", "grad 4.787 ✓")
    assert "Right" in window.practice.feedback.text()
    assert "1 after a hint" in window.practice.score.text()
    assert dumps(window.document.graph) == before
    assert not window.document.is_modified()
    assert window.document.undo_stack.count() == 0


def test_reveal_all_then_leaving_restores_the_cards(fanout):
    window = fanout
    shown_before = {n: lines(window, n) for n in ("x", "y", "z", "T")}
    start(window, hide_index=2)  # values and gradients
    assert lines(window, "y") == ("value ?", "grad ?")
    press(window, "practiceReveal")  # the suggested first blank: y's value
    assert lines(window, "y") == ("value 0.9975", "grad ?")
    press(window, "practiceRevealAll")
    assert lines(window, "y") == ("value 0.9975", "grad 4.482")
    assert "6 of 6 done" in window.practice.score.text()
    assert "6 revealed" in window.practice.score.text()
    press(window, "practiceLeave")
    assert window.document.evaluation.practice is None
    assert not window.practice.isVisible()
    assert {n: lines(window, n) for n in shown_before} == shown_before
    assert not window.document.is_modified()


def test_new_numbers_keep_the_graph_finite_and_the_file_values(fanout):
    window = fanout
    start(window)
    press(window, "practiceNewNumbers")
    exercise = window.document.evaluation.practice
    x = exercise.values["x"]
    assert x != 1.5 and lines(window, "x")[0] == "value " + f"{x:g}".replace("-", "−")
    result = compile(window.document.graph).run(exercise.values)
    assert all(math.isfinite(v) for v in (*result.values.values(), *result.grads.values()))
    assert window.document.graph.node("x").value == 1.5
    assert not window.document.is_modified()


def test_an_edit_ends_practice(fanout):
    window = fanout
    start(window)
    window.scene.select_nodes(["y"])
    window.actions["delete"].trigger()
    assert window.document.evaluation.practice is None
    assert not window.practice.action.isChecked()
    assert "Practice ended" in window.practice.feedback.text()


def test_practice_is_a_mode_the_passes_and_steps_wait(fanout):
    window = fanout
    run, step = window.run_controls, window.step_control
    passes = [run.forward_action, run.backward_action, run.reset_action, *step.actions]
    start(window)
    double_click_card(window, "x")
    type_answer(window, "4.787")
    assert not any(action.isEnabled() for action in passes)
    for key in (Qt.Key.Key_F5, Qt.Key.Key_F6, Qt.Key.Key_F10):
        QTest.keyClick(window.canvas.viewport(), key)
    assert window.document.evaluation.practice is not None
    assert "1 right at the first try" in window.practice.score.text()
    press(window, "practiceLeave")
    assert all(a.isEnabled() for a in (run.forward_action, run.backward_action, step.step_action))


def test_the_message_says_what_ended_practice(fanout):
    window = fanout
    start(window)
    window.document.evaluation.run(BACKWARD)  # as a script or another panel might
    assert "Practice ended: the passes were run." in window.practice.feedback.text()
    start(window)
    window.scene.select_nodes(["y"])
    window.actions["delete"].trigger()
    assert "Practice ended: the graph changed." in window.practice.feedback.text()


def click_card(window, node_id):
    point = view_point(window, node_center(window, node_id))
    QTest.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_answers_typed_in_the_inspector_in_any_order(fanout):
    window = fanout
    start(window, hide_index=2)  # values and gradients
    click_card(window, "z")  # not the suggested first blank (y's value)
    inspector = window.inspector
    value = inspector.findChild(QLineEdit, "inspectorPracticeValue")
    grad = inspector.findChild(QLineEdit, "inspectorPracticeGrad")
    assert inspector.node_id == "z" and value.isVisible() and grad.isVisible()
    answer = window.document.evaluation.practice.blank("value", "z").answer
    for name in ("inspectorResult", "inspectorGradient"):  # the answers are not on show
        assert not inspector.findChild(QLabel, name).isVisible()
    QTest.keyClicks(value, "123")
    QTest.keyClick(value, Qt.Key.Key_Return)
    assert "Not quite" in window.practice.feedback.text()
    assert value.selectedText() == "123"
    value.clear()
    QTest.keyClicks(value, format_number(answer).replace("−", "-"))
    QTest.keyClick(value, Qt.Key.Key_Return)
    assert lines(window, "z")[0].endswith("✓") and not value.isVisible()
    assert inspector.findChild(QLabel, "inspectorResult").text().startswith(f"{answer:.6g}"[:5])
    assert grad.isVisible()  # the gradient is still open
    assert "1 right at the first try" not in window.practice.score.text()  # one wrong try
    press(window, "practiceLeave")
    assert not grad.isVisible()


def test_a_local_derivative_is_picked_by_double_clicking_its_edge(fanout):
    window = fanout
    start(window, hide_index=3)  # local derivatives on the edges
    exercise = window.document.evaluation.practice
    key = ("x", "z", 0) if exercise.blank("local", ("x", "z", 0)) else list(exercise.blanks)[-1][1]
    assert window.practice.current != ("local", key)
    middle = window.scene.edge_item(*key).path().pointAtPercent(0.5)
    QTest.mouseDClick(window.canvas.viewport(), Qt.MouseButton.LeftButton,
                      pos=view_point(window, middle))  # fmt: skip
    assert window.practice.current == ("local", key)
    assert "∂" in plain(window.practice.target.text())
    type_answer(window, format_number(exercise.blank("local", key).answer).replace("−", "-"))
    assert exercise.blank("local", key).shown
    assert window.scene.edge_item(*key).shown().label is not None
