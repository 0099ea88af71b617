"""New, Open, Save, Save As, recent files and examples, for one main window.

Nothing is lost without asking: New, Open and closing the window ask before
discarding unsaved changes, a file that fails to load leaves the open document as
it was, and saving is atomic (core.save). Save respects the file it writes: through
a symbolic link it updates the file linked to; a read-only file is not replaced (Save
As… or Cancel); a file that another program changed since it was opened or saved is
not overwritten without asking (Overwrite, Save As… or Cancel).
"""

from __future__ import annotations

import os
import re

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from ..core import FileFormatError, Graph, load, save
from ..core.examples import list_examples
from ..core.file_state import FileStamp, is_read_only
from .choice_dialog import CANCEL, Role, ask

FILE_FILTER = "Graphs (*.bpg.json *.json);;All files (*)"
MAX_RECENT = 8
SETTINGS = ("backprop-gui", "backprop-gui")  # organisation, application
OVERWRITE, SAVE_AS = "Overwrite", "Save As…"
READ_ONLY_ANSWERS = {SAVE_AS: Role.AcceptRole, CANCEL: Role.RejectRole}
CHANGED_ANSWERS = {OVERWRITE: Role.DestructiveRole, **READ_ONLY_ANSWERS}
REPLACE_ANSWERS = {OVERWRITE: Role.DestructiveRole, SAVE_AS: Role.AcceptRole}
# Characters no common file system takes in a name, and control characters
UNSAFE_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def settings() -> QSettings:
    return QSettings(*SETTINGS)


def document_name(path: str | None, graph: Graph) -> str:
    """What a document is called: its file's name, else its title, else Untitled."""
    if path:
        return os.path.basename(path)
    return graph.meta.get("title") or "Untitled"


def file_name_for(title: str) -> str:
    """A safe file name (without ending) made from a graph's title; "graph" if none is left."""
    name = " ".join(UNSAFE_IN_FILE_NAMES.sub("-", title).split())[:100]
    return name.strip(" .-") or "graph"


class Files(QObject):
    def __init__(self, window, document):
        super().__init__(window)
        self.window = window
        self.document = document
        # The open file as it was when opened or last saved (None: no file, or unknown)
        self.disk_stamp: FileStamp | None = None
        document.pathChanged.connect(self.update_title)
        document.graphReplaced.connect(self.update_title)
        document.undo_stack.cleanChanged.connect(self.update_title)

    # ------------------------------------------------------------------ title

    def display_name(self) -> str:
        return document_name(self.document.path, self.document.graph)

    def update_title(self) -> None:
        star = "*" if self.document.is_modified() else ""
        self.window.setWindowTitle(f"{self.display_name()}{star} — backprop-gui")

    # ------------------------------------------------------------------ asking

    def maybe_save(self, doing: str) -> bool:
        """True if the current document may be replaced: saved, unchanged, or discarded."""
        if not self.document.is_modified():
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.warning(
            self.window,
            "Unsaved changes",
            f"“{self.display_name()}” has unsaved changes.\nSave them before {doing}?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Save:
            return self.save()
        return answer == buttons.Discard

    # ------------------------------------------------------------------ actions

    def new(self) -> bool:
        if not self.maybe_save("starting a new graph"):
            return False
        self.document.replace_graph(Graph(), None)
        self.disk_stamp = None
        return True

    def open(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open graph", self._folder(), FILE_FILTER
        )
        return bool(path) and self.open_path(path)

    def open_path(self, path: str, as_untitled: bool = False) -> bool:
        """Open ``path``; on any failure say why and leave the current document alone.

        ``as_untitled`` opens a copy (examples): saving then asks for a new file name.
        """
        if not self.maybe_save("opening another graph"):
            return False
        try:
            self.load_into_document(path, as_untitled)
        except FileFormatError as error:
            self.report_open_error(error)
            return False
        return True

    def load_into_document(self, path: str, as_untitled: bool) -> None:
        """Load ``path`` in place of the document, without asking; FileFormatError if broken."""
        stamp = None if as_untitled else FileStamp.of(path)  # before: a change then is seen
        graph = load(path)
        self.document.replace_graph(graph, None if as_untitled else os.path.abspath(path))
        self.disk_stamp = stamp
        if not as_untitled:
            self._remember(os.path.abspath(path))

    def restore(self, graph: Graph, path: str | None, stamp: FileStamp | None) -> None:
        """Put recovered work in place: unsaved changes to ``path`` (None: untitled) as it
        was when ``stamp`` was taken; the undo history starts here."""
        self.document.replace_graph(graph, path)
        self.disk_stamp = stamp
        self.document.undo_stack.resetClean()

    def report_open_error(self, error: FileFormatError) -> None:
        QMessageBox.critical(self.window, "Cannot open the file", str(error))

    def save(self) -> bool:
        path = self.document.path
        if path is None:
            return self.save_as()
        if self.disk_stamp is not None and self.disk_stamp.changed_on_disk(path):
            answer = ask(
                self.window,
                "File changed on disk",
                f"“{os.path.basename(path)}” was changed by another program since it was "
                "opened or saved here.\nOverwrite those changes with this graph?",
                CHANGED_ANSWERS,
                default=SAVE_AS,
            )
            if answer != OVERWRITE:
                return answer == SAVE_AS and self.save_as()
        return self._save_to(path)

    def save_as(self) -> bool:
        suggestion = self._suggested_path()
        path, _ = QFileDialog.getSaveFileName(self.window, "Save graph", suggestion, FILE_FILTER)
        if not path:
            return False
        if not path.endswith(".json"):
            path += ".bpg.json"  # the dialog asked about the name without it
            if os.path.exists(path) and not self._may_replace(path):
                return self.save_as()
        return self._save_to(path)

    def _suggested_path(self) -> str:
        """The title as a file name, in the open file's folder (else the last one used);
        the open file's own name when the graph has no title."""
        path, title = self.document.path, self.document.graph.meta.get("title")
        if path and not title:
            return path
        folder = os.path.dirname(path) if path else self._folder()
        return os.path.join(folder, file_name_for(title or "") + ".bpg.json")

    def _may_replace(self, path: str) -> bool:
        answer = ask(
            self.window,
            "Replace file",
            f"“{os.path.basename(path)}” already exists.\nReplace it with this graph?",
            REPLACE_ANSWERS,
            default=SAVE_AS,
        )
        return answer == OVERWRITE

    def _save_to(self, path: str) -> bool:
        if is_read_only(path):
            answer = ask(
                self.window,
                "Read-only file",
                f"“{os.path.basename(path)}” is read-only and was not replaced.\n"
                "Save the graph under another name?",
                READ_ONLY_ANSWERS,
                default=SAVE_AS,
            )
            return answer == SAVE_AS and self.save_as()
        try:
            save(self.document.graph, path)
        except FileFormatError as error:
            QMessageBox.critical(self.window, "Cannot save the file", str(error))
            return False
        self.disk_stamp = FileStamp.of(path)
        self.document.mark_saved(os.path.abspath(path))
        self._remember(os.path.abspath(path))
        self.window.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    # ------------------------------------------------------------ recent files

    def recent(self) -> list[str]:
        value = settings().value("recentFiles", [])
        paths = [value] if isinstance(value, str) else list(value or [])
        return [path for path in paths if os.path.exists(path)]

    def _remember(self, path: str) -> None:
        paths = [path] + [p for p in self.recent() if p != path]
        settings().setValue("recentFiles", paths[:MAX_RECENT])

    def _folder(self) -> str:
        recent = self.recent()
        return os.path.dirname(recent[0]) if recent else os.path.expanduser("~")

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        paths = self.recent()
        for path in paths:
            action = menu.addAction(os.path.basename(path), lambda p=path: self.open_path(p))
            action.setToolTip(path)
            action.setStatusTip(path)
        if not paths:
            menu.addAction("No recent files").setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("Clear list", lambda: settings().remove("recentFiles"))
        clear.setEnabled(bool(paths))

    def fill_examples_menu(self, menu: QMenu) -> None:
        menu.setToolTipsVisible(True)
        for example in list_examples():
            action = menu.addAction(
                example.title, lambda p=str(example.path): self.open_path(p, as_untitled=True)
            )
            action.setToolTip(example.description)
            action.setStatusTip(example.description)
