"""Opening a file whose nodes have no "pos": the cards are laid out, none on another,
and the document opens unmodified (the layout is no undo step)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog
from unplaced_graphs import generated_text, sigmoid_text


@pytest.mark.parametrize(
    "text, count",
    [(sigmoid_text(), 7), (sigmoid_text(node_ids={"x", "s"}), 7), (generated_text(), 180)],
    ids=["7 nodes", "7 nodes, 2 without pos", "180 nodes"],
)
def test_a_file_without_positions_opens_laid_out(window, qtbot, monkeypatch, tmp_path, text, count):
    path = tmp_path / "unplaced.bpg.json"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    window.findChild(QAction, "actionOpen").trigger()
    qtbot.wait(1)
    items = list(window.scene.node_items())
    assert len(items) == count
    for a, b in itertools.combinations(items, 2):
        assert not a.sceneBoundingRect().intersects(b.sceneBoundingRect()), (a.node_id, b.node_id)
    assert not window.document.is_modified() and window.document.undo_stack.count() == 0
    assert window.windowTitle().startswith("unplaced.bpg.json — ")  # no "*"
