"""Export a graph's training as a PyTorch script: the same data, optimizer and loop.

The script prints the JSON lines ``backprop-gui train`` prints (the loss before
training and after each epoch, then the parameters), computed by PyTorch: every node
one tensor operation on the batch's rows (each op's ``torch`` form in ``ops.py``),
autograd for the mean gradient, ``torch.optim`` for the updates, and the batches from
``numpy.random.default_rng(seed)`` exactly as the app draws them.

Node names become local variables of one function, ``per_sample_loss``, which reads
everything else through its arguments; so no node name (``params``, ``loss``, ...) can
shadow a name the rest of the script uses. Strings from the graph enter the code only
as JSON string literals, which Python reads as the same strings.
"""

from __future__ import annotations

import json

from .codegen import variable_names
from .engine import compile
from .graph import Graph, GraphError
from .ops import OPS
from .training_options import TrainingOptions

_OPTIMIZERS = {
    "sgd": "torch.optim.SGD(params.values(), lr={lr!r})",
    "momentum": "torch.optim.SGD(params.values(), lr={lr!r}, momentum={momentum!r})",
    "adam": "torch.optim.Adam(params.values(), lr={lr!r})",
}

_LOOP = """


def number(v):
    \"\"\"A number for JSON as `backprop-gui train` prints it: nan and ±inf as strings.\"\"\"
    if math.isfinite(v):
        return v
    return "nan" if math.isnan(v) else "inf" if v > 0 else "-inf"


def report(line):
    print(json.dumps(line), flush=True)


def loss_over_all_rows():
    with torch.no_grad():
        return per_sample_loss(columns, params).mean().item()


rng = np.random.default_rng(SEED)
epoch, loss = 0, loss_over_all_rows()
report({"epoch": epoch, "loss": number(loss)})
while math.isfinite(loss) and epoch < EPOCHS:
    epoch += 1
    order = rng.permutation(ROWS) if SHUFFLE else np.arange(ROWS)
    for start in range(0, ROWS, BATCH_SIZE):
        rows = torch.from_numpy(order[start : start + BATCH_SIZE])
        batch = {name: values[rows] for name, values in columns.items()}
        optimizer.zero_grad()
        per_sample_loss(batch, params).mean().backward()
        optimizer.step()
    loss = loss_over_all_rows()
    report({"epoch": epoch, "loss": number(loss)})
if not math.isfinite(loss):
    sys.exit(
        f"error: training diverged at epoch {epoch}: the loss is {loss}; "
        "try a smaller learning rate (--lr)"
    )
report({"params": {n: number(p.item()) for n, p in params.items()}, "loss": number(loss)})
"""


def to_pytorch_training(
    graph: Graph, options: TrainingOptions | None = None, output: str | None = None
) -> str:
    """A PyTorch script that trains ``graph`` as ``backprop-gui train`` does, with
    ``options`` (None: the graph's own), minimising the mean of ``output`` (None: the
    graph's chosen output, else its unique sink, as ``train`` does)."""
    options = (options or graph.training).resolved()
    plan = compile(graph, output)
    plan.require_complete("export")
    parameters = [n for n in plan.order if graph.node(n).trainable]
    if not parameters:
        raise GraphError("nothing to train: mark at least one input as trainable")
    rows = graph.data.rows if graph.data is not None else 1
    title = graph.meta.get("title") or "a graph"
    lines = [
        f'"""{json.dumps(title)[1:-1]}: training in PyTorch, exported from backprop-gui."""',
        "",
        "import json",
        "import math",
        "import sys",
        "",
        "import numpy as np",
        "import torch",
        "",
        f"SEED, EPOCHS, SHUFFLE = {options.seed!r}, {options.epochs!r}, {options.shuffle!r}",
        f"ROWS, BATCH_SIZE = {rows}, {min(options.batch_size or rows, rows)}",
        "",
        *_data_lines(graph),
        "params = {",
        *(f"    {_text(p)}: {_tensor(graph.node(p).value, grad=True)}," for p in parameters),
        "}",
        f"optimizer = {_OPTIMIZERS[options.optimizer].format(**options.given())}",
        "",
        *_model_lines(graph, plan),
    ]
    return "\n".join(lines) + _LOOP


def _data_lines(graph: Graph) -> list[str]:
    """``columns``: each data column as a float64 tensor."""
    if graph.data is None:
        return ["columns = {}  # no data: one row, the nodes' own values"]
    data = ", ".join(f"{_text(n)}: {v}" for n, v in graph.data.to_lists().items())
    return [
        f"data = {{{data}}}",
        "columns = {name: torch.tensor(v, dtype=torch.float64) for name, v in data.items()}",
    ]


def _model_lines(graph: Graph, plan) -> list[str]:
    names = variable_names(graph, plan.order)
    lines = [
        "",
        "def per_sample_loss(_columns, _params):",
        '    """The output node on every row of ``_columns``: one tensor op per node."""',
    ]
    for node_id in plan.order:
        node = graph.node(node_id)
        if node.trainable:
            form = f"_params[{_text(node_id)}]"
        elif node.column:
            form = f"_columns[{_text(node.column)}]"
        elif node.kind != "op":
            form = _tensor(node.value, grad=False)
        else:
            operands = dict(zip("ab", (names[o] for o in plan.operands[node_id])))
            form = OPS[node.op].torch.format(**operands)
        lines.append(f"    {names[node_id]} = {form}")
    return [*lines, f"    return {names[plan.output]}"]


def _tensor(value: float, grad: bool) -> str:
    tail = ", requires_grad=True" if grad else ""
    return f"torch.tensor({float(value)!r}, dtype=torch.float64{tail})"


def _text(text: str) -> str:
    """``text`` as a Python string literal (JSON's escapes are Python's)."""
    return json.dumps(text)
