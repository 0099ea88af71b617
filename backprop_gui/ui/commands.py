"""One QUndoCommand per user edit. Each calls Graph methods and nothing else.

A command never pushes another command, and one user gesture is one command (or one
macro), so one Ctrl+Z undoes it whole. Commands that remove something keep what they
removed (a :class:`~backprop_gui.core.graph.Removed`, dropped edges) so that undo puts
it back exactly; commands that create ids pick them on the first redo and reuse them
on every later redo, so redo gives the same graph again.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QUndoCommand

from ..core import Edge, Graph
from ..core.graph import Removed
from ..core.naming import new_input_name

Pos = tuple[float, float]


class DocumentCommand(QUndoCommand):
    """Runs ``do``/``undo_it`` inside the document's batch, so summary signals go out once."""

    def __init__(self, document, text: str):
        super().__init__(text)
        self.document = document

    @property
    def graph(self) -> Graph:
        return self.document.graph

    def redo(self) -> None:
        with self.document.batch():
            self.do()

    def undo(self) -> None:
        with self.document.batch():
            self.undo_it()

    def do(self) -> None:
        raise NotImplementedError

    def undo_it(self) -> None:
        raise NotImplementedError


class AddNodeCommand(DocumentCommand):
    def __init__(self, document, kind: str, pos: Pos, op: str | None = None, value=None):
        super().__init__(document, f"Add {op or kind}")
        self.kind, self.op, self.pos = kind, op, pos
        self.value = 1.0 if value is None and kind != "op" else value
        self.node_id: str | None = None  # chosen on the first redo

    def do(self) -> None:
        if self.node_id is None and self.kind == "input":
            self.node_id = new_input_name(self.graph)
        self.node_id = self.graph.add_node(
            self.kind, id=self.node_id, op=self.op, value=self.value, pos=self.pos
        )

    def undo_it(self) -> None:
        self.graph.remove_nodes([self.node_id])


class RemoveCommand(DocumentCommand):
    """Remove nodes (with every edge they have) and edges; undo restores all of it."""

    def __init__(self, document, node_ids, edges=(), text: str = "Delete"):
        super().__init__(document, text)
        self.node_ids = list(node_ids)
        gone = set(self.node_ids)
        # Edges of removed nodes go with them (and come back with the Removed record).
        self.edges = [e for e in edges if e.source not in gone and e.target not in gone]
        self.removed: Removed | None = None

    def do(self) -> None:
        for edge in self.edges:
            self.graph.disconnect(edge.target, edge.port)
        self.removed = self.graph.remove_nodes(self.node_ids)

    def undo_it(self) -> None:
        self.graph.restore(self.removed)
        for edge in self.edges:
            self.graph.connect(edge.source, edge.target, edge.port)


class ConnectCommand(DocumentCommand):
    """Connect ``source`` to ``port`` of ``target``, replacing the edge already there."""

    def __init__(self, document, source: str, target: str, port: int):
        super().__init__(document, f"Connect {source} → {target}")
        self.edge = Edge(source, target, port)
        self.replaced: Edge | None = None

    def do(self) -> None:
        edge = self.edge
        self.replaced = None
        if self.graph.operand(edge.target, edge.port) is not None:
            self.replaced = self.graph.disconnect(edge.target, edge.port)
        self.graph.connect(edge.source, edge.target, edge.port)

    def undo_it(self) -> None:
        self.graph.disconnect(self.edge.target, self.edge.port)
        if self.replaced is not None:
            self.graph.connect(self.replaced.source, self.replaced.target, self.replaced.port)


class MoveNodesCommand(DocumentCommand):
    def __init__(self, document, moves: dict[str, tuple[Pos, Pos]], text: str = "Move"):
        super().__init__(document, text)
        self.moves = dict(moves)

    def do(self) -> None:
        for node_id, (_old, new) in self.moves.items():
            self.graph.set_pos(node_id, new)

    def undo_it(self) -> None:
        for node_id, (old, _new) in self.moves.items():
            self.graph.set_pos(node_id, old)


class _SetAttributeCommand(DocumentCommand):
    """Set one attribute of one node through the Graph setter named ``set_<KEY>``."""

    KEY = ""
    TEXT = ""

    def __init__(self, document, node_id: str, value):
        super().__init__(document, f"{self.TEXT} of {node_id}")
        self.node_id = node_id
        self.old = getattr(document.graph.node(node_id), self.KEY)
        self.new = value

    def _set(self, value) -> None:
        getattr(self.graph, f"set_{self.KEY}")(self.node_id, value)

    def do(self) -> None:
        self._set(self.new)

    def undo_it(self) -> None:
        self._set(self.old)


class SetValueCommand(_SetAttributeCommand):
    """Set the value of an input or constant.

    Edits that are one continuous gesture (the notches of one wheel scrub) carry the
    same ``gesture`` token and merge into one undo step; separate edits (two entries in
    the inspector, two scrubs) carry none or different ones and stay separate steps.
    """

    KEY = "value"
    TEXT = "Change value"

    def __init__(self, document, node_id: str, value, gesture: object | None = None):
        super().__init__(document, node_id, value)
        self.gesture = gesture

    def id(self) -> int:
        return -1 if self.gesture is None else 1  # -1: QUndoStack never tries to merge

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, SetValueCommand)
            and other.gesture is self.gesture
            and other.node_id == self.node_id
        ):
            return False
        self.new = other.new
        self.setObsolete(self.new == self.old)  # scrubbed back to the start: no step
        return True


class SetLabelCommand(_SetAttributeCommand):
    KEY = "label"
    TEXT = "Rename"


class SetTrainableCommand(_SetAttributeCommand):
    KEY = "trainable"
    TEXT = "Change trainable"


class SetColumnCommand(_SetAttributeCommand):
    """Bind an input to a data column (None: unbind it)."""

    KEY = "column"
    TEXT = "Bind column"


class SetOpCommand(DocumentCommand):
    """Change an op; edges into ports the new op lacks are dropped, and come back on undo."""

    def __init__(self, document, node_id: str, op: str):
        super().__init__(document, f"Change {node_id} to {op}")
        self.node_id = node_id
        self.old = document.graph.node(node_id).op
        self.new = op
        self.dropped: list[Edge] = []

    def do(self) -> None:
        self.dropped = self.graph.set_op(self.node_id, self.new)

    def undo_it(self) -> None:
        self.graph.set_op(self.node_id, self.old)
        for edge in self.dropped:
            self.graph.connect(edge.source, edge.target, edge.port)


class SetOutputCommand(DocumentCommand):
    def __init__(self, document, node_id: str | None):
        super().__init__(document, f"Set output to {node_id}" if node_id else "Clear output")
        self.old = document.graph.output
        self.new = node_id

    def do(self) -> None:
        self.graph.set_output(self.new)

    def undo_it(self) -> None:
        self.graph.set_output(self.old)


class AddGraphCommand(DocumentCommand):
    """Add another graph's nodes and edges, moved by ``offset``, under fresh ids.

    The new ids are made from the old ones ("x" becomes "x2"); :attr:`id_map` maps old
    to new after the first redo. The other graph's output and meta are not taken over.
    """

    def __init__(self, document, graph: Graph, offset: Pos = (0.0, 0.0), text: str = "Paste"):
        super().__init__(document, text)
        self.source = graph
        self.offset = offset
        self.id_map: dict[str, str] = {}

    def do(self) -> None:
        dx, dy = self.offset
        first_time = not self.id_map
        for node in self.source.nodes():
            new_id = self.graph.new_id(_stem(node.id)) if first_time else self.id_map[node.id]
            self.id_map[node.id] = new_id
            self.graph.add_node(
                node.kind, id=new_id, op=node.op, value=node.value, label=node.label,
                pos=(node.pos[0] + dx, node.pos[1] + dy), trainable=node.trainable,
            )  # fmt: skip
        for edge in self.source.edges():
            self.graph.connect(self.id_map[edge.source], self.id_map[edge.target], edge.port)

    def undo_it(self) -> None:
        self.graph.remove_nodes(self.id_map.values())

    @property
    def new_ids(self) -> list[str]:
        return list(self.id_map.values())


class ReplaceGraphCommand(DocumentCommand):
    """Put another graph's nodes, edges and output in place of the current ones.

    The document keeps its path and meta; undo brings the old content back.
    """

    def __init__(self, document, graph: Graph, text: str = "Replace graph"):
        super().__init__(document, text)
        self.source = graph
        self.removed: Removed | None = None

    def do(self) -> None:
        self.removed = self.graph.remove_nodes(self.graph.node_ids())
        self.graph.restore(
            Removed(list(self.source.nodes()), self.source.edges(), self.source.output)
        )

    def undo_it(self) -> None:
        self.graph.remove_nodes(self.source.node_ids())
        self.graph.restore(self.removed)


def _stem(node_id: str) -> str:
    """The id without its trailing number ("x12" -> "x"), to number copies afresh."""
    return re.sub(r"\d+$", "", node_id) or node_id
