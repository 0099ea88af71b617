"""What a graph carries besides its nodes and edges: its data set, which input reads
which column, and its training options (file format v2).

:class:`GraphData` is a part of :class:`~backprop_gui.core.graph.Graph`. Its changes
go through the graph's listeners like every edit (events ``data_changed``,
``training_changed``, and ``node_changed`` with key ``column``), so the UI can undo
them with commands that put the old value back. Invariant: every bound column is a
column of the data, and only non-trainable inputs are bound.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import GraphError
from .quoting import quoted, shown
from .training_options import TrainingOptions

if TYPE_CHECKING:
    from .dataset import Dataset


class GraphData:
    """Mixed into Graph: needs its ``_data(node_id)``, ``nx`` and ``_changed``."""

    def _init_graph_data(self) -> None:
        self._dataset: Dataset | None = None
        self._training = TrainingOptions()

    @property
    def data(self) -> Dataset | None:
        """The data set, or None (then every input has its own one value)."""
        return self._dataset

    @property
    def training(self) -> TrainingOptions:
        return self._training

    def columns_bound(self) -> dict[str, str]:
        """{input id: column name} for every input bound to a column, in node order."""
        return {n: d["column"] for n, d in self.nx.nodes(data=True) if d.get("column")}

    def set_data(self, dataset: Dataset | None) -> None:
        """Use ``dataset`` (None: no data); refused while an input reads a column the
        new data lacks (unbind it first)."""
        names = set(dataset.names) if dataset is not None else set()
        for node_id, column in self.columns_bound().items():
            if column not in names:
                raise GraphError(
                    f"input {quoted(node_id)} reads column {quoted(column)}, "
                    "which the new data lacks"
                )
        self._dataset = dataset
        self._changed("data_changed", False)

    def set_training(self, options: TrainingOptions) -> None:
        self._training = options
        self._changed("training_changed", False)

    def set_column(self, node_id: str, column: str | None) -> None:
        """Bind input ``node_id`` to ``column`` of the data (None: unbind it)."""
        data = self._data(node_id)
        self.check_column(node_id, data["kind"], data["trainable"], column)
        data["column"] = column or None
        self._changed("node_changed", False, id=node_id, key="column")

    def check_column(self, node_id: str, kind: str, trainable: bool, column) -> None:
        """Raise GraphError unless ``column`` (None: none) may be bound to this node."""
        if column is None:
            return
        if not isinstance(column, str) or not column:
            raise GraphError(f"node {quoted(node_id)}: a column is named by a non-empty text")
        if kind != "input":
            raise GraphError(f"node {quoted(node_id)}: only an input can read a data column")
        if trainable:
            raise GraphError(
                f"node {quoted(node_id)} is trainable, a parameter, so it cannot read a data column"
            )
        if self._dataset is None or column not in self._dataset.columns:
            known = _listed(self._dataset.names) if self._dataset is not None else "none"
            raise GraphError(
                f"node {quoted(node_id)}: unknown column {quoted(column)} (columns: {known})"
            )


def _listed(names: list[str], most: int = 6) -> str:
    """The first ``most`` names, each shown short: "x, y" or "a, b, …"."""
    return ", ".join([shown(name) for name in names[:most]] + ["…"] * (len(names) > most))
