"""File › Export Image and Export Code, with the file dialog answered by the test."""

import json
import subprocess
import sys

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QAction, QFontMetrics, QImage
from PySide6.QtWidgets import QFileDialog

from backprop_gui.core import compile, load
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.ui import exporting, theme
from backprop_gui.ui.canvas import legend as legend_module


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


def menu_arrow_place(legend) -> QRect:
    """Where the legend's ▾ goes: right of its title text, on the title's line."""
    title = legend_module.BAR.toRect()
    text_width = QFontMetrics(theme.ui_font(11, bold=True)).horizontalAdvance(legend.title())
    return QRect(title.left() + text_width + 2, 6, title.width() - text_width - 2, 16)


def card_coloured_only(image: QImage, area: QRect) -> bool:
    card = theme.CARD.name()
    return all(
        image.pixelColor(x, y).name() == card
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
    )


def test_the_legends_menu_arrow_is_not_in_an_exported_image(window, monkeypatch, tmp_path):
    window.run_controls.backward_action.trigger()
    legend = window.painter.legend
    assert legend.isVisible()
    arrow = menu_arrow_place(legend)
    assert not card_coloured_only(legend.grab().toImage(), arrow)  # drawn on screen
    answer_save_dialog(monkeypatch, tmp_path / "graph.png", exporting.PNG)
    window.exporting.image_action.trigger()
    image = QImage(str(tmp_path / "graph.png"))
    corner = QPoint(image.width() - exporting.LEGEND_GAP - legend.width(),
                    image.height() - exporting.LEGEND_GAP - legend.height())  # fmt: skip
    assert card_coloured_only(image, arrow.translated(corner))


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


def test_an_image_drawn_right_after_a_pass_has_its_edge_labels(qapp, tmp_path, monkeypatch):
    """render (and Export Image) draw straight after Backward, before the event loop
    has placed the labels of the numbers the pass just gave: they are placed first."""
    placed = []
    monkeypatch.setattr(
        exporting, "_write_png", lambda scene, *a: placed.extend(scene_labels(scene))
    )
    exporting.render_graph(load(EXAMPLES_DIR / "neuron.bpg.json"), str(tmp_path / "n.png"))
    assert len(placed) == 5 and all(label is not None for label in placed)


def scene_labels(scene) -> list:
    return [edge.shown().label_rect for edge in scene.edge_items()]
