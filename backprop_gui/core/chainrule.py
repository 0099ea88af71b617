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


def forward_text(step: ForwardStep, names: Names) -> str:
    """``y = sin(x) = sin(1.5) = 0.9975``."""
    form = OPS[step.op].typeset
    symbolic = form(*(names.term(o) for o, _ in step.operands))
    numeric = form(*(number(v) for _, v in step.operands))
    parts = [names.term(step.node).html, symbolic.html, numeric.html, number(step.value).html]
    return _equation(parts)


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


def local_text(step: BackwardStep, op: str, names: Names, operands: list[str], values) -> str:
    """``∂y/∂x = cos(x) = cos(1.5) = 0.0707``: the local derivative on the step's edge.

    ``operands`` are the target's operand ids by port and ``values`` their values.
    """
    lhs = _partial(step, names)
    record = OPS[op]
    if record.typeset_partials is not None:
        form = record.typeset_partials[step.port]
        symbolic = form(*(names.term(o) for o in operands)).html
        numeric = form(*(number(v) for v in values)).html
        return _equation([lhs, symbolic, numeric, number(step.local).html])
    terms = [names.term(o) for o in operands]
    branch, reason = record.branch(step.port, list(values), terms)
    return f"{_equation([lhs, branch.html, number(step.local).html])} &nbsp;({reason})"


def _partial(step: BackwardStep, names: Names) -> str:
    """``∂y/∂x``: the local derivative of the step's op by the operand on its edge."""
    return f"{names.d(step.target, '∂')}/{names.d(step.source, '∂')}"


def backward_text(steps: list[BackwardStep], index: int, output: str, names: Names) -> str:
    """The chain rule for ``steps[index]``'s source, with every term reached so far.

    ``dT/dx = dT/dy·∂y/∂x + dT/dz·∂z/∂x = 4.482·0.0707 + 0.9975·4.482 = 4.788``; a term
    through the output itself is its local derivative alone (``dT/dy = ∂T/∂y``).
    """
    step = steps[index]
    terms = [s for s in steps[: index + 1] if s.source == step.source]
    out = names.d(output)
    symbolic = " + ".join(
        _partial(s, names)
        if s.target == output
        else f"{out}/{names.d(s.target)}·{_partial(s, names)}"
        for s in terms
    )
    numeric = " + ".join(
        number(s.local).html
        if s.target == output
        else mul(number(s.upstream), number(s.local)).html
        for s in terms
    )
    lhs = f"{out}/{names.d(step.source)}"
    return _equation([lhs, symbolic, numeric, number(step.total).html])


def term_count(steps: list[BackwardStep], source: str) -> int:
    """How many terms the chain rule for ``source`` sums (its paths to the output)."""
    return sum(1 for s in steps if s.source == source)
