"""Every refusal of the expression parser is an ExpressionError pointing at a character
of what the user typed: columns count characters (not UTF-8 bytes), lines end as
Python's do, and ``position`` is the index of that character in the whole text."""

import re

import pytest

from backprop_gui.core.expression import ExpressionError, parse_expression

LONG_SUM = "+".join(["x"] * 3000)


def refusal(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as error:
        parse_expression(text)
    refused = error.value
    lines = re.split(r"\r\n|\r|\n", text)
    starts = [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]
    assert refused.position == ([0, *starts][refused.line - 1] + refused.column - 1)
    assert 1 <= refused.column <= len(lines[refused.line - 1]) + 1
    return refused


@pytest.mark.parametrize(
    "text, message, line, column",
    [
        ("x = sin(x)", "'x' is defined in terms of itself", 1, 9),
        ("x = x", "'x' is defined in terms of itself", 1, 5),
        ("a = b\nb = a", "'b' is used before the statement defining it", 1, 5),
        ("y = 2*x; x = 2\ny", "'x' is used before the statement defining it", 1, 7),
        ("y = 1\rz = x % 2", "the operator '%' is not supported", 2, 7),
        ("y = 1\r\nz = x // 2", "the operator '//' is not supported", 2, 7),
        ("ααααα%β", "the operator '%' is not supported", 1, 6),
        ("(x\n) @ (\n2)", "the operator '@' is not supported", 2, 3),
        ("é + foo(1)", "unknown function 'foo'", 1, 5),
        ("ααα ^ foo(1)", "unknown function 'foo'", 1, 7),
        ("é é", "unexpected 'é'", 1, 3),
        ("2x", "missing '*' after 2 (did you mean 2*x?)", 1, 2),
        ("y = 1.5e3x + 1", "missing '*' after 1.5e3 (did you mean 1.5e3*x?)", 1, 10),
        ("a = 1\nb = a^2 + 3sin(a)", "missing '*' after 3 (did you mean 3*sin?)", 2, 12),
        ("2_x", "invalid decimal literal", 1, 2),
        ("True", "True is not a number", 1, 1),
        ("x + -True", "True is not a number", 1, 6),
        ("max(False, x)", "False is not a number", 1, 5),
        ("x ** +True", "True is not a number", 1, 7),
        ("y = -(True)\ny", "True is not a number", 1, 7),
        ("", "the expression is empty", 1, 1),
        ("  \n", "the expression is empty", 1, 1),
        ("x" * 10_001, "the expression is too long (10001 characters, at most 10000)", 1, 10_001),
        ("x + \0", "a NUL character is not allowed", 1, 5),
        ("x + " + "1" * 5000, "the number is too large", 1, 5),
        ("(" * 201 + "x", "brackets are nested too deeply (over 200)", 1, 201),
        ("-" * 5000 + "x", "the expression is nested too deeply (over 200)", 1, 201),
        (LONG_SUM, "the expression is nested too deeply (over 200)", 1, 402),
        ("-".join(["x"] * 300), "the expression is nested too deeply (over 200)", 1, 1),
        ("**".join(["x"] * 3000), "the expression is nested too deeply (over 200)", 1, 302),
    ],
    ids=lambda value: value[:20] if isinstance(value, str) else None,
)
def test_each_refusal_names_the_character_it_points_at(text, message, line, column):
    refused = refusal(text)
    where = f"line {line}, column {column}" if line > 1 else f"column {column}"
    assert str(refused) == f"{message} at {where}"
    assert (refused.line, refused.column) == (line, column)


def test_names_defined_later_are_still_fine_once_defined():
    graph = parse_expression("h = w*x + b\ny = relu(h)\ny*h")
    assert {"h", "y"} <= set(graph.node_ids())


def test_an_echoed_name_is_quoted_short():
    message = str(refusal("f" * 5000 + "(x)"))
    assert message.startswith("unknown function 'fff") and "…" in message
    assert len(message) < 120


def test_a_long_number_before_a_name_is_quoted_short():
    message = str(refusal("0." + "9" * 5000 + "x"))
    assert message.startswith("missing '*' after 0.999") and "…" in message
    assert len(message) < 250
