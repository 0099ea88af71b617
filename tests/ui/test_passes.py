"""The passes in the window: actions, what the cards and edges show, colours, live mode,
the output chooser and wheel scrubbing — driven through the real actions and widgets."""

from __future__ import annotations

import math

import pytest
from editor_helpers import click, render, view_point
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QColor, QHelpEvent, QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QToolTip, QWidget

from backprop_gui.core import Graph, compile, load
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.core.numbers import format_number
from backprop_gui.ui import theme
from backprop_gui.ui.canvas import menus
from backprop_gui.ui.colors import DIVERGING, NO_GRADIENT, VIRIDIS
from backprop_gui.ui.commands import SetValueCommand


@pytest.fixture
def passes(window, qtbot):
    """The window with the whole graph in view (big enough for it at a readable zoom)."""
    window.resize(1400, 900)
    qtbot.wait(1)  # the step panel's dock takes its room
    window.canvas.fit_to_view()
    return window.document.evaluation


def show_graph(window, qtbot, graph: Graph) -> None:
    """Put ``graph`` in the window, fitted to the view."""
    window.document.replace_graph(graph, None)
    qtbot.wait(1)  # the window fits the new graph to the view
    window.canvas.fit_to_view()


def open_example(window, qtbot, name: str) -> None:
    show_graph(window, qtbot, load(EXAMPLES_DIR / f"{name}.bpg.json"))


def trigger(window, name: str) -> None:
    window.findChild(QAction, name).trigger()


def lines(window, node_id: str) -> list[str]:
    """The number lines the card draws under its title ("value …", then "grad …")."""
    return list(window.scene.node_item(node_id).shown().lines)


def body_color(window, node_id: str, image: QImage | None = None) -> QColor:
    """The colour of the card's body, left of its texts, as drawn."""
    item = window.scene.node_item(node_id)
    point = view_point(window, item.scenePos() + QPointF(-40, 30))
    return (image or render(window)).pixelColor(point)


def log_of(x: float) -> Graph:
    graph = Graph()
    graph.add_node("input", id="x", value=x, label="x", pos=(0, 0))
    graph.add_node("op", id="l", op="log", pos=(200, 0))
    graph.add_node("op", id="s", op="sin", label="s", pos=(400, 0))
    graph.connect("x", "l", 0)
    graph.connect("l", "s", 0)
    return graph


def test_forward_shows_values_and_backward_adds_gradients(window, passes):
    trigger(window, "actionForward")
    assert lines(window, "s") == ["value 0.5"]
    assert lines(window, "add") == ["value 2"]
    assert body_color(window, "s") == theme.CARD  # no gradient yet: the plain card
    assert not window.canvas.viewport().findChild(QWidget, "gradientLegend").isVisible()
    trigger(window, "actionBackward")
    assert lines(window, "s") == ["value 0.5", "grad 1"]
    assert lines(window, "x") == ["value 0", "grad 0.25"]
    assert lines(window, "add") == ["value 2", "grad −0.25"]
    assert "grad (d output/d x): 0.25" in window.scene.tooltip_for(window.scene.node_item("x"))
    assert window.findChild(QLabel, "passStatus").text().startswith("Gradients of σ")
    assert window.canvas.viewport().findChild(QWidget, "gradientLegend").isVisible()
    stack = window.document.undo_stack
    assert stack.count() == 0 and stack.isClean() and not window.document.is_modified()


def test_reset_clears_what_the_passes_showed(window, passes):
    trigger(window, "actionBackward")
    trigger(window, "actionReset")
    assert window.document.evaluation.result is None
    assert lines(window, "s") == []
    assert body_color(window, "x") == theme.CARD
    assert window.document.undo_stack.count() == 0


def test_colours_are_ordered_like_abs_gradient_along_the_colormap(window, qtbot, passes):
    open_example(window, qtbot, "fanout")
    trigger(window, "actionBackward")
    grads = window.document.evaluation.result.grads
    image = render(window)
    places = {n: VIRIDIS.index_of(body_color(window, n, image)) for n in ("x", "y", "z", "T")}
    assert None not in places.values()  # every body is a colour of the map
    by_gradient = sorted(places, key=lambda n: abs(grads[n]))
    assert [places[n] for n in by_gradient] == sorted(places.values())
    assert places[by_gradient[-1]] == 255 and places[by_gradient[0]] == 0


def test_nodes_off_the_outputs_path_are_grey(window, qtbot, passes):
    open_example(window, qtbot, "fanout")
    menu = menus.node_menu(window.scene, "y")
    next(a for a in menu.actions() if a.text() == "Use as output").trigger()
    assert window.document.graph.output == "y"
    trigger(window, "actionBackward")
    image = render(window)
    assert body_color(window, "z", image) == NO_GRADIENT
    assert body_color(window, "T", image) == NO_GRADIENT
    assert body_color(window, "x", image) != NO_GRADIENT
    assert lines(window, "T") == ["value 4.47"]  # still a value, but no gradient
    window.document.undo_stack.undo()  # the output goes back to T, live
    assert window.document.evaluation.result.output == "T"
    assert body_color(window, "T") != NO_GRADIENT


def test_a_nan_gets_the_warning_style_and_says_where_it_came_from(window, qtbot, passes):
    show_graph(window, qtbot, log_of(-2.0))
    trigger(window, "actionBackward")
    item = window.scene.node_item("l")
    assert lines(window, "l")[0] == "value NaN"
    assert "log of a negative number: log(−2)" in window.scene.tooltip_for(item)
    assert "propagated from 'l'" in window.scene.tooltip_for(window.scene.node_item("s"))
    assert item.shown().border == "warning"


def test_relu_at_its_kink_passes_no_gradient(window, qtbot, passes):
    open_example(window, qtbot, "relu_kink")
    trigger(window, "actionBackward")
    assert lines(window, "x") == ["value 0", "grad 0"]
    edge = window.scene.edge_item("x", "r", 0)
    assert "local derivative ∂r/∂x = 0" in window.scene.tooltip_for(edge)


def test_edges_show_local_derivatives_and_what_flows_back(window, qtbot, passes):
    open_example(window, qtbot, "fanout")
    trigger(window, "actionForward")
    assert window.scene.tooltip_for(window.scene.edge_item("x", "y", 0)) == ""
    trigger(window, "actionBackward")
    tip = window.scene.tooltip_for(window.scene.edge_item("x", "y", 0))
    assert f"local derivative ∂y/∂x = {format_number(math.cos(1.5))}" in tip
    flowing = window.document.evaluation.result.grads["y"] * math.cos(1.5)
    assert f"gradient flowing back: {format_number(flowing)}" in tip


def test_hovering_an_edge_label_shows_its_tooltip(window, qtbot, passes):
    open_example(window, qtbot, "fanout")
    trigger(window, "actionBackward")
    window.canvas.resetTransform()
    edge = window.scene.edge_item("x", "y", 0)
    viewport = window.canvas.viewport()
    point = window.canvas.mapFromScene(edge.path().pointAtPercent(0.5))
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == window.scene.tooltip_for(edge)


def test_several_outputs_give_values_and_say_how_to_choose(window, qtbot, passes):
    graph = log_of(2.0)
    graph.add_node("op", id="c", op="cos", pos=(400, 150))
    graph.connect("x", "c", 0)
    show_graph(window, qtbot, graph)
    trigger(window, "actionBackward")
    assert lines(window, "s") == [f"value {format_number(math.sin(math.log(2.0)))}"]
    assert all(g is None for g in window.document.evaluation.result.grads.values())
    assert "2 outputs" in window.findChild(QLabel, "passStatus").text()
    window.scene.select_nodes(["c"])
    window.findChild(QCheckBox, "inspectorOutput").click()  # the inspector's chooser
    assert window.document.graph.output == "c"
    assert lines(window, "x")[1] == f"grad {format_number(-math.sin(2.0))}"  # live: re-ran


def test_a_live_edit_of_an_input_updates_values_and_colours(window, qtbot, passes):
    open_example(window, qtbot, "fanout")
    trigger(window, "actionBackward")
    before = render(window)
    click(window, window.scene.node_item("x").scenePos())
    field = window.findChild(QLineEdit, "inspectorValue")
    field.selectAll()
    QTest.keyClicks(field, "0.2")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert window.document.graph.node("x").value == 0.2
    assert lines(window, "T")[0] == f"value {format_number(math.sin(0.2) * math.exp(0.2))}"
    assert not window.document.evaluation.stale
    assert body_color(window, "T") != body_color(window, "T", before)
    assert window.document.undo_stack.count() == 1  # the edit only, not the results


def test_with_live_off_an_edit_leaves_stale_results_until_run_again(window, qtbot, passes):
    open_example(window, qtbot, "fanout")
    trigger(window, "actionBackward")
    fresh = body_color(window, "x")
    window.findChild(QAction, "actionLive").setChecked(False)
    window.scene.select_nodes(["x"])
    field = window.findChild(QLineEdit, "inspectorValue")
    field.setText("0.2")
    field.editingFinished.emit()
    assert window.document.evaluation.stale
    assert lines(window, "T")[0] == "value 4.47"  # the old value, drawn faded
    assert "out of date" in window.scene.tooltip_for(window.scene.node_item("T"))
    assert body_color(window, "x") != fresh
    trigger(window, "actionBackward")
    assert not window.document.evaluation.stale
    assert lines(window, "T")[0] == f"value {format_number(math.sin(0.2) * math.exp(0.2))}"


def wheel(window, at: QPoint, notches: int) -> None:
    viewport = window.canvas.viewport()
    event = QWheelEvent(
        QPointF(at), QPointF(viewport.mapToGlobal(at)), QPoint(), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(viewport, event)


def test_the_wheel_over_a_selected_input_scrubs_its_value(window, qtbot, passes):
    open_example(window, qtbot, "fanout")
    trigger(window, "actionBackward")
    zoom = window.canvas.zoom()
    at = view_point(window, window.scene.node_item("x").scenePos())
    wheel(window, at, 1)  # not selected yet: the view zooms
    assert window.canvas.zoom() != zoom
    window.canvas.fit_to_view()
    zoom = window.canvas.zoom()
    at = view_point(window, window.scene.node_item("x").scenePos())
    click(window, window.scene.node_item("x").scenePos())
    for _ in range(3):
        wheel(window, at, 1)
    assert window.document.graph.node("x").value == pytest.approx(1.8)
    assert window.canvas.zoom() == zoom
    assert lines(window, "x")[0] == "value 1.8"
    expected = compile(window.document.graph).run()
    assert lines(window, "T")[0] == f"value {format_number(expected.values['T'])}"
    assert window.document.undo_stack.count() == 1  # the scrub merges into one step
    window.document.undo_stack.undo()
    assert window.document.graph.node("x").value == 1.5
    assert lines(window, "x")[0] == "value 1.5"


def test_signed_colours_split_negative_from_positive(window, passes):
    trigger(window, "actionBackward")
    trigger(window, "actionColorSigned")
    image = render(window)
    negative = DIVERGING.index_of(body_color(window, "add", image))  # ∂ −0.25
    positive = DIVERGING.index_of(body_color(window, "x", image))  # ∂ 0.25
    assert negative < 128 < positive
    legend = window.canvas.viewport().findChild(QWidget, "gradientLegend")
    assert [label for _, label in legend.scale.ticks()] == ["−1", "0", "1"]


def test_the_output_is_marked_and_follows_the_choice(window, qtbot, passes):
    open_example(window, qtbot, "fanout")
    assert window.scene.node_item("T").shown().output_marker
    window.scene.select_nodes(["z"])
    window.findChild(QCheckBox, "inspectorOutput").click()
    assert window.scene.node_item("z").shown().output_marker
    assert not window.scene.node_item("T").shown().output_marker
    assert window.document.undo_stack.count() == 1


def test_edges_show_their_local_derivative_and_the_step_lights_one(window, qtbot, passes):
    open_example(window, qtbot, "fanout")
    trigger(window, "actionBackward")
    plan = compile(window.document.graph)
    forward, backward = plan.trace(plan.run())
    for b in backward:
        shown = window.scene.edge_item(b.source, b.target, b.port).shown()
        assert shown.label == format_number(b.local)
        assert not shown.highlighted
    for _ in range(len(forward) + 2):  # the forward steps, the seed, the first edge
        trigger(window, "actionStep")
    lit = [e for e in window.scene.edge_items() if e.shown().highlighted]
    assert len(lit) == 1 and lit[0].target == "T"


def test_the_legend_stays_in_the_canvas_corner_with_the_scale_ends(window, qtbot, passes):
    trigger(window, "actionBackward")
    legend = window.canvas.viewport().findChild(QWidget, "gradientLegend")
    assert [label for _, label in legend.scale.ticks()] == ["0.25", "1"]
    for size in ((1300, 850), (1000, 700), None):
        if size is None:  # panning scrolls the viewport's children: not the legend
            window.canvas.translate_by(QPointF(-230, 170))
        else:
            window.resize(*size)
        qtbot.wait(1)
        viewport = window.canvas.viewport().rect()
        assert viewport.contains(legend.geometry())
        assert viewport.right() - legend.geometry().right() < 20
        assert viewport.bottom() - legend.geometry().bottom() < 20
    trigger(window, "actionReset")
    assert not legend.isVisible()


def test_the_inspector_shows_full_precision_and_names_the_derivative(window, qtbot, passes):
    open_example(window, qtbot, "fanout")
    trigger(window, "actionBackward")
    window.scene.select_nodes(["x"])
    grad = window.findChild(QLabel, "inspectorGradient")
    assert grad.text() == repr(window.document.evaluation.result.grads["x"])
    assert window.inspector.form.labelForField(grad).text() == "grad  dT/dx"


def test_a_value_edit_reuses_the_compiled_plan(window, qtbot, passes):
    open_example(window, qtbot, "fanout")
    trigger(window, "actionBackward")
    plan = window.document.evaluation.result.plan
    window.document.push(SetValueCommand(window.document, "x", 0.3))
    assert window.document.evaluation.result.plan is plan  # re-run live, not recompiled
    assert window.document.evaluation.result.values["x"] == 0.3


def test_a_card_tooltip_writes_the_op_and_its_derivative_typeset_in_node_names(window, passes):
    trigger(window, "actionBackward")
    tip = window.scene.tooltip_for(window.scene.node_item("exp"))
    assert "<i>u</i><sub>2</sub> = e<sup><i>u</i><sub>1</sub></sup>" in tip  # e^u1, raised
    assert "∂<i>u</i><sub>2</sub>/∂<i>u</i><sub>1</sub> = e<sup>" in tip
    assert "^" not in tip and "exp" in tip
