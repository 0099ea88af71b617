"""The step-through of one training update: the batch, the forward pass over it, the
loss, the backward pass, then the update rule of each parameter.

An :class:`UpdateSteps` walks the next update of a training session
(:meth:`~backprop_gui.core.training.Trainer.preview`, so walking it changes nothing)
and offers the step panel what :class:`~backprop_gui.core.stepping.StepSession` does.
Every number is the mean over the batch's rows: each node's value, and each edge's
term of the chain rule, so the running totals end at the mean gradients the optimizer
uses (the objective is the batch's mean output). The last steps write each
parameter's update with the optimizer's own numbers (``update_text``). Making the
update is not this cursor's: once it is at its end (``update_due``), the caller makes
the session's real next update, which is this one, and marks it ``done``.
"""

from __future__ import annotations

from dataclasses import replace

from .chainrule import Names, chain_rule_text, op_text, term_note
from .graph import Graph
from .numbers import format_number
from .ops import OPS
from .stepping import Frame, Step, StepCursor
from .trace import BackwardStep
from .training_session import TrainingSession
from .training_view import batch_means, batch_result, means_frame, update_text
from .typeset import number

ROWS_LISTED = 8  # a shuffled batch's row numbers shown, at most


class UpdateSteps(StepCursor):
    """The steps of ``session``'s next update, every number a mean over its batch."""

    def __init__(self, graph: Graph, session: TrainingSession):
        self.graph = graph
        self.session = session
        self.trainer = trainer = session.trainer
        self.update = trainer.preview()
        self.done = False  # the update was made (by the session)
        result = batch_result(trainer, self.update)
        self.result, self.full = result, means_frame(result)
        self.forward, backward = result.plan.trace(result)
        self.backward = _mean_steps(backward)
        self.steps = [
            Step("batch", 0),
            *(Step("forward", i) for i in range(len(self.forward))),
            Step("loss", 0),
            *(Step("backward", i) for i in range(len(self.backward))),
            *(Step("update", i) for i in range(len(trainer.parameters))),
        ]
        self.position = -1
        self.refresh_names()

    def refresh_names(self) -> None:
        """Name the nodes afresh (after a label changed)."""
        self.names = Names(self.graph)
        self._texts: dict[int, tuple[str, str]] = {}

    @property
    def update_due(self) -> bool:
        """At the end, with the update walked not made yet."""
        return self.at_end and not self.done

    def fits(self, session: TrainingSession | None) -> bool:
        """Whether this is still ``session``'s next update (or the one it just made)."""
        made = self.update.number - 1 + self.done
        return session is self.session and session.trainer.updates == made

    @property
    def rows(self) -> int:
        return max(len(self.update.rows), 1)

    # ------------------------------------------------------------------ frames

    def frame(self) -> Frame:
        """The batch means known after the current step; the parameters updated so far
        at their new values."""
        done = self.steps[: self.position + 1]
        full, ops = self.full, self.result.plan.ops
        computed = {self.forward[s.index].node for s in done if s.phase == "forward"}
        values = {n: v for n, v in full.values.items() if n not in ops or n in computed}
        grads, edges = {}, {}
        if any(s.phase == "loss" for s in done):
            grads[self.result.output] = 1.0
        for step in done:
            if step.phase == "backward":
                b = self.backward[step.index]
                grads[b.source] = b.total
                edges[(b.source, b.target, b.port)] = (b.local, b.contribution)
            elif step.phase == "update":
                parameter = self.trainer.parameters[step.index]
                values[parameter] = self.update.after[parameter]
        frame = Frame(values, grads, edges, full.final_grads, bool(grads), full.issues)
        if done:
            self._light(frame, done[-1])
        return frame

    def _light(self, frame: Frame, step: Step) -> None:
        if step.phase == "batch":
            frame.nodes_lit = tuple(self.trainer.program.columns)
        elif step.phase == "forward":
            frame.nodes_lit = (self.forward[step.index].node,)
        elif step.phase == "loss":
            frame.nodes_lit = (self.result.output,)
        elif step.phase == "backward":
            b = self.backward[step.index]
            frame.nodes_lit = (b.source,)
            frame.edge_lit = (b.source, b.target, b.port)
        else:
            frame.nodes_lit = (self.trainer.parameters[step.index],)

    # ------------------------------------------------------------------- texts

    def heading(self) -> str:
        if self.position < 0:
            return f"One training update in {len(self.steps)} steps: press Step to begin"
        step = self.steps[self.position]
        where = f"step {self.position + 1} of {len(self.steps)}"
        paths = term_note(self.backward, step.index) if step.phase == "backward" else ""
        return f"{_PHASES[step.phase]} · {where}{paths}"

    def _make_texts(self, step: Step) -> tuple[str, str]:
        return getattr(self, f"_{step.phase}_texts")(step.index)

    def _over(self) -> str:
        rows = self.rows
        return f"mean over the batch's {rows} rows" if rows > 1 else "the batch's one row"

    def _batch_texts(self, _: int) -> tuple[str, str]:
        update, trainer = self.update, self.trainer
        if trainer.data is None:
            return "no data: one row, the nodes' own values", f"update {update.number}"
        batch = (update.number - 1) % trainer.updates_per_epoch + 1
        formula = f"batch {batch} of {trainer.updates_per_epoch}: {rows_text(update.rows)}"
        return formula, f"epoch {update.epoch} · update {update.number} · {_count(self.rows)}"

    def _forward_texts(self, index: int) -> tuple[str, str]:
        step, names = self.forward[index], self.names
        symbolic = OPS[step.op].typeset(*(names.term(o) for o, _ in step.operands)).html
        mean = self.full.values[step.node]
        formula = f"{names.term(step.node).html} = {symbolic} = {number(mean).html}"
        op = self.result.plan.ops[step.node]
        return formula, f"{self._over()} · {op_text(op.name, op.ports)}"

    def _loss_texts(self, _: int) -> tuple[str, str]:
        output = self.names.term(self.result.output).html
        formula = f"objective = mean of {output} over the batch = {number(self.update.loss).html}"
        seed = f"{self.names.d(self.result.output)}/{self.names.d(self.result.output)}"
        return formula, f"the update lowers it; the backward pass starts at {seed} = 1"

    def _backward_texts(self, index: int) -> tuple[str, str]:
        source, output = self.backward[index].source, self.result.output
        terms = [b for b in self.backward[: index + 1] if b.source == source]
        numeric = [number(b.contribution).html for b in terms]
        numeric = [f"({t})" if i and t.startswith("−") else t for i, t in enumerate(numeric)]
        total = number(terms[-1].total).html
        symbolic = chain_rule_text(terms, output, self.names, numbers=False)
        formula = f"{symbolic} = {' + '.join(numeric)}" if len(terms) > 1 else symbolic
        uses = ", the gradient the optimizer uses" if source in self.trainer.parameters else ""
        return f"{formula} = {total}", f"each term its mean over the batch{uses}"

    def _update_texts(self, index: int) -> tuple[str, str]:
        trainer, update = self.trainer, self.update
        parameter = trainer.parameters[index]
        name = self.names.term(parameter).html
        options = trainer.options
        gradient = format_number(update.gradients[parameter])
        why = f"{options.optimizer}, learning rate {format_number(options.lr)}"
        line = f"{why}; gradient {gradient} (mean over the batch)"
        if index == len(trainer.parameters) - 1:
            line += "; the parameters take their new values"
        return update_text(trainer, update, parameter, name), line


_PHASES = {
    "batch": "The batch",
    "forward": "Forward pass over the batch",
    "loss": "The loss",
    "backward": "Backward pass over the batch",
    "update": "The update",
}


def _mean_steps(steps: list[BackwardStep]) -> list[BackwardStep]:
    """The backward steps of a batch with each number the mean over its rows: as the
    mean is linear, the running totals still end at the (mean) gradients."""
    keys = ("upstream", "local", "contribution", "total")
    columns = [batch_means([getattr(step, key) for step in steps]) for key in keys]
    return [replace(step, **dict(zip(keys, means))) for step, means in zip(steps, zip(*columns))]


def rows_text(rows) -> str:
    """``rows 8–11`` for consecutive rows, else ``rows 3, 7, 1, …`` (0-based, in the
    batch's order)."""
    rows = [int(r) for r in rows]
    if len(rows) == 1:
        return f"row {rows[0]}"
    if rows == list(range(rows[0], rows[0] + len(rows))):
        return f"rows {rows[0]}–{rows[-1]}"
    listed = ", ".join(str(r) for r in rows[:ROWS_LISTED])
    return f"rows {listed}{', …' if len(rows) > ROWS_LISTED else ''}"


def _count(count: int) -> str:
    return f"{count} row{'s' * (count != 1)}"
