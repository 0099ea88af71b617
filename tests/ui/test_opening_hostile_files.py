"""Opening what is not a graph file, at start or with File › Open: the window stays,
and one dialog gives the one-line reason."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from backprop_gui.core import dumps, load
from backprop_gui.ui.main_window import DEFAULT_EXAMPLE, MainWindow


def hostile(tmp_path, kind: str) -> str:
    """A path that is not a loadable graph file, of the given kind."""
    if kind == "pipe":
        os.mkfifo(tmp_path / "pipe.json")
        return str(tmp_path / "pipe.json")
    if kind == "folder":
        return str(tmp_path)
    if kind == "NUL in the name":
        return f"{tmp_path}/a\0b.json"
    text = DEFAULT_EXAMPLE.read_text(encoding="utf-8").replace('"op": "neg"', '"op": []')
    (tmp_path / "op.json").write_text(text, encoding="utf-8")
    return str(tmp_path / "op.json")


REASONS = {
    "pipe": "it is a named pipe, not a regular file",
    "folder": "it is a folder, not a file",
    "NUL in the name": "a file name cannot contain a NUL character",
    "op a list": "node 'neg': unknown op []",
}
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
KINDS = [pytest.param(k, marks=needs_fifo) if k == "pipe" else k for k in REASONS]


def dialogs(monkeypatch) -> list[str]:
    shown = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append(text)
    )
    return shown


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_file_at_start_opens_the_example_and_says_why_in_one_line(
    qtbot, tmp_path, monkeypatch, kind
):
    shown = dialogs(monkeypatch)
    window = MainWindow(path=hostile(tmp_path, kind))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert REASONS[kind] in shown[0] and "\n" not in shown[0]
    assert dumps(window.document.graph) == dumps(load(DEFAULT_EXAMPLE))
    assert window.document.path is None


@pytest.mark.parametrize("kind", KINDS)
def test_file_open_of_a_bad_file_keeps_the_graph_and_says_why(window, tmp_path, monkeypatch, kind):
    path = hostile(tmp_path, kind)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (path, ""))
    shown = dialogs(monkeypatch)
    before = dumps(window.document.graph)
    window.actions["open"].trigger()
    assert len(shown) == 1 and REASONS[kind] in shown[0] and "\n" not in shown[0]
    assert dumps(window.document.graph) == before
