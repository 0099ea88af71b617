"""The data for training in the window: built-in data sets, CSV import with its
column mapping, columns bound from the inspector or dropped on a card, Insert ›
Dense layer, and the PyTorch export of a graph with data."""

from __future__ import annotations

from editor_helpers import node_center, view_point
from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog
from test_training_window import click, open_example

from backprop_gui.core import data_generators
from backprop_gui.ui.panels.data_table import COLUMN_MIME


def choose(combo, data) -> None:
    """Pick the item holding ``data`` with the keyboard, as a person would."""
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        key = Qt.Key.Key_Down if combo.findData(data) > combo.currentIndex() else Qt.Key.Key_Up
        QTest.keyClick(combo, key)
    assert combo.currentData() == data


def test_a_built_in_data_set_binds_the_inputs_named_like_its_columns(window):
    panel = open_example(window, "xor")
    graph = window.document.graph
    old = graph.data
    data = panel.data
    choose(data.generator, "moons")
    assert data.rows.value() == 200
    data.seed.setValue(3)
    click(data.generate)
    assert graph.data == data_generators.moons(200, data.noise.value(), 3)
    assert graph.columns_bound() == {"x1": "x1", "x2": "x2", "y": "y"}
    assert "200 rows" in data.summary.text()
    assert panel.table.model().rowCount() == 200
    window.document.undo_stack.undo()
    assert graph.data == old


def test_a_column_bound_from_the_inspector(window):
    open_example(window, "fit_line")
    graph = window.document.graph
    window.scene.select_nodes(["x"])
    box = window.training.binding.box
    assert box.isVisibleTo(window.inspector) and box.currentData() == "x"
    choose(box, "y")
    assert graph.node("x").column == "y"
    choose(box, None)  # up past x: each key press is a choice
    assert graph.node("x").column is None
    window.document.undo_stack.undo()
    assert graph.node("x").column == "x"


def test_a_trainable_input_cannot_read_a_column(window):
    open_example(window, "fit_line")
    parameter = next(n.id for n in window.document.graph.nodes() if n.trainable)
    window.scene.select_nodes([parameter])
    assert not window.training.binding.box.isEnabled()


def test_a_column_dropped_on_an_input_card_binds_it(window):
    open_example(window, "fit_line")
    graph = window.document.graph
    table = window.training.panel.table
    mime = table.model().mimeData([table.model().index(0, 1)])  # a cell of column y
    assert bytes(mime.data(COLUMN_MIME).data()) == b"y"
    viewport = window.canvas.viewport()
    window.canvas.centerOn(node_center(window, "x"))
    at = view_point(window, node_center(window, "x"))
    assert drop(viewport, mime, at)
    assert graph.node("x").column == "y"
    window.document.undo_stack.undo()
    assert graph.node("x").column == "x"


def drop(viewport, mime: QMimeData, at: QPoint) -> bool:
    """Drag ``mime`` into ``viewport`` and drop it at ``at``; whether it was taken."""
    actions = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at, actions, mime, buttons, keys)
    QApplication.sendEvent(viewport, enter)
    dropped = QDropEvent(at, actions, mime, buttons, keys)
    QApplication.sendEvent(viewport, dropped)
    return dropped.isAccepted()


def test_csv_import_maps_columns_and_binds_inputs(window, tmp_path, monkeypatch):
    open_example(window, "fit_line")
    path = tmp_path / "points.csv"
    path.write_text("a,b,unused\n1,2,0\n3,5,0\n4,9,0\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    def map_columns():
        dialog = QApplication.activeModalWidget()
        (a, keep_a, name_a, reader_a), (b, _, name_b, reader_b), (_, keep_c, _, _) = dialog.rows
        name_a.setText("x")
        reader_a.setCurrentText("x")
        name_b.setText("y")
        reader_b.setCurrentText("y")
        keep_c.setChecked(False)
        click(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))

    QTimer.singleShot(0, map_columns)
    click(window.training.panel.data.csv)
    graph = window.document.graph
    assert graph.data.to_lists() == {"x": [1.0, 3.0, 4.0], "y": [2.0, 5.0, 9.0]}
    assert graph.columns_bound() == {"x": "x", "y": "y"}


def test_a_bad_csv_is_refused_with_its_row_and_column(window, tmp_path, monkeypatch):
    open_example(window, "fit_line")
    path = tmp_path / "bad.csv"
    path.write_text("x,y\n1,2\n3,oops\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    said = []
    monkeypatch.setattr(
        "backprop_gui.ui.panels.csv_import.QMessageBox.warning",
        lambda _parent, _title, text: said.append(text),
    )
    before = window.document.graph.data
    click(window.training.panel.data.csv)
    assert said == ["bad.csv, line 3 (data row 1), column 'y': 'oops' is not a finite number"]
    assert window.document.graph.data is before


def test_the_dense_layer_dialog_builds_a_layer_and_undo_removes_it(window):
    open_example(window, "fit_line")
    graph = window.document.graph
    before = set(graph.node_ids())
    window.scene.select_nodes(["x"])

    def fill_in():
        dialog = QApplication.activeModalWidget()
        dialog.width.setFocus()
        dialog.width.selectAll()
        QTest.keyClicks(dialog.width, "3")
        choose(dialog.activation, "relu")
        click(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))

    QTimer.singleShot(0, fill_in)
    window.training.dense.action.trigger()
    added = set(graph.node_ids()) - before
    weights = [n for n in added if graph.node(n).trainable]
    units = [n for n in added if graph.node(n).op == "relu"]
    assert len(weights) == 6 and len(units) == 3  # a weight and a bias per unit
    assert sorted(window.scene.selected_node_ids()) == sorted(units)
    x_pos = graph.node("x").pos[0]
    assert all(graph.node(n).pos[0] > x_pos for n in added)
    window.document.undo_stack.undo()
    assert set(graph.node_ids()) == before
    window.document.undo_stack.redo()
    assert set(graph.node_ids()) - before == added


def test_pytorch_export_of_a_graph_with_data_is_a_training_script(window, tmp_path, monkeypatch):
    open_example(window, "fit_line")
    path = tmp_path / "fit_torch.py"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    window.findChild(type(window.training.dense.action), "actionExportPyTorch").trigger()
    text = path.read_text(encoding="utf-8")
    assert "torch.optim.SGD" in text and "per_sample_loss" in text
