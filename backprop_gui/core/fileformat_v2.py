"""The parts of file format v2: input columns, the data set, the training options.

``fileformat`` calls these hooks; a graph using none of v2 (no column, no data, no
training options, no v2 op) is written as version 1, byte for byte as before.
The data's columns are written one per line, so a large data set stays a file a
person can still read and diff.
"""

from __future__ import annotations

import json

from .dataset import DataError, Dataset, make_dataset
from .graph import Graph
from .ops import OPS
from .training_options import options_from_record


def version_of(graph: Graph) -> int:
    """1 if the graph uses nothing of format v2, else 2."""
    uses_v2 = (
        graph.data is not None
        or graph.training.to_record()
        or graph.columns_bound()
        or any(OPS[node.op].format_version == 2 for node in graph.nodes() if node.op)
    )
    return 2 if uses_v2 else 1


def column_of(place: str, record: dict) -> str | None:
    """A node record's "column": a non-empty text, or None when absent."""
    column = record.get("column")
    if column is not None and (not isinstance(column, str) or not column):
        raise DataError(f'{place}: "column" must be the name of a data column (text)')
    return column


def read_sections(graph: Graph, document: dict) -> None:
    """Set the graph's data and training options from the document (before its nodes,
    whose columns must name columns of the data)."""
    if "data" in document:
        graph.set_data(_dataset(document["data"]))
    if "training" in document:
        graph.set_training(options_from_record(document["training"]))


def _dataset(record) -> Dataset:
    if not isinstance(record, dict) or not isinstance(record.get("columns"), dict):
        raise DataError('"data" must be an object {"columns": {NAME: [numbers], ...}}')
    return make_dataset(record["columns"], "data.columns")


def add_sections(graph: Graph, document: dict) -> None:
    """Put the training options into the document (the data goes in by :func:`with_data`)."""
    options = graph.training.to_record()
    if options:
        document["training"] = options


def with_data(graph: Graph, text: str) -> str:
    """The document's JSON ``text`` (indented by 2) with the graph's data added last,
    one line per column."""
    if graph.data is None:
        return text
    lines = [
        f"      {json.dumps(name, ensure_ascii=False)}: {json.dumps(values)}"
        for name, values in graph.data.to_lists().items()
    ]
    data = '  "data": {\n    "columns": {\n' + ",\n".join(lines) + "\n    }\n  }"
    return text.removesuffix("\n}") + ",\n" + data + "\n}"
