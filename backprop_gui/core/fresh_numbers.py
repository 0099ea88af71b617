"""New numbers for an exercise: fresh input values that keep the graph well-behaved.

The same graph becomes a new exercise when its inputs get other values. A draw is
kept only if every value and gradient is finite, no op leaves its domain, and no op
with a kink (relu, |x|, max, min, √, a power of 0) sits within ``KINK_MARGIN`` of it,
where the answer would hang on a convention rather than on the chain rule. Draws are
seeded, so the same seed gives the same numbers.
"""

from __future__ import annotations

import math
import random

from .engine import Result, compile
from .graph import Graph

VALUE_RANGE = 3.0  # inputs are drawn from [-3, 3] ...
VALUE_STEP = 0.1  # ... in steps of 0.1, never 0
KINK_MARGIN = 0.05  # an op's operands this close to a kink make the draw fail
ATTEMPTS = 500


def fresh_values(graph: Graph, seed, output: str | None = None) -> dict[str, float] | None:
    """Input id -> a new value, drawn with ``seed``; None if no draw in ATTEMPTS works.

    Constants keep their values. Raises GraphError as :func:`compile` does.
    """
    plan = compile(graph, output)
    inputs = [node.id for node in graph.nodes() if node.kind == "input"]
    rng = random.Random(str(seed))
    steps = round(VALUE_RANGE / VALUE_STEP)
    for _ in range(ATTEMPTS):
        values = {}
        for node_id in inputs:
            k = rng.randint(1, steps) * rng.choice((-1, 1))
            values[node_id] = round(k * VALUE_STEP, 10)
        result = plan.run(values)
        if well_behaved(result):
            return values
    return None


def well_behaved(result: Result) -> bool:
    """Every number finite, every op inside its domain and away from its kinks."""
    numbers = [*result.values.values(), *result.grads.values()]
    if any(v is not None and not math.isfinite(v) for v in numbers):
        return False
    plan = result.plan
    for node_id, op in plan.ops.items():
        operands = [result.values[o] for o in plan.operands[node_id]]
        if op.domain is not None and op.domain(*operands):
            return False
        if op.kink is not None and _near_kink(op, operands):
            return False
    return True


def _near_kink(op, operands: list[float]) -> bool:
    """Does the op's piece change when an operand moves by KINK_MARGIN either way?

    A piece is told by the op's structural zeros, the signs of its partials and
    whether it is in its domain: relu, |x| and max/min change piece at their kinks.
    """
    pieces = set()
    for port in range(len(operands)):
        for shift in (-KINK_MARGIN, 0.0, KINK_MARGIN):
            moved = list(operands)
            moved[port] += shift
            pieces.add(_piece(op, moved))
    return len(pieces) > 1 or op.kink(*operands) is not None


def _piece(op, operands: list[float]) -> tuple:
    if op.domain is not None and op.domain(*operands):
        return ("outside",)
    out = op.safe_scalar(*operands)
    zeros = tuple(bool(z) for z in op.zero_where(*operands, out)) if op.zero_where else ()
    signs = tuple(math.copysign(1, d) if d else 0 for d in op.safe_partials(*operands, out))
    return zeros, signs
