"""Gestures on the canvas as a person makes them: mouse and keys on the viewport."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest

from backprop_gui.core import dumps


def view_point(window, scene_pos: QPointF) -> QPoint:
    return window.canvas.mapFromScene(scene_pos)


def node_center(window, node_id: str) -> QPointF:
    return window.scene.node_item(node_id).scenePos()


def port_pos(window, node_id: str, port: int | None) -> QPointF:
    """Scene position of an operand port (0, 1) or of the output (None)."""
    item = window.scene.node_item(node_id)
    return (item.output_port if port is None else item.input_ports[port]).scenePos()


def drag(window, start: QPointF, end: QPointF, modifiers=Qt.KeyboardModifier.NoModifier, steps=5):
    """Press the left button at ``start``, move in steps, release at ``end`` (scene points)."""
    viewport = window.canvas.viewport()
    a, b = view_point(window, start), view_point(window, end)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, modifiers, a)
    for step in range(1, steps + 1):
        QTest.mouseMove(viewport, a + (b - a) * step / steps)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifiers, b)


def click(window, scene_pos: QPointF, modifiers=Qt.KeyboardModifier.NoModifier):
    QTest.mouseClick(
        window.canvas.viewport(),
        Qt.MouseButton.LeftButton,
        modifiers,
        view_point(window, scene_pos),
    )


def key(window, key, modifiers=Qt.KeyboardModifier.NoModifier):
    window.canvas.setFocus()
    QTest.keyClick(window.canvas.viewport(), key, modifiers)


def canonical(graph) -> dict:
    """The saved form with nodes and edges as sorted lists: equal for the same graph
    whatever order its nodes were added in."""
    document = json.loads(dumps(graph))
    document["nodes"] = sorted(document["nodes"], key=lambda node: node["id"])
    document["edges"] = sorted(
        document["edges"], key=lambda e: (e["target"], e["port"], e["source"])
    )
    return document


def edge_set(graph) -> set[tuple[str, str, int]]:
    return {(e.source, e.target, e.port) for e in graph.edges()}


def assert_scene_mirrors_model(window) -> None:
    """One card per node and one edge item per edge of the model, and nothing else."""
    graph, scene = window.document.graph, window.scene
    assert {item.node_id for item in scene.node_items()} == set(graph.node_ids())
    assert {(e.source, e.target, e.port) for e in scene.edge_items()} == edge_set(graph)


def render(window) -> QImage:
    """What the canvas's viewport shows, painted into an image."""
    image = QImage(window.canvas.viewport().size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    window.canvas.render(painter)
    painter.end()
    return image
