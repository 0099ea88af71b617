"""Practice: hidden numbers, checking answers, hints that never give the answer, the score,
and New numbers."""

from __future__ import annotations

import math
import re

import pytest
from core_helpers import EXAMPLES

from backprop_gui.core import Graph, compile, load
from backprop_gui.core.examples import list_examples
from backprop_gui.core.fresh_numbers import fresh_values, well_behaved
from backprop_gui.core.numbers import format_number
from backprop_gui.core.practice import BOTH, GRADS, LOCALS, VALUES, Exercise, agrees
from backprop_gui.core.typeset import plain


@pytest.fixture
def fanout():
    return load(EXAMPLES / "fanout.bpg.json")


def test_agrees_within_a_thousandth_or_to_three_significant_digits():
    assert agrees(4.787, 4.787484)
    assert agrees(4.79, 4.787484)  # three significant digits
    assert not agrees(4.78, 4.787484)
    assert agrees(0.0, 0.0) and not agrees(0.001, 0.0)
    assert agrees(-0.0707, -0.07074) and not agrees(0.0707, -0.07074)


def test_what_each_choice_hides_in_the_suggested_order(fanout):
    kinds = {hide: [(b.kind, b.key) for b in Exercise(fanout, hide).blanks.values()]
             for hide in (VALUES, GRADS, BOTH, LOCALS)}  # fmt: skip
    assert kinds[VALUES] == [("value", "y"), ("value", "z"), ("value", "T")]
    assert kinds[GRADS] == [("grad", "y"), ("grad", "z"), ("grad", "x")]  # x last: it waits
    assert kinds[BOTH] == kinds[VALUES] + kinds[GRADS]
    assert {key for _, key in kinds[LOCALS]} == {e for e in compile(fanout).edge_flows(
        compile(fanout).run())}  # fmt: skip


def test_one_path_of_a_fanout_is_named_and_the_other_asked_for(fanout):
    exercise = Exercise(fanout, GRADS)
    through_y = next(s for s in exercise.backward if s.source == "x" and s.target == "y")
    check = exercise.answer("grad", "x", through_y.contribution)
    assert not check.right
    assert plain(check.hint) == (
        "dT/dx collects 2 paths; you have the one through y — what about z?"
    )
    truth = exercise.blank("grad", "x").answer
    assert format_number(truth) not in plain(check.hint)
    assert exercise.answer("grad", "x", truth).right
    assert exercise.score.with_hints == 1 and exercise.score.first_try == 0


def test_hints_never_contain_the_answer():
    """Not the answer, nor its negation, nor a number on a card that equals either
    (∂(a·b)/∂a = b; BCE's ∂/∂b = −a): only the small numbers formulas are made of."""
    for example in list_examples():
        graph = load(example.path)
        for hide in (BOTH, LOCALS, GRADS):
            exercise = Exercise(graph, hide)
            names = {plain(exercise.hints.names.term(n).html) for n in graph.node_ids()}
            in_formulas = {"0", "1", "−1", "2", "−2"} | names  # a constant is named 3
            for blank in list(exercise.blanks.values()):
                hint = plain(exercise.answer(blank.kind, blank.key, blank.answer * 1.5 + 7.25).hint)
                assert hint, (example.name, blank)
                for secret in {format_number(abs(blank.answer)), format_number(-abs(blank.answer))}:
                    if secret in in_formulas:
                        continue
                    as_number = rf"(?<![\w.]){re.escape(secret)}(?![\w.])"
                    assert not re.search(as_number, hint), (example.name, blank.key, hint)


def test_a_constant_or_operand_derivative_is_asked_for_not_written_out():
    graph = Graph()
    graph.add_node("input", id="a", value=0.75)
    graph.add_node("input", id="b", value=-0.5)
    graph.add_node("op", id="s", op="sub")
    graph.add_node("op", id="m", op="mul")
    graph.connect("a", "s", 0)
    graph.connect("b", "s", 1)
    graph.connect("s", "m", 0)
    graph.connect("b", "m", 1)
    exercise = Exercise(graph, LOCALS)
    constant = plain(exercise.answer("local", ("b", "s", 1), 5.0).hint)
    assert "−1" not in constant and constant.endswith("change per unit of b?")
    operand = plain(exercise.answer("local", ("s", "m", 0), 5.0).hint)
    assert "0.5" not in operand and operand.endswith("= b reading u1 and b off their cards")


def test_forgotten_local_derivative_and_upstream_are_named():
    graph = load(EXAMPLES / "composition.bpg.json")
    exercise = Exercise(graph, GRADS)
    inner = next(s for s in exercise.backward if s.target != exercise.result.output)
    hint = plain(exercise.answer("grad", inner.source, inner.upstream).hint)
    assert hint.startswith("that is d") and "multiply it by the local derivative ∂" in hint


def test_value_hint_gives_the_formula_and_waits_for_hidden_operands(fanout):
    exercise = Exercise(fanout, VALUES)
    assert plain(exercise.answer("value", "T", 1.0).hint) == "T = y·z: work out y and z first"
    assert plain(exercise.answer("value", "y", 1.0).hint) == "y = sin(x), with x = 1.5"


def test_local_hint_gives_the_formula_at_the_operand_values():
    exercise = Exercise(load(EXAMPLES / "sigmoid_op.bpg.json"), LOCALS)
    kind, key = next(iter(exercise.blanks))
    assert plain(exercise.answer(kind, key, 9.0).hint).endswith("= σ(x)·(1 − σ(x)) at x = 0")


def test_reveal_and_score(fanout):
    exercise = Exercise(fanout, BOTH)
    exercise.answer("value", "y", math.sin(1.5))
    exercise.reveal("value", "z")
    assert exercise.next_blank().key == "T"
    exercise.reveal_all()
    score = exercise.score
    assert (score.first_try, score.with_hints, score.revealed, score.total) == (1, 0, 5, 6)
    assert exercise.next_blank() is None


@pytest.mark.parametrize("example", list_examples(), ids=lambda e: e.name)
def test_new_numbers_are_seeded_finite_and_away_from_kinks(example):
    graph = load(example.path)
    values = fresh_values(graph, seed=7)
    assert values == fresh_values(graph, seed=7)
    assert values != fresh_values(graph, seed=8) or len(values) == 0
    assert well_behaved(compile(graph).run(values))


def test_new_numbers_avoid_the_relu_kink():
    graph = load(EXAMPLES / "relu_kink.bpg.json")
    for seed in range(30):
        values = fresh_values(graph, seed)
        result = compile(graph).run(values)
        relu = next(n for n, op in result.plan.ops.items() if op.name == "relu")
        (operand,) = result.plan.operands[relu]
        assert abs(result.values[operand]) >= 0.05


def test_practice_is_a_mode_of_the_evaluation(fanout):
    from backprop_gui.core.evaluation import BACKWARD, Evaluation

    evaluation = Evaluation(fanout)
    evaluation.run(BACKWARD)
    whole = evaluation.frame()
    evaluation.start_practice(GRADS)
    frame = evaluation.frame()
    assert "x" not in frame.grads and frame.values["y"] == whole.values["y"]
    assert frame.blanks["x"] == (("grad", "open"),) and not frame.gradients
    assert evaluation.answer("grad", "x", whole.grads["x"]).right
    assert evaluation.frame().blanks["x"] == (("grad", "right"),)
    evaluation.stop_practice()
    assert evaluation.frame().grads == whole.grads
    evaluation.start_practice(VALUES)
    fanout.set_value("x", 0.5)  # an edit ends the exercise
    assert evaluation.practice is None
