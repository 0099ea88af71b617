"""``backprop-gui eval FILE``: forward and backward headless, the results as JSON.

Inputs bound to data columns keep their stored values, unless ``--row K`` takes row K
of the data for them; ``--set`` overrides either.
"""

from __future__ import annotations

import json

from ..core import compile, load
from ..core.dataset import DataError
from ..core.forward_mode import forward_mode
from .common import (
    UsageError,
    add_output_option,
    add_set_option,
    assignments,
    json_number,
    output_of,
)

NAME = "eval"
HELP = "run forward and backward on a graph file and print the results as JSON"


def add_arguments(parser) -> None:
    parser.add_argument("file", help="a graph file")
    add_output_option(parser)
    add_set_option(parser)
    parser.add_argument(
        "--wrt", metavar="ID",
        help="forward mode: add the tangents d node / d ID of every node",
    )  # fmt: skip
    parser.add_argument(
        "--row", type=int, metavar="K", help="take data row K (from 0) for column-bound inputs"
    )


def run(args) -> int:
    graph = load(args.file)
    overrides = {} if args.row is None else row_values(graph, args.row)
    overrides.update(assignments(args.assignments))
    result = compile(graph, output_of(graph, args.output)).run(overrides)
    report = {
        "output": result.output,
        "order": result.order,
        "values": {n: json_number(v) for n, v in result.values.items()},
        "grads": {n: json_number(g) for n, g in result.grads.items()},
    }
    if args.wrt is not None:
        tangents = forward_mode(result, args.wrt).tangents
        report["tangents"] = {n: json_number(t) for n, t in tangents.items()}
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def row_values(graph, row: int) -> dict[str, float]:
    """{input id: its column's value in data row ``row``} for the column-bound inputs."""
    if graph.data is None:
        raise UsageError("--row: the file has no data")
    try:
        values = graph.data.row(row)
    except DataError as error:
        raise UsageError(f"--row: {error}") from None
    return {node_id: values[column] for node_id, column in graph.columns_bound().items()}
