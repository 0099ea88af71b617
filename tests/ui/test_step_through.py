"""The step-through: Step walks forward node by node, then backward edge by edge with the
chain rule spelled out; Step back undoes a step of the display; Play animates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel, QSlider, QTextBrowser

from backprop_gui.core import compile, load
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.core.numbers import format_number
from backprop_gui.core.typeset import plain
from backprop_gui.ui.commands import SetLabelCommand, SetValueCommand
from backprop_gui.ui.panels.step_panel import wrap_at_operators


@pytest.fixture
def fanout(window, qtbot):
    """The window on the fan-out example T = sin(x)·exp(x)."""
    window.document.replace_graph(load(EXAMPLES_DIR / "fanout.bpg.json"), None)
    qtbot.wait(1)
    return window


def step(window, times: int = 1) -> None:
    for _ in range(times):
        window.findChild(QAction, "actionStep").trigger()


def read(label: QLabel) -> str:
    """The label's text as a person reads it: no tags, no wrapping hints."""
    text = plain(label.text()).replace("\xa0", " ")
    return text.replace("\u200b", "").replace("\u2060", "")


def formula(window) -> str:
    return read(window.findChild(QLabel, "stepFormula"))


def lines(window, node_id: str) -> list[str]:
    """The number lines the card draws under its title ("value …", then "grad …")."""
    return list(window.scene.node_item(node_id).shown().lines)


def test_forward_steps_reveal_one_node_at_a_time(fanout):
    step(fanout)
    panel = fanout.findChild(QDockWidget, "stepPanel")
    assert not panel.visibleRegion().isEmpty()  # in front of the welcome tab beside it
    assert fanout.findChild(QDockWidget, "welcome").visibleRegion().isEmpty()
    first = formula(fanout)
    assert first in ("y = sin(x) = sin(1.5) = 0.9975", "z = ex = e1.5 = 4.482")
    computed = first[0]
    assert lines(fanout, computed)[0].removeprefix("value ") in first
    assert lines(fanout, "T") == []  # not computed yet
    assert fanout.scene.node_item(computed).shown().highlighted
    assert fanout.findChild(QLabel, "stepPosition").text() == "Forward pass · step 1 of 8"
    step(fanout, 2)
    assert formula(fanout) == "T = y·z = 0.9975·4.482 = 4.47"
    assert lines(fanout, "T") == ["value 4.47"]


def test_the_fan_out_sum_grows_term_by_term_to_the_engines_gradient(fanout):
    graph = fanout.document.graph
    plan = compile(graph)
    result = plan.run()
    _, backward = plan.trace(result)
    paths = [b.target for b in backward if b.source == "x"]  # the engine's order
    term = {"y": ("dT/dy·∂y/∂x", "4.482·0.07074"), "z": ("dT/dz·∂z/∂x", "0.9975·4.482")}
    shown = []
    for _ in range(3 + 1 + len(backward)):  # forward steps, the seed, backward steps
        step(fanout)
        if formula(fanout).startswith("dT/dx"):
            shown.append(formula(fanout))
    assert len(shown) == 2
    first, second = (term[t] for t in paths)
    partial = format_number(next(b.total for b in backward if b.source == "x"))
    assert shown[0] == f"dT/dx = {first[0]} = {first[1]} = {partial}"
    assert shown[1] == (
        f"dT/dx = {first[0]} + {second[0]} = {first[1]} + {second[1]} = "
        f"{format_number(result.grads['x'])}"
    )
    assert lines(fanout, "x") == ["value 1.5", f"grad {format_number(result.grads['x'])}"]
    assert not fanout.findChild(QAction, "actionStep").isEnabled()  # at the end
    assert "term 2 of 2" in fanout.findChild(QLabel, "stepPosition").text()


def test_the_backward_step_highlights_its_edge_and_shows_the_local_derivative(fanout):
    step(fanout, 5)  # three forward steps, the seed, the first edge into T
    assert formula(fanout).startswith("dT/d")
    lit = [e for e in fanout.scene.edge_items() if e.shown().highlighted]
    assert len(lit) == 1 and lit[0].target == "T"
    local = read(fanout.findChild(QLabel, "stepLocal"))
    assert local.startswith(f"∂T/∂{lit[0].source} = ")
    other = "z" if lit[0].source == "y" else "y"
    assert lines(fanout, lit[0].source)[1].startswith("grad ")
    assert len(lines(fanout, other)) == 1  # its gradient is not there yet


def test_step_back_undoes_one_step_of_the_display(fanout):
    step(fanout, 6)
    sixth, x_lines = formula(fanout), lines(fanout, "x")
    step(fanout)
    assert formula(fanout) != sixth
    fanout.findChild(QAction, "actionStepBack").trigger()
    assert formula(fanout) == sixth
    assert lines(fanout, "x") == x_lines
    assert fanout.document.undo_stack.count() == 0


def test_the_formulas_are_typeset_rich_text(fanout):
    step(fanout, 8)
    label = fanout.findChild(QLabel, "stepFormula")
    assert label.textFormat() == Qt.TextFormat.RichText
    assert "<i>T</i>" in label.text() and "∂" in label.text() and "·" in label.text()


def test_play_steps_by_itself_to_the_end(fanout, qtbot):
    fanout.findChild(QSlider, "playSpeed").setValue(10)
    play = fanout.findChild(QAction, "actionPlay")
    play.trigger()
    assert play.isChecked()
    qtbot.waitUntil(lambda: not play.isChecked(), timeout=5000)
    assert formula(fanout).endswith(format_number(fanout.document.evaluation.result.grads["x"]))


def test_an_edit_while_stepping_ends_the_step_through(fanout):
    step(fanout, 5)
    fanout.document.push(SetValueCommand(fanout.document, "x", 0.5))
    assert formula(fanout) == ""
    assert not any(e.shown().highlighted for e in fanout.scene.edge_items())
    assert lines(fanout, "T")[1] == "grad 1"  # live: the full result of both passes again


def test_renaming_a_node_renames_it_in_the_formulas(fanout):
    step(fanout)
    first = formula(fanout)[0]  # y or z, whichever the engine computes first
    fanout.document.push(SetLabelCommand(fanout.document, first, "u"))
    assert formula(fanout).startswith("u = ")
    assert fanout.findChild(QLabel, "stepPosition").text() == "Forward pass · step 1 of 8"


def test_play_at_the_end_starts_over_with_one_notification(fanout, qtbot):
    step(fanout, 20)  # to the end
    play = fanout.findChild(QAction, "actionPlay")
    heard = []
    fanout.document.resultsChanged.connect(lambda: heard.append(1))
    play.trigger()
    assert heard == [1] and fanout.document.evaluation.stepping.position == 0
    play.trigger()  # pause


def test_the_list_explains_step_first_then_highlights_the_current_line(fanout):
    history = fanout.findChild(QTextBrowser, "stepHistory")
    assert "Forward pass" in history.toPlainText() and "Backward pass" in history.toPlainText()
    step(fanout, 9)
    paragraphs = history.toHtml().split("<p ")[1:]
    lit = ["#fde68a" in paragraph for paragraph in paragraphs]
    assert lit == [False] * (len(paragraphs) - 1) + [True]  # the current line, the last
    current = history.toPlainText().splitlines()[-1].replace("\xa0", " ")
    current = current.replace("\u200b", "").replace("\u2060", "")
    assert current == formula(fanout)
    bar = history.verticalScrollBar()
    assert bar.value() == bar.maximum()  # scrolled to the current line


def test_formulas_wrap_only_after_operators():
    text = wrap_at_operators("d<i>T</i>/d<i>x</i> = d<i>T</i>/d<i>y</i>·∂<i>y</i>/∂<i>x</i> + 1")
    join = "\u2060/\u2060"  # a slash no line breaks at
    assert text == (
        f"d<i>T</i>{join}d<i>x</i>&nbsp;= d<i>T</i>{join}d<i>y</i>·\u200b∂<i>y</i>{join}"
        f"∂<i>x</i>&nbsp;+ 1"
    )
