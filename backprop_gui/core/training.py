"""Training a graph: its output is the per-sample loss, its trainable inputs the parameters.

A :class:`Trainer` is one training session: it compiles the graph once, then steps one
update at a time (:meth:`Trainer.step`), or an epoch at a time, and can go back to
where it began (:meth:`Trainer.reset`) or start from random parameters
(:meth:`Trainer.randomize`). It never changes the graph: its parameter values are its
own until the caller writes them back (:meth:`Trainer.write_parameters`, or a UI
command, so that a run is one undo step).

Semantics (the issue's contract): with data, every node is evaluated over the batch's
rows at once; without data there is one row, the nodes' own values. The objective of
a batch is the mean of the output over its rows, a parameter's gradient the mean over
the rows of d output / d parameter. One run uses one ``numpy.random.default_rng(seed)``:
when shuffling, each epoch begins with ``rng.permutation(N)`` and its batches are
consecutive slices of that order (the last may be smaller); otherwise the rows' order.
The updates are ``torch.optim``'s (see ``optimizers.py``).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .batch_program import BatchProgram, batch_of
from .engine import compile
from .errors import GraphError
from .graph import Graph
from .optimizers import make_optimizer
from .training_options import TrainingOptions


class TrainingDiverged(ArithmeticError):
    """The loss became NaN or infinite; ``epoch`` is the epoch whose loss it was."""

    def __init__(self, epoch: int, loss: float) -> None:
        self.epoch = epoch
        self.loss = loss
        super().__init__(
            f"training diverged at epoch {epoch}: the loss is {loss}; try a smaller learning rate"
        )


@dataclass(frozen=True)
class Update:
    """One update, with what the cards show: for each parameter (by id) its value before,
    its mean gradient, the step taken (after − before) and its value after."""

    number: int  # 1 for the first update of the session
    epoch: int  # the epoch it belongs to, 1 for the first
    rows: np.ndarray  # the batch's row indices
    loss: float  # the batch's objective before the update
    before: dict[str, float]
    gradients: dict[str, float]
    steps: dict[str, float]
    after: dict[str, float]
    ends_epoch: bool  # the last update of its epoch


class Trainer:
    """A training session on ``graph`` with ``options`` (None: the graph's own).

    ``output`` names the loss node (None: the graph's output, else its unique sink).
    The graph's structure, data and other values are read once, here: after an edit,
    make a new Trainer.
    """

    def __init__(
        self, graph: Graph, options: TrainingOptions | None = None, output: str | None = None
    ) -> None:
        self.options = (options or graph.training).resolved()
        self.data = graph.data
        self.rows = graph.data.rows if graph.data is not None else 1
        self.program = BatchProgram(compile(graph, output), graph)
        if not self.program.parameters:
            raise GraphError("nothing to train: mark at least one input as trainable")
        self.parameters = self.program.parameters
        self._start = np.array([graph.node(p).value for p in self.parameters], dtype=float)
        self._all_rows = batch_of(self.data, None)
        self.reset()

    # ------------------------------------------------------------------- state

    def reset(self, start: np.ndarray | None = None) -> None:
        """Back to the beginning: parameters where training began (or ``start``), the
        random generator re-seeded, no optimizer state, epoch 0."""
        if start is not None:
            self._start = np.asarray(start, dtype=float).copy()
        self._values = self._start.copy()
        self._rng = np.random.default_rng(self.options.seed)
        options = self.options
        self._optimizer = make_optimizer(options.optimizer, options.lr, options.momentum)
        self._order: np.ndarray | None = None  # this epoch's row order
        self._position = 0  # the next row in that order
        self.epoch = 0  # epochs completed
        self.updates = 0

    def randomize(self, seed: int) -> None:
        """Start again from parameters drawn uniformly from [−1, 1) with ``seed``."""
        self.reset(np.random.default_rng(seed).uniform(-1.0, 1.0, len(self.parameters)))

    @property
    def values(self) -> dict[str, float]:
        """The parameters' current values by id."""
        return dict(zip(self.parameters, self._values.tolist()))

    @property
    def start_values(self) -> dict[str, float]:
        """The parameters' values where this session began."""
        return dict(zip(self.parameters, self._start.tolist()))

    @property
    def batch_size(self) -> int:
        return min(self.options.batch_size or self.rows, self.rows)

    @property
    def updates_per_epoch(self) -> int:
        return math.ceil(self.rows / self.batch_size)

    def write_parameters(self, graph: Graph) -> None:
        """Set the graph's parameter nodes to the current values."""
        for node_id, value in self.values.items():
            graph.set_value(node_id, value)

    # ---------------------------------------------------------------- training

    def loss(self) -> float:
        """The mean output over all N rows at the current parameters."""
        return self.program.objective(self._all_rows, self._values)

    def step(self) -> Update:
        """One update on the next batch (a new epoch begins with a new row order)."""
        if self._order is None:
            self._order = self._epoch_order()
            self._position = 0
        rows = self._order[self._position : self._position + self.batch_size]
        self._position += len(rows)
        answer = self.program.gradient(batch_of(self.data, rows), self._values)
        before = self._values
        self._values = self._optimizer.step(before, answer.gradients)
        self.updates += 1
        last = self._position >= self.rows
        epoch = self.epoch + 1
        if last:
            self.epoch, self._order = epoch, None
        names = self.parameters
        return Update(
            number=self.updates, epoch=epoch, rows=rows, loss=answer.objective,
            before=dict(zip(names, before.tolist())),
            gradients=dict(zip(names, answer.gradients.tolist())),
            steps=dict(zip(names, (self._values - before).tolist())),
            after=dict(zip(names, self._values.tolist())), ends_epoch=last,
        )  # fmt: skip

    def preview(self) -> Update:
        """The update :meth:`step` would make next, this trainer left as it is (its
        random generator and optimizer state are copied; the rest is replaced, never
        changed in place, by a step)."""
        twin = copy.copy(self)
        twin._rng = copy.deepcopy(self._rng)
        twin._optimizer = copy.deepcopy(self._optimizer)
        return twin.step()

    def run_epoch(self) -> float:
        """The updates left in the current epoch; the loss over all rows after it."""
        while not self.step().ends_epoch:
            pass
        return self.loss()

    def run(self, epochs: int | None = None) -> Iterator[tuple[int, float]]:
        """(epoch, loss over all rows): now, then after each of ``epochs`` epochs (None:
        the options' epochs). After yielding a loss that is NaN or infinite it raises
        TrainingDiverged instead of going on."""
        epochs = self.options.epochs if epochs is None else epochs
        for done in range(epochs + 1):
            loss = self.run_epoch() if done else self.loss()
            yield self.epoch, loss
            if not math.isfinite(loss):
                raise TrainingDiverged(self.epoch, loss)

    def _epoch_order(self) -> np.ndarray:
        if self.options.shuffle:
            return self._rng.permutation(self.rows)
        return np.arange(self.rows)


def train_graph(
    graph: Graph, options: TrainingOptions | None = None, on_epoch: Callable | None = None
) -> Trainer:
    """Train ``graph`` for the options' epochs and write the parameters back into it.

    ``on_epoch(epoch, loss)`` hears of the loss before training (epoch 0) and after each
    epoch. On TrainingDiverged the graph is left as it was.
    """
    trainer = Trainer(graph, options)
    for epoch, loss in trainer.run():
        if on_epoch is not None:
            on_epoch(epoch, loss)
    trainer.write_parameters(graph)
    return trainer
