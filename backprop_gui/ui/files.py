"""New, Open, Save, Save As, recent files and examples, for one main window.

Nothing is lost without asking: New, Open and closing the window ask before
discarding unsaved changes, a file that fails to load leaves the open document as
it was, and saving is atomic (core.save).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from ..core import FileFormatError, Graph, load, save
from ..core.examples import list_examples

FILE_FILTER = "Graphs (*.bpg.json *.json);;All files (*)"
MAX_RECENT = 8
SETTINGS = ("backprop-gui", "backprop-gui")  # organisation, application


def settings() -> QSettings:
    return QSettings(*SETTINGS)


class Files(QObject):
    def __init__(self, window, document):
        super().__init__(window)
        self.window = window
        self.document = document
        document.pathChanged.connect(self.update_title)
        document.graphReplaced.connect(self.update_title)
        document.undo_stack.cleanChanged.connect(self.update_title)

    # ------------------------------------------------------------------ title

    def display_name(self) -> str:
        if self.document.path:
            return os.path.basename(self.document.path)
        return self.document.graph.meta.get("title") or "Untitled"

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
        graph = load(path)
        self.document.replace_graph(graph, None if as_untitled else os.path.abspath(path))
        if not as_untitled:
            self._remember(os.path.abspath(path))

    def report_open_error(self, error: FileFormatError) -> None:
        QMessageBox.critical(self.window, "Cannot open the file", str(error))

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        suggestion = self.document.path or os.path.join(self._folder(), "graph.bpg.json")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save graph", suggestion, FILE_FILTER)
        if not path:
            return False
        if not path.endswith(".json"):
            path += ".bpg.json"
        return self._save_to(path)

    def _save_to(self, path: str) -> bool:
        try:
            save(self.document.graph, path)
        except FileFormatError as error:
            QMessageBox.critical(self.window, "Cannot save the file", str(error))
            return False
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
