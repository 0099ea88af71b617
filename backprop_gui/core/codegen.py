"""Export a graph as code that runs without backprop-gui.

* :func:`to_python`: plain Python with the ``math`` module, forward in topological
  order, then backward by the chain rule with contributions summed over fan-out,
  written out line by line so a student can read it.
* :func:`to_pytorch`: the same graph in PyTorch tensors; autograd does the backward.

Both print one JSON object ``{"output": id, "values": {...}, "grads": {...}}``, like
``backprop-gui eval``. Each op's Python and PyTorch forms live in its record in
``ops.py``; the conventions at kinks are the engine's (and PyTorch's).
"""

from __future__ import annotations

import json
import keyword
import re

from .engine import compile
from .graph import Graph, GraphError
from .ops import OPS


def to_python(graph: Graph, output: str | None = None) -> str:
    """Plain Python that computes and prints every value and gradient of ``graph``."""
    plan, names, on_path = _prepare(graph, output)
    lines = [_header(graph, "plain Python"), "import json", "import math", ""]
    lines += sorted({op.python_helpers for op in plan.ops.values() if op.python_helpers})
    lines.append("# Forward")
    for node_id in plan.order:
        lines.append(f"{names[node_id]} = {_python_forward(graph, plan, names, node_id)}")
    lines += ["", f"# Backward from {plan.output}: each edge adds upstream × local derivative"]
    grads = {n: "g_" + names[n] for n in plan.order if n in on_path}
    for node_id in plan.order:
        if node_id in on_path:
            lines.append(f"{grads[node_id]} = {'1.0' if node_id == plan.output else '0.0'}")
    for target in reversed(plan.order):
        if target in on_path and target in plan.ops:
            lines += _python_backward(plan, names, grads, target)
    values = ", ".join(f"{json.dumps(n)}: {names[n]}" for n in plan.order)
    gradients = ", ".join(f"{json.dumps(n)}: {grads.get(n, 'None')}" for n in plan.order)
    lines += [
        "",
        f"values = {{{values}}}",
        f"grads = {{{gradients}}}",
        f'print(json.dumps({{"output": {json.dumps(plan.output)}, "values": values, '
        '"grads": grads}, indent=2))',
    ]
    return "\n".join(lines) + "\n"


def to_pytorch(graph: Graph, output: str | None = None) -> str:
    """PyTorch code that builds the same graph, runs backward and prints the same numbers."""
    plan, names, _ = _prepare(graph, output)
    lines = [_header(graph, "PyTorch"), "import json", "", "import torch", "", "# Forward"]
    for node_id in plan.order:
        name = names[node_id]
        node = graph.node(node_id)
        if node.kind != "op":
            lines.append(
                f"{name} = torch.tensor({node.value!r}, dtype=torch.float64, requires_grad=True)"
            )
            continue
        operands = dict(zip("ab", (names[o] for o in plan.operands[node_id])))
        lines.append(f"{name} = {OPS[node.op].torch.format(**operands)}")
        lines.append(f"{name}.retain_grad()")
    values = ", ".join(f"{json.dumps(n)}: {names[n]}" for n in plan.order)
    lines += [
        "",
        f"# Backward from {plan.output}",
        f"{names[plan.output]}.backward()",
        "",
        f"nodes = {{{values}}}",
        "values = {n: t.item() for n, t in nodes.items()}",
        "grads = {n: None if t.grad is None else t.grad.item() for n, t in nodes.items()}",
        f'print(json.dumps({{"output": {json.dumps(plan.output)}, "values": values, '
        '"grads": grads}, indent=2))',
    ]
    return "\n".join(lines) + "\n"


def _prepare(graph: Graph, output: str | None):
    """The plan, a Python name per node, and the nodes that get a gradient."""
    plan = compile(graph, output)
    if plan.incomplete:
        free = ", ".join(sorted(plan.incomplete))
        raise GraphError(f"cannot export a graph with unconnected ports (at {free})")
    result = plan.run()
    on_path = {n for n, g in result.grads.items() if g is not None}
    return plan, python_names(plan.order), on_path


def python_names(node_ids) -> dict[str, str]:
    """A distinct Python identifier for each node id ("x" stays "x", "my node" -> "my_node")."""
    names: dict[str, str] = {}
    # Names the exported code itself uses: modules, helpers, builtins and its dicts.
    taken = {"json", "math", "torch", "sigmoid", "max", "min", "abs", "values", "grads", "nodes"}
    for node_id in node_ids:
        name = re.sub(r"\W", "_", node_id)
        if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("g_"):
            name = f"n_{name}"
        base, n = name, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
        names[node_id] = name
    return names


def _header(graph: Graph, language: str) -> str:
    title = graph.meta.get("title", "a graph")
    return f'"""{title}: values and gradients in {language}, exported from backprop-gui."""\n'


def _python_forward(graph: Graph, plan, names: dict, node_id: str) -> str:
    node = graph.node(node_id)
    if node.kind != "op":
        return f"{node.value!r}  # {node.kind}"
    operands = dict(zip("ab", (names[o] for o in plan.operands[node_id])))
    return OPS[node.op].python.format(**operands)


def _python_backward(plan, names: dict, grads: dict, target: str) -> list[str]:
    op = plan.ops[target]
    operands = plan.operands[target]
    fields = dict(zip("ab", (names[o] for o in operands)), out=names[target])
    return [
        f"{grads[source]} += {grads[target]} * {_grouped(partial.format(**fields))}"
        f"  # ∂{target}/∂{source}"
        for source, partial in zip(operands, op.python_partials)
    ]


def _grouped(text: str) -> str:
    """``text`` in brackets unless it is a name, a number or a call: ``g * (1.0 - y * y)``."""
    return text if re.fullmatch(r"[\w.]+(\([\w., ]*\))?", text) else f"({text})"
