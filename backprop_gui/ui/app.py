"""Start the GUI: the QApplication, the theme, one main window and the offer to restore
what a crashed session left."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from .files import SETTINGS
from .main_window import MainWindow
from .recovery import offer_recovery
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
    offer_recovery(window)  # what a crashed session left
    return app.exec()
