"""Forward and backward passes over a compiled plan.

``compile(graph)`` walks networkx's topological order once and turns the graph into
flat step tables of list indices; ``Plan.run`` then only loops over those tables, so
a value edit never pays for a topological sort again. Compiled plans are cached per
graph until its structure changes.

The same loops serve three step tables: fast scalar steps (``math`` on floats), safe
scalar steps (each step falls back to numpy's IEEE answer when ``math`` raises, e.g.
for ``log(-2)`` or ``exp(1000)``), and array steps (numpy, for batches of samples).
Non-finite numbers never raise; :attr:`Result.issues` explains where they came from.

Structural zeros (see ``ops.py``) only matter where an infinite or NaN gradient meets
them: the scalar backward loop applies them only there; the array loop, whose cost is
per op rather than per sample, applies them everywhere.

A batch agrees with sample-by-sample runs op by op: exactly where an op rounds one
IEEE operation (add, sub, mul, div, neg, abs, sqrt, max, min, relu, square, mse);
within 4 ULP where numpy's kernels and C's ``math`` round apart (exp, log, pow,
sin, cos, tanh, sigmoid, softplus; bce_logits and tanh's 1 − y·y in ULPs of their
largest term). Subnormal
results may differ more, and over a graph differences can grow (near overflow one
path may give ∞). tests/core/test_scalar_batch_agreement.py measures it; one code for
both would cost one of them: numpy on a float is 3× math, math per sample 60× numpy.
"""

from __future__ import annotations

import contextlib
import gc
import weakref
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from . import diagnosis, trace
from .graph import Graph, GraphError
from .numbers import as_number
from .ops import OPS, Op
from .output import resolve_output
from .quoting import quoted
from .topological import topological_order

# graph -> (its structure revision, {(backward, output, chosen output): Plan})
_PLANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def compile(graph: Graph, output: str | None = None, *, backward: bool = True) -> Plan:
    """The plan for ``graph``, reused until its structure (or chosen output) changes.

    ``output`` names the node to differentiate; None means the graph's chosen output,
    else its unique sink. With ``backward=False`` no output is needed (forward only).
    """
    revision, plans = _PLANS.get(graph, (None, None))
    if revision != graph.structure_revision:
        plans = {}
        _PLANS[graph] = (graph.structure_revision, plans)
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
        return diagnosis.diagnose(self.plan, self)


class Plan:
    """A graph compiled for evaluation: see :func:`compile`.

    ``order`` lists every node in topological order; ``ops`` and ``operands`` hold the
    complete op nodes (every port fed by a node that has a value), ``incomplete`` the
    op nodes that have no value because a port, theirs or upstream, is free. The plan
    keeps only a weak reference to its graph, so a cached plan never keeps it alive.
    """

    def __init__(self, graph: Graph, output: str | None) -> None:
        self._graph = weakref.ref(graph)
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
        """False once the graph's structure has changed since compiling.

        A plan needs no graph to run (it keeps the nodes' data), so one whose graph is
        gone stays current: nothing can change that graph any more.
        """
        graph = self._graph()
        return graph is None or graph.structure_revision == self.revision

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

    def require_complete(self, doing: str) -> None:
        """Raise GraphError, naming the free nodes, when a port is free (``doing``:
        what needs every number, e.g. "export")."""
        if self._incomplete:
            free = ", ".join(repr(n) for n in sorted(self.incomplete))
            raise GraphError(f"cannot {doing} a graph with unconnected ports (at {free})")

    @cached_property
    def backward_order(self) -> list[str]:
        """The op nodes the backward pass visits, in the order it visits them."""
        return [self.order[i] for i, _, _, _ in self._backward_steps]

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
            forward_fn, partials_fn = _MODES[mode]
            forward = [(i, forward_fn(op), a, b, None) for i, op, a, b in self._steps]
            backward = [
                (i, partials_fn(op), a, b, op.zero_where) for i, op, a, b in self._backward_steps
            ]
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

    def trace(self, result: Result) -> tuple[list[trace.ForwardStep], list[trace.BackwardStep]]:
        """The steps of ``result``'s passes one by one (see :func:`trace.trace`)."""
        return trace.trace(self, result)

    def edge_flows(self, result: Result) -> dict:
        """(local derivative, what flows back) per edge (see :func:`trace.edge_flows`)."""
        return trace.edge_flows(self, result)

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
        given = {self._leaf_index(key): _override(key, v) for key, v in overrides.items()}
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
            raise GraphError(f"there is no node {quoted(node_id)}")
        if i not in self._leaf_indices:
            raise GraphError(
                f"{quoted(node_id)} is an op node; only inputs and constants have values"
            )
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
        if mode == "array":
            _run_array_backward(vals, grads, backward)
        else:
            _run_backward(vals, grads, backward)
        return grads


# mode -> (the forward function of an op, its partials function)
_MODES = {
    "fast": (lambda op: op.scalar, lambda op: op.partials),
    "safe": (lambda op: op.safe_scalar, lambda op: op.safe_partials),
    "array": (lambda op: op.array, lambda op: op.array_partials),
}


def _run_forward(vals: list, steps: list) -> None:
    for i, fn, a, b, _ in steps:
        vals[i] = fn(vals[a]) if b < 0 else fn(vals[a], vals[b])


def _run_backward(vals: list, grads: list, steps: list) -> None:
    """Upstream gradient times each partial, summed into the operands (floats).

    Where the upstream gradient is ∞ or NaN (``g - g != 0``) and the op has structural
    zeros, the ports they mask get nothing: ∞·0 would be NaN. Finite gradients need no
    mask (g·0 is 0), so the check costs one comparison on masked ops only.
    """
    for i, partials, a, b, zero_where in steps:
        g = grads[i]
        if b < 0:
            (da,) = partials(vals[a], vals[i])
            if zero_where is None or g - g == 0 or not zero_where(vals[a], vals[i])[0]:
                grads[a] += g * da
        else:
            da, db = partials(vals[a], vals[b], vals[i])
            if zero_where is not None and g - g != 0:
                zero_a, zero_b = zero_where(vals[a], vals[b], vals[i])
                grads[a] += 0.0 if zero_a else g * da
                grads[b] += 0.0 if zero_b else g * db
            else:
                grads[a] += g * da
                grads[b] += g * db


def _run_array_backward(vals: list, grads: list, steps: list) -> None:
    """The same over numpy arrays, masking elementwise."""
    for i, partials, a, b, zero_where in steps:
        operands = (a,) if b < 0 else (a, b)
        args = [vals[k] for k in operands] + [vals[i]]
        contributions = [grads[i] * d for d in partials(*args)]
        if zero_where is not None:
            contributions = [np.where(z, 0.0, c) for z, c in zip(zero_where(*args), contributions)]
        for k, contribution in zip(operands, contributions):
            grads[k] += contribution


def _override(node_id: str, value):
    """An override as a float, or as a float array when it holds samples."""
    if isinstance(value, (list, tuple, np.ndarray)):
        try:
            return np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise GraphError(
                f"the samples given for {quoted(node_id)} must all be numbers"
            ) from None
    number = as_number(value)
    if number is None:
        raise GraphError(
            f"the value given for {quoted(node_id)} must be a number, not {quoted(value)}"
        )
    return number


def _broadcast(items, shape: tuple[int, ...]) -> list:
    """Each array (or number) in ``items`` as an array of ``shape``; None stays None."""
    return [None if v is None else np.broadcast_to(v, shape) for v in items]
