"""Edit-menu operations on the canvas selection: delete, cut, copy, paste, duplicate.

The clipboard carries a graph fragment in the file format (the same node and edge
records as a saved file), so nodes copied in one window paste into another, and a
fragment is checked by the file loader before anything is added.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QPointF
from PySide6.QtGui import QGuiApplication

from ..core import FileFormatError, Graph, dumps, loads
from . import commands

CLIPBOARD_MIME = "application/x-backprop-gui-graph"
DUPLICATE_OFFSET = (36.0, 36.0)


def fragment(graph: Graph, node_ids) -> Graph:
    """The given nodes and the edges among them, as a graph of their own."""
    part = Graph()
    chosen = set(node_ids)
    for node in graph.nodes():
        if node.id in chosen:
            part.add_node(
                node.kind, id=node.id, op=node.op, value=node.value, label=node.label,
                pos=node.pos, trainable=node.trainable,
            )  # fmt: skip
    for edge in graph.edges():
        if edge.source in chosen and edge.target in chosen:
            part.connect(edge.source, edge.target, edge.port, check_cycle=False)
    return part


def fragment_center(graph: Graph) -> QPointF:
    xs = [node.pos[0] for node in graph.nodes()]
    ys = [node.pos[1] for node in graph.nodes()]
    return QPointF((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)


def fragment_from_clipboard() -> Graph:
    """The graph on the clipboard; FileFormatError saying why there is none."""
    data = QGuiApplication.clipboard().mimeData()
    if data is not None and data.hasFormat(CLIPBOARD_MIME):
        text = bytes(data.data(CLIPBOARD_MIME).data()).decode("utf-8", errors="replace")
    elif data is not None and data.hasText():
        text = data.text()
    else:
        raise FileFormatError("the clipboard is empty")
    graph = loads(text)
    if len(graph) == 0:
        raise FileFormatError("the clipboard holds no nodes")
    return graph


class Editor:
    def __init__(self, document, scene, view, say):
        self.document = document
        self.scene = scene
        self.view = view
        self.say = say  # shows a message in the status bar

    def delete(self, text: str = "Delete") -> None:
        nodes, edges = self.scene.selected_node_ids(), self.scene.selected_edges()
        if nodes or edges:
            self.document.push(commands.RemoveCommand(self.document, nodes, edges, text))

    def copy(self) -> bool:
        node_ids = self.scene.selected_node_ids()
        if not node_ids:
            self.say("Select nodes to copy.")
            return False
        text = dumps(fragment(self.document.graph, node_ids))
        data = QMimeData()
        data.setData(CLIPBOARD_MIME, QByteArray(text.encode("utf-8")))
        data.setText(text)
        QGuiApplication.clipboard().setMimeData(data)
        return True

    def cut(self) -> None:
        if self.copy():
            self.delete("Cut")

    def paste(self) -> None:
        try:
            part = fragment_from_clipboard()
        except FileFormatError as error:
            self.say(f"Nothing to paste: {error}")
            return
        self._add(part, self.view.cursor_scene_pos() - fragment_center(part), "Paste")

    def duplicate(self) -> None:
        node_ids = self.scene.selected_node_ids()
        if node_ids:
            part = fragment(self.document.graph, node_ids)
            self._add(part, QPointF(*DUPLICATE_OFFSET), "Duplicate")

    def _add(self, part: Graph, offset: QPointF, text: str) -> None:
        command = commands.AddGraphCommand(self.document, part, (offset.x(), offset.y()), text)
        self.document.push(command)
        self.scene.select_nodes(command.new_ids)

    def select_all(self) -> None:
        self.scene.select_nodes(self.document.graph.node_ids(), with_edges=True)
