"""The main window: canvas in the middle, docks around it, menus and toolbar.

The window makes its parts and wires them: each feature gets what it needs as
explicit parameters and offers its actions, and the window alone lays out the menus,
the toolbar and the status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QUndoView

from ..core import FileFormatError
from ..core.examples import EXAMPLES_DIR
from .actions import Key, add_actions, key_sequences, make_action
from .canvas.painter import FramePainter
from .canvas.scene import GraphScene
from .canvas.scrubbing import WheelScrubber
from .canvas.view import GraphView
from .document import GraphDocument
from .editing import Editor
from .exporting import Exporting
from .expression_tools import ExpressionTools, welcome_dock
from .files import Files, settings
from .help import HelpMenu
from .looks import Looks
from .panels.inspector import InspectorDock
from .panels.output_chooser import OutputChooser
from .panels.palette import PaletteDock
from .panels.practice_panel import PracticePanel
from .panels.step_panel import StepPanel
from .recovery import Autosave
from .run_controls import RunControls
from .step_control import StepControl
from .teaching_export import TeachingExport
from .training_feature import install_training
from .understanding import Understanding

DEFAULT_EXAMPLE = EXAMPLES_DIR / "sigmoid.bpg.json"
STATUS_SECONDS = 6
DOCK_WIDTHS = [200, 300]  # the palette on the left, the panels on the right
LEGEND_GAP = 12  # pixels kept free above the legend when fitting the graph


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
        self.autosave = Autosave(self.files, self.say, parent=self)
        self.editor = Editor(self.document, self.scene, self.canvas, self.say)
        self._create_docks()
        self._create_actions()
        self.resize(1280, 800)
        self.document.graphReplaced.connect(self._graph_replaced)
        self._open_first(path)
        self._create_features()
        self._create_toolbar()
        self._create_menus()
        self._create_status_bar()
        self.scene.message.connect(self.say)
        self.scene.selectionChanged.connect(self._selection_changed)
        self._selection_changed()
        self.canvas.setFocus()  # keys like Tab and F go to the canvas from the start

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
        self.resizeDocks([self.palette, self.inspector], DOCK_WIDTHS, Qt.Orientation.Horizontal)

    def _create_actions(self) -> None:
        files, editor, canvas = self.files, self.editor, self.canvas

        def a(name, text, slot, keys=(), tip=""):
            return make_action(self, name, text, slot, keys, tip)

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
                "actionFit",
                "&Fit to View",
                canvas.fit_to_view,
                ["F", "Ctrl+0"],
                "Show the whole graph, centred (at a readable size: a big graph around its output)",
            ),  # fmt: skip
            "zoom_in": a("actionZoomIn", "Zoom &In", lambda: canvas.zoom_by(1.25), [Key.ZoomIn]),
            "zoom_out": a("actionZoomOut", "Zoom &Out", lambda: canvas.zoom_by(0.8), [Key.ZoomOut]),
            "zoom_reset": a("actionZoomReset", "&Actual Size", canvas.reset_zoom, ["Ctrl+1"]),
        }
        self._create_undo_actions()
        history = self.history.toggleViewAction()
        history.setText("&History")
        history.setObjectName("actionHistory")
        self.actions["history"] = history
        self.scene.actions = self.actions

    def _create_undo_actions(self) -> None:
        stack = self.document.undo_stack
        for name, create, text, keys in (
            ("undo", stack.createUndoAction, "&Undo", [Key.Undo]),
            ("redo", stack.createRedoAction, "&Redo", [Key.Redo, "Ctrl+Y", "Ctrl+Shift+Z"]),
        ):
            action = create(self, text)
            action.setObjectName(f"action{name.capitalize()}")
            action.setShortcuts(key_sequences(keys))
            self.addAction(action)
            self.actions[name] = action

    def _create_features(self) -> None:
        """The passes, the step-through, expressions, export and value scrubbing."""
        stored = settings()
        self.painter = FramePainter(self.scene, self.document, self.canvas.viewport(), stored)
        self.canvas.bottom_overlay = self.painter.legend.height() + LEGEND_GAP
        self.step_control = StepControl(self, self.document, stored)
        self.run_controls = RunControls(self, self.document, self.say)
        run = self.run_controls
        self.step_panel = StepPanel(
            self.document, [*self.step_control.actions, run.reset_action], self,
            [self.step_control.speed, self.step_control.speed_label],
        )  # fmt: skip
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.step_panel)
        self.resizeDocks([self.palette, self.inspector], DOCK_WIDTHS, Qt.Orientation.Horizontal)
        self.output_chooser = OutputChooser(self.document, self.inspector, self.scene)
        self.scrubber = WheelScrubber(self.canvas, self.scene, self.document)
        self.expression_tools = ExpressionTools(self)
        self.exporting = Exporting(self, self.painter.legend)
        self.teaching_export = TeachingExport(self, self.exporting.suggested)
        self.practice = PracticePanel(
            self.document, self.scene, self.canvas, self.inspector, self.say, self
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.practice)
        self.understanding = Understanding(self)
        self.training = install_training(self)
        self.welcome = welcome_dock(self, self.step_panel)
        if self.document.path is not None:  # a file was asked for: no welcome page
            self.welcome.hide()
        self.looks = Looks(self, stored, self.step_panel)
        self.help = HelpMenu(self)

    def _create_menus(self) -> None:
        bar, actions = self.menuBar(), self.actions
        expressions, exporting = self.expression_tools, self.exporting
        run, step = self.run_controls, self.step_control
        self.file_menu = bar.addMenu("&File")
        add_actions(self.file_menu, [actions["new"], actions["open"]])
        recent = self.file_menu.addMenu("Open &Recent")
        recent.aboutToShow.connect(lambda: self.files.fill_recent_menu(recent))
        saving = [actions["save"], actions["save_as"], expressions.copy_action]
        add_actions(self.file_menu, [None, *saving, None, exporting.image_action])
        code = self.file_menu.addMenu("Export &Code")
        add_actions(code, exporting.code_actions)
        add_actions(self.file_menu, self.teaching_export.actions)
        add_actions(self.file_menu, [None, actions["quit"]])
        self.edit_menu = bar.addMenu("&Edit")
        edits = ("undo", "redo", None, "cut", "copy", "paste", "duplicate", "delete", None,
                 "select_all", None, "history")  # fmt: skip
        add_actions(self.edit_menu, [actions[n] if n else None for n in edits])
        add_actions(self.edit_menu, [None, expressions.layout_action])
        self.view_menu = bar.addMenu("&View")
        views = [actions[n] for n in ("fit", "zoom_in", "zoom_out", "zoom_reset")]
        training = self.training
        docks = [self.palette, self.inspector, self.step_panel, self.practice, training.panel,
                 training.plots, self.welcome, *self.understanding.docks]  # fmt: skip
        add_actions(self.view_menu, [self.toolbar.toggleViewAction(), *views, None])
        add_actions(self.view_menu, [d.toggleViewAction() for d in docks])
        colours = self.view_menu.addMenu("Gradient &Colours")
        add_actions(colours, self.painter.mode_group.actions())
        add_actions(self.view_menu, [None, self.looks.dark_action, self.looks.presentation_action])
        self.run_menu = bar.addMenu("&Run")
        add_actions(self.run_menu, [run.forward_action, run.backward_action, None,
                                    *step.actions, None, run.reset_action, None,
                                    run.live_action, None, self.practice.action,
                                    self.understanding.check.action])  # fmt: skip
        self.insert_menu = bar.addMenu("&Insert")
        self.insert_menu.addAction(training.dense.action)
        self.examples_menu = bar.addMenu("E&xamples")
        self.files.fill_examples_menu(self.examples_menu)
        self.help_menu = bar.addMenu("&Help")
        add_actions(self.help_menu, self.help.actions)

    def _create_toolbar(self) -> None:
        self.toolbar = self.addToolBar("Toolbar")
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        actions, run, step = self.actions, self.run_controls, self.step_control
        add_actions(self.toolbar, [actions["new"], actions["open"], actions["save"], None])
        self._add_stack_buttons()
        add_actions(self.toolbar, [None, actions["fit"], None, self.expression_tools.layout_action,
                                   run.forward_action, run.backward_action, run.reset_action,
                                   None, *step.actions, None, run.live_action])  # fmt: skip
        self.addToolBarBreak()
        self.addToolBar(self.expression_tools.bar)
        # the mode selector beside the expression bar, whose field gives it room
        self.expression_tools.bar.addWidget(self.understanding.forward_mode.selector)

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
        self.counts.setContentsMargins(16, 0, 0, 0)  # a gap after a long message cut short
        self.statusBar().addPermanentWidget(self.counts)
        self.statusBar().addPermanentWidget(self.run_controls.status)
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
        self.autosave.close()
        event.accept()
