"""The passes as a new user meets them: keys, menus and the inspector, and what the
window shows after each; regressions of the defects found that way."""

from __future__ import annotations

import math

import pytest
from editor_helpers import click
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit

from backprop_gui.core import compile
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.core.numbers import format_number


def press(window, key) -> None:
    window.canvas.setFocus()
    QTest.keyClick(window.canvas.viewport(), key)


def lines(window, node_id: str) -> tuple[str, ...]:
    return window.scene.node_item(node_id).shown().lines


def leave_for_another_graph(window, how: str, tmp_path, monkeypatch) -> None:
    """Examples › Fan-out, File › New and then an expression, or File › Open."""
    if how == "example":
        next(a for a in window.examples_menu.actions() if a.text().startswith("Fan-out")).trigger()
    elif how == "new":
        window.actions["new"].trigger()
        field = window.findChild(QLineEdit, "expressionEdit")
        field.setText("sin(x)*exp(x)")
        QTest.keyClick(field, Qt.Key.Key_Return)
    else:
        path = tmp_path / "fanout.bpg.json"
        path.write_text((EXAMPLES_DIR / "fanout.bpg.json").read_text())
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
        window.actions["open"].trigger()


@pytest.mark.parametrize("how", ["example", "new", "open"])
def test_stepping_then_loading_another_graph_leaves_the_passes_working(
    window, qtbot, how, tmp_path, monkeypatch
):
    press(window, Qt.Key.Key_F6)  # Backward
    press(window, Qt.Key.Key_F10)  # Step
    press(window, Qt.Key.Key_F10)
    assert any(item.shown().highlighted for item in window.scene.node_items())
    leave_for_another_graph(window, how, tmp_path, monkeypatch)
    qtbot.wait(1)
    output = window.document.evaluation.output
    expected = compile(window.document.graph).run()
    press(window, Qt.Key.Key_F5)  # Forward
    assert lines(window, output) == (f"value {format_number(expected.values[output])}",)
    press(window, Qt.Key.Key_F6)  # Backward
    assert lines(window, output)[-1] == "grad 1"
    assert not any(item.shown().highlighted for item in window.scene.node_items())
    press(window, Qt.Key.Key_F10)  # and stepping works on the new graph
    assert sum(item.shown().highlighted for item in window.scene.node_items()) == 1


def test_one_value_edit_runs_once_and_tells_listeners_once_with_the_fresh_result(window, qtbot):
    press(window, Qt.Key.Key_F6)
    heard = []
    window.document.resultsChanged.connect(
        lambda: heard.append(window.document.evaluation.result.values["x"])
    )
    click(window, window.scene.node_item("x").scenePos())
    field = window.findChild(QLineEdit, "inspectorValue")
    field.selectAll()
    QTest.keyClicks(field, "0.7")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert heard == [0.7]  # one notification, and what it shows is already fresh
    expected = compile(window.document.graph).run()
    assert lines(window, "x") == ("value 0.7", f"grad {format_number(expected.grads['x'])}")
    assert window.document.undo_stack.count() == 1


def test_undo_of_an_edit_is_one_notification_too(window):
    press(window, Qt.Key.Key_F6)
    click(window, window.scene.node_item("x").scenePos())
    field = window.findChild(QLineEdit, "inspectorValue")
    field.setText("2")
    field.editingFinished.emit()
    heard = []
    window.document.resultsChanged.connect(lambda: heard.append(1))
    window.actions["undo"].trigger()
    assert heard == [1]
    assert window.document.evaluation.result.values["x"] == 0.0


def test_an_infinite_gradient_stops_at_a_flat_relu_in_the_window(window, qtbot):
    field = window.findChild(QLineEdit, "expressionEdit")
    field.setText("sqrt(relu(x))")
    QTest.keyClick(field, Qt.Key.Key_Return)
    window.document.graph.set_value("x", -1.0)
    press(window, Qt.Key.Key_F6)
    result = window.document.evaluation.result
    assert result.grads["x"] == 0.0 and math.isinf(result.grads["relu"])
    assert lines(window, "x") == ("value −1", "grad 0")
    assert window.scene.node_item("x").shown().border != "warning"


def test_a_stale_result_whose_output_is_gone_breaks_nothing(window, qtbot):
    window.run_controls.live_action.setChecked(False)
    press(window, Qt.Key.Key_F6)
    window.scene.select_nodes(["x"])  # the inspector shows x's result rows
    field = window.findChild(QLineEdit, "expressionEdit")
    field.setText("x*x")  # replaces the graph: the old output "s" is gone
    QTest.keyClick(field, Qt.Key.Key_Return)
    window.scene.select_nodes(["x"])
    assert window.document.evaluation.stale
    assert window.findChild(QLabel, "passStatus").text().startswith("Out of date")
    window.actions["undo"].trigger()
    press(window, Qt.Key.Key_F6)
    assert window.findChild(QLabel, "passStatus").text().startswith("Gradients of")
