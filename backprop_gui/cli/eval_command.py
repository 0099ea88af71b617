"""``backprop-gui eval FILE``: forward and backward headless, the results as JSON."""

from __future__ import annotations

import json

from ..core import compile, load
from ..core.forward_mode import forward_mode
from .common import add_output_option, add_set_option, assignments, json_number, output_of

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


def run(args) -> int:
    graph = load(args.file)
    overrides = assignments(args.assignments)
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
