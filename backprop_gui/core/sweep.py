"""A sweep: one input over a range, every other leaf at its value, in one batch pass.

The engine's batch mode evaluates the plan once over all the points; the backward
pass from the node on the y axis gives dy/dx at every point (a node that does not
depend on x has dy/dx = 0). Each point equals ``eval --set x=...`` at that x to
rounding where finite: the batch runs numpy's array forms of the ops, the one-sample
pass their scalar forms, which may differ in the last bits (the ULP tolerance in
core/engine.py).

For drawing, :attr:`Sweep.value_breaks` and ``slope_breaks`` mark the segments
between neighbouring points that should not be joined: where a value is not finite;
where an operand of an op with a ``domain`` record crosses 0 between them and the op
is not defined at 0 there (a division's denominator changes sign: a pole, whose two
sides joined would be a spike from −50 to +100); and, for the derivative, where it
jumps because an op with a kink (the op records' ``kink``) changed piece between them
(a relu's input crossed 0, a max's operands changed places): drawn joined, such a
segment would be a spike or a ramp the function does not have.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .engine import compile
from .graph import Graph, GraphError
from .trace import edge_terms

POINTS = 201
MAX_POINTS = 1_000_000  # more would not fit in memory on a large graph
HALF_WIDTH = 3.0  # the default range: the input's value ± this,
RELATIVE_HALF_WIDTH = 1e-9  # or ± this times |value| where that is wider (|value| > 3e9)
JUMP = 10.0  # a partial that changes this many times more than nearby has jumped


@dataclass(frozen=True)
class Sweep:
    x_id: str
    y_id: str
    at: float  # the input's current value
    x: np.ndarray
    y: np.ndarray
    dy_dx: np.ndarray
    value_breaks: np.ndarray  # per segment (len(x) − 1): do not join y here
    slope_breaks: np.ndarray  # per segment: do not join dy/dx here (kinks too)
    y_at: float  # y and dy/dx at the input's current value
    slope_at: float


def default_range(value: float) -> tuple[float, float]:
    """value ± 3, widened for a large value so that its points stay apart in float64."""
    half = max(HALF_WIDTH, RELATIVE_HALF_WIDTH * abs(value))
    return value - half, value + half


def sweep(
    graph: Graph,
    x_id: str,
    y_id: str | None = None,
    *,
    lower: float | None = None,
    upper: float | None = None,
    points: int = POINTS,
    values: dict | None = None,
) -> Sweep:
    """y (default: the output) and dy/dx over ``points`` values of the leaf ``x_id``."""
    if x_id not in graph:
        raise GraphError(f"there is no node {x_id!r}")
    if graph.node(x_id).kind == "op":
        raise GraphError(f"{x_id!r} is an op node; the x axis takes an input or constant")
    if not 2 <= points <= MAX_POINTS:
        raise GraphError(f"a plot takes from 2 to {MAX_POINTS} points, not {points}")
    plan = compile(graph, y_id)
    here = plan.run(values)
    at = here.values[x_id]
    default_lower, default_upper = default_range(at)
    lower = default_lower if lower is None else lower
    upper = default_upper if upper is None else upper
    xs = _points(lower, upper, points)
    y_id = plan.output
    if here.values[y_id] is None:
        raise GraphError(f"{y_id!r} has no value yet: connect every port above it")
    batch = plan.run({**(values or {}), x_id: xs})
    ys = np.array(batch.values[y_id], dtype=float)
    slopes = _slope(batch.grads[x_id], xs.shape)
    value_breaks = ~(np.isfinite(ys[:-1]) & np.isfinite(ys[1:])) | _domain_crossings(plan, batch)
    slope_breaks = value_breaks | _kink_crossings(plan, batch)
    slope_breaks |= ~(np.isfinite(slopes[:-1]) & np.isfinite(slopes[1:]))
    return Sweep(
        x_id, y_id, at, xs, ys, slopes, value_breaks, slope_breaks,
        float(here.values[y_id]), float(_slope(here.grads[x_id], ())),
    )  # fmt: skip


def _points(lower: float, upper: float, points: int) -> np.ndarray:
    """``points`` values from ``lower`` to ``upper``; refused unless float64 holds the
    range's width and tells every point from its neighbours."""
    if not lower < upper:
        raise GraphError(f"the range must go upwards: {lower:g} to {upper:g}")
    if not math.isfinite(upper - lower):
        raise GraphError(f"the range {lower:g} to {upper:g} is wider than a float can hold")
    xs = np.linspace(lower, upper, points)
    if not np.all(np.diff(xs) > 0):
        raise GraphError(
            f"the range {lower:g} to {upper:g} is too narrow for {points} distinct points "
            "at that magnitude: widen it or take fewer points"
        )
    return xs


def _slope(grad, shape) -> np.ndarray:
    """dy/dx as floats; 0 where y does not depend on x (the backward pass gave None)."""
    return np.zeros(shape) if grad is None else np.array(grad, dtype=float)


def _kink_crossings(plan, batch) -> np.ndarray:
    """Per segment: did an op with a kink, on the way to y, jump in a partial there?"""
    crossings = np.zeros(len(batch.values[plan.output]) - 1, dtype=bool)
    for target in plan.backward_order:
        if plan.ops[target].kink is None:
            continue
        for term in edge_terms(plan, target, batch):
            crossings |= _jumps(np.asarray(term.local, dtype=float))
    return crossings


def _domain_crossings(plan, batch) -> np.ndarray:
    """Per segment: did an operand of an op on the way to y cross 0 where the op is not
    defined (its ``domain`` record at that operand = 0: a division's pole)?"""
    count = len(batch.values[plan.output])
    crossings = np.zeros(count - 1, dtype=bool)
    for target in plan.backward_order:
        domain = plan.ops[target].domain
        if domain is None:
            continue
        operands = [
            np.broadcast_to(np.asarray(batch.values[o], dtype=float), (count,))
            for o in plan.operands[target]
        ]
        for port, series in enumerate(operands):
            with np.errstate(invalid="ignore"):
                flips = np.flatnonzero(np.sign(series[:-1]) * np.sign(series[1:]) < 0)
            for segment in flips:
                at_zero = [0.0 if p == port else float(o[segment]) for p, o in enumerate(operands)]
                crossings[segment] |= domain(*at_zero) is not None
    return crossings


def _jumps(series: np.ndarray) -> np.ndarray:
    """Per segment: the step is far larger than the steps two segments away on either side.

    Two away, not next door, so that a kink hit exactly by a point (abs' going −1, 0,
    1: two equal steps) still counts as a jump.
    """
    with np.errstate(all="ignore"):
        steps = np.abs(np.diff(series))
        padded = np.concatenate(([0.0, 0.0], steps, [0.0, 0.0]))
        nearby = np.maximum(padded[:-4], padded[4:])
        return (steps > 0) & (steps > JUMP * nearby)
