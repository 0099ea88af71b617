"""See backprop: run the passes, draw their results, step through them, keep them live.

``install_passes(window)`` adds the Run menu and toolbar actions (Forward, Backward,
Step back, Step, Play, Reset, Live), the output chooser (node menu and inspector),
the colour legend, the step-through dock and value scrubbing with the mouse wheel.

Results are never part of the model: the engine's Result goes to
``document.set_results`` (never saved, never on the undo stack) and is drawn with
the items' result setters, which touch brushes and texts only, never geometry.
With live mode on, any edit re-runs the last pass at once on the cached plan (a
value edit never recompiles); with it off, the old results are drawn faded.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QSlider

from ..core import GraphError, compile, default_output
from .canvas.legend import GradientLegend
from .colors import EDGE_WIDTHS, LOG, MODES, NO_GRADIENT, GradientScale
from .files import settings
from .panels.output_chooser import OutputChooser
from .panels.step_panel import Frame, StepPanel, StepSession, full_frame

NONE, FORWARD, BACKWARD = 0, 1, 2  # how far the last run went
SPEED_RANGE, SPEED_DEFAULT = (1, 10), 2  # play speed in steps per second


def install_passes(window) -> Passes:
    """Give ``window`` the passes (once); they live as ``window.passes``."""
    if getattr(window, "passes", None) is None:
        window.passes = Passes(window)
    return window.passes


class Passes(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.document, self.scene, self.canvas = window.document, window.scene, window.canvas
        self.level = NONE
        self.problem: str | None = None  # why the last run gave no gradients
        self.session: StepSession | None = None
        self.scale: GradientScale | None = None
        self._edge_locals: dict | None = None
        self._lit: list = []  # the items the step-through highlights
        self._shown: dict = {}  # item -> the set_result arguments it has (None: cleared)
        self._marked: str | None = None  # the node wearing the output marker
        stored = settings()
        self.mode = str(stored.value("passes/colorMode", LOG))
        self.mode = self.mode if self.mode in MODES else LOG
        self.play_timer = QTimer(self)
        self.play_timer.timeout.connect(self._play_tick)
        self.status = QLabel(objectName="passStatus")
        self._create_actions()
        self._create_controls()
        self.legend = GradientLegend(self.canvas.viewport(), self.mode_group.actions())
        self.step_panel = StepPanel(
            [self.actions[n] for n in ("step_back", "step", "play", "reset")], window
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.step_panel)
        window.view_menu.addAction(self.step_panel.toggleViewAction())
        self.output_box = OutputChooser(self.document, window.inspector)
        self.scene.node_menu_hooks.append(self.output_box.add_to_menu)
        document = self.document
        document.resultsChanged.connect(self._results_changed)
        document.outputChanged.connect(self._update_output_marker)
        document.structureChanged.connect(self._update_output_marker)
        document.graphReplaced.connect(self._graph_replaced)
        document.nodeChanged.connect(self._node_changed)
        self._update_output_marker()
        self._update_actions()

    # ------------------------------------------------------------ set-up

    def _action(self, name, text, slot, keys=(), tip="", checkable=False) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def _create_actions(self) -> None:
        a = self._action
        self.actions = {
            "forward": a("actionForward", "Forward", self.forward, ["F5"],
                         "Forward pass: compute every node's value"),
            "backward": a("actionBackward", "Backward", self.backward, ["F6"],
                          "Backward pass: ∂output/∂node for every node (runs forward first)"),
            "step_back": a("actionStepBack", "Step back", self.step_back, ["Shift+F10"],
                           "Undo one step of the step-through display"),
            "step": a("actionStep", "Step", self.step, ["F10"],
                      "One step of the passes: a node forward, then an edge backward"),
            "play": a("actionPlay", "Play", self.play, ["F8"],
                      "Step through the passes by themselves", checkable=True),
            "reset": a("actionReset", "Reset", self.reset, ["Ctrl+R"],
                       "Clear the values and gradients shown"),
            "live": a("actionLive", "Live", self.set_live, [],
                      "Live: re-run the passes at once after every edit (the mouse wheel over "
                      "a selected input changes its value)", checkable=True),
        }  # fmt: skip
        self.actions["live"].setChecked(True)
        self.mode_group = QActionGroup(self)
        for mode, text in MODES.items():
            action = QAction(text.capitalize(), self.mode_group, checkable=True)
            action.setObjectName(f"actionColor{mode.capitalize()}")
            action.setChecked(mode == self.mode)
            action.triggered.connect(lambda _checked=False, m=mode: self.set_mode(m))

    def _create_controls(self) -> None:
        window, actions = self.window, self.actions
        run = window.menuBar().addMenu("&Run")
        examples = getattr(window, "examples_menu", None)
        if examples is not None:  # Run sits between View and Examples
            window.menuBar().insertMenu(examples.menuAction(), run)
        self._add_actions(run, ("forward", "backward", None, "step_back", "step", "play", None,
                                "reset", None, "live"))  # fmt: skip
        colours = window.view_menu.addMenu("Gradient &Colours")
        colours.addActions(self.mode_group.actions())
        toolbar = window.toolbar
        self._add_actions(
            toolbar, ("forward", "backward", "reset", None, "step_back", "step", "play")
        )
        self.speed = QSlider(Qt.Orientation.Horizontal, objectName="playSpeed")
        self.speed.setRange(*SPEED_RANGE)
        self.speed.setToolTip("Play speed: steps per second")
        self.speed.setValue(int(settings().value("passes/speed", SPEED_DEFAULT)))
        self.speed.setFixedWidth(90)
        self.speed.valueChanged.connect(self._speed_changed)
        toolbar.addWidget(self.speed)
        self.speed_label = QLabel(objectName="playSpeedLabel")
        toolbar.addWidget(self.speed_label)
        toolbar.addSeparator()
        toolbar.addAction(actions["live"])
        self._speed_changed(self.speed.value())
        window.statusBar().addPermanentWidget(self.status)

    def _add_actions(self, menu, names) -> None:
        """Add the actions named (None: a separator) to a menu or toolbar."""
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[name])

    # ------------------------------------------------------------ the passes

    def forward(self) -> None:
        self._stop_stepping()
        self._run(FORWARD)

    def backward(self) -> None:
        self._stop_stepping()
        self._run(BACKWARD)

    def reset(self) -> None:
        self._stop_stepping()
        self.level = NONE
        self.problem = None
        self.document.set_results(None)

    def set_live(self, on: bool) -> None:
        if on and self.document.results is not None and self.document.results_stale:
            self._stop_stepping()
            self._run(self.level)
        self._update_status()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        settings().setValue("passes/colorMode", mode)
        self._redraw()

    def _run(self, level: int) -> None:
        """Run the passes up to ``level`` on the cached plan and store the result.

        Without a single output (several sinks, none chosen) the forward pass still
        runs, and the status bar says how to choose one.
        """
        graph = self.document.graph
        self.problem = None
        plan = None
        if level == BACKWARD:
            try:
                plan = compile(graph)
            except GraphError as error:
                self.problem = f"{error}: right-click a node → Use as output"
        if plan is None:
            plan = compile(graph, backward=False)
        result = plan.run(gradients=plan.output is not None)
        if plan.output is not None and result.grads[plan.output] is None:
            self.problem = "the output has no value yet: connect every port above it"
        gradients = plan.output is not None and self.problem is None
        self._edge_locals = plan.local_derivatives(result) if gradients else None
        self.level = level
        self.document.set_results(result)
        if self.problem:
            self.window.say(f"Values only: {self.problem}.")

    def _results_changed(self) -> None:
        document = self.document
        if document.results is not None and document.results_stale:
            self._stop_stepping()
            if self.actions["live"].isChecked() and self.level != NONE:
                self._run(self.level)  # draws through the resultsChanged it sends
                return
        if document.results is None:
            self._edge_locals = None
        self._redraw()

    def _graph_replaced(self) -> None:
        self._stop_stepping()
        self.level = NONE
        self.problem = None
        self._marked = None
        self._update_output_marker()

    def _node_changed(self, node_id: str, key: str) -> None:
        """A new label: the formulas, the status and the inspector name the node anew."""
        if key != "label":
            return
        if self.session is not None:
            self.session.refresh_names()
            self.step_panel.show_session(self.session)
        self._update_status()
        self.output_box.refresh()

    # ------------------------------------------------------------ drawing

    def _redraw(self) -> None:
        result = self.document.results
        if result is None:
            self.scale = None
            self._draw(None)
        else:
            frame = self.session.frame() if self.session else full_frame(result, self._edge_locals)
            grads = frame.final_grads.values() if frame.gradients else ()
            self.scale = GradientScale.fit(self.mode, grads)
            self._draw(frame)
        self.legend.set_scale(self.scale)
        self.output_box.refresh()
        self._update_status()
        self._update_actions()

    def _draw(self, frame: Frame | None) -> None:
        """Give every item its part of ``frame`` (None: clear them all).

        Only items whose part changed since the last draw are touched, so a step of
        the step-through, or an edit while the results are stale, repaints little.
        """
        for item in self._lit:
            item.set_highlighted(False)
        self._lit = []
        nodes = self._node_results(frame) if frame is not None else {}
        edges = self._edge_results(frame) if frame is not None else {}
        self._shown = {
            item: _apply(item, shown.get(item), self._shown.get(item))
            for items, shown in ((self.scene.node_items(), nodes), (self.scene.edge_items(), edges))
            for item in items
        }
        if frame is not None:
            self._highlight(frame)

    def _node_results(self, frame: Frame) -> dict:
        """For each node item in the frame, its set_result arguments."""
        stale, scale = self.document.results_stale, self.scale
        values, grads, final, issues = frame.values, frame.grads, frame.final_grads, frame.issues
        results = {}
        for item in self.scene.node_items():
            node_id = item.node_id
            if node_id not in final:  # added since the run
                continue
            grad = grads.get(node_id)
            if grad is not None and scale is not None:
                fill = scale.color(grad)
            else:
                fill = NO_GRADIENT if frame.gradients and final[node_id] is None else None
            results[item] = (values.get(node_id), grad, fill, issues.get(node_id), stale)
        return results

    def _edge_results(self, frame: Frame) -> dict:
        """For each edge item the frame has passed, its set_result arguments."""
        scale, edges = self.scale, frame.edges
        results = {}
        for item in self.scene.edge_items():
            shown = edges.get((item.source, item.target, item.port))
            if shown is not None:
                local, contribution = shown
                style = scale.edge_style(contribution) if scale else (None, EDGE_WIDTHS[0])
                results[item] = (local, contribution, *style)
        return results

    def _highlight(self, frame: Frame) -> None:
        items = [self.scene.node_item(n) for n in frame.nodes_lit]
        if frame.edge_lit is not None:
            items.append(self.scene.edge_item(*frame.edge_lit))
        self._lit = [item for item in items if item is not None]
        for item in self._lit:
            item.set_highlighted(True)

    def _update_output_marker(self) -> None:
        output = default_output(self.document.graph)
        old = self.scene.node_item(self._marked) if self._marked else None
        if old is not None and self._marked != output:
            old.set_output_marker(False)
        new = self.scene.node_item(output) if output else None
        if new is not None:
            new.set_output_marker(True)
        self._marked = output
        self.output_box.refresh()
        self._update_status()

    def _update_status(self) -> None:
        document = self.document
        graph = document.graph
        output = default_output(graph)
        if output is None and len(graph.sinks()) > 1:
            text = f"{len(graph.sinks())} outputs: choose one (right-click → Use as output)"
        elif document.results is None:
            text = "Press Forward or Backward to run the passes"
        elif self.problem:
            text = f"Values only: {self.problem}"
        elif document.results_stale:
            text = "Out of date: the graph changed (press Forward or Backward)"
        elif self.level == BACKWARD:
            text = f"Gradients of {graph.node(document.results.output).title}"
        else:
            text = "Values"
        if self.actions["live"].isChecked() and document.results is not None:
            text += " · live"
        self.status.setText(text)

    def _update_actions(self) -> None:
        session = self.session
        self.actions["step_back"].setEnabled(session is not None and session.position >= 0)
        self.actions["step"].setEnabled(session is None or not session.at_end)
        self.actions["reset"].setEnabled(self.document.results is not None)

    # ------------------------------------------------------------ stepping

    def step(self) -> None:
        if self.session is None:
            self._start_stepping()
        elif not self.session.at_end:
            self.session.move(1)
        self._show_step()

    def step_back(self) -> None:
        if self.session is not None:
            self.session.move(-1)
            self._show_step()

    def play(self, on: bool) -> None:
        self.actions["play"].setText("Pause" if on else "Play")
        if not on:
            self.play_timer.stop()
            return
        if self.session is None or self.session.at_end:
            self._stop_stepping(keep_playing=True)
            self._start_stepping()
            self._show_step()
        self.play_timer.start()

    def _play_tick(self) -> None:
        if self.session is None or self.session.at_end:
            self.actions["play"].setChecked(False)
        else:
            self.step()

    def _speed_changed(self, steps_per_second: int) -> None:
        self.play_timer.setInterval(1000 // steps_per_second)
        self.speed_label.setText(f"{steps_per_second} steps/s")
        settings().setValue("passes/speed", steps_per_second)

    def _start_stepping(self) -> None:
        """A session on fresh results of both passes (run now if needed), at its first step."""
        document = self.document
        if document.results is None or document.results_stale or self.level != BACKWARD:
            self._run(BACKWARD)
        self.session = StepSession(document.graph, document.results, self._edge_locals)
        self.session.move(1)
        self.step_panel.show()
        self.step_panel.raise_()

    def _show_step(self) -> None:
        self.step_panel.show_session(self.session)
        self._redraw()

    def _stop_stepping(self, keep_playing: bool = False) -> None:
        if not keep_playing and self.actions["play"].isChecked():
            self.actions["play"].setChecked(False)
        if self.session is not None:
            self.session = None
            self.step_panel.show_session(None)
            self._update_actions()


def _apply(item, shown: tuple | None, before: tuple | None) -> tuple | None:
    """Give ``item`` the result ``shown`` (None: none) unless it has it already."""
    if shown != before:
        if shown is None:
            item.clear_result()
        else:
            item.set_result(*shown)
    return shown
