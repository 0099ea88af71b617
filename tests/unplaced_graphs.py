"""Graph files whose nodes have no "pos", for the tests of laying them out on opening."""

from __future__ import annotations

import json
import random

from backprop_gui.core import Graph, dumps
from backprop_gui.core.examples import EXAMPLES_DIR

UNARY = ("neg", "exp", "sin", "tanh", "sigmoid", "relu")
BINARY = ("add", "sub", "mul", "max")


def without_positions(text: str, node_ids=None) -> str:
    """``text`` (a graph file) with "pos" taken off the nodes named (None: every node)."""
    document = json.loads(text)
    for record in document["nodes"]:
        if node_ids is None or record["id"] in node_ids:
            del record["pos"]
    return json.dumps(document, indent=2)


def sigmoid_text(node_ids=None) -> str:
    """The 7-node sigmoid example without positions."""
    text = (EXAMPLES_DIR / "sigmoid.bpg.json").read_text(encoding="utf-8")
    return without_positions(text, node_ids)


def generated_text(size: int = 180, seed: int = 7) -> str:
    """A DAG of ``size`` nodes (inputs, constants, ops of recent operands), no positions."""
    rng = random.Random(seed)
    graph = Graph()
    ids = [graph.add_node("input", value=rng.uniform(-1, 1)) for _ in range(size // 6)]
    ids += [graph.add_node("constant", value=float(i)) for i in range(size // 18)]
    while len(ids) < size:
        op = rng.choice(UNARY + BINARY)
        node_id = graph.add_node("op", op=op)
        for port in range(1 if op in UNARY else 2):
            graph.connect(rng.choice(ids[-40:]), node_id, port)
        ids.append(node_id)
    return without_positions(dumps(graph))
