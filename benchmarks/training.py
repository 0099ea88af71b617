"""Training updates per second, headless, next to PyTorch and micrograd on the same nets.

Run from the repository root (PyTorch and micrograd, the ``bench`` extra, needed)::

    python benchmarks/training.py           # every net
    python benchmarks/training.py sine      # one of: sine, moons, wide

The nets, each built of scalar nodes by ``core.dense.build_mlp`` with tanh units:

* sine: 1-16-1 fitting a sine, mse, 200 rows (132 nodes);
* moons: 2-8-8-1 on two moons, bce_logits, 500 rows (301 nodes);
* wide: 2-16-16-1 on two moons, bce_logits, 500 rows (981 nodes).

One update is one full batch (every row), sgd. For each net it prints updates per
second of:

* ours: ``Trainer.step()`` (a BatchProgram on the cached plan, numpy over the rows);
* torch nodes: the same graph node for node in PyTorch, each scalar node one tensor
  op on the row vector (the code ``core.training_export`` writes), autograd and
  ``torch.optim.SGD``;
* micrograd: the same graph of ``micrograd.engine.Value`` objects built row by row
  (micrograd has scalars only), one backward over the mean, then the sgd step;
* torch tensors: for context, the same network as ``nn.Linear`` layers (matmuls);

and, for the window's budget, the milliseconds ``training_view.update_frame`` takes to
make the canvas's frame of one update (means over the batch of every node and edge).

Figures are for reading; nothing asserts anything about time. The script checks that
ours and the node-for-node PyTorch give the same gradients first, or the race is void.
"""

from __future__ import annotations

import contextlib
import io
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backprop_gui.core import Trainer, TrainingOptions, compile  # noqa: E402
from backprop_gui.core import data_generators as generators  # noqa: E402
from backprop_gui.core.dense import build_mlp  # noqa: E402
from backprop_gui.core.training_export import to_pytorch_training  # noqa: E402
from backprop_gui.core.training_view import update_frame  # noqa: E402

NETS = {
    "sine": (lambda: generators.sine(rows=200), ["x"], [16], "mse"),
    "moons": (lambda: generators.moons(rows=500), ["x1", "x2"], [8, 8], "bce_logits"),
    "wide": (lambda: generators.moons(rows=500), ["x1", "x2"], [16, 16], "bce_logits"),
}
OPTIONS = TrainingOptions(optimizer="sgd", lr=0.01, shuffle=False)
SECONDS = 1.5  # how long each contender trains, at least


def rate(update, at_least: int = 3) -> float:
    """Updates per second of ``update()``: as many as fit in SECONDS, at least a few."""
    update()  # warm up
    count, start = 0, time.perf_counter()
    while count < at_least or time.perf_counter() - start < SECONDS:
        update()
        count += 1
    return count / (time.perf_counter() - start)


# ------------------------------------------------------------------ PyTorch


def torch_nodes(graph):
    """The exported training script's model, optimizer and data, not run."""
    code = to_pytorch_training(graph, OPTIONS.updated({"epochs": 0}, str))
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(code, namespace)  # our own export of our own graph
    model, columns, params = namespace["per_sample_loss"], namespace["columns"], namespace["params"]
    optimizer = namespace["optimizer"]

    def update():
        optimizer.zero_grad()
        model(columns, params).mean().backward()
        optimizer.step()

    def gradients():
        optimizer.zero_grad()
        model(columns, params).mean().backward()
        return {name: p.grad.item() for name, p in params.items()}

    return update, gradients


def torch_tensors(data, inputs: list[str], hidden: list[int], loss: str):
    import torch

    sizes = [len(inputs), *hidden]
    layers: list = []
    for fan_in, width in zip(sizes, sizes[1:]):
        layers += [torch.nn.Linear(fan_in, width), torch.nn.Tanh()]
    net = torch.nn.Sequential(*layers, torch.nn.Linear(sizes[-1], 1)).double()
    x = torch.tensor(np.stack([data.columns[c] for c in inputs], axis=1))
    y = torch.tensor(data.columns["y"]).unsqueeze(1)
    criterion = torch.nn.MSELoss() if loss == "mse" else torch.nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=OPTIONS.lr)

    def update():
        optimizer.zero_grad()
        criterion(net(x), y).backward()
        optimizer.step()

    return update


# ---------------------------------------------------------------- micrograd


def micrograd_update(graph):
    """One sgd update with micrograd: the graph of Values built row by row."""
    from micrograd.engine import Value

    plan = compile(graph)
    params = {p: Value(graph.node(p).value) for p in plan.order if graph.node(p).trainable}
    rows = [graph.data.row(k) for k in range(graph.data.rows)]
    leaves = {n: graph.node(n) for n in plan.order if n not in plan.ops}
    steps = [(n, op.name, plan.operands[n]) for n, op in plan.ops.items()]

    def row_loss(row):
        values = {}
        for node_id, node in leaves.items():
            values[node_id] = params.get(node_id) or Value(row.get(node.column, node.value))
        for node_id, name, operands in steps:
            values[node_id] = MICROGRAD[name](*(values[o] for o in operands))
        return values[plan.output]

    def update():
        for p in params.values():
            p.grad = 0.0
        total = sum((row_loss(row) for row in rows), Value(0.0)) * (1.0 / len(rows))
        total.backward()
        for p in params.values():
            p.data -= OPTIONS.lr * p.grad

    return update


def _micrograd_unary(function, slope):
    """A micrograd op (as in micrograd's own relu) for a function micrograd lacks."""
    from micrograd.engine import Value

    def op(v):
        out = Value(function(v.data), (v,), "f")

        def _backward():
            v.grad += slope(v.data, out.data) * out.grad

        out._backward = _backward
        return out

    return op


def _bce_logits(a, b):
    """max(a, 0) − a·b + ln(1 + e^−|a|), as a micrograd node with both partials."""
    from micrograd.engine import Value

    value = max(a.data, 0.0) - a.data * b.data + math.log1p(math.exp(-abs(a.data)))
    out = Value(value, (a, b), "bce")

    def _backward():
        a.grad += (1.0 / (1.0 + math.exp(-a.data)) - b.data) * out.grad
        b.grad += -a.data * out.grad

    out._backward = _backward
    return out


MICROGRAD = {
    "add": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "tanh": _micrograd_unary(math.tanh, lambda x, t: 1.0 - t * t),
    "mse": lambda a, b: (a - b) ** 2,
    "bce_logits": _bce_logits,
}


# -------------------------------------------------------------------- main


def measure(name: str) -> None:
    make_data, inputs, hidden, loss = NETS[name]
    data = make_data()
    graph = build_mlp(data, inputs, "y", hidden, "tanh", loss, seed=0)
    ours = Trainer(graph, OPTIONS)
    torch_update, torch_gradients = torch_nodes(graph)
    expected = ours.step().gradients
    ours.reset()
    for node_id, gradient in torch_gradients().items():
        if not math.isclose(gradient, expected[node_id], rel_tol=1e-9, abs_tol=1e-12):
            raise SystemExit(f"gradients differ at {node_id}: {expected[node_id]} vs {gradient}")
    figures = {
        "ours": rate(ours.step),
        "torch nodes": rate(torch_update),
        "micrograd": rate(micrograd_update(graph), at_least=1),
        "torch tensors": rate(torch_tensors(data, inputs, hidden, loss)),
    }
    update = ours.step()
    frame_ms = 1e3 / rate(lambda: update_frame(ours, update))
    shape = "-".join(str(k) for k in [len(inputs), *hidden, 1])
    cells = " ".join(f"{figures[k]:>13.1f}" for k in figures)
    print(
        f"{name:>6} {shape:>8} {len(graph):>6} {data.rows:>5} {cells} "
        f"{figures['ours'] / figures['torch nodes']:>9.2f}x "
        f"{figures['ours'] / figures['micrograd']:>8.0f}x {frame_ms:>8.1f}"
    )


def main(argv: list[str]) -> None:
    import torch

    torch.set_num_threads(1)
    names = argv or list(NETS)
    print(f"Python {sys.version.split()[0]}, torch {torch.__version__} (1 thread); updates/s")
    columns = ("ours", "torch nodes", "micrograd", "torch tensors")
    print(
        f"{'net':>6} {'shape':>8} {'nodes':>6} {'rows':>5} "
        + " ".join(f"{c:>13}" for c in columns)
        + f" {'vs nodes':>10} {'vs micro':>9} {'frame ms':>8}"
    )
    for name in names:
        measure(name)


if __name__ == "__main__":
    main(sys.argv[1:])
