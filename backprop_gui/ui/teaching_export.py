"""File › Export LaTeX Derivation, TikZ Graph and Worksheet: the graph for a class.

The texts come from the core (``latex_export``, ``tikz_export``, ``worksheets``); the
worksheet's PDF from :mod:`.worksheet_pdf`. Each asks for a file name (the worksheet
first for its options), writes it, and says so in the status bar; a failure is one
message box, and nothing of the graph changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
)

from ..core import GraphError
from ..core.exports import export_text, write_export
from ..core.practice import HIDE
from ..core.tikz_export import tikz_picture
from ..core.worksheets import SHEET_HIDES, variants
from .worksheet_pdf import write_worksheets

if TYPE_CHECKING:
    from .main_window import MainWindow

TEX = "LaTeX document (*.tex)"
TIKZ, TIKZ_STANDALONE = "TikZ picture to \\input (*.tex)", "TikZ as a document of its own (*.tex)"
PDF = "PDF (*.pdf)"


class TeachingExport(QObject):
    """The three export actions (``actions``), which the window puts in its File menu."""

    def __init__(self, window: MainWindow, suggested):
        super().__init__(window)
        self.window, self.suggested = window, suggested
        self.actions = []
        for name, text, tip, slot in (
            ("actionExportLatex", "Export LaTeX &Derivation…",
             "The forward values and every gradient's chain rule as a LaTeX document",
             self.export_latex),
            ("actionExportTikz", "Export Ti&kZ Graph…",
             "The graph with values, gradients and colours as a TikZ picture", self.export_tikz),
            ("actionExportWorksheet", "Export &Worksheet…",
             "Printable exercises on this graph, with an answer key", self.export_worksheet),
        ):  # fmt: skip
            action = QAction(text, window)
            action.setObjectName(name)
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            self.actions.append(action)

    @property
    def _graph(self):
        return self.window.document.graph

    def _output(self):
        return self.window.document.evaluation.output

    def export_latex(self) -> None:
        self._write_text(
            "Export LaTeX Derivation", "_derivation.tex", [TEX],
            lambda _filter: export_text(self._graph, "latex", self._output()),
        )  # fmt: skip

    def export_tikz(self) -> None:
        """Coloured as the canvas is (View › Gradient Colours); the standalone document
        in the default colours is ``backprop-gui export --to tikz``'s, the picture alone
        is for ``\\input`` into slides."""
        self._write_text(
            "Export TikZ Graph", "_graph.tex", [TIKZ_STANDALONE, TIKZ],
            lambda chosen: tikz_picture(self._graph, self._output(),
                                        standalone=chosen == TIKZ_STANDALONE,
                                        mode=self.window.painter.mode),
        )  # fmt: skip

    def _write_text(self, title: str, ending: str, filters: list[str], make) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self.window, title, self.suggested(ending), ";;".join(filters)
        )
        if not path:
            return
        try:
            write_export(make(chosen), path)
        except (GraphError, OSError) as error:
            QMessageBox.warning(self.window, title, f"Cannot export: {error}")
            return
        self.window.say(f"Exported {path}")

    def export_worksheet(self) -> None:
        dialog = WorksheetDialog(self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export Worksheet", self.suggested("_worksheet.pdf"), PDF
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        key = str(Path(path).with_name(Path(path).stem + "_key.pdf"))
        title = self._graph.meta.get("title") or "Backpropagation exercise"
        try:
            exercises = variants(self._graph, dialog.count.value(), dialog.seed.text(),
                                 dialog.hide.currentData(), self._output())  # fmt: skip
            write_worksheets(exercises, title, path, key if dialog.answers.isChecked() else None)
        except (GraphError, OSError) as error:
            QMessageBox.warning(self.window, "Export Worksheet", f"Cannot export: {error}")
            return
        written = f"{path} and {key}" if dialog.answers.isChecked() else path
        self.window.say(f"Exported {written}")


class WorksheetDialog(QDialog):
    """How many variants, their seed, what to hide, and whether to write the key."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("worksheetDialog")
        self.setWindowTitle("Export Worksheet")
        form = QFormLayout(self)
        self.count = QSpinBox(objectName="worksheetCount", minimum=1, maximum=200, value=1)
        self.seed = QLineEdit("0", objectName="worksheetSeed")
        self.seed.setToolTip("The same seed gives the same numbers on the sheets")
        self.hide = QComboBox(objectName="worksheetHide")
        for key in SHEET_HIDES:
            self.hide.addItem(HIDE[key].capitalize(), key)
        self.hide.setCurrentIndex(SHEET_HIDES.index("both"))
        self.answers = QCheckBox("Also write the answer key (…_key.pdf)", objectName="worksheetKey")
        self.answers.setChecked(True)
        form.addRow("Pages (variants)", self.count)
        form.addRow("Seed", self.seed)
        form.addRow("Hide", self.hide)
        form.addRow(self.answers)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
