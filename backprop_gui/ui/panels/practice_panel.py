"""Run › Practice and its dock (``practicePanel``): the graph as an exercise.

Starting practice asks the evaluation for an exercise (``core/practice.py``): the
canvas then shows the hidden numbers as empty fields. The learner picks a blank by
double-clicking its card (or takes the suggested next one), types the number and
presses Enter: a right answer turns green and the next blank comes up, a wrong one
gets a hint. Reveal shows one number, Reveal all every one; New numbers draws fresh
input values. Practice never edits the graph, so nothing reaches the undo stack;
leaving it (or any edit of the graph) brings back the normal view. Practice is a mode:
while it lasts the window disables Forward, Backward, Reset and the step-through,
which would end it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core import GraphError
from ...core.fresh_numbers import fresh_values
from ...core.numbers import parse_number
from ...core.practice import GRADS, HIDE, VALUE
from ..document import GraphDocument

IDLE_TEXT = "Choose what to hide and start with Run › Practice."
ENDED_TEXT = "Practice ended: {reason}. Start again to practise on it."


class PracticePanel(QDockWidget):
    def __init__(self, document: GraphDocument, scene, canvas, say, parent: QWidget | None = None):
        super().__init__("Practice", parent)
        self.setObjectName("practicePanel")
        self.document, self.scene, self.canvas, self.say = document, scene, canvas, say
        self.current: tuple | None = None  # (kind, key) of the blank being answered
        self._draws = 0  # New numbers so far: the seed of the next draw
        self.action = QAction("&Practice", self, checkable=True)
        self.action.setObjectName("actionPractice")
        self.action.setStatusTip("Hide numbers on the canvas and work them out yourself")
        self.action.toggled.connect(self._toggled)
        self._build()
        document.resultsChanged.connect(self.refresh)
        canvas.viewport().installEventFilter(self)
        self.hide()
        self.refresh()

    def _build(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 6, 10, 10)
        form = QFormLayout()
        self.hide_choice = QComboBox(objectName="practiceHide")
        for key, text in HIDE.items():
            self.hide_choice.addItem(text.capitalize(), key)
        self.hide_choice.setCurrentIndex(list(HIDE).index(GRADS))
        self.hide_choice.activated.connect(lambda _index: self._restart())
        form.addRow("Hide", self.hide_choice)
        layout.addLayout(form)
        self.target = _label("practiceTarget", 15)
        self.answer = QLineEdit(objectName="practiceAnswer")
        self.answer.setPlaceholderText("your answer, then Enter")
        self.answer.returnPressed.connect(self.check)
        self.feedback = _label("practiceFeedback", 13)
        self.score = _label("practiceScore", 12)
        self.score.setStyleSheet("color: #4b5563;")
        buttons = QHBoxLayout()
        for name, text, slot in (
            ("practiceCheck", "Check", self.check),
            ("practiceReveal", "Reveal", self.reveal),
            ("practiceRevealAll", "Reveal all", self.reveal_all),
            ("practiceNewNumbers", "New numbers", self.new_numbers),
            ("practiceLeave", "Leave", lambda: self.action.setChecked(False)),
        ):
            button = QPushButton(text, objectName=name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        for widget in (self.target, self.answer):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        for widget in (self.feedback, self.score):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)

    # ------------------------------------------------------------- start, leave

    @property
    def exercise(self):
        return self.document.evaluation.practice

    def _toggled(self, on: bool) -> None:
        if on:
            self._draws = 0
            self._start(None)
        else:
            self.document.evaluation.stop_practice()
            self.hide()

    def _start(self, values: dict | None) -> None:
        try:
            self.document.evaluation.start_practice(self.hide_choice.currentData(), values)
        except GraphError as error:
            self.say(f"Cannot practise on this graph: {error}")
            self.action.setChecked(False)
            return
        self.show()
        self.raise_()
        self._go_to_next()

    def _restart(self) -> None:
        """Another choice of what to hide: the same numbers, all blank again."""
        if self.exercise is not None:
            self._start(self.exercise.values)

    def new_numbers(self) -> None:
        """Fresh input values (seeded: the n-th draw is always the same)."""
        if self.exercise is None:
            return
        self._draws += 1
        values = fresh_values(self.document.graph, f"practice:{self._draws}")
        if values is None:
            self.say("No fresh numbers keep this graph finite; keeping these.")
            return
        self._start(values)

    # ----------------------------------------------------------------- answers

    def check(self) -> None:
        if self.exercise is None or self.current is None:
            return
        number = parse_number(self.answer.text())
        if number is None:
            self.feedback.setText("Type a number, e.g. 0.25 or −1.5e-3.")
            return
        check = self.document.evaluation.answer(*self.current, number)
        if check.right:
            self.feedback.setText('<span style="color:#15803d">Right!</span>')
            self._go_to_next()
        else:
            self.feedback.setText(f"Not quite: {check.hint}")
            self.answer.selectAll()

    def reveal(self) -> None:
        if self.exercise is not None and self.current is not None:
            self.document.evaluation.reveal(*self.current)
            self.feedback.clear()
            self._go_to_next()

    def reveal_all(self) -> None:
        if self.exercise is not None:
            self.document.evaluation.reveal()
            self._go_to_next()

    def choose(self, node_id: str) -> bool:
        """Answer the card's first open blank next (its value before its gradient)."""
        exercise = self.exercise
        found = [b for b in exercise.blanks.values() if b.key == node_id and not b.shown]
        if not found:
            return False
        found.sort(key=lambda b: b.kind != VALUE)
        self._set_current(found[0])
        return True

    def _go_to_next(self) -> None:
        self._set_current(self.exercise.next_blank() if self.exercise else None)

    def _set_current(self, blank) -> None:
        self.current = None if blank is None else (blank.kind, blank.key)
        self.answer.clear()
        if self.exercise is not None:
            self.document.evaluation.focus_blank(self.current)  # refreshes this panel too
        else:
            self.refresh()
        if blank is not None:
            self.answer.setFocus()

    # ------------------------------------------------------------------ showing

    def refresh(self) -> None:
        exercise = self.exercise
        if exercise is None:
            if self.action.isChecked():  # an edit of the graph ended the exercise
                self.action.blockSignals(True)
                self.action.setChecked(False)
                self.action.blockSignals(False)
                reason = self.document.evaluation.practice_ended or "the graph changed"
                self.feedback.setText(ENDED_TEXT.format(reason=reason))
            self.target.setText(IDLE_TEXT)
            self.score.clear()
            self.current = None
            return
        self.score.setText(exercise.score.text())
        blank = exercise.blank(*self.current) if self.current else None
        if blank is None or blank.shown:
            done = (
                "All done: every number is on the canvas." if exercise.next_blank() is None else ""
            )
            self.target.setText(done or "Double-click a card with a blank to answer it.")
        else:
            self.target.setText(f"Your answer for {exercise.hints.label(blank)}:")
        self.answer.setEnabled(blank is not None and not blank.shown)

    def eventFilter(self, watched, event) -> bool:
        """A double-click on a card in practice picks that card's blank to answer."""
        if event.type() == QEvent.Type.MouseButtonDblClick and self.exercise is not None:
            item = self.scene.node_at(self.canvas.mapToScene(event.position().toPoint()))
            if item is not None and self.choose(item.node_id):
                return True
        return False


def _label(name: str, size: int) -> QLabel:
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setStyleSheet(f"font-size: {size}px;")
    return label
