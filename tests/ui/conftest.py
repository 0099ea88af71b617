"""Fixtures for the UI tests: a main window on the default example, isolated settings,
and no modal dialog that could hang a test run unless the test patched it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox


@pytest.fixture(autouse=True, scope="session")
def _clipboard_cleared_at_exit():
    """Qt's offscreen platform crashes while the application object is destroyed if the
    clipboard still holds QMimeData the app set (xcb and the other real platforms do
    not); tests copy, so the session empties the clipboard before Python exits."""
    yield
    application = QGuiApplication.instance()
    if application is not None:
        application.clipboard().clear()


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, settings_folder):
    """Recent files, geometry and dock layout go to a fresh folder for each test, then
    back to the session's temporary one (tests/conftest.py), never the user's own."""
    point_settings_at(tmp_path / "settings")
    yield
    point_settings_at(settings_folder)


def point_settings_at(folder) -> None:
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))


@pytest.fixture(autouse=True)
def _no_unexpected_dialogs(monkeypatch):
    """A modal dialog nobody answers would hang the run: fail instead (tests patch them)."""

    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    for name in ("warning", "critical", "question", "information"):
        monkeypatch.setattr(QMessageBox, name, unexpected)
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, unexpected)


@pytest.fixture
def window(qtbot):
    """The main window on the default example, shown at 1200×800, at zoom 1."""
    from backprop_gui.ui.main_window import MainWindow

    main = MainWindow(path=None)
    main.resize(1200, 800)
    main.show()
    qtbot.waitExposed(main)
    main.canvas.resetTransform()
    main.canvas.centerOn(main.scene.content_rect().center())
    yield main
    main.document.undo_stack.setClean()  # closing must not ask about unsaved changes
    main.close()
    main.deleteLater()
