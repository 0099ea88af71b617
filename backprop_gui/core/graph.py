"""The graph model: input, constant and op nodes on a networkx MultiDiGraph.

An edge runs from an operand node to the op that uses it; its key is the operand
``port`` (0 = first operand), so ``x * x`` is two edges x -> mul with keys 0 and 1.
Every mutation goes through a method here, which validates it first (a refused edit
raises :class:`GraphError` and leaves the graph untouched) and then tells listeners.

Two counters let callers cache work: ``structure_revision`` changes when nodes, edges
or ops change (the engine recompiles), ``revision`` on every change at all.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from .errors import GraphError
from .graph_data import GraphData
from .numbers import as_number
from .ops import OPS, get_op
from .quoting import quoted, shown

KINDS = ("input", "constant", "op")


@dataclass
class Node:
    """A snapshot of one node's data (changing it does not change the graph)."""

    id: str
    kind: str
    op: str | None = None
    value: float | None = None
    label: str | None = None
    pos: tuple[float, float] = (0.0, 0.0)
    trainable: bool = False
    column: str | None = None  # the data column an input reads, if any


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    port: int


@dataclass
class Removed:
    """What :meth:`Graph.remove_nodes` took away, enough to put it back exactly."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    output: str | None = None
    order: list[str] = field(default_factory=list)  # every node id, in order, before removal


Listener = Callable[[str, dict], None]


def _a(word: str) -> str:
    """``word`` with its indefinite article: "an input", "a constant"."""
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def finite_number(value, where: str) -> float:
    """``value`` as a float; GraphError unless it is a finite real number."""
    number = as_number(value)
    if number is None:
        raise GraphError(f"{where}: value must be a number, not {quoted(value)}")
    if not math.isfinite(number):
        raise GraphError(f"{where}: value must be a finite number, not {number}")
    return number


class Graph(GraphData):
    def __init__(self) -> None:
        self._init_graph_data()
        self.nx = nx.MultiDiGraph()
        self.meta: dict = {}
        self._output: str | None = None
        self._listeners: list[Listener] = []
        self._next_suffix: dict[str, int] = {}  # where new_id starts looking, per stem
        self.structure_revision = 0
        self.revision = 0

    # ----------------------------------------------------------------- listeners

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(event, details)`` after every change.

        Events: node_added, node_removed, node_changed (details: id, key), edge_added,
        edge_removed (details: source, target, port), output_changed (details: id),
        data_changed and training_changed (no details; see graph_data.py).
        """
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def _changed(self, event: str, structural: bool, **details) -> None:
        self.revision += 1
        if structural:
            self.structure_revision += 1
        for listener in list(self._listeners):
            listener(event, details)

    # ------------------------------------------------------------------- queries

    def __contains__(self, node_id: str) -> bool:
        return node_id in self.nx

    def __len__(self) -> int:
        return len(self.nx)

    def node_ids(self) -> list[str]:
        """Node ids in insertion order."""
        return list(self.nx.nodes)

    def node(self, node_id: str) -> Node:
        data = self._data(node_id)
        return Node(id=node_id, **data)

    def nodes(self) -> Iterator[Node]:
        for node_id, data in self.nx.nodes(data=True):
            yield Node(id=node_id, **data)

    def edges(self) -> list[Edge]:
        """Every edge, ordered by target (insertion order) then port."""
        return [edge for target in self.nx for edge in self.in_edges(target)]

    def in_edges(self, node_id: str) -> list[Edge]:
        """The edges into ``node_id``, by port."""
        found = [Edge(s, t, port) for s, t, port in self.nx.in_edges(node_id, keys=True)]
        return sorted(found, key=lambda edge: edge.port)

    def out_edges(self, node_id: str) -> list[Edge]:
        return [Edge(s, t, port) for s, t, port in self.nx.out_edges(node_id, keys=True)]

    def operand(self, target: str, port: int) -> str | None:
        """The node feeding ``port`` of ``target``, or None if the port is free."""
        self._data(target)
        for source, keys in self.nx.pred[target].items():
            if port in keys:
                return source
        return None

    def operands(self, target: str) -> list[str | None]:
        """The node feeding each port of ``target``, by port; None where a port is free."""
        found: list[str | None] = [None] * self.arity(target)
        for source, keys in self.nx.pred[target].items():
            for port in keys:
                found[port] = source
        return found

    def arity(self, node_id: str) -> int:
        """How many input ports the node has (0 for inputs and constants)."""
        data = self._data(node_id)
        return get_op(data["op"]).arity if data["kind"] == "op" else 0

    def sinks(self) -> list[str]:
        """The nodes nothing else uses, in insertion order."""
        return [n for n, successors in self.nx.succ.items() if not successors]

    @property
    def output(self) -> str | None:
        """The node chosen as output, or None (then the unique sink is used)."""
        return self._output

    def new_id(self, stem: str) -> str:
        """An unused id made from ``stem``: "x", then "x2", "x3", ...

        Numbers count up per stem and are not reused after a removal, so making many
        nodes stays linear rather than scanning every taken number each time.
        """
        if stem not in self.nx:
            return stem
        n = self._next_suffix.get(stem, 2)
        while f"{stem}{n}" in self.nx:
            n += 1
        self._next_suffix[stem] = n + 1
        return f"{stem}{n}"

    def _data(self, node_id: str) -> dict:
        try:
            return self.nx.nodes[node_id]
        except KeyError:
            raise GraphError(f"there is no node {quoted(node_id)}") from None

    # ------------------------------------------------------------------- nodes

    def add_node(
        self,
        kind: str,
        *,
        id: str | None = None,
        op: str | None = None,
        value: float | None = None,
        label: str | None = None,
        pos: tuple[float, float] = (0.0, 0.0),
        trainable: bool = False,
        column: str | None = None,
    ) -> str:
        """Add a node and return its id (made up from the kind or op if not given)."""
        node_id = id if id is not None else self.new_id(op or kind)
        data = self._checked_node(node_id, kind, op, value, label, pos, trainable)
        self.check_column(node_id, kind, data["trainable"], column)
        data["column"] = column
        self.nx.add_node(node_id, **data)
        self._changed("node_added", True, id=node_id)
        return node_id

    def _checked_node(self, node_id, kind, op, value, label, pos, trainable) -> dict:
        if not isinstance(node_id, str) or not node_id:
            raise GraphError(f"a node id must be a non-empty text, not {quoted(node_id)}")
        if node_id in self.nx:
            raise GraphError(f"there is already a node {quoted(node_id)}")
        if kind not in KINDS:
            raise GraphError(
                f"node {quoted(node_id)}: unknown kind {quoted(kind)} "
                "(expected input, constant or op)"
            )
        if kind == "op":
            if not isinstance(op, str) or op not in OPS:
                raise GraphError(f"node {quoted(node_id)}: unknown op {quoted(op)}")
            value = None
        else:
            value = finite_number(value, f"node {quoted(node_id)}")
            op = None
        return {
            "kind": kind,
            "op": op,
            "value": value,
            "label": label or None,
            "pos": (float(pos[0]), float(pos[1])),
            "trainable": bool(trainable) and kind == "input",
        }

    def remove_nodes(self, node_ids) -> Removed:
        """Remove nodes with all their edges; return what went, for :meth:`restore`."""
        node_ids = list(dict.fromkeys(node_ids))
        for node_id in node_ids:
            self._data(node_id)
        gone = set(node_ids)
        removed = Removed(nodes=[self.node(n) for n in node_ids], order=self.node_ids())
        removed.edges = [e for e in self.edges() if e.source in gone or e.target in gone]
        for edge in removed.edges:
            self.disconnect(edge.target, edge.port)
        if self._output in gone:
            removed.output = self._output
            self.set_output(None)
        for node_id in node_ids:
            self.nx.remove_node(node_id)
            self._changed("node_removed", True, id=node_id)
        return removed

    def restore(self, removed: Removed) -> None:
        """Put back what :meth:`remove_nodes` removed."""
        for node in removed.nodes:
            self.add_node(
                node.kind, id=node.id, op=node.op, value=node.value, label=node.label,
                pos=node.pos, trainable=node.trainable, column=node.column,
            )  # fmt: skip
        for edge in removed.edges:
            self.connect(edge.source, edge.target, edge.port)
        if removed.output is not None:
            self.set_output(removed.output)
        if removed.order:
            self._reorder(removed.order)

    def _reorder(self, order: list[str]) -> None:
        """Put the nodes named in ``order`` back in that order (others follow, as they were).

        Node order is what files and listings follow, so an undone delete must not move
        nodes to the end. networkx keeps its nodes in the insertion order of three
        dicts; they are rebuilt in the new order (no public API does this).
        """
        present = [n for n in order if n in self.nx]
        placed = set(present)
        rest = [n for n in self.nx if n not in placed]
        for table in (self.nx._node, self.nx._succ, self.nx._pred):
            entries = {n: table[n] for n in present + rest}
            table.clear()
            table.update(entries)

    def set_value(self, node_id: str, value: float) -> None:
        data = self._data(node_id)
        if data["kind"] == "op":
            raise GraphError(
                f"{quoted(node_id)} is an op node; only inputs and constants have values"
            )
        data["value"] = finite_number(value, f"node {quoted(node_id)}")
        self._changed("node_changed", False, id=node_id, key="value")

    def set_label(self, node_id: str, label: str | None) -> None:
        self._data(node_id)["label"] = label or None
        self._changed("node_changed", False, id=node_id, key="label")

    def set_pos(self, node_id: str, pos: tuple[float, float]) -> None:
        self._data(node_id)["pos"] = (float(pos[0]), float(pos[1]))
        self._changed("node_changed", False, id=node_id, key="pos")

    def set_trainable(self, node_id: str, trainable: bool) -> None:
        data = self._data(node_id)
        if data["kind"] != "input":
            raise GraphError(
                f"only input nodes can be trainable, and {quoted(node_id)} is not an input"
            )
        if trainable and data["column"]:
            raise GraphError(
                f"{quoted(node_id)} reads column {quoted(data['column'])}: unbind it first"
            )
        data["trainable"] = bool(trainable)
        self._changed("node_changed", False, id=node_id, key="trainable")

    def set_op(self, node_id: str, op: str) -> list[Edge]:
        """Change an op node's op; edges into ports the new op lacks are removed and returned."""
        data = self._data(node_id)
        if data["kind"] != "op":
            raise GraphError(f"{quoted(node_id)} is not an op node")
        if op not in OPS:
            raise GraphError(f"node {quoted(node_id)}: unknown op {quoted(op)}")
        arity = OPS[op].arity
        dropped = [e for e in self.in_edges(node_id) if e.port >= arity]
        for edge in dropped:
            self.disconnect(edge.target, edge.port)
        data["op"] = op
        self._changed("node_changed", True, id=node_id, key="op")
        return dropped

    def set_output(self, node_id: str | None) -> None:
        if node_id is not None:
            self._data(node_id)
        self._output = node_id
        self._changed("output_changed", False, id=node_id)

    # ------------------------------------------------------------------- edges

    def check_connect(
        self, source: str, target: str, port: int, *, replacing: bool = False,
        check_cycle: bool = True,
    ) -> None:  # fmt: skip
        """Raise GraphError saying why ``source -> target`` at ``port`` is not allowed.

        With ``replacing``, a port that is already taken is fine (the caller will
        disconnect it first). ``check_cycle=False`` skips the path search, for a loader
        that checks the whole graph for cycles once at the end.
        """
        self._data(source)
        target_data = self._data(target)
        if source == target:
            raise GraphError(f"a node cannot feed itself ({shown(source)} → {shown(source)})")
        if target_data["kind"] != "op":
            raise GraphError(
                f"{quoted(target)} is {_a(target_data['kind'])} node: nothing can feed into it"
            )
        arity = get_op(target_data["op"]).arity
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port < arity:
            ports = "only port 0" if arity == 1 else f"ports 0 to {arity - 1}"
            raise GraphError(
                f"{quoted(target)} ({target_data['op']}) has {ports}, not {quoted(port)}"
            )
        taken_by = self.operand(target, port)
        if taken_by is not None and not replacing:
            raise GraphError(
                f"port {port} of {quoted(target)} is already fed by {quoted(taken_by)}"
            )
        if check_cycle and nx.has_path(self.nx, target, source):
            path = nx.shortest_path(self.nx, target, source)
            cycle = " → ".join([*path, target])
            raise GraphError(f"connecting {source} → {target} would close a cycle {cycle}")

    def connect(self, source: str, target: str, port: int, *, check_cycle: bool = True) -> None:
        self.check_connect(source, target, port, check_cycle=check_cycle)
        self.nx.add_edge(source, target, key=port)
        self._changed("edge_added", True, source=source, target=target, port=port)

    def disconnect(self, target: str, port: int) -> Edge:
        """Remove the edge into ``port`` of ``target`` and return it."""
        source = self.operand(target, port)
        if source is None:
            raise GraphError(f"port {port} of {quoted(target)} is not connected")
        self.nx.remove_edge(source, target, key=port)
        self._changed("edge_removed", True, source=source, target=target, port=port)
        return Edge(source, target, port)
