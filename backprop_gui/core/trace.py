"""The passes edge by edge: local derivatives, what flows back, and the step-through trace.

The engine's loops only add gradients up; these functions spell out each edge's part
in them, for the step-through, the edge labels and the diagnosis. Contributions obey
the ops' structural zeros exactly as the engine does, so a trace's running totals end
at the engine's gradients.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .ops import Op

if TYPE_CHECKING:
    from .engine import Plan, Result

EdgeKey = tuple[str, str, int]  # (source, target, port)


@dataclass(frozen=True)
class ForwardStep:
    node: str
    op: str
    operands: tuple[tuple[str, float], ...]  # (operand id, its value), by port
    value: float


@dataclass(frozen=True)
class BackwardStep:
    source: str  # the operand, whose gradient grows
    target: str  # the op that used it
    port: int
    upstream: float  # doutput/dtarget
    local: float  # ∂target/∂source
    contribution: float  # upstream · local, or exactly 0 at a structural zero
    total: float  # doutput/dsource after adding this contribution
    term: int  # 1 for the first contribution to source, 2 for the second, ...


@dataclass(frozen=True)
class EdgeTerm:
    """One operand's part in an op's local derivatives."""

    port: int
    source: str
    local: float  # ∂target/∂source (an array for a batch)
    structural_zero: bool  # the partial is zero by the op's definition (an array for a batch)

    def times(self, upstream):
        """upstream · local, but exactly 0 at a structural zero whatever the upstream."""
        if np.ndim(self.local) or np.ndim(upstream):
            with np.errstate(all="ignore"):
                return np.where(self.structural_zero, 0.0, upstream * self.local)
        return 0.0 if self.structural_zero else upstream * self.local


def edge_terms(plan: Plan, target: str, result: Result) -> list[EdgeTerm]:
    """The local derivative of the op ``target`` for each of its operands, by port."""
    values, op, operands = result.values, plan.ops[target], plan.operands[target]
    args = [values[o] for o in operands] + [values[target]]
    if result.shape is None:
        locals_ = [float(d) for d in op.safe_partials(*args)]
        zeros = [bool(z) for z in _zeros(op, args)]
    else:
        with np.errstate(all="ignore"):
            locals_ = [np.broadcast_to(d, result.shape) for d in op.array_partials(*args)]
            zeros = _zeros(op, args)
    return [
        EdgeTerm(port, source, local, zero)
        for port, (source, local, zero) in enumerate(zip(operands, locals_, zeros))
    ]


def edge_flows(plan: Plan, result: Result) -> dict[EdgeKey, tuple[float, float | None]]:
    """For every edge into a complete op: (local derivative, what flows back along it).

    What flows back is the target's gradient times the local derivative (None where
    the target has no gradient): the edge's term in its source's chain-rule sum.
    """
    flows = {}
    for target in plan.ops:
        upstream = result.grads[target]
        for term in edge_terms(plan, target, result):
            flowing = None if upstream is None else term.times(upstream)
            flows[(term.source, target, term.port)] = (term.local, flowing)
    return flows


def trace(plan: Plan, result: Result) -> tuple[list[ForwardStep], list[BackwardStep]]:
    """The steps of ``result``'s passes, one by one, for the step-through view.

    Backward steps come in the engine's own order, so each running total ends
    exactly at the engine's gradient.
    """
    values, grads = result.values, result.grads
    forward = [
        ForwardStep(n, op.name, tuple((o, values[o]) for o in plan.operands[n]), values[n])
        for n, op in plan.ops.items()
    ]
    backward: list[BackwardStep] = []
    totals: dict[str, float] = {}
    terms: dict[str, int] = {}
    differentiated = plan.output is not None and grads[plan.output] is not None
    for target in plan.backward_order if differentiated else ():
        upstream = grads[target]
        for term in edge_terms(plan, target, result):
            source, contribution = term.source, term.times(upstream)
            totals[source] = totals.get(source, 0.0) + contribution
            terms[source] = terms.get(source, 0) + 1
            backward.append(
                BackwardStep(source, target, term.port, upstream, term.local,
                             contribution, totals[source], terms[source])
            )  # fmt: skip
    return forward, backward


def _zeros(op: Op, args: list) -> tuple:
    if op.zero_where is None:
        return (False,) * op.arity
    return op.zero_where(*args)
