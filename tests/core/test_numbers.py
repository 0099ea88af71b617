"""Numbers as people read them."""

import math

import pytest

from backprop_gui.core.numbers import format_number, full_precision, parse_number


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.5, "0.5"),
        (0.25, "0.25"),
        (0.99752738, "0.9975"),
        (4.78812, "4.788"),
        (-2.0, "−2"),
        (0.0, "0"),
        (-0.0, "0"),
        (12345.6, "12346"),
        (1234567.0, "1.235e6"),
        (0.000123456, "1.235e−4"),
        (math.nan, "NaN"),
        (math.inf, "∞"),
        (-math.inf, "−∞"),
        (None, "—"),
    ],
)
def test_format_number_shows_four_significant_digits_and_a_real_minus(value, text):
    assert format_number(value) == text


def test_full_precision_keeps_every_digit():
    assert full_precision(0.1 + 0.2) == "0.30000000000000004"
    assert full_precision(-1.5) == "−1.5"
    assert full_precision(-math.inf) == "−∞"
    assert full_precision(None) == "—"


@pytest.mark.parametrize(
    ("text", "number"),
    [("−2", -2.0), ("1e-3", 0.001), (" 0.5 ", 0.5), ("+.5", 0.5), ("3.", 3.0), ("1E5", 1e5),
     ("1_000", None), ("_1", None), ("nan", None), ("inf", None), ("-Infinity", None),
     ("1e400", None), ("١٢", None), ("0x10", None), ("", None), ("1 2", None)],
)  # fmt: skip
def test_parse_number_reads_decimal_numbers_only(text, number):
    assert parse_number(text) == number
