"""What the commands share: the usage error, output and ``--set`` parsing, JSON numbers,
the check before writing a file."""

from __future__ import annotations

import argparse
import os
import tempfile

from ..core import GraphError, resolve_output
from ..core.numbers import json_number as json_number  # for the commands: one number form
from ..core.numbers import parse_number
from ..core.quoting import quoted, shown


class UsageError(Exception):
    """A mistake in the command line or its input; reported as one ``error:`` line."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes become a UsageError, never a usage dump."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        raise UsageError(message)

    def parse_known_args(self, args=None, namespace=None):
        if args is not None:
            args = self._with_negative_values_joined(list(args))
        return super().parse_known_args(args, namespace)

    def _with_negative_values_joined(self, args: list[str]) -> list[str]:
        """``--from -2e1`` as ``--from=-2e1``: argparse knows ``-2`` and ``-2.5`` as
        negative numbers but takes ``-2e1`` (or ``-1E-3``) for an unknown option."""
        takes_value = {
            option for option, action in self._option_string_actions.items()
            if option.startswith("--") and action.nargs is None
        }  # fmt: skip
        joined: list[str] = []
        for arg in args:
            if joined and joined[-1] in takes_value and _is_negative_number(arg):
                joined[-1] = f"{joined[-1]}={arg}"
            else:
                joined.append(arg)
        return joined


def _is_negative_number(text: str) -> bool:
    """``-2e1``, ``-1E-3``, ``-inf``: what float() reads, starting with a minus."""
    try:
        float(text)
    except ValueError:
        return False
    return text.startswith("-")


def check_writable(out: str, graph_file: str) -> None:
    """Refuse to write ``out`` over the graph file itself, over something that is not a
    regular file (a pipe would block; a device such as /dev/null would be replaced by
    an atomic write), or into a folder that cannot take a new file: a usage error
    before anything is drawn, so that no Qt warning precedes the one ``error:`` line."""
    if os.path.exists(out) and os.path.samefile(out, graph_file):
        raise UsageError(f"{quoted(out)} is the graph file itself; choose another OUT")
    if os.path.exists(out) and not os.path.isfile(out):
        raise UsageError(f"cannot write {quoted(out)}: not a regular file")
    folder = os.path.dirname(os.path.realpath(out))
    try:  # the only sure test: os.access says yes to root, and /proc refuses root
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".backprop-gui-probe-"):
            pass
    except OSError as error:
        raise UsageError(f"cannot write {quoted(out)}: {error.strerror or error}") from None


def headless_qt() -> None:
    """Qt without a window system, for a command that draws to a file: offscreen
    whatever ``QT_QPA_PLATFORM`` says (xcb or wayland without a display would abort)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


def output_of(graph, output: str | None) -> str:
    """The node to differentiate; an unknown or ambiguous one is a usage error."""
    try:
        return resolve_output(graph, output)
    except GraphError as error:
        hint = "" if output else " with --output ID"
        raise UsageError(f"{error}{hint}") from None


def add_output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", metavar="ID", help="the node to differentiate")


def add_set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set", metavar="ID=VALUE", action="append", default=[], dest="assignments",
        help="give an input or constant another value (repeatable)",
    )  # fmt: skip


def assignments(texts: list[str]) -> dict[str, float]:
    """``--set ID=VALUE`` texts as a dict; a malformed one is a usage error."""
    return dict(_assignment(text) for text in texts)


def _assignment(text: str) -> tuple[str, float]:
    node_id, equals, value = text.partition("=")
    if not equals or not node_id:
        raise UsageError(f"--set takes ID=VALUE, not {quoted(text)}")
    number = parse_number(value)
    if number is None:
        raise UsageError(f"--set {shown(node_id)}: {quoted(value)} is not a finite number")
    return node_id, number


def number(option: str):
    """An argparse type: a finite number, else a usage error naming ``option``."""

    def parse(text: str) -> float:
        value = parse_number(text)
        if value is None:
            raise UsageError(f"{option}: {quoted(text)} is not a finite number")
        return value

    return parse


def positive_number(option: str):
    """An argparse type: a finite number above 0."""
    parse = number(option)

    def parse_positive(text: str) -> float:
        value = parse(text)
        if value <= 0:
            raise UsageError(f"{option} must be above 0, not {text}")
        return value

    return parse_positive
