"""File › Export LaTeX Derivation, TikZ Graph and Worksheet from the window."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog

from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.core.gradient_colors import MODES
from backprop_gui.core.tikz_export import tikz_picture
from backprop_gui.ui.teaching_export import TIKZ, TIKZ_STANDALONE, TeachingExport, WorksheetDialog


def save_as(monkeypatch, path, chosen=""):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), chosen))


def action(window, name):
    return next(a for a in window.file_menu.actions() if a.objectName() == name)


def test_latex_derivation(window, monkeypatch, tmp_path):
    window.open_path(str(EXAMPLES_DIR / "fanout.bpg.json"))
    save_as(monkeypatch, tmp_path / "d.tex")
    action(window, "actionExportLatex").trigger()
    text = (tmp_path / "d.tex").read_text()
    assert text.startswith(r"\documentclass") and r"\frac{dT}{dx} &=" in text
    assert not window.document.is_modified()


def test_tikz_picture_or_document(window, monkeypatch, tmp_path):
    save_as(monkeypatch, tmp_path / "p.tex", TIKZ)
    action(window, "actionExportTikz").trigger()
    picture = (tmp_path / "p.tex").read_text()
    assert picture.startswith("% needs \\usepackage{amsmath}, \\usepackage{tikz}")
    save_as(monkeypatch, tmp_path / "s.tex", TIKZ_STANDALONE)
    action(window, "actionExportTikz").trigger()
    assert (tmp_path / "s.tex").read_text().startswith(r"\documentclass")


def test_worksheet_with_key(window, monkeypatch, tmp_path):
    def accept(dialog):
        dialog.count.setValue(2)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(WorksheetDialog, "exec", accept)
    save_as(monkeypatch, tmp_path / "sheet")
    action(window, "actionExportWorksheet").trigger()
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "sheet_key.pdf").exists()
    assert "sheet_key.pdf" in window.statusBar().currentMessage()
    assert isinstance(window.teaching_export, TeachingExport)


def test_tikz_is_coloured_in_the_views_colour_mode(window, monkeypatch, tmp_path):
    window.open_path(str(EXAMPLES_DIR / "fanout.bpg.json"))
    graph = window.document.graph
    for mode in MODES:
        window.findChild(QAction, f"actionColor{mode.capitalize()}").trigger()
        save_as(monkeypatch, tmp_path / f"{mode}.tex", TIKZ_STANDALONE)
        action(window, "actionExportTikz").trigger()
        expected = tikz_picture(graph, standalone=True, mode=mode)
        assert (tmp_path / f"{mode}.tex").read_text() == expected
    assert len({(tmp_path / f"{mode}.tex").read_text() for mode in MODES}) > 1
