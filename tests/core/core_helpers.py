"""Graphs the core tests build again and again, and a strategy for random DAGs."""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import strategies as st

from backprop_gui.core import Graph
from backprop_gui.core.ops import OPS

EXAMPLES = Path(__file__).resolve().parents[2] / "backprop_gui" / "resources" / "examples"


def sigmoid_from_parts(x: float = 0.0) -> Graph:
    """σ(x) = 1/(1+e^−x) from neg, exp, add and div, as in the seeds' worked example."""
    graph = Graph()
    graph.add_node("input", id="x", value=x)
    graph.add_node("op", id="neg", op="neg")
    graph.add_node("op", id="exp", op="exp")
    graph.add_node("constant", id="one", value=1.0)
    graph.add_node("op", id="add", op="add")
    graph.add_node("constant", id="one_b", value=1.0)
    graph.add_node("op", id="s", op="div")
    graph.connect("x", "neg", 0)
    graph.connect("neg", "exp", 0)
    graph.connect("exp", "add", 0)
    graph.connect("one", "add", 1)
    graph.connect("one_b", "s", 0)
    graph.connect("add", "s", 1)
    return graph


def unary(op: str, x: float) -> Graph:
    """x -> op, with x an input called "x" and the op node called "f"."""
    graph = Graph()
    graph.add_node("input", id="x", value=x)
    graph.add_node("op", id="f", op=op)
    graph.connect("x", "f", 0)
    return graph


def binary(op: str, a: float, b: float) -> Graph:
    """a, b -> op, with inputs "a" and "b" and the op node called "f"."""
    graph = Graph()
    graph.add_node("input", id="a", value=a)
    graph.add_node("input", id="b", value=b)
    graph.add_node("op", id="f", op=op)
    graph.connect("a", "f", 0)
    graph.connect("b", "f", 1)
    return graph


# ------------------------------------------------------------------ random DAGs
#
# A DAG is a list of specs, operands by position: ("input", value),
# ("constant", value) or (op name, first operand, second operand or None). Every op
# may take any earlier node, twice even (x * x), so fan-out is everywhere.

MARGIN = 0.25  # how far a smooth DAG keeps every op from a kink or the edge of its domain
LARGEST = 1e4  # and how large it lets a value grow


def scalar_value(name: str, a: float, b: float | None) -> float:
    """The op computed independently of the engine, with Python's math module."""
    return {
        "add": lambda: a + b,
        "sub": lambda: a - b,
        "mul": lambda: a * b,
        "div": lambda: a / b,
        "pow": lambda: a**b,
        "neg": lambda: -a,
        "exp": lambda: math.exp(a),
        "log": lambda: math.log(a),
        "sin": lambda: math.sin(a),
        "cos": lambda: math.cos(a),
        "tanh": lambda: math.tanh(a),
        "sigmoid": lambda: 1.0 / (1.0 + math.exp(-a)),
        "relu": lambda: max(a, 0.0),
        "abs": lambda: abs(a),
        "sqrt": lambda: math.sqrt(a),
        "max": lambda: max(a, b),
        "min": lambda: min(a, b),
    }[name]()


def smooth_at(name: str, a: float, b: float | None) -> bool:
    """Is the op smooth (and its value moderate) around operands a, b?"""
    fits = {
        "div": lambda: abs(b) > MARGIN,
        "pow": lambda: a > MARGIN and abs(b) < 3,
        "exp": lambda: a < 5,
        "log": lambda: a > MARGIN,
        "sqrt": lambda: a > MARGIN,
        "relu": lambda: abs(a) > MARGIN,
        "abs": lambda: abs(a) > MARGIN,
        "max": lambda: abs(a - b) > MARGIN,
        "min": lambda: abs(a - b) > MARGIN,
    }.get(name, lambda: True)
    return fits() and abs(scalar_value(name, a, b)) < LARGEST


@st.composite
def dags(draw, max_ops: int = 10, smooth: bool = True, leaf_values=None) -> list[tuple]:
    """A random DAG. With ``smooth``, an op that would sit at (or near) a kink or
    outside its domain at the drawn point is replaced by tanh, which never does."""
    if leaf_values is None:
        leaf_values = st.floats(-2.0, 2.0, allow_nan=False)
    specs: list[tuple] = [("input", draw(leaf_values))]
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["input", "constant"]))
        specs.append((kind, draw(leaf_values)))
    values = [value for _, value in specs]
    for _ in range(draw(st.integers(1, max_ops))):
        name = draw(st.sampled_from(sorted(OPS)))
        a = draw(st.integers(0, len(specs) - 1))
        b = draw(st.integers(0, len(specs) - 1)) if OPS[name].arity == 2 else None
        if smooth:
            operand_b = values[b] if b is not None else None
            if not smooth_at(name, values[a], operand_b):
                name, b = "tanh", None
            values.append(scalar_value(name, values[a], operand_b if b is not None else None))
        specs.append((name, a, b))
    return specs


def node_id(index: int) -> str:
    return f"n{index}"


def graph_of(specs: list[tuple]) -> Graph:
    """The Graph of a DAG spec; node ids are n0, n1, ... by position."""
    graph = Graph()
    for index, (kind, *rest) in enumerate(specs):
        if kind in ("input", "constant"):
            graph.add_node(kind, id=node_id(index), value=rest[0])
            continue
        graph.add_node("op", id=node_id(index), op=kind)
        for port, operand in enumerate(rest):
            if operand is not None:
                graph.connect(node_id(operand), node_id(index), port)
    return graph


def evaluate(specs: list[tuple], leaves: dict[int, float] | None = None) -> list[float]:
    """Every node's value, computed without the engine; ``leaves`` overrides by position."""
    leaves = leaves or {}
    values: list[float] = []
    for index, (kind, *rest) in enumerate(specs):
        if kind in ("input", "constant"):
            values.append(leaves.get(index, rest[0]))
        else:
            a, b = rest
            values.append(scalar_value(kind, values[a], values[b] if b is not None else None))
    return values


def ancestors(specs: list[tuple], index: int) -> set[int]:
    """The positions the node at ``index`` depends on, itself included."""
    found = {index}
    for i in range(index, -1, -1):
        if i in found and specs[i][0] not in ("input", "constant"):
            found.update(o for o in specs[i][1:] if o is not None)
    return found
