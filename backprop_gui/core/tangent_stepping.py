"""Forward mode on the canvas: its frame, and its step-through with dual numbers.

:func:`tangent_frame` shows a forward-mode result: every card's tangent ẏ = dy/dx where
the reverse mode shows the gradient, and on every edge the local derivative times the
tangent flowing forward along it. A :class:`TangentSession` walks the forward pass node
by node carrying (value, tangent): first the seed ẋ = 1, then each op's value and its
tangent ``ż = ∂z/∂y·ẏ = 0.54·1 = 0.54``. It offers the step panel what
:class:`~backprop_gui.core.stepping.StepSession` does.
"""

from __future__ import annotations

from .chainrule import Names, forward_text, op_text, tangent_seed_text, tangent_text
from .engine import Result
from .forward_mode import ForwardMode
from .graph import Graph
from .naming import node_name
from .stepping import Frame, StepCursor
from .trace import ForwardStep


def tangent_frame(result: Result, mode: ForwardMode, tangent_of: str) -> Frame:
    """The whole forward-mode result; ``tangent_of`` names x on the cards (d/dx)."""
    return Frame(
        values=result.values,
        grads=mode.tangents,
        edges=mode.edges,
        final_grads=mode.tangents,
        gradients=True,
        issues=result.issues,
        tangent_of=tangent_of,
    )


class TangentSession(StepCursor):
    """The forward pass of one result with its tangents, one node at a time."""

    def __init__(self, graph: Graph, result: Result, mode: ForwardMode):
        self.graph = graph
        self.result = result
        self.mode = mode
        self.forward = result.plan.trace(result)[0]
        self.tangent_steps = {step.node: step for step in mode.steps}
        self.steps = [None, *self.forward]  # None: the seed ẋ = 1
        self.position = -1
        self.refresh_names()

    def refresh_names(self) -> None:
        self.names = Names(self.graph)
        self.full = tangent_frame(self.result, self.mode, node_name(self.graph, self.mode.wrt))
        self._texts: dict[int, tuple[str, str]] = {}

    def frame(self) -> Frame:
        """Values and tangents of the nodes passed so far, and the edges into them."""
        result, done = self.result, self.forward[: max(self.position, 0)]
        computed = {step.node for step in done}
        values = {n: v for n, v in result.values.items() if n not in result.plan.ops}
        values.update({n: result.values[n] for n in computed})
        tangents, edges = {}, {}
        if self.position >= 0:
            tangents[self.mode.wrt] = 1.0
        for node in computed:
            step = self.tangent_steps.get(node)
            if step is not None:
                tangents[node] = step.tangent
                for term in step.terms:
                    edges[(term.source, node, term.port)] = (term.local, term.contribution)
        frame = Frame(
            values, tangents, edges, self.full.final_grads, True, self.full.issues,
            tangent_of=self.full.tangent_of,
        )  # fmt: skip
        if self.position >= 0:
            frame.nodes_lit = (done[-1].node if done else self.mode.wrt,)
        return frame

    def heading(self) -> str:
        if self.position < 0:
            return f"{len(self.steps)} steps: press Step to begin"
        where = f"step {self.position + 1} of {len(self.steps)}"
        if self.position == 0:
            return f"Forward mode · {where} · start at the input"
        return f"Forward mode · {where}"

    def _make_texts(self, step: ForwardStep | None) -> tuple[str, str]:
        """(the tangent, the value) of an op's step; the seed's texts for None."""
        names, wrt = self.names, self.mode.wrt
        if step is None:
            return tangent_seed_text(wrt, names), "forward mode starts at the input: ẋ = 1"
        value = forward_text(step, names)
        tangent = self.tangent_steps.get(step.node)
        if tangent is None:
            op = self.result.plan.ops[step.node]
            independent = f"it does not depend on {names.term(wrt).html}"
            return value, f"{op_text(op.name, op.ports)}; {independent}"
        return tangent_text(tangent, wrt, names), value
