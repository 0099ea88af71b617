"""The canvas view: grid, zoom on the wheel, pan with the middle button or Space+drag,
drops from the palette, and the Tab search box.

Fit to view never zooms out past the level where the cards' numbers are about 11
pixels tall (``READABLE_ZOOM``): a graph too big for that is shown at that level
around its output, and the rest is a pan away. Until the person zooms or pans, the
view fits again whenever its size changes.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QCursor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsView

from .. import node_catalog, theme
from .node_item import NUMBER_SIZE
from .node_search import NodeSearch

MIN_ZOOM, MAX_ZOOM = 0.05, 3.0
FIT_MAX_ZOOM = 1.25  # fitting a small graph does not blow it up past this
READABLE_PIXELS = 11.0  # fitting never makes the cards' numbers smaller than this
READABLE_ZOOM = READABLE_PIXELS / NUMBER_SIZE  # ... which takes this zoom
FIT_MARGIN = 24.0  # scene units around the graph when fitting


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
        self._follows_size = False  # fitted, and not zoomed or panned since: re-fit on resize
        self.readable_pixels = READABLE_PIXELS  # larger in presentation mode
        self.bottom_overlay = 0  # pixels at the bottom an overlay (the legend) covers
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
        self._follows_size = False
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
        """The whole graph, centred, at a readable size; else its output's neighbourhood."""
        rect = (
            self.scene().content_rect().adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        )
        port = self.viewport().rect().adjusted(0, 0, 0, -self.bottom_overlay)
        readable = self.readable_zoom()
        zoom = min(port.width() / rect.width(), port.height() / rect.height())
        zoom = min(zoom, max(FIT_MAX_ZOOM, readable))
        self.resetTransform()
        self.scale(max(zoom, readable), max(zoom, readable))
        centre = rect.center() if zoom >= readable else self._output_view_centre(rect)
        self.centerOn(centre + QPointF(0, self.bottom_overlay / 2 / self.zoom()))
        self._follows_size = True

    def readable_zoom(self) -> float:
        """The least zoom at which the cards' numbers are ``readable_pixels`` tall."""
        return self.readable_pixels / NUMBER_SIZE

    def _output_view_centre(self, rect: QRectF) -> QPointF:
        """Where to centre the view so that it shows the output's card and as much of
        the graph around it as fits (never empty canvas beyond the graph's edge)."""
        scene = self.scene()
        output = scene.document.evaluation.output or scene.document.graph.output
        item = scene.node_item(output) if output else None
        if item is None:  # no output yet: the last card, in the graph's order
            item = next(reversed(list(scene.node_items())), None)
        target = item.pos() if item is not None else rect.center()
        half_w = self.viewport().width() / self.zoom() / 2
        half_h = (self.viewport().height() - self.bottom_overlay) / self.zoom() / 2
        return QPointF(
            _clamp(target.x(), rect.left() + half_w, rect.right() - half_w, rect.center().x()),
            _clamp(target.y(), rect.top() + half_h, rect.bottom() - half_h, rect.center().y()),
        )

    def request_fit(self) -> None:
        """Fit now if the view is on screen, else as soon as it gets its size."""
        if self.isVisible():
            self.fit_to_view()
        else:
            self._fit_pending = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit_pending or self._follows_size:
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
            self._follows_size = False
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


def _clamp(value: float, low: float, high: float, middle: float) -> float:
    """``value`` within [low, high]; ``middle`` when the range is empty (low > high)."""
    return middle if low > high else min(max(value, low), high)
