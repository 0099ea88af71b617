"""Gradient flow by depth: |d output / d node| against the node's distance from the output.

A chain of sigmoids shows its vanishing gradient as a line falling by decades from
the output back to the inputs; an exploding chain shows it rising.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .engine import Plan, Result


@dataclass(frozen=True)
class FlowPoint:
    node: str
    depth: int  # edges on the shortest path from the node to the output
    magnitude: float  # |d output / d node|


def depths(plan: Plan) -> dict[str, int]:
    """Each node on a path to the output: its shortest distance (in edges) to it."""
    if plan.output is None:
        return {}
    found = {plan.output: 0}
    for target in plan.backward_order:  # every consumer comes before its operands
        if target not in found:
            continue
        for source in plan.operands[target]:
            depth = found[target] + 1
            if depth < found.get(source, depth + 1):
                found[source] = depth
    return found


def flow_points(result: Result) -> list[FlowPoint]:
    """One point per node with a gradient, by depth (nodes off the output's path have none)."""
    grads = result.grads
    return [
        FlowPoint(node, depth, abs(float(grads[node])))
        for node, depth in depths(result.plan).items()
        if grads[node] is not None
    ]


def shown_on_log_scale(points: list[FlowPoint]) -> tuple[list[FlowPoint], int]:
    """The points a log scale can show (finite, above 0), and how many it cannot."""
    shown = [p for p in points if p.magnitude > 0 and math.isfinite(p.magnitude)]
    return shown, len(points) - len(shown)
