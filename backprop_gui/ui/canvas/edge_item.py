"""An edge: a smooth curve from an output port to an operand port, around the cards
in its way (routing.py).

The curve is cached and rebuilt only when one of its ends, or a card on its way,
moves. Its bounding rect
has room for the thickest contribution stroke and for the local-derivative label,
so recolouring never changes geometry.

The label's type is sized from the view's readability floor (``READABLE_ZOOM``, the
least zoom fit-to-view uses): at that zoom it is ``LABEL_PIXELS`` tall on screen, and
it stays drawn down to the zoom where it would shrink below ``LEAST_LABEL_PIXELS``.
Its place is as wide as its number (``label_width``), so a short number fits between
two cards. The scene places the labels again when an edge gets a number where it had
none, or when a label is drawn longer than its place was made for: checked while
painting, which formats the number anyway, so a live update of thousands of edges
does not format every label it does not draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem

from ...core.numbers import format_number
from .. import theme
from .overview import LOD_CURVE
from .routing import Cubic, Routes, controls, middle, sample
from .view import READABLE_ZOOM

MAX_WIDTH = 9.0  # the widest stroke set_result may ask for
LABEL_PIXELS = 10.0  # the label's type on screen at the view's readability floor
LABEL_FONT_SIZE = math.ceil(LABEL_PIXELS / READABLE_ZOOM)  # in scene units
LEAST_LABEL_PIXELS = 7.0  # smaller than this on screen, the label is not drawn
LOD_LABEL = LEAST_LABEL_PIXELS / LABEL_FONT_SIZE  # ... which happens below this zoom
INK_SAMPLE = "−1.234e−15"  # every glyph a number may show: its ink sets the label's height
LABEL_PADDING = (4.0, 3.0)  # between the text and the pill's edge: sides, top and bottom


COARSE_STEPS = 6  # straight segments standing in for the curve when zoomed far out


@dataclass(frozen=True)
class EdgeShown:
    """What the edge draws right now (at a zoom where all of it shows)."""

    label: str | None  # the local derivative beside it, after a pass (None: hidden)
    label_rect: QRectF | None  # where the label goes (None: no room for it)
    label_font: QFont  # the label's type, in scene units
    color: QColor  # the stroke's colour
    width: float  # the stroke's width
    highlighted: bool  # the step-through's current edge


def label_font() -> QFont:
    return theme.mono_font(LABEL_FONT_SIZE)


class LabelBox(NamedTuple):
    """The label's height and baseline, measured in ``label_font()`` for ``INK_SAMPLE``
    (its width is each number's own, ``label_width``)."""

    height: float  # the ink of the digits, padded (no room for descenders the text lacks)
    baseline: float  # the text's baseline below the place's centre, so the ink is centred


@cache
def _label_metrics() -> QFontMetricsF:
    return QFontMetricsF(label_font())


@cache
def label_box() -> LabelBox:
    metrics = _label_metrics()
    ink = metrics.tightBoundingRect(INK_SAMPLE)
    return LabelBox(ink.height() + 2 * LABEL_PADDING[1], -(ink.top() + ink.bottom()) / 2)


def label_width(text: str) -> float:
    """The width of the pill that holds ``text``."""
    return _label_metrics().horizontalAdvance(text) + 2 * LABEL_PADDING[0]


def curve(start: QPointF, end: QPointF) -> QPainterPath:
    return _path([controls(start, end)])


def _path(pieces: list[Cubic]) -> QPainterPath:
    path = QPainterPath(pieces[0][0])
    for piece in pieces:
        path.cubicTo(*piece[1:])
    return path


def _coarse(pieces: list[Cubic]) -> QPolygonF:
    """The route as COARSE_STEPS straight segments per piece."""
    corners = [pieces[0][0]]
    for piece in pieces:
        corners.extend(sample(piece, COARSE_STEPS)[1:])
    return QPolygonF(corners)


class EdgeItem(QGraphicsItem):
    def __init__(self, source_port, target_port, routes: Routes):
        """``routes`` holds the scene's cards, which the edge goes around."""
        super().__init__()
        self._routes = routes
        self.source_port = source_port
        self.target_port = target_port
        self.source = source_port.node_id
        self.target = target_port.node_id
        self.port = target_port.port
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self._local: float | None = None  # ∂target/∂source, after a pass
        self._contribution: float | None = None
        self._color: QColor | None = None
        self._width = 2.0
        self._highlighted = False
        self._shape: QPainterPath | None = None
        self._path = QPainterPath()
        self._bounds = QRectF()
        self._label_rect: QRectF | None = None
        self._place_chars = 0  # how long a number the label's place was looked for
        source_port.edges.add(self)
        target_port.edges.add(self)
        self.ends_moved()

    def detach(self) -> None:
        """Forget the ports (before the item leaves the scene)."""
        self.source_port.edges.discard(self)
        self.target_port.edges.discard(self)
        self._routes.forget(self)
        self.source_port.update()
        self.target_port.update()

    # ------------------------------------------------------------------ geometry

    def ends_moved(self) -> None:
        """Rebuild the cached route from the ports' and the cards' current positions."""
        self.prepareGeometryChange()
        start, end = self.source_port.scenePos(), self.target_port.scenePos()
        self._pieces = self._routes.route(self, start, end, (self.source, self.target))
        self._set_depth()
        self._path = _path(self._pieces)
        self._coarse = None  # made when first drawn far out
        self._shape = None
        self._look_changed()
        self._place_on_curve()

    def _place_on_curve(self) -> None:
        """The label's place at the route's middle, until the scene places the labels."""
        text = self.label_text()
        if text is None:
            self.set_label_place(None, 0)
            return
        centre, height = middle(self._pieces[len(self._pieces) // 2]), label_box().height
        width = label_width(text)
        place = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
        self.set_label_place(place, len(text))

    def set_label_place(self, rect: QRectF | None, chars: int) -> None:
        """Where the label goes (the scene's edge_labels decides; None: hidden), looked
        for a number of ``chars`` characters."""
        self.prepareGeometryChange()
        self._label_rect = rect
        self._place_chars = chars
        pad = MAX_WIDTH / 2 + 4
        self._bounds = self._path.boundingRect().adjusted(-pad, -pad, pad, pad)
        if rect is not None:  # room for a number a digit longer, drawn until placed again
            digit = _label_metrics().horizontalAdvance("0")
            self._bounds = self._bounds.united(rect.adjusted(-digit, 0, digit, 0))
        self._shape = None
        self.update()

    def _set_depth(self) -> None:
        """A route that goes around cards is long and passes other edges' labels: it
        runs beneath the plain edges, so it does not cover theirs. The edge the step
        through highlights runs above them all."""
        if self._highlighted:
            self.setZValue(0.5)
        else:
            self.setZValue(0.0 if len(self._pieces) == 1 else -0.5)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        """The stroke and the label drawn beside it (which may sit off the curve), so
        that hovering or clicking either finds the edge."""
        if self._shape is None:  # built on demand: only clicks and rubber bands need it
            stroker = QPainterPathStroker()
            stroker.setWidth(10)
            self._shape = stroker.createStroke(self._path)
            if self.label_text() is not None and self._label_rect is not None:
                label = QPainterPath()
                label.addRect(self._label_rect)
                self._shape = self._shape.united(label)
        return self._shape

    def path(self) -> QPainterPath:
        return self._path

    def coarse_polygon(self) -> QPolygonF:
        if self._coarse is None:
            self._coarse = _coarse(self._pieces)
        return self._coarse

    def _look_changed(self) -> None:
        """Tell the scene's far-out drawing of all edges that this one changed."""
        scene = self.scene()
        if scene is not None:
            scene.edge_overview.invalidate()

    # ------------------------------------------------------- results (the passes)

    def set_result(self, local, contribution, color: QColor | None, width: float) -> None:
        self._local, self._contribution = local, contribution
        self._shape = None  # a label shows, or not
        if local is not None and self._place_chars == 0:  # a number where there was none
            self._place_on_curve()
            if self.scene() is not None:
                self.scene().labels_outgrown()
        self._color = color
        self._width = min(max(float(width), 1.0), MAX_WIDTH)
        self._look_changed()
        self.update()

    def clear_result(self) -> None:
        self._local, self._contribution, self._color, self._width = None, None, None, 2.0
        self._shape = None
        self._look_changed()
        self.update()

    def tooltip_text(self, names: dict[str, str]) -> str:
        """The tooltip, made when it is shown ("" before a pass): see GraphScene.helpEvent.

        ``names`` are the nodes' names (:func:`~backprop_gui.core.naming.node_names`).
        """
        if self._local is None and self._contribution is None:
            return ""
        source, target = names[self.source], names[self.target]
        tip = [f"{source} → {target} (port {self.port})"]
        if self._local is not None:
            tip.append(f"local derivative ∂{target}/∂{source} = {format_number(self._local)}")
        if self._contribution is not None:
            tip.append(f"gradient flowing back: {format_number(self._contribution)}")
        return "\n".join(tip)

    def set_highlighted(self, on: bool) -> None:
        self._highlighted = on
        self._set_depth()
        self._look_changed()
        self.update()

    def shown(self) -> EdgeShown:
        """What the edge draws right now, from the same helpers ``paint`` uses."""
        return EdgeShown(
            label=self.label_text() if self._label_rect is not None else None,
            label_rect=QRectF(self._label_rect) if self._label_rect is not None else None,
            label_font=label_font(),
            color=QColor(self.stroke_color()),
            width=self._stroke_width(),
            highlighted=self._highlighted,
        )

    # ------------------------------------------------------------------- drawing

    def paint(self, painter, option, widget=None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < LOD_CURVE:  # the scene draws all edges at once (overview.py)
            return
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        if self._highlighted:
            painter.setPen(_round_pen(theme.HIGHLIGHT, self._width + 5))
            painter.drawPath(self._path)
        painter.setPen(_round_pen(self.stroke_color(), self._stroke_width()))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        label = self.label_text()
        if lod >= LOD_LABEL and label is not None and self._label_rect is not None:
            if len(label) > self._place_chars:  # outgrew its place (the type is of fixed pitch)
                self.scene().labels_outgrown()
            self._paint_label(painter, label)

    def stroke_color(self) -> QColor:
        if self.isSelected():
            return theme.SELECTION
        if self._highlighted:
            return theme.HIGHLIGHT
        return self._color or theme.EDGE

    def _stroke_width(self) -> float:
        return max(self._width, 2.0) + 1.5 if self.isSelected() else self._width

    def label_text(self) -> str | None:
        """The local derivative the label shows (None: no label)."""
        return None if self._local is None else format_number(self._local)

    def _paint_label(self, painter, text: str) -> None:
        """The number in a pill as wide as it, centred in the label's place."""
        painter.setFont(label_font())
        advance = painter.fontMetrics().horizontalAdvance(text)
        box, middle = label_box(), self._label_rect.center()
        width = advance + 2 * LABEL_PADDING[0]
        pill = QRectF(middle.x() - width / 2, middle.y() - box.height / 2, width, box.height)
        painter.setPen(QPen(theme.CARD_BORDER, 1))
        painter.setBrush(theme.CARD)
        painter.drawRoundedRect(pill, box.height / 2, box.height / 2)
        painter.setPen(theme.MUTED)
        painter.drawText(QPointF(middle.x() - advance / 2, middle.y() + box.baseline), text)


def _round_pen(color: QColor, width: float) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen
