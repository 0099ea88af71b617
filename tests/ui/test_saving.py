"""File › Save respects the file: links, read-only files, changes made by another
program, and the temporary files a crashed save left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from dialog_helpers import click_when_shown
from PySide6.QtWidgets import QFileDialog

from backprop_gui.core import dumps, load
from backprop_gui.ui import commands
from backprop_gui.ui.main_window import DEFAULT_EXAMPLE


@pytest.fixture
def opened(window, tmp_path):
    """The window with ``files/graph.bpg.json`` (the default example) open, a value edited."""
    path = tmp_path / "files" / "graph.bpg.json"
    path.parent.mkdir()
    path.write_text(dumps(load(DEFAULT_EXAMPLE)), encoding="utf-8")
    assert window.open_path(str(path))
    window.document.push(commands.SetValueCommand(window.document, "x", 2.0))
    return path


def save(window) -> None:
    window.actions["save"].trigger()


def choose_save_path(monkeypatch, path) -> list[str]:
    asked = []

    def dialog(parent, caption, suggestion, *args, **kwargs):
        asked.append(suggestion)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return asked


def saved_value(path) -> float:
    return load(path).node("x").value


def test_saving_through_a_link_updates_the_file_it_points_to(window, tmp_path):
    target = tmp_path / "real" / "graph.bpg.json"
    target.parent.mkdir()
    target.write_text(dumps(load(DEFAULT_EXAMPLE)), encoding="utf-8")
    link = tmp_path / "link.bpg.json"
    link.symlink_to(target)
    assert window.open_path(str(link))
    window.document.push(commands.SetValueCommand(window.document, "x", 2.0))
    save(window)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert saved_value(target) == 2.0
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.bpg.json"]
    assert not window.document.is_modified() and window.document.path == str(link)


def test_a_read_only_file_is_not_replaced_and_cancel_keeps_the_changes(window, opened):
    opened.chmod(0o444)
    before = opened.read_bytes()
    shown = click_when_shown("Cancel")
    save(window)
    assert shown[0] == "Read-only file" and "graph.bpg.json” is read-only" in shown[1]
    assert opened.read_bytes() == before
    assert window.document.is_modified() and window.document.path == str(opened)


def test_a_read_only_file_offers_save_as(window, opened, tmp_path, monkeypatch):
    opened.chmod(0o444)
    before = opened.read_bytes()
    copy = tmp_path / "copy.bpg.json"
    asked = choose_save_path(monkeypatch, copy)
    click_when_shown("Save As…")
    save(window)
    assert asked == [str(opened.parent / "Sigmoid, built from parts.bpg.json")]
    assert opened.read_bytes() == before and saved_value(copy) == 2.0
    assert window.document.path == str(copy) and not window.document.is_modified()


def change_on_disk(path) -> bytes:
    """Another program's edit: a new title, so the bytes and the size differ."""
    graph = load(path)
    graph.meta["title"] = "changed elsewhere"
    path.write_text(dumps(graph), encoding="utf-8")
    return path.read_bytes()


def test_a_file_changed_on_disk_asks_and_cancel_keeps_both(window, opened):
    theirs = change_on_disk(opened)
    shown = click_when_shown("Cancel")
    save(window)
    assert shown[0] == "File changed on disk" and "changed by another program" in shown[1]
    assert opened.read_bytes() == theirs and window.document.is_modified()


def test_a_file_changed_on_disk_is_overwritten_when_asked_to(window, opened):
    change_on_disk(opened)
    click_when_shown("Overwrite")
    save(window)
    assert saved_value(opened) == 2.0 and "title" in load(opened).meta
    assert load(opened).meta["title"] != "changed elsewhere"
    assert not window.document.is_modified()
    window.document.push(commands.SetValueCommand(window.document, "x", 3.0))
    save(window)  # saved by us since: no question this time
    assert saved_value(opened) == 3.0


def test_a_file_changed_on_disk_can_be_saved_as_another(window, opened, tmp_path, monkeypatch):
    theirs = change_on_disk(opened)
    copy = tmp_path / "mine.bpg.json"
    choose_save_path(monkeypatch, copy)
    click_when_shown("Save As…")
    save(window)
    assert opened.read_bytes() == theirs and saved_value(copy) == 2.0
    assert window.document.path == str(copy)


def test_a_file_only_touched_on_disk_is_saved_without_asking(window, opened):
    info = opened.stat()
    os.utime(opened, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
    save(window)  # the fixture fails on any unexpected question
    assert saved_value(opened) == 2.0


def test_a_file_with_the_same_size_and_other_bytes_asks(window, opened):
    info = opened.stat()
    text = opened.read_text(encoding="utf-8").replace('"x"', '"q"', 1)
    opened.write_text(text, encoding="utf-8")
    os.utime(opened, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    shown = click_when_shown("Cancel")
    save(window)
    assert shown and shown[0] == "File changed on disk"


def crashed_save(folder) -> str:
    """A real writer killed between writing its temporary file and renaming it: its name."""
    script = (
        "import os, sys, time\n"
        "from backprop_gui.core import atomic_write\n"
        "def hang(*args):\n"
        "    print('written', flush=True)\n"
        "    time.sleep(60)\n"
        "atomic_write.os.replace = hang\n"
        "atomic_write.write_atomically(sys.argv[1], b'half')\n"
    )
    target = os.path.join(folder, "other.bpg.json")
    writer = subprocess.Popen([sys.executable, "-c", script, target], stdout=subprocess.PIPE)
    assert writer.stdout.readline() == b"written\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    (leftover,) = [name for name in os.listdir(folder) if name.endswith(".saving")]
    return leftover


def test_a_save_removes_what_a_crashed_save_left_in_the_folder_and_only_that(window, opened):
    folder = opened.parent
    leftover = crashed_save(folder)
    assert leftover.startswith(".other.bpg.json.")
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        in_progress = f".third.bpg.json.{living.pid}.0123abcd.saving"
        (folder / in_progress).write_bytes(b"being written")
        (folder / ".notes.saving").write_bytes(b"not ours")
        save(window)
        remaining = sorted(p.name for p in folder.iterdir())
    finally:
        living.kill()
        living.wait()
    assert remaining == [".notes.saving", in_progress, "graph.bpg.json"]
    assert saved_value(opened) == 2.0


def test_save_as_asks_before_replacing_the_file_its_added_ending_names(window, opened, tmp_path,
                                                                       monkeypatch):  # fmt: skip
    """The dialog checked "copy", not "copy.bpg.json", which the app then names."""
    existing = tmp_path / "copy.bpg.json"
    existing.write_text("keep me", encoding="utf-8")
    choose_save_path(monkeypatch, tmp_path / "copy")
    shown = click_when_shown("Save As…")
    replies = iter([str(tmp_path / "copy"), ""])  # then the person cancels the second dialog
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (next(replies), ""))
    window.actions["save_as"].trigger()
    assert existing.read_text() == "keep me"
    assert shown[0] == "Replace file" and window.document.is_modified()


def test_save_as_replaces_that_file_when_asked_to(window, opened, tmp_path, monkeypatch):
    existing = tmp_path / "copy.bpg.json"
    existing.write_text("old", encoding="utf-8")
    choose_save_path(monkeypatch, tmp_path / "copy")
    click_when_shown("Overwrite")
    window.actions["save_as"].trigger()
    assert saved_value(existing) == 2.0 and window.document.path == str(existing)


def test_save_as_proposes_the_title_as_a_safe_name_beside_the_open_file(window, opened,
                                                                        monkeypatch):  # fmt: skip
    graph = load(opened)
    graph.meta["title"] = " Loss: a/b?  "
    opened.write_text(dumps(graph), encoding="utf-8")
    window.document.undo_stack.setClean()
    assert window.open_path(str(opened))
    asked = choose_save_path(monkeypatch, "")
    window.actions["save_as"].trigger()
    assert asked == [str(opened.parent / "Loss- a-b.bpg.json")]


def test_save_as_of_a_new_graph_proposes_graph_in_the_last_folder(window, opened, monkeypatch):
    window.document.undo_stack.setClean()
    window.actions["new"].trigger()
    asked = choose_save_path(monkeypatch, "")
    window.actions["save_as"].trigger()
    assert asked == [str(opened.parent / "graph.bpg.json")]
