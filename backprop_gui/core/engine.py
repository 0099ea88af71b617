"""Forward and backward passes over a compiled plan.

``compile(graph)`` walks networkx's topological order once and turns the graph into
flat step tables of list indices; ``Plan.run`` then only loops over those tables, so
a value edit never pays for a topological sort again. Compiled plans are cached per
graph until its structure changes.

The same loop serves three step tables: fast scalar steps (``math`` on floats), safe
scalar steps (each step falls back to numpy's IEEE answer when ``math`` raises, e.g.
for ``log(-2)`` or ``exp(1000)``), and array steps (numpy, for batches of samples).
Non-finite numbers never raise; :attr:`Result.issues` explains where they came from.
"""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass
from functools import cached_property

import networkx as nx
import numpy as np

from .diagnosis import explain_non_finite, is_finite
from .graph import Graph, GraphError
from .numbers import format_number
from .ops import OPS, Op


def compile(graph: Graph, output: str | None = None, *, backward: bool = True) -> Plan:
    """The plan for ``graph``, reused until its structure (or chosen output) changes.

    ``output`` names the node to differentiate; None means the graph's chosen output,
    else its unique sink. With ``backward=False`` no output is needed (forward only).
    """
    # graph.derived["plans"]: (structure revision, {(backward, output, graph.output): Plan})
    revision, plans = graph.derived.get("plans", (None, None))
    if revision != graph.structure_revision:
        plans = {}
        graph.derived["plans"] = (graph.structure_revision, plans)
    key = (backward, output, graph.output)
    plan = plans.get(key)
    if plan is None:
        resolved = resolve_output(graph, output) if backward else None
        with _collector_paused():
            plan = plans[key] = Plan(graph, resolved)
    return plan


@contextlib.contextmanager
def _collector_paused():
    """Hold off Python's cycle collector while compiling.

    A plan is one small tuple per node, and none of them is garbage; but so many new
    objects make the collector walk every object of the (large) graph again and again,
    which took half of the compile time for 100k nodes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


def default_output(graph: Graph) -> str | None:
    """The output when none is named: the chosen one, else the unique sink; None when
    the graph is empty or has several sinks (:func:`resolve_output` says why)."""
    try:
        return resolve_output(graph)
    except GraphError:
        return None


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
    """Values and gradients by node id; None where a node has none.

    For a batch, ``shape`` is the samples' shape and every value and gradient is an
    array of that shape; for one sample it is None and they are floats.
    """

    output: str | None
    order: list[str]
    values: dict
    grads: dict
    plan: Plan
    shape: tuple[int, ...] | None = None

    @cached_property
    def issues(self) -> dict[str, str]:
        """For each node with a NaN or infinite value or gradient, what produced it."""
        return self.plan.diagnose(self)


class Plan:
    """A graph compiled for evaluation: see :func:`compile`.

    ``order`` lists every node in topological order; ``ops`` and ``operands`` hold the
    complete op nodes (every port fed by a node that has a value), ``incomplete`` the
    op nodes that have no value because a port, theirs or upstream, is free.
    """

    def __init__(self, graph: Graph, output: str | None) -> None:
        self.graph = graph
        self.revision = graph.structure_revision
        self.output = output
        self.order: list[str] = topological_order(graph.nx)
        self.index = {node_id: i for i, node_id in enumerate(self.order)}
        self._no_values = dict.fromkeys(self.order)
        self._leaves: list[tuple[int, dict]] = []  # (index, the node's live data)
        # (index, op, index of operand 0, index of operand 1 or -1), complete ops in order
        self._steps: list[tuple[int, Op, int, int]] = []
        self._incomplete: set[int] = set()
        self._sort_nodes(graph)
        reach = self._reaches_output()
        self._output_index = self.index[output] if any(reach) else None
        self._backward_steps = [s for s in reversed(self._steps) if reach[s[0]]]
        self._zero_grads = [0.0 if r else None for r in reach]
        self._tables: dict[str, tuple[list, list]] = {}
        self._table("fast")

    def is_current(self) -> bool:
        """False once the graph's structure has changed since compiling."""
        return self.graph.structure_revision == self.revision

    def _sort_nodes(self, graph: Graph) -> None:
        """Split nodes into leaves, complete ops (with their steps) and incomplete ops."""
        # networkx's own dicts behind its read-only views (see topological_order)
        index, node_data, pred = self.index, graph.nx._node, graph.nx._pred
        leaves, steps, incomplete = self._leaves, self._steps, self._incomplete
        for i, node_id in enumerate(self.order):
            data = node_data[node_id]
            if data["kind"] != "op":
                leaves.append((i, data))
                continue
            op = OPS[data["op"]]
            operands = [-1] * op.arity
            for source, ports in pred[node_id].items():
                for port in ports:
                    operands[port] = index[source]
            if -1 in operands or not incomplete.isdisjoint(operands):
                incomplete.add(i)
            elif op.arity == 1:
                steps.append((i, op, operands[0], -1))
            else:
                steps.append((i, op, operands[0], operands[1]))

    @cached_property
    def ops(self) -> dict[str, Op]:
        """The complete op nodes (those with a value), in order, with their ops."""
        return {self.order[i]: op for i, op, _, _ in self._steps}

    @cached_property
    def operands(self) -> dict[str, tuple[str, ...]]:
        """The operands of each complete op node, by port."""
        order = self.order
        return {
            order[i]: (order[a],) if b < 0 else (order[a], order[b]) for i, _, a, b in self._steps
        }

    @cached_property
    def incomplete(self) -> set[str]:
        """The op nodes without a value: a port of theirs, or of an op above, is free."""
        return {self.order[i] for i in self._incomplete}

    def _reaches_output(self) -> list[bool]:
        """For each node in order: does it get a gradient (is it the output or above it)?"""
        reach = [False] * len(self.order)
        if self.output is None or self.index[self.output] in self._incomplete:
            return reach
        reach[self.index[self.output]] = True
        for i, _, a, b in reversed(self._steps):
            if reach[i]:
                reach[a] = True
                if b >= 0:
                    reach[b] = True
        return reach

    def _table(self, mode: str) -> tuple[list, list]:
        """(forward, backward) steps with each op's functions for ``mode``."""
        tables = self._tables.get(mode)
        if tables is None:
            functions = _FUNCTIONS[mode]
            forward = [(i, functions[op.name][0], a, b) for i, op, a, b in self._steps]
            backward = [(i, functions[op.name][1], a, b) for i, op, a, b in self._backward_steps]
            tables = self._tables[mode] = (forward, backward)
        return tables

    # -------------------------------------------------------------------- run

    def run(self, values: dict | None = None, *, gradients: bool = True) -> Result:
        """Forward, then backward from the output (if any and ``gradients``).

        ``values`` overrides input/constant values by id (NaN and ±inf allowed). If any
        override is a list or numpy array, every node is evaluated elementwise over
        those samples (the others broadcast) and the result holds arrays.
        """
        if not self.is_current():
            raise GraphError("the graph has changed since this plan was compiled")
        vals: list = [None] * len(self.order)
        shape = self._load_leaves(vals, values or {})
        if shape is not None:
            with np.errstate(all="ignore"):
                grads = self._passes(vals, "array", gradients)
            vals = _broadcast(vals, shape)
            grads = _broadcast(grads, shape)
        else:
            try:
                grads = self._passes(vals, "fast", gradients)
            except (ArithmeticError, ValueError):
                grads = self._passes(vals, "safe", gradients)
        return Result(
            output=self.output,
            order=self.order,
            values=self._by_id(vals),
            grads=self._by_id(grads),
            plan=self,
            shape=shape,
        )

    def _by_id(self, items: list) -> dict:
        """``items`` (one per node in order) as a dict keyed by node id.

        Filling a copy of a dict that has every key already is twice as fast as
        ``dict(zip(...))``, which grows its table again and again on the way.
        """
        by_id = self._no_values.copy()
        by_id.update(zip(self.order, items))
        return by_id

    def _load_leaves(self, vals: list, overrides: dict) -> tuple[int, ...] | None:
        """Put every input's and constant's value into ``vals``.

        Returns the batch shape if an override holds samples, else None.
        """
        if not overrides:
            for i, data in self._leaves:
                vals[i] = data["value"]
            return None
        given = {self._leaf_index(node_id): _number(node_id, v) for node_id, v in overrides.items()}
        arrays = [v for v in given.values() if isinstance(v, np.ndarray)]
        if not arrays:
            for i, data in self._leaves:
                vals[i] = given.get(i, data["value"])
            return None
        try:
            shape = np.broadcast_shapes(*(a.shape for a in arrays))
        except ValueError:
            shapes = ", ".join(str(a.shape) for a in arrays)
            raise GraphError(f"the samples given do not fit together: shapes {shapes}") from None
        for i, data in self._leaves:
            vals[i] = np.asarray(given.get(i, data["value"]), dtype=float)
        return shape

    def _leaf_index(self, node_id: str) -> int:
        i = self.index.get(node_id)
        if i is None:
            raise GraphError(f"there is no node {node_id!r}")
        if i not in self._leaf_indices:
            raise GraphError(f"{node_id!r} is an op node; only inputs and constants have values")
        return i

    @cached_property
    def _leaf_indices(self) -> set[int]:
        return {i for i, _ in self._leaves}

    def _passes(self, vals: list, mode: str, gradients: bool) -> list:
        forward, backward = self._table(mode)
        _run_forward(vals, forward)
        if not gradients or self._output_index is None:
            return [None] * len(vals)
        grads = self._zero_grads.copy()
        grads[self._output_index] = 1.0
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
        differentiated = self.output is not None and grads[self.output] is not None
        for i, _, _, _ in self._backward_steps if differentiated else ():
            target = self.order[i]
            for port, source, local in self._edge_locals(target, result):
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
            for port, source, local in self._edge_locals(target, result)
        }

    def _edge_locals(self, target: str, result: Result) -> list[tuple[int, str, float]]:
        """(port, operand, ∂target/∂operand) for each operand of the op ``target``."""
        values, op, operands = result.values, self.ops[target], self.operands[target]
        args = [values[o] for o in operands]
        if result.shape is None:
            partials = _FUNCTIONS["safe"][op.name][1](*args, values[target])
            locals_ = [float(d) for d in partials]
        else:
            with np.errstate(all="ignore"):
                partials = op.array_partials(*args, values[target])
            locals_ = _broadcast(partials, result.shape)
        return [(port, o, d) for port, (o, d) in enumerate(zip(operands, locals_))]

    # -------------------------------------------------------------- diagnosis

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
        for target in self._users[node_id]:
            upstream = result.grads[target]
            if upstream is None:
                continue
            if not is_finite(upstream):
                return f"gradient propagated from {target!r}, whose gradient is not finite"
            for _, source, local in self._edge_locals(target, result):
                if source == node_id and not is_finite(local):
                    return f"the local derivative ∂{target}/∂{node_id} is {_shown(local)}"
        return "the gradient overflowed while summing its contributions"

    @cached_property
    def _users(self) -> dict[str, list[str]]:
        """For each node, the complete ops it feeds (an op using it twice is listed twice)."""
        users: dict[str, list] = {node_id: [] for node_id in self.order}
        for target, operands in self.operands.items():
            for source in operands:
                users[source].append(target)
        return users


def topological_order(graph: nx.MultiDiGraph) -> list:
    """The order ``networkx.topological_sort(graph)`` gives, computed the same way.

    Generation by generation (the nodes nothing feeds, then those fed only by them,
    ...), each in the order its nodes became ready, as networkx does it; but on the
    dicts behind networkx's read-only views. The views build an object per lookup,
    which made networkx's own sort cost more than the rest of compiling put together.
    A test checks that both orders are the same.
    """
    successors, predecessors = graph._succ, graph._pred
    waiting = {node: len(sources) for node, sources in predecessors.items()}
    ready = [node for node, count in waiting.items() if count == 0]
    order: list = []
    while ready:
        order.extend(ready)
        newly_ready = []
        for node in ready:
            for child in successors[node]:
                waiting[child] -= 1
                if waiting[child] == 0:
                    newly_ready.append(child)
        ready = newly_ready
    if len(order) != len(waiting):
        raise GraphError("the graph has a cycle, so it has no topological order")
    return order


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


# mode -> op name -> (forward function, partials function)
_FUNCTIONS: dict[str, dict[str, tuple]] = {
    "fast": {name: (op.scalar, op.partials) for name, op in OPS.items()},
    "safe": {
        name: (_ieee(op.scalar, op.array), _ieee(op.partials, op.array_partials))
        for name, op in OPS.items()
    },
    "array": {name: (op.array, op.array_partials) for name, op in OPS.items()},
}


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


def _number(node_id: str, value):
    """An override as a float, or as a float array when it holds samples."""
    if isinstance(value, (list, tuple, np.ndarray)):
        try:
            return np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise GraphError(f"the samples given for {node_id!r} must all be numbers") from None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise GraphError(f"the value given for {node_id!r} must be a number, not {value!r}")
    try:
        return float(value)
    except OverflowError:  # an int too large for a float
        return float("inf") if value > 0 else float("-inf")


def _shown(value) -> str:
    """A number, or the first non-finite sample of an array, as a person reads it."""
    if np.ndim(value):
        value = np.asarray(value).flat[int(np.flatnonzero(~np.isfinite(value))[0])]
    return format_number(value)


def _broadcast(items, shape: tuple[int, ...]) -> list:
    """Each array (or number) in ``items`` as an array of ``shape``; None stays None."""
    return [None if v is None else np.broadcast_to(v, shape) for v in items]
