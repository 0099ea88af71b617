"""``backprop-gui check FILE``: the engine's gradients against central differences."""

from __future__ import annotations

import json

from ..core import load
from ..core.gradcheck import EPS, check_gradients
from .common import (
    add_output_option,
    add_set_option,
    assignments,
    json_number,
    output_of,
    positive_number,
)

NAME = "check"
HELP = "compare every gradient with a central difference; exit 1 if one is off"


def add_arguments(parser) -> None:
    parser.add_argument("file", help="a graph file")
    add_output_option(parser)
    add_set_option(parser)
    parser.add_argument(
        "--eps", metavar="H", type=positive_number("--eps"), default=EPS,
        help=f"the step is H·max(1, |value|) (default {EPS:g})",
    )  # fmt: skip


def run(args) -> int:
    graph = load(args.file)
    check = check_gradients(
        graph, output_of(graph, args.output), assignments(args.assignments), args.eps
    )
    report = {
        "output": check.output,
        "ok": check.ok,
        "checks": {
            leaf: {
                "analytic": json_number(c.analytic),
                "numeric": json_number(c.numeric),
                "error": json_number(c.error),
                "kink": c.kink,
                "ok": c.ok,
            }
            for leaf, c in check.leaves.items()
        },
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if check.ok else 1
