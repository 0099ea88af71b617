"""Export a graph as code that runs without backprop-gui.

* :func:`to_python`: plain Python with the ``math`` module, forward in topological
  order, then backward by the chain rule with contributions summed over fan-out,
  written out line by line so a student can read it.
* :func:`to_pytorch`: the same graph in PyTorch tensors; autograd does the backward.

Both print one JSON object ``{"output": id, "values": {...}, "grads": {...}}``, like
``backprop-gui eval`` (NaN and ±inf as the strings "nan", "inf", "-inf"). Each op's
Python and PyTorch forms live in its record in ``ops.py``; the plain Python computes
exactly the engine's numbers: IEEE answers where ``math`` would raise, and exactly 0
where a partial is zero by the op's definition, even from an infinite or NaN upstream
gradient.

Each node's variable is the name the step panel calls it by (:func:`.naming.node_names`:
its label, else ``u1``, ``c1``, its id for an input), made an identifier: ``σ`` ->
``sigma``, ``w₁`` -> ``w1``; a constant called by its value is ``c_`` and the value
(``c_3``, ``c_0_5``, ``c_minus_2``); its gradient is ``g_`` and the variable. The
printed JSON names nodes by id, as ``backprop-gui eval`` does.

Strings from the graph (ids, labels, the title) enter the code only as ``repr``
literals or as identifiers made of ASCII letters, digits and underscores
(:func:`identifiers`), never raw: a hostile file cannot add a statement to the code it
exports. The description stays out of the code.
"""

from __future__ import annotations

import builtins
import keyword
import math
import re
import unicodedata

from . import python_helpers as py
from .engine import compile
from .graph import Graph
from .naming import node_names
from .ops import OPS


def _report(output: str) -> list[str]:
    """The lines that print the JSON object, ``output`` (a node id) as a literal."""
    return [
        "",
        "report = {",
        f'    "output": {repr(output)},',
        '    "values": {n: json_number(v) for n, v in values.items()},',
        '    "grads": {n: json_number(g) for n, g in grads.items()},',
        "}",
        "print(json.dumps(report, indent=2))",
    ]


def to_python(graph: Graph, output: str | None = None) -> str:
    """Plain Python that computes and prints every value and gradient of ``graph``."""
    plan, names, on_path = _prepare(graph, output)
    helpers = _helpers(plan.ops.values())
    lines = [_docstring(graph, "plain Python"), "", "import json", "import math"]
    lines += _functions([*helpers, py.JSON_NUMBER]) + ["# Forward"]
    for node_id in plan.order:
        lines.append(f"{names[node_id]} = {_python_forward(graph, plan, names, node_id)}")
    output_name = names[plan.output]
    lines += ["", f"# Backward from {output_name}: each edge adds upstream × local derivative"]
    grads = {n: "g_" + names[n] for n in plan.order if n in on_path}
    for node_id in plan.order:
        if node_id in on_path:
            lines.append(f"{grads[node_id]} = {'1.0' if node_id == plan.output else '0.0'}")
    for target in reversed(plan.order):
        if target in on_path and target in plan.ops:
            lines += _python_backward(plan, names, grads, target)
    values = ", ".join(f"{n!r}: {names[n]}" for n in plan.order)
    gradients = ", ".join(f"{n!r}: {grads.get(n, 'None')}" for n in plan.order)
    lines += ["", f"values = {{{values}}}", f"grads = {{{gradients}}}"]
    lines += _report(plan.output)
    return "\n".join(lines) + "\n"


def to_pytorch(graph: Graph, output: str | None = None) -> str:
    """PyTorch code that builds the same graph, runs backward and prints the same numbers."""
    plan, names, _ = _prepare(graph, output)
    lines = [_docstring(graph, "PyTorch"), "", "import json", "import math", "", "import torch"]
    lines += _functions([py.JSON_NUMBER]) + ["# Forward"]
    for node_id in plan.order:
        name = names[node_id]
        node = graph.node(node_id)
        if node.kind != "op":
            lines.append(
                f"{name} = torch.tensor({_literal(node.value)}, dtype=torch.float64, "
                "requires_grad=True)"
            )
            continue
        operands = dict(zip("ab", (names[o] for o in plan.operands[node_id])))
        lines.append(f"{name} = {OPS[node.op].torch.format(**operands)}")
        lines.append(f"{name}.retain_grad()")
    values = ", ".join(f"{n!r}: {names[n]}" for n in plan.order)
    lines += [
        "",
        f"# Backward from {names[plan.output]}",
        f"{names[plan.output]}.backward()",
        "",
        f"nodes = {{{values}}}",
        "values = {n: t.item() for n, t in nodes.items()}",
        "grads = {n: None if t.grad is None else t.grad.item() for n, t in nodes.items()}",
    ]
    lines += _report(plan.output)
    return "\n".join(lines) + "\n"


def _prepare(graph: Graph, output: str | None):
    """The plan, a Python name per node, and the nodes that get a gradient."""
    plan = compile(graph, output)
    plan.require_complete("export")
    result = plan.run()
    on_path = {n for n, g in result.grads.items() if g is not None}
    return plan, variable_names(graph, plan.order), on_path


def variable_names(graph: Graph, node_ids: list[str]) -> dict[str, str]:
    """Each node's variable: its name in the step panel as an identifier (see the
    module docstring); where two names spell the same, the later node gets a suffix."""
    shown = node_names(graph)
    return identifiers({n: _spelling(graph.node(n).kind, shown[n]) for n in node_ids})


_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)(e-?\d+)?")


def _spelling(kind: str, name: str) -> str:
    """A constant called by a number as ``c_`` and the number ("−2" -> "c_minus_2");
    any other name as it is."""
    number = name.replace("−", "-")
    if kind == "constant" and _NUMBER.fullmatch(number):
        return "c_" + number.replace("-", "_minus_")
    return name


def _helpers(ops) -> list[str]:
    """The helper functions the ops call, each once, in the order first needed."""
    return list(dict.fromkeys(text for op in ops for text in op.python_helpers))


def _functions(texts: list[str]) -> list[str]:
    """Function definitions as lines, two blank lines around each."""
    lines = []
    for text in texts:
        lines += ["", "", text.strip("\n")]
    return lines + ["", ""]


def _helper_names() -> set[str]:
    return {
        name
        for op in OPS.values()
        for text in op.python_helpers
        for name in re.findall(r"^def (\w+)", text, re.MULTILINE)
    }


# Names the exported code itself uses: modules, builtins, helpers and its variables.
_TAKEN = (
    {"json", "math", "torch", "values", "grads", "nodes", "report", "json_number"}
    | set(dir(builtins))
    | _helper_names()
)


def identifiers(spellings: dict[str, str]) -> dict[str, str]:
    """A distinct, readable Python identifier for each key, spelled from its text.

    "x" stays "x"; "my node" -> "my_node"; "w₁" -> "w1"; "σ" -> "sigma"; "∂L" -> "L"
    (no underscores doubled or at either end); a keyword, a name the code itself uses,
    one starting with a digit or with "g_" (a gradient's prefix) gets "n_" in front; a
    name taken already gets "_2", "_3", ...; long ones are cut at MAX_NAME characters.
    Only ASCII letters, digits and underscores: Python folds other letters (NFKC), so
    "ｘ" would be the same variable as "x".
    """
    names: dict[str, str] = {}
    taken = set(_TAKEN)
    next_suffix: dict[str, int] = {}  # per name, where to look for a free suffix
    for key, text in spellings.items():
        spelled = _ascii_name(text[:MAX_NAME])[:MAX_NAME]
        base = name = re.sub(r"_+", "_", spelled).strip("_") or "node"
        if keyword.iskeyword(name) or re.match(r"[0-9]|g_", name) or name in _TAKEN:
            base = name = f"n_{name}"
        n = next_suffix.get(base, 2)
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        next_suffix[base] = n
        taken.add(name)
        names[key] = name
    return names


MAX_NAME = 40  # characters of a name kept in its variable's name


def _ascii_name(text: str) -> str:
    """``text`` in ASCII letters, digits and underscores: accents dropped ("é" -> "e"),
    compatibility forms unfolded ("₁" -> "1"), other letters spelled by their Unicode
    name ("σ" -> "sigma", "Σ" -> "Sigma"), anything else an underscore."""
    parts = []
    for char in unicodedata.normalize("NFKD", text):
        if char.isascii() and (char.isalnum() or char == "_"):
            parts.append(char)
        elif not unicodedata.combining(char):
            parts.append(_letter_name(char))
    return "".join(parts)


def _letter_name(char: str) -> str:
    """A letter's name in ASCII ("GREEK SMALL LETTER SIGMA" -> "sigma"); "_" for others."""
    name = unicodedata.name(char, "")
    _, letter, spelled = name.partition(" LETTER ")
    if not letter:
        return "_"
    word = re.sub(r"[^A-Za-z0-9]+", "_", spelled.split(" WITH ")[0])
    return word.capitalize() if "CAPITAL" in name.split() else word.lower()


def _docstring(graph: Graph, language: str) -> str:
    """The module's docstring: the graph's title, cut at MAX_TITLE, as a literal."""
    title = str(graph.meta.get("title") or "a graph")
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1] + "…"
    return repr(f"{title}: values and gradients in {language}, exported from backprop-gui.")


MAX_TITLE = 200  # characters of the title in the exported docstring


def _literal(value: float) -> str:
    """A float as Python source: 0.5, or math.nan / math.inf / -math.inf."""
    if math.isfinite(value):
        return repr(float(value))
    return "math.nan" if math.isnan(value) else "math.inf" if value > 0 else "-math.inf"


def _python_forward(graph: Graph, plan, names: dict, node_id: str) -> str:
    node = graph.node(node_id)
    if node.kind != "op":
        return f"{_literal(node.value)}  # {node.kind}"
    operands = dict(zip("ab", (names[o] for o in plan.operands[node_id])))
    return OPS[node.op].python.format(**operands)


def _python_backward(plan, names: dict, grads: dict, target: str) -> list[str]:
    """``g_x += g_y * cos(x)``, or ``g_x += 0.0 if x <= 0 else g_r * 1.0`` where the
    partial is zero by the op's definition (there an infinite or NaN upstream
    gradient passes on 0, not NaN)."""
    op = plan.ops[target]
    operands = plan.operands[target]
    fields = dict(zip("ab", (names[o] for o in operands)), out=names[target])
    zero_where = op.python_zero_where or (None,) * op.arity
    lines = []
    for source, partial, zero in zip(operands, op.python_partials, zero_where):
        contribution = f"{grads[target]} * {_grouped(partial.format(**fields))}"
        if zero is not None:
            contribution = f"0.0 if {zero.format(**fields)} else {contribution}"
        lines.append(f"{grads[source]} += {contribution}  # ∂{names[target]}/∂{names[source]}")
    return lines


def _grouped(text: str) -> str:
    """``text`` in brackets unless it is a name, a number or a call: ``g * (1.0 - y * y)``."""
    return text if re.fullmatch(r"[\w.]+(\([\w., ]*\))?", text) else f"({text})"
