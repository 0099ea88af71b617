"""File › Export Image and Export Code, with the file dialog answered by the test."""

import json
import subprocess
import sys

import pytest
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QFileDialog

from backprop_gui.core import compile
from backprop_gui.ui import exporting


def answer_save_dialog(monkeypatch, path, chosen_filter=""):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), chosen_filter))


def distinct_colours(image: QImage, step: int = 3) -> set:
    return {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


@pytest.mark.parametrize("chosen, scale", [(exporting.PNG, 1), (exporting.PNG_2X, 2)])
def test_export_png_at_screen_and_double_resolution(window, monkeypatch, tmp_path, chosen, scale):
    answer_save_dialog(monkeypatch, tmp_path / "graph.png", chosen)
    window.exporting.image_action.trigger()
    image = QImage(str(tmp_path / "graph.png"))
    content = window.scene.content_rect()
    assert image.width() == round((content.width() + 2 * exporting.MARGIN) * scale)
    assert len(distinct_colours(image)) > 10  # cards, text and wires, not a blank page


def test_export_svg(window, monkeypatch, tmp_path):
    answer_save_dialog(monkeypatch, tmp_path / "graph", exporting.SVG)
    window.exporting.image_action.trigger()
    text = (tmp_path / "graph.svg").read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and "<path" in text


@pytest.mark.parametrize("language", ["Python"])
def test_exported_python_prints_the_engines_gradients(window, monkeypatch, tmp_path, language):
    answer_save_dialog(monkeypatch, tmp_path / "graph.py")
    window.findChild(QAction, f"actionExport{language}").trigger()
    done = subprocess.run(
        [sys.executable, str(tmp_path / "graph.py")], capture_output=True, text=True, timeout=60
    )
    printed = json.loads(done.stdout)
    expected = compile(window.document.graph).run()
    assert printed["grads"] == pytest.approx(expected.grads)


def test_exporting_an_incomplete_graph_says_why(window, monkeypatch):
    warnings = []
    monkeypatch.setattr(exporting.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    graph = window.document.graph
    graph.disconnect("s", 1)
    window.exporting.export_code("Python")
    assert warnings and "unconnected ports" in warnings[0]
