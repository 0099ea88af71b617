"""Autosave in one process: when the recovery file is written, and when it goes."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QFileDialog, QMessageBox

from backprop_gui.core import dumps, load
from backprop_gui.ui import commands
from backprop_gui.ui.main_window import MainWindow
from backprop_gui.ui.recovery import Autosave, find_orphans, recovery_folder

LONG_MS = 60_000  # a timer that must not be the one that wrote


def autosave(window, folder, idle_ms=LONG_MS, burst_ms=LONG_MS, said=None) -> Autosave:
    say = said.append if said is not None else window.say
    return Autosave(window.files, say, folder, idle_ms=idle_ms, burst_ms=burst_ms, parent=window)


def set_value(window, value=2.0) -> None:
    window.document.push(commands.SetValueCommand(window.document, "x", value))


def add_node(window) -> str:
    return window.scene.add_node("constant", None, QPointF(0, 300))


def test_the_window_keeps_its_recovery_files_in_the_isolated_data_location(window, data_folder):
    assert window.autosave.folder == recovery_folder()
    assert recovery_folder().is_relative_to(data_folder)


def test_a_value_edit_is_autosaved_after_the_idle_time(window, tmp_path, qtbot):
    keeper = autosave(window, tmp_path, idle_ms=200)
    set_value(window)
    assert not keeper.session.graph.exists()  # not at once: after 200 ms of quiet
    qtbot.waitUntil(keeper.session.graph.exists, timeout=5000)
    assert dumps(load(keeper.session.graph)) == dumps(window.document.graph)
    info = json.loads(keeper.session.info.read_text(encoding="utf-8"))
    assert info == {"path": None, "stamp": None}  # the default example is a copy


def test_a_structural_edit_burst_is_autosaved_soon_after(window, tmp_path, qtbot):
    keeper = autosave(window, tmp_path, burst_ms=100)
    added = add_node(window)
    qtbot.waitUntil(keeper.session.graph.exists, timeout=5000)
    assert added in load(keeper.session.graph)


def test_the_recovery_file_records_the_open_file_and_how_it_was(window, tmp_path):
    path = tmp_path / "g.bpg.json"
    path.write_text(dumps(window.document.graph), encoding="utf-8")
    assert window.open_path(str(path))
    keeper = autosave(window, tmp_path / "recovery")
    set_value(window)
    keeper.save_now()
    info = json.loads(keeper.session.info.read_text(encoding="utf-8"))
    assert info["path"] == str(path) and info["stamp"] == window.files.disk_stamp.to_json()


def test_saving_removes_the_recovery_file(window, tmp_path, monkeypatch):
    keeper = autosave(window, tmp_path / "recovery")
    set_value(window)
    keeper.save_now()
    assert keeper.session.graph.exists() and keeper.session.info.exists()
    saved = tmp_path / "saved.bpg.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    window.actions["save"].trigger()
    assert not keeper.session.graph.exists() and not keeper.session.info.exists()
    set_value(window, 3.0)
    keeper.save_now()  # modified again: written again
    assert load(keeper.session.graph).node("x").value == 3.0


def test_undoing_back_to_the_saved_state_removes_it(window, tmp_path):
    keeper = autosave(window, tmp_path)
    set_value(window)
    keeper.save_now()
    window.document.undo_stack.undo()
    assert not keeper.session.graph.exists()
    keeper.save_now()  # nothing unsaved: nothing written
    assert not keeper.session.graph.exists()


def test_closing_cleanly_leaves_nothing_behind(qtbot, monkeypatch):
    main = MainWindow(path=None)
    qtbot.addWidget(main)
    set_value(main)
    main.autosave.save_now()
    folder = main.autosave.folder
    assert sorted(p.suffix for p in folder.iterdir()) == [".json", ".json", ".lock"]
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: QMessageBox.StandardButton.Discard)
    assert main.close()
    assert list(folder.iterdir()) == []


def test_two_living_sessions_never_touch_each_others_files(qtbot, tmp_path):
    first, second = MainWindow(path=None), MainWindow(path=None)
    for main, value in ((first, 2.0), (second, 3.0)):
        qtbot.addWidget(main)
        set_value(main, value)
        main.autosave.save_now()
    assert first.autosave.session != second.autosave.session
    assert load(first.autosave.session.graph).node("x").value == 2.0
    assert load(second.autosave.session.graph).node("x").value == 3.0
    assert find_orphans(first.autosave.folder) == []  # both locks are alive
    for main in (first, second):
        main.document.undo_stack.setClean()
        main.close()


def test_a_failing_autosave_is_said_once_and_loses_nothing(window, tmp_path):
    blocked = tmp_path / "not a folder"
    blocked.write_text("")
    said = []
    keeper = autosave(window, blocked, said=said)
    set_value(window)
    keeper.save_now()
    set_value(window, 3.0)
    keeper.save_now()
    assert len(said) == 1 and said[0].startswith("Autosave failed: ")
    assert window.document.is_modified() and window.document.graph.node("x").value == 3.0


@pytest.fixture(autouse=True)
def _no_autosave_left(data_folder):
    """Every window in these tests closes cleanly: its session leaves nothing."""
    yield
    folder = data_folder / "backprop-gui" / "backprop-gui" / "recovery"
    assert not folder.exists() or list(folder.iterdir()) == []
