"""The whole derivation of a graph's passes as a LaTeX document (File › Export › LaTeX).

The given values, every forward step (``y = \\sin(x) = \\sin(1.5) = 0.9975``), and for
every node with a gradient its local derivatives and its chain rule, each fan-out sum
written term by term with the numbers plugged in::

    dT/dx = dT/dy · ∂y/∂x + dT/dz · ∂z/∂x = 4.482·0.0707 + 0.9975·4.482 = 4.788

(as ``\\frac`` fractions). ∂ marks an op's local (partial) derivative and d the
output's total derivative. Nodes are named as the step panel names them
(:class:`~.chainrule.Names`), and the formulas are the step panel's, translated by
:mod:`.latex_text`. The document needs plain ``pdflatex`` with amsmath only.
"""

from __future__ import annotations

from .chainrule import Names, forward_parts, local_parts
from .engine import Result, compile
from .graph import Graph
from .latex_text import math_latex, text_latex
from .trace import BackwardStep
from .typeset import mul, number, plain

TERMS_PER_LINE = 3  # a chain-rule sum longer than this goes on over several lines


def derivation_tex(graph: Graph, output: str | None = None, values: dict | None = None) -> str:
    """The derivation as a complete LaTeX document; ``values`` override inputs by id.

    Raises GraphError when ``output`` is unknown, the graph has several sinks and none
    is chosen, or a port is free (the derivation would have holes).
    """
    plan = compile(graph, output)
    plan.require_complete("write the derivation of")
    result = plan.run(values)
    title = text_latex(graph.meta.get("title") or "Backpropagation, step by step")
    lines = [
        r"\documentclass[11pt]{article}",
        r"\usepackage{amsmath}",
        r"\setlength{\textwidth}{16.5cm}",  # wide, for long chain rules; no package needed
        r"\setlength{\oddsidemargin}{-0.2cm}",
        r"\allowdisplaybreaks",
        r"\begin{document}",
        rf"\section*{{{title}}}",
    ]
    if graph.meta.get("description"):
        lines.append(text_latex(graph.meta["description"]))
    lines += derivation_body(graph, result)
    lines.append(r"\end{document}")
    return "\n".join(lines) + "\n"


def derivation_body(graph: Graph, result: Result) -> list[str]:
    """The sections of the derivation (given values, forward pass, backward pass)."""
    names = Names(graph)
    forward, backward = result.plan.trace(result)
    body = [r"\subsection*{Given}", *_align(_given(graph, result, names))]
    body += [
        r"\subsection*{Forward pass}",
        *_align(_equation(forward_parts(s, names)) for s in forward),
    ]
    if not backward:
        return body
    out = names.term(result.output).html
    seed = (
        rf"\frac{{d{_bracketed(names, result.output)}}}{{d{_bracketed(names, result.output)}}} &= 1"
    )
    body += [
        r"\subsection*{Backward pass}",
        rf"The backward pass starts at the output ${math_latex(out)}$:",
        *_align([seed]),
    ]
    for source in _completed_order(backward):
        steps = [s for s in backward if s.source == source]
        locals_ = dict.fromkeys(_local_line(result, names, s) for s in steps)
        body += _align([*locals_, *_chain_rule(steps, result.output, names)])
    return body


def _given(graph: Graph, result: Result, names: Names) -> list[str]:
    """``x &= 1.5`` for every input, and for every constant with a name of its own."""
    given = []
    for node_id in result.order:
        node = graph.node(node_id)
        if node.kind == "input" or (node.kind == "constant" and node.label):
            given.append(_equation([names.term(node_id).html, number(result.values[node_id]).html]))
    return given


def _completed_order(backward: list[BackwardStep]) -> list[str]:
    """The sources in the order their gradient is complete (their last term is added)."""
    last = {step.source: index for index, step in enumerate(backward)}
    return sorted(last, key=last.get)


def _local_line(result: Result, names: Names, step: BackwardStep) -> str:
    """``\\frac{\\partial y}{\\partial x} &= \\cos(x) = \\cos(1.5) = 0.0707``."""
    plan = result.plan
    operands = list(plan.operands[step.target])
    values = [result.values[o] for o in operands]
    parts, reason = local_parts(step, plan.ops[step.target].name, names, operands, values)
    line = _equation([_partial(names, step.target, step.source), *parts], converted_first=True)
    return line if reason is None else rf"{line} && \text{{({text_latex(plain(reason))})}}"


def _chain_rule(steps: list[BackwardStep], output: str, names: Names) -> list[str]:
    """The chain rule of one node: the sum by names, then the same sum in numbers."""
    source = steps[0].source
    symbolic, numeric = [], []
    for step in steps:
        local = _partial(names, step.target, step.source)
        if step.target == output:  # the upstream gradient is dT/dT = 1
            symbolic.append(local)
            numeric.append(math_latex(number(step.local).html))
        else:
            symbolic.append(rf"{_total(names, output, step.target)}\,{local}")
            numeric.append(math_latex(mul(number(step.upstream), number(step.local)).html))
    lhs = _total(names, output, source)
    total = math_latex(number(steps[-1].total).html)
    numbers = _sum_lines(numeric)
    if numbers != [total]:
        numbers[-1] += f" = {total}"
    if len(steps) == 1 and steps[0].target == output:
        return [f"{lhs} &= {symbolic[0]} = {numbers[0]}"]
    lines = _sum_lines(symbolic)
    return [
        f"{lhs} &= {lines[0]}",
        *(f"&\\quad {line}" for line in lines[1:]),
        f"&= {numbers[0]}",
        *(f"&\\quad {line}" for line in numbers[1:]),
    ]


def _sum_lines(terms: list[str]) -> list[str]:
    """``a + b + c`` split into lines of TERMS_PER_LINE terms, each next line starting with +."""
    terms = [f"({t})" if i and t.startswith("-") else t for i, t in enumerate(terms)]
    lines = [
        " + ".join(terms[i : i + TERMS_PER_LINE]) for i in range(0, len(terms), TERMS_PER_LINE)
    ]
    return [line if i == 0 else f"+ {line}" for i, line in enumerate(lines)]


def _bracketed(names: Names, node_id: str) -> str:
    """The node's name ready to follow d or ∂: in brackets unless it is one word."""
    return math_latex(names.d(node_id, ""))


def _total(names: Names, output: str, node_id: str) -> str:
    return rf"\frac{{d{_bracketed(names, output)}}}{{d{_bracketed(names, node_id)}}}"


def _partial(names: Names, target: str, source: str) -> str:
    return rf"\frac{{\partial {_bracketed(names, target)}}}{{\partial {_bracketed(names, source)}}}"


def _equation(parts: list[str], converted_first: bool = False) -> str:
    """``lhs &= a = b``, leaving out a side equal to the one before it (rich-text sides,
    the first one already LaTeX if ``converted_first``)."""
    first, rest = parts[0], parts[1:]
    kept = [first if converted_first else math_latex(first)]
    previous = None if converted_first else plain(first)
    for part in rest:
        if plain(part) != previous:
            kept.append(math_latex(part))
            previous = plain(part)
    return f"{kept[0]} &= " + " = ".join(kept[1:]) if len(kept) > 1 else kept[0]


def _align(lines) -> list[str]:
    """An ``align*`` block of ``lines`` (nothing for none)."""
    lines = list(lines)
    if not lines:
        return []
    return [r"\begin{align*}", " \\\\\n".join(lines), r"\end{align*}"]
