"""What the commands share: the usage error, output and ``--set`` parsing, JSON numbers."""

from __future__ import annotations

import argparse
import os

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
