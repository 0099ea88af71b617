"""New, Open, Save, Save As, recent files, examples, and never losing work."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from backprop_gui.core import dumps, load
from backprop_gui.core.examples import list_examples
from backprop_gui.ui import commands
from backprop_gui.ui.main_window import DEFAULT_EXAMPLE, MainWindow

Button = QMessageBox.StandardButton


def answer(monkeypatch, name: str, reply=Button.Ok) -> list:
    """Patch QMessageBox.<name> to answer ``reply``; returns the list of texts it was shown."""
    shown = []

    def dialog(parent, title, text, *args, **kwargs):
        shown.append(text)
        return reply

    monkeypatch.setattr(QMessageBox, name, dialog)
    return shown


def choose_save_path(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def edit(window) -> None:
    window.document.push(commands.SetValueCommand(window.document, "x", 2.0))


def test_the_window_opens_on_the_default_example(window):
    example = load(DEFAULT_EXAMPLE)
    assert dumps(window.document.graph) == dumps(example)
    assert {item.node_id for item in window.scene.node_items()} == set(example.node_ids())
    assert window.document.path is None  # a copy: Save asks for a file name
    assert window.windowTitle() == "Sigmoid, built from parts — backprop-gui"
    assert window.canvas.objectName() == "canvas"
    assert window.palette.objectName() == "palette" and window.inspector.objectName() == "inspector"


def test_the_window_opens_with_the_whole_example_in_view_and_its_description_said(qtbot):
    main = MainWindow(path=None)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    visible = main.canvas.mapToScene(main.canvas.viewport().rect()).boundingRect()
    for item in main.scene.node_items():
        assert visible.contains(item.sceneBoundingRect()), item.node_id
    assert main.statusBar().currentMessage() == main.document.graph.meta["description"]
    main.close()


def test_the_actions_carry_their_names(window):
    for name in ("actionNew", "actionOpen", "actionSave", "actionSaveAs", "actionUndo",
                 "actionRedo", "actionFit"):  # fmt: skip
        assert window.findChild(type(window.actions["new"]), name) is not None, name


def test_the_title_shows_a_star_while_modified(window):
    edit(window)
    assert window.windowTitle().startswith("Sigmoid, built from parts*")
    window.document.undo_stack.undo()
    assert "*" not in window.windowTitle()


def test_save_then_open_gives_the_same_graph(window, tmp_path, monkeypatch):
    edit(window)
    path = tmp_path / "mine"
    choose_save_path(monkeypatch, path)
    window.actions["save"].trigger()
    saved = tmp_path / "mine.bpg.json"
    assert window.document.path == str(saved) and not window.document.is_modified()
    assert window.windowTitle() == "mine.bpg.json — backprop-gui"
    expected = dumps(window.document.graph)
    assert saved.read_text(encoding="utf-8") == expected
    window.actions["new"].trigger()
    assert len(window.document.graph) == 0
    assert window.open_path(str(saved))
    assert dumps(window.document.graph) == expected
    assert window.files.recent()[0] == str(saved)


def test_save_writes_to_the_open_file_without_asking(window, tmp_path):
    path = tmp_path / "g.bpg.json"
    path.write_text(dumps(load(DEFAULT_EXAMPLE)), encoding="utf-8")
    window.open_path(str(path))
    edit(window)
    window.actions["save"].trigger()
    assert load(path).node("x").value == 2.0


def test_a_broken_file_keeps_the_open_document_and_says_why(window, tmp_path, monkeypatch):
    edit(window)
    before = dumps(window.document.graph)
    broken = tmp_path / "broken.bpg.json"
    broken.write_text('{"format": "backprop-gui.graph", "version": 1, "nodes": [{"id": "a"}]}')
    answer(monkeypatch, "warning", Button.Discard)
    shown = answer(monkeypatch, "critical")
    assert not window.open_path(str(broken))
    assert len(shown) == 1 and "node 'a'" in shown[0]
    assert dumps(window.document.graph) == before
    assert window.document.is_modified() and window.document.undo_stack.count() == 1


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(window, monkeypatch):
    edit(window)
    shown = answer(monkeypatch, "warning", Button.Cancel)
    assert not window.close()
    assert window.isVisible() and len(shown) == 1 and "unsaved changes" in shown[0]
    answer(monkeypatch, "warning", Button.Discard)
    assert window.close()


def test_closing_and_choosing_save_saves_first(window, tmp_path, monkeypatch):
    edit(window)
    answer(monkeypatch, "warning", Button.Save)
    choose_save_path(monkeypatch, tmp_path / "kept.bpg.json")
    assert window.close()
    assert load(tmp_path / "kept.bpg.json").node("x").value == 2.0


def test_new_asks_before_discarding_changes(window, monkeypatch):
    edit(window)
    shown = answer(monkeypatch, "warning", Button.Cancel)
    window.actions["new"].trigger()
    assert len(shown) == 1 and len(window.document.graph) == 7
    answer(monkeypatch, "warning", Button.Discard)
    window.actions["new"].trigger()
    assert len(window.document.graph) == 0 and window.windowTitle() == "Untitled — backprop-gui"


def test_unchanged_documents_are_replaced_without_asking(window):
    window.actions["new"].trigger()  # the autouse fixture fails the test on any dialog
    assert len(window.document.graph) == 0


def test_the_examples_menu_lists_every_example_by_title_and_opens_it(window):
    titles = [action.text() for action in window.examples_menu.actions()]
    examples = list_examples()
    assert titles == [example.title for example in examples]
    last = window.examples_menu.actions()[-1]
    last.trigger()
    assert dumps(window.document.graph) == dumps(load(examples[-1].path))
    assert window.document.path is None


def test_a_file_given_at_start_is_opened(qtbot, tmp_path):
    path = tmp_path / "start.bpg.json"
    graph = load(DEFAULT_EXAMPLE)
    graph.set_value("x", 3.0)
    path.write_text(dumps(graph), encoding="utf-8")
    main = MainWindow(path=str(path))
    qtbot.addWidget(main)
    assert main.document.path == str(path) and main.document.graph.node("x").value == 3.0
    assert main.windowTitle() == "start.bpg.json — backprop-gui"


def test_a_broken_file_given_at_start_opens_the_example_and_reports(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "bad.json"
    path.write_text("not json")
    shown = answer(monkeypatch, "critical")
    main = MainWindow(path=str(path))
    qtbot.addWidget(main)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "not a valid JSON file" in shown[0]
    assert len(main.document.graph) == 7


def test_run_app_shows_the_default_example_and_returns_the_exit_code(qapp, monkeypatch):
    """run_app as the command line calls it; the event loop is stood in for (a real
    one that quits leaves this test process unable to run timers afterwards)."""
    from backprop_gui.ui.app import run_app

    seen = {}

    def event_loop():
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        window = next(w for w in shown if isinstance(w, MainWindow))
        seen["title"] = window.windowTitle()
        seen["nodes"] = {item.node_id for item in window.scene.node_items()}
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(event_loop))
    style_sheet = qapp.styleSheet()
    try:
        assert run_app(None) == 0
    finally:
        qapp.setStyleSheet(style_sheet)
    assert seen == {
        "title": "Sigmoid, built from parts — backprop-gui",
        "nodes": set(load(DEFAULT_EXAMPLE).node_ids()),
    }


def test_the_app_starts_with_no_arguments_and_keeps_running(tmp_path):
    """The real thing in a process of its own: it starts and runs until stopped."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    environment["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    process = subprocess.Popen(
        [sys.executable, "-m", "backprop_gui"], env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=4)
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
    assert "Traceback" not in errors


def test_geometry_and_docks_are_remembered(qtbot):
    first = MainWindow(path=None)
    qtbot.addWidget(first)
    first.show()
    first.inspector.hide()
    first.resize(700, 500)  # the offscreen screen is 800×600
    assert first.close()
    second = MainWindow(path=None)
    qtbot.addWidget(second)
    second.restore_layout()
    second.show()
    assert second.size().width() == 700 and not second.inspector.isVisible()
