"""The Step through dock: the current step's arithmetic and the steps before it.

It shows the evaluation's step-through (core/stepping.py) whenever the results
change; the step actions it carries are the Run menu's. The list below holds every
step so far with the current one highlighted and scrolled into view; formulas wrap
only after an operator (``=``, ``+``, ``−``, ``·``), never inside a term. Before the
first step the list explains what Step will show.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ...core.chainrule import MODES_NOTE
from ..document import GraphDocument

HISTORY_LENGTH = 200  # steps kept in the panel's history
IDLE_TEXT = "Press Step to walk through the passes one step at a time."
EXPLANATION = (
    "<p><b>Step</b> (F10) walks through the computation one operation at a time.</p>"
    "<p><b>Forward pass</b>: each node's value from its operands, "
    "e.g. <i>y</i> = sin(<i>x</i>) = sin(1.5) = 0.9975.</p>"
    "<p><b>Backward pass</b>: from the output back to the inputs, edge by edge. "
    "∂ is the local derivative of one operation, d the total derivative of the output: "
    "d<i>T</i>\u2060/\u2060d<i>x</i> = "  # word joiners: no line break inside a fraction
    "d<i>T</i>\u2060/\u2060d<i>y</i>·∂<i>y</i>\u2060/\u2060∂<i>x</i>, a sum over every path "
    "where <i>x</i> is used twice (the chain rule).</p>"
    "<p>Each step's line appears here; the current one is highlighted on the list and "
    "on the canvas.</p>"
)
CURRENT_STYLE = "background-color:#fde68a; color:#1d2530"  # the highlighted step's line
_OPERATOR = re.compile(r"&nbsp;([=+−])&nbsp;")  # an operator between terms
_FRACTION = re.compile(r"(?<!<)/")  # a fraction's slash, not a closing tag's


class StepPanel(QDockWidget):
    def __init__(self, document: GraphDocument, actions, parent: QWidget | None = None, widgets=()):
        """``actions`` go on the panel's bar, ``widgets`` (the play speed) in a row below."""
        super().__init__("Step through", parent)
        self.setObjectName("stepPanel")
        self.document = document
        self._session = None  # the step-through shown, to come to the front when a new one starts
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 6, 10, 10)
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in actions:
            bar.addAction(action)
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch()
        self.position = QLabel(objectName="stepPosition")
        self.position.setWordWrap(True)  # never widens the dock
        self.position.setStyleSheet("color: #6b7480;")
        self.formula = _rich_label("stepFormula", 17)
        self.local = _rich_label("stepLocal", 13)
        self.local.setStyleSheet("color: #4b5563;")
        self.history = QTextBrowser(objectName="stepHistory")
        self.history.setMinimumHeight(60)
        self.note = QLabel(MODES_NOTE, objectName="stepModeNote", wordWrap=True)
        self.note.setStyleSheet("color: #6b7480; font-size: 11px;")
        layout.addWidget(bar)
        layout.addLayout(row)
        for widget in (self.position, self.formula, self.local, self.history, self.note):
            layout.addWidget(widget)
        self.setWidget(body)
        document.resultsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the evaluation's current step (or how to start one)."""
        session = self.document.evaluation.stepping
        if session is not None and session is not self._session:
            self.show()
            self.raise_()  # in front of the tabs beside it (the welcome page)
        self._session = session
        if session is None or session.position < 0:
            self.position.setText(IDLE_TEXT if session is None else session.heading())
            for label in (self.formula, self.local):
                label.clear()
            self.history.setHtml(EXPLANATION)
            return
        self.position.setText(session.heading())
        formula, local = session.texts()
        self.formula.setText(wrap_at_operators(formula))
        self.local.setText(wrap_at_operators(local))
        first = max(session.position - HISTORY_LENGTH, 0)
        paragraphs = [
            f"<p style='margin:2px 0'>{wrap_at_operators(session.texts(i)[0])}</p>"
            for i in range(first, session.position)
        ]
        paragraphs.append(
            f"<p style='margin:2px 0; {CURRENT_STYLE}'>{wrap_at_operators(formula)}</p>"
        )
        self.history.setHtml("".join(paragraphs))
        self._scroll_to_current()
        QTimer.singleShot(0, self, self._scroll_to_current)  # again, once laid out

    def _scroll_to_current(self) -> None:
        """The list's end in view: the current line is its last."""
        bar = self.history.verticalScrollBar()
        bar.setValue(bar.maximum())


def wrap_at_operators(html: str) -> str:
    """``html`` (typeset terms: tags without attributes) that may wrap only after an
    ``=``, ``+`` or ``−`` between terms, or after ``·``: every other space is a
    non-breaking one, and no line breaks at a ``/``."""
    fixed = _OPERATOR.sub(r"&nbsp;\1 ", html.replace(" ", "&nbsp;"))
    fixed = _FRACTION.sub("\u2060/\u2060", fixed)  # word joiners: no break at a fraction
    return fixed.replace("·", "·\u200b")  # a zero-width space: a break allowed here


def _rich_label(name: str, pixel_size: int) -> QLabel:
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setPixelSize(pixel_size)
    label.setFont(font)
    return label
