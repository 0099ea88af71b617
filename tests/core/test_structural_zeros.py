"""A partial that is zero by its op's definition blocks ∞ and NaN, as in PyTorch.

relu for x <= 0, the operand max/min did not choose, pow's d/da at b = 0 and d/db at
a = 0, b >= 0 pass on exactly 0 whatever the upstream gradient; a product whose
other factor merely happens to be 0 does not (∞ · 0 stays NaN).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop_gui.core import Graph, compile


def chain(x: float, *ops: str) -> Graph:
    """x → ops[0] → ops[1] → ..., node ids x, f0, f1, ..."""
    graph = Graph()
    graph.add_node("input", id="x", value=x)
    previous = "x"
    for index, op in enumerate(ops):
        graph.add_node("op", id=f"f{index}", op=op)
        graph.connect(previous, f"f{index}", 0)
        previous = f"f{index}"
    return graph


def with_constant(op: str, x: float, constant: float, x_first: bool = True) -> Graph:
    """op(x, c) (or op(c, x)) where x = log(x_input) may be NaN; output "f"."""
    graph = Graph()
    graph.add_node("input", id="x", value=x)
    graph.add_node("op", id="l", op="log")
    graph.add_node("constant", id="c", value=constant)
    graph.add_node("op", id="f", op=op)
    graph.connect("x", "l", 0)
    graph.connect("l", "f", 0 if x_first else 1)
    graph.connect("c", "f", 1 if x_first else 0)
    return graph


def run_both(graph: Graph):
    """The scalar result and the same point as a batch of one."""
    plan = compile(graph)
    one = plan.run()
    batch = plan.run({"x": np.array([graph.node("x").value])})
    return one, batch


def test_relu_below_zero_blocks_the_infinite_slope_of_sqrt_at_zero():
    one, batch = run_both(chain(-1.0, "relu", "sqrt"))  # sqrt(relu(−1)) = sqrt(0)
    assert one.grads["f0"] == math.inf  # sqrt'(0) = ∞
    assert one.grads["x"] == 0.0  # relu is flat there: exactly 0, as in PyTorch
    assert batch.grads["x"][0] == 0.0
    assert "x" not in one.issues


def test_abs_at_nan_has_slope_zero_as_in_pytorch():
    result = compile(chain(-1.0, "log", "abs")).run()  # |log(−1)| = |NaN|
    assert math.isnan(result.values["f1"]) and result.grads["f0"] == 0.0


def test_relu_at_its_kink_blocks_too_but_abs_does_not():
    assert compile(chain(0.0, "relu", "sqrt")).run().grads["x"] == 0.0
    assert math.isnan(compile(chain(0.0, "abs", "sqrt")).run().grads["x"])  # sign(0)·∞


def test_a_product_with_a_zero_factor_is_not_a_structural_zero():
    graph = chain(0.0, "sqrt")  # sqrt at 0: gradient ∞ upstream of x
    graph.add_node("constant", id="zero", value=0.0)
    graph.add_node("op", id="m", op="mul")
    graph.connect("f0", "m", 0)
    graph.connect("zero", "m", 1)
    graph.add_node("op", id="s", op="sqrt")
    graph.connect("m", "s", 0)
    result = compile(graph).run()
    assert result.grads["m"] == math.inf
    assert math.isnan(result.grads["f0"])  # ∞ · 0 = NaN, as in PyTorch


@pytest.mark.parametrize("op", ["max", "min"])
def test_max_and_min_with_a_nan_operand_do_not_depend_on_operand_order(op):
    first, _ = run_both(with_constant(op, -1.0, 2.0, x_first=True))
    second, _ = run_both(with_constant(op, -1.0, 2.0, x_first=False))
    for result in (first, second):
        assert math.isnan(result.values["f"])
        assert result.grads["c"] == 1.0  # the gradient goes to both operands
        assert result.grads["x"] == -1.0  # 1 · log'(−1), as PyTorch computes it
    assert first.grads["l"] == second.grads["l"] == 1.0


def test_the_operand_max_did_not_choose_gets_exactly_zero_from_an_infinite_gradient():
    graph = Graph()
    graph.add_node("input", id="a", value=0.0)
    graph.add_node("input", id="b", value=-1.0)
    for node_id, op in (("m", "max"), ("s", "sqrt")):
        graph.add_node("op", id=node_id, op=op)
    graph.connect("a", "m", 0)
    graph.connect("b", "m", 1)
    graph.connect("m", "s", 0)
    result = compile(graph).run()
    assert result.grads["a"] == math.inf and result.grads["b"] == 0.0


@pytest.mark.parametrize(
    ("a", "b", "d_a", "d_b"),
    [(0.0, 2.0, None, 0.0), (0.0, 0.0, 0.0, 0.0), (4.0, 0.0, 0.0, None)],
)
def test_pow_masks_its_partials_where_they_are_zero_by_definition(a, b, d_a, d_b):
    """a^b under a NaN upstream gradient (None: the partial is not masked, NaN passes).

    At (0, 2) d/da = 2·0 = 0 only happens to be 0: PyTorch masks d/da only at b = 0.
    """
    graph = Graph()
    graph.add_node("input", id="a", value=a)
    graph.add_node("input", id="b", value=b)
    graph.add_node("op", id="p", op="pow")
    graph.add_node("op", id="z", op="sub")  # p − p: 0, so sqrt' is ∞ above p
    graph.add_node("op", id="s", op="sqrt")
    graph.connect("a", "p", 0)
    graph.connect("b", "p", 1)
    graph.connect("p", "z", 0)
    graph.connect("p", "z", 1)
    graph.connect("z", "s", 0)
    result = compile(graph).run()
    assert math.isnan(result.grads["p"])  # ∞·1 + ∞·(−1)
    for node, expected in (("a", d_a), ("b", d_b)):
        if expected is None:
            assert math.isnan(result.grads[node])
        else:
            assert result.grads[node] == expected


def test_the_trace_obeys_the_masks_and_ends_at_the_engines_gradients():
    plan = compile(chain(-1.0, "relu", "sqrt"))
    result = plan.run()
    _, backward = plan.trace(result)
    into_x = [step for step in backward if step.source == "x"]
    assert len(into_x) == 1 and into_x[0].upstream == math.inf
    assert into_x[0].contribution == 0.0 and into_x[0].total == result.grads["x"] == 0.0
    assert plan.edge_flows(result)[("x", "f0", 0)] == (0.0, 0.0)
