"""Frames to draw, and the step-through: one pass at a time, one node or edge at a time.

A :class:`Frame` is what the canvas shows of a result: the values and gradients known
so far, the edges passed so far with their local derivatives and what flows back
along them, and what to highlight. :func:`full_frame` is a whole result;
a :class:`StepSession` walks a result step by step (the forward pass node by node,
the seed doutput/doutput = 1, then the backward pass edge by edge in the engine's
own order, so the running totals end at the engine's gradients) and gives the frame
and the chain-rule texts of each step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .chainrule import (
    Names,
    backward_text,
    forward_text,
    local_text,
    op_text,
    seed_text,
    term_note,
)
from .engine import Result
from .graph import Graph
from .trace import EdgeKey


@dataclass
class Frame:
    """What the canvas shows: values and gradients known so far, edges passed so far.

    ``final_grads`` are the pass's gradients at its end: a node whose final gradient is
    None (off the output's path) is drawn grey once ``gradients`` is on, while a node
    still waiting for its gradient stays plain.
    """

    values: dict
    grads: dict
    edges: dict[EdgeKey, tuple]  # -> (local derivative, what flows back or None)
    final_grads: dict
    gradients: bool
    issues: dict = field(default_factory=dict)
    # practice: per node id, its hidden numbers and how far each got, e.g.
    # (("value", "right"), ("grad", "open")); see core/practice.py
    blanks: dict = field(default_factory=dict)
    nodes_lit: tuple[str, ...] = ()
    edge_lit: EdgeKey | None = None
    # forward mode: the name of x, the grads are the tangents d node/dx and the edges
    # carry what flows forward (core/tangent_stepping.py); None in reverse mode
    tangent_of: str | None = None


def full_frame(result: Result, flows: dict | None) -> Frame:
    """The whole result; ``flows`` (from Plan.edge_flows) after a backward pass."""
    return Frame(
        values=result.values,
        grads=result.grads,
        edges=flows or {},
        final_grads=result.grads,
        gradients=flows is not None,
        issues=result.issues,
    )


@dataclass(frozen=True)
class Step:
    phase: str  # "forward", "seed" or "backward"
    index: int  # into the trace's forward or backward list


class StepCursor:
    """What every step-through shares: its ``steps``, where the person is among them
    (``position``, -1: before the first), and each step's texts, made once by the
    session's ``_make_texts(step)``."""

    steps: list
    position: int = -1
    _texts: dict[int, tuple[str, str]]

    @property
    def at_end(self) -> bool:
        return self.position >= len(self.steps) - 1

    def move(self, by: int) -> None:
        self.position = min(max(self.position + by, -1), len(self.steps) - 1)

    def texts(self, position: int | None = None) -> tuple[str, str]:
        """(the formula, a secondary line) for the step at ``position`` (default: current)."""
        position = self.position if position is None else position
        if position < 0:
            return "", ""
        if position not in self._texts:
            self._texts[position] = self._make_texts(self.steps[position])
        return self._texts[position]


class StepSession(StepCursor):
    """The steps of one result: the forward pass, the seed, the backward pass."""

    def __init__(self, graph: Graph, result: Result, flows: dict | None):
        self.graph = graph
        self.result = result
        self.full = full_frame(result, flows)
        self.forward, self.backward = result.plan.trace(result)
        self.steps = [Step("forward", i) for i in range(len(self.forward))]
        if self.full.gradients:
            self.steps.append(Step("seed", 0))
            self.steps += [Step("backward", i) for i in range(len(self.backward))]
        self.position = -1
        self.refresh_names()

    def refresh_names(self) -> None:
        """Name the nodes afresh (after a label changed)."""
        self.names = Names(self.graph)
        self._texts: dict[int, tuple[str, str]] = {}

    # ------------------------------------------------------------------ frames

    def frame(self) -> Frame:
        """What is known after the current step (everything once the last is done)."""
        if self.at_end and self.steps:
            return self._lit(self.full, self.steps[-1])
        result, done = self.result, self.steps[: self.position + 1]
        computed = {s.node for s in self.forward[: sum(s.phase == "forward" for s in done)]}
        values = {n: v for n, v in result.values.items() if n not in result.plan.ops}
        values.update({n: result.values[n] for n in computed})
        grads, edges = {}, {}
        if any(s.phase == "seed" for s in done):
            grads[result.output] = 1.0
        for step in done:
            if step.phase == "backward":
                b = self.backward[step.index]
                grads[b.source] = b.total
                edges[(b.source, b.target, b.port)] = (b.local, b.contribution)
        frame = Frame(values, grads, edges, self.full.final_grads, bool(grads), self.full.issues)
        return self._lit(frame, done[-1]) if done else frame

    def _lit(self, frame: Frame, step: Step) -> Frame:
        if step.phase == "forward":
            frame.nodes_lit = (self.forward[step.index].node,)
        elif step.phase == "seed":
            frame.nodes_lit = (self.result.output,)
        else:
            b = self.backward[step.index]
            frame.nodes_lit = (b.source,)
            frame.edge_lit = (b.source, b.target, b.port)
        return frame

    # ------------------------------------------------------------------- texts

    def heading(self) -> str:
        if self.position < 0:
            return f"{len(self.steps)} steps: press Step to begin"
        step = self.steps[self.position]
        where = f"step {self.position + 1} of {len(self.steps)}"
        if step.phase == "forward":
            return f"Forward pass · {where}"
        if step.phase == "seed":
            return f"Backward pass · {where} · start at the output"
        return f"Backward pass · {where}{term_note(self.backward, step.index)}"

    def _make_texts(self, step: Step) -> tuple[str, str]:
        names, plan = self.names, self.result.plan
        if step.phase == "forward":
            f = self.forward[step.index]
            op = plan.ops[f.node]
            return forward_text(f, names), op_text(op.name, op.ports)
        if step.phase == "seed":
            return seed_text(self.result.output, names), "the chain rule starts at the output"
        b = self.backward[step.index]
        operands = list(plan.operands[b.target])
        values = [self.result.values[o] for o in operands]
        local = local_text(b, plan.ops[b.target].name, names, operands, values)
        return backward_text(self.backward, step.index, self.result.output, names), local
