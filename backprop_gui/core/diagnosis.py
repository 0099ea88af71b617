"""Why a value or a gradient is NaN or ±inf, in words a student reads."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from .numbers import format_number
from .ops import OPS
from .trace import edge_terms

if TYPE_CHECKING:
    from .engine import Plan, Result


def explain_non_finite(op: str, args: list, value) -> str:
    """E.g. "log of a negative number: log(−2)" for ``explain_non_finite("log", [-2], nan)``.

    ``args`` and ``value`` are floats, or arrays for a batch (then the first offending
    sample is described).
    """
    args, value = _first_bad_sample(args, value)
    domain = OPS[op].domain
    reason = domain(*args) if domain is not None else None
    if reason is not None:
        return reason
    call = f"{op}({', '.join(format_number(a) for a in args)})"
    if np.isinf(value):
        return f"overflow: {call} is too large for a float"
    return f"{call} is not a number"


def _first_bad_sample(args: list, value):
    """The scalars of the first sample whose value is not finite."""
    if np.ndim(value) == 0:
        return [float(a) for a in args], float(value)
    bad = _first_non_finite(value)
    samples = [float(np.broadcast_to(a, np.shape(value)).flat[bad]) for a in args]
    return samples, float(np.asarray(value).flat[bad])


def is_finite(value) -> bool:
    """True for a finite float, or an array whose every element is finite."""
    if isinstance(value, float):
        return math.isfinite(value)
    return bool(np.all(np.isfinite(value)))


def diagnose(plan: Plan, result: Result) -> dict[str, str]:
    """What produced each non-finite value or gradient of ``result`` (its ``issues``)."""
    origin: dict[str, str] = {}  # node -> the node where its non-finite value arose
    issues: dict[str, str] = {}
    for node_id in plan.order:
        value = result.values[node_id]
        if value is None or is_finite(value):
            continue
        upstream = [origin[o] for o in plan.operands.get(node_id, ()) if o in origin]
        origin[node_id] = upstream[0] if upstream else node_id
        if upstream:
            issues[node_id] = f"propagated from {upstream[0]!r}: {issues[upstream[0]]}"
        elif node_id in plan.ops:
            args = [result.values[o] for o in plan.operands[node_id]]
            issues[node_id] = explain_non_finite(plan.ops[node_id].name, args, value)
        else:
            issues[node_id] = "the value given is not a finite number"
    users = _users(plan)
    for node_id in plan.order:
        grad = result.grads[node_id]
        if node_id not in issues and grad is not None and not is_finite(grad):
            issues[node_id] = _explain_gradient(plan, node_id, users[node_id], result)
    return issues


def _explain_gradient(plan: Plan, node_id: str, users: list[str], result: Result) -> str:
    for target in users:
        upstream = result.grads[target]
        if upstream is None:
            continue
        if not is_finite(upstream):
            return f"gradient propagated from {target!r}, whose gradient is not finite"
        for term in edge_terms(plan, target, result):
            if term.source == node_id and not is_finite(term.local):
                return f"the local derivative ∂{target}/∂{node_id} is {_shown(term.local)}"
    return "the gradient overflowed while summing its contributions"


def _users(plan: Plan) -> dict[str, list[str]]:
    """For each node, the complete ops it feeds (an op using it twice is listed twice)."""
    users: dict[str, list] = {node_id: [] for node_id in plan.order}
    for target, operands in plan.operands.items():
        for source in operands:
            users[source].append(target)
    return users


def _shown(value) -> str:
    """A number, or the first non-finite sample of an array, as a person reads it."""
    if np.ndim(value):
        value = np.asarray(value).flat[_first_non_finite(value)]
    return format_number(value)


def _first_non_finite(values) -> int:
    """The flat index of the first sample of ``values`` that is NaN or ±inf."""
    return int(np.flatnonzero(~np.isfinite(values))[0])
