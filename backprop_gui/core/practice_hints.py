"""Hints for a wrong answer in practice: name the missing piece, never the answer.

A hint looks at what the answer is close to. A gradient that equals some of its
chain-rule terms but not all is told which paths are missing ("dT/dx collects 2
paths; you have the one through y — what about z?"); one that equals an upstream
gradient or a local derivative alone is told to multiply by the other. Otherwise the
hint gives the formula by names: the op for a value, the chain rule for a gradient,
the derivative at the operands' values for a local derivative. A hint only quotes
numbers the learner can already see (given, answered or revealed). Hints are rich
text in the step panel's notation (:mod:`.chainrule`).
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from .chainrule import Names, chain_rule_text, forward_parts, local_parts
from .ops import OPS
from .typeset import number

if TYPE_CHECKING:
    from .graph import Graph
    from .practice import Blank, Exercise

MAX_SUBSET_TERMS = 8  # beyond this many paths, partial sums are not searched


class Hints:
    def __init__(self, graph: Graph, exercise: Exercise):
        self.exercise = exercise
        self.names = Names(graph)

    def label(self, blank: Blank) -> str:
        """What the blank asks for: ``the value of y``, ``dT/dx``, ``∂y/∂x``."""
        if blank.kind == "value":
            return f"the value of {self._name(blank.key)}"
        if blank.kind == "local":
            return self._fraction(blank.key[1], blank.key[0], "∂")
        return self._fraction(self.exercise.result.output, blank.key)

    def hint(self, blank: Blank, answer: float) -> str:
        if blank.kind == "value":
            return self._value_hint(blank.key)
        if blank.kind == "local":
            return self._local_hint(blank.key)
        return self._grad_hint(blank.key, answer)

    # ------------------------------------------------------------------ pieces

    def _name(self, node_id: str) -> str:
        return self.names.term(node_id).html

    def _fraction(self, top: str, bottom: str, symbol: str = "d") -> str:
        return f"{self.names.d(top, symbol)}/{self.names.d(bottom, symbol)}"

    def _given(self, node_ids) -> tuple[list[str], list[str]]:
        """``x = 1.5`` for the operands the learner can see; the names of the others."""
        seen, unseen = [], []
        for node_id in dict.fromkeys(node_ids):
            if self.exercise.known("value", node_id):
                value = number(self.exercise.result.values[node_id]).html
                seen.append(f"{self._name(node_id)} = {value}")
            else:
                unseen.append(self._name(node_id))
        return seen, unseen

    # ------------------------------------------------------------------- hints

    def _value_hint(self, node_id: str) -> str:
        step = next(s for s in self.exercise.forward if s.node == node_id)
        name, formula = forward_parts(step, self.names)[:2]
        seen, unseen = self._given(o for o, _ in step.operands)
        if unseen:
            return f"{name} = {formula}: work out {_and(unseen)} first"
        return f"{name} = {formula}, with {_and(seen)}"

    def _local_hint(self, key) -> str:
        source, target, port = key
        exercise, plan = self.exercise, self.exercise.result.plan
        step = next(s for s in exercise.backward if (s.source, s.target, s.port) == key)
        operands = list(plan.operands[target])
        values = [exercise.result.values[o] for o in operands]
        op = OPS[plan.ops[target].name]
        lhs = self._fraction(target, source, "∂")
        seen, unseen = self._given(operands)
        where = f"at {_and(seen)}" if not unseen else f"once you know {_and(unseen)}"
        if op.typeset_partials is None:  # piecewise: the piece would be the answer
            ports = ", ".join(f"{p} = {self._name(o)}" for p, o in zip(op.ports, operands))
            return f"{lhs}: {op.name} has {op.derivative} (here {ports}); take it {where}"
        symbolic = local_parts(step, op.name, self.names, operands, values)[0][0]
        return f"{lhs} = {symbolic} {where}"

    def _grad_hint(self, node_id: str, answer: float) -> str:
        from .practice import agrees

        output = self.exercise.result.output
        terms = [s for s in self.exercise.backward if s.source == node_id]
        lhs = self._fraction(output, node_id)
        if 1 < len(terms) <= MAX_SUBSET_TERMS:
            for size in range(len(terms) - 1, 0, -1):
                for chosen in combinations(range(len(terms)), size):
                    if agrees(answer, sum(terms[i].contribution for i in chosen)):
                        have = [self._name(terms[i].target) for i in chosen]
                        missing = [
                            self._name(t.target) for i, t in enumerate(terms) if i not in chosen
                        ]
                        ones = "the one" if size == 1 else "the ones"
                        return (
                            f"{lhs} collects {len(terms)} paths; you have {ones} through "
                            f"{_and(have)} — what about {_and(missing)}?"
                        )
        for step in terms:
            upstream = self._fraction(output, step.target)
            local = self._fraction(step.target, node_id, "∂")
            if step.target != output and agrees(answer, step.upstream):
                return f"that is {upstream}; multiply it by the local derivative {local}"
            if step.target != output and agrees(answer, step.local):
                return f"that is the local derivative {local}; multiply it by {upstream}"
        if agrees(-answer, terms[-1].total):
            return f"check the sign: {self._chain_rule(node_id, terms)}"
        if len(terms) == 1 and terms[0].target == output:
            step = terms[0]
            local = self._local_hint((step.source, step.target, step.port))
            return f"{self._chain_rule(node_id, terms)}, and {local}"
        paths = f" ({len(terms)} paths)" if len(terms) > 1 else ""
        return f"{self._chain_rule(node_id, terms)}{paths}"

    def _chain_rule(self, node_id: str, terms) -> str:
        return chain_rule_text(terms, self.exercise.result.output, self.names, numbers=False)


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
