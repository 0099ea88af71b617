"""Hints for a wrong answer in practice: name the missing piece, never the answer.

A hint looks at what the answer is close to. A gradient that equals some of its
chain-rule terms but not all is told which paths are missing ("dT/dx collects 2
paths; you have the one through y — what about z?"); one that equals an upstream
gradient or a local derivative alone is told to multiply by the other. Otherwise the
hint gives the formula by names: the op for a value, the chain rule for a gradient,
the derivative at the operands' values for a local derivative. A hint only quotes
numbers the learner can already see (given, answered or revealed), and none at all
where one of them is the answer up to its sign (∂(a·b)/∂a = b, ∂(−x)/∂x = −1,
∂/∂b of BCE = −a): then it names the operand to read off its card, and a derivative
that is a constant (add, sub, neg) is asked for by the op's formula instead of being
written out. Hints are rich text in the step panel's notation (:mod:`.chainrule`).
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from .chainrule import Names, chain_rule_text, forward_parts, local_parts
from .numbers import format_number
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
            return self._value_hint(blank.key, blank.answer)
        if blank.kind == "local":
            return self._local_hint(blank.key, blank.answer)
        return self._grad_hint(blank.key, answer, blank.answer)

    # ------------------------------------------------------------------ pieces

    def _name(self, node_id: str) -> str:
        return self.names.term(node_id).html

    def _fraction(self, top: str, bottom: str, symbol: str = "d") -> str:
        return f"{self.names.d(top, symbol)}/{self.names.d(bottom, symbol)}"

    def _where(self, node_ids, secret: float) -> tuple[str, str]:
        """Which operand values a formula can quote, and the text: ("numbers",
        ``x = 1.5 and y = 2``) when the learner sees them all, ("hidden", the names not
        known yet), or ("cards", their names) when a number quoted would be the answer
        ``secret`` up to its sign."""
        seen, unseen = [], []
        for node_id in dict.fromkeys(node_ids):
            (seen if self.exercise.known("value", node_id) else unseen).append(node_id)
        if unseen:
            return "hidden", _and([self._name(n) for n in unseen])
        values = {n: self.exercise.result.values[n] for n in seen}
        if any(_same_size(v, secret) for v in values.values()):
            cards = "its card" if len(seen) == 1 else "their cards"
            return "cards", f"{_and([self._name(n) for n in seen])} off {cards}"
        return "numbers", _and([f"{self._name(n)} = {number(v).html}" for n, v in values.items()])

    # ------------------------------------------------------------------- hints

    def _value_hint(self, node_id: str, secret: float) -> str:
        step = next(s for s in self.exercise.forward if s.node == node_id)
        name, formula = forward_parts(step, self.names)[:2]
        case, text = self._where((o for o, _ in step.operands), secret)
        tail = {"hidden": f": work out {text} first", "cards": f": read {text}"}
        return f"{name} = {formula}" + tail.get(case, f", with {text}")

    def _local_hint(self, key, secret: float) -> str:
        """The derivative's formula where to take it; ``secret`` is the blank's answer
        (the local derivative itself, or a gradient equal to it)."""
        source, target, port = key
        exercise, plan = self.exercise, self.exercise.result.plan
        step = next(s for s in exercise.backward if (s.source, s.target, s.port) == key)
        operands = list(plan.operands[target])
        values = [exercise.result.values[o] for o in operands]
        op = OPS[plan.ops[target].name]
        lhs = self._fraction(target, source, "∂")
        case, text = self._where(operands, secret)
        where = {"hidden": "once you know", "cards": "reading"}.get(case, "at") + f" {text}"
        if op.typeset_partials is None:  # piecewise: the piece would be the answer
            ports = ", ".join(f"{p} = {self._name(o)}" for p, o in zip(op.ports, operands))
            return f"{lhs}: {op.name} has {op.derivative} (here {ports}); take it {where}"
        symbolic = local_parts(step, op.name, self.names, operands, values)[0][0]
        if not any(self._name(o) in symbolic for o in operands):  # a constant: the answer
            forward = next(s for s in exercise.forward if s.node == target)
            name, formula = forward_parts(forward, self.names)[:2]
            return (
                f"{lhs}: how much does {name} = {formula} change per unit of {self._name(source)}?"
            )
        return f"{lhs} = {symbolic} {where}"

    def _grad_hint(self, node_id: str, answer: float, secret: float) -> str:
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
            local = self._local_hint((step.source, step.target, step.port), secret)
            return f"{self._chain_rule(node_id, terms)}, and {local}"
        paths = f" ({len(terms)} paths)" if len(terms) > 1 else ""
        return f"{self._chain_rule(node_id, terms)}{paths}"

    def _chain_rule(self, node_id: str, terms) -> str:
        return chain_rule_text(terms, self.exercise.result.output, self.names, numbers=False)


def _same_size(value: float, secret: float) -> bool:
    """Would quoting ``value`` show ``secret`` (the same digits, whatever the sign)?"""
    return format_number(abs(value)) == format_number(abs(secret))


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
