"""A wire being dragged from a port: live curve, ports that would take it, and the outcome.

The model decides what may connect: the ports that light up are those for which
``Graph.check_connect`` has no objection (the cycle test is done once per drag, from
the set of nodes upstream or downstream of the anchor, instead of once per port), and
a release is checked by ``check_connect`` again, whose message the status bar shows.
"""

from __future__ import annotations

import networkx as nx
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsPathItem

from ...core import GraphError
from .. import commands, theme
from .edge_item import curve


class WireDrag:
    def __init__(self, scene, anchor, pos: QPointF):
        self.scene = scene
        self.document = scene.document
        self.anchor = anchor  # the PortItem the drag started on
        self._target = None
        self._preview = QGraphicsPathItem()
        pen = QPen(theme.SELECTION, 2.0, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self._preview.setPen(pen)
        self._preview.setZValue(10)
        scene.addItem(self._preview)
        self._accepting = self._accepting_ports()
        self._light_ports(True)
        self.move(pos)

    # ------------------------------------------------------------ what may connect

    def _accepting_ports(self) -> list:
        graph = self.document.graph
        anchor_id = self.anchor.node_id
        if self.anchor.is_output:  # a wire into some op's operand port
            upstream = nx.ancestors(graph.nx, anchor_id) | {anchor_id}
            candidates = (
                port
                for item in self.scene.node_items()
                if item.node_id not in upstream
                for port in item.input_ports
            )
        else:  # a wire from some node's output
            downstream = nx.descendants(graph.nx, anchor_id) | {anchor_id}
            candidates = (
                item.output_port
                for item in self.scene.node_items()
                if item.node_id not in downstream
            )
        return [port for port in candidates if self._allowed(port, check_cycle=False)]

    def _edge_to(self, port) -> tuple[str, str, int]:
        """(source, target, port) of the edge a release on ``port`` would make."""
        if self.anchor.is_output:
            return self.anchor.node_id, port.node_id, port.port
        return port.node_id, self.anchor.node_id, self.anchor.port

    def _allowed(self, port, check_cycle: bool = True) -> bool:
        if port.is_output == self.anchor.is_output:
            return False
        try:
            self.document.graph.check_connect(
                *self._edge_to(port), replacing=True, check_cycle=check_cycle
            )
        except GraphError:
            return False
        return True

    # ----------------------------------------------------------------- the gesture

    def move(self, pos: QPointF) -> None:
        target = self._port_under(pos)
        end = target.scenePos() if target is not None else pos
        start = self.anchor.scenePos()
        path = curve(start, end) if self.anchor.is_output else curve(end, start)
        self._preview.setPath(path)
        if target is not self._target:
            if self._target is not None:
                self._target.set_wire_state(self._target in self._accepting)
            if target is not None:
                target.set_wire_state(True, targeted=True)
            self._target = target

    def _port_under(self, pos: QPointF):
        """An accepting port under the cursor, else None (the wire end follows the mouse)."""
        port = self.scene.port_at(pos)
        return port if port is not None and port in self._accepting else None

    def finish(self, pos: QPointF) -> bool:
        """Connect where the wire was released; True if it was released on empty canvas.

        On empty canvas the search box opens for a node to connect, and the loose
        curve stays until the caller cancels it.
        """
        port = self.scene.port_at(pos)
        node = self.scene.node_at(pos) if port is None else None
        if port is None and node is None:
            self._light_ports(False)
            self.scene.searchRequested.emit(pos, self)
            return True
        self.cancel()
        if port is None:
            port = self._port_on(node)
        if port is not None:
            self._connect(port)
        return False

    def _port_on(self, node):
        """The port of ``node`` a wire dropped on its card goes to: the first free one."""
        if not self.anchor.is_output:
            return node.output_port
        if not node.input_ports:  # an input or a constant: let the model say why not
            self._refuse(self.anchor.node_id, node.node_id, 0)
            return None
        free = [port for port in node.input_ports if not port.edges]
        if not free:
            self.scene.message.emit(
                f"Every operand port of {node.node_id} is taken: "
                "drop the wire on a port to replace its edge."
            )
            return None
        return free[0]

    def _connect(self, port) -> None:
        if port is self.anchor:
            return
        if port.is_output == self.anchor.is_output:
            side = "an operand port (left side of an op)" if port.is_output else "an output"
            self.scene.message.emit(f"Connect a wire to {side}.")
            return
        source, target, index = self._edge_to(port)
        if self.document.graph.operand(target, index) == source:
            return  # that edge is already there
        if not self._refuse(source, target, index):
            self.document.push(commands.ConnectCommand(self.document, source, target, index))

    def _refuse(self, source: str, target: str, port: int) -> bool:
        """Say in the status bar why the model refuses this edge; False if it takes it."""
        try:
            self.document.graph.check_connect(source, target, port, replacing=True)
        except GraphError as error:
            self.scene.message.emit(f"Not connected: {error}")
            return True
        return False

    def connect_new_node(self, node_id: str) -> None:
        """Wire the loose end to a node just made for it (inside the caller's macro)."""
        node_item = self.scene.node_item(node_id)
        if self.anchor.is_output:
            if not node_item.input_ports:
                return
            port = node_item.input_ports[0]
        else:
            port = node_item.output_port
        self._connect(port)

    def _light_ports(self, on: bool) -> None:
        for port in self._accepting:
            port.set_wire_state(on)
        if self._target is not None and not on:
            self._target.set_wire_state(False)
            self._target = None

    def cancel(self) -> None:
        """Take the preview curve and the port lights away."""
        if self._preview.scene() is not None:
            self.scene.removeItem(self._preview)
        self._light_ports(False)
