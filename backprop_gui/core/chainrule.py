"""The chain rule typeset with names and with numbers, for the step-through panel.

Every function returns Qt rich text (a small HTML subset: ``<i>``, ``<sup>``,
``<sub>``), never code: ``y = sin(x) = sin(1.5) = 0.9975`` and, at a fan-out,
``dT/dx = dT/dy·∂y/∂x + dT/dz·∂z/∂x = 4.482·0.0707 + 0.9975·4.482 = 4.788``.
Pure Python (no Qt), so it is tested on its own.

Notation: ``d`` for a total derivative of the output, ``∂`` for the local derivative
of one op (``dT/dx = dT/dy·∂y/∂x``). Nodes are called by the one name of
:mod:`.naming` (their label, else a short name like ``u1``).
"""

from __future__ import annotations

import html
import re

from .forward_mode import TangentStep
from .graph import Graph
from .naming import node_name
from .ops import OPS
from .trace import BackwardStep, ForwardStep
from .typeset import Term, mul, name_term, number, plain

# ---------------------------------------------------------------------- names


class Names:
    """Each node of ``graph`` as typeset in formulas: its :func:`.naming.node_name`."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def term(self, node_id: str) -> Term:
        return name_term(node_name(self.graph, node_id))

    def d(self, node_id: str, symbol: str = "d") -> str:
        """``dy``, ``∂y``, or with brackets ``d(1.5)``: a differential of the node.

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


def forward_parts(step: ForwardStep, names: Names) -> list[str]:
    """``[y, sin(x), sin(1.5), 0.9975]``: the sides of the step's equation."""
    form = OPS[step.op].typeset
    symbolic = form(*(names.term(o) for o, _ in step.operands))
    numeric = form(*(number(v) for _, v in step.operands))
    return [names.term(step.node).html, symbolic.html, numeric.html, number(step.value).html]


def forward_text(step: ForwardStep, names: Names) -> str:
    """``y = sin(x) = sin(1.5) = 0.9975``."""
    return _equation(forward_parts(step, names))


def node_formulas(graph: Graph, node_id: str, names: Names) -> list[str]:
    """An op node's value and local derivatives in its operands' names, for its
    tooltip: ``u2 = e<sup>u1</sup>``, ``∂u2/∂u1 = e<sup>u1</sup>``. An op with a port
    unconnected is written in its port names; an input or constant has none."""
    node = graph.node(node_id)
    if node.kind != "op":
        return []
    record = OPS[node.op]
    operands = graph.operands(node_id)
    if None in operands:
        return [op_text(node.op, record.ports)]
    terms = [names.term(o) for o in operands]
    lines = [f"{names.term(node_id).html} = {record.typeset(*terms).html}"]
    if record.typeset_partials is None:  # a kink or a choice: its rule in words
        return [*lines, html.escape(record.derivative, quote=False)]
    for operand, form in zip(operands, record.typeset_partials):
        partial = f"{names.d(node_id, '∂')}/{names.d(operand, '∂')}"
        lines.append(f"{partial} = {form(*terms).html}")
    return lines


def op_text(op: str, ports: tuple[str, ...]) -> str:
    """The op in its operands' port names: ``sigmoid: σ(x)``, ``div: a / b``."""
    return f"{op}: {OPS[op].typeset(*(name_term(p) for p in ports)).html}"


def seed_text(output: str, names: Names) -> str:
    """``dT/dT = 1``: where the backward pass starts."""
    return f"{names.d(output)}/{names.d(output)} = 1"


def local_parts(
    step: BackwardStep, op: str, names: Names, operands: list[str], values
) -> tuple[list[str], str | None]:
    """The right-hand sides of the step's local derivative, and for a piecewise op the
    reason its piece applies: ``([cos(x), cos(1.5), 0.0707], None)``.

    ``operands`` are the target's operand ids by port and ``values`` their values.
    """
    record = OPS[op]
    if record.typeset_partials is not None:
        form = record.typeset_partials[step.port]
        symbolic = form(*(names.term(o) for o in operands)).html
        numeric = form(*(number(v) for v in values)).html
        return [symbolic, numeric, number(step.local).html], None
    terms = [names.term(o) for o in operands]
    branch, reason = record.branch(step.port, list(values), terms)
    return [branch.html, number(step.local).html], reason


def local_text(step: BackwardStep, op: str, names: Names, operands: list[str], values) -> str:
    """``∂y/∂x = cos(x) = cos(1.5) = 0.0707``: the local derivative on the step's edge."""
    parts, reason = local_parts(step, op, names, operands, values)
    text = _equation([_partial(step, names), *parts])
    return text if reason is None else f"{text} &nbsp;({reason})"


def _partial(step: BackwardStep, names: Names) -> str:
    """``∂y/∂x``: the local derivative of the step's op by the operand on its edge."""
    return f"{names.d(step.target, '∂')}/{names.d(step.source, '∂')}"


def backward_text(steps: list[BackwardStep], index: int, output: str, names: Names) -> str:
    """The chain rule for ``steps[index]``'s source, with every term reached so far
    (:func:`chain_rule_text` of those terms, with numbers)."""
    source = steps[index].source
    terms = [s for s in steps[: index + 1] if s.source == source]
    return chain_rule_text(terms, output, names, numbers=True)


def term_count(steps: list[BackwardStep], source: str) -> int:
    """How many terms the chain rule for ``source`` sums (its paths to the output)."""
    return sum(1 for s in steps if s.source == source)


def term_note(steps: list[BackwardStep], index: int) -> str:
    """`` · term 2 of 3`` where ``steps[index]``'s source sums several terms, else ""."""
    step = steps[index]
    terms = term_count(steps, step.source)
    return f" · term {step.term} of {terms}" if terms > 1 else ""


def chain_rule_text(terms: list[BackwardStep], output: str, names: Names, numbers: bool) -> str:
    """One node's whole chain rule with ∂ for local and d for total derivatives:
    ``dT/dx = dT/dy·∂y/∂x + dT/dz·∂z/∂x``, and with ``numbers`` on to the result
    ``= 4.482·0.0707 + 0.9975·4.482 = 4.788``. ``terms`` are the backward steps into
    the node; a term straight from the output is its local derivative alone.
    """
    source = terms[0].source
    symbolic, numeric = [], []
    for step in terms:
        local = _partial(step, names)
        if step.target == output:
            symbolic.append(local)
            numeric.append(number(step.local).html)
        else:
            symbolic.append(f"{names.d(output)}/{names.d(step.target)}·{local}")
            numeric.append(mul(number(step.upstream), number(step.local)).html)
    parts = [f"{names.d(output)}/{names.d(source)}", " + ".join(symbolic)]
    if numbers:
        numeric = [f"({t})" if i and t.startswith("−") else t for i, t in enumerate(numeric)]
        parts += [" + ".join(numeric), number(terms[-1].total).html]
    return _equation(parts)


# ------------------------------------------------------------- forward mode


MODES_NOTE = (
    "Reverse mode (backprop): one backward pass gives doutput/d(every input). "
    "Forward mode: one pass gives d(every node)/dx for one input x. "
    "With n inputs and one output, reverse needs 1 pass and forward n."
)


def dot(node_id: str, wrt: str, names: Names) -> str:
    """The tangent of a node: ``ẏ`` for a one-letter name, else ``d(e<sup>x</sup>)/dx``."""
    name = names.term(node_id).html
    if len(plain(name)) != 1:
        return f"{names.d(node_id)}/{names.d(wrt)}"
    if name.endswith("</i>"):  # the dot goes on the letter, inside the italics
        return f"{name[:-4]}\u0307</i>"
    return f"{name}\u0307"


def tangent_seed_text(wrt: str, names: Names) -> str:
    """``ẋ = dx/dx = 1``: where forward mode starts."""
    return _equation([dot(wrt, wrt, names), f"{names.d(wrt)}/{names.d(wrt)}", "1"])


def tangent_text(step: TangentStep, wrt: str, names: Names) -> str:
    """``ż = ∂z/∂y·ẏ = 0.54·1 = 0.54``: an op's tangent, one term per operand on x's paths."""
    target = names.d(step.node, "∂")
    symbolic = " + ".join(
        f"{target}/{names.d(t.source, '∂')}·{dot(t.source, wrt, names)}" for t in step.terms
    )
    numeric = " + ".join(mul(number(t.local), number(t.tangent)).html for t in step.terms)
    return _equation([dot(step.node, wrt, names), symbolic, numeric, number(step.tangent).html])
