"""``backprop-gui from-expr "EXPR" -o FILE``: build, lay out and save a graph."""

from __future__ import annotations

from ..core import save
from ..core.expression import parse_expression

NAME = "from-expr"
HELP = "build a graph from an expression, lay it out and save it"


def add_arguments(parser) -> None:
    parser.add_argument(
        "expression", help='e.g. "1/(1+exp(-x))"; ";" or newlines separate "name = expr" lines'
    )
    parser.add_argument("-o", "--out", required=True, metavar="FILE", help="where to save")


def run(args) -> int:
    save(parse_expression(args.expression), args.out)
    return 0
