"""The Train dock: the data, the training options, Step, Play/Pause, Reset and
Randomize, where training stands, and the data as a table.

The buttons drive a :class:`~backprop_gui.ui.training_control.TrainingControl`; the
fields edit the graph through commands (``data_section.py``,
``training_options_form.py``).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QBoxLayout,
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
SCROLLBAR_ROOM = 24  # the dock's frame and a scroll bar beside its content


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
        self._body = _Reflowing(*self._columns())
        self.setWidget(self._body)
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

    def _columns(self) -> tuple[QWidget, QWidget]:
        """The options and controls; the data and its table."""
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
        training = QWidget()
        column = QVBoxLayout(training)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(_group("Training", self.options))
        column.addLayout(buttons)
        column.addLayout(speed)
        column.addLayout(randomize)
        column.addWidget(self.status)
        column.addStretch(1)
        data = QWidget()
        column = QVBoxLayout(data)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(_group("Data", self.data))
        self.table.setMinimumHeight(90)
        column.addWidget(self.table, 1)
        return training, data

    def preferred_width(self) -> int:
        """The dock's width with the options beside the data (and a scroll bar)."""
        return self._body.side_by_side_width() + SCROLLBAR_ROOM

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


class _Reflowing(QScrollArea):
    """Two columns side by side (the second one first) where the width allows both
    their preferred widths; in a narrower dock the first one above the second, so
    the dock scrolls down instead of cutting the controls off at its side."""

    def __init__(self, first: QWidget, second: QWidget):
        super().__init__(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self._columns = (first, second)
        body = QWidget()
        self._layout = QBoxLayout(QBoxLayout.Direction.RightToLeft, body)
        self._layout.setContentsMargins(8, 4, 8, 6)
        self._layout.addWidget(first, 1)
        self._layout.addWidget(second, 1)
        self.setWidget(body)

    def side_by_side_width(self) -> int:
        """The width the two columns take side by side, at their preferred widths."""
        margins = self._layout.contentsMargins()
        room = self._layout.spacing() + margins.left() + margins.right()
        return sum(column.sizeHint().width() for column in self._columns) + room

    def resizeEvent(self, event) -> None:
        side_by_side = self.viewport().width() >= self.side_by_side_width()
        self._layout.setDirection(
            QBoxLayout.Direction.RightToLeft if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        super().resizeEvent(event)
