"""Forward mode: one pass carrying dual numbers (value, tangent) from one input.

The tangent of a node y is ẏ = dy/dx for the chosen input (or constant) x, seeded with
ẋ = 1. Each op adds up, over its operands, its local derivative times the operand's
tangent: ż = Σ ∂z/∂y·ẏ, with the backward pass's own local derivatives
(:func:`trace.edge_terms`).

Structural zeros follow the backward pass, so that d output / dx from the tangents is
its gradient of x, the same sum over the same paths, equal to rounding where finite:
the two passes multiply and add the same terms in another order (a chain's product
from the input up, not from the output down), which may differ in the last bits, and
where an overflow or a kink's 0 meets an infinite local derivative, one order may
reach ±∞ where the other meets 0·∞ or ∞ − ∞ = NaN (log(x + |x|) at 0: forward
(1 + 0)·∞ = ∞, reverse ∞ + ∞·0 = NaN).

Backward, a masked partial gives its path exactly 0 whatever the gradient above it,
and that 0 then meets the locals below it (0·∞ = NaN there, as in PyTorch). Forward,
the tangent reaching a masked partial is multiplied by 0 (IEEE) and the result is
*settled*: it travels on to the output unchanged, whatever locals it meets (those lie
above the mask).

The values come from a :class:`~backprop_gui.core.engine.Result` of the cached plan,
so forward mode costs no compiling; a batch result gives tangents over its samples.
Nodes that do not depend on x, and nodes without a value, have no tangent (None).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine import Result
from .graph import GraphError
from .trace import EdgeKey, edge_terms


@dataclass(frozen=True)
class TangentTerm:
    """One operand's part in an op's tangent: ∂target/∂source · ṡource."""

    source: str
    port: int
    local: float  # ∂target/∂source
    tangent: float  # the source's tangent
    contribution: float  # local · tangent (at and after a structural zero, see above)


@dataclass(frozen=True)
class TangentStep:
    """An op's tangent, from the terms of those operands that depend on x."""

    node: str
    terms: tuple[TangentTerm, ...]
    tangent: float


@dataclass
class ForwardMode:
    """The tangents of one forward-mode pass with respect to ``wrt``."""

    wrt: str
    tangents: dict  # node id -> dnode/dwrt, None where it does not depend on wrt
    steps: list[TangentStep]  # the ops that depend on wrt, in the plan's order
    edges: dict[EdgeKey, tuple]  # edge -> (local derivative, local · tangent), edges on x's paths


def forward_mode(result: Result, wrt: str) -> ForwardMode:
    """The tangents of every node of ``result`` with respect to the leaf ``wrt``."""
    plan = result.plan
    if wrt not in plan.index:
        raise GraphError(f"there is no node {wrt!r}")
    if wrt in plan.ops or wrt in plan.incomplete:
        raise GraphError(f"{wrt!r} is an op node; forward mode starts at an input or constant")
    term_of, both = (_term, _both) if result.shape is None else (_array_term, np.logical_and)
    tangents = dict.fromkeys(plan.order)
    tangents[wrt] = 1.0
    settled = {wrt: False}  # where a tangent has passed a masked partial (see the docstring)
    steps, edges = [], {}
    for target, operands in plan.operands.items():
        if all(tangents[o] is None for o in operands):
            continue
        terms, all_settled = [], True
        for port, source, local, zero in edge_terms(plan, target, result):
            tangent = tangents[source]
            if tangent is None:
                continue
            contribution, passed = term_of(tangent, local, zero, settled[source])
            all_settled = both(all_settled, passed)
            terms.append(TangentTerm(source, port, local, tangent, contribution))
            edges[(source, target, port)] = (local, contribution)
        total = terms[0].contribution
        for term in terms[1:]:
            total = total + term.contribution
        tangents[target], settled[target] = total, all_settled
        steps.append(TangentStep(target, tuple(terms), total))
    if result.shape is not None:
        tangents = {
            n: None if t is None else np.broadcast_to(t, result.shape) for n, t in tangents.items()
        }
    return ForwardMode(wrt, tangents, steps, edges)


def _term(tangent: float, local: float, zero: bool, settled: bool) -> tuple[float, bool]:
    """(what an edge passes on, whether it is settled), for one sample."""
    if settled:
        return tangent, True
    if zero:
        return 0.0 * tangent, True
    return local * tangent, False


def _both(a: bool, b: bool) -> bool:
    return a and b


def _array_term(tangent, local, zero, settled):
    """:func:`_term` elementwise, for a batch."""
    with np.errstate(all="ignore"):
        passed = np.where(zero, 0.0 * tangent, local * tangent)
        return np.where(settled, tangent, passed), np.logical_or(settled, zero)
