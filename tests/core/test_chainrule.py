"""The chain-rule texts of the step-through: names, numbers plugged in, sums at fan-out."""

from __future__ import annotations

import math
import re

import pytest

from backprop_gui.core import Graph, compile, load
from backprop_gui.core.chainrule import (
    Names,
    backward_text,
    forward_text,
    local_text,
    seed_text,
    term_count,
)
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.core.naming import node_names
from backprop_gui.core.numbers import format_number
from backprop_gui.core.typeset import name_term, number, plain


def fanout(x: float = 1.5) -> Graph:
    """T = y·z with y = sin(x), z = exp(x): x fans out to two paths."""
    graph = Graph()
    graph.add_node("input", id="x", value=x, label="x")
    graph.add_node("op", id="y", op="sin", label="y")
    graph.add_node("op", id="z", op="exp", label="z")
    graph.add_node("op", id="T", op="mul", label="T")
    for source, target, port in (("x", "y", 0), ("x", "z", 0), ("y", "T", 0), ("z", "T", 1)):
        graph.connect(source, target, port)
    return graph


def traced(graph: Graph):
    plan = compile(graph)
    result = plan.run()
    forward, backward = plan.trace(result)
    return plan, result, forward, backward


def test_forward_step_names_the_op_and_plugs_in_the_operand():
    graph = fanout()
    _, _, forward, _ = traced(graph)
    texts = {step.node: plain(forward_text(step, Names(graph))) for step in forward}
    assert texts["y"] == "y = sin(x) = sin(1.5) = 0.9975"
    assert texts["z"] == "z = ex = e1.5 = 4.482"  # e<sup>x</sup> once the tags are gone
    assert texts["T"] == "T = y·z = 0.9975·4.482 = 4.47"


def test_text_is_typeset_not_code():
    graph = fanout()
    _, _, forward, backward = traced(graph)
    names = Names(graph)
    z_step = next(step for step in forward if step.node == "z")
    expected = "<i>z</i> = e<sup><i>x</i></sup> = e<sup>1.5</sup> = 4.482"
    assert forward_text(z_step, names) == expected
    text = backward_text(backward, len(backward) - 1, "T", names)
    assert "d<i>T</i>/d<i>y</i>·∂<i>y</i>/∂<i>x</i>" in text
    for code in ("*", "**", "exp(", "math.", "grad"):
        assert code not in plain(text)


def test_fan_out_sum_grows_term_by_term_and_ends_at_the_engines_gradient():
    graph = fanout()
    _, result, _, backward = traced(graph)
    names = Names(graph)
    x_steps = [i for i, step in enumerate(backward) if step.source == "x"]
    assert len(x_steps) == term_count(backward, "x") == 2
    first = plain(backward_text(backward, x_steps[0], "T", names))
    last = plain(backward_text(backward, x_steps[1], "T", names))
    targets = [backward[i].target for i in x_steps]  # the engine's order of the two paths
    terms = {"y": ("dT/dy·∂y/∂x", "4.482·0.07074"), "z": ("dT/dz·∂z/∂x", "0.9975·4.482")}
    symbolic, numeric = zip(*(terms[t] for t in targets))
    partial_sum = format_number(backward[x_steps[0]].total)
    assert first == f"dT/dx = {symbolic[0]} = {numeric[0]} = {partial_sum}"
    assert last == (
        f"dT/dx = {symbolic[0]} + {symbolic[1]} = {numeric[0]} + {numeric[1]} = "
        f"{format_number(result.grads['x'])}"
    )
    assert last.endswith("= 4.787")
    assert backward[x_steps[1]].total == result.grads["x"]


def test_seed_and_single_path_steps():
    graph = fanout()
    _, _, _, backward = traced(graph)
    names = Names(graph)
    assert plain(seed_text("T", names)) == "dT/dT = 1"
    y_step = backward.index(next(step for step in backward if step.source == "y"))
    text = plain(backward_text(backward, y_step, "T", names))
    assert text == "dT/dy = ∂T/∂y = 4.482"  # the output's own op: its local derivative alone


def test_local_derivative_with_numbers_plugged_in():
    graph = fanout()
    plan, result, _, backward = traced(graph)
    names = Names(graph)

    def local(source, target):
        step = next(s for s in backward if (s.source, s.target) == (source, target))
        operands = list(plan.operands[target])
        values = [result.values[o] for o in operands]
        return plain(local_text(step, plan.ops[target].name, names, operands, values))

    assert local("x", "y") == "∂y/∂x = cos(x) = cos(1.5) = 0.07074"
    assert local("z", "T") == "∂T/∂z = y = 0.9975"


def test_unlabelled_ops_are_named_u1_u2_in_node_order():
    graph = load(EXAMPLES_DIR / "sigmoid.bpg.json")
    names = Names(graph)
    assert names.term("neg").html == "<i>u</i><sub>1</sub>"
    assert plain(names.term("exp").html) == "u2"
    assert plain(names.d("add")) == "du3"
    assert plain(names.d("x")) == "dx"
    assert plain(names.term("one").html) == "1"  # a constant labelled "1"


def test_constants_are_named_by_their_value_only_when_it_is_unique():
    graph = Graph()
    graph.add_node("input", id="x", value=1.0)
    for node_id, value in (("two", 2.0), ("half", 0.5), ("half_b", 0.5)):
        graph.add_node("constant", id=node_id, value=value)
    assert node_names(graph) == {"x": "x", "two": "2", "half": "c1", "half_b": "c2"}
    graph.set_value("half_b", 3.0)
    assert node_names(graph) == {"x": "x", "two": "2", "half": "0.5", "half_b": "3"}


def test_no_step_text_says_a_node_by_its_id_when_it_has_a_label_nor_dx_by_dx():
    graph = load(EXAMPLES_DIR / "mlp.bpg.json")
    _, _, forward, backward = traced(graph)
    names = Names(graph)
    labels = {n.id: n.label for n in graph.nodes() if n.label and n.label != n.id}
    output = graph.output
    texts = [plain(forward_text(step, names)) for step in forward] + [
        plain(backward_text(backward, i, output, names)) for i in range(len(backward))
    ]
    for text in texts:
        assert not re.search(r"∂(\w+)/∂\1\b", text), text
        assert not any(re.search(rf"\b{node_id}\b", text) for node_id in labels), text
    assert any("u1" in text for text in texts)  # the unlabelled first mul


def test_sigmoid_at_zero_backward_texts():
    graph = load(EXAMPLES_DIR / "sigmoid.bpg.json")
    _, result, _, backward = traced(graph)
    last = plain(backward_text(backward, len(backward) - 1, "s", Names(graph)))
    assert last == "dσ/dx = dσ/du1·∂u1/∂x = (−0.25)·(−1) = 0.25"
    assert result.grads["x"] == 0.25


@pytest.mark.parametrize(
    ("x", "expected"),
    [(0.0, "∂r/∂x = 0 (as x ≤ 0)"), (2.0, "∂r/∂x = 1 (as x > 0)")],
)
def test_relu_says_which_branch_applies(x, expected):
    graph = load(EXAMPLES_DIR / "relu_kink.bpg.json")
    graph.set_value("x", x)
    _, result, _, backward = traced(graph)
    text = local_text(backward[0], "relu", Names(graph), ["x"], [result.values["x"]])
    assert " ".join(plain(text).split()) == expected


def test_numbers_are_typeset():
    assert number(1234567.0).html == "1.235×10<sup>6</sup>"
    assert number(-0.25).html == "−0.25"
    assert number(math.nan).html == "NaN"
    assert number(-math.inf).html == "−∞"


def test_names_are_typeset():
    assert name_term("x").html == "<i>x</i>"
    assert name_term("w1").html == "<i>w</i><sub>1</sub>"
    assert name_term("σ").html == "<i>σ</i>"
    assert name_term("loss").html == "loss"
    assert name_term("a<b").html == "a&lt;b"


@pytest.mark.parametrize(("op", "first"), [("max", True), ("max", False), ("min", True)])
def test_a_nan_operand_of_max_or_min_is_said_to_send_the_gradient_to_both(op, first):
    graph = Graph()
    graph.add_node("input", id="x", value=-1.0, label="x")
    graph.add_node("op", id="l", op="log", label="l")
    graph.add_node("constant", id="c", value=2.0)
    graph.add_node("op", id="m", op=op, label="m")
    graph.connect("x", "l", 0)
    graph.connect("l", "m", 0 if first else 1)
    graph.connect("c", "m", 1 if first else 0)
    plan, result, _, backward = traced(graph)
    names = Names(graph)
    for step in (s for s in backward if s.target == "m"):
        operands = list(plan.operands["m"])
        text = plain(local_text(step, op, names, operands, [result.values[o] for o in operands]))
        assert text.endswith("= 1 \xa0(a NaN operand: the gradient goes to both)"), text


def test_relu_of_nan_says_its_slope_is_one():
    graph = Graph()
    graph.add_node("input", id="x", value=-1.0, label="x")
    graph.add_node("op", id="l", op="log", label="l")
    graph.add_node("op", id="r", op="relu", label="r")
    graph.connect("x", "l", 0)
    graph.connect("l", "r", 0)
    _, result, _, backward = traced(graph)
    step = next(s for s in backward if s.target == "r")
    text = plain(local_text(step, "relu", Names(graph), ["l"], [result.values["l"]]))
    assert text.endswith("(as l is NaN)") and "= 1" in text, text


def test_names_follow_every_change_that_renames_and_only_those():
    graph = Graph()
    graph.add_node("input", id="x", value=1.0)
    graph.add_node("op", id="a", op="exp")
    graph.add_node("op", id="b", op="sin")
    graph.add_node("constant", id="k", value=2.0)
    names = node_names(graph)
    assert names == {"x": "x", "a": "u1", "b": "u2", "k": "2"}
    graph.set_value("x", 5.0)
    assert node_names(graph) is names  # an input's value renames nothing: kept
    graph.set_value("k", 3.0)
    assert node_names(graph)["k"] == "3"
    graph.set_label("a", "e")
    assert node_names(graph)["b"] == "u1"
    removed = graph.remove_nodes(["b"])
    assert node_names(graph) == {"x": "x", "a": "e", "k": "3"}
    graph.subscribe(lambda event, details: node_names(graph))  # asked while restoring
    graph.restore(removed)
    assert list(node_names(graph)) == ["x", "a", "b", "k"]  # back in place, as u1
    assert node_names(graph)["b"] == "u1"
