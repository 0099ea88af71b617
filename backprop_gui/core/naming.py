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
from weakref import WeakKeyDictionary, ref

from .graph import Graph
from .numbers import format_number

_CACHE: WeakKeyDictionary = WeakKeyDictionary()  # graph -> its _Cache
_RENAMING_KEYS = ("label", "op")


class _Cache:
    """A graph's names, dropped when a change could rename a node: a node or edge
    added or removed, a label or op changed, a constant's value changed, or the nodes'
    order changed (an undone delete puts nodes back in place without an event of its
    own). A value edit of an input (a live scrub) keeps them."""

    def __init__(self, graph: Graph) -> None:
        self.names: dict[str, str] | None = None
        self.order: list[str] = []  # the node order the names were made for
        self._graph = ref(graph)  # the graph holds this cache (as a listener), not back
        graph.subscribe(self._heard)

    def _heard(self, event: str, details: dict) -> None:
        if event != "node_changed":
            if event != "output_changed":
                self.names = None
        elif details["key"] in _RENAMING_KEYS or (
            details["key"] == "value" and self._graph().node(details["id"]).kind == "constant"
        ):
            self.names = None


def node_names(graph: Graph) -> dict[str, str]:
    """Every node's name (see the module docstring), kept until one may change."""
    cache = _CACHE.get(graph)
    if cache is None:
        cache = _CACHE[graph] = _Cache(graph)
    order = list(graph.nx)
    if cache.names is None or cache.order != order:
        cache.names, cache.order = _names(graph), order
    return cache.names


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
