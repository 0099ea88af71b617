"""The views that help understand the gradients: forward mode, the gradient check, the
function plot and the gradient flow by depth. The window installs them together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from .forward_mode_controls import ForwardModeControls
from .panels.check_panel import CheckPanel
from .panels.gradient_flow_panel import GradientFlowPanel
from .panels.plot_panel import PlotPanel

if TYPE_CHECKING:
    from .main_window import MainWindow


class Understanding:
    """``forward_mode`` (its selector goes beside the expression bar), ``check`` (its action goes in
    the Run menu) and the docks ``plot`` and ``flow``; all three docks start hidden,
    below the canvas, and the View menu shows them."""

    def __init__(self, window: MainWindow):
        document, scene = window.document, window.scene
        self.forward_mode = ForwardModeControls(document, scene, window.inspector)
        self.check = CheckPanel(document, scene, window)
        self.plot = PlotPanel(document, scene, window)
        self.flow = GradientFlowPanel(document, scene, window)
        self.docks = (self.check, self.plot, self.flow)
        for dock in self.docks:
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.hide()
        window.tabifyDockWidget(self.check, self.plot)
        window.tabifyDockWidget(self.plot, self.flow)
