"""The scene mirrors the document's graph: one item per node and edge, kept by id.

It listens to the document's signals and touches only the items concerned. Mouse
gestures that edit the graph (a wire dragged between ports, a node moved, a port
Alt+clicked) end in a command pushed on the document; the scene never edits the
graph itself.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import QGraphicsScene, QToolTip

from ...core import Edge
from ...core.chainrule import Names, node_formulas
from ...core.naming import node_name, node_names
from .. import commands, theme
from . import menus
from .edge_item import EdgeItem
from .edge_labels import place_labels
from .node_item import NodeItem
from .overview import LOD_CURVE, EdgeOverview
from .port_item import HIT_RADIUS, PortItem
from .routing import Routes
from .wiring import WireDrag

SCENE_MARGIN = 4000.0  # room to pan around the graph


class GraphScene(QGraphicsScene):
    message = Signal(str)  # something to tell the person, e.g. why a wire was refused
    searchRequested = Signal(QPointF, object)  # where, and a WireDrag's loose end or None

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.node_menu_hooks: list = []  # hook(menu: QMenu, node_id: str), for other panels
        self.actions: dict = {}  # the window's edit actions, for the context menus
        self._nodes: dict[str, NodeItem] = {}
        self._edges: dict[tuple[str, str, int], EdgeItem] = {}
        self._wire: WireDrag | None = None  # a wire being dragged
        self._loose_wire: WireDrag | None = None  # one released on empty canvas
        self._pressed_nodes: list[NodeItem] = []
        self._selection_lost = False  # selected items went away; say so once, at the end
        self.edge_overview = EdgeOverview()
        self.routes = Routes()  # the cards edges go around, and where each edge runs
        self._rect_timer = QTimer(self, singleShot=True, interval=0)
        self._rect_timer.timeout.connect(self.update_scene_rect)
        self._labels_timer = QTimer(self, singleShot=True, interval=0)
        self._labels_timer.timeout.connect(self.place_edge_labels)
        document.nodeAdded.connect(self._add_node)
        document.nodeRemoved.connect(self._remove_node)
        document.nodeChanged.connect(self._node_changed)
        document.edgeAdded.connect(self._add_edge)
        document.edgeRemoved.connect(self._remove_edge)
        document.graphReplaced.connect(self.rebuild)
        document.structureChanged.connect(self._report_lost_selection)
        document.structureChanged.connect(self._rename)
        document.structureChanged.connect(self._labels_timer.start)
        self.selectionChanged.connect(self.edge_overview.invalidate)
        self.rebuild()

    # -------------------------------------------------------------- item lookup

    def node_item(self, node_id: str) -> NodeItem | None:
        return self._nodes.get(node_id)

    def edge_item(self, source: str, target: str, port: int) -> EdgeItem | None:
        return self._edges.get((source, target, port))

    def node_items(self):
        return self._nodes.values()

    def edge_items(self):
        return self._edges.values()

    def selected_node_ids(self) -> list[str]:
        return [item.node_id for item in self.selectedItems() if isinstance(item, NodeItem)]

    def selected_edges(self) -> list[Edge]:
        return [
            Edge(item.source, item.target, item.port)
            for item in self.selectedItems()
            if isinstance(item, EdgeItem)
        ]

    def select_nodes(self, node_ids, with_edges: bool = False) -> None:
        """Select exactly these nodes (and every edge, if asked), with one selectionChanged."""
        self.blockSignals(True)
        try:
            self.clearSelection()
            for node_id in node_ids:
                self._nodes[node_id].setSelected(True)
            for edge in self._edges.values() if with_edges else ():
                edge.setSelected(True)
        finally:
            self.blockSignals(False)
        self.selectionChanged.emit()

    # ------------------------------------------------------ following the model

    def rebuild(self) -> None:
        """Drop every item and build them again from the graph (after New or Open)."""
        self.cancel_wire()
        self._pressed_nodes = []
        self.clear()
        self._nodes.clear()
        self._edges.clear()
        self.routes.clear()
        graph = self.document.graph
        names = node_names(graph)
        for node in graph.nodes():
            self._nodes[node.id] = item = NodeItem(node, names[node.id])
            self.addItem(item)
            self.routes.cards.put(node.id, item.card_rect())
        for edge in graph.edges():
            self._add_edge(edge.source, edge.target, edge.port)
        self.update_scene_rect()
        self.place_edge_labels()

    def _add_node(self, node_id: str) -> None:
        graph = self.document.graph
        self._nodes[node_id] = item = NodeItem(graph.node(node_id), node_name(graph, node_id))
        self.addItem(item)
        self._cards_moved([item])
        self._rect_timer.start()

    def _remove_node(self, node_id: str) -> None:
        item = self._nodes.pop(node_id)
        if item in self._pressed_nodes:
            self._pressed_nodes.remove(item)
        self._remove_quietly(item)
        for edge in self.routes.card_moved(node_id, None):
            edge.ends_moved()
        self._rect_timer.start()

    def _node_changed(self, node_id: str, key: str) -> None:
        item = self._nodes[node_id]
        item.refresh(self.document.graph.node(node_id))
        if key == "label" or (key == "value" and item.kind == "constant"):
            self._rename()  # a constant's name may be its value
        if key == "op":  # its operand ports moved
            item.move_edges()
        if key == "pos":
            self._cards_moved([item])
        if key == "pos":
            self._rect_timer.start()
            self._labels_timer.start()

    def _cards_moved(self, items: list[NodeItem]) -> None:
        """Route again the cards' own edges and those they now block or no longer block."""
        edges = set()
        for item in items:
            edges |= self.routes.card_moved(item.node_id, item.card_rect())
            edges |= item.edge_items()
        for edge in edges:
            edge.ends_moved()

    def labels_outgrown(self) -> None:
        """An edge's number has no place yet or outgrew its place: place the labels
        again, once, after the results are all in."""
        self._labels_timer.start()

    def place_pending_labels(self) -> None:
        """Place the labels now if a placement is waiting (before drawing to a file)."""
        if self._labels_timer.isActive():
            self._labels_timer.stop()
            self.place_edge_labels()

    def place_edge_labels(self) -> None:
        """Put every edge's label where it touches no card, port or other label."""
        place_labels(self._nodes.values(), list(self._edges.values()), list(self._nodes))

    def _rename(self) -> None:
        """Give every card its current name (removing a node renumbers u1, u2, …)."""
        names = node_names(self.document.graph)
        for node_id, item in self._nodes.items():
            item.set_title(names[node_id])

    def _add_edge(self, source: str, target: str, port: int) -> None:
        ports = self._nodes[source].output_port, self._nodes[target].input_ports[port]
        item = EdgeItem(*ports, self.routes)
        self._edges[(source, target, port)] = item
        self.addItem(item)
        self.edge_overview.invalidate()

    def _remove_edge(self, source: str, target: str, port: int) -> None:
        item = self._edges.pop((source, target, port))
        item.detach()
        self._remove_quietly(item)
        self.edge_overview.invalidate()

    def _remove_quietly(self, item) -> None:
        """Remove an item without a selectionChanged for it: removing thousands of
        selected nodes would otherwise make every listener re-read the selection
        thousands of times. One selectionChanged follows the whole command."""
        if not item.isSelected():
            self.removeItem(item)
            return
        self.blockSignals(True)
        try:
            self.removeItem(item)
        finally:
            self.blockSignals(False)
        self._selection_lost = True

    def _report_lost_selection(self) -> None:
        if self._selection_lost:
            self._selection_lost = False
            self.selectionChanged.emit()

    def drawBackground(self, painter, rect: QRectF) -> None:
        """Far out, every edge at once (the edge items draw nothing then)."""
        super().drawBackground(painter, rect)
        if painter.worldTransform().m11() < LOD_CURVE:
            self.edge_overview.paint(painter, self._edges.values())

    def content_rect(self) -> QRectF:
        """The cards' bounding box, from the model's positions."""
        positions = [item.pos() for item in self._nodes.values()]
        if not positions:
            return QRectF(-theme.CARD_WIDTH, -theme.CARD_HEIGHT, 2 * theme.CARD_WIDTH, 200)
        xs = [p.x() for p in positions]
        ys = [p.y() for p in positions]
        half_w, half_h = theme.CARD_WIDTH / 2, theme.CARD_HEIGHT / 2
        return QRectF(
            min(xs) - half_w, min(ys) - half_h,
            max(xs) - min(xs) + 2 * half_w, max(ys) - min(ys) + 2 * half_h,
        )  # fmt: skip

    def update_scene_rect(self) -> None:
        """An explicit scene rect (the index is off): the graph plus room to pan."""
        margin = SCENE_MARGIN
        self.setSceneRect(self.content_rect().adjusted(-margin, -margin, margin, margin))

    # ------------------------------------------------------------------ editing

    def add_node(self, kind: str, op: str | None, pos: QPointF, wire=None) -> str:
        """Add a node at ``pos`` (one undo step), wired to ``wire``'s loose end if given."""
        command = commands.AddNodeCommand(self.document, kind, (pos.x(), pos.y()), op=op)
        if wire is None:
            self.document.push(command)
        else:
            stack = self.document.undo_stack
            stack.beginMacro(f"Add {op or kind} and connect")
            self.document.push(command)
            wire.connect_new_node(command.node_id)
            stack.endMacro()
        self.select_nodes([command.node_id])
        return command.node_id

    def disconnect_port(self, port: PortItem) -> None:
        edges = [Edge(e.source, e.target, e.port) for e in port.edges]
        if not edges:
            self.message.emit("Nothing is connected to this port.")
            return
        self.document.push(commands.RemoveCommand(self.document, [], edges, "Disconnect"))

    # ------------------------------------------------------------- mouse input

    def port_at(self, pos: QPointF) -> PortItem | None:
        """The port within reach of ``pos`` (ports reach a little beyond their card)."""
        reach = QRectF(pos.x() - HIT_RADIUS, pos.y() - HIT_RADIUS, 2 * HIT_RADIUS, 2 * HIT_RADIUS)
        for item in self.items(reach, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, NodeItem) and (port := item.port_at(pos)) is not None:
                return port
        return None

    def node_at(self, pos: QPointF) -> NodeItem | None:
        return next((i for i in self.items(pos) if isinstance(i, NodeItem)), None)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            port = self.port_at(event.scenePos())
            if port is not None:
                event.accept()
                if event.modifiers() & Qt.KeyboardModifier.AltModifier:
                    self.disconnect_port(port)
                else:
                    self._wire = WireDrag(self, port, event.scenePos())
                return
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.node_at(event.scenePos()):
            self._pressed_nodes = [i for i in self.selectedItems() if isinstance(i, NodeItem)]

    def mouseMoveEvent(self, event) -> None:
        if self._wire is not None:
            self._wire.move(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)  # drags the selected cards along
        self._cards_moved(self._pressed_nodes)

    def mouseReleaseEvent(self, event) -> None:
        if self._wire is not None and event.button() == Qt.MouseButton.LeftButton:
            wire, self._wire = self._wire, None
            if wire.finish(event.scenePos()):
                self._loose_wire = wire
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._push_moves()

    def _push_moves(self) -> None:
        """One move command for the cards the drag displaced (the model follows on release)."""
        graph = self.document.graph
        moves = {}
        for item in self._pressed_nodes:
            old, new = graph.node(item.node_id).pos, (item.pos().x(), item.pos().y())
            if old != new:
                moves[item.node_id] = (old, new)
        self._pressed_nodes = []
        if moves:
            text = f"Move {next(iter(moves))}" if len(moves) == 1 else f"Move {len(moves)} nodes"
            self.document.push(commands.MoveNodesCommand(self.document, moves, text))

    def cancel_wire(self) -> None:
        """Drop the wire being dragged, or left loose while the search box is open."""
        for wire in (self._wire, self._loose_wire):
            if wire is not None:
                wire.cancel()
        self._wire = self._loose_wire = None

    def helpEvent(self, event) -> None:
        """Tooltips of cards and edges are made when shown, not on every result update."""
        item = next((i for i in self.items(event.scenePos()) if hasattr(i, "tooltip_text")), None)
        text = self.tooltip_for(item) if item is not None else ""
        if text:
            QToolTip.showText(event.screenPos(), text, event.widget())
        else:
            QToolTip.hideText()
        event.setAccepted(bool(text))

    def tooltip_for(self, item: NodeItem | EdgeItem) -> str:
        """What the card's or edge's tooltip says now, nodes called by their names."""
        graph = self.document.graph
        if isinstance(item, EdgeItem):
            return item.tooltip_text(node_names(graph))
        return item.tooltip_text(node_formulas(graph, item.node_id, Names(graph)))

    def contextMenuEvent(self, event) -> None:
        self.cancel_wire()
        menu = menus.context_menu(self, event.scenePos())
        menu.exec(event.screenPos())
