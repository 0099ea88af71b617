"""The passes edge by edge: local derivatives, what flows back, and the step-through trace.

The engine's loops only add gradients up; these functions spell out each edge's part
in them, for the step-through, the edge labels and the diagnosis. Contributions obey
the ops' structural zeros exactly as the engine does, so a trace's running totals end
at the engine's gradients.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

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


class EdgeTerm(NamedTuple):
    """One operand's part in an op's local derivatives (arrays for a batch)."""

    port: int
    source: str
    local: float  # ∂target/∂source
    structural_zero: bool  # the partial is zero by the op's definition


def _flowing(upstream: float, local: float, zero: bool) -> float:
    """upstream · local, but exactly 0 at a structural zero whatever the upstream."""
    return 0.0 if zero else upstream * local


def _array_flowing(upstream, local, zero):
    with np.errstate(all="ignore"):
        return np.where(zero, 0.0, upstream * local)


def flowing_function(result: Result):
    """:func:`_flowing` for one sample, its elementwise twin for a batch."""
    return _flowing if result.shape is None else _array_flowing


def edge_terms(plan: Plan, target: str, result: Result) -> list[EdgeTerm]:
    """The local derivative of the op ``target`` for each of its operands, by port."""
    values, op, operands = result.values, plan.ops[target], plan.operands[target]
    args = [values[o] for o in operands]
    args.append(values[target])
    if result.shape is None:
        locals_ = op.safe_partials(*args)
        zeros = op.zero_where(*args) if op.zero_where is not None else _NO_ZEROS
    else:
        with np.errstate(all="ignore"):
            locals_ = [np.broadcast_to(d, result.shape) for d in op.array_partials(*args)]
            zeros = op.zero_where(*args) if op.zero_where is not None else _NO_ZEROS
    return [
        EdgeTerm(port, source, local, zero)
        for port, (source, local, zero) in enumerate(zip(operands, locals_, zeros))
    ]


_NO_ZEROS = (False, False)


def edge_flows(plan: Plan, result: Result) -> dict[EdgeKey, tuple[float, float | None]]:
    """For every edge into a complete op: (local derivative, what flows back along it).

    What flows back is the target's gradient times the local derivative (None where
    the target has no gradient): the edge's term in its source's chain-rule sum.
    """
    flows, grads, times = {}, result.grads, flowing_function(result)
    for target in plan.ops:
        upstream = grads[target]
        for port, source, local, zero in edge_terms(plan, target, result):
            flowing = None if upstream is None else times(upstream, local, zero)
            flows[(source, target, port)] = (local, flowing)
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
    times = flowing_function(result)
    for target in plan.backward_order if differentiated else ():
        upstream = grads[target]
        for port, source, local, zero in edge_terms(plan, target, result):
            contribution = times(upstream, local, zero)
            totals[source] = totals.get(source, 0.0) + contribution
            terms[source] = terms.get(source, 0) + 1
            backward.append(
                BackwardStep(source, target, port, upstream, local,
                             contribution, totals[source], terms[source])
            )  # fmt: skip
    return forward, backward
