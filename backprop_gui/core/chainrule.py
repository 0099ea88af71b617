"""The chain rule typeset with names and with numbers, for the step-through panel.

Every function returns Qt rich text (a small HTML subset: ``<i>``, ``<sup>``,
``<sub>``), never code: ``y = sin(x) = sin(1.5) = 0.9975`` and, at a fan-out,
``dT/dx = ∂T/∂y·dy/dx + ∂T/∂z·dz/dx = 4.482·0.0707 + 0.9975·4.482 = 4.788``.
Pure Python (no Qt), so it is tested on its own.

Nodes are called by their label; an unlabelled constant by its value; an unlabelled
op by its expression in its operands' names (``e^−x + 1``) while that stays short,
else by its id.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from .engine import BackwardStep, ForwardStep
from .graph import Graph
from .numbers import format_number

# Precedence of a typeset term, loosest first: a sum needs brackets inside a product.
SUM, UNARY, PRODUCT, POWER, ATOM = range(5)
NAME_LENGTH = 16  # an op's expression longer than this (in characters shown) is named by id
NAME_DEPTH = 3  # ... and so is one nested deeper than this


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


# ------------------------------------------------------------------- op forms


def _binary(symbol: str, precedence: int, right: int | None = None) -> Callable[..., Term]:
    """``a <symbol> b``; the right operand needs ``right`` (tighter) where order matters."""
    right = precedence if right is None else right
    return lambda a, b: Term(
        f"{a.at_least(precedence).html}{symbol}{b.at_least(right).html}", precedence
    )


def _call(name: str) -> Callable[..., Term]:
    return lambda *args: Term(f"{name}({', '.join(a.html for a in args)})")


def _power(base: Term, exponent: Term) -> Term:
    return Term(f"{base.at_least(ATOM).html}<sup>{exponent.html}</sup>", POWER)


def _neg(x: Term) -> Term:
    return Term(f"−{x.at_least(PRODUCT).html}", UNARY)


add, sub = _binary(" + ", SUM), _binary(" − ", SUM, PRODUCT)
mul, div = _binary("·", PRODUCT), _binary(" / ", PRODUCT, POWER)
ONE, TWO = Term("1"), Term("2")

# op name -> the op's value as a term of its operands' terms
VALUE_FORMS: dict[str, Callable[..., Term]] = {
    "add": add,
    "sub": sub,
    "mul": mul,
    "div": div,
    "pow": _power,
    "neg": _neg,
    "exp": lambda x: _power(Term("e"), x),
    "log": _call("ln"),
    "sin": _call("sin"),
    "cos": _call("cos"),
    "tanh": _call("tanh"),
    "sigmoid": _call("σ"),
    "relu": _call("ReLU"),
    "max": _call("max"),
    "min": _call("min"),
    "abs": lambda x: Term(f"|{x.html}|"),
    "sqrt": lambda x: Term(f"√{x.at_least(ATOM).html}", POWER),
}

# op name -> per port, the local derivative as a term of the operands' terms
_SMOOTH_DERIVATIVES: dict[str, tuple[Callable[..., Term], ...]] = {
    "add": (lambda a, b: ONE, lambda a, b: ONE),
    "sub": (lambda a, b: ONE, lambda a, b: Term("−1", UNARY)),
    "mul": (lambda a, b: b, lambda a, b: a),
    "div": (lambda a, b: div(ONE, b), lambda a, b: _neg(div(a, _power(b, TWO)))),
    "pow": (
        lambda a, b: mul(b, _power(a, sub(b, ONE))),
        lambda a, b: mul(_power(a, b), VALUE_FORMS["log"](a)),
    ),
    "neg": (lambda x: Term("−1", UNARY),),
    "exp": (VALUE_FORMS["exp"],),
    "log": (lambda x: div(ONE, x),),
    "sin": (VALUE_FORMS["cos"],),
    "cos": (lambda x: _neg(VALUE_FORMS["sin"](x)),),
    "tanh": (lambda x: sub(ONE, _power(VALUE_FORMS["tanh"](x), TWO)),),
    "sigmoid": (lambda x: mul(VALUE_FORMS["sigmoid"](x), sub(ONE, VALUE_FORMS["sigmoid"](x))),),
    "sqrt": (lambda x: div(ONE, mul(TWO, VALUE_FORMS["sqrt"](x))),),
    "abs": (_call("sign"),),
}


def _piecewise(op: str, port: int, values: list[float], names: list[Term]) -> tuple[Term, str]:
    """The branch of relu, max or min that applies here: its derivative and why."""
    if op == "relu":
        x = names[0].html
        return (ONE, f"as {x} &gt; 0") if values[0] > 0 else (Term("0"), f"as {x} ≤ 0")
    a, b = (n.html for n in names)
    if values[0] == values[1]:
        return Term("½"), "a tie: half to each"
    first_wins = values[0] > values[1] if op == "max" else values[0] < values[1]
    wins = first_wins if port == 0 else not first_wins
    relation = ">" if (values[0] > values[1]) else "<"
    return (ONE if wins else Term("0")), f"as {a} {html.escape(relation)} {b}"


# ---------------------------------------------------------------------- names


class Names:
    """What each node of ``graph`` is called in formulas (see the module docstring)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._names: dict[str, Term] = {}

    def term(self, node_id: str) -> Term:
        name = self._names.get(node_id)
        if name is None:
            name = self._names[node_id] = self._expression(node_id, NAME_DEPTH)
        return name

    def _expression(self, node_id: str, depth: int) -> Term:
        node = self.graph.node(node_id)
        if node.label:
            return name_term(node.label)
        if node.kind == "constant":
            return number(node.value)
        if node.kind == "input" or depth == 0:
            return name_term(node_id)
        operands = [self.graph.operand(node_id, port) for port in range(self.graph.arity(node_id))]
        if None in operands:
            return name_term(node_id)
        term = VALUE_FORMS[node.op](*(self._expression(o, depth - 1) for o in operands))
        return term if len(plain(term.html)) <= NAME_LENGTH else name_term(node_id)

    def d(self, node_id: str, symbol: str = "d") -> str:
        """``dy``, ``∂y``, or with brackets ``d(e<sup>−x</sup>)``: a differential of the node.

        Only a name that is one word starting with a letter goes without brackets.
        """
        name = self.term(node_id).html
        if re.fullmatch(r"[^\W\d]\w*", plain(name)):
            return f"{symbol}{name}"
        return f"{symbol}({name})"


# ---------------------------------------------------------------------- texts


def _equation(parts: list[str]) -> str:
    """``a = b = c``, leaving out a part equal to the one before it."""
    kept: list[str] = []
    for part in parts:
        if not kept or plain(part) != plain(kept[-1]):
            kept.append(part)
    return " = ".join(kept)


def forward_text(step: ForwardStep, names: Names) -> str:
    """``y = sin(x) = sin(1.5) = 0.9975``."""
    form = VALUE_FORMS[step.op]
    symbolic = form(*(names.term(o) for o, _ in step.operands))
    numeric = form(*(number(v) for _, v in step.operands))
    parts = [names.term(step.node).html, symbolic.html, numeric.html, number(step.value).html]
    return _equation(parts)


def op_text(op: str, ports: tuple[str, ...]) -> str:
    """The op in its operands' port names: ``sigmoid: σ(x)``, ``div: a / b``."""
    return f"{op}: {VALUE_FORMS[op](*(name_term(p) for p in ports)).html}"


def seed_text(output: str, names: Names) -> str:
    """``dT/dT = 1``: where the backward pass starts."""
    return f"{names.d(output)}/{names.d(output)} = 1"


def local_text(step: BackwardStep, op: str, names: Names, operands: list[str], values) -> str:
    """``dy/dx = cos(x) = cos(1.5) = 0.0707``: the local derivative on the step's edge.

    ``operands`` are the target's operand ids by port and ``values`` their values.
    """
    lhs = f"{names.d(step.target)}/{names.d(step.source)}"
    if op in _SMOOTH_DERIVATIVES:
        form = _SMOOTH_DERIVATIVES[op][step.port]
        symbolic = form(*(names.term(o) for o in operands)).html
        numeric = form(*(number(v) for v in values)).html
        return _equation([lhs, symbolic, numeric, number(step.local).html])
    branch, reason = _piecewise(op, step.port, list(values), [names.term(o) for o in operands])
    return f"{_equation([lhs, branch.html, number(step.local).html])} &nbsp;({reason})"


def backward_text(steps: list[BackwardStep], index: int, output: str, names: Names) -> str:
    """The chain rule for ``steps[index]``'s source, with every term reached so far.

    ``dT/dx = ∂T/∂y·dy/dx + ∂T/∂z·dz/dx = 4.482·0.0707 + 0.9975·4.482 = 4.788``
    """
    step = steps[index]
    terms = [s for s in steps[: index + 1] if s.source == step.source]
    source = names.d(step.source)
    symbolic = " + ".join(
        f"{names.d(output, '∂')}/{names.d(s.target, '∂')}·{names.d(s.target)}/{source}"
        for s in terms
    )
    numeric = " + ".join(mul(number(s.upstream), number(s.local)).at_least(SUM).html for s in terms)
    lhs = f"{names.d(output)}/{source}"
    return _equation([lhs, symbolic, numeric, number(step.total).html])


def term_count(steps: list[BackwardStep], source: str) -> int:
    """How many terms the chain rule for ``source`` sums (its paths to the output)."""
    return sum(1 for s in steps if s.source == source)
