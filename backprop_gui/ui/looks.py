"""View › Dark Theme and View › Presentation: the window's look, switched while it runs.

The dark theme follows the system's colour scheme until the person chooses with the
toggle (then the choice is remembered). Presentation mode (F11) is for a projector
or a lecture hall: full screen, larger type in the widgets and on the canvas (fit to
view keeps the cards' numbers at least ``PRESENTATION_PIXELS`` tall), stronger
outlines, and every dock hidden except the step-through; leaving it puts back the
docks that were open.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

from . import theme
from .actions import make_action
from .canvas.view import READABLE_PIXELS
from .plot_look import style_plots

DARK_KEY = "view/dark"  # in QSettings: "true"/"false" once chosen; absent: the system's
PRESENTATION_PIXELS = 16.0
PRESENTATION_PANEL_SHARE = 0.3  # of the window's width, for the step-through


class Looks(QObject):
    def __init__(self, window: QMainWindow, settings: QSettings, keep: QDockWidget):
        super().__init__(window)
        self.window, self.settings, self.keep = window, settings, keep
        self._hidden: list[QDockWidget] = []  # docks presentation mode hid
        self._was_maximized = False
        app = QApplication.instance()
        stored = settings.value(DARK_KEY)
        dark = theme.system_prefers_dark(app) if stored is None else str(stored) == "true"
        self.dark_action = make_action(
            window, "actionDarkTheme", "&Dark Theme", self.set_dark, [],
            "Light text on dark backgrounds (at first as the system prefers)", checkable=True,
        )  # fmt: skip
        self.presentation_action = make_action(
            window, "actionPresentation", "&Presentation", self.set_presentation, ["F11"],
            "Full screen, large type, only the step-through beside the graph", checkable=True,
        )  # fmt: skip
        self.dark_action.blockSignals(True)
        self.dark_action.setChecked(dark)
        self.dark_action.blockSignals(False)
        if dark != theme.Look.dark:
            self._apply()

    def set_dark(self, on: bool) -> None:
        self.settings.setValue(DARK_KEY, "true" if on else "false")
        self._apply()

    def set_presentation(self, on: bool) -> None:
        window = self.window
        if on:
            docks = window.findChildren(QDockWidget)
            self._hidden = [d for d in docks if d.isVisible() and d is not self.keep]
            for dock in self._hidden:
                dock.hide()
            self.keep.show()
            self._was_maximized = window.isMaximized()
            window.showFullScreen()
            width = int(window.width() * PRESENTATION_PANEL_SHARE)
            window.resizeDocks([self.keep], [width], Qt.Orientation.Horizontal)
        else:
            for dock in self._hidden:
                dock.show()
            self._hidden = []
            if self._was_maximized:
                window.showMaximized()
            else:
                window.showNormal()
        self._apply()

    def _apply(self) -> None:
        """The look the two actions ask for, on the app and on the canvas."""
        presentation = self.presentation_action.isChecked()
        theme.apply_theme(QApplication.instance(), self.dark_action.isChecked(), presentation)
        canvas = self.window.canvas
        canvas.readable_pixels = PRESENTATION_PIXELS if presentation else READABLE_PIXELS
        scene = canvas.scene()
        scene.edge_overview.invalidate()
        scene.update()
        canvas.viewport().update()
        self.window.painter.draw()  # edge colours depend on the look
        self.window.painter.legend.update()
        style_plots(self.window)
        canvas.request_fit()
