"""The expression bar, auto-layout, Copy as Expression and the welcome page, as a user uses them."""

import pytest
from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QAction, QGuiApplication, QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QTextBrowser, QToolTip

from backprop_gui.core import compile, dumps
from backprop_gui.core.examples import list_examples
from backprop_gui.core.layout import CARD_WIDTH

NO_KEYS = Qt.KeyboardModifier.NoModifier


def type_expression(window, text, mode="Replace graph"):
    window.expression_tools.mode.setCurrentText(mode)
    field = window.findChild(QLineEdit, "expressionEdit")
    field.clear()
    for char in text:
        if char.isascii():
            QTest.keyClick(field, char)
        else:  # QTest's keyClick knows ASCII keys only; a key event with text types the rest
            QTest.sendKeyEvent(QTest.KeyAction.Click, field, Qt.Key.Key_unknown, char, NO_KEYS)
    QTest.keyClick(field, Qt.Key.Key_Return)
    return field


def test_enter_replaces_the_graph_in_one_undo_step(window):
    before = dumps(window.document.graph)
    type_expression(window, "x*x + 3*x")
    graph = window.document.graph
    assert sorted(n.id for n in graph.nodes() if n.kind == "input") == ["x"]
    assert compile(graph).run({"x": 2.0}).grads["x"] == 7.0
    assert {item.node_id for item in window.scene.node_items()} == set(graph.node_ids())
    window.findChild(QAction, "actionUndo").trigger()
    assert dumps(window.document.graph) == before


def test_add_mode_keeps_the_graph_and_places_the_new_one_below(window):
    old_ids = set(window.document.graph.node_ids())
    bottom = max(n.pos[1] for n in window.document.graph.nodes())
    type_expression(window, "relu(w*x + b)", mode="Add to graph")
    graph = window.document.graph
    assert old_ids < set(graph.node_ids())
    added = [graph.node(n) for n in set(graph.node_ids()) - old_ids]
    assert len(added) == 6 and min(n.pos[1] for n in added) > bottom
    window.actions["undo"].trigger()
    assert set(window.document.graph.node_ids()) == old_ids


def test_a_wrong_expression_says_where_and_changes_nothing(window):
    before = dumps(window.document.graph)
    field = type_expression(window, "1 + foo(x)")
    assert dumps(window.document.graph) == before
    assert "unknown function 'foo' at column 5" in window.statusBar().currentMessage()
    assert field.cursorPosition() == 4 and field.property("invalid")
    QTest.keyClicks(field, " ")
    assert not field.property("invalid")


@pytest.mark.parametrize(
    "text, message, cursor",
    [
        ("é + foo(x)", "unknown function 'foo' at column 5", 4),
        ("x = sin(x)", "'x' is defined in terms of itself at column 9", 8),
        ("ααααα%β", "the operator '%' is not supported at column 6", 5),
        ("x + -True", "True is not a number at column 6", 5),
        ("", "the expression is empty at column 1", 0),
        ("(" * 201 + "x", "brackets are nested too deeply (over 200) at column 201", 200),
    ],
    ids=["accent", "cycle", "Greek", "boolean", "empty", "too deep"],
)
def test_each_refusal_puts_the_cursor_on_its_character(window, text, message, cursor):
    before = dumps(window.document.graph)
    field = type_expression(window, text)
    assert dumps(window.document.graph) == before
    assert f"Expression: {message}" == window.statusBar().currentMessage()
    assert field.cursorPosition() == cursor and field.property("invalid")


def answer_unsaved_changes(monkeypatch, reply) -> list[str]:
    """Answer New's "Unsaved changes" question with ``reply``; the texts it showed."""
    shown = []

    def dialog(parent, title, text, *args, **kwargs):
        shown.append(text)
        return reply

    monkeypatch.setattr(QMessageBox, "warning", dialog)
    return shown


def test_replacing_a_graph_with_unsaved_changes_asks_first(window, monkeypatch):
    type_expression(window, "a*b", mode="Add to graph")
    edited = dumps(window.document.graph)
    shown = answer_unsaved_changes(monkeypatch, QMessageBox.StandardButton.Cancel)
    type_expression(window, "x*x")
    assert dumps(window.document.graph) == edited
    assert len(shown) == 1 and "replacing it with the expression's graph" in shown[0]
    answer_unsaved_changes(monkeypatch, QMessageBox.StandardButton.Discard)
    type_expression(window, "x*x")
    assert sorted(window.document.graph.node_ids()) == ["mul", "x"]


def test_an_error_shows_beside_the_bar_until_the_text_changes(window, qtbot):
    label = window.findChild(QLabel, "expressionError")
    assert not label.isVisible()
    field = type_expression(window, "2x + 1")
    qtbot.waitUntil(label.isVisible)  # the toolbar lays its widgets out when idle
    assert label.text() == ("missing '*' after 2 (did you mean 2*x?) at column 2")
    assert field.cursorPosition() == 1
    QTest.keyClick(field, Qt.Key.Key_Backspace)
    assert label.text() == "" and not field.property("invalid")
    qtbot.waitUntil(lambda: not label.isVisible())


def test_an_error_is_cleared_when_another_graph_is_loaded(window, qtbot):
    label = window.findChild(QLabel, "expressionError")
    type_expression(window, "1 + foo(x)")
    qtbot.waitUntil(label.isVisible)
    next(a for a in window.examples_menu.actions() if a.text().startswith("Fan-out")).trigger()
    assert label.text() == ""
    qtbot.waitUntil(lambda: not label.isVisible())


def test_a_pasted_expression_on_two_lines_points_into_the_second(window):
    QGuiApplication.clipboard().setText("y = 1\rz = x % 2")
    field = window.findChild(QLineEdit, "expressionEdit")
    field.clear()
    QTest.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert "the operator '%' is not supported at line 2, column 7" in (
        window.statusBar().currentMessage()
    )
    assert field.text()[field.cursorPosition()] == "%"


def test_auto_layout_key_is_one_undo_step_and_runs_left_to_right(window):
    graph = window.document.graph
    before = dumps(graph)
    for node in list(graph.nodes()):
        graph.set_pos(node.id, (0.0, 0.0))  # a heap, as if dropped carelessly
    heap = dumps(graph)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas.viewport(), Qt.Key.Key_L)
    for edge in graph.edges():
        assert graph.node(edge.source).pos[0] + CARD_WIDTH <= graph.node(edge.target).pos[0]
    window.actions["undo"].trigger()
    assert dumps(graph) == heap
    assert before != heap


def test_copy_as_expression_copies_the_selected_nodes_formula(window):
    window.scene.select_nodes(["add"])
    window.findChild(QAction, "actionCopyExpression").trigger()
    assert QGuiApplication.clipboard().text() == "exp(-x) + 1"
    assert window.expression_tools.formula.text() == "exp(-x) + 1"
    window.scene.clearSelection()
    window.expression_tools.copy_action.trigger()  # nothing selected: the output's formula
    assert QGuiApplication.clipboard().text() == "1/(exp(-x) + 1)"


def test_the_welcome_page_lists_every_example_and_opens_one(window):
    page = window.findChild(QTextBrowser, "welcomeExamples")
    text = page.toPlainText()
    for title in (
        "Sigmoid, built from parts",
        "Fan-out: T = f(y, z)",
        "2-2-1 MLP with squared error",
    ):
        assert title in text
    fanout = next(e for e in list_examples() if e.name == "fanout")
    page.anchorClicked.emit(QUrl.fromLocalFile(str(fanout.path)))
    assert window.document.graph.meta["title"] == "Fan-out: T = f(y, z)"
    assert not window.document.is_modified()


def test_a_nodes_tooltip_ends_with_its_formula(window, qtbot):
    viewport = window.canvas.viewport()
    item = window.scene.node_item("s")
    point = window.canvas.mapFromScene(item.scenePos())
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text().endswith("= 1/(exp(-x) + 1)")
