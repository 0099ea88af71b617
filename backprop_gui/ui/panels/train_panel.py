"""The Train dock: the data, the training options, Step, Play/Pause, Reset and
Randomize, where training stands, and the data as a table.

The buttons drive a :class:`~backprop_gui.ui.training_control.TrainingControl`; the
fields edit the graph through commands (``data_section.py``,
``training_options_form.py``).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.numbers import format_number
from ..training_control import RATES
from .data_section import DataSection
from .data_table import data_table
from .training_options_form import TrainingOptionsForm

IDLE_TEXT = "Press Step for one update, Play to train."


class TrainPanel(QDockWidget):
    def __init__(self, window, document, control, parent=None):
        super().__init__("Train", parent)
        self.setObjectName("trainPanel")
        self.document, self.control = document, control
        self.data = DataSection(window, document, control)
        self.options = TrainingOptionsForm(document, control)
        self.step_button = QPushButton("Step", objectName="trainStep")
        self.step_button.setToolTip("One update on the next batch (one undo step)")
        self.play_button = QPushButton("Play", objectName="trainPlay", checkable=True)
        self.play_button.setToolTip("Train until the epochs are done; Pause keeps the run")
        self.reset_button = QPushButton("Reset", objectName="trainReset")
        self.reset_button.setToolTip("The parameters back to where training began")
        self.randomize_button = QPushButton("Randomize", objectName="trainRandomize")
        self.randomize_button.setToolTip("Parameters drawn uniformly from [−1, 1) with the seed")
        self.seed = QSpinBox(objectName="trainParameterSeed", minimum=0, maximum=2**31 - 1)
        self.seed.setToolTip("The seed of the next Randomize (it counts up after each)")
        self.speed = QComboBox(objectName="trainSpeed")
        for rate in RATES:
            self.speed.addItem(f"{rate} updates/s" if rate else "as fast as it goes", rate)
        self.speed.setCurrentIndex(RATES.index(control.rate))
        self.speed.setToolTip("How fast Play trains: slowly enough to watch, or at full speed")
        self.status = QLabel(IDLE_TEXT, objectName="trainStatus")
        self.status.setWordWrap(True)
        self.table = data_table(document)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(self._layout())  # the dock may be shorter than its content
        self.setWidget(scroll)
        self.step_button.clicked.connect(control.step)
        self.play_button.toggled.connect(control.toggle)
        self.reset_button.clicked.connect(control.reset)
        self.randomize_button.clicked.connect(self._randomize)
        self.speed.currentIndexChanged.connect(
            lambda _index: setattr(control, "rate", self.speed.currentData())
        )
        control.playingChanged.connect(self._playing_changed)
        control.trained.connect(self._trained)
        control.stateChanged.connect(self._state_changed)
        self._state_changed()

    def _layout(self) -> QWidget:
        """The data and its table on the left; the options and controls on the right."""
        buttons = QHBoxLayout()
        for button in (self.step_button, self.play_button, self.reset_button):
            buttons.addWidget(button)
        speed = QHBoxLayout()
        speed.addWidget(QLabel("Speed"))
        speed.addWidget(self.speed, 1)
        randomize = QHBoxLayout()
        randomize.addWidget(self.randomize_button)
        randomize.addWidget(QLabel("seed"))
        randomize.addWidget(self.seed, 1)
        data = QVBoxLayout()
        data.addWidget(_group("Data", self.data))
        self.table.setMinimumHeight(90)
        data.addWidget(self.table, 1)
        training = QVBoxLayout()
        training.addWidget(_group("Training", self.options))
        training.addLayout(buttons)
        training.addLayout(speed)
        training.addLayout(randomize)
        training.addWidget(self.status)
        training.addStretch(1)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.addLayout(data, 1)
        layout.addLayout(training, 1)
        return body

    def _randomize(self) -> None:
        self.control.randomize(self.seed.value())
        self.seed.setValue(self.seed.value() + 1)

    def _playing_changed(self, on: bool) -> None:
        self.play_button.blockSignals(True)
        self.play_button.setChecked(on)
        self.play_button.blockSignals(False)
        self.play_button.setText("Pause" if on else "Play")

    def _trained(self, updates: list, epoch_losses: list) -> None:
        last = updates[-1]
        text = f"epoch {last.epoch} · update {last.number} · batch loss {format_number(last.loss)}"
        if epoch_losses:
            text += f" · loss over all rows {format_number(epoch_losses[-1][1])}"
        self.status.setText(text)

    def _state_changed(self) -> None:
        self.reset_button.setEnabled(self.control.origin is not None)
        if self.control.session is None and not self.control.playing:
            self.status.setText(IDLE_TEXT)


def _group(title: str, content: QWidget) -> QGroupBox:
    group = QGroupBox(title)
    layout = QVBoxLayout(group)
    layout.setContentsMargins(8, 6, 8, 8)
    layout.addWidget(content)
    return group
