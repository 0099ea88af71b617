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
from itertools import count
from weakref import WeakKeyDictionary, ref

from .graph import Graph
from .numbers import format_number

_CACHE: WeakKeyDictionary = WeakKeyDictionary()  # graph -> its _Cache
_HARMLESS_KEYS = ("pos", "trainable")  # node changes that never rename a node
_INPUT_STEMS = ("x", "y", "z")  # a new input's name: x, y, z, then x2, y2, z2, x3, …


class _Cache:
    """A graph's names and the graph revision they are true for.

    Any change makes them old (the revision moves on), except one the cache hears
    and knows renames nothing: a position, the trainable flag, the output, or the
    value of an input (a live scrub). The node order is checked too: an undone
    delete puts nodes back in place without an event of its own.
    """

    def __init__(self, graph: Graph) -> None:
        self.names: dict[str, str] = {}
        self.revision = -1  # the graph's revision the names are for
        self.order: list[str] = []
        self._graph = ref(graph)  # the graph holds this cache (as a listener), not back
        graph.subscribe(self._heard)

    def _heard(self, event: str, details: dict) -> None:
        graph = self._graph()
        if self.revision == graph.revision - 1 and _renames_nothing(graph, event, details):
            self.revision = graph.revision


def _renames_nothing(graph: Graph, event: str, details: dict) -> bool:
    if event == "output_changed":
        return True
    if event != "node_changed":
        return False
    key = details["key"]
    return key in _HARMLESS_KEYS or (
        key == "value" and graph.nx.nodes[details["id"]]["kind"] == "input"
    )


def node_names(graph: Graph) -> dict[str, str]:
    """Every node's name (see the module docstring), kept until one may change."""
    cache = _CACHE.get(graph)
    if cache is None:
        cache = _CACHE[graph] = _Cache(graph)
    order = list(graph.nx)
    if cache.revision != graph.revision or cache.order != order:
        cache.names, cache.revision, cache.order = _names(graph), graph.revision, order
    return cache.names


def node_name(graph: Graph, node_id: str) -> str:
    return node_names(graph)[node_id]


def new_input_name(graph: Graph) -> str:
    """The first of x, y, z, x2, y2, z2, x3, … that is no node's id or name: an input
    added by hand is called by its id, as an expression's variable is."""
    taken = set(graph.node_ids()) | set(node_names(graph).values())
    candidates = (stem + (str(n) if n > 1 else "") for n in count(1) for stem in _INPUT_STEMS)
    return next(name for name in candidates if name not in taken)


def _names(graph: Graph) -> dict[str, str]:
    nodes = graph.nx.nodes(data=True)  # the raw data: no Node snapshots, for speed
    unlabelled_values = Counter(
        format_number(d["value"])
        for _, d in nodes
        if d["kind"] == "constant" and not d.get("label")
    )
    counters = {"constant": 0, "op": 0}
    names = {}
    for node_id, data in nodes:
        kind, label = data["kind"], data.get("label")
        if label:
            names[node_id] = label
        elif kind == "input":
            names[node_id] = node_id
        elif kind == "constant" and unlabelled_values[format_number(data["value"])] == 1:
            names[node_id] = format_number(data["value"])
        else:
            counters[kind] += 1
            names[node_id] = f"{'c' if kind == 'constant' else 'u'}{counters[kind]}"
    return names
