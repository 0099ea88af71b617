"""Parts every small dialog of the app has: OK and Cancel, and a line for what is wrong."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK (accept, which a dialog may refuse) and Cancel (reject) for ``dialog``."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def error_line(name: str) -> QLabel:
    """A red line saying why OK did not close the dialog (empty until then)."""
    label = QLabel(objectName=name)
    label.setStyleSheet("color: #d92d20;")
    label.setWordWrap(True)
    return label
