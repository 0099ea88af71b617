"""The views for understanding gradients, driven through their real widgets: the check
table, forward mode, the function plot's marker and the gradient flow's points."""

from __future__ import annotations

import math

import pytest
from editor_helpers import click, node_center
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QTableWidget

from backprop_gui.core import Graph, save
from backprop_gui.core.chainrule import Names
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.core.typeset import plain
from backprop_gui.ui.canvas.menus import node_menu
from backprop_gui.ui.panels.check_panel import KINK_BACKGROUND, OFF_BACKGROUND

LEFT = Qt.MouseButton.LeftButton
NO_KEYS = Qt.KeyboardModifier.NoModifier


def trigger(window, name: str) -> None:
    window.findChild(QAction, name).trigger()


def table_rows(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def mark(window, node_id: str):
    return window.scene.node_item(node_id).shown().check_mark


# ------------------------------------------------------------------ the check


def test_the_check_table_fills_and_every_card_gets_a_tick(window):
    trigger(window, "actionCheckGradients")
    assert window.understanding.check.isVisible()
    rows = table_rows(window.findChild(QTableWidget, "checkTable"))
    assert rows[0][:2] == ["dσ/dx", "0.25"] and rows[0][4] == "✓"
    assert len(rows) == 3 + 6  # three leaves, six edges
    assert all(row[4] == "✓" for row in rows)
    assert {mark(window, n) for n in window.document.graph.node_ids()} == {"✓"}


def test_a_kink_is_flagged_with_its_reason(window):
    window.open_path(str(EXAMPLES_DIR / "relu_kink.bpg.json"))
    trigger(window, "actionCheckGradients")
    table = window.findChild(QTableWidget, "checkTable")
    row = table_rows(table)[0]
    assert row[0] == "dr/dx" and row[4] == "⚠"
    assert row[5] == "relu at 0: the convention takes 0; the left and right slopes are 0 and 1"
    assert table.item(0, 0).background().color() == KINK_BACKGROUND
    assert mark(window, "x") == "⚠" and mark(window, "r") == "⚠"


def test_kinks_are_counted_apart_from_agreement(window, tmp_path):
    """√x at 0: the slope is infinite, the difference quotient NaN; neither agrees."""
    graph = Graph()
    graph.add_node("input", id="x", value=0.0)
    graph.add_node("op", id="f", op="sqrt")
    graph.connect("x", "f", 0)
    save(graph, tmp_path / "root.bpg.json")
    window.open_path(str(tmp_path / "root.bpg.json"))
    trigger(window, "actionCheckGradients")
    assert window.understanding.check.summary.text() == (
        "0 of 2 derivatives agree with central differences; 2 at a kink, decided by the convention."
    )


def test_a_wrong_derivative_is_flagged(window, wrong_sin, tmp_path):
    graph = Graph()
    graph.add_node("input", id="x", value=0.5)
    graph.add_node("op", id="f", op=wrong_sin)
    graph.connect("x", "f", 0)
    save(graph, tmp_path / "bad.bpg.json")
    window.open_path(str(tmp_path / "bad.bpg.json"))
    trigger(window, "actionCheckGradients")
    table = window.findChild(QTableWidget, "checkTable")
    assert [row[4] for row in table_rows(table)] == ["⚠", "⚠"]
    assert table.item(0, 0).background().color() == OFF_BACKGROUND
    assert "2 of 2 derivatives disagree" in window.understanding.check.summary.text()


def test_an_edit_clears_the_check(window):
    trigger(window, "actionCheckGradients")
    click(window, node_center(window, "x"))
    field = window.inspector.findChild(QLineEdit, "inspectorValue")
    field.selectAll()
    QTest.keyClicks(field, "2")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert window.document.graph.node("x").value == 2.0
    assert window.findChild(QTableWidget, "checkTable").rowCount() == 0
    assert mark(window, "x") is None
    assert "check again" in window.understanding.check.summary.text()


# ------------------------------------------------------------- forward mode


def test_choosing_d_dx_in_the_inspector_recolours_the_cards(window):
    trigger(window, "actionBackward")
    before = {n: window.scene.node_item(n).shown() for n in window.document.graph.node_ids()}
    click(window, node_center(window, "x"))
    box = window.inspector.findChild(QCheckBox, "inspectorForwardMode")
    assert box.isVisible() and box.text() == "d/d x"
    QTest.mouseClick(box, LEFT, NO_KEYS, QPoint(8, box.height() // 2))
    assert window.document.evaluation.wrt == "x"
    after = {n: window.scene.node_item(n).shown() for n in window.document.graph.node_ids()}
    assert after["neg"].lines == ("value 0", "d/dx −1")  # d(−x)/dx, where backward showed ∂s/∂neg
    assert after["s"].lines == ("value 0.5", "d/dx 0.25")
    assert after["neg"].fill != before["neg"].fill  # coloured by the tangent now
    assert after["one"].fill.name() == "#d5d9df"  # a constant does not depend on x: grey
    selector = window.findChild(QComboBox, "forwardModeSelector")
    assert selector.currentText() == "Forward: d/d x"
    assert window.painter.legend.quantity == "d node/dx"


def test_an_inputs_context_menu_offers_d_dx(window):
    menu = node_menu(window.scene, "x")
    action = next(a for a in menu.actions() if a.objectName() == "actionForwardMode")
    assert action.text().startswith("d/d x") and not action.isChecked()
    action.trigger()
    assert window.document.evaluation.wrt == "x"
    assert window.scene.node_item("s").shown().lines == ("value 0.5", "d/dx 0.25")
    op_menu = node_menu(window.scene, "s")  # an op has no d/d itself
    assert "actionForwardMode" not in [a.objectName() for a in op_menu.actions()]


def test_the_toolbar_selector_switches_modes(window):
    selector = window.findChild(QComboBox, "forwardModeSelector")
    selector.setFocus()
    QTest.keyClick(selector, Qt.Key.Key_Down)
    assert window.document.evaluation.wrt == "x"
    assert window.scene.node_item("s").shown().lines == ("value 0.5", "d/dx 0.25")
    QTest.keyClick(selector, Qt.Key.Key_Up)
    assert window.document.evaluation.wrt is None


# ------------------------------------------------------------ function plot


def plot_point(plot, x: float, y: float) -> QPoint:
    """Where the data point (x, y) is drawn in the plot's viewport."""
    scene_pos = plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))
    return plot.mapFromScene(scene_pos)


def test_dragging_the_marker_scrubs_the_input_as_one_undo_step(window, qtbot):
    trigger(window, "actionBackward")
    panel = window.understanding.plot
    panel.show()
    panel.raise_()
    qtbot.waitUntil(lambda: panel.sweep is not None)
    assert (panel.x_id, panel.y_id) == ("x", "s")
    plot = panel.plot
    start = plot_point(plot, 0.0, 0.5)
    end = plot_point(plot, 1.0, 0.5)
    viewport = plot.viewport()
    steps_before = window.document.undo_stack.count()
    QTest.mousePress(viewport, LEFT, NO_KEYS, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + (end - start) * step / 5)
    QTest.mouseRelease(viewport, LEFT, NO_KEYS, end)
    value = window.document.graph.node("x").value
    assert value == pytest.approx(1.0, abs=0.05)
    assert window.document.undo_stack.count() == steps_before + 1
    s = 1 / (1 + math.exp(-value))
    assert window.scene.node_item("s").shown().lines[0] == f"value {s:.4g}"
    assert panel.marker.pos().y() == pytest.approx(s, abs=1e-9)  # back on the curve
    window.document.undo_stack.undo()
    assert window.document.graph.node("x").value == 0.0
    assert panel.marker.pos().x() == 0.0  # an edit elsewhere moves the marker


# ------------------------------------------------------------ gradient flow


def flow_of(window, qtbot, example: str):
    """The Gradient flow dock shown after Backward on ``example``; its points by node."""
    window.open_path(str(EXAMPLES_DIR / example))
    trigger(window, "actionBackward")
    panel = window.understanding.flow
    panel.show()
    panel.raise_()
    qtbot.waitUntil(lambda: len(panel.points.points()) > 0)
    return panel, {spot.data(): spot.pos() for spot in panel.points.points()}


def test_clicking_a_gradient_flow_point_selects_its_node(window, qtbot):
    panel, spots = flow_of(window, qtbot, "vanishing.bpg.json")
    x = spots["x"]
    assert x.x() == max(p.x() for p in spots.values())  # the input is the deepest
    assert x.y() == min(p.y() for p in spots.values())  # and its gradient the smallest
    scene_pos = panel.plot.getPlotItem().vb.mapViewToScene(x)
    QTest.mouseClick(panel.plot.viewport(), LEFT, NO_KEYS, panel.plot.mapFromScene(scene_pos))
    assert window.scene.selected_node_ids() == ["x"]


def test_gradient_flow_points_carry_their_names_and_depths_are_whole(window, qtbot):
    panel, spots = flow_of(window, qtbot, "exploding.bpg.json")
    names = Names(window.document.graph)
    assert set(panel.labels) == set(spots)
    for node_id, label in panel.labels.items():
        assert label.textItem.toPlainText() == plain(names.term(node_id).html)
        assert label.pos() == spots[node_id]
    axis = panel.plot.getPlotItem().getAxis("bottom")
    for spacing, values in axis.tickValues(-0.3, max(p.x() for p in spots.values()), 500):
        assert spacing >= 1 and all(float(v).is_integer() for v in values)
    window.open_path(str(EXAMPLES_DIR / "sigmoid.bpg.json"))
    trigger(window, "actionBackward")
    assert set(panel.labels) == {spot.data() for spot in panel.points.points()}


def test_the_plot_follows_the_selected_input_and_a_new_graph(window, qtbot):
    window.open_path(str(EXAMPLES_DIR / "neuron.bpg.json"))
    panel = window.understanding.plot
    panel.show()
    panel.raise_()
    click(window, node_center(window, "w"))
    qtbot.waitUntil(lambda: panel.sweep is not None and panel.sweep.x_id == "w")
    w = window.document.graph.node("w").value
    assert (panel.sweep.x[0], panel.sweep.x[-1]) == (w - 3, w + 3)
    assert panel.y_id == window.document.evaluation.output
    window.open_path(str(EXAMPLES_DIR / "relu_kink.bpg.json"))
    assert (panel.x_id, panel.y_id) == ("x", "r")
    assert (panel.sweep.x[0], panel.sweep.x[-1]) == (-3.0, 3.0)
    assert panel.sweep.slope_breaks.any()  # the kink at 0 is a gap in the derivative
