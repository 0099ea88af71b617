"""Practice: any graph as an exercise, with some of its numbers hidden and checked.

An :class:`Exercise` hides the values of the op nodes, the gradients, both, or the
local derivatives on the edges (``HIDE``), lists the hidden numbers as
:class:`Blank` s in the suggested order (values in topological order, local
derivatives as the backward pass meets them, gradients in the order they are
complete), checks an answer against the engine (:func:`agrees`) and, for a wrong
one, gives a hint that names what is missing but never the answer
(:mod:`.practice_hints`). It keeps the score: right at the first try, right after a
hint, revealed. The graph itself is never changed: other input values (New numbers)
are passed to the engine as overrides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .engine import compile
from .graph import Graph
from .practice_hints import Hints
from .stepping import Frame
from .trace import EdgeKey

VALUES, GRADS, BOTH, LOCALS = "values", "grads", "both", "locals"
HIDE = {
    VALUES: "values",
    GRADS: "gradients",
    BOTH: "values and gradients",
    LOCALS: "local derivatives on the edges",
}
VALUE, GRAD, LOCAL = "value", "grad", "local"  # what a blank holds
OPEN, RIGHT, REVEALED = "open", "right", "revealed"
RELATIVE = 1e-3  # an answer within this relative distance is right ...
DIGITS = 3  # ... and so is one that agrees to this many significant digits


def agrees(answer: float, truth: float) -> bool:
    """Is ``answer`` right for ``truth``: relative 1e-3, or the same to 3 significant digits?"""
    if not math.isfinite(truth):
        return answer == truth or (math.isnan(truth) and math.isnan(answer))
    if math.isclose(answer, truth, rel_tol=RELATIVE, abs_tol=1e-12):
        return True
    return f"{answer:.{DIGITS - 1}e}" == f"{truth:.{DIGITS - 1}e}"


@dataclass
class Blank:
    """One hidden number: a node's value or gradient, or an edge's local derivative."""

    kind: str  # VALUE, GRAD or LOCAL
    key: str | EdgeKey  # the node id, or the edge (source, target, port)
    answer: float
    status: str = OPEN
    wrong: int = 0  # wrong answers so far

    @property
    def shown(self) -> bool:
        """Is the number on show (answered right, or revealed)?"""
        return self.status != OPEN


@dataclass
class Check:
    """What an answer got: right or not, and a hint (rich text) when not."""

    right: bool
    hint: str = ""


@dataclass
class Score:
    first_try: int = 0
    with_hints: int = 0
    revealed: int = 0
    total: int = 0

    def text(self) -> str:
        done = self.first_try + self.with_hints + self.revealed
        return (
            f"{done} of {self.total} done · {self.first_try} right at the first try · "
            f"{self.with_hints} after a hint · {self.revealed} revealed"
        )


class Exercise:
    """``graph``'s numbers with ``hide`` hidden, at the input ``values`` given (overrides)."""

    def __init__(
        self, graph: Graph, hide: str, values: dict | None = None, output: str | None = None
    ):
        if hide not in HIDE:
            raise ValueError(f"unknown choice {hide!r} (known: {', '.join(HIDE)})")
        self.graph, self.hide = graph, hide
        self.values = dict(values or {})
        plan = compile(graph, output)
        plan.require_complete("practise on")
        self.result = plan.run(self.values)
        self.flows = plan.edge_flows(self.result) if self.result.output else {}
        self.forward, self.backward = plan.trace(self.result)
        self.blanks = self._make_blanks()
        self.hints = Hints(graph, self)
        self.focus: tuple | None = None  # (kind, key) of the blank being answered: lit

    def _make_blanks(self) -> dict[tuple, Blank]:
        result, blanks = self.result, []
        if self.hide in (VALUES, BOTH):
            blanks += [Blank(VALUE, step.node, step.value) for step in self.forward]
        if self.hide == LOCALS:
            blanks += [Blank(LOCAL, (s.source, s.target, s.port), s.local) for s in self.backward]
        if self.hide in (GRADS, BOTH):
            asked = [n for n in self.completed_order() if self.graph.node(n).kind != "constant"]
            blanks += [Blank(GRAD, n, result.grads[n]) for n in asked]
        return {(blank.kind, blank.key): blank for blank in blanks}

    def completed_order(self) -> list[str]:
        """The nodes with a gradient in the order the backward pass completes them."""
        last = {step.source: i for i, step in enumerate(self.backward)}
        return sorted(last, key=last.get)

    # ------------------------------------------------------------------ queries

    def blank(self, kind: str, key) -> Blank | None:
        return self.blanks.get((kind, key))

    def hidden(self, kind: str, key) -> bool:
        """Is this number a blank still open (drawn as an empty field)?"""
        blank = self.blanks.get((kind, key))
        return blank is not None and not blank.shown

    def next_blank(self) -> Blank | None:
        """The first open blank in the suggested order."""
        return next((b for b in self.blanks.values() if not b.shown), None)

    def known(self, kind: str, key) -> bool:
        """Can the learner see this number (given, or a blank answered or revealed)?"""
        blank = self.blanks.get((kind, key))
        return blank is None or blank.shown

    @property
    def score(self) -> Score:
        score = Score(total=len(self.blanks))
        for blank in self.blanks.values():
            if blank.status == REVEALED:
                score.revealed += 1
            elif blank.status == RIGHT and blank.wrong:
                score.with_hints += 1
            elif blank.status == RIGHT:
                score.first_try += 1
        return score

    # ----------------------------------------------------------------- answers

    def answer(self, kind: str, key, value: float) -> Check:
        """Check ``value`` for the blank (kind, key): right reveals it, wrong gives a hint."""
        blank = self.blanks[(kind, key)]
        if blank.shown:
            return Check(agrees(value, blank.answer))
        if agrees(value, blank.answer):
            blank.status = RIGHT
            return Check(True)
        blank.wrong += 1
        return Check(False, self.hints.hint(blank, value))

    def reveal(self, kind: str, key) -> None:
        blank = self.blanks[(kind, key)]
        if not blank.shown:
            blank.status = REVEALED

    def reveal_all(self) -> None:
        for blank in self.blanks.values():
            if not blank.shown:
                blank.status = REVEALED

    # ------------------------------------------------------------------- frame

    def frame(self) -> Frame:
        """What the canvas shows: the numbers the learner can see, and the blanks.

        Colours by gradient would give gradients away, so they come only once every
        gradient is known; an edge's local derivative shows once the numbers it is made
        of are known (∂(y·z)/∂y is z), and what flows back once its gradient is.
        """
        result = self.result
        values = {n: v for n, v in result.values.items() if self.known(VALUE, n)}
        grads = {n: g for n, g in result.grads.items() if self.known(GRAD, n)}
        edges = {}
        for key, (local, flowing) in self.flows.items():
            source, target, _ = key
            if self._local_known(key):
                edges[key] = (local, flowing if self.known(GRAD, target) else None)
        blanks: dict[str, tuple] = {}
        for blank in self.blanks.values():
            if blank.kind != LOCAL:
                blanks[blank.key] = (*blanks.get(blank.key, ()), (blank.kind, blank.status))
        colours = bool(self.flows) and all(self.known(GRAD, n) for n in result.grads)
        final = result.grads if colours else dict.fromkeys(result.grads)
        frame = Frame(values, grads, edges, final, colours, result.issues, blanks)
        if self.focus is not None:
            kind, key = self.focus
            if kind == LOCAL:
                frame.edge_lit = key
            else:
                frame.nodes_lit = (key,)
        return frame

    def _local_known(self, key: EdgeKey) -> bool:
        if self.hide == LOCALS:
            return self.known(LOCAL, key)
        target = key[1]
        operands = self.result.plan.operands[target]
        return all(self.known(VALUE, n) for n in (*operands, target))
