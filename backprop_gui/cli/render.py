"""``backprop-gui render FILE -o OUT``: the coloured canvas as an image, headless."""

from __future__ import annotations

from ..core import load
from .common import UsageError, add_output_option, check_writable, headless_qt, output_of

NAME = "render"
HELP = "draw a graph with its gradient colours to a PNG or SVG file (headless)"


def add_arguments(parser) -> None:
    parser.add_argument("file", help="a graph file")
    parser.add_argument("-o", "--out", required=True, metavar="OUT", help="OUT.png or OUT.svg")
    add_output_option(parser)


def run(args) -> int:
    if not args.out.lower().endswith((".png", ".svg")):
        raise UsageError(f"render writes .png or .svg files, not {args.out!r}")
    graph = load(args.file)  # a broken file or output is refused before Qt starts
    output_of(graph, args.output)
    check_writable(args.out, args.file)
    headless_qt()
    from ..ui.exporting import render_graph

    try:
        render_graph(graph, args.out, args.output)
    except OSError as error:
        raise UsageError(str(error)) from None
    return 0
