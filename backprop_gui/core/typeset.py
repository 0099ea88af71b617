"""Formulas as typeset terms: names, numbers and the forms ops build from them.

A :class:`Term` is Qt rich text (a small HTML subset: ``<i>``, ``<sup>``, ``<sub>``)
together with how tightly it binds, so that a sum inside a product gets brackets and
nothing else does. The op registry builds each op's value and derivative texts from
the forms here; the chain-rule texts of the step-through put them together.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from .numbers import format_number

# Precedence of a typeset term, loosest first: a sum needs brackets inside a product.
SUM, UNARY, PRODUCT, POWER, ATOM = range(5)


@dataclass(frozen=True)
class Term:
    html: str
    precedence: int = ATOM

    def at_least(self, precedence: int) -> Term:
        """This term, in brackets if it binds more loosely than ``precedence``."""
        if self.precedence >= precedence:
            return self
        return Term(f"({self.html})", ATOM)


def plain(text: str) -> str:
    """Rich text as plain characters (tags dropped, entities decoded): for lengths and tests."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def number(value: float) -> Term:
    """A number as typeset: ``−0.25``, ``1.235×10<sup>6</sup>``."""
    text = format_number(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        return Term(f"{mantissa}×10<sup>{exponent}</sup>", PRODUCT)
    return Term(text, UNARY if text.startswith("−") else ATOM)


def name_term(name: str) -> Term:
    """A name as typeset: one letter (with digits as a subscript) in italics: ``w₁``."""
    match = re.fullmatch(r"([^\W\d_])_?(\d*)", name)
    if match:
        letter, digits = match.groups()
        return Term(f"<i>{html.escape(letter)}</i>" + (f"<sub>{digits}</sub>" if digits else ""))
    return Term(html.escape(name))


def binary(symbol: str, precedence: int, right: int | None = None) -> Callable[..., Term]:
    """``a <symbol> b``; the right operand needs ``right`` (tighter) where order matters."""
    right = precedence if right is None else right
    return lambda a, b: Term(
        f"{a.at_least(precedence).html}{symbol}{b.at_least(right).html}", precedence
    )


def call(name: str) -> Callable[..., Term]:
    """``name(a, b)``."""
    return lambda *args: Term(f"{name}({', '.join(a.html for a in args)})")


def power(base: Term, exponent: Term) -> Term:
    return Term(f"{base.at_least(ATOM).html}<sup>{exponent.html}</sup>", POWER)


def neg(x: Term) -> Term:
    return Term(f"−{x.at_least(PRODUCT).html}", UNARY)


def root(x: Term) -> Term:
    return Term(f"√{x.at_least(ATOM).html}", POWER)


add, sub = binary(" + ", SUM), binary(" − ", SUM, PRODUCT)
mul, div = binary("·", PRODUCT), binary(" / ", PRODUCT, POWER)
ZERO, ONE, TWO, HALF = Term("0"), Term("1"), Term("2"), Term("½")
MINUS_ONE = Term("−1", UNARY)
