"""Undoable edits of what training uses: parameter values, training options, the data
set with its column bindings, and whole dense layers.

A training run (from Play to Pause, or one Step) is one :class:`SetParametersCommand`:
the trainer keeps its own parameter values while it runs, and the command writes them
into the graph at the end, so undo puts the values from before the run back.
"""

from __future__ import annotations

import numpy as np

from ..core.dataset import Dataset
from ..core.dense import add_dense_layer
from ..core.graph import Removed
from ..core.layout import layered_layout
from ..core.training_options import TrainingOptions
from .commands import DocumentCommand
from .editing import fragment

LAYER_GAP = 180.0  # from the rightmost input to the layer's first column


class SetParametersCommand(DocumentCommand):
    """Set several inputs' values at once (a training run, Reset, Randomize)."""

    def __init__(self, document, values: dict[str, float], text: str, old: dict | None = None):
        super().__init__(document, text)
        graph = document.graph
        self.new = dict(values)
        self.old = dict(old) if old is not None else {n: graph.node(n).value for n in values}

    def do(self) -> None:
        for node_id, value in self.new.items():
            self.graph.set_value(node_id, value)

    def undo_it(self) -> None:
        for node_id, value in self.old.items():
            self.graph.set_value(node_id, value)


class SetTrainingCommand(DocumentCommand):
    """Change the training options (optimizer, learning rate, batch size, epochs, ...)."""

    def __init__(self, document, options: TrainingOptions, text: str = "Change training options"):
        super().__init__(document, text)
        self.old = document.graph.training
        self.new = options

    def do(self) -> None:
        self.graph.set_training(self.new)

    def undo_it(self) -> None:
        self.graph.set_training(self.old)


class SetDataCommand(DocumentCommand):
    """Use another data set (None: none) and bind inputs to its columns.

    Inputs that read a column the new data lacks are unbound first; ``bindings``
    ({input id: column}) are bound after. Undo puts the old data and every old
    binding back.
    """

    def __init__(self, document, dataset: Dataset | None, bindings: dict, text: str):
        super().__init__(document, text)
        graph = document.graph
        self.old_data, self.new_data = graph.data, dataset
        self.old_columns = graph.columns_bound()
        names = set(dataset.names) if dataset is not None else set()
        kept = {n: c for n, c in self.old_columns.items() if c in names}
        self.new_columns = {**kept, **bindings}

    def do(self) -> None:
        self._switch(self.old_columns, self.new_data, self.new_columns)

    def undo_it(self) -> None:
        self._switch(self.new_columns, self.old_data, self.old_columns)

    def _switch(self, before: dict, dataset: Dataset | None, after: dict) -> None:
        changed = [n for n in {**before, **after} if before.get(n) != after.get(n)]
        for node_id in changed:
            if before.get(node_id) is not None:
                self.graph.set_column(node_id, None)
        self.graph.set_data(dataset)
        for node_id in changed:
            if after.get(node_id) is not None:
                self.graph.set_column(node_id, after[node_id])


class AddDenseLayerCommand(DocumentCommand):
    """Add a dense layer of scalar neurons (core/dense.py) reading ``inputs``, laid out
    to the right of them; undo removes it, redo puts the same nodes back."""

    def __init__(self, document, inputs, width: int, activation: str | None, seed: int):
        super().__init__(document, f"Add dense layer ({width} units)")
        self.inputs, self.width, self.activation, self.seed = list(inputs), width, activation, seed
        self.layer_ids: list[str] = []  # every node the layer added, after the first redo
        self.outputs: list[str] = []  # the units' outputs
        self.removed: Removed | None = None  # the layer, while undone

    def do(self) -> None:
        if self.removed is not None:
            self.graph.restore(self.removed)
            return
        before = set(self.graph.node_ids())
        rng = np.random.default_rng(self.seed)
        name = _layer_name(self.graph)
        self.outputs = add_dense_layer(
            self.graph, self.inputs, self.width, self.activation, rng, name
        )
        self.layer_ids = [n for n in self.graph.node_ids() if n not in before]
        for node_id, pos in _layer_positions(self.graph, self.inputs, self.layer_ids).items():
            self.graph.set_pos(node_id, pos)

    def undo_it(self) -> None:
        self.removed = self.graph.remove_nodes(self.layer_ids)


def _layer_name(graph) -> str:
    """The first of L1, L2, ... that no node id starts with."""
    taken = graph.node_ids()
    number = 1
    while any(node_id.startswith(f"L{number}_") for node_id in taken):
        number += 1
    return f"L{number}"


def _layer_positions(graph, inputs: list[str], layer: list[str]) -> dict:
    """Where the layer's nodes go: the layered layout of the inputs and the layer alone,
    moved so that its first column sits right of the inputs, centred on them."""
    placed = layered_layout(fragment(graph, [*inputs, *layer]))
    left = min(placed[n][0] for n in layer)
    middle = sum(placed[n][1] for n in layer) / len(layer)
    input_xs = [graph.node(n).pos[0] for n in inputs]
    input_ys = [graph.node(n).pos[1] for n in inputs]
    dx = max(input_xs) + LAYER_GAP - left
    dy = sum(input_ys) / len(input_ys) - middle
    return {n: (placed[n][0] + dx, placed[n][1] + dy) for n in layer}
