"""The update rule with its numbers under each parameter's card while training.

After each drawn training update, every trainable input's card gets a badge below
it: ``w ← 0.8 − 0.1 · 0.31 = 0.769`` (the texts are ``core/training_view.py``'s).
A badge is a child item of its card, so it moves and dies with it; badges are found
through the scene by node id each time, never kept in a list that could outlive the
scene.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsItem

from ...core.naming import node_name
from ...core.training_view import update_text
from .. import theme

BADGE_GAP = 6.0  # between the card's bottom and the badge
PADDING = 4.0
LINE_HEIGHT = 14.0
LOD_TEXT = 0.45  # below this zoom the badge is not drawn (as the card's texts)
FONT_SIZE = 11


class UpdateBadge(QGraphicsItem):
    """Lines of text in a pale box, centred under its parent card."""

    def __init__(self, parent: QGraphicsItem):
        super().__init__(parent)
        self._lines: tuple[str, ...] = ()
        self._rect = QRectF()
        self.setZValue(2)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_lines(self, lines: tuple[str, ...]) -> None:
        if lines == self._lines:
            return
        self.prepareGeometryChange()
        self._lines = lines
        metrics = QFontMetricsF(theme.mono_font(FONT_SIZE))
        width = max(metrics.horizontalAdvance(line) for line in lines) + 2 * PADDING
        height = LINE_HEIGHT * len(lines) + 2 * PADDING
        self._rect = QRectF(-width / 2, theme.CARD_HEIGHT / 2 + BADGE_GAP, width, height)
        self.update()

    def shown(self) -> tuple[str, ...]:
        """The lines the badge draws."""
        return self._lines

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        if option.levelOfDetailFromTransform(painter.worldTransform()) < LOD_TEXT:
            return
        painter.setPen(QPen(theme.CARD_BORDER, 1))  # the theme's, read when drawn
        painter.setBrush(theme.CARD)
        painter.drawRoundedRect(self._rect, 4, 4)
        painter.setPen(theme.TEXT)
        painter.setFont(theme.mono_font(FONT_SIZE))
        for index, line in enumerate(self._lines):
            top = self._rect.top() + PADDING + index * LINE_HEIGHT
            row = QRectF(self._rect.left(), top, self._rect.width(), LINE_HEIGHT)
            painter.drawText(row, Qt.AlignmentFlag.AlignCenter, line)


class UpdateBadges(QObject):
    """Puts the evaluation's last training update on the parameters' cards."""

    def __init__(self, scene, document):
        super().__init__(scene)
        self.scene, self.document = scene, document
        self._showing: set[str] = set()  # node ids with a badge
        document.resultsChanged.connect(self.draw)
        document.graphReplaced.connect(self._showing.clear)

    def draw(self) -> None:
        training = self.document.evaluation.training
        update = training.last if training is not None else None
        texts = {}
        if update is not None:
            trainer, graph = training.trainer, self.document.graph
            for parameter in trainer.parameters:
                name = node_name(graph, parameter)
                texts[parameter] = tuple(update_text(trainer, update, parameter, name).split(",  "))
        for node_id in self._showing - texts.keys():
            badge = badge_of(self.scene, node_id)
            if badge is not None:
                self.scene.removeItem(badge)
        for node_id, lines in texts.items():
            card = self.scene.node_item(node_id)
            if card is None:
                continue
            badge = badge_of(self.scene, node_id) or UpdateBadge(card)
            badge.set_lines(lines)
        self._showing = set(texts)


def badge_of(scene, node_id: str) -> UpdateBadge | None:
    """The badge under ``node_id``'s card, if it has one."""
    card = scene.node_item(node_id)
    if card is None:
        return None
    return next((c for c in card.childItems() if isinstance(c, UpdateBadge)), None)
