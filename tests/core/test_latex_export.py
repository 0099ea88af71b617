"""The LaTeX derivation: names as the step panel gives them, sums term by term, escaping,
and every shipped example compiles with plain pdflatex."""

from __future__ import annotations

import re

import pytest
from core_helpers import EXAMPLES, free_port_graph
from latex_helpers import compile_tex

from backprop_gui.core import Graph, GraphError, compile, load
from backprop_gui.core.examples import list_examples
from backprop_gui.core.latex_export import derivation_tex
from backprop_gui.core.latex_text import math_latex, text_latex


def test_fanout_sum_is_written_term_by_term_with_numbers():
    tex = derivation_tex(load(EXAMPLES / "fanout.bpg.json"))
    chain = next(line for line in tex.splitlines() if line.startswith(r"\frac{dT}{dx} &="))
    assert chain.count(r"\frac{dT}{d") == 3  # lhs and the two upstream gradients
    assert r"\frac{\partial y}{\partial x}" in chain and r"\frac{\partial z}{\partial x}" in chain
    numbers = tex[tex.index(chain) :].splitlines()[1]
    assert numbers == r"&= 0.9975\cdot 4.482 + 4.482\cdot 0.07074 = 4.787"
    assert r"y &= \sin (x) = \sin (1.5) = 0.9975" in tex
    assert r"\frac{\partial y}{\partial x} &= \cos (x) = \cos (1.5) = 0.07074" in tex


def test_every_gradient_has_its_chain_rule_and_the_numbers_are_the_engines():
    graph = load(EXAMPLES / "mlp.bpg.json")
    tex = derivation_tex(graph)
    result = compile(graph).run()
    assert tex.count(r"\frac{d\mathrm{loss}}{d") - 1 >= sum(
        1 for n, g in result.grads.items() if g is not None and n != result.output
    )
    assert r"\frac{d\mathrm{loss}}{dw_{11}} &=" in tex


def test_values_override_the_inputs_without_touching_the_graph():
    graph = load(EXAMPLES / "fanout.bpg.json")
    tex = derivation_tex(graph, values={"x": 0.0})
    assert r"\sin (0) = 0" in tex
    assert graph.node("x").value == 1.5


def awkward_graph() -> Graph:
    graph = Graph()
    graph.meta["title"] = "50% of {weird} $labels & #1 ~ é_x^2 \\ σ"
    graph.add_node("input", id="a", value=2.0, label="x_hat & #1 $%")
    graph.add_node("input", id="b", value=-0.5, label="ζ")
    graph.add_node("op", id="m", op="mul", label="my {loss}^2 \\")
    graph.add_node("op", id="r", op="sqrt")
    graph.connect("a", "m", 0)
    graph.connect("b", "m", 1)
    graph.connect("m", "r", 0)
    return graph


def test_file_strings_are_escaped(tmp_path):
    graph = awkward_graph()
    graph.set_value("b", 3.0)
    tex = derivation_tex(graph)
    assert r"50\% of \{weird\} \$labels \& \#1" in tex
    assert r"\zeta" in tex
    compile_tex(tex, tmp_path)


def test_text_and_math_conversion():
    assert math_latex("<i>w</i><sub>1</sub>·σ(<i>x</i>)") == r"w_{1}\cdot \sigma (x)"
    assert math_latex("√(<i>a</i> + 1)") == r"\sqrt{a + 1}"
    assert math_latex("1.2×10<sup>6</sup>") == r"1.2\times 10^{6}"
    assert math_latex("ReLU(<i>h</i>)") == r"\operatorname{ReLU}(h)"
    assert text_latex("a_b & c") == r"a\_b \& c"
    assert not re.search(r"[^\x00-\x7f]", text_latex("é ☃ ∂"))


@pytest.mark.parametrize("example", list_examples(), ids=lambda e: e.name)
def test_every_example_compiles(example, tmp_path):
    pdf = compile_tex(derivation_tex(load(example.path)), tmp_path)
    assert pdf.stat().st_size > 1000


def test_a_graph_with_a_free_port_is_refused():
    with pytest.raises(GraphError, match="unconnected ports .*'m'"):
        derivation_tex(free_port_graph())
