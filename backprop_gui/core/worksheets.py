"""Worksheets: one graph as several exercises with fresh numbers, and what a sheet says.

Variant ``k`` of a worksheet with seed ``S`` draws its inputs with the seed
``"S:k"`` (:func:`~.fresh_numbers.fresh_values`), so the same seed always gives the
same sheets and the answer key matches them. The drawing (a PDF through Qt) is in
``ui/worksheet_pdf.py``; this module decides the content.
"""

from __future__ import annotations

from .chainrule import Names, chain_rule_text, forward_text
from .engine import compile
from .fresh_numbers import fresh_values
from .graph import Graph, GraphError
from .numbers import format_number
from .practice import BOTH, GRADS, VALUES, Exercise

SHEET_HIDES = (VALUES, GRADS, BOTH)  # what a printed sheet can leave blank

_TASKS = {
    VALUES: "the value of every blank node (the forward pass)",
    GRADS: "the gradient {d} of every node with a blank (the backward pass)",
    BOTH: "first the values (the forward pass), then the gradients {d} (the backward pass)",
}


def variants(graph: Graph, count: int, seed, hide: str, output: str | None = None):
    """``count`` exercises on ``graph``, each with its own seeded input values.

    Raises GraphError when a port is free (a sheet would have no blanks there), when
    ``output`` is not one node, and when no values keep the graph finite and away from
    its kinks.
    """
    if hide not in SHEET_HIDES:
        raise GraphError(f"a worksheet hides {', '.join(SHEET_HIDES)}, not {hide!r}")
    compile(graph, output).require_complete("print a worksheet of")
    exercises = []
    for k in range(1, count + 1):
        values = fresh_values(graph, f"{seed}:{k}", output)
        if values is None:
            raise GraphError(
                "no input values keep this graph finite and away from its kinks; "
                "check its domain (log, sqrt, division)"
            )
        exercises.append(Exercise(graph, hide, values, output))
    return exercises


def instruction(exercise: Exercise) -> str:
    """The sheet's one-line task: what to fill in, in the step panel's notation."""
    names = Names(exercise.graph)
    output = exercise.result.output
    d = f"{names.d(output)}/d·"
    return (
        f"Fill in {_TASKS[exercise.hide].format(d=d)}. "
        f"The inputs are given; {names.d(output)}/{names.d(output)} = 1 at the output "
        f"{names.term(output).html}. Give 4 significant digits."
    )


def given_text(exercise: Exercise) -> str:
    """``x = 1.6, w = −0.3``: the input values of this variant."""
    names = Names(exercise.graph)
    return ", ".join(
        f"{names.term(n).html} = {format_number(v)}" for n, v in exercise.values.items()
    )


def answer_line(exercise: Exercise, blank) -> str:
    """The key's rich-text line for one blank: the forward step that gives a value,
    the whole chain rule (names, then numbers) that gives a gradient."""
    names = Names(exercise.graph)
    if blank.kind == "value":
        step = next(s for s in exercise.forward if s.node == blank.key)
        return forward_text(step, names)
    terms = [s for s in exercise.backward if s.source == blank.key]
    return chain_rule_text(terms, exercise.result.output, names, numbers=True)
