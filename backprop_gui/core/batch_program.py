"""The objective of a batch and its mean gradient, on a compiled plan.

Training asks one question many times over: for these rows and these parameter
values, what is the mean of the output over the rows, and the mean over the rows of
d output / d parameter? A :class:`BatchProgram` is built once from the cached
``compile(graph)`` plan and answers it with the ops' numpy forms, every node over all
rows of the batch at once (the engine's batch mode).

Its backward loop is the engine's array loop without the structural-zero masks: they
only change a gradient where an infinite or NaN gradient meets them, and then a
parameter's gradient comes out non-finite. In that rare case the answer is computed
again by the engine itself (``Plan.run``), which applies them; so the gradients are
always the engine's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dataset import Dataset
from .engine import Plan, Result
from .graph import Graph, GraphError


@dataclass
class BatchAnswer:
    """What one batch gives: its objective, each parameter's mean gradient (in the
    order of ``BatchProgram.parameters``), and the output's value on each row."""

    objective: float
    gradients: np.ndarray
    outputs: np.ndarray


class BatchProgram:
    """The passes of ``plan`` as flat step lists over the batch's rows.

    ``parameters`` are the trainable inputs in the plan's order; ``columns`` maps each
    input that reads a data column to the column's name. Every other leaf keeps the
    value it has when the program is built.
    """

    def __init__(self, plan: Plan, graph: Graph) -> None:
        if plan.output in plan.incomplete:
            raise GraphError(
                f"the output {plan.output!r} has no value: connect every port above it"
            )
        self.plan = plan
        index = plan.index
        self.parameters: list[str] = []
        self.columns: dict[str, str] = {}
        self._fixed: list[tuple[int, float]] = []
        for node_id in plan.order:
            node = graph.node(node_id)
            if node.kind == "op":
                continue
            if node.trainable:
                self.parameters.append(node_id)
            elif node.column:
                self.columns[node_id] = node.column
            else:
                self._fixed.append((index[node_id], node.value))
        self._parameter_slots = [index[p] for p in self.parameters]
        self._column_slots = [(index[n], c) for n, c in self.columns.items()]
        operands = plan.operands
        self._forward = [
            (index[n], op.array, *_slots(index, operands[n])) for n, op in plan.ops.items()
        ]
        self._backward = [
            (index[n], plan.ops[n].array_partials, *_slots(index, operands[n]))
            for n in plan.backward_order
        ]
        self._output = index[plan.output]
        self._size = len(plan.order)

    # ------------------------------------------------------------------ queries

    def objective(self, batch: dict[str, np.ndarray], parameters: np.ndarray) -> float:
        """The mean of the output over the rows of ``batch`` (forward only)."""
        with np.errstate(all="ignore"):  # a diverging run is reported, not warned about
            vals = self._forward_pass(batch, parameters)
            return float(np.mean(vals[self._output]))

    def gradient(self, batch: dict[str, np.ndarray], parameters: np.ndarray) -> BatchAnswer:
        """The objective of ``batch`` ({column: rows}) and its mean gradient.

        IEEE answers throughout (NaN, ±inf), without numpy's warnings: a diverging run
        is the trainer's to report, in one line."""
        with np.errstate(all="ignore"):
            vals = self._forward_pass(batch, parameters)
            grads = self._backward_pass(vals)
            gradients = np.array([_mean(grads[i]) for i in self._parameter_slots], dtype=float)
            if not np.isfinite(gradients).all():
                gradients = self._engine_gradients(batch, parameters)
            outputs = np.broadcast_to(vals[self._output], _rows(batch))
            return BatchAnswer(float(np.mean(outputs)), gradients, outputs)

    # ------------------------------------------------------------------ passes

    def _forward_pass(self, batch: dict, parameters: np.ndarray) -> list:
        vals: list = [None] * self._size
        for i, value in self._fixed:
            vals[i] = value
        for i, value in zip(self._parameter_slots, parameters.tolist()):
            vals[i] = value
        for i, column in self._column_slots:
            vals[i] = batch[column]
        for i, fn, a, b in self._forward:
            vals[i] = fn(vals[a]) if b < 0 else fn(vals[a], vals[b])
        return vals

    def _backward_pass(self, vals: list) -> list:
        """d output / d node, per row, for every node above the output.

        A node's first contribution is stored as it is rather than added to a zero,
        and a partial of exactly 1 or −1 (add, sub) costs no multiplication.
        """
        grads: list = [None] * self._size
        grads[self._output] = 1.0
        for i, partials, a, b in self._backward:
            g = grads[i]
            if b < 0:
                _add(grads, a, g, partials(vals[a], vals[i])[0])
            else:
                da, db = partials(vals[a], vals[b], vals[i])
                _add(grads, a, g, da)
                _add(grads, b, g, db)
        return grads

    def engine_result(self, batch: dict, parameters: np.ndarray) -> Result:
        """The engine's own passes over the batch's rows (``Plan.run``): every node's
        value and d output / d node on each row, with the plan's edge flows and
        diagnosis. Slower than :meth:`gradient`; for showing one update."""
        values = {node: batch[column] for node, column in self.columns.items()}
        values.update(zip(self.parameters, np.asarray(parameters, dtype=float).tolist()))
        return self.plan.run(values)

    def _engine_gradients(self, batch: dict, parameters: np.ndarray) -> np.ndarray:
        """The mean gradients from the engine's own passes, structural zeros applied."""
        result = self.engine_result(batch, parameters)
        return np.array([_mean(result.grads[p]) for p in self.parameters], dtype=float)


def _slots(index: dict, operands: tuple) -> tuple[int, int]:
    second = index[operands[1]] if len(operands) == 2 else -1
    return index[operands[0]], second


def _add(grads: list, k: int, g, partial) -> None:
    if type(partial) is float and partial in (1.0, -1.0):
        contribution = g if partial == 1.0 else -g
    else:
        contribution = g * partial
    grads[k] = contribution if grads[k] is None else grads[k] + contribution


def _mean(gradient) -> float:
    """The mean over the rows of a node's gradient (0 where it has none)."""
    if gradient is None:
        return 0.0
    return float(np.mean(gradient))


def _rows(batch: dict) -> tuple[int, ...]:
    return np.shape(next(iter(batch.values()))) if batch else ()


def batch_of(data: Dataset | None, rows: np.ndarray | None) -> dict[str, np.ndarray]:
    """{column: its values at ``rows``} (every row if None); {} without data."""
    if data is None:
        return {}
    if rows is None:
        return dict(data.columns)
    return {name: values[rows] for name, values in data.columns.items()}
