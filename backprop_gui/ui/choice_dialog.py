"""A question with named answers (Overwrite / Save As… / Cancel, Restore / Discard).

QMessageBox's standard buttons have no "Overwrite" or "Restore"; :func:`ask` builds
the box with the answers' own words and returns the word chosen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

CANCEL = "Cancel"
Role = QMessageBox.ButtonRole


def ask(
    parent: QWidget | None, title: str, text: str, answers: dict[str, Role], default: str
) -> str:
    """Show ``text`` with one button per answer (word -> role); the word clicked.

    Escape or closing the box gives the answer whose role is RejectRole (else Cancel).
    """
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setObjectName("choiceDialog")
    buttons = {box.addButton(word, role): word for word, role in answers.items()}
    by_word = {word: button for button, word in buttons.items()}
    box.setDefaultButton(by_word[default])
    rejecting = [word for word, role in answers.items() if role == Role.RejectRole]
    if rejecting:
        box.setEscapeButton(by_word[rejecting[0]])
    box.exec()
    return buttons.get(box.clickedButton(), rejecting[0] if rejecting else CANCEL)
