"""``backprop-gui plot FILE --x ID``: y and dy/dx over a range of x, as CSV, PNG or SVG."""

from __future__ import annotations

from ..core import load
from ..core.atomic_write import write_atomically
from ..core.naming import node_name
from ..core.quoting import quoted
from ..core.sweep import POINTS, Sweep, sweep
from .common import (
    UsageError,
    add_set_option,
    assignments,
    check_writable,
    headless_qt,
    json_number,
    number,
)

NAME = "plot"
HELP = "sweep one input over a range: y and dy/dx as CSV, or drawn to PNG or SVG"
FORMATS = (".csv", ".png", ".svg")


def add_arguments(parser) -> None:
    parser.add_argument("file", help="a graph file")
    parser.add_argument("--x", required=True, metavar="ID", help="the input on the x axis")
    parser.add_argument("--y", metavar="ID", help="the node on the y axis (default: the output)")
    parser.add_argument("--from", dest="lower", metavar="A", type=number("--from"),
                        help="where x starts (default: its value − 3)")  # fmt: skip
    parser.add_argument("--to", dest="upper", metavar="B", type=number("--to"),
                        help="where x ends (default: its value + 3)")  # fmt: skip
    parser.add_argument("--points", metavar="N", type=int, default=POINTS,
                        help=f"how many values of x (default {POINTS})")  # fmt: skip
    add_set_option(parser)
    parser.add_argument("-o", "--out", required=True, metavar="OUT",
                        help="OUT.csv, OUT.png or OUT.svg")  # fmt: skip


def run(args) -> int:
    kind = args.out.lower().rpartition(".")[2]
    if f".{kind}" not in FORMATS:
        raise UsageError(f"plot writes .csv, .png or .svg files, not {args.out!r}")
    graph = load(args.file)
    result = sweep(
        graph, args.x, args.y, lower=args.lower, upper=args.upper, points=args.points,
        values=assignments(args.assignments),
    )  # fmt: skip
    check_writable(args.out, args.file)
    data = csv_text(result).encode("utf-8") if kind == "csv" else _image(graph, result, kind)
    try:
        write_atomically(args.out, data)
    except OSError as error:
        raise UsageError(f"cannot write {quoted(args.out)}: {error.strerror or error}") from None
    return 0


def csv_text(result: Sweep) -> str:
    """The header ``x,y,dy_dx`` and one row per point; non-finite as nan, inf, -inf."""
    rows = ["x,y,dy_dx"]
    for row in zip(result.x, result.y, result.dy_dx):
        rows.append(",".join(str(json_number(v)) for v in row))
    return "\n".join(rows) + "\n"


def _image(graph, result: Sweep, kind: str) -> bytes:
    headless_qt()
    from PySide6.QtWidgets import QApplication

    from ..ui.function_plot import plot_image
    from ..ui.theme import apply_theme

    app = QApplication.instance() or QApplication(["backprop-gui"])
    apply_theme(app)
    x_name, y_name = node_name(graph, result.x_id), node_name(graph, result.y_id)
    return plot_image(result, x_name, y_name, kind)
