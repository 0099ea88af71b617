"""The colour bar in the canvas's lower right corner: the gradient scale and its ends.

A small widget on the view's viewport, moved back into its corner whenever the
viewport is resized or scrolled (a scroll moves the viewport's children along with
the scene). A click opens the menu of colour modes; its ▾ is left out of exported
pictures, where nothing can be clicked.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPen
from PySide6.QtWidgets import QMenu, QWidget

from .. import theme
from ..colors import MODES, NO_GRADIENT, GradientScale

MARGIN = 12  # from the viewport's edges
SIZE = QSize(264, 80)
BAR = QRectF(12, 26, SIZE.width() - 24, 12)
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
MENU_ARROW = "  ▾"  # after the title on screen: a click opens the colour modes


class GradientLegend(QWidget):
    def __init__(self, viewport: QWidget, mode_actions):
        super().__init__(viewport)
        self.setObjectName("gradientLegend")
        self.setAccessibleName("Gradient colour scale")
        self.setFixedSize(SIZE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(
            "Colour of each node: its gradient, d output/d node.\nClick to change the scale."
        )
        self.mode_actions = mode_actions
        self.scale: GradientScale | None = None
        self.quantity = "doutput/dnode"  # what the colours show; forward mode: d node/dx
        self._bar: QImage | None = None
        self._menu_arrow = MENU_ARROW
        viewport.installEventFilter(self)
        self.hide()

    def set_scale(self, scale: GradientScale | None, quantity: str = "doutput/dnode") -> None:
        """Show ``scale`` of ``quantity`` (None: no gradients to show, so no legend)."""
        self.quantity = quantity
        if scale is not None and (self.scale is None or scale.colormap != self.scale.colormap):
            self._bar = _bar_image(scale)
        self.scale = scale
        self.setVisible(scale is not None)
        self._place()
        self.update()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        if self.pos() != self._corner():
            self.move(self._corner())

    def _corner(self) -> QPoint:
        viewport = self.parentWidget()
        return QPoint(
            viewport.width() - self.width() - MARGIN, viewport.height() - self.height() - MARGIN
        )

    def moveEvent(self, event) -> None:
        """Back into the corner: scrolling the view scrolls the viewport's children too."""
        super().moveEvent(event)
        self._place()

    def render_as_picture(self, painter: QPainter, corner: QPoint) -> None:
        """Draw the legend at ``corner`` of an exported picture, without the menu arrow."""
        self._menu_arrow = ""
        try:
            self.render(painter, corner)
        finally:
            self._menu_arrow = MENU_ARROW

    def mousePressEvent(self, event) -> None:
        menu = QMenu(self)
        menu.addActions(self.mode_actions)
        menu.exec(event.globalPosition().toPoint())

    def paintEvent(self, event) -> None:
        if self.scale is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(theme.CARD_BORDER, 1))
        painter.setBrush(theme.CARD)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 7, 7)
        painter.setPen(theme.TEXT)
        painter.setFont(theme.ui_font(11, bold=True))
        painter.drawText(
            QRectF(BAR.left(), 6, BAR.width(), 16), LEFT, self.title() + self._menu_arrow
        )
        painter.drawImage(BAR, self._bar)
        painter.setPen(QPen(theme.CARD_BORDER, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(BAR)
        self._paint_ticks(painter)
        self._paint_no_gradient_swatch(painter)

    def title(self) -> str:
        """What the colours show and the colour mode, as the legend's first line."""
        return f"{self.quantity} · {MODES[self.scale.mode]}"

    def _paint_ticks(self, painter: QPainter) -> None:
        painter.setFont(theme.mono_font(11))
        for t, label in self.scale.ticks():
            x = BAR.left() + t * BAR.width()
            painter.setPen(QPen(theme.MUTED, 1))
            painter.drawLine(QPointF(x, BAR.bottom()), QPointF(x, BAR.bottom() + 3))
            width = BAR.width() / 2 - 4
            if t == 0:
                rect, align = QRectF(x, BAR.bottom() + 4, width, 16), LEFT
            elif t == 1:
                rect, align = QRectF(x - width, BAR.bottom() + 4, width, 16), RIGHT
            else:
                rect, align = QRectF(x - 30, BAR.bottom() + 4, 60, 16), CENTER
            painter.setPen(theme.TEXT)
            painter.drawText(rect, align, superscript_exponent(label))

    def _paint_no_gradient_swatch(self, painter: QPainter) -> None:
        swatch = QRectF(BAR.left(), BAR.bottom() + 24, 12, 10)
        painter.setPen(QPen(theme.CARD_BORDER, 1))
        painter.setBrush(NO_GRADIENT)
        painter.drawRect(swatch)
        painter.setPen(theme.MUTED)
        painter.setFont(theme.ui_font(10))
        text = QRectF(swatch.right() + 6, swatch.top() - 3, BAR.width() - 20, 16)
        painter.drawText(text, LEFT, "no gradient (not on the path to the output)")


_SUPERSCRIPTS = str.maketrans("0123456789−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def superscript_exponent(text: str) -> str:
    """``2.785e−7`` as ``2.785×10⁻⁷``; other texts as they are."""
    mantissa, e, exponent = text.partition("e")
    if not e:
        return text
    return f"{mantissa}×10{exponent.translate(_SUPERSCRIPTS)}"


def _bar_image(scale: GradientScale) -> QImage:
    colors = scale.colormap.colors
    image = QImage(len(colors), 1, QImage.Format.Format_RGB32)
    for x, color in enumerate(colors):
        image.setPixelColor(x, 0, color)
    return image
