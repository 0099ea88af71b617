"""Run › Practice and its dock (``practicePanel``): the graph as an exercise.

Starting practice asks the evaluation for an exercise (``core/practice.py``): the
canvas then shows the hidden numbers as empty fields. The learner picks a blank by
double-clicking its card, or an edge (or where its label goes) for a local derivative,
or takes the suggested next one, types the number and presses Enter: a right answer
turns green and the next blank comes up, a wrong one gets a hint. The inspector has
an answer field for each open blank of the selected node (:class:`InspectorAnswers`),
in any order. Reveal shows one number, Reveal all every one; New numbers draws fresh
input values. Practice never edits the graph, so nothing reaches the undo stack;
leaving it (or any edit of the graph) brings back the normal view. Practice is a mode:
while it lasts the window disables Forward, Backward, Reset and the step-through,
which would end it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
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
from ...core.practice import GRAD, GRADS, HIDE, LOCAL, VALUE
from ..document import GraphDocument

IDLE_TEXT = "Choose what to hide and start with Run › Practice."
ENDED_TEXT = "Practice ended: {reason}. Start again to practise on it."


class PracticePanel(QDockWidget):
    def __init__(self, document: GraphDocument, scene, canvas, inspector, say,
                 parent: QWidget | None = None):  # fmt: skip
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
        self.inspector_answers = InspectorAnswers(self, inspector)
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
            self.say(f"Practice: {error}")
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
        if self.exercise is not None and self.current is not None:
            if self._check(self.answer.text()) is False:
                self.answer.selectAll()

    def answer_blank(self, blank: tuple, text: str) -> bool | None:
        """Check ``text`` for the blank (kind, key) typed elsewhere (the inspector):
        it becomes the blank being answered. True right, False wrong, None no number."""
        self._set_current(self.exercise.blank(*blank), focus=False)
        return self._check(text)

    def _check(self, text: str) -> bool | None:
        number = parse_number(text)
        if number is None:
            self.feedback.setText("Type a number, e.g. 0.25 or −1.5e-3.")
            return None
        check = self.document.evaluation.answer(*self.current, number)
        if check.right:
            self.feedback.setText('<span style="color:#15803d">Right!</span>')
            self._go_to_next()
        else:
            self.feedback.setText(f"Not quite: {check.hint}")
        return check.right

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

    def choose_edge(self, key: tuple) -> bool:
        """Answer the edge's local derivative next, if it is an open blank."""
        blank = self.exercise.blank(LOCAL, key)
        if blank is None or blank.shown:
            return False
        self._set_current(blank)
        return True

    def _go_to_next(self, focus: bool = True) -> None:
        self._set_current(self.exercise.next_blank() if self.exercise else None, focus)

    def _set_current(self, blank, focus: bool = True) -> None:
        self.current = None if blank is None else (blank.kind, blank.key)
        self.answer.clear()
        if self.exercise is not None:
            self.document.evaluation.focus_blank(self.current)  # refreshes this panel too
        else:
            self.refresh()
        if blank is not None and focus:
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
        """A double-click in practice picks a blank to answer: a card's, or an edge's
        local derivative (on the edge, or where its label goes)."""
        if event.type() == QEvent.Type.MouseButtonDblClick and self.exercise is not None:
            point = self.canvas.mapToScene(event.position().toPoint())
            item = self.scene.node_at(point)
            if item is not None:
                return self.choose(item.node_id)
            edge = _edge_at(self.scene, point)
            if edge is not None:
                return self.choose_edge((edge.source, edge.target, edge.port))
        return False


def _edge_at(scene, point: QPointF):
    """The edge whose curve or drawn label is at ``point`` (its shape holds both)."""
    for item in scene.edge_items():
        if item.shape().contains(item.mapFromScene(point)):
            return item
    return None


class InspectorAnswers:
    """In practice, an answer field in the inspector for each open blank (value,
    gradient) of the node it shows; Enter checks it as the panel does."""

    KINDS = {VALUE: "Your value", GRAD: "Your gradient"}

    def __init__(self, panel: PracticePanel, inspector):
        self.panel, self.inspector = panel, inspector
        self.fields: dict[str, QLineEdit] = {}
        for kind, text in self.KINDS.items():
            field = QLineEdit(objectName=f"inspectorPractice{kind.capitalize()}")
            field.setPlaceholderText("your answer, then Enter")
            field.returnPressed.connect(lambda kind=kind: self._entered(kind))
            inspector.add_row(text, field)
            self.fields[kind] = field
        inspector.currentNodeChanged.connect(lambda _node_id: self.refresh())
        panel.document.resultsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        exercise, node_id = self.panel.exercise, self.inspector.node_id
        for kind, field in self.fields.items():
            open_ = exercise is not None and node_id is not None and exercise.hidden(kind, node_id)
            if not open_:
                field.clear()
            self.inspector.form.setRowVisible(field, open_)

    def _entered(self, kind: str) -> None:
        field, node_id = self.fields[kind], self.inspector.node_id
        if self.panel.exercise is None or node_id is None:
            return
        if self.panel.answer_blank((kind, node_id), field.text()) is not True:
            field.selectAll()


def _label(name: str, size: int) -> QLabel:
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setStyleSheet(f"font-size: {size}px;")
    return label
