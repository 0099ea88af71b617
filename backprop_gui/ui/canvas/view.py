"""The canvas view: grid, zoom on the wheel, pan with the middle button or Space+drag,
drops from the palette, and the Tab search box."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QCursor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsView

from .. import node_catalog, theme
from .node_search import NodeSearch

MIN_ZOOM, MAX_ZOOM = 0.05, 3.0
FIT_MAX_ZOOM = 1.25  # fitting a small graph does not blow it up past this


class GraphView(QGraphicsView):
    def __init__(self, scene, parent=None):
        super().__init__(scene, parent)
        self.setObjectName("canvas")
        self.setAccessibleName("Graph canvas")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)  # zoom_by anchors
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pan_from: QPoint | None = None  # where the last pan step ended
        self._space_held = False
        self._fit_pending = False
        self.search = NodeSearch(self.viewport())
        self.search.chosen.connect(self._add_chosen)
        self.search.closed.connect(scene.cancel_wire)
        scene.document.graphReplaced.connect(self.search.dismiss)  # its wire is gone
        self._search_at: tuple[QPointF, object] | None = None  # scene position, wire
        scene.searchRequested.connect(self.open_search)

    # ----------------------------------------------------------------- geometry

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        """Zoom by ``factor`` within the limits, keeping the point under ``anchor`` still."""
        factor = min(max(self.zoom() * factor, MIN_ZOOM), MAX_ZOOM) / self.zoom()
        if anchor is None:
            anchor = self.viewport().rect().center()
        before = self.mapToScene(anchor)
        self.scale(factor, factor)
        after = self.mapToScene(anchor)
        self.translate_by(after - before)

    def reset_zoom(self) -> None:
        self.zoom_by(1.0 / self.zoom())

    def translate_by(self, delta: QPointF) -> None:
        """Shift the visible part so that scene content moves by ``delta`` (scene units)."""
        self.centerOn(self.mapToScene(self.viewport().rect().center()) - delta)

    def fit_to_view(self) -> None:
        rect = self.scene().content_rect().adjusted(-40, -40, 40, 40)
        self.resetTransform()
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > FIT_MAX_ZOOM:
            self.resetTransform()
            self.scale(FIT_MAX_ZOOM, FIT_MAX_ZOOM)
        elif self.zoom() < MIN_ZOOM:
            self.resetTransform()
            self.scale(MIN_ZOOM, MIN_ZOOM)
        self.centerOn(rect.center())

    def request_fit(self) -> None:
        """Fit now if the view is on screen, else as soon as it gets its size."""
        if self.isVisible():
            self.fit_to_view()
        else:
            self._fit_pending = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit_pending:
            self._fit_pending = False
            self.fit_to_view()

    def cursor_scene_pos(self) -> QPointF:
        """The cursor's scene position, or the view's centre when the cursor is elsewhere."""
        local = self.viewport().mapFromGlobal(QCursor.pos())
        if not self.viewport().rect().contains(local):
            local = self.viewport().rect().center()
        return self.mapToScene(local)

    def center_scene_pos(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())

    # --------------------------------------------------------------- background

    def drawBackground(self, painter, rect: QRectF) -> None:
        painter.fillRect(rect, theme.CANVAS)
        step = theme.GRID_STEP
        while step * self.zoom() < 12:  # keep lines at least 12 pixels apart
            step *= 4
        left = math.floor(rect.left() / step) * step
        top = math.floor(rect.top() / step) * step
        lines = [
            QLineF(x, rect.top(), x, rect.bottom()) for x in _range(left, rect.right(), step)
        ] + [QLineF(rect.left(), y, rect.right(), y) for y in _range(top, rect.bottom(), step)]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(theme.GRID, 0))  # cosmetic: one pixel at any zoom
        painter.drawLines(lines)
        self.scene().drawBackground(painter, rect)

    # --------------------------------------------------------------- mouse, keys

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.15**steps, event.position().toPoint())
        event.accept()

    def _starts_pan(self, event) -> bool:
        button = event.button()
        return button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and self._space_held
        )

    def mousePressEvent(self, event) -> None:
        self.search.dismiss()
        if self._starts_pan(event):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan_from is not None:
            now = event.position().toPoint()
            self.translate_by(self.mapToScene(now) - self.mapToScene(self._pan_from))
            self._pan_from = now
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().setCursor(
                Qt.CursorShape.OpenHandCursor if self._space_held else Qt.CursorShape.ArrowCursor
            )
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab belongs to the canvas: it opens the search box

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Tab:
            self.open_search(self.cursor_scene_pos(), None)
        elif event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif event.key() == Qt.Key.Key_Escape:
            self.scene().cancel_wire()
            self.scene().clearSelection()
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            if self._pan_from is None:
                self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        else:
            super().keyReleaseEvent(event)

    # ------------------------------------------------------------ adding nodes

    def open_search(self, scene_pos: QPointF, wire) -> None:
        """The search box at ``scene_pos``; the chosen node is added there (and wired)."""
        self._search_at = (scene_pos, wire)
        wiring_an_output = wire is not None and wire.anchor.is_output
        kinds = ("op",) if wiring_an_output else ("input", "constant", "op")
        self.search.popup(self.mapFromScene(scene_pos), kinds)

    def _add_chosen(self, entry) -> None:
        pos, wire = self._search_at
        self._search_at = None
        self.scene().add_node(entry.kind, entry.op, pos, wire)
        self.setFocus()

    def dragEnterEvent(self, event) -> None:
        if node_catalog.entry_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if node_catalog.entry_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        entry = node_catalog.entry_from_mime(event.mimeData())
        if entry is None:
            super().dropEvent(event)
            return
        pos = self.mapToScene(event.position().toPoint())
        self.scene().add_node(entry.kind, entry.op, pos)
        event.acceptProposedAction()
        self.setFocus()


def _range(start: float, stop: float, step: float):
    value = start
    while value <= stop:
        yield value
        value += step
