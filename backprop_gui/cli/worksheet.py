"""``backprop-gui worksheet FILE -o OUT.pdf``: printable exercises and their answer key."""

from __future__ import annotations

import os

from ..core import load
from ..core.worksheets import SHEET_HIDES, variants
from .common import UsageError, add_output_option, headless_qt, output_of

NAME = "worksheet"
HELP = "print exercises on a graph (blank values or gradients) and their answer key as PDF"
MAX_COUNT = 200


def add_arguments(parser) -> None:
    parser.add_argument("file", help="a graph file")
    parser.add_argument("-o", "--out", required=True, metavar="OUT.pdf", help="the sheets")
    parser.add_argument(
        "--count",
        type=_count,
        default=1,
        metavar="N",
        help="how many variants, one per page, each with its own numbers",
    )
    parser.add_argument(
        "--seed", default="0", metavar="S", help="the same seed gives the same sheets (default 0)"
    )
    parser.add_argument(
        "--hide",
        choices=SHEET_HIDES,
        default="both",
        help="what the learner fills in (default both)",
    )
    parser.add_argument("--answers", metavar="KEY.pdf", help="also write the answer key")
    add_output_option(parser)  # fmt: skip


def _count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise UsageError(f"--count takes a whole number, not {text!r}") from None
    if not 1 <= count <= MAX_COUNT:
        raise UsageError(f"--count must be between 1 and {MAX_COUNT}, not {count}")
    return count


def run(args) -> int:
    for path in (args.out, args.answers):
        if path is not None and not path.lower().endswith(".pdf"):
            raise UsageError(f"worksheet writes .pdf files, not {path!r}")
    if args.answers is not None and os.path.abspath(args.answers) == os.path.abspath(args.out):
        raise UsageError("the answer key needs a file of its own, not the sheets' file")
    graph = load(args.file)
    output = output_of(graph, args.output)
    exercises = variants(graph, args.count, args.seed, args.hide, output)
    headless_qt()
    from ..ui.worksheet_pdf import write_worksheets

    title = graph.meta.get("title") or "Backpropagation exercise"
    try:
        write_worksheets(exercises, title, args.out, args.answers)
    except OSError as error:
        raise UsageError(str(error)) from None
    return 0
