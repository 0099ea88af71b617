"""The command line: ``backprop-gui [FILE]`` opens the GUI; subcommands work headless.

Each subcommand lives in its own module with ``NAME``, ``HELP``, ``add_arguments``
and ``run``; ``COMMANDS`` lists them in the order ``--help`` shows them.
Every failure a person can cause (a bad file, id or value) ends with exit code 2 and
one ``error: ...`` line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from ..core import FileFormatError, GraphError
from ..core.expression import ExpressionError
from . import check, eval_command, export, from_expr, plot, render, train, worksheet
from .common import Parser, UsageError

COMMANDS = {
    module.NAME: module
    for module in (eval_command, from_expr, render, export, train, check, plot, worksheet)
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser().parse_args(argv)
            return COMMANDS[args.command].run(args)
        args = _gui_parser().parse_args(argv)
        _refuse_without_display()
        from ..ui.app import run_app  # Qt is loaded only when the GUI is wanted

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
    from ..ui.display import display_problem  # loads no Qt

    problem = display_problem()
    if problem:
        headless = ", ".join(COMMANDS)
        raise UsageError(
            f"the GUI needs a display ({problem}); the headless commands {headless} run without one"
        )


def _gui_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  {name:10} {module.HELP}" for name, module in COMMANDS.items())
    parser = Parser(
        prog="backprop-gui",
        description="Build a computation graph and watch backpropagation happen on it.",
        epilog=f"commands (run 'backprop-gui COMMAND -h' for their options):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", help="a graph file to open (default: an example)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="backprop-gui")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for name, module in COMMANDS.items():
        module.add_arguments(commands.add_parser(name, help=module.HELP, description=module.HELP))
    return parser
