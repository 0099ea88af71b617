"""Dense layers made of scalar neurons: the building block of the example networks.

:func:`add_dense_layer` adds, for each unit, a trainable weight per input and a
trainable bias, their products, the sum and the activation, as ordinary nodes. The
weights start uniform in ±1/√(fan-in), as ``torch.nn.Linear``'s do, drawn from the
generator given, so one seed gives one network. A UI command can call it inside one
undo step. :func:`build_mlp` makes a whole network on a data set, as the examples
and the training benchmark use.
"""

from __future__ import annotations

import numpy as np

from .dataset import Dataset
from .graph import Graph
from .layout import layered_layout

ACTIVATIONS = ("tanh", "sigmoid", "relu", "softplus", None)  # None: linear


def add_dense_layer(
    graph: Graph,
    inputs: list[str],
    width: int,
    activation: str | None,
    rng: np.random.Generator,
    name: str = "L1",
) -> list[str]:
    """Add ``width`` units reading every node of ``inputs``; return the units' outputs.

    Unit j computes activation(Σᵢ w_ij·inputᵢ + b_j). Ids start with ``name``:
    ``{name}_w{j}_{i}``, ``{name}_b{j}``, ``{name}_h{j}`` (1-based j and i).
    """
    bound = 1.0 / np.sqrt(len(inputs))
    outputs = []
    for j in range(1, width + 1):
        terms = []
        for i, source in enumerate(inputs, start=1):
            weight = _parameter(graph, f"{name}_w{j}_{i}", rng.uniform(-bound, bound))
            terms.append(_op(graph, "mul", f"{name}_m{j}_{i}", source, weight))
        bias = _parameter(graph, f"{name}_b{j}", rng.uniform(-bound, bound))
        total = terms[0]
        for k, term in enumerate(terms[1:], start=2):
            total = _op(graph, "add", f"{name}_s{j}_{k}", total, term)
        unit = _op(graph, "add", f"{name}_z{j}", total, bias)
        if activation is not None:
            unit = _op(graph, activation, f"{name}_h{j}", unit)
        outputs.append(unit)
    return outputs


def _parameter(graph: Graph, stem: str, value: float) -> str:
    return graph.add_node(
        "input", id=graph.new_id(stem), value=float(value), label=stem, trainable=True
    )


def _op(graph: Graph, op: str, stem: str, *operands: str) -> str:
    node_id = graph.add_node("op", id=graph.new_id(stem), op=op)
    for port, source in enumerate(operands):
        graph.connect(source, node_id, port, check_cycle=False)
    return node_id


def build_mlp(
    data: Dataset,
    inputs: list[str],
    target: str,
    hidden: list[int],
    activation: str,
    loss: str,
    seed: int = 0,
) -> Graph:
    """A multilayer perceptron of scalar nodes on ``data``, laid out.

    One input node per column of ``inputs`` and one for ``target``; dense layers of the
    ``hidden`` widths with ``activation``; a linear output unit; and ``loss`` ("mse" or
    "bce_logits") of the output against the target as the graph's output.
    """
    graph = Graph()
    graph.set_data(data)
    rng = np.random.default_rng(seed)
    for column in [*inputs, target]:
        graph.add_node("input", id=column, value=float(data.columns[column][0]), column=column)
    layer = list(inputs)
    for number, width in enumerate(hidden, start=1):
        layer = add_dense_layer(graph, layer, width, activation, rng, f"L{number}")
    (prediction,) = add_dense_layer(graph, layer, 1, None, rng, "out")
    graph.set_output(_op(graph, loss, "loss", prediction, target))
    for node_id, pos in layered_layout(graph).items():
        graph.set_pos(node_id, pos)
    return graph
