"""Exported plain Python never raises and prints the engine's numbers to the last bit.

Every op of the registry, at ordinary and extreme operands, at its kinks and the
edges of its domain, and with an upstream gradient of 1, 0, ±inf and NaN; then random
graphs over all ops. Many graphs run in one subprocess (see core_helpers.run_scripts).
"""

import math
import random

import pytest
from core_helpers import differences, run_scripts

from backprop_gui.core import Graph, compile
from backprop_gui.core.codegen import to_python
from backprop_gui.core.ops import OPS

INF, NAN = math.inf, math.nan

# Operands: finite ones are input nodes; ±inf and NaN come out of ops (a graph's
# values are finite): exp(800), −exp(800), log(−1).
UNARY_POINTS = [
    0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 3.0, 40.0, -40.0, 800.0, -800.0, 710.0,
    1e-300, -1e-300, 1e300, -1e300, INF, -INF, NAN,
]  # fmt: skip
BINARY_POINTS = [
    0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, 2.0, -2.0, 3.0, -8.0, 40.0, 800.0, -800.0,
    1e-300, -1e-300, 1e300, INF, -INF, NAN,
]  # fmt: skip
# The upstream gradient every op instance gets: the output is (sum of the instances)
# times this factor (None: the sum itself, upstream 1).
UPSTREAM = [None, 0.0, INF, -INF, NAN]


def operand(graph: Graph, node_id: str, value: float) -> str:
    """A node with ``value``: an input, or an op giving ±inf or NaN from a constant."""
    if math.isfinite(value):
        return graph.add_node("input", id=node_id, value=value)
    seed = graph.add_node("constant", id=node_id + "_c", value=-1.0 if math.isnan(value) else 800.0)
    made = graph.add_node("op", id=node_id + "_f", op="log" if math.isnan(value) else "exp")
    graph.connect(seed, made, 0)
    if value == -INF:
        graph.connect(made, graph.add_node("op", id=node_id, op="neg"), 0)
        return node_id
    return made


def instances(name: str, points: list[tuple], upstream: float | None) -> Graph:
    """One node of op ``name`` per tuple of operands, all summed into the output."""
    graph = Graph()
    total = None
    for i, operands in enumerate(points):
        node = graph.add_node("op", id=f"{name}{i}", op=name)
        for port, value in enumerate(operands):
            graph.connect(operand(graph, f"{name}{i}_{'ab'[port]}", value), node, port)
        if total is None:
            total = node
        else:
            total_next = graph.add_node("op", id=f"sum{i}", op="add")
            graph.connect(total, total_next, 0)
            graph.connect(node, total_next, 1)
            total = total_next
    if upstream is not None:
        factor = operand(graph, "factor", upstream)
        output = graph.add_node("op", id="output", op="mul")
        graph.connect(total, output, 0)
        graph.connect(factor, output, 1)
    return graph


def points_of(name: str) -> list[tuple]:
    if OPS[name].arity == 1:
        return [(x,) for x in UNARY_POINTS]
    return [(a, b) for a in BINARY_POINTS for b in BINARY_POINTS]


def assert_agree(graphs: list[Graph], tmp_path) -> None:
    printed = run_scripts([to_python(graph) for graph in graphs], tmp_path)
    found = [d for graph, p in zip(graphs, printed) for d in differences(p, graph)]
    assert not found, f"{len(found)} numbers differ, e.g. (node, kind, engine, export): {found[:8]}"


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_prints_the_engines_numbers_at_extremes_kinks_and_domain_edges(name, tmp_path):
    """Values and gradients, with upstream gradients 1, 0, ±inf and NaN."""
    assert_agree([instances(name, points_of(name), upstream) for upstream in UPSTREAM], tmp_path)


def test_the_slope_of_a_power_of_minus_infinity_is_infinite(tmp_path):
    graph = instances("pow", [(-INF, 1.5)], None)
    (printed,) = run_scripts([to_python(graph)], tmp_path)
    assert printed["grads"]["pow0_a"] == "inf"  # 1.5 · (−∞)^0.5 = +∞
    assert not differences(printed, graph)


def chain(x: float, *ops: str) -> Graph:
    graph = Graph()
    node = graph.add_node("input", id="x", value=x)
    for op in ops:
        following = graph.add_node("op", id=op, op=op)
        graph.connect(node, following, 0)
        node = following
    return graph


def test_a_structural_zero_passes_on_zero_even_from_an_infinite_gradient(tmp_path):
    # sqrt(relu(x)) at x = −1: √'(0) = ∞, but relu's partial is 0 by definition there
    graph = chain(-1.0, "relu", "sqrt")
    (printed,) = run_scripts([to_python(graph)], tmp_path)
    assert printed["grads"]["relu"] == "inf" and printed["grads"]["x"] == 0.0
    assert not differences(printed, graph)


def test_a_zero_slope_that_is_not_structural_gives_nan_from_an_infinite_gradient(tmp_path):
    # sqrt(|x|) at 0: |x|' = 0 by convention, not by definition: ∞ · 0 = NaN
    graph = chain(0.0, "abs", "sqrt")
    (printed,) = run_scripts([to_python(graph)], tmp_path)
    assert printed["grads"]["abs"] == "inf" and printed["grads"]["x"] == "nan"
    assert not differences(printed, graph)


def test_sigmoid_and_tanh_slopes_keep_their_digits_far_out(tmp_path):
    graphs = [chain(40.0, "sigmoid"), chain(-40.0, "sigmoid"), chain(20.0, "tanh")]
    printed = run_scripts([to_python(graph) for graph in graphs], tmp_path)
    slope = math.exp(-40.0) / (1.0 + math.exp(-40.0)) ** 2  # 4.25e-18, not 0
    assert printed[0]["grads"]["x"] == pytest.approx(slope, rel=1e-12)
    assert printed[1]["grads"]["x"] == pytest.approx(slope, rel=1e-12)
    assert printed[2]["grads"]["x"] == pytest.approx(4 * slope, rel=1e-12)


@pytest.mark.parametrize("name", ["max", "min"])
def test_max_and_min_with_nan_do_not_depend_on_the_order(name, tmp_path):
    graphs = [instances(name, [(NAN, 1.0), (1.0, NAN)], None)]
    (printed,) = run_scripts([to_python(graph) for graph in graphs], tmp_path)
    assert printed["values"][f"{name}0"] == printed["values"][f"{name}1"] == "nan"
    assert printed["grads"][f"{name}0_a_f"] == printed["grads"][f"{name}0_b"] == 1.0
    assert not differences(printed, graphs[0])


WIDE = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 40.0, -40.0, 800.0, 1e-300]


def random_graph(seed: int) -> Graph:
    """Every op, operands of any size and sign, and plenty of fan-out."""
    rng = random.Random(seed)
    graph = Graph()
    ids = []
    for i in range(rng.randint(1, 4)):
        value = rng.choice(WIDE) if rng.random() < 0.5 else rng.uniform(-5.0, 5.0)
        ids.append(graph.add_node(rng.choice(["input", "constant"]), id=f"v{i}", value=value))
    for i in range(rng.randint(3, 25)):
        node = graph.add_node("op", id=f"n{i}", op=rng.choice(sorted(OPS)))
        for port in range(graph.arity(node)):
            graph.connect(rng.choice(ids[-6:]), node, port)  # recent nodes: fan-out
        ids.append(node)
    graph.set_output(ids[-1])
    return graph


def reaches_non_finite(graph: Graph) -> bool:
    result = compile(graph).run()
    numbers = [*result.values.values(), *result.grads.values()]
    return any(n is not None and not math.isfinite(n) for n in numbers)


def test_random_graphs_over_all_ops_never_raise_and_agree_with_the_engine(tmp_path):
    graphs = [random_graph(seed) for seed in range(300)]
    # overflow, division by zero, log and √ of negatives: where math would raise
    assert sum(map(reaches_non_finite, graphs)) > 100
    assert_agree(graphs, tmp_path)
