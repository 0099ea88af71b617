"""``backprop-gui export FILE --to FORMAT -o OUT``: File › Export Code, headless.

Writes the very bytes the window's File › Export writes for the same file: both call
``exports.export_text`` and ``exports.write_export``; the formats are the keys of
``exports.FORMATS``.
"""

from __future__ import annotations

from ..core import load
from ..core.exports import FORMATS, export_text, write_export
from ..core.quoting import quoted
from .common import UsageError, add_output_option, check_writable, output_of

NAME = "export"
HELP = f"write a graph in another format ({', '.join(FORMATS)}), as File › Export does"


def add_arguments(parser) -> None:
    parser.add_argument("file", help="a graph file")
    parser.add_argument("--to", required=True, choices=list(FORMATS), help="the format to write")
    parser.add_argument("-o", "--out", required=True, metavar="OUT", help="the file to write")
    add_output_option(parser)


def run(args) -> int:
    graph = load(args.file)
    output_of(graph, args.output)  # an unknown or ambiguous output is a usage error
    text = export_text(graph, args.to, args.output)
    check_writable(args.out, args.file)
    try:
        write_export(text, args.out)
    except OSError as error:
        raise UsageError(f"cannot write {quoted(args.out)}: {error.strerror or error}") from None
    return 0
