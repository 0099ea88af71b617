"""What a person calls each node: one name, the same on the card, in the step-through,
the tooltips, the inspector and the exports.

A node is called by its label. Without one: an input by its id; a constant by its
value when no other unlabelled constant has that value, else ``c1``, ``c2``, …; an op
``u1``, ``u2``, … in the graph's node order (the textbook's intermediate variables).
Names are short and stable: editing a value or a label changes only that node's name
(and, for constants, those sharing its value); adding a node never renames another.
"""

from __future__ import annotations

from collections import Counter
from weakref import WeakKeyDictionary

from .graph import Graph
from .numbers import format_number

_CACHE: WeakKeyDictionary = WeakKeyDictionary()  # graph -> (revision, names)


def node_names(graph: Graph) -> dict[str, str]:
    """Every node's name (see the module docstring), kept until the graph changes."""
    cached = _CACHE.get(graph)
    if cached is not None and cached[0] == graph.revision:
        return cached[1]
    names = _names(graph)
    _CACHE[graph] = (graph.revision, names)
    return names


def node_name(graph: Graph, node_id: str) -> str:
    return node_names(graph)[node_id]


def _names(graph: Graph) -> dict[str, str]:
    nodes = list(graph.nodes())
    unlabelled_values = Counter(
        format_number(n.value) for n in nodes if n.kind == "constant" and not n.label
    )
    counters = {"constant": 0, "op": 0}
    names = {}
    for node in nodes:
        if node.label:
            names[node.id] = node.label
        elif node.kind == "input":
            names[node.id] = node.id
        elif node.kind == "constant" and unlabelled_values[format_number(node.value)] == 1:
            names[node.id] = format_number(node.value)
        else:
            counters[node.kind] += 1
            names[node.id] = f"{'c' if node.kind == 'constant' else 'u'}{counters[node.kind]}"
    return names
