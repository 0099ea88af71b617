"""Forward and backward passes over a compiled plan.

``compile(graph)`` walks networkx's topological order once and turns the graph into
flat step tables of list indices; ``Plan.run`` then only loops over those tables, so
a value edit never pays for a topological sort again. Compiled plans are cached per
graph and structure revision.

The same loop serves three step tables: fast scalar steps (``math`` on floats), safe
scalar steps (each step falls back to numpy's IEEE answer when ``math`` raises, e.g.
for ``log(-2)`` or ``exp(1000)``), and array steps (numpy, for batches of samples).
Non-finite numbers never raise; :attr:`Result.issues` explains where they came from.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from functools import cached_property

import networkx as nx
import numpy as np

from .diagnosis import explain_non_finite
from .graph import Graph, GraphError
from .numbers import format_number
from .ops import Op, get_op

_plans: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def compile(graph: Graph, output: str | None = None, *, backward: bool = True) -> Plan:
    """The plan for ``graph``, reused until its structure changes.

    ``output`` names the node to differentiate; None means the graph's chosen output,
    else its unique sink. With ``backward=False`` no output is needed (forward only).
    """
    output = resolve_output(graph, output) if backward else None
    key = (graph.structure_revision, output)
    cached = _plans.get(graph)
    if cached is not None and cached.key == key:
        return cached
    plan = Plan(graph, output, key)
    _plans[graph] = plan
    return plan


def resolve_output(graph: Graph, output: str | None = None) -> str:
    """The node to differentiate: ``output``, else the graph's chosen one, else the sink."""
    if output is None:
        output = graph.output
    if output is not None:
        if output not in graph:
            raise GraphError(f"there is no node {output!r} to use as output")
        return output
    sinks = graph.sinks()
    if not sinks:
        raise GraphError("the graph is empty: there is no output to differentiate")
    if len(sinks) > 1:
        raise GraphError(
            f"the graph has {len(sinks)} outputs ({', '.join(sinks)}); choose one of them"
        )
    return sinks[0]


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
    upstream: float  # ∂output/∂target
    local: float  # ∂target/∂source
    contribution: float  # upstream · local
    total: float  # ∂output/∂source after adding this contribution
    term: int  # 1 for the first contribution to source, 2 for the second, ...


@dataclass
class Result:
    """Values and gradients by node id; None where a node has none."""

    output: str | None
    order: list[str]
    values: dict
    grads: dict
    plan: Plan

    @cached_property
    def issues(self) -> dict[str, str]:
        """For each node with a NaN or infinite value or gradient, what produced it."""
        return self.plan.diagnose(self)


class Plan:
    """A graph compiled for evaluation: see :func:`compile`."""

    def __init__(self, graph: Graph, output: str | None, key) -> None:
        self.graph = graph
        self.output = output
        self.key = key
        self.order: list[str] = list(nx.topological_sort(graph.nx))
        self.index = {node_id: i for i, node_id in enumerate(self.order)}
        self.operands: dict[str, tuple[str, ...]] = {}
        self.ops: dict[str, Op] = {}
        self.incomplete: set[str] = set()
        self._leaves: list[tuple[int, str, dict]] = []
        self._sort_nodes(graph)
        self._on_path = self._nodes_on_path(graph)
        forward = [self._step(n) for n in self.order if n in self.ops]
        backward = [self._step(n) for n in reversed(self.order) if n in self.ops]
        self._forward = forward
        self._backward = [s for s in backward if s[0] in self._on_path]
        self._no_grads = [0.0 if i in self._on_path else None for i in range(len(self.order))]

    def _sort_nodes(self, graph: Graph) -> None:
        """Split nodes into leaves, complete ops (with their operands) and incomplete ops."""
        for node_id in self.order:
            data = graph.nx.nodes[node_id]
            if data["kind"] != "op":
                self._leaves.append((self.index[node_id], node_id, data))
                continue
            op = get_op(data["op"])
            operands = tuple(graph.operand(node_id, port) for port in range(op.arity))
            if None in operands or any(o in self.incomplete for o in operands):
                self.incomplete.add(node_id)
            else:
                self.ops[node_id] = op
                self.operands[node_id] = operands

    def _nodes_on_path(self, graph: Graph) -> set[int]:
        """Indices of the nodes that get a gradient: the output and its ancestors."""
        if self.output is None or self.output in self.incomplete:
            return set()
        reach = nx.ancestors(graph.nx, self.output) | {self.output}
        return {self.index[n] for n in reach}

    def _step(self, node_id: str) -> tuple[int, Op, int, int]:
        operands = [self.index[o] for o in self.operands[node_id]]
        second = operands[1] if len(operands) == 2 else -1
        return self.index[node_id], self.ops[node_id], operands[0], second

    @cached_property
    def _tables(self) -> dict[str, tuple[list, list]]:
        """(forward, backward) step tables for each mode: fast, safe and array."""

        def table(steps, pick):
            return [(i, pick(op), a, b) for i, op, a, b in steps]

        return {
            "fast": (table(self._forward, _fast), table(self._backward, _fast_partials)),
            "safe": (table(self._forward, _safe), table(self._backward, _safe_partials)),
            "array": (table(self._forward, _array), table(self._backward, _array_partials)),
        }

    def is_current(self) -> bool:
        """False once the graph's structure has changed since compiling."""
        return self.key[0] == self.graph.structure_revision

    # -------------------------------------------------------------------- run

    def run(self, values: dict | None = None, *, gradients: bool = True) -> Result:
        """Forward, then backward from the output (if any and ``gradients``).

        ``values`` overrides input/constant values by id. If any override is a list or
        numpy array, every node is evaluated elementwise over those samples.
        """
        vals = [None] * len(self.order)
        batch = self._load_leaves(vals, values or {})
        if batch:
            with np.errstate(all="ignore"):
                grads = self._passes(vals, "array", gradients)
        else:
            try:
                grads = self._passes(vals, "fast", gradients)
            except (ArithmeticError, ValueError):
                grads = self._passes(vals, "safe", gradients)
        return Result(
            output=self.output,
            order=self.order,
            values=dict(zip(self.order, vals)),
            grads=dict(zip(self.order, grads)),
            plan=self,
        )

    def _load_leaves(self, vals: list, overrides: dict) -> bool:
        for node_id in overrides:
            if node_id not in self.index:
                raise GraphError(f"there is no node {node_id!r}")
        batch = any(isinstance(v, (list, tuple, np.ndarray)) for v in overrides.values())
        for i, node_id, data in self._leaves:
            value = overrides.get(node_id, data["value"])
            vals[i] = np.asarray(value, dtype=float) if batch else float(value)
        for node_id in overrides:
            if self.graph.nx.nodes[node_id]["kind"] == "op":
                raise GraphError(
                    f"{node_id!r} is an op node; only inputs and constants have values"
                )
        return batch

    def _passes(self, vals: list, mode: str, gradients: bool) -> list:
        forward, backward = self._tables[mode]
        _run_forward(vals, forward)
        if not (gradients and self._on_path):
            return [None] * len(vals)
        grads = self._no_grads.copy()
        grads[self.index[self.output]] = 1.0
        _run_backward(vals, grads, backward)
        return grads

    # ------------------------------------------------------------------ trace

    def trace(self, result: Result) -> tuple[list[ForwardStep], list[BackwardStep]]:
        """The steps of ``result``'s passes, one by one, for the step-through view.

        Backward steps come in the engine's own order, so each running total ends
        exactly at the engine's gradient.
        """
        values, grads = result.values, result.grads
        forward = [
            ForwardStep(
                n, self.ops[n].name, tuple((o, values[o]) for o in self.operands[n]), values[n]
            )
            for n in self.order
            if n in self.ops
        ]
        backward: list[BackwardStep] = []
        totals: dict[str, float] = {}
        terms: dict[str, int] = {}
        for i, _, _, _ in self._backward:
            target = self.order[i]
            for port, source, local in self._edge_locals(target, values):
                contribution = grads[target] * local
                totals[source] = totals.get(source, 0.0) + contribution
                terms[source] = terms.get(source, 0) + 1
                backward.append(
                    BackwardStep(source, target, port, grads[target], local,
                                 contribution, totals[source], terms[source])
                )  # fmt: skip
        return forward, backward

    def local_derivatives(self, result: Result) -> dict[tuple[str, str, int], float]:
        """∂target/∂source for every edge into a complete op, keyed (source, target, port)."""
        return {
            (source, target, port): local
            for target in self.ops
            for port, source, local in self._edge_locals(target, result.values)
        }

    def _edge_locals(self, target: str, values: dict) -> list[tuple[int, str, float]]:
        """(port, operand, ∂target/∂operand) for each operand of the op ``target``."""
        operands = self.operands[target]
        args = [values[o] for o in operands]
        locals_ = _safe_partials(self.ops[target])(*args, values[target])
        return [(port, o, float(d)) for port, (o, d) in enumerate(zip(operands, locals_))]

    def diagnose(self, result: Result) -> dict[str, str]:
        """What produced each non-finite value or gradient (see :attr:`Result.issues`)."""
        origin: dict[str, str] = {}  # node -> the node where its non-finite value arose
        issues: dict[str, str] = {}
        for node_id in self.order:
            value = result.values[node_id]
            if value is None or is_finite(value):
                continue
            upstream = [origin[o] for o in self.operands.get(node_id, ()) if o in origin]
            origin[node_id] = upstream[0] if upstream else node_id
            if upstream:
                issues[node_id] = f"propagated from {upstream[0]!r}: {issues[upstream[0]]}"
            elif node_id in self.ops:
                args = [result.values[o] for o in self.operands[node_id]]
                issues[node_id] = explain_non_finite(self.ops[node_id].name, args, value)
            else:
                issues[node_id] = "the value given is not a finite number"
        for node_id in self.order:
            grad = result.grads[node_id]
            if node_id not in issues and grad is not None and not is_finite(grad):
                issues[node_id] = self._explain_gradient(node_id, result)
        return issues

    def _explain_gradient(self, node_id: str, result: Result) -> str:
        for target in self.graph.nx.successors(node_id):
            upstream = result.grads.get(target)
            if target not in self.ops or upstream is None:
                continue
            if not is_finite(upstream):
                return f"gradient propagated from {target!r}, whose gradient is not finite"
            for _, source, local in self._edge_locals(target, result.values):
                if source == node_id and not is_finite(local):
                    return f"the local derivative ∂{target}/∂{node_id} is {format_number(local)}"
        return "the gradient overflowed while summing its contributions"


def _fast(op: Op):
    return op.scalar


def _fast_partials(op: Op):
    return op.partials


def _array(op: Op):
    return op.array


def _array_partials(op: Op):
    return op.array_partials


def _ieee(scalar_fn, array_fn):
    """``scalar_fn``, but where ``math`` raises, numpy's IEEE answer as floats."""

    def safe(*args):
        try:
            return scalar_fn(*args)
        except (ArithmeticError, ValueError):
            with np.errstate(all="ignore"):
                answer = array_fn(*(np.float64(a) for a in args))
            if isinstance(answer, tuple):
                return tuple(float(x) for x in answer)
            return float(answer)

    return safe


def _safe(op: Op):
    return _ieee(op.scalar, op.array)


def _safe_partials(op: Op):
    return _ieee(op.partials, op.array_partials)


def _run_forward(vals: list, steps: list) -> None:
    for i, fn, a, b in steps:
        vals[i] = fn(vals[a]) if b < 0 else fn(vals[a], vals[b])


def _run_backward(vals: list, grads: list, steps: list) -> None:
    for i, partials, a, b in steps:
        g = grads[i]
        if b < 0:
            (da,) = partials(vals[a], vals[i])
            grads[a] += g * da
        else:
            da, db = partials(vals[a], vals[b], vals[i])
            grads[a] += g * da
            grads[b] += g * db


def is_finite(value) -> bool:
    """True for a finite float, or an array whose every element is finite."""
    if isinstance(value, float):
        return math.isfinite(value)
    return bool(np.all(np.isfinite(value)))
