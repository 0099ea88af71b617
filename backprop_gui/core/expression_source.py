"""The text of an expression and its refusals, each pointing at a character.

:class:`Source` hands Python's ``ast`` a copy of the user's text with ``^`` written
``**``, and maps every position ``ast`` reports back to the user's text. Python counts
a node's column in UTF-8 bytes and a syntax error's in characters, both in its own
copy; an :class:`ExpressionError` counts characters of what the user typed (``é +
foo(1)`` points at column 5), lines as Python splits them (``\\n``, ``\\r\\n`` or a lone
``\\r``), and carries ``position``, the index in the whole text, for a cursor.
"""

from __future__ import annotations

import ast
import bisect
import re
import warnings

from .quoting import shown

MAX_LENGTH = 10_000  # characters of input
MAX_DEPTH = 200  # nesting of brackets and operators

_LINE_END = re.compile(r"\r\n|\r|\n")  # the line ends Python's tokenizer knows
_OPERATOR_CHARS = set("+-*/%@&|^~<>=.")
_NOT_AN_OPERATOR = " \t\f()\\\r\n"  # what may stand between an operand and its operator
# A number written against a name, as in "2x" or "1.5e3x" (Python: "invalid decimal literal")
_NUMBER_THEN_NAME = re.compile(r"(?<![\w.])(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)([A-Za-z]\w*)")


class ExpressionError(ValueError):
    """A formula that cannot be read; ``line`` and ``column`` (1-based, in characters)
    and ``position`` (0-based index in the whole text) point at the problem."""

    def __init__(self, message: str, line: int, column: int, position: int):
        self.line = line
        self.column = column
        self.position = position
        where = f"line {line}, column {column}" if line > 1 else f"column {column}"
        super().__init__(f"{message} at {where}")


class Source:
    """The user's text split into lines as Python splits it, and its Python copy."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [match.end() for match in _LINE_END.finditer(text)]
        self.lines = _LINE_END.split(text)
        self.python_lines = [line.replace("^", "**") for line in self.lines]
        self.python = "\n".join(self.python_lines)
        self.python_starts = [0]
        for python_line in self.python_lines[:-1]:
            self.python_starts.append(self.python_starts[-1] + len(python_line) + 1)

    # ------------------------------------------------------------------ parsing

    def parse(self) -> ast.Module:
        """The text's tree; ExpressionError if it is too long, too deep or not Python."""
        if len(self.text) > MAX_LENGTH:
            raise self.error_at(
                f"the expression is too long ({len(self.text)} characters, at most {MAX_LENGTH})",
                MAX_LENGTH,
            )
        if "\0" in self.text:  # Python names no column for it
            raise self.error_at("a NUL character is not allowed", self.text.index("\0"))
        self._check_nesting()
        try:
            with warnings.catch_warnings():  # "1if x" warns on stderr; the tree is checked anyway
                warnings.simplefilter("ignore", SyntaxWarning)
                tree = ast.parse(self.python, mode="exec")
        except SyntaxError as error:
            raise self._syntax_error(error) from None
        except (RecursionError, MemoryError):
            message = f"the expression is nested too deeply (over {MAX_DEPTH})"
            raise self.error_at(message, self._too_deep_index()) from None
        if not tree.body:
            raise self.error_at("the expression is empty", 0)
        return tree

    def _check_nesting(self) -> None:
        depth = 0
        for index, char in enumerate(self.text):
            depth += (char in "([") - (char in ")]")
            if depth > MAX_DEPTH:
                raise self.error_at(f"brackets are nested too deeply (over {MAX_DEPTH})", index)

    def _too_deep_index(self) -> int:
        """Where a statement passes MAX_DEPTH brackets and operators, counted from its
        start: a place to point at when Python's parser gives up on the depth."""
        depth = 0
        for index, char in enumerate(self.text):
            if char in ";\r\n":
                depth = 0
            depth += (char in "([") - (char in ")]") + (char in _OPERATOR_CHARS)
            if depth > MAX_DEPTH:
                return index
        return 0

    def _syntax_error(self, error: SyntaxError) -> ExpressionError:
        line = min(max(error.lineno or 1, 1), len(self.lines))
        if error.msg.startswith("Exceeds the limit"):  # Python's cap on an integer's digits
            runs = re.finditer(r"\d+", self.lines[line - 1])
            longest = max(runs, key=lambda run: len(run[0]), default=None)
            return self.error(
                "the number is too large", line, longest.start() + 1 if longest else 1
            )
        column = self.column(line, (error.offset or 1) - 1)
        if error.msg.startswith("invalid decimal literal"):
            missing = self._missing_times(line, column)
            if missing is not None:
                return missing
        if error.msg.startswith(("unmatched", "invalid syntax")):
            char = self.char_at(line, column)
            if char is None:
                return self.error("unexpected end of the expression", line, column)
            return self.error(f"unexpected {char!r}", line, column)
        return self.error(error.msg, line, column)

    def _missing_times(self, line: int, column: int) -> ExpressionError | None:
        """ "2x" at ``column`` of ``line``: a ``*`` missing between a number and a name."""
        for match in _NUMBER_THEN_NAME.finditer(self.lines[line - 1]):
            if match.start() < column <= match.end():
                number, name = match.groups()
                suggestion = shown(f"{number}*{name}")
                message = f"missing '*' after {shown(number)} (did you mean {suggestion}?)"
                return self.error(message, line, match.start(2) + 1)
        return None

    # ---------------------------------------------------------------- positions

    def error(self, message: str, line: int, column: int) -> ExpressionError:
        """An error at the 1-based ``line`` and ``column`` of the user's text."""
        return ExpressionError(message, line, column, self.starts[line - 1] + column - 1)

    def error_at(self, message: str, index: int) -> ExpressionError:
        """An error at character ``index`` of the user's text."""
        line = bisect.bisect_right(self.starts, index)
        return self.error(message, line, index - self.starts[line - 1] + 1)

    def node_error(self, message: str, node: ast.AST) -> ExpressionError:
        """An error at the start of ``node``."""
        return self.error(message, node.lineno, self.node_column(node.lineno, node.col_offset))

    def node_column(self, line: int, byte_offset: int) -> int:
        """The user's column of a node's ``col_offset``, which Python counts in bytes."""
        return self.column(line, self._char_offset(line, byte_offset))

    def _char_offset(self, line: int, byte_offset: int) -> int:
        """The character offset in the Python text's ``line`` of a UTF-8 byte offset."""
        encoded = self.python_lines[line - 1].encode("utf-8")
        return len(encoded[:byte_offset].decode("utf-8", errors="ignore"))

    def column(self, line: int, offset: int) -> int:
        """The 1-based column in the user's text of the Python text's ``offset`` (0-based,
        in characters): every ``^`` is one character longer there."""
        python_column = 0
        user_line = self.lines[line - 1]
        for user_column, char in enumerate(user_line):
            if python_column >= offset:
                return user_column + 1
            python_column += 2 if char == "^" else 1
        return len(user_line) + 1

    def char_at(self, line: int, column: int) -> str | None:
        user_line = self.lines[line - 1]
        return user_line[column - 1] if 0 < column <= len(user_line) else None

    def operator_error(self, left: ast.expr, right: ast.expr) -> ExpressionError:
        """An unsupported operator between two operands, pointing at it (the operands may
        sit on different lines, joined by a backslash or brackets)."""
        start = self._python_index(left.end_lineno, left.end_col_offset)
        end = self._python_index(right.lineno, right.col_offset)
        between = self.python[start:end]
        symbol = between.strip(_NOT_AN_OPERATOR)
        index = start + between.index(symbol[:1]) if symbol else end
        line = bisect.bisect_right(self.python_starts, index)
        column = self.column(line, index - self.python_starts[line - 1])
        return self.error(f"the operator {symbol!r} is not supported", line, column)

    def _python_index(self, line: int, byte_offset: int) -> int:
        """The index in the whole Python text of a node's line and byte offset."""
        return self.python_starts[line - 1] + self._char_offset(line, byte_offset)
