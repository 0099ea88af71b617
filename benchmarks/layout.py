"""Time the layered auto-layout on random DAGs with fan-out; prints figures, asserts nothing.

python benchmarks/layout.py
"""

from __future__ import annotations

import random
import time

from backprop_gui.core import Graph
from backprop_gui.core.layout import layered_layout

OPS = ["add", "mul", "sin", "exp", "tanh", "max"]


def random_dag(size: int, seed: int = 1) -> Graph:
    """``size`` op nodes over a few inputs, each op fed by recent nodes (fan-out)."""
    rng = random.Random(seed)
    graph = Graph()
    ids = [graph.add_node("input", value=1.0) for _ in range(max(2, size // 20))]
    for _ in range(size):
        node = graph.add_node("op", op=rng.choice(OPS))
        for port in range(graph.arity(node)):
            graph.connect(rng.choice(ids[-50:]), node, port, check_cycle=False)
        ids.append(node)
    return graph


def best_of(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(f"{'ops':>6} {'nodes':>7} {'layout ms':>10} {'µs/node':>8}")
    for size in (1_000, 5_000):
        graph = random_dag(size)
        seconds = best_of(3, lambda g=graph: layered_layout(g))
        nodes = len(graph)
        print(f"{size:>6} {nodes:>7} {seconds * 1e3:>10.1f} {seconds * 1e6 / nodes:>8.1f}")


if __name__ == "__main__":
    main()
