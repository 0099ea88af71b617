"""The palette (drag, double-click, filter) and the inspector (every field undoable)."""

from __future__ import annotations

from editor_helpers import click, node_center, view_point
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from backprop_gui.core import OPS, dumps


def palette_item(window, key: str):
    return next(
        item for item in window.palette.tree.entry_items()
        if item.data(0, Qt.ItemDataRole.UserRole).key == key
    )  # fmt: skip


def test_the_palette_lists_input_constant_and_every_op_with_formula_tooltips(window):
    entries = [i.data(0, Qt.ItemDataRole.UserRole) for i in window.palette.tree.entry_items()]
    assert [e.key for e in entries[:2]] == ["input", "constant"]
    assert {e.op for e in entries[2:]} == set(OPS)
    sigmoid = palette_item(window, "op:sigmoid")
    assert OPS["sigmoid"].formula in sigmoid.toolTip(0)
    assert OPS["sigmoid"].derivative in sigmoid.toolTip(0)
    headings = [window.palette.tree.topLevelItem(i).text(0) for i in range(4)]
    assert headings == ["VALUES", "ARITHMETIC", "FUNCTIONS", "ACTIVATIONS"]


def test_dropping_a_palette_entry_creates_the_node_where_it_was_dropped(window):
    data = window.palette.tree.mimeData([palette_item(window, "op:sigmoid")])
    where = QPointF(250.0, 330.0)
    point = view_point(window, where)
    viewport = window.canvas.viewport()
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    copy = Qt.DropAction.CopyAction
    # The drag enters, moves over the canvas, and drops (Qt delivers drops only after that).
    enter = QDragEnterEvent(point, copy, data, buttons, modifiers)
    assert QApplication.sendEvent(viewport, enter) and enter.isAccepted()
    move = QDragMoveEvent(point, copy, data, buttons, modifiers)
    assert QApplication.sendEvent(viewport, move) and move.isAccepted()
    drop = QDropEvent(QPointF(point), copy, data, buttons, modifiers)
    QApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()
    graph = window.document.graph
    added = [n for n in graph.nodes() if n.op == "sigmoid"]
    assert len(added) == 1
    assert added[0].pos == (where.x(), where.y())
    assert window.scene.node_item(added[0].id).pos() == where
    assert window.document.undo_stack.count() == 1


def test_a_dragged_palette_entry_does_not_stay_highlighted(window):
    tree = window.palette.tree
    item = palette_item(window, "op:sin")
    point = tree.visualItemRect(item).center()
    QTest.mousePress(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert item.isSelected()
    # Past the drag distance the drag starts; off screen it ends at once, as on a drop.
    QTest.mouseMove(tree.viewport(), point + QPoint(QApplication.startDragDistance() + 5, 0))
    assert tree.selectedItems() == []


def test_double_clicking_a_palette_entry_adds_it_at_the_view_centre(window):
    tree = window.palette.tree
    item = palette_item(window, "input")
    point = tree.visualItemRect(item).center()
    # A person's double-click: the first press and release, then the second press.
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    added = [n for n in window.document.graph.nodes() if n.id not in ("x",) and n.kind == "input"]
    assert len(added) == 1
    centre = window.canvas.center_scene_pos()
    assert abs(added[0].pos[0] - centre.x()) <= 1 and abs(added[0].pos[1] - centre.y()) <= 1


def double_click_entry(window, key: str) -> None:
    tree = window.palette.tree
    point = tree.visualItemRect(palette_item(window, key)).center()
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QTest.qWait(QApplication.doubleClickInterval() + 1)  # the next click starts afresh


def test_new_inputs_get_fresh_names_and_value_one_as_do_constants(window):
    before = set(window.document.graph.node_ids())
    for key in ("input", "input", "input", "constant"):
        double_click_entry(window, key)
    graph = window.document.graph
    added = [graph.node(n) for n in graph.node_ids() if n not in before]
    assert [n.id for n in added if n.kind == "input"] == ["y", "z", "x2"]
    assert [n.value for n in added] == [1.0] * 4 and added[-1].kind == "constant"
    assert window.scene.node_item("x2").shown().title == "x2"


def test_a_formula_too_long_for_the_palette_is_cut_at_a_word(window, qtbot):
    window.resizeDocks([window.palette], [200], Qt.Orientation.Horizontal)
    tree = window.palette.tree
    qtbot.waitUntil(lambda: tree.viewport().width() <= 200)
    delegate = tree.itemDelegateForColumn(1)
    cut = []
    for item in tree.entry_items():
        option = QStyleOptionViewItem()
        option.initFrom(tree.viewport())
        option.widget = tree
        index = tree.indexFromItem(item, 1)
        option.rect = tree.visualRect(index)
        shown, formula = delegate.shown_text(option, index), item.text(1)
        if shown != formula:
            cut.append(formula)
            kept = shown.removesuffix(" …")
            assert formula.startswith(kept) and formula[len(kept)] in " ,;:=", shown
            assert formula in item.toolTip(1)  # the tooltip keeps all of it
    assert OPS["sigmoid"].formula in cut


def test_the_palette_filter_hides_what_does_not_match(window):
    QTest.keyClicks(window.palette.filter, "tanh")
    visible = [i for i in window.palette.tree.entry_items() if not i.isHidden()]
    assert [i.data(0, Qt.ItemDataRole.UserRole).op for i in visible] == ["tanh"]


def select(window, node_id: str) -> None:
    click(window, node_center(window, node_id))
    assert window.inspector.node_id == node_id


def type_into(field, text: str) -> None:
    """Replace the field's text and press Enter (QTest types ASCII only, so "−" is set)."""
    field.setFocus()
    field.selectAll()
    if text.isascii():
        QTest.keyClicks(field, text)
    else:
        field.setText(text)
    QTest.keyClick(field, Qt.Key.Key_Return)


def test_the_inspector_shows_the_selected_node(window):
    select(window, "x")
    inspector = window.inspector
    assert inspector.id_label.text() == "x"
    assert inspector.label_field.text() == "x" and inspector.value_field.text() == "0.0"
    assert not inspector.op_box.isVisibleTo(inspector) and inspector.trainable_box.isVisibleTo(
        inspector
    )
    select(window, "s")
    assert inspector.op_box.currentData() == "div" and not inspector.value_field.isVisibleTo(
        inspector
    )


def test_a_value_typed_in_the_inspector_is_one_undoable_command(window):
    select(window, "x")
    type_into(window.inspector.value_field, "−2.5e-3")
    assert window.document.graph.node("x").value == -0.0025
    window.document.undo_stack.undo()
    assert window.document.graph.node("x").value == 0.0
    assert window.inspector.value_field.text() == "0.0"


def test_any_float_is_accepted_and_nonsense_is_refused_with_a_message(window):
    select(window, "x")
    type_into(window.inspector.value_field, "1e300")
    assert window.document.graph.node("x").value == 1e300
    before = dumps(window.document.graph)
    type_into(window.inspector.value_field, "abc")
    assert dumps(window.document.graph) == before
    assert window.inspector.value_field.property("invalid") is True
    assert "not a finite number" in window.inspector.error.text()
    type_into(window.inspector.value_field, "nan")
    assert dumps(window.document.graph) == before


def test_label_edits_are_undoable(window):
    select(window, "exp")
    type_into(window.inspector.label_field, "e^-x")
    assert window.document.graph.node("exp").label == "e^-x"
    assert window.scene.node_item("exp").shown().title == "e^-x"
    window.document.undo_stack.undo()
    assert window.document.graph.node("exp").label is None


def test_changing_to_an_op_with_fewer_ports_drops_edges_in_one_undo_step(window):
    select(window, "s")
    before = dumps(window.document.graph)
    box = window.inspector.op_box
    box.activated.emit(box.findData("sigmoid"))  # what choosing from the drop-down sends
    graph = window.document.graph
    assert graph.node("s").op == "sigmoid" and graph.operand("s", 0) == "one_b"
    assert window.scene.edge_item("add", "s", 1) is None
    assert len(window.scene.node_item("s").input_ports) == 1
    window.document.undo_stack.undo()
    assert dumps(graph) == before
    assert len(window.scene.node_item("s").input_ports) == 2
    assert window.scene.edge_item("add", "s", 1) is not None


def test_the_trainable_flag_is_undoable(window):
    select(window, "x")
    box = window.inspector.trainable_box
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert window.document.graph.node("x").trainable
    window.document.undo_stack.undo()
    assert not window.document.graph.node("x").trainable
    assert not window.inspector.trainable_box.isChecked()


def test_several_selected_nodes_are_counted(window):
    click(window, node_center(window, "x"))
    click(window, node_center(window, "neg"), Qt.KeyboardModifier.ControlModifier)
    assert window.inspector.node_id is None and "2 nodes" in window.inspector.heading.text()
