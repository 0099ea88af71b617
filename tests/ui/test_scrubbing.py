"""Value edits and undo: two edits are two undo steps, one wheel scrub is one.

Driven through the real widgets: clicks and wheel turns on the canvas's viewport,
typing in the inspector. The scrubber's clock is replaced, so no test sleeps.
"""

from __future__ import annotations

import pytest
from editor_helpers import click, node_center, view_point
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from backprop_gui.ui.canvas.scrubbing import GESTURE_GAP
from backprop_gui.ui.commands import SetValueCommand

NO_KEYS = Qt.KeyboardModifier.NoModifier


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(window) -> FakeClock:
    window.scrubber.clock = fake = FakeClock()
    return fake


def wheel(window, node_id: str, notches: int = 1, modifiers=NO_KEYS) -> None:
    """Turn the wheel by ``notches`` over the middle of ``node_id``'s card."""
    viewport = window.canvas.viewport()
    at = view_point(window, node_center(window, node_id))
    event = QWheelEvent(
        QPointF(at), QPointF(viewport.mapToGlobal(at)), QPoint(), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(viewport, event)


def scrub(window, clock: FakeClock, node_id: str, notches: int) -> None:
    """One gesture: ``notches`` single notches, a little less than the gap apart."""
    for _ in range(notches):
        clock.now += GESTURE_GAP * 0.9
        wheel(window, node_id)


def value(window, node_id: str) -> float:
    return window.document.graph.node(node_id).value


def test_two_inspector_edits_of_one_value_are_two_undo_steps(window):
    click(window, node_center(window, "x"))
    field = window.findChild(QLineEdit, "inspectorValue")
    for text in ("0.25", "-3"):
        field.selectAll()
        QTest.keyClicks(field, text)
        QTest.keyClick(field, Qt.Key.Key_Return)
    stack = window.document.undo_stack
    assert value(window, "x") == -3.0 and stack.count() == 2
    stack.undo()
    assert value(window, "x") == 0.25
    stack.undo()
    assert value(window, "x") == 0.0


def test_one_scrub_of_several_notches_is_one_undo_step(window, clock):
    click(window, node_center(window, "x"))
    scrub(window, clock, "x", 5)
    stack = window.document.undo_stack
    assert value(window, "x") == 0.5 and stack.count() == 1
    stack.undo()
    assert value(window, "x") == 0.0


def test_two_scrubs_with_a_pause_between_them_are_two_undo_steps(window, clock):
    click(window, node_center(window, "x"))
    scrub(window, clock, "x", 3)
    clock.now += GESTURE_GAP * 1.5
    scrub(window, clock, "x", 2)
    stack = window.document.undo_stack
    assert value(window, "x") == 0.5 and stack.count() == 2
    stack.undo()
    assert value(window, "x") == 0.3


def test_selecting_again_starts_a_new_scrub(window, clock):
    click(window, node_center(window, "x"))
    scrub(window, clock, "x", 2)
    click(window, node_center(window, "one"))
    click(window, node_center(window, "x"))
    scrub(window, clock, "x", 1)
    assert value(window, "x") == 0.3 and window.document.undo_stack.count() == 2


def test_an_inspector_edit_after_a_scrub_is_a_step_of_its_own(window, clock):
    click(window, node_center(window, "x"))
    scrub(window, clock, "x", 2)
    field = window.findChild(QLineEdit, "inspectorValue")
    field.selectAll()
    QTest.keyClicks(field, "4")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert window.document.undo_stack.count() == 2
    window.document.undo_stack.undo()
    assert value(window, "x") == 0.2


def test_shift_scrubs_finer_and_ctrl_coarser(window, clock):
    click(window, node_center(window, "one"))
    wheel(window, "one", 1, Qt.KeyboardModifier.ShiftModifier)
    assert value(window, "one") == 1.01
    wheel(window, "one", -2, Qt.KeyboardModifier.ControlModifier)
    assert value(window, "one") == -0.99
    assert window.document.undo_stack.count() == 1


def test_the_wheel_over_a_selected_op_zooms(window, clock):
    click(window, node_center(window, "exp"))
    zoom = window.canvas.zoom()
    wheel(window, "exp", 1)
    assert window.canvas.zoom() > zoom
    assert window.document.undo_stack.count() == 0


def test_a_scrub_back_to_the_start_leaves_no_undo_step(window, clock):
    click(window, node_center(window, "x"))
    scrub(window, clock, "x", 2)
    wheel(window, "x", -2)
    assert value(window, "x") == 0.0 and window.document.undo_stack.count() == 0
    assert not window.document.is_modified() and "*" not in window.windowTitle()


def test_value_commands_merge_only_within_one_gesture(window):
    document = window.document

    def set_value(node_id, new, gesture=None):
        document.push(SetValueCommand(document, node_id, new, gesture=gesture))

    one_gesture = object()
    set_value("x", 0.1, one_gesture)
    set_value("x", 0.2, one_gesture)
    assert document.undo_stack.count() == 1
    set_value("x", 0.3)  # no gesture: a step of its own, and nothing merges into it
    set_value("x", 0.4)
    set_value("x", 0.5, object())
    set_value("one", 2.0, one_gesture)  # another node
    assert document.undo_stack.count() == 5
