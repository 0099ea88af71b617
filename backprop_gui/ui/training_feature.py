"""Training in the window, put together: the control, the Train dock, the plots dock,
the update badges on the cards, column binding and Insert › Dense layer.

The window calls :func:`install_training` once its canvas and inspector exist. The
Train dock and the plots sit side by side below the canvas, shown when a graph with
data opens (View › Train shows them for any graph).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from .canvas.update_badges import UpdateBadges
from .column_binding import ColumnBinding
from .dense_dialog import DenseLayerInsert
from .panels.train_panel import TrainPanel
from .panels.training_plots import TrainingPlots
from .training_control import TrainingControl

BOTTOM_HEIGHT = 300  # the Train and plots docks, below the canvas
TRAIN_SHARE = 0.6  # of the window's width, at most, for the Train dock beside the plots


@dataclass
class Training:
    control: TrainingControl
    panel: TrainPanel
    plots: TrainingPlots
    badges: UpdateBadges
    binding: ColumnBinding
    dense: DenseLayerInsert

    def show_for_data(self) -> None:
        """A graph with data opens with the Train dock and the plots shown."""
        if self.control.document.graph.data is not None and self.panel.isHidden():
            self.panel.show()
            self.plots.show()
            window = self.panel.parentWidget()
            train = min(self.panel.preferred_width(), int(window.width() * TRAIN_SHARE))
            window.resizeDocks(
                [self.panel, self.plots], [train, window.width() - train], Qt.Orientation.Horizontal
            )
            window.resizeDocks([self.panel], [BOTTOM_HEIGHT], Qt.Orientation.Vertical)


def install_training(window) -> Training:
    document = window.document
    control = TrainingControl(document, window.say, window)
    panel = TrainPanel(window, document, control, window)
    plots = TrainingPlots(document, control, window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, panel)
    window.splitDockWidget(panel, plots, Qt.Orientation.Horizontal)
    panel.hide()
    plots.hide()
    training = Training(
        control=control,
        panel=panel,
        plots=plots,
        badges=UpdateBadges(window.scene, document),
        binding=ColumnBinding(document, window.inspector, window.scene, window.canvas, control),
        dense=DenseLayerInsert(window, control),
    )
    document.graphReplaced.connect(training.show_for_data)
    window.step_control.updateWalked.connect(control.step)  # the update walked, made
    training.show_for_data()
    return training
