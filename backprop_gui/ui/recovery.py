"""Autosave and crash recovery: unsaved work survives a crash or a kill.

While the document has unsaved changes, :class:`Autosave` keeps a copy of it in a
recovery file: 30 s after the last change (each change restarts the wait) and a
moment after each burst of structural edits. Saving, undoing back to the saved state,
and closing the window cleanly remove the copy.

Each window is one session: ``session-ID.bpg.json`` (a normal graph file, written
atomically by core.save), ``session-ID.info.json`` (the file it came from) and
``session-ID.lock``, a QLockFile held while the session lives. A session killed before
it could clean up leaves its files and a lock whose process is gone; the next start
takes such a stale lock over and offers the work back (:func:`offer_recovery`). A
living session's lock is never taken, so two running windows never touch each
other's files.

The folder is ``recovery`` in the app's data location (QStandardPaths'
GenericDataLocation/backprop-gui/backprop-gui, which is AppDataLocation on Linux and
macOS whatever the QApplication is named: ``~/.local/share/backprop-gui/...``).
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer

from ..core import FileFormatError, Graph, load, save
from ..core.atomic_write import write_atomically
from ..core.file_state import FileStamp
from .choice_dialog import Role, ask
from .files import SETTINGS, document_name

IDLE_MS = 30_000  # after the last change
BURST_MS = 2_000  # after the last of a burst of structural edits
RESTORE, DISCARD = "Restore", "Discard"


def recovery_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base, *SETTINGS, "recovery")


@dataclass(frozen=True)
class SessionFiles:
    """The recovery files of one session, named after ``stem`` (a path without suffix)."""

    stem: Path

    @property
    def graph(self) -> Path:
        return self.stem.with_name(self.stem.name + ".bpg.json")

    @property
    def info(self) -> Path:
        return self.stem.with_name(self.stem.name + ".info.json")

    def lock(self) -> QLockFile:
        """The session's lock, never taken for stale by age: only a dead owner makes it so."""
        lock = QLockFile(str(self.stem.with_name(self.stem.name + ".lock")))
        lock.setStaleLockTime(0)
        return lock

    def remove(self) -> None:
        """Remove the files; one that cannot be removed is left (a slot must not raise)."""
        for path in (self.graph, self.info):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


class Autosave(QObject):
    """Keeps the recovery file of ``files``' document while it has unsaved changes."""

    def __init__(self, files, say: Callable[[str], None], folder: Path | None = None,
                 idle_ms: int = IDLE_MS, burst_ms: int = BURST_MS, parent=None):  # fmt: skip
        super().__init__(parent)
        self.files, self.document, self.say = files, files.document, say
        self.folder = folder or recovery_folder()
        self.session = SessionFiles(self.folder / f"session-{uuid.uuid4().hex}")
        self._lock = self.session.lock()
        self._idle = self._timer(idle_ms)
        self._burst = self._timer(burst_ms)
        self._failed = False  # said once, not on every attempt
        stack = self.document.undo_stack
        stack.indexChanged.connect(lambda _: self._idle.start())
        self.document.structureChanged.connect(self._burst.start)
        stack.cleanChanged.connect(lambda clean: clean and self.remove())

    def _timer(self, interval_ms: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(self.save_now)
        return timer

    def save_now(self) -> bool:
        """Write the recovery file now (or remove it when nothing is unsaved); False if
        the unsaved work could not be written (said once, until a write succeeds)."""
        self._idle.stop()
        self._burst.stop()
        if not self.document.is_modified():
            self.remove()
            return True
        try:
            self._write()
        except (OSError, FileFormatError) as error:
            if not self._failed:
                self.say(f"Autosave failed: {error}")
            self._failed = True
            return False
        self._failed = False
        return True

    def _write(self) -> None:
        if not self._lock.isLocked():
            self.folder.mkdir(parents=True, exist_ok=True)
            if not self._lock.tryLock(0):
                raise OSError(f"cannot lock {self.session.stem}.lock")
        save(self.document.graph, self.session.graph)
        stamp = self.files.disk_stamp
        info = {"path": self.document.path, "stamp": stamp.to_json() if stamp else None}
        write_atomically(self.session.info, json.dumps(info).encode("utf-8"))

    def remove(self) -> None:
        """No unsaved work to keep: the recovery files go (the lock stays with the session)."""
        self._idle.stop()
        self._burst.stop()
        self.session.remove()

    def close(self) -> None:
        """The window closes cleanly: nothing of the session stays behind."""
        self.remove()
        if self._lock.isLocked():
            self._lock.unlock()


@dataclass
class Orphan:
    """What a session that did not close cleanly left, its lock now held by us."""

    files: SessionFiles
    lock: QLockFile
    graph: Graph
    path: str | None
    stamp: FileStamp | None
    saved_at: datetime

    def describe(self) -> str:
        nodes = len(self.graph)
        when = self.saved_at.strftime("%d %b %Y, %H:%M:%S")
        name = document_name(self.path, self.graph)
        return f"“{name}”: {nodes} node{'s' * (nodes != 1)}, autosaved {when}"

    def discard(self) -> None:
        self.files.remove()
        self.release()

    def release(self) -> None:
        self.lock.unlock()


def find_orphans(folder: Path) -> list[Orphan]:
    """The work left by dead sessions in ``folder``, newest first; each one's lock is ours
    until it is discarded or released. Living sessions' files are left alone."""
    graphs = sorted(folder.glob("session-*.bpg.json"), key=_mtime, reverse=True)
    orphans = []
    for graph_file in graphs:
        files = SessionFiles(graph_file.with_name(graph_file.name.removesuffix(".bpg.json")))
        lock = files.lock()
        if not lock.tryLock(0):
            continue
        orphan = _read_orphan(files, lock)
        if orphan is None:
            lock.unlock()
        else:
            orphans.append(orphan)
    return orphans


def _read_orphan(files: SessionFiles, lock: QLockFile) -> Orphan | None:
    try:
        saved_at = datetime.fromtimestamp(files.graph.stat().st_mtime)
        graph = load(files.graph)
    except (OSError, FileFormatError):
        return None
    try:
        info = json.loads(files.info.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}  # the copy was saved, its note not yet: still worth offering
    info = info if isinstance(info, dict) else {}
    path = info.get("path") if isinstance(info.get("path"), str) else None
    return Orphan(files, lock, graph, path, FileStamp.from_json(info.get("stamp")), saved_at)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def offer_recovery(window) -> bool:
    """Offer each piece of work crashed sessions left, newest first, until one is restored.

    Restore opens it as a modified document on its original file (or untitled) and
    moves it to this session's recovery file (if that cannot be written, the old one
    stays for the next start); Discard deletes it; closing the box keeps it for the
    next start. True if something was restored.
    """
    orphans = find_orphans(window.autosave.folder)
    for index, orphan in enumerate(orphans):
        answer = ask_to_restore(window, orphan)
        if answer == RESTORE:
            window.files.restore(orphan.graph, orphan.path, orphan.stamp)
            if window.autosave.save_now():
                orphan.discard()
            else:
                orphan.release()
            for later in orphans[index + 1 :]:
                later.release()
            return True
        if answer == DISCARD:
            orphan.discard()
        else:
            orphan.release()
    return False


def ask_to_restore(window, orphan: Orphan) -> str:
    return ask(
        window,
        "Recover unsaved work",
        "backprop-gui did not close properly, and kept the unsaved work of that session:\n"
        f"{orphan.describe()}.\nRestore it?",
        {RESTORE: Role.AcceptRole, DISCARD: Role.DestructiveRole},
        default=RESTORE,
    )
