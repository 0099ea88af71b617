"""Exported code: plain Python prints the engine's numbers; PyTorch code builds the same graph."""

import ast
import json
import random
import subprocess
import sys

import pytest

from backprop_gui.core import Graph, GraphError, compile, load
from backprop_gui.core.codegen import python_names, to_python, to_pytorch
from backprop_gui.core.examples import list_examples

# Ops and operand ranges where every op is smooth, so each graph is well defined.
SMOOTH = ["add", "sub", "mul", "div", "exp", "sin", "cos", "tanh", "sigmoid", "neg", "max", "min"]


def run_code(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_same_numbers(printed: dict, graph: Graph) -> None:
    result = compile(graph).run()
    assert printed["output"] == result.output
    for node_id in graph.node_ids():
        for kind, engine in (("values", result.values), ("grads", result.grads)):
            expected = engine[node_id]
            if expected is None:
                assert printed[kind][node_id] is None
            else:
                assert printed[kind][node_id] == pytest.approx(expected, rel=1e-12, abs=1e-300)


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


@pytest.mark.parametrize("example", list_examples(), ids=lambda e: e.name)
def test_plain_python_prints_the_engines_values_and_gradients(example):
    graph = load(example.path)
    assert_same_numbers(run_code(to_python(graph)), graph)


@pytest.mark.parametrize("seed", range(12))
def test_plain_python_agrees_on_random_graphs_with_fan_out(seed):
    graph = random_graph(seed)
    assert_same_numbers(run_code(to_python(graph)), graph)


def test_the_code_reads_as_the_chain_rule():
    code = to_python(load(next(e.path for e in list_examples() if e.name == "fanout")))
    assert "import math" in code and "g_x += g_z * z  # ∂z/∂x" in code
    assert "g_x += g_y * math.cos(x)  # ∂y/∂x" in code


def test_pytorch_code_parses_and_builds_every_node():
    graph = random_graph(3)
    code = to_pytorch(graph)
    ast.parse(code)
    names = python_names(compile(graph).order)
    for name in names.values():
        assert f"{name} = " in code
    assert "requires_grad=True" in code and ".backward()" in code


@pytest.mark.parametrize("example", list_examples(), ids=lambda e: e.name)
def test_pytorch_prints_the_engines_gradients(example):
    pytest.importorskip("torch")
    graph = load(example.path)
    assert_same_numbers(run_code(to_pytorch(graph)), graph)


def test_an_incomplete_graph_is_refused_with_a_reason():
    graph = Graph()
    x = graph.add_node("input", value=1.0)
    graph.add_node("op", id="m", op="mul")
    graph.connect(x, "m", 0)
    with pytest.raises(GraphError, match="unconnected ports .*m"):
        to_python(graph)


def test_python_names_are_distinct_identifiers():
    names = python_names(["x", "my node", "my_node", "class", "g_x", "1st", "json"])
    assert len(set(names.values())) == 7
    assert all(n.isidentifier() for n in names.values())
    assert names["x"] == "x" and names["class"] != "class"
