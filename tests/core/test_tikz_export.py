"""The TikZ picture: cards at canvas positions with the app's colours, edges with their
local derivatives, and every example compiles standalone with pdflatex."""

from __future__ import annotations

import re

import pytest
from core_helpers import EXAMPLES
from latex_helpers import compile_tex

from backprop_gui.core import compile, load
from backprop_gui.core.examples import list_examples
from backprop_gui.core.exports import export_text
from backprop_gui.core.expression import parse_expression
from backprop_gui.core.gradient_colors import GradientScale
from backprop_gui.core.tikz_export import tikz_picture


def test_cards_sit_at_canvas_positions_with_value_gradient_and_app_colour():
    graph = load(EXAMPLES / "fanout.bpg.json")
    tex = tikz_picture(graph)
    result = compile(graph).run()
    scale = GradientScale.fit("log", result.grads.values())
    assert tex.startswith("% needs \\usepackage{amsmath}, \\usepackage{tikz}")
    card = (
        r"\node[card, fill=grad-x] (x) at (0, 50) "
        r"{$\mathbf{x}$ \\ $1.5$ \\ $\mathrm{grad}\;{4.787}$};"
    )
    assert card in tex
    for node_id in ("x", "y", "z", "T"):
        colour = scale.hex_color(result.grads[node_id])
        assert rf"\definecolor{{grad-{node_id}}}{{HTML}}{{{colour}}}" in tex
    assert "text=white" in tex.split("(T) at")[0].rsplit("\n", 1)[-1]  # dark fill, light ink


def test_edges_carry_local_derivatives_and_reach_the_operand_port():
    tex = tikz_picture(load(EXAMPLES / "fanout.bpg.json"))
    assert re.search(r"\(x\.east\) -- node\[local\] \{\$0\.07074\$\} \(y\.west\);", tex)
    assert "([yshift=0.22cm]T.west)" in tex and "([yshift=-0.22cm]T.west)" in tex


def test_standalone_is_a_document_and_the_picture_alone_is_not():
    graph = load(EXAMPLES / "fanout.bpg.json")
    assert r"\documentclass" not in tikz_picture(graph)
    assert tikz_picture(graph, standalone=True).startswith(r"\documentclass")


@pytest.mark.parametrize("example", list_examples(), ids=lambda e: e.name)
def test_every_example_compiles_standalone(example, tmp_path):
    tex = tikz_picture(load(example.path), standalone=True)
    pdf = compile_tex(tex, tmp_path)
    assert pdf.stat().st_size > 1000


AWKWARD_LABELS = ["x^2 — 50% {of} $1 & #2 ~ \\ σ", "line one\n\nline two\x00\x7f\x0c\u2028end"]


def typed_graphs():
    """Graphs as a user types them: a kink, a NaN (log of a negative number), and
    labels and a title with every character LaTeX treats specially."""
    graphs = {text: parse_expression(text) for text in ("relu(x*w)", "log(x-2)", "tanh(a)/b")}
    awkward = parse_expression("sigmoid(x*w + b)")
    awkward.meta["title"] = AWKWARD_LABELS[1]
    for node_id, label in zip(awkward.node_ids(), AWKWARD_LABELS * 3):
        awkward.set_label(node_id, label)
    graphs["labels"] = awkward
    return graphs


@pytest.mark.parametrize("name", list(typed_graphs()))
@pytest.mark.parametrize("to", ["tikz", "latex"])
def test_typed_graphs_compile(name, to, tmp_path):
    graph = typed_graphs()[name]
    pdf = compile_tex(export_text(graph, to), tmp_path)
    assert pdf.stat().st_size > 1000


def test_the_picture_alone_says_it_needs_amsmath():
    assert tikz_picture(parse_expression("relu(x)")).startswith(
        "% needs \\usepackage{amsmath}, \\usepackage{tikz} and \\usetikzlibrary{backgrounds}"
    )


def test_a_graph_far_out_on_the_canvas_is_drawn_from_its_corner(tmp_path):
    graph = parse_expression("sin(x)*y")
    for node in list(graph.nodes()):
        graph.set_pos(node.id, (node.pos[0] + 30000, node.pos[1] + 1e9))
    tex = tikz_picture(graph, standalone=True)
    coordinates = re.findall(r"\) at \(([^)]*)\)", tex)
    assert "0, 0" in coordinates or any(c.startswith("0, ") for c in coordinates)
    assert not re.search(r"\d[eE][+-]?\d", " ".join(coordinates))
    compile_tex(tex, tmp_path)
