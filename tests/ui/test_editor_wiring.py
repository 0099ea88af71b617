"""Wiring on the canvas: drags between ports, refusals, replacement, Alt+click, loose ends."""

from __future__ import annotations

from editor_helpers import drag, edge_set, node_center, port_pos, view_point
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from backprop_gui.core import dumps
from backprop_gui.ui import commands


def add_op(window, op: str, pos=(900.0, 260.0)) -> str:
    command = commands.AddNodeCommand(window.document, "op", pos, op=op)
    window.document.push(command)
    return command.node_id


def test_dragging_from_an_output_to_an_operand_port_connects_them(window):
    mul = add_op(window, "mul")
    drag(window, port_pos(window, "s", None), port_pos(window, mul, 0))
    assert ("s", mul, 0) in edge_set(window.document.graph)
    edge = window.scene.edge_item("s", mul, 0)
    assert edge is not None and edge.source == "s" and edge.target == mul and edge.port == 0


def test_dragging_from_an_operand_port_to_an_output_connects_them(window):
    mul = add_op(window, "mul")
    drag(window, port_pos(window, mul, 1), port_pos(window, "x", None))
    assert ("x", mul, 1) in edge_set(window.document.graph)


def test_a_wire_dropped_on_a_card_takes_its_first_free_port(window):
    mul = add_op(window, "mul")
    drag(window, port_pos(window, "x", None), node_center(window, mul))
    drag(window, port_pos(window, "s", None), node_center(window, mul))
    assert {("x", mul, 0), ("s", mul, 1)} <= edge_set(window.document.graph)


def test_a_wire_that_would_close_a_cycle_is_refused_and_says_why(window):
    before = dumps(window.document.graph)
    drag(window, port_pos(window, "s", None), port_pos(window, "neg", 0))
    assert dumps(window.document.graph) == before
    assert window.document.undo_stack.count() == 0
    assert "cycle" in window.statusBar().currentMessage()
    assert not [i for i in window.scene.items() if type(i).__name__ == "QGraphicsPathItem"]


def test_a_wire_into_an_input_node_is_refused_with_the_models_reason(window):
    before = dumps(window.document.graph)
    drag(window, port_pos(window, "exp", None), node_center(window, "x"))
    assert dumps(window.document.graph) == before
    assert "nothing can feed into it" in window.statusBar().currentMessage()


def test_ports_that_would_accept_the_wire_light_up_while_dragging(window):
    mul = add_op(window, "mul")
    viewport = window.canvas.viewport()
    start = view_point(window, port_pos(window, "s", None))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(
        viewport, start + view_point(window, QPointF(40, 40)) - view_point(window, QPointF())
    )
    scene = window.scene
    accepting = {
        (item.node_id, port.port)
        for item in scene.node_items()
        for port in item.input_ports
        if port.accepting
    }
    # s's own ports and every port upstream of s would close a cycle; only mul's are free.
    assert accepting == {(mul, 0), (mul, 1)}
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    assert not any(port.accepting for item in scene.node_items() for port in item.ports())


def test_releasing_on_a_taken_port_replaces_its_edge_in_one_undo_step(window):
    graph = window.document.graph
    before = dumps(graph)
    drag(window, port_pos(window, "x", None), port_pos(window, "add", 1))
    assert graph.operand("add", 1) == "x"
    assert ("one", "add", 1) not in edge_set(graph)
    assert window.scene.edge_item("one", "add", 1) is None
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert dumps(graph) == before
    assert window.scene.edge_item("one", "add", 1) is not None


def test_alt_click_on_a_port_removes_its_edges(window):
    graph = window.document.graph
    before = dumps(graph)
    viewport = window.canvas.viewport()
    QTest.mouseClick(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier,
        view_point(window, port_pos(window, "add", None)),
    )  # fmt: skip
    assert ("add", "s", 1) not in edge_set(graph)
    assert window.scene.edge_item("add", "s", 1) is None
    window.document.undo_stack.undo()
    assert dumps(graph) == before


def test_a_wire_released_on_empty_canvas_adds_the_chosen_node_wired_to_it(window, qtbot):
    graph = window.document.graph
    before = dumps(graph)
    empty = port_pos(window, "s", None) + QPointF(160, 120)
    drag(window, port_pos(window, "s", None), empty)
    search = window.canvas.search
    assert search.isVisible()
    # A loose end from an output can only go into an op: inputs are not offered.
    shown = [search.list.item(r).text() for r in range(search.list.count())]
    assert not any(text.startswith(("Input", "Constant")) for text in shown)
    QTest.keyClicks(search.field, "sigmoid")
    QTest.keyClick(search.field, Qt.Key.Key_Return)
    new = [n for n in graph.node_ids() if graph.node(n).op == "sigmoid"]
    assert len(new) == 1
    assert graph.operand(new[0], 0) == "s"
    x, y = graph.node(new[0]).pos
    assert abs(x - empty.x()) <= 1 and abs(y - empty.y()) <= 1
    assert window.document.undo_stack.count() == 1  # node and edge: one step
    window.document.undo_stack.undo()
    assert dumps(graph) == before


def test_escape_closes_the_search_box_without_adding_anything(window):
    before = dumps(window.document.graph)
    drag(window, port_pos(window, "s", None), port_pos(window, "s", None) + QPointF(200, 0))
    QTest.keyClick(window.canvas.search.field, Qt.Key.Key_Escape)
    assert not window.canvas.search.isVisible()
    assert dumps(window.document.graph) == before
