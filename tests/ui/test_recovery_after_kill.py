"""Crash recovery with real processes: a window that autosaved is killed with SIGKILL,
the app starts again, and the work it left is offered back (Restore / Discard)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dialog_helpers import click_when_shown

from backprop_gui.core import dumps, load
from backprop_gui.ui.main_window import DEFAULT_EXAMPLE
from backprop_gui.ui.recovery import find_orphans, offer_recovery, recovery_folder

# A person's session: the window on FILE, one node added from the palette's entry
# point; the structural edit is autosaved a moment later by the window's own timer.
SESSION = """
import sys
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication
from backprop_gui.ui.main_window import MainWindow
app = QApplication(sys.argv[:1])
window = MainWindow(sys.argv[1])
window.show()
window.scene.add_node("constant", None, QPointF(0, 300))
app.exec()
"""
WAIT_S = 60


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()


def lock_owner(lock: Path) -> int | None:
    try:
        return int(lock.read_text().split("\n")[0])
    except (OSError, ValueError):
        return None


@pytest.fixture(scope="module")
def crash(tmp_path_factory):
    """A real app process that autosaved an edit of ``graph.bpg.json``, killed with SIGKILL
    (once for the module): that file's bytes, and the names and bytes of what it left."""
    folder = tmp_path_factory.mktemp("crash")
    path = folder / "graph.bpg.json"
    path.write_text(dumps(load(DEFAULT_EXAMPLE)), encoding="utf-8")
    data = folder / "data"
    environment = {**os.environ, "XDG_DATA_HOME": str(data)}
    session = subprocess.Popen([sys.executable, "-c", SESSION, str(path)], env=environment)
    recovery = data / "backprop-gui" / "backprop-gui" / "recovery"
    try:
        wait_for(lambda: list(recovery.glob("*.info.json")), "an autosave")
    finally:
        kill(session)
    (lock,) = recovery.glob("*.lock")
    assert lock_owner(lock) == session.pid  # its lock, now stale
    return path, path.read_bytes(), {p.name: p.read_bytes() for p in recovery.iterdir()}


@pytest.fixture
def crashed(crash):
    """The crashed session's leftovers in this test's data location: the graph file (as
    the session opened it) and the recovery file."""
    path, original, leftovers = crash
    path.write_bytes(original)
    folder = recovery_folder()
    folder.mkdir(parents=True)
    for name, data in leftovers.items():
        (folder / name).write_bytes(data)
    (recovered,) = folder.glob("*.bpg.json")
    return path, recovered


def test_the_next_start_takes_the_stale_lock_over_and_offers_the_work(crashed):
    path, recovered = crashed
    before = recovered.read_bytes()
    lock = recovered.with_name(recovered.name.replace(".bpg.json", ".lock"))
    app = subprocess.Popen([sys.executable, "-m", "backprop_gui"])
    try:  # the lock is taken over to show the offer, which waits for an answer
        wait_for(lambda: lock_owner(lock) == app.pid, "the new app to take the lock")
        assert app.poll() is None
    finally:
        kill(app)  # killed again, while offering: still nothing lost
    assert recovered.read_bytes() == before
    assert len(find_orphans(recovery_folder())) == 1


def test_restore_opens_the_work_as_unsaved_changes_to_its_file(window, crashed):
    path, recovered = crashed
    work = load(recovered)
    shown = click_when_shown("Restore")
    assert offer_recovery(window)
    assert shown[0] == "Recover unsaved work"
    assert f"“graph.bpg.json”: {len(work)} nodes, autosaved " in shown[1]
    document = window.document
    assert dumps(document.graph) == dumps(work) and len(work) == len(load(path)) + 1
    assert document.path == str(path) and document.is_modified()
    assert document.undo_stack.count() == 0
    assert window.windowTitle() == "graph.bpg.json* — backprop-gui"
    assert not recovered.exists()  # now kept under this window's session
    assert dumps(load(window.autosave.session.graph)) == dumps(work)
    window.actions["save"].trigger()  # the file is as it was: no question
    assert dumps(load(path)) == dumps(work) and not window.autosave.session.graph.exists()


def test_discard_deletes_the_work_and_keeps_the_window_as_it_was(window, crashed):
    _, recovered = crashed
    before = dumps(window.document.graph)
    click_when_shown("Discard")
    assert not offer_recovery(window)
    assert dumps(window.document.graph) == before and not window.document.is_modified()
    assert sorted(os.listdir(recovered.parent)) == []


def test_a_file_changed_after_the_crash_makes_save_ask(window, crashed):
    path, _ = crashed
    graph = load(path)
    graph.meta["title"] = "changed since"
    path.write_text(dumps(graph), encoding="utf-8")
    click_when_shown("Restore")
    offer_recovery(window)
    shown = click_when_shown("Cancel")
    window.actions["save"].trigger()
    assert shown[0] == "File changed on disk"
    assert load(path).meta["title"] == "changed since"


def test_of_two_crashed_sessions_the_one_not_restored_waits_for_the_next_start(window, crashed):
    _, recovered = crashed
    older = {}
    for leftover in recovered.parent.iterdir():
        copy = leftover.with_name(leftover.name.replace("session-", "session-older"))
        copy.write_bytes(leftover.read_bytes())
        os.utime(copy, (1e9, 1e9))  # September 2001
        if copy.suffix == ".json":
            older[copy] = copy.read_bytes()
    first = click_when_shown("Restore")
    assert offer_recovery(window)
    assert "2001" not in first[1]  # the newest is offered first
    assert {path: path.read_bytes() for path in older} == older
    (waiting,) = find_orphans(recovered.parent)
    assert waiting.files.graph.name.startswith("session-older")
    assert waiting.saved_at.year == 2001
    waiting.release()
