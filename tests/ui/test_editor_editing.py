"""Selecting, moving, deleting, copying, pasting and duplicating with mouse and keys."""

from __future__ import annotations

import pytest
from editor_helpers import canonical, click, drag, edge_set, key, node_center
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtTest import QTest

from backprop_gui.core import dumps, loads
from backprop_gui.ui.editing import CLIPBOARD_MIME

CTRL = Qt.KeyboardModifier.ControlModifier


def test_dragging_a_node_moves_it_in_the_model_on_release_and_ctrl_z_puts_it_back(window):
    graph = window.document.graph
    x, y = graph.node("exp").pos
    start = node_center(window, "exp")
    drag(window, start, start + QPointF(50, 80))
    assert graph.node("exp").pos == (x + 50, y + 80)
    assert window.document.undo_stack.count() == 1  # one command for the whole drag
    edge = window.scene.edge_item("neg", "exp", 0)
    assert (
        edge.path().pointAtPercent(1.0) == window.scene.node_item("exp").input_ports[0].scenePos()
    )
    key(window, Qt.Key.Key_Z, CTRL)
    assert graph.node("exp").pos == (x, y)
    assert window.scene.node_item("exp").pos() == QPointF(x, y)


def test_dragging_a_selection_moves_all_of_it_in_one_undo_step(window):
    graph = window.document.graph
    before = {n: graph.node(n).pos for n in ("x", "neg")}
    click(window, node_center(window, "x"))
    click(window, node_center(window, "neg"), CTRL)
    assert set(window.scene.selected_node_ids()) == {"x", "neg"}
    drag(window, node_center(window, "neg"), node_center(window, "neg") + QPointF(0, -100))
    for node_id, (x, y) in before.items():
        assert graph.node(node_id).pos == (x, y - 100)
    window.document.undo_stack.undo()
    assert {n: graph.node(n).pos for n in before} == before


def test_a_click_without_a_move_pushes_nothing(window):
    click(window, node_center(window, "exp"))
    assert window.scene.selected_node_ids() == ["exp"]
    assert window.document.undo_stack.count() == 0


def test_rubber_band_selects_the_cards_it_touches(window):
    top_left = node_center(window, "x") + QPointF(-80, -60)
    bottom_right = node_center(window, "neg") + QPointF(0, 20)
    drag(window, top_left, bottom_right)
    assert set(window.scene.selected_node_ids()) == {"x", "neg"}


def test_ctrl_a_selects_everything(window):
    key(window, Qt.Key.Key_A, CTRL)
    assert set(window.scene.selected_node_ids()) == set(window.document.graph.node_ids())
    assert len(window.scene.selected_edges()) == 6


def test_delete_removes_selected_nodes_with_their_edges_and_undo_restores_them(window):
    graph = window.document.graph
    before = canonical(graph)
    click(window, node_center(window, "add"))
    key(window, Qt.Key.Key_Delete)
    assert "add" not in graph and window.scene.node_item("add") is None
    assert not any("add" in (s, t) for s, t, _ in edge_set(graph))
    after_delete = dumps(graph)
    key(window, Qt.Key.Key_Z, CTRL)
    assert canonical(graph) == before
    assert {(e.source, e.target, e.port) for e in window.scene.edge_items()} == edge_set(graph)
    assert graph.output == "s"
    window.document.undo_stack.redo()
    assert dumps(graph) == after_delete


def test_backspace_deletes_a_selected_edge(window):
    graph = window.document.graph
    edge = window.scene.edge_item("x", "neg", 0)
    click(window, edge.path().pointAtPercent(0.5))
    assert window.scene.selected_edges()
    key(window, Qt.Key.Key_Backspace)
    assert ("x", "neg", 0) not in edge_set(graph)
    assert {"x", "neg"} <= set(graph.node_ids())


def put_cursor(window, point: QPoint) -> QPointF:
    """Move the mouse pointer over the canvas (near its top left: the offscreen screen
    is small) and return the scene position under it."""
    viewport = window.canvas.viewport()
    QCursor.setPos(viewport.mapToGlobal(point))
    return window.canvas.mapToScene(point)


def test_copy_and_paste_remap_ids_and_place_the_nodes_at_the_cursor(window):
    graph = window.document.graph
    click(window, node_center(window, "x"))
    click(window, node_center(window, "neg"), CTRL)
    key(window, Qt.Key.Key_C, CTRL)
    copied = loads(bytes(QGuiApplication.clipboard().mimeData().data(CLIPBOARD_MIME)).decode())
    assert set(copied.node_ids()) == {"x", "neg"} and edge_set(copied) == {("x", "neg", 0)}
    target = put_cursor(window, QPoint(120, 150))
    key(window, Qt.Key.Key_V, CTRL)
    new = sorted(set(graph.node_ids()) - {"x", "neg", "exp", "one", "add", "one_b", "s"})
    assert len(new) == 2 and set(window.scene.selected_node_ids()) == set(new)
    new_x = next(n for n in new if graph.node(n).kind == "input")
    new_neg = next(n for n in new if graph.node(n).kind == "op")
    assert graph.operand(new_neg, 0) == new_x
    assert graph.node(new_x).label == "x"
    centre_x = (graph.node(new_x).pos[0] + graph.node(new_neg).pos[0]) / 2
    assert abs(centre_x - target.x()) <= 1 and abs(graph.node(new_x).pos[1] - target.y()) <= 1
    assert window.document.undo_stack.count() == 1


def test_paste_refuses_text_that_is_not_a_graph(window):
    QGuiApplication.clipboard().setText("hello")
    before = dumps(window.document.graph)
    window.actions["paste"].trigger()
    assert dumps(window.document.graph) == before
    assert "Nothing to paste" in window.statusBar().currentMessage()


@pytest.mark.parametrize(
    "good, bad, message",
    [
        ('"op": "exp"', '"op": []', "Nothing to paste: node 'exp': unknown op []"),
        ('"id": "exp"', '"id": "e\\ud800"', r"node 0: the id must be printable text on one line"),
    ],
    ids=["op a list", "surrogate id"],
)
def test_ctrl_v_of_a_broken_fragment_says_why_and_changes_nothing(window, good, bad, message):
    click(window, node_center(window, "exp"))
    key(window, Qt.Key.Key_C, CTRL)
    fragment = bytes(QGuiApplication.clipboard().mimeData().data(CLIPBOARD_MIME)).decode()
    assert good in fragment
    QGuiApplication.clipboard().setText(fragment.replace(good, bad))
    before, steps = dumps(window.document.graph), window.document.undo_stack.count()
    key(window, Qt.Key.Key_V, CTRL)
    assert dumps(window.document.graph) == before
    assert window.document.undo_stack.count() == steps
    assert message in window.statusBar().currentMessage()


def test_cut_removes_what_it_copied_in_one_undo_step(window):
    graph = window.document.graph
    click(window, node_center(window, "one"))
    key(window, Qt.Key.Key_X, CTRL)
    assert "one" not in graph
    assert QGuiApplication.clipboard().mimeData().hasFormat(CLIPBOARD_MIME)
    window.document.undo_stack.undo()
    assert graph.operand("add", 1) == "one"


def test_ctrl_d_duplicates_with_fresh_ids_and_selects_the_copy(window):
    graph = window.document.graph
    click(window, node_center(window, "exp"))
    key(window, Qt.Key.Key_D, CTRL)
    copies = [
        n for n in graph.node_ids() if n not in ("x", "neg", "exp", "one", "add", "one_b", "s")
    ]
    assert len(copies) == 1 and graph.node(copies[0]).op == "exp"
    assert window.scene.selected_node_ids() == copies
    x, y = graph.node(copies[0]).pos
    assert (x, y) != graph.node("exp").pos


def test_the_context_menu_of_a_node_offers_the_hooks_entries(window):
    from backprop_gui.ui.canvas import menus

    calls = []
    window.scene.node_menu_hooks.append(lambda menu, node_id: calls.append(node_id))
    menu = menus.context_menu(window.scene, node_center(window, "exp"))
    assert calls == ["exp"]
    texts = [action.text() for action in menu.actions()]
    assert (
        "Rename…" in texts and "Change op" in texts and window.actions["delete"] in menu.actions()
    )
    assert window.scene.selected_node_ids() == ["exp"]


def test_the_canvas_context_menu_adds_a_node_where_it_was_opened(window):
    from backprop_gui.ui.canvas import menus

    where = QPointF(200, 400)
    menu = menus.canvas_menu(window.scene, where)
    add = menu.actions()[0].menu()
    activations = next(a.menu() for a in add.actions() if a.text() == "Activations")
    next(a for a in activations.actions() if a.text() == "relu").trigger()
    relu = next(n for n in window.document.graph.nodes() if n.op == "relu")
    assert relu.pos == (200.0, 400.0)


def test_the_edge_context_menu_disconnects(window):
    from backprop_gui.ui.canvas import menus

    edge = window.scene.edge_item("one_b", "s", 0)
    menu = menus.context_menu(window.scene, edge.path().pointAtPercent(0.5))
    menu.actions()[0].trigger()
    assert window.document.graph.operand("s", 0) is None


def test_tab_opens_the_search_box_at_the_cursor_and_enter_adds_the_node_there(window):
    graph = window.document.graph
    target = put_cursor(window, QPoint(150, 120))
    key(window, Qt.Key.Key_Tab)
    search = window.canvas.search
    assert search.isVisible()
    QTest.keyClicks(search.field, "const")
    QTest.keyClick(search.field, Qt.Key.Key_Return)
    constant = next(
        n for n in graph.nodes() if n.kind == "constant" and n.id not in ("one", "one_b")
    )
    assert abs(constant.pos[0] - target.x()) <= 1 and abs(constant.pos[1] - target.y()) <= 1
    assert not search.isVisible()


def test_nodes_copied_in_one_window_paste_into_another(window, qtbot):
    from backprop_gui.ui.main_window import MainWindow

    click(window, node_center(window, "exp"))
    key(window, Qt.Key.Key_C, CTRL)
    other = MainWindow(path=None)
    qtbot.addWidget(other)
    other.actions["new"].trigger()
    other.actions["paste"].trigger()
    pasted = list(other.document.graph.nodes())
    assert [node.op for node in pasted] == ["exp"]
    assert other.scene.node_item(pasted[0].id) is not None
    other.document.undo_stack.setClean()  # let it close without asking


def test_edit_history_shows_the_undo_steps(window):
    from PySide6.QtWidgets import QUndoView

    click(window, node_center(window, "exp"))
    key(window, Qt.Key.Key_D, CTRL)
    window.actions["history"].trigger()
    assert window.history.isVisible()
    view = window.history.findChild(QUndoView)
    assert view.stack() is window.document.undo_stack
    assert view.model().rowCount() == 2  # the clean state, then "Duplicate"
