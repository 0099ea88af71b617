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

Forward mode (:meth:`Evaluation.set_wrt`): with an input x chosen, every run also
carries tangents d node/dx forward (core/forward_mode.py); the frame shows them in
place of the gradients and the step-through walks the forward pass with dual numbers.

Training (:meth:`Evaluation.start_training`) shows each update's batch; see
``training_session.py`` for which edits end it. While it lasts, the step-through
walks the session's next update (core/update_stepping.py); the caller makes that
update once the walk is at its end (``update_due``), by :meth:`Evaluation.train_step`.
"""

from __future__ import annotations

from collections.abc import Callable

from .engine import Result, compile
from .forward_mode import ForwardMode, forward_mode
from .graph import Graph, GraphError
from .naming import node_name
from .output import default_output
from .practice import Check, Exercise
from .stepping import Frame, StepSession, full_frame
from .tangent_stepping import TangentSession, tangent_frame
from .training import Update
from .training_options import TrainingOptions
from .training_session import TrainingSession
from .update_stepping import UpdateSteps

NONE, FORWARD, BACKWARD = 0, 1, 2  # how far the last run went
Listener = Callable[[], None]
_NOT_COMPUTED = ("pos", "trainable")  # node attributes no result depends on


class Evaluation:
    def __init__(self, graph: Graph) -> None:
        self._listeners: list[Listener] = []
        self.live = True
        self.wrt: str | None = None  # forward mode: the input x of d/dx; None: reverse mode
        self.graph = graph
        graph.subscribe(self._graph_changed)
        self.practice_ended: str | None = None  # why the last exercise ended, if not left
        self._clear()

    def _clear(self) -> None:
        self.level = NONE
        self.problem: str | None = None  # why the last run gave no gradients
        self.stepping: StepSession | TangentSession | UpdateSteps | None = None
        self.practice: Exercise | None = None  # practice mode: an exercise on the graph
        self.training: TrainingSession | None = None
        self._result: Result | None = None
        self._flows: dict | None = None  # Plan.edge_flows of the result, after backward
        self._tangents: ForwardMode | None = None  # in forward mode
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
        self.wrt = None
        self._end_practice("another graph was opened")
        self._clear()
        self._changed()

    def _graph_changed(self, event: str, details: dict) -> None:
        if event == "node_removed" and details["id"] == self.wrt:
            self.wrt = None
        if self.training is not None and not self.training.survives(event, details):
            self.training = None
            self._end_update_walk()
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
        if self.practice is not None:
            self._end_practice("the graph changed")  # the exercise was about the graph as it was
            self._changed()
        if self._result is not None:
            self._outdated = True
            if not self._walking_update:  # the walk lasts while its session does
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
        """What to draw: the exercise in practice, else the update walked in training,
        else the last training update, else the step-through's current frame, else the
        whole result."""
        if self.practice is not None:
            return self.practice.frame()
        self._bring_up_to_date()
        if self._walking_update:
            return self.stepping.frame()
        training_frame = self.training.frame() if self.training is not None else None
        if training_frame is not None:
            return training_frame
        if self.stepping is not None:
            return self.stepping.frame()
        if self._result is None:
            return None
        if self._tangents is not None:
            return tangent_frame(self._result, self._tangents, node_name(self.graph, self.wrt))
        return full_frame(self._result, self._flows)

    def _bring_up_to_date(self) -> None:
        if self._outdated and self.live and self.level != NONE:
            self._compute(self.level)

    # ----------------------------------------------------------------- commands

    def run(self, level: int) -> None:
        """Run the passes up to ``level`` (FORWARD or BACKWARD) and show the result."""
        self._end_practice("the passes were run")
        self.stepping = None
        self._compute(level)
        self._changed()

    def reset(self) -> None:
        """Show nothing computed."""
        self._end_practice("the view was reset")
        self._clear()
        self._changed()

    def set_wrt(self, node_id: str | None) -> None:
        """Forward mode: tangents d node/d ``node_id`` (an input or constant); None:
        reverse mode again. Forward mode shows its tangents at once (running forward
        if nothing was computed yet)."""
        if node_id is not None and self.graph.node(node_id).kind == "op":
            raise GraphError(f"{node_id!r} is an op node; forward mode starts at an input")
        self.wrt = node_id
        self.stepping = None
        if self.level != NONE or node_id is not None:
            self._compute(max(self.level, FORWARD))
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
        self._tangents = forward_mode(result, self.wrt) if self.wrt is not None else None
        self._result = result
        self.level = level
        self._outdated = False

    # ----------------------------------------------------------------- stepping

    def step(self, by: int = 1) -> None:
        """Move the step-through ``by`` steps; the first step forward starts it on a fresh
        result of both passes, or in training on the session's next update (also once
        the update walked was made)."""
        self._end_practice("the step-through started")
        if not self._walking_update or (by > 0 and self.update_made):
            self._end_update_walk()  # training went on without it, or it is over
        if self.stepping is None:
            if by <= 0:
                return
            self.stepping = self._new_step_through()
        self.stepping.move(by)
        self._changed()

    def _new_step_through(self) -> StepSession | TangentSession | UpdateSteps:
        if self.training is not None:
            return UpdateSteps(self.graph, self.training)
        if self.result is None or self.stale or self.level != BACKWARD:
            self._compute(BACKWARD)
        if self._tangents is not None:
            return TangentSession(self.graph, self._result, self._tangents)
        return StepSession(self.graph, self._result, self._flows)

    def stop_stepping(self) -> None:
        """Leave the step-through; the whole result is shown again."""
        if self.stepping is not None:
            self.stepping = None
            self._changed()

    # ----------------------------------------------------------------- practice

    def start_practice(self, hide: str, values: dict | None = None) -> None:
        """Practice on the graph with ``hide`` hidden, at the input ``values`` (overrides).

        The graph is not changed, and nothing goes on the undo stack. Raises GraphError
        when the graph has no single output.
        """
        self.practice = Exercise(self.graph, hide, values)
        self.practice_ended = None
        self.stepping = None
        self._changed()

    def _end_practice(self, reason: str) -> None:
        """End the exercise, if any, because of ``reason`` (kept in ``practice_ended``).
        The window disables the actions that would; this keeps the reason true."""
        if self.practice is not None:
            self.practice = None
            self.practice_ended = reason

    def answer(self, kind: str, key, value: float) -> Check:
        """Check an answer in practice (see :meth:`Exercise.answer`)."""
        check = self.practice.answer(kind, key, value)
        self._changed()
        return check

    def reveal(self, kind: str | None = None, key=None) -> None:
        """Show one hidden number in practice, or every one (no arguments)."""
        if kind is None:
            self.practice.reveal_all()
        else:
            self.practice.reveal(kind, key)
        self._changed()

    def focus_blank(self, blank: tuple | None) -> None:
        """Light the card (or edge) of the blank (kind, key) being answered in practice."""
        self.practice.focus = blank
        self._changed()

    def stop_practice(self) -> None:
        """Leave practice: what was shown before is shown again."""
        if self.practice is not None:
            self.practice = None
            self._changed()

    # ----------------------------------------------------------------- training

    def start_training(self, options: TrainingOptions | None = None) -> TrainingSession:
        """Begin a training session on the graph (GraphError says why it cannot be)."""
        self.stepping = None
        self.training = TrainingSession(self.graph, options)
        self._changed()
        return self.training

    @property
    def update_due(self) -> bool:
        """The step-through walked the session's next update to its end: make it now."""
        return self._walking_update and self.stepping.update_due

    @property
    def update_made(self) -> bool:
        """The step-through walked an update to its end and it was made: Step walks the
        next one."""
        return self._walking_update and self.stepping.done

    @property
    def _walking_update(self) -> bool:
        return isinstance(self.stepping, UpdateSteps) and self.stepping.fits(self.training)

    def train_step(self) -> Update:
        """One update of the session; the frame shows its batch. It is the update walked,
        if one is due; any other walk is over (it was of this update, not made yet)."""
        due = self.update_due
        update = self.training.step()
        if due:
            self.stepping.done = True
        else:
            self._end_update_walk()
        self._changed()
        return update

    def stop_training(self) -> None:
        """Leave training; the passes' result is shown again."""
        if self.training is not None:
            self.training = None
            self._end_update_walk()
            self._changed()

    def _end_update_walk(self) -> None:
        if isinstance(self.stepping, UpdateSteps):
            self.stepping = None
