"""Scrub a value with the mouse wheel: a wheel turn over a selected input or constant
changes its value instead of zooming the view.

One gesture (consecutive wheel events over the same node, none more than
``GESTURE_GAP`` seconds after the one before, with the selection unchanged) is one undo
step: its commands share a gesture token, and only commands with the same token merge.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent

from ..commands import SetValueCommand
from ..document import GraphDocument
from .scene import GraphScene
from .view import GraphView

SCRUB_STEP = 0.1  # a value's change per wheel notch (Shift: ÷10, Ctrl: ×10)
GESTURE_GAP = 0.7  # seconds of wheel silence that end a gesture
DECIMALS = 10  # scrubbed values are rounded, so 0.1 + 0.2 shows as 0.3


class WheelScrubber(QObject):
    """An event filter on the view's viewport; it passes on every other event."""

    def __init__(self, view: GraphView, scene: GraphScene, document: GraphDocument):
        super().__init__(view)
        self.view, self.scene, self.document = view, scene, document
        self.clock = time.monotonic  # seconds; tests put a fake clock here
        self._gesture: object | None = None  # the running gesture's token
        self._node_id: str | None = None
        self._last = 0.0  # when the running gesture's last notch came
        view.viewport().installEventFilter(self)
        scene.selectionChanged.connect(self.end_gesture)

    def end_gesture(self) -> None:
        self._gesture = None

    def eventFilter(self, watched, event) -> bool:
        if event.type() != QEvent.Type.Wheel:
            return False
        item = self.scene.node_at(self.view.mapToScene(event.position().toPoint()))
        if item is None or not item.isSelected():
            return False
        node = self.document.graph.node(item.node_id)
        if node.kind == "op":
            return False
        now = self.clock()
        if self._gesture is None or node.id != self._node_id or now - self._last > GESTURE_GAP:
            self._gesture = object()
            self._node_id = node.id
        self._last = now
        new = round(node.value + _notches(event) * _step(event.modifiers()), DECIMALS)
        if new != node.value:
            self.document.push(SetValueCommand(self.document, node.id, new, gesture=self._gesture))
        return True  # the view does not zoom


def _notches(event: QWheelEvent) -> float:
    delta = event.angleDelta()
    return (delta.y() or delta.x()) / 120.0


def _step(modifiers: Qt.KeyboardModifier) -> float:
    step = SCRUB_STEP
    if modifiers & Qt.KeyboardModifier.ShiftModifier:
        step /= 10
    if modifiers & Qt.KeyboardModifier.ControlModifier:
        step *= 10
    return step
