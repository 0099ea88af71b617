"""What a node card shows: the record tests and exports read (:class:`CardShown`), the
numbers the passes give it (:class:`ResultShown`), and practice's blanks and marks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPen

from .. import theme

Border = Literal["plain", "selected", "warning"]


@dataclass(frozen=True)
class CardShown:
    """What the card draws right now (at a zoom where all of it shows)."""

    title: str
    caption: str  # the header text: the kind, or the op's name
    lines: tuple[str, ...]  # the number lines under the title: "value 0.5", "grad 0.25"
    fill: QColor  # the body colour, faded when stale
    border: Border
    highlighted: bool  # the step-through's outline
    output_marker: bool  # the OUTPUT badge
    issue: str | None  # a non-finite value's reason (drawn as ⚠ and a dashed border)
    stale: bool  # the numbers are from before the last edit (drawn faded)
    check_mark: str | None = None  # the gradient check's ✓ or ⚠, if it ran


class ResultShown(NamedTuple):
    """What the passes gave the card to show (numbers are formatted only when drawn)."""

    value: float | None
    grad: float | None
    fill: QColor | None
    issue: str | None
    stale: bool
    tangent_of: str | None = None  # forward mode: grad is d node/d(this input)
    blanks: tuple = ()  # practice: ((kind, status), ...) for the card's hidden numbers


BLANK, ANSWERED = "?", "✓"  # a hidden number's line; the mark of one answered right


def practice_number(text: str | None, status: str | None) -> str | None:
    """A number as practice shows it: a blank while open, marked once answered right."""
    if status == "open":
        return BLANK
    if status == "right":
        return f"{text} {ANSWERED}"
    return text


def paint_practice_field(painter, rect: QRectF, number: str) -> QColor | None:
    """In practice, an empty field behind a blank and a green one behind a right answer;
    returns the ink for the number there (None: the usual ink)."""
    if number == BLANK:
        painter.setPen(QPen(theme.MUTED, 1))
        painter.setBrush(theme.CARD)
        painter.drawRoundedRect(rect.adjusted(-18, 1, 18, -1), 3, 3)
        return theme.MUTED
    if number.endswith(ANSWERED):
        painter.setBrush(QColor("#dcfce7"))
        painter.setPen(QPen(theme.ACCEPT, 1))
        painter.drawRoundedRect(rect.adjusted(-4, 0, 4, 0), 3, 3)
        return QColor("#166534")
    return None
