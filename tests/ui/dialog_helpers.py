"""Answer a modal question box the way a person does: click one of its buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

POLL_MS, POLLS = 10, 500  # give up after 5 s: the test then fails on what it expected


def click_when_shown(answer: str) -> list[str]:
    """Click the button labelled ``answer`` on the next modal message box once it shows.

    Returns the list that receives the box's title and text when it is answered.
    """
    shown: list[str] = []

    def poll(remaining: int) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if remaining:
                QTimer.singleShot(POLL_MS, lambda: poll(remaining - 1))
            return
        shown.extend([box.windowTitle(), box.text()])
        button = next(b for b in box.buttons() if b.text().replace("&", "") == answer)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, lambda: poll(POLLS))
    return shown
