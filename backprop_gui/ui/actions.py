"""QActions made one way everywhere: object name, keys, tip, and a slot without "checked"."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

Key = QKeySequence.StandardKey


def make_action(
    window: QWidget, name: str, text: str, slot: Callable, keys=(), tip: str = "",
    checkable: bool = False,
) -> QAction:  # fmt: skip
    """An action of ``window`` (its shortcuts work even while the menu bar is hidden).

    A checkable action calls ``slot(checked)`` when toggled; any other calls ``slot()``.
    """
    action = QAction(text, window)
    action.setObjectName(name)
    action.setShortcuts(key_sequences(keys))
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.setCheckable(checkable)
    if checkable:
        action.toggled.connect(slot)
    else:
        action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def key_sequences(keys) -> list[QKeySequence]:
    """The platform's bindings of standard keys, then the given extra ones, each once
    (a key bound twice to one action would be ambiguous)."""
    found: dict[str, QKeySequence] = {}
    for key in keys:
        bindings = QKeySequence.keyBindings(key) if isinstance(key, Key) else [QKeySequence(key)]
        for sequence in bindings:
            found.setdefault(sequence.toString(), sequence)
    return list(found.values())


def add_actions(menu, actions: Iterable[QAction | None]) -> None:
    """Add actions to a menu or toolbar in order; None adds a separator."""
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
