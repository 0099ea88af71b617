"""Small graphs with data to train: a line, a one-neuron tanh net."""

from __future__ import annotations

import numpy as np

from backprop_gui.core import Graph
from backprop_gui.core.dataset import make_dataset


def line_graph(x, y, w: float = 0.0, b: float = 0.0, loss: str = "mse") -> Graph:
    """loss(w·x + b, y) with x and y read from columns "x" and "y"."""
    graph = Graph()
    graph.set_data(make_dataset({"x": list(x), "y": list(y)}))
    graph.add_node("input", id="x", value=0.0, column="x")
    graph.add_node("input", id="y", value=0.0, column="y")
    graph.add_node("input", id="w", value=w, trainable=True)
    graph.add_node("input", id="b", value=b, trainable=True)
    graph.add_node("op", id="wx", op="mul")
    graph.add_node("op", id="z", op="add")
    graph.add_node("op", id="loss", op=loss)
    for source, target, port in [
        ("x", "wx", 0), ("w", "wx", 1), ("wx", "z", 0), ("b", "z", 1), ("z", "loss", 0),
        ("y", "loss", 1),
    ]:  # fmt: skip
        graph.connect(source, target, port)
    return graph


def neuron_graph(rows: int = 12, seed: int = 3) -> Graph:
    """mse(v·tanh(w·x + b), y) on noisy samples of a sine: smooth, not convex."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, rows)
    graph = line_graph(x, np.sin(x) + 0.1 * rng.normal(size=rows), w=0.3, b=-0.2)
    graph.disconnect("loss", 0)
    graph.add_node("input", id="v", value=0.7, trainable=True)
    for node_id, op, operands in [("h", "tanh", ["z"]), ("out", "mul", ["h", "v"])]:
        graph.add_node("op", id=node_id, op=op)
        for port, source in enumerate(operands):
            graph.connect(source, node_id, port)
    graph.connect("out", "loss", 0)
    return graph
