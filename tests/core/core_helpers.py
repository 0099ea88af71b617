"""Graphs the core tests build again and again, and a strategy for random DAGs."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
from hypothesis import strategies as st

from backprop_gui.core import Graph, compile
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


def free_port_graph() -> Graph:
    """x feeding port 0 of a mul ``m`` whose port 1 is free: a graph with no output value."""
    graph = Graph()
    graph.add_node("input", id="x", value=1.0)
    graph.add_node("op", id="m", op="mul")
    graph.connect("x", "m", 0)
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
    """The op's value from its numpy form (``array``), on float64 operands: an
    implementation independent of the engine's fast path (``scalar``, with math)."""
    operands = (a,) if b is None else (a, b)
    with np.errstate(all="ignore"):
        return float(OPS[name].array(*(np.float64(v) for v in operands)))


def neighbourhood(a: float, b: float | None) -> list[tuple[float, ...]]:
    """Points around operands a, b: the box a ± MARGIN (× b ± MARGIN), its centre, and
    where the box meets an axis (an operand 0) or the diagonal (a tie), the places
    where the ops have their kinks and the edges of their domains."""

    def around(v: float) -> list[float]:
        return [v - MARGIN, v, v + MARGIN] + ([0.0] if abs(v) <= MARGIN else [])

    if b is None:
        return [(x,) for x in around(a)]
    points = [(x, y) for x in around(a) for y in around(b)]
    if abs(a - b) <= 2 * MARGIN:
        middle = (a + b) / 2
        points.append((middle, middle))
    return points


def smooth_at(name: str, a: float, b: float | None) -> bool:
    """Is the op smooth (and its value moderate) around operands a, b? Asks the op's
    own record: no kink and no point outside its domain near (a, b), and a value
    below LARGEST there."""
    op = OPS[name]
    for point in neighbourhood(a, b):
        if op.kink is not None and op.kink(*point) is not None:
            return False
        if op.domain is not None and op.domain(*point) is not None:
            return False
        value = scalar_value(name, point[0], point[1] if len(point) == 2 else None)
        if not abs(value) < LARGEST:
            return False
    return True


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


# ------------------------------------------------------------- exported code

# Runs each script given (a path) as __main__ in one interpreter and prints, as one
# JSON list, what each printed, or the traceback of what it raised.
_DRIVER = """
import contextlib, io, json, runpy, sys, traceback
reports = []
for path in sys.argv[1:]:
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            runpy.run_path(path, run_name="__main__")
        reports.append({"printed": printed.getvalue()})
    except BaseException:
        reports.append({"raised": traceback.format_exc()})
sys.stdout.write(json.dumps(reports))
"""


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def run_scripts(codes: list[str], folder: Path) -> list[dict]:
    """Run each code in one subprocess, in an empty working directory under ``folder``;
    what each printed, as strict JSON (no NaN or Infinity). Fails if a code raised or
    left a file behind."""
    return [json.loads(text, parse_constant=_no_constant) for text in printed_by(codes, folder)]


def printed_by(codes: list[str], folder: Path) -> list[str]:
    """What each code printed, run as :func:`run_scripts` runs them."""
    (folder / "scripts").mkdir()
    cwd = folder / "cwd"
    cwd.mkdir()
    paths = []
    for i, code in enumerate(codes):
        path = folder / "scripts" / f"export_{i}.py"
        path.write_text(code, encoding="utf-8")
        paths.append(str(path))
    done = subprocess.run(
        [sys.executable, "-c", _DRIVER, *paths], capture_output=True, text=True, cwd=cwd,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    reports = json.loads(done.stdout)
    assert not list(cwd.iterdir()), "the exported code wrote files"
    for report in reports:
        assert "raised" not in report, report["raised"]
    return [report["printed"] for report in reports]


def printed_number(printed):
    """A number as the exported code (and `backprop-gui eval`) prints it, as a float."""
    return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}.get(printed, printed)


def same_number(printed, expected, exact: bool = True) -> bool:
    """The printed number is the engine's: None, NaN, the same float (the same infinity,
    the same signed zero) or, unless ``exact``, one within a relative 1e-12."""
    got = printed_number(printed)
    if got is None or expected is None:
        return got is None and expected is None
    if math.isnan(expected) or math.isnan(got):
        return math.isnan(expected) and math.isnan(got)
    if exact:
        return got == expected and math.copysign(1.0, got) == math.copysign(1.0, expected)
    return math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-320)


def differences(printed: dict, graph: Graph, exact: bool = True) -> list[tuple]:
    """Where the exported code's printed numbers differ from the engine's:
    (node id, "values" or "grads", engine, printed). ``exact``: to the last bit (the
    plain Python export); else to a relative 1e-12 (PyTorch's own maths)."""
    result = compile(graph).run()
    found = [] if printed["output"] == result.output else [("output", result.output)]
    for node_id in graph.node_ids():
        for kind, engine in (("values", result.values), ("grads", result.grads)):
            if not same_number(printed[kind][node_id], engine[node_id], exact):
                found.append((node_id, kind, engine[node_id], printed[kind][node_id]))
    return found
