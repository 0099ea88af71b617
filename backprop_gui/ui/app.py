"""Start the GUI: the QApplication, the theme and one main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from .files import SETTINGS
from .main_window import MainWindow
from .theme import apply_theme


def run_app(path: str | None = None) -> int:
    """Open the main window on ``path`` (None: the default example); the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(SETTINGS[0])
    app.setApplicationName(SETTINGS[1])
    app.setApplicationDisplayName("backprop-gui")
    app.setDesktopFileName("backprop-gui")
    apply_theme(app)
    window = MainWindow(path)
    window.restore_layout()
    window.show()
    return app.exec()
