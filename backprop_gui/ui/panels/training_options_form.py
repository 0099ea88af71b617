"""The training options in the Train dock: optimizer, learning rate, batch size, epochs.

The fields show the graph's options (refreshed when they change, so undo shows here);
each change pauses training and goes through a :class:`SetTrainingCommand`. The
learning rate has a log slider and a typed field that stay in step.
"""

from __future__ import annotations

import math
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSlider,
    QSpinBox,
    QWidget,
)

from ...core.numbers import format_number, parse_number
from ...core.training_options import OPTIMIZERS
from ..training_commands import SetTrainingCommand

LR_RANGE = (-5, 1)  # the slider's decades: 1e-5 to 10
LR_STEPS_PER_DECADE = 20
ALL_ROWS = "all rows"  # the batch size spin's text for 0: every row in one batch


class TrainingOptionsForm(QWidget):
    def __init__(self, document, control, parent=None):
        super().__init__(parent)
        self.document, self.control = document, control
        self.optimizer = QComboBox(objectName="trainOptimizer")
        self.optimizer.addItems(OPTIMIZERS)
        self.lr_slider = QSlider(Qt.Orientation.Horizontal, objectName="trainLrSlider")
        self.lr_slider.setRange(
            LR_RANGE[0] * LR_STEPS_PER_DECADE, LR_RANGE[1] * LR_STEPS_PER_DECADE
        )
        self.lr_slider.setPageStep(LR_STEPS_PER_DECADE)  # Page Up: ten times larger
        self.lr_slider.setToolTip("Learning rate, on a log scale")
        self.lr_field = QLineEdit(objectName="trainLr")
        self.lr_field.setFixedWidth(80)
        self.lr_field.setToolTip("Learning rate: any number > 0")
        self.batch = QSpinBox(objectName="trainBatchSize", minimum=0, maximum=10_000_000)
        self.batch.setSpecialValueText(ALL_ROWS)
        self.epochs = QSpinBox(objectName="trainEpochs", minimum=0, maximum=1_000_000)
        self.epochs.setToolTip("Play trains this many epochs, then pauses")
        self.shuffle = QCheckBox("shuffle each epoch", objectName="trainShuffle")
        lr_row = QHBoxLayout()
        lr_row.addWidget(self.lr_slider, 1)
        lr_row.addWidget(self.lr_field)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Optimizer", self.optimizer)
        form.addRow("Learning rate", lr_row)
        form.addRow("Batch size", self.batch)
        form.addRow("Epochs", self.epochs)
        form.addRow("", self.shuffle)
        self.optimizer.activated.connect(lambda i: self._set(optimizer=OPTIMIZERS[i]))
        self.lr_slider.sliderReleased.connect(self._lr_slid)
        self.lr_slider.valueChanged.connect(self._lr_sliding)
        self.lr_field.editingFinished.connect(self._lr_typed)
        self.batch.editingFinished.connect(lambda: self._set(batch_size=self.batch.value() or None))
        self.epochs.editingFinished.connect(lambda: self._set(epochs=self.epochs.value()))
        self.shuffle.clicked.connect(lambda on: self._set(shuffle=on))
        document.trainingChanged.connect(self.refresh)
        document.graphReplaced.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the graph's options (defaults where the file gives none)."""
        options = self.document.graph.training.resolved()
        self.optimizer.setCurrentText(options.optimizer)
        self._show_lr(options.lr)
        self.batch.setValue(options.batch_size or 0)
        self.epochs.setValue(options.epochs)
        self.shuffle.setChecked(options.shuffle)

    def _show_lr(self, lr: float) -> None:
        self.lr_field.setText(format_number(lr))
        self.lr_slider.blockSignals(True)
        self.lr_slider.setValue(round(math.log10(lr) * LR_STEPS_PER_DECADE))
        self.lr_slider.blockSignals(False)

    def _lr_sliding(self, position: int) -> None:
        """While the slider moves, the field shows the rate it would set."""
        self.lr_field.setText(format_number(_slider_lr(position)))
        if not self.lr_slider.isSliderDown():  # keys or a click on the groove: set at once
            self._set(lr=_slider_lr(position))

    def _lr_slid(self) -> None:
        self._set(lr=_slider_lr(self.lr_slider.value()))

    def _lr_typed(self) -> None:
        lr = parse_number(self.lr_field.text())
        if lr is None or lr <= 0:
            self.control.say(f"“{self.lr_field.text()}” is not a learning rate: any number > 0.")
            self._show_lr(self.document.graph.training.resolved().lr)
            return
        self._set(lr=lr)

    def _set(self, **change) -> None:
        """Change one option (unchanged: nothing), as one undo step."""
        graph = self.document.graph
        options = replace(graph.training, **change)
        if options.resolved() == graph.training.resolved():
            self.refresh()
            return
        self.control.pause()
        name = next(iter(change)).replace("_", " ")
        self.document.push(SetTrainingCommand(self.document, options, f"Change {name}"))


def _slider_lr(position: int) -> float:
    """The learning rate at a slider position: a round number of its decade."""
    return float(f"{10 ** (position / LR_STEPS_PER_DECADE):.2g}")
