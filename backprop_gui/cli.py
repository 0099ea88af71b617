"""The command line: ``backprop-gui [FILE]`` opens the GUI; subcommands work headless.

Every failure a person can cause (a bad file, id or value) ends with exit code 2 and
one ``error: ...`` line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys

from .core import FileFormatError, GraphError, compile, load, resolve_output, save
from .core.expression import ExpressionError, parse_expression
from .core.numbers import parse_number

COMMANDS: dict[str, str] = {
    "eval": "run forward and backward on a graph file and print the results as JSON",
    "from-expr": "build a graph from an expression, lay it out and save it",
    "render": "draw a graph with its gradient colours to a PNG or SVG file (headless)",
}


class UsageError(Exception):
    """A mistake in the command line or its input; reported as one ``error:`` line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise UsageError(message)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser().parse_args(argv)
            return args.run(args)
        args = _gui_parser().parse_args(argv)
        _refuse_without_display()
        from .ui.app import run_app  # Qt is loaded only when the GUI is wanted

        return run_app(args.file)
    except (UsageError, FileFormatError, GraphError, ExpressionError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `| head`) left early: not an error worth a traceback.
        sys.stdout = open(os.devnull, "w")  # stays valid until exit
        return 0


def _refuse_without_display() -> None:
    """A usage error where Qt would abort the process for want of a display."""
    from .ui.display import display_problem  # loads no Qt

    problem = display_problem()
    if problem:
        raise UsageError(
            f"the GUI needs a display ({problem}); "
            "the headless commands eval, from-expr and render run without one"
        )


def _gui_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  {name:10} {text}" for name, text in COMMANDS.items())
    parser = _Parser(
        prog="backprop-gui",
        description="Build a computation graph and watch backpropagation happen on it.",
        epilog=f"commands (run 'backprop-gui COMMAND -h' for their options):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", help="a graph file to open (default: an example)")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="backprop-gui")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    evaluate = commands.add_parser("eval", help=COMMANDS["eval"], description=COMMANDS["eval"])
    evaluate.add_argument("file", help="a graph file (format v1)")
    evaluate.add_argument("--output", metavar="ID", help="the node to differentiate")
    evaluate.add_argument(
        "--set", metavar="ID=VALUE", action="append", default=[], dest="assignments",
        help="give an input or constant another value (repeatable)",
    )  # fmt: skip
    evaluate.set_defaults(run=run_eval)
    build = commands.add_parser(
        "from-expr", help=COMMANDS["from-expr"], description=COMMANDS["from-expr"]
    )
    build.add_argument(
        "expression", help='e.g. "1/(1+exp(-x))"; ";" or newlines separate "name = expr" lines'
    )
    build.add_argument("-o", "--output-file", required=True, metavar="FILE", help="where to save")
    build.set_defaults(run=run_from_expr)
    render = commands.add_parser("render", help=COMMANDS["render"], description=COMMANDS["render"])
    render.add_argument("file", help="a graph file (format v1)")
    render.add_argument("-o", "--out", required=True, metavar="OUT", help="OUT.png or OUT.svg")
    render.add_argument("--output", metavar="ID", help="the node to differentiate")
    render.set_defaults(run=run_render)
    return parser


def run_eval(args) -> int:
    graph = load(args.file)
    overrides = dict(_assignment(text) for text in args.assignments)
    result = compile(graph, _output(graph, args.output)).run(overrides)
    report = {
        "output": result.output,
        "order": result.order,
        "values": {n: _json_number(v) for n, v in result.values.items()},
        "grads": {n: _json_number(g) for n, g in result.grads.items()},
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def run_from_expr(args) -> int:
    graph = parse_expression(args.expression)
    save(graph, args.output_file)
    return 0


def run_render(args) -> int:
    if not args.out.lower().endswith((".png", ".svg")):
        raise UsageError(f"render writes .png or .svg files, not {args.out!r}")
    graph = load(args.file)  # a broken file or output is refused before Qt starts
    _output(graph, args.output)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .ui.exporting import render_graph

    try:
        render_graph(graph, args.out, args.output)
    except OSError as error:
        raise UsageError(str(error)) from None
    return 0


def _output(graph, output: str | None) -> str:
    """The node to differentiate; an unknown or ambiguous one is a usage error."""
    try:
        return resolve_output(graph, output)
    except GraphError as error:
        hint = "" if output else " with --output ID"
        raise UsageError(f"{error}{hint}") from None


def _assignment(text: str) -> tuple[str, float]:
    node_id, equals, value = text.partition("=")
    if not equals or not node_id:
        raise UsageError(f"--set takes ID=VALUE, not {text!r}")
    number = parse_number(value)
    if number is None:
        raise UsageError(f"--set {node_id}: {value!r} is not a finite number")
    return node_id, number


def _json_number(value):
    """A float for JSON: None stays null, non-finite numbers become "nan"/"inf"/"-inf"."""
    if value is None:
        return None
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value
