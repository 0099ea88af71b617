"""Exported code: plain Python prints the engine's numbers; PyTorch code builds the same graph.

Strings from a graph (ids, labels, title, description) enter the code only escaped:
a hostile file parses to the same statements as a tame one and runs without side
effects. The numbers at extremes, kinks and domain edges: test_codegen_numbers.py.
"""

import ast
import inspect
import io
import random
import re
import tokenize

import pytest
from core_helpers import differences, run_scripts, sigmoid_from_parts

from backprop_gui.core import OPS, Graph, GraphError, compile, kernels, load
from backprop_gui.core import python_helpers as py
from backprop_gui.core.codegen import MAX_TITLE, to_python, to_pytorch, variable_names
from backprop_gui.core.examples import list_examples
from backprop_gui.core.numbers import json_number

# Ops and operand ranges where every op is smooth, so each graph is well defined.
SMOOTH = ["add", "sub", "mul", "div", "exp", "sin", "cos", "tanh", "sigmoid", "neg", "max", "min"]
EXAMPLE_GRAPHS = [load(example.path) for example in list_examples()]


def random_graph(seed: int) -> Graph:
    rng = random.Random(seed)
    graph = Graph()
    ids = [graph.add_node("input", id=name, value=rng.uniform(0.5, 1.5)) for name in "xyz"]
    ids.append(graph.add_node("constant", id="two words", value=2.0))  # not an identifier
    for _ in range(rng.randint(3, 25)):
        node = graph.add_node("op", op=rng.choice(SMOOTH))
        for port in range(graph.arity(node)):
            graph.connect(rng.choice(ids[-6:]), node, port)  # recent nodes: plenty of fan-out
        ids.append(node)
    graph.set_output(ids[-1])
    return graph


def assert_agree(graphs: list[Graph], printed: list[dict], exact: bool = True) -> None:
    found = [d for graph, p in zip(graphs, printed) for d in differences(p, graph, exact)]
    assert not found, f"(node, kind, engine, export): {found[:8]}"


def test_plain_python_prints_the_engines_values_and_gradients_for_every_example(tmp_path):
    printed = run_scripts([to_python(graph) for graph in EXAMPLE_GRAPHS], tmp_path)
    assert_agree(EXAMPLE_GRAPHS, printed)


def test_plain_python_agrees_on_random_graphs_with_fan_out(tmp_path):
    graphs = [random_graph(seed) for seed in range(12)]
    assert_agree(graphs, run_scripts([to_python(graph) for graph in graphs], tmp_path))


def example(name: str) -> Graph:
    return load(next(e.path for e in list_examples() if e.name == name))


def test_the_code_reads_as_the_chain_rule():
    code = to_python(example("fanout"))
    assert "import math" in code and "g_x += g_z * z  # ∂z/∂x" in code
    assert "g_x += g_y * cos(x)  # ∂y/∂x" in code
    assert "def cos(" in code and "def exp(" in code and "def log(" not in code


def test_a_structural_zero_reads_as_a_condition():
    code = to_python(example("relu_kink"))
    assert "g_x += 0.0 if x <= 0 else g_r * 1.0  # ∂r/∂x" in code


def test_a_helper_shared_by_several_ops_is_defined_once():
    graph = sigmoid_from_parts(0.5)
    graph.add_node("op", id="t", op="exp")
    graph.add_node("op", id="sg", op="sigmoid")
    graph.add_node("op", id="out", op="mul")
    graph.connect("x", "t", 0)
    graph.connect("x", "sg", 0)
    graph.connect("t", "out", 0)
    graph.connect("sg", "out", 1)
    code = to_python(graph, output="out")
    assert code.count("def exp(") == 1 and code.count("def sigmoid(") == 1
    assert "g_x += g_u6 * sigmoid_slope(u6)" in code  # sg: the sixth op, unlabelled


def test_the_exported_helpers_are_the_engines_own_functions():
    """One implementation: each helper is the source of a function the engine runs."""
    engine = [f for f in vars(kernels).values() if inspect.isfunction(f)] + [json_number]
    sources = {f.__name__: inspect.getsource(f).strip() for f in engine}
    helpers = {text for op in OPS.values() for text in op.python_helpers}
    for text in helpers | {py.JSON_NUMBER}:
        name = re.match(r"def (\w+)", text.strip())[1]
        assert text.strip() == sources[name]


def test_pytorch_code_parses_and_builds_every_node():
    graph = random_graph(3)
    code = to_pytorch(graph)
    ast.parse(code)
    names = variable_names(graph, compile(graph).order)
    for name in names.values():
        assert f"{name} = " in code
    assert "requires_grad=True" in code and ".backward()" in code


def test_pytorch_prints_the_engines_gradients_for_every_example(tmp_path):
    pytest.importorskip("torch")
    printed = run_scripts([to_pytorch(graph) for graph in EXAMPLE_GRAPHS], tmp_path)
    assert_agree(EXAMPLE_GRAPHS, printed, exact=False)


def test_an_incomplete_graph_is_refused_with_a_reason():
    graph = Graph()
    x = graph.add_node("input", value=1.0)
    graph.add_node("op", id="m", op="mul")
    graph.connect(x, "m", 0)
    with pytest.raises(GraphError, match="unconnected ports .*m"):
        to_python(graph)


# ------------------------------------------------------------- hostile strings

HOSTILE = [
    'T"""\nopen("pwned_title","w").write("x")\n"""',
    "x\nopen('pwned_id', 'w').write('x')",
    "y\r__import__('os').system('touch pwned_cr')",
    "z\u2028import os",
    "p\u2029q",
    "n\x00ul",
    "v\x0bt\x0cf\x1cs\x1dg\x1er\x85",
    "# comment\n#",
    '"""',
    "'''",
    "'",
    '"',
    "\\",
    "back\\\\slash\\",
    "}{a}{{out}}%s",
    "ｍａｔｈ",
    "print",
    "__builtins__",
    "g_x",
    "1x",
    "3",
    "−0.5e−3",
    "class",
    "\u202eevil",
    "\ud800",
    "tab\there",
    "x 1",
    "σ\u0301ｘ₁",
    "\U0001f600 émoji",
    "A" * 100_000 + "\n" + 'open("pwned_long", "w")',
]


def hostile_graph(ids: list[str], text: str | None) -> Graph:
    """The sigmoid from parts with every id (and label, title, description) replaced."""
    tame = sigmoid_from_parts(0.5)
    renamed = dict(zip(tame.node_ids(), ids))
    graph = Graph()
    for node in tame.nodes():
        graph.add_node(node.kind, id=renamed[node.id], op=node.op, value=node.value, label=text)
    for edge in tame.edges():
        graph.connect(renamed[edge.source], renamed[edge.target], edge.port)
    if text is not None:
        graph.meta = {"title": text, "description": text}
    return graph


def hostile_cases() -> list[tuple[list[str], str]]:
    """Each hostile string as the title, and as every id (in turns, padded to be unique)."""
    cases = [(["x", "neg", "exp", "one", "add", "one_b", "s"], text) for text in HOSTILE]
    for start in range(0, len(HOSTILE), 7):
        chunk = (HOSTILE * 2)[start : start + 7]
        cases.append(([f"{s}{i}" if chunk.count(s) > 1 else s for i, s in enumerate(chunk)], None))
    return cases


def shape(code: str) -> list[str]:
    """The statement and expression kinds of ``code``, in order, and its line count."""
    return [type(node).__name__ for node in ast.walk(ast.parse(code))] + [len(code.splitlines())]


def comments(code: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    return [token.string for token in tokens if token.type == tokenize.COMMENT]


@pytest.mark.parametrize("export", [to_python, to_pytorch])
def test_hostile_ids_and_titles_enter_the_code_only_escaped(export):
    tame = export(hostile_graph(["x", "neg", "exp", "one", "add", "one_b", "s"], "Sigmoid"))
    for ids, text in hostile_cases():
        code = export(hostile_graph(ids, text))
        assert shape(code) == shape(tame), (ids, text)
        assert "\x00" not in code
        assert all(c.isascii() or c in "∂×" for comment in comments(code) for c in comment)
        docstring = ast.parse(code).body[0].value.value
        title = text or "a graph"
        assert docstring.startswith(title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1])


@pytest.mark.parametrize("export", [to_python, to_pytorch])
def test_hostile_code_runs_without_side_effects_and_prints_the_ids(export, tmp_path):
    if export is to_pytorch:
        pytest.importorskip("torch")
    graphs = [hostile_graph(ids, text) for ids, text in hostile_cases()]
    printed = run_scripts([export(graph) for graph in graphs], tmp_path)  # creates no file
    for graph, p in zip(graphs, printed):
        assert list(p["values"]) == compile(graph).order
    assert_agree(graphs, printed, exact=export is to_python)
