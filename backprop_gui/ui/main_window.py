"""The main window: canvas in the middle, palette and inspector docks, menus, toolbar."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QUndoView

from ..core import FileFormatError
from ..core.examples import EXAMPLES_DIR
from .canvas.scene import GraphScene
from .canvas.scrubbing import WheelScrubber
from .canvas.view import GraphView
from .document import GraphDocument
from .editing import Editor
from .exporting import install_exporting
from .expression_tools import install_expression_tools
from .files import Files, settings
from .panels.inspector import InspectorDock
from .panels.palette import PaletteDock
from .passes import install_passes

DEFAULT_EXAMPLE = EXAMPLES_DIR / "sigmoid.bpg.json"
STATUS_SECONDS = 6
Key = QKeySequence.StandardKey


class MainWindow(QMainWindow):
    def __init__(self, path: str | None = None, parent=None):
        super().__init__(parent)
        self.document = GraphDocument(parent=self)
        self.scene = GraphScene(self.document, self)
        self.canvas = GraphView(self.scene, self)
        # Children die in creation order, the document first: from then on the scene is
        # silent, so no panel hears it empty itself while the window is destroyed.
        scene = self.scene
        self.document.destroyed.connect(lambda: scene.blockSignals(True))
        self.setCentralWidget(self.canvas)
        self.files = Files(self, self.document)
        self.editor = Editor(self.document, self.scene, self.canvas, self.say)
        self._create_docks()
        self._create_actions()
        self._create_menus()
        self._create_toolbar()
        self._create_status_bar()
        self.scene.message.connect(self.say)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.document.graphReplaced.connect(self._graph_replaced)
        self.resize(1280, 800)
        self._open_first(path)
        self._selection_changed()
        self.canvas.setFocus()  # keys like Tab and F go to the canvas from the start

        # ---- Other panels install themselves below (passes, expression tools). ----
        install_passes(self)
        install_expression_tools(self)
        install_exporting(self)
        self.scrubber = WheelScrubber(self.canvas, self.scene, self.document)

    # ------------------------------------------------------------------ parts

    def _create_docks(self) -> None:
        self.palette = PaletteDock(self)
        self.palette.addRequested.connect(
            lambda entry: self.scene.add_node(entry.kind, entry.op, self.canvas.center_scene_pos())
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.palette)
        self.inspector = InspectorDock(self.document, self.scene, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.history = QDockWidget("History", self)
        self.history.setObjectName("history")
        self.history.setWidget(QUndoView(self.document.undo_stack))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history)
        self.history.hide()
        self.resizeDocks([self.palette, self.inspector], [230, 270], Qt.Orientation.Horizontal)

    def _action(self, name: str, text: str, slot, keys=(), tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts(key_sequences(keys))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())  # slots take no "checked"
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _create_actions(self) -> None:
        files, editor, canvas = self.files, self.editor, self.canvas
        a = self._action
        self.actions = {
            "new": a("actionNew", "&New", files.new, [Key.New], "Start an empty graph"),
            "open": a("actionOpen", "&Open…", files.open, [Key.Open], "Open a graph file"),
            "save": a("actionSave", "&Save", files.save, [Key.Save], "Save the graph"),
            "save_as": a("actionSaveAs", "Save &As…", files.save_as, [Key.SaveAs, "Ctrl+Shift+S"]),
            "quit": a("actionQuit", "&Quit", self.close, [Key.Quit, "Ctrl+Q"]),
            "cut": a("actionCut", "Cu&t", editor.cut, [Key.Cut]),
            "copy": a("actionCopy", "&Copy", editor.copy, [Key.Copy]),
            "paste": a("actionPaste", "&Paste", editor.paste, [Key.Paste]),
            "duplicate": a("actionDuplicate", "D&uplicate", editor.duplicate, ["Ctrl+D"]),
            "delete": a("actionDelete", "&Delete", editor.delete, ["Delete", "Backspace"]),
            "select_all": a("actionSelectAll", "Select &All", editor.select_all, [Key.SelectAll]),
            "fit": a(
                "actionFit", "&Fit to View", canvas.fit_to_view, ["F"], "Show the whole graph"
            ),
            "zoom_in": a("actionZoomIn", "Zoom &In", lambda: canvas.zoom_by(1.25), [Key.ZoomIn]),
            "zoom_out": a("actionZoomOut", "Zoom &Out", lambda: canvas.zoom_by(0.8), [Key.ZoomOut]),
            "zoom_reset": a("actionZoomReset", "&Actual Size", canvas.reset_zoom, ["Ctrl+0"]),
        }
        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setObjectName("actionUndo")
        self.undo_action.setShortcuts(key_sequences([Key.Undo]))
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setObjectName("actionRedo")
        self.redo_action.setShortcuts(key_sequences([Key.Redo, "Ctrl+Y", "Ctrl+Shift+Z"]))
        self.addActions([self.undo_action, self.redo_action])
        self.actions["undo"], self.actions["redo"] = self.undo_action, self.redo_action
        history = self.history.toggleViewAction()
        history.setText("&History")
        history.setObjectName("actionHistory")
        self.actions["history"] = history
        self.scene.actions = self.actions

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        for name in ("new", "open"):
            self.file_menu.addAction(self.actions[name])
        recent = self.file_menu.addMenu("Open &Recent")
        recent.aboutToShow.connect(lambda: self.files.fill_recent_menu(recent))
        self.file_menu.addSeparator()
        for name in ("save", "save_as"):
            self.file_menu.addAction(self.actions[name])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.actions["quit"])
        self.edit_menu = bar.addMenu("&Edit")
        for name in ("undo", "redo", None, "cut", "copy", "paste", "duplicate", "delete", None,
                     "select_all", None, "history"):  # fmt: skip
            self._add_to(self.edit_menu, name)
        self.view_menu = bar.addMenu("&View")
        for name in ("fit", "zoom_in", "zoom_out", "zoom_reset", None):
            self._add_to(self.view_menu, name)
        for dock in (self.palette, self.inspector):
            self.view_menu.addAction(dock.toggleViewAction())
        self.examples_menu = bar.addMenu("E&xamples")
        self.files.fill_examples_menu(self.examples_menu)

    def _add_to(self, menu, name: str | None) -> None:
        if name is None:
            menu.addSeparator()
        else:
            menu.addAction(self.actions[name])

    def _create_toolbar(self) -> None:
        self.toolbar = self.addToolBar("Toolbar")
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("new", "open", "save", None):
            self._add_to(self.toolbar, name)
        self._add_stack_buttons()
        self.toolbar.addSeparator()
        self._add_to(self.toolbar, "fit")
        self.toolbar.addSeparator()
        self.view_menu.insertAction(self.view_menu.actions()[0], self.toolbar.toggleViewAction())

    def _add_stack_buttons(self) -> None:
        """Undo and Redo with fixed texts (the menu's say what they undo), so the toolbar
        does not jump about; the tooltip names the step."""
        stack = self.document.undo_stack
        for text, step, can_change, text_change in (
            ("Undo", stack.undo, stack.canUndoChanged, stack.undoTextChanged),
            ("Redo", stack.redo, stack.canRedoChanged, stack.redoTextChanged),
        ):
            button = self.toolbar.addAction(text, step)
            button.setEnabled(False)
            can_change.connect(button.setEnabled)
            text_change.connect(lambda name, b=button, t=text: b.setToolTip(f"{t} {name}".strip()))

    def _create_status_bar(self) -> None:
        self.counts = QLabel()
        self.counts.setObjectName("graphCounts")
        self.statusBar().addPermanentWidget(self.counts)
        self.document.structureChanged.connect(self._update_counts)
        self._update_counts()

    # ---------------------------------------------------------------- behaviour

    def say(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_SECONDS * 1000)

    def _update_counts(self) -> None:
        graph = self.document.graph
        nodes, edges = len(graph), graph.nx.number_of_edges()
        self.counts.setText(f"{nodes} node{'s' * (nodes != 1)} · {edges} edge{'s' * (edges != 1)}")

    def _selection_changed(self) -> None:
        has_nodes = bool(self.scene.selected_node_ids())
        for name in ("cut", "copy", "duplicate"):
            self.actions[name].setEnabled(has_nodes)
        self.actions["delete"].setEnabled(bool(self.scene.selectedItems()))

    def _graph_replaced(self) -> None:
        description = self.document.graph.meta.get("description")
        if description:
            self.say(description)
        self.canvas.request_fit()

    def _open_first(self, path: str | None) -> None:
        """The file asked for, else the default example (as an untitled copy).

        A file that fails to load is reported once the window is up, over the example.
        """
        try:
            self.files.load_into_document(path or str(DEFAULT_EXAMPLE), path is None)
        except FileFormatError as error:
            self.files.load_into_document(str(DEFAULT_EXAMPLE), as_untitled=True)
            QTimer.singleShot(0, lambda e=error: self.files.report_open_error(e))
        self.files.update_title()

    def open_path(self, path: str) -> bool:
        return self.files.open_path(path)

    def restore_layout(self) -> None:
        """Window geometry and dock layout as the person left them (QSettings)."""
        stored = settings()
        geometry, state = stored.value("geometry"), stored.value("windowState")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event) -> None:
        if not self.files.maybe_save("closing"):
            event.ignore()
            return
        stored = settings()
        stored.setValue("geometry", self.saveGeometry())
        stored.setValue("windowState", self.saveState())
        event.accept()


def key_sequences(keys) -> list[QKeySequence]:
    """The platform's bindings of standard keys, then the given extra ones, each once
    (a key bound twice to one action would be ambiguous)."""
    found: dict[str, QKeySequence] = {}
    for key in keys:
        bindings = QKeySequence.keyBindings(key) if isinstance(key, Key) else [QKeySequence(key)]
        for sequence in bindings:
            found.setdefault(sequence.toString(), sequence)
    return list(found.values())
