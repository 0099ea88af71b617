"""What is computed and shown for one graph, kept up to date as the graph changes.

An :class:`Evaluation` owns everything about the passes that is not the model: how
far the last run went (none, forward, backward), whether it re-runs by itself after
an edit (live), the last result with the flows along its edges, whether that result
is stale, why it has no gradients, and the step-through's cursor. Its
:meth:`~Evaluation.frame` is what the canvas draws. Results are never saved and never
undone: they follow the graph.

It listens to its graph. An edit that changes what is computed (a value, a node, an
edge, an op, the output) makes the result outdated and ends any step-through; with
live on the passes run again when the result is next asked for (once, however many
graph events one edit sent), with live off the old result stays, marked stale. A
label changes only the names in the step-through's texts.

Further ways of computing (forward mode, training, practice) are further modes of
this object: each decides what :meth:`frame` holds; listeners and the canvas stay.
Training (:meth:`Evaluation.start_training`) shows each update's batch; see
``training_session.py`` for which edits end it.
"""

from __future__ import annotations

from collections.abc import Callable

from .engine import Result, compile
from .graph import Graph, GraphError
from .output import default_output
from .stepping import Frame, StepSession, full_frame
from .training import Update
from .training_options import TrainingOptions
from .training_session import TrainingSession

NONE, FORWARD, BACKWARD = 0, 1, 2  # how far the last run went
Listener = Callable[[], None]
_NOT_COMPUTED = ("pos", "trainable")  # node attributes no result depends on


class Evaluation:
    def __init__(self, graph: Graph) -> None:
        self._listeners: list[Listener] = []
        self.live = True
        self.graph = graph
        graph.subscribe(self._graph_changed)
        self._clear()

    def _clear(self) -> None:
        self.level = NONE
        self.problem: str | None = None  # why the last run gave no gradients
        self.stepping: StepSession | None = None
        self.training: TrainingSession | None = None
        self._result: Result | None = None
        self._flows: dict | None = None  # Plan.edge_flows of the result, after backward
        self._outdated = False  # the graph changed since the result was computed

    # ------------------------------------------------------------------ listeners

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener()`` whenever what this evaluation shows may have changed."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # ---------------------------------------------------------------- the graph

    def set_graph(self, graph: Graph) -> None:
        """Evaluate ``graph`` from now on (New, Open): nothing computed yet."""
        self.graph.unsubscribe(self._graph_changed)
        self.graph = graph
        graph.subscribe(self._graph_changed)
        self._clear()
        self._changed()

    def _graph_changed(self, event: str, details: dict) -> None:
        if self.training is not None and not self.training.survives(event, details):
            self.training = None
            self._changed()
        if event == "training_changed" or (
            event == "node_changed" and details["key"] in _NOT_COMPUTED
        ):
            return
        if event == "node_changed" and details["key"] == "label":
            if self.stepping is not None:
                self.stepping.refresh_names()
                self._changed()
            return
        if self._result is not None:
            self._outdated = True
            self.stepping = None
            self._changed()

    # ------------------------------------------------------------------ results

    @property
    def output(self) -> str | None:
        """The node differentiated: the chosen output, else the unique sink, else None."""
        return default_output(self.graph)

    @property
    def result(self) -> Result | None:
        """The last result; computed afresh first if the graph changed and live is on."""
        self._bring_up_to_date()
        return self._result

    @property
    def stale(self) -> bool:
        """True while a result is shown that the graph has changed since (live off)."""
        self._bring_up_to_date()
        return self._outdated

    def frame(self) -> Frame | None:
        """What to draw: the last training update, else the step-through's current
        frame, else the whole result."""
        self._bring_up_to_date()
        training_frame = self.training.frame() if self.training is not None else None
        if training_frame is not None:
            return training_frame
        if self.stepping is not None:
            return self.stepping.frame()
        if self._result is None:
            return None
        return full_frame(self._result, self._flows)

    def _bring_up_to_date(self) -> None:
        if self._outdated and self.live and self.level != NONE:
            self._compute(self.level)

    # ----------------------------------------------------------------- commands

    def run(self, level: int) -> None:
        """Run the passes up to ``level`` (FORWARD or BACKWARD) and show the result."""
        self.stepping = None
        self._compute(level)
        self._changed()

    def reset(self) -> None:
        """Show nothing computed."""
        self._clear()
        self._changed()

    def set_live(self, on: bool) -> None:
        """Live on: re-run after every edit (a stale result is brought up to date now)."""
        self.live = on
        self._changed()

    def _compute(self, level: int) -> None:
        """Run the passes on the cached plan.

        Without a single output (several sinks, none chosen) the forward pass still
        runs, and ``problem`` says why there are no gradients.
        """
        self.problem = None
        plan = None
        if level == BACKWARD:
            try:
                plan = compile(self.graph)
            except GraphError as error:
                self.problem = str(error)
        if plan is None:
            plan = compile(self.graph, backward=False)
        result = plan.run(gradients=plan.output is not None)
        if plan.output is not None and result.grads[plan.output] is None:
            self.problem = "the output has no value yet: connect every port above it"
        gradients = plan.output is not None and self.problem is None
        self._flows = plan.edge_flows(result) if gradients else None
        self._result = result
        self.level = level
        self._outdated = False

    # ----------------------------------------------------------------- stepping

    def step(self, by: int = 1) -> None:
        """Move the step-through ``by`` steps; the first step forward starts it on a fresh
        result of both passes."""
        if self.stepping is None:
            if by <= 0:
                return
            if self.result is None or self.stale or self.level != BACKWARD:
                self._compute(BACKWARD)
            self.stepping = StepSession(self.graph, self._result, self._flows)
        self.stepping.move(by)
        self._changed()

    def stop_stepping(self) -> None:
        """Leave the step-through; the whole result is shown again."""
        if self.stepping is not None:
            self.stepping = None
            self._changed()

    # ----------------------------------------------------------------- training

    def start_training(self, options: TrainingOptions | None = None) -> TrainingSession:
        """Begin a training session on the graph (GraphError says why it cannot be)."""
        self.stepping = None
        self.training = TrainingSession(self.graph, options)
        self._changed()
        return self.training

    def train_step(self) -> Update:
        """One update of the session; the frame shows its batch."""
        update = self.training.step()
        self._changed()
        return update

    def stop_training(self) -> None:
        """Leave training; the passes' result is shown again."""
        if self.training is not None:
            self.training = None
            self._changed()
