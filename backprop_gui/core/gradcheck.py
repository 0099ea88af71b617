"""The gradient check: the engine's derivatives against central differences.

Per input and constant with a path to the output, the backward pass's gradient is
compared with a central difference of the output, (f(v+h) − f(v−h)) / 2h with
h = H·max(1, |v|); per edge into an op, the op's local derivative with a central
difference of that op alone. The relative error is |g − n| / max(1e-8, |g|, |n|); a
check is ok when the error is at most 1e-5, or when a kink decided the number: an op
on the way sits exactly where it is not differentiable (the op records' ``kink``) and
the convention chose the gradient, which no difference quotient can confirm.

All the differences for the leaves come from one forward pass over a batch of
samples (two per leaf), so checking 50 inputs costs one pass, not a hundred. The
differences are taken in numpy's extended precision (``longdouble``, 64 significant
bits on x86): in float64 the rounding of f alone, ε·|f|/h, exceeds the tolerance
wherever the gradient is small beside the value (a vanishing gradient, 3e-7 at a
value 0.6); where ``longdouble`` is plain float64 the check is as good as float64.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .engine import Plan, Result, compile
from .graph import Graph, GraphError
from .trace import EdgeKey, edge_terms

EPS = 1e-6  # H: the step is H·max(1, |value|)
TOLERANCE = 1e-5  # the largest relative error that passes
EXTENDED = np.longdouble  # the precision the differences are taken in


@dataclass(frozen=True)
class Check:
    """One derivative checked: the engine's, the numeric one, and their relative error."""

    analytic: float
    numeric: float
    error: float
    kinks: tuple[str, ...]  # why a kink decided the analytic number ("relu at 0: ...")

    @property
    def kink(self) -> bool:
        return bool(self.kinks)

    @property
    def ok(self) -> bool:
        return self.error <= TOLERANCE or self.kink


@dataclass(frozen=True)
class GradientCheck:
    output: str
    leaves: dict[str, Check]  # input or constant id -> d output / d leaf checked
    edges: dict[EdgeKey, Check]  # edge -> ∂target/∂source checked

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.leaves.values())


def relative_error(analytic: float, numeric: float) -> float:
    """|g − n| / max(1e-8, |g|, |n|); 0 where both are the same number (∞ included) or
    both are NaN: the engine and the difference quotient agree that there is no number
    (the exponent of x**2 at x < 0, whose partial is x²·log x)."""
    if analytic == numeric or (math.isnan(analytic) and math.isnan(numeric)):
        return 0.0
    return abs(analytic - numeric) / max(1e-8, abs(analytic), abs(numeric))


def step_size(value: float, eps: float = EPS) -> float:
    return eps * max(1.0, abs(value))


def check_gradients(
    graph: Graph, output: str | None = None, values: dict | None = None, eps: float = EPS
) -> GradientCheck:
    """Check every gradient and every local derivative of ``graph`` at ``values``."""
    plan = compile(graph, output)
    result = plan.run(values)
    if result.grads[plan.output] is None:
        raise GraphError("the output has no value yet: connect every port above it")
    all_leaves = [n for n in plan.order if n not in plan.ops and n not in plan.incomplete]
    leaves = [n for n in all_leaves if result.grads[n] is not None]
    numeric = _leaf_differences(plan, result, all_leaves, leaves, eps)
    kinks = kinks_below(plan, result)
    checks = {
        leaf: _check(float(result.grads[leaf]), numeric[leaf], kinks.get(leaf, ()))
        for leaf in leaves
    }
    return GradientCheck(plan.output, checks, _edge_checks(plan, result, eps))


def _check(analytic: float, numeric: float, kinks: tuple[str, ...]) -> Check:
    return Check(analytic, numeric, relative_error(analytic, numeric), kinks)


def _leaf_differences(
    plan: Plan, result: Result, all_leaves: list[str], leaves: list[str], eps: float
) -> dict:
    """d output / d leaf by central differences, from one batch of 2 samples per leaf."""
    count = len(leaves)
    values = {n: EXTENDED(result.values[n]) for n in all_leaves}
    steps = {}
    for k, leaf in enumerate(leaves):
        h = step_size(result.values[leaf], eps)
        column = np.full(2 * count, values[leaf])
        column[2 * k] += h
        column[2 * k + 1] -= h
        values[leaf] = column
        steps[leaf] = column[2 * k] - column[2 * k + 1]  # 2h as the numbers have it
    with np.errstate(all="ignore"):
        outputs = _extended_forward(plan, values)[plan.output]
        return {
            leaf: float((outputs[2 * k] - outputs[2 * k + 1]) / steps[leaf])
            for k, leaf in enumerate(leaves)
        }


def _extended_forward(plan: Plan, values: dict) -> dict:
    """The forward pass with the ops' numpy forms on ``longdouble`` values."""
    for node, op in plan.ops.items():
        values[node] = op.array(*(values[o] for o in plan.operands[node]))
    return values


def kink_reason(plan: Plan, result: Result, node: str) -> str | None:
    """Why the op ``node`` is not differentiable at its operands' values, else None."""
    op = plan.ops[node]
    if op.kink is None:
        return None
    return op.kink(*(result.values[o] for o in plan.operands[node]))


def kinks_below(plan: Plan, result: Result) -> dict[str, tuple[str, ...]]:
    """For each node on a path to the output: the kinks of the ops on its way there."""
    below: dict[str, tuple[str, ...]] = {}
    for target in plan.backward_order:
        reason = kink_reason(plan, result, target)
        inherited = below.get(target, ())
        if reason is not None and reason not in inherited:
            inherited = (*inherited, reason)
        for source in plan.operands[target]:
            known = below.get(source, ())
            below[source] = known + tuple(r for r in inherited if r not in known)
    return {node: reasons for node, reasons in below.items() if reasons}


def _edge_checks(plan: Plan, result: Result, eps: float) -> dict[EdgeKey, Check]:
    """Each op's local derivatives against central differences of that op alone."""
    checks = {}
    for target in plan.ops:
        operands = [result.values[o] for o in plan.operands[target]]
        reason = kink_reason(plan, result, target)
        kinks = () if reason is None else (reason,)
        for port, source, local, _zero in edge_terms(plan, target, result):
            numeric = op_difference(plan.ops[target], operands, port, eps)
            checks[(source, target, port)] = _check(float(local), numeric, kinks)
    return checks


def op_difference(op, operands: list[float], port: int, eps: float = EPS) -> float:
    """∂op/∂(operand ``port``) by a central difference, the other operands fixed."""
    h = step_size(operands[port], eps)
    up = [EXTENDED(v) for v in operands]
    down = list(up)
    with np.errstate(all="ignore"):
        up[port] += h
        down[port] -= h
        return float((op.array(*up) - op.array(*down)) / (up[port] - down[port]))
