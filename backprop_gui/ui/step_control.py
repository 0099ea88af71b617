"""Step, Step back and Play: the step-through's actions, its play timer and speed.

Each action moves the document's evaluation (core/evaluation.py) one step; Play steps
by itself at the chosen speed until the end, and any edit (which ends the
step-through) stops it. In training the steps walk the next update; at its end
``updateWalked`` asks for that update to be made (the training control makes it, as
Train › Step does, one undo step).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QSlider

from .actions import make_action
from .document import GraphDocument

SPEED_RANGE, SPEED_DEFAULT = (1, 10), 2  # play speed in steps per second
SPEED_KEY = "passes/speed"  # in QSettings


class StepControl(QObject):
    updateWalked = Signal()  # the step-through reached the end of a training update

    def __init__(self, window: QMainWindow, document: GraphDocument, settings: QSettings):
        super().__init__(window)
        self.document = document
        self.settings = settings
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.step_back_action = make_action(
            window, "actionStepBack", "Step back", self.step_back, ["Shift+F10"],
            "Undo one step of the step-through display",
        )  # fmt: skip
        self.step_action = make_action(
            window, "actionStep", "Step", self.step, ["F10"],
            "One step of the passes: a node forward, then an edge backward",
        )  # fmt: skip
        self.play_action = make_action(
            window, "actionPlay", "Play", self.play, ["F8"],
            "Step through the passes by themselves", checkable=True,
        )  # fmt: skip
        self.speed = QSlider(Qt.Orientation.Horizontal, objectName="playSpeed")
        self.speed.setRange(*SPEED_RANGE)
        self.speed.setToolTip("Play speed: steps per second")
        self.speed.setFixedWidth(90)
        self.speed_label = QLabel(objectName="playSpeedLabel")
        self.speed.setValue(int(settings.value(SPEED_KEY, SPEED_DEFAULT)))
        self._show_speed(self.speed.value())
        self.speed.valueChanged.connect(self._speed_changed)
        document.resultsChanged.connect(self._results_changed)
        self._results_changed()

    @property
    def actions(self) -> list:
        return [self.step_back_action, self.step_action, self.play_action]

    def step(self) -> None:
        evaluation = self.document.evaluation
        evaluation.step(1)
        if evaluation.update_due:
            self.updateWalked.emit()

    def step_back(self) -> None:
        self.document.evaluation.step(-1)

    def play(self, on: bool) -> None:
        self.play_action.setText("Pause" if on else "Play")
        if not on:
            self.timer.stop()
            return
        stepping = self.document.evaluation.stepping
        if stepping is None or stepping.at_end:
            with self.document.batch():  # one notification for starting over
                self.document.evaluation.stop_stepping()
                self.document.evaluation.step(1)
        self.timer.start()

    def _tick(self) -> None:
        stepping = self.document.evaluation.stepping
        if stepping is None or stepping.at_end:
            self.play_action.setChecked(False)
        else:
            self.step()

    def _speed_changed(self, steps_per_second: int) -> None:
        self._show_speed(steps_per_second)
        self.settings.setValue(SPEED_KEY, steps_per_second)

    def _show_speed(self, steps_per_second: int) -> None:
        self.timer.setInterval(1000 // steps_per_second)
        self.speed_label.setText(f"{steps_per_second} steps/s")

    def _results_changed(self) -> None:
        stepping = self.document.evaluation.stepping
        if stepping is None and self.timer.isActive():
            self.play_action.setChecked(False)  # an edit or a run ended the step-through
        practising = self.document.evaluation.practice is not None  # steps would end it
        self.step_back_action.setEnabled(
            not practising and stepping is not None and stepping.position >= 0
        )
        more = stepping is None or not stepping.at_end or self.document.evaluation.update_made
        self.step_action.setEnabled(not practising and more)
        self.play_action.setEnabled(not practising)
