"""The Step through dock: the current step's arithmetic and the steps before it.

It shows the evaluation's step-through (core/stepping.py) whenever the results
change; the step actions it carries are the Run menu's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QTextBrowser, QToolBar, QVBoxLayout, QWidget

from ...core.chainrule import MODES_NOTE
from ..document import GraphDocument

HISTORY_LENGTH = 200  # steps kept in the panel's history
IDLE_TEXT = "Press Step to walk through the passes one step at a time."


class StepPanel(QDockWidget):
    def __init__(self, document: GraphDocument, actions, parent: QWidget | None = None):
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
        self.position = QLabel(objectName="stepPosition")
        self.position.setStyleSheet("color: #6b7480;")
        self.formula = _rich_label("stepFormula", 17)
        self.local = _rich_label("stepLocal", 13)
        self.local.setStyleSheet("color: #4b5563;")
        self.history = QTextBrowser(objectName="stepHistory")
        self.history.setMinimumHeight(60)
        self.note = QLabel(MODES_NOTE, objectName="stepModeNote", wordWrap=True)
        self.note.setStyleSheet("color: #6b7480; font-size: 11px;")
        for widget in (bar, self.position, self.formula, self.local, self.history, self.note):
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
        if session is None:
            self.position.setText(IDLE_TEXT)
            for label in (self.formula, self.local):
                label.clear()
            self.history.clear()
            return
        self.position.setText(session.heading())
        formula, local = session.texts()
        self.formula.setText(formula)
        self.local.setText(local)
        first = max(session.position - HISTORY_LENGTH, 0)
        paragraphs = [
            f"<p style='margin:2px 0'>{session.texts(i)[0]}</p>"
            for i in range(first, session.position)
        ]
        self.history.setHtml("".join(paragraphs))
        self.history.verticalScrollBar().setValue(self.history.verticalScrollBar().maximum())


def _rich_label(name: str, pixel_size: int) -> QLabel:
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setPixelSize(pixel_size)
    label.setFont(font)
    return label
