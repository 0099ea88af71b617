"""How fast the engine compiles and runs random DAGs, next to micrograd on the same DAGs.

Run from the repository root::

    python benchmarks/engine.py            # 1k, 10k and 100k ops
    python benchmarks/engine.py 1000 5000  # other sizes

For each size it builds one random DAG with fan-out (every op node feeds on the node
just before it or a few back, and on a node anywhere earlier; the loose ends are
summed into one output) from the ops both engines have: add, mul and relu. It then
prints microseconds per node, best of several repeats:

* compile: ``compile(graph)`` right after a structural edit, so with no cached plan
  (topological order, step tables);
* forward: ``plan.run(gradients=False)`` with the compiled plan;
* forward+backward: ``plan.run()`` with the compiled plan, values and gradients;
* micrograd: building the same DAG of ``micrograd.engine.Value`` objects (which is
  its forward pass) and calling ``backward()`` on the output.

The figures are for reading; nothing here asserts anything about time. The script
does check that both engines agree on every gradient of each DAG.
"""

from __future__ import annotations

import gc
import math
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backprop_gui.core import Graph, compile  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
INPUTS = 32
OPS = ("add", "mul", "relu")
NEAR = 8  # an op's first operand is one of the NEAR nodes just before it


def random_dag(n_ops: int, seed: int = 0) -> list[tuple]:
    """A DAG as a list of specs, operands by position in the list.

    ("input", value) or (op, first operand, second operand or None). The last spec
    is the single output: the loose ends are summed pairwise at the end.
    """
    rng = random.Random(seed)
    specs: list[tuple] = [("input", rng.uniform(0.5, 1.0)) for _ in range(INPUTS)]
    used = [False] * (INPUTS + n_ops)
    while len(specs) < INPUTS + n_ops:
        op = rng.choice(OPS)
        a = len(specs) - rng.randint(1, NEAR)
        b = rng.randrange(len(specs)) if op != "relu" else None
        specs.append((op, a, b))
        used[a] = True
        if b is not None:
            used[b] = True
    loose = [i for i in range(len(specs)) if not used[i]]
    while len(loose) > 1:
        pairs = [("add", a, b) for a, b in zip(loose[::2], loose[1::2])]
        odd = loose[-1:] if len(loose) % 2 else []
        loose = list(range(len(specs), len(specs) + len(pairs))) + odd
        specs.extend(pairs)
    return specs


def to_graph(specs: list[tuple]) -> Graph:
    graph = Graph()
    ids = [f"n{i}" for i in range(len(specs))]
    for node_id, (kind, *operands) in zip(ids, specs):
        if kind == "input":
            graph.add_node("input", id=node_id, value=operands[0])
            continue
        graph.add_node("op", id=node_id, op=kind)
        for port, operand in enumerate(operands):
            if operand is not None:
                graph.connect(ids[operand], node_id, port)
    return graph


def micrograd_build_backward(specs: list[tuple]) -> list:
    """micrograd's forward (building Values) and backward; returns the Values."""
    from micrograd.engine import Value

    values: list = []
    for kind, *operands in specs:
        if kind == "input":
            values.append(Value(operands[0]))
        elif kind == "add":
            values.append(values[operands[0]] + values[operands[1]])
        elif kind == "mul":
            values.append(values[operands[0]] * values[operands[1]])
        else:
            values.append(values[operands[0]].relu())
    values[-1].backward()
    return values


def compile_afresh(graph: Graph, output: str):
    """``compile(graph)`` after an edit that changes the structure, so not from cache."""
    edge = graph.disconnect(output, 0)
    graph.connect(edge.source, output, 0)
    return compile(graph)


def best_of(repeats: int, work) -> tuple[float, object]:
    """The fastest of ``repeats`` timings of ``work()`` in seconds, and its last answer."""
    best, answer = math.inf, None
    for _ in range(repeats):
        answer = None  # the last run's objects must not weigh on this one
        gc.collect()
        start = time.perf_counter()
        answer = work()
        best = min(best, time.perf_counter() - start)
    return best, answer


def in_big_stack(work):
    """Run ``work()`` in a thread with room for micrograd's recursive topological sort."""
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(512 * 1024 * 1024)
    answer: list = []
    thread = threading.Thread(target=lambda: answer.append(work()))
    thread.start()
    thread.join()
    return answer[0]


def check_agreement(graph: Graph, result, values: list) -> None:
    """Both engines must give the same gradients (relative 1e-9), or the race is void."""
    for node_id, value in zip(graph.node_ids(), values):
        ours, theirs = result.grads[node_id], float(value.grad)
        if not math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12):
            raise SystemExit(f"gradients differ at {node_id}: {ours} vs micrograd {theirs}")


def measure(n_ops: int) -> None:
    specs = random_dag(n_ops)
    graph = to_graph(specs)
    nodes = len(graph)
    repeats = 15 if n_ops <= 10_000 else 3
    output = graph.sinks()[0]

    compile_s, plan = best_of(repeats, lambda: compile_afresh(graph, output))
    forward_s, _ = best_of(repeats, lambda: plan.run(gradients=False))
    both_s, result = best_of(repeats, plan.run)
    micro_s, values = in_big_stack(
        lambda: best_of(repeats, lambda: micrograd_build_backward(specs))
    )
    check_agreement(graph, result, values)

    def per_node(seconds: float) -> str:
        return f"{seconds / nodes * 1e6:9.3f}"

    print(
        f"{n_ops:>8} {nodes:>8} {per_node(compile_s)} {per_node(forward_s)} "
        f"{per_node(both_s)} {per_node(micro_s)} {micro_s / both_s:9.1f}x"
    )


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or SIZES
    print(f"Python {sys.version.split()[0]}; op mix {', '.join(OPS)}; µs per node, best of runs")
    print(
        f"{'ops':>8} {'nodes':>8} {'compile':>9} {'forward':>9} {'fwd+bwd':>9} "
        f"{'micrograd':>9} {'speed-up':>10}"
    )
    for n_ops in sizes:
        measure(n_ops)
    print("speed-up: micrograd build+backward time / our forward+backward time (cached plan)")


if __name__ == "__main__":
    main(sys.argv[1:])
