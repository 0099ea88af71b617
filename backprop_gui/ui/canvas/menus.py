"""Context menus of the canvas: on a node, on an edge, on empty canvas."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QInputDialog, QMenu

from ...core import OPS, Edge
from .. import commands, node_catalog
from .edge_item import EdgeItem
from .node_item import NodeItem


def context_menu(scene, pos: QPointF) -> QMenu:
    item = next((i for i in scene.items(pos) if isinstance(i, (NodeItem, EdgeItem))), None)
    if item is not None and not item.isSelected():
        scene.clearSelection()
        item.setSelected(True)
    if isinstance(item, NodeItem):
        return node_menu(scene, item.node_id)
    if isinstance(item, EdgeItem):
        return edge_menu(scene, Edge(item.source, item.target, item.port))
    return canvas_menu(scene, pos)


def _add_window_actions(menu: QMenu, scene, names) -> None:
    for name in names:
        if name is None:
            menu.addSeparator()
        elif name in scene.actions:
            menu.addAction(scene.actions[name])


def node_menu(scene, node_id: str) -> QMenu:
    document = scene.document
    node = document.graph.node(node_id)
    menu = QMenu()
    menu.addAction("Rename…", lambda: _rename(scene, node_id))
    if node.kind == "op":
        ops = menu.addMenu("Change op")
        for op in OPS.values():
            action = ops.addAction(f"{op.symbol}   {op.name}")
            action.setCheckable(True)
            action.setChecked(op.name == node.op)
            if op.name != node.op:
                action.triggered.connect(
                    lambda _=False, name=op.name: document.push(
                        commands.SetOpCommand(document, node_id, name)
                    )
                )
    edges = document.graph.in_edges(node_id) + document.graph.out_edges(node_id)
    disconnect = menu.addAction(
        "Disconnect all",
        lambda: document.push(commands.RemoveCommand(document, [], edges, "Disconnect")),
    )
    disconnect.setEnabled(bool(edges))
    menu.addSeparator()
    _add_window_actions(menu, scene, ("cut", "copy", "duplicate", "delete"))
    for hook in scene.node_menu_hooks:
        hook(menu, node_id)
    return menu


def _rename(scene, node_id: str) -> None:
    document = scene.document
    node = document.graph.node(node_id)
    parent = scene.views()[0] if scene.views() else None
    text, ok = QInputDialog.getText(parent, "Rename", f"Label of {node_id}:", text=node.label or "")
    if ok and (text or None) != node.label:
        document.push(commands.SetLabelCommand(document, node_id, text))


def edge_menu(scene, edge: Edge) -> QMenu:
    document = scene.document
    menu = QMenu()
    menu.addAction(
        f"Disconnect {edge.source} → {edge.target}",
        lambda: document.push(commands.RemoveCommand(document, [], [edge], "Disconnect")),
    )
    return menu


def canvas_menu(scene, pos: QPointF) -> QMenu:
    menu = QMenu()
    add = menu.addMenu("Add node")
    for group in node_catalog.GROUPS:
        submenu = add.addMenu(group.capitalize())
        for entry in node_catalog.entries():
            if entry.group == group:
                action = submenu.addAction(node_catalog.icon(entry), entry.name)
                action.setToolTip(entry.tooltip)
                action.triggered.connect(lambda _=False, e=entry: scene.add_node(e.kind, e.op, pos))
    menu.addSeparator()
    _add_window_actions(menu, scene, ("paste", "select_all", None, "fit"))
    return menu
