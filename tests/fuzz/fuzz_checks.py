"""What every fuzzed input must satisfy, for the bounded test and the long run alike.

Each check returns how the input ended ("loaded", "refused", ...) and raises
AssertionError, or lets any unexpected exception through, when the contract breaks:
the loader raises only FileFormatError, the parser only ExpressionError, both with one
short line; what loads also saves and loads back the same; the command line exits 0
or 2 with at most one line on stderr.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

from backprop_gui.cli import main
from backprop_gui.core import FileFormatError, dumps, load, loads
from backprop_gui.core.expression import ExpressionError, parse_expression
from backprop_gui.core.quoting import QUOTE_LIMIT

MESSAGE_LIMIT = 6 * QUOTE_LIMIT  # a message quotes at most a few inputs
REPOSITORY = Path(__file__).resolve().parents[2]


def assert_one_short_line(message: str) -> None:
    assert message and len(message) <= MESSAGE_LIMIT, f"{len(message)} characters"
    assert message.isprintable(), repr(message)


def load_outcome(path) -> str:
    try:
        graph = load(path)
    except FileFormatError as error:
        assert_one_short_line(str(error))
        return "refused"
    text = dumps(graph)
    assert dumps(loads(text)) == text, "a loaded graph does not load back the same"
    text.encode("utf-8")  # it can be saved
    return "loaded"


def eval_outcome(path) -> int:
    """``backprop-gui eval PATH`` run in this process: its exit code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["eval", str(path)])
    _assert_cli_contract(code, err.getvalue())
    return code


def eval_processes(paths) -> list[int]:
    """``backprop-gui eval PATH`` in a process of its own for each path (two at a time):
    the exit codes. A hang fails after a minute."""
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    codes = []
    for pair in (paths[i : i + 2] for i in range(0, len(paths), 2)):
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "backprop_gui", "eval", str(path)],
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="backslashreplace",
            )  # fmt: skip
            for path in pair
        ]
        for process in processes:
            _, errors = process.communicate(timeout=60)
            _assert_cli_contract(process.returncode, errors)
            codes.append(process.returncode)
    return codes


def _assert_cli_contract(code: int, errors: str) -> None:
    assert code in (0, 2), f"exit code {code}: {errors[-2000:]}"
    lines = errors.splitlines()
    assert len(lines) == (code == 2), errors[-2000:]
    if lines:
        assert lines[0].startswith("error: ")
        assert_one_short_line(lines[0])


def expression_outcome(text: str) -> str:
    """How parsing ``text`` ends; it must warn nothing (a warning would print on stderr)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            graph = parse_expression(text)
    except ExpressionError as error:
        assert_one_short_line(str(error))
        assert 0 <= error.position <= len(text), (error.position, len(text))
        return "refused"
    assert len(graph) > 0
    return "built"
