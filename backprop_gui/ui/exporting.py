"""File › Export Image (PNG at 1× or 2×, SVG) and File › Export Code (Python, PyTorch).

:func:`render_image` draws the graph as the canvas shows it — gradient colours, edge
labels and the colour bar legend — into a PNG or an SVG file; the ``render`` command
uses it headless.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QRectF, QSize
from PySide6.QtGui import QAction, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from ..core import Graph, GraphError
from ..core.evaluation import BACKWARD
from ..core.exports import export_text, write_export
from . import theme
from .canvas.legend import GradientLegend
from .canvas.painter import FramePainter
from .canvas.scene import GraphScene
from .document import GraphDocument
from .theme import apply_theme

if TYPE_CHECKING:
    from .main_window import MainWindow

MARGIN = 40.0  # scene units around the graph
LEGEND_GAP = 12  # pixels around the legend
PNG, PNG_2X, SVG = "PNG image (*.png)", "PNG image at 2× resolution (*.png)", "SVG drawing (*.svg)"
# File › Export Code: menu text -> (format in exports.FORMATS, file filter, file ending)
CODE = {
    "Python": ("python", "Python file (*.py)", ".py"),
    "PyTorch": ("pytorch", "Python file (*.py)", "_torch.py"),
}


def render_image(
    scene, path: str, scale: float = 1.0, legend: GradientLegend | None = None
) -> None:
    """Write the scene's content to PNG or SVG, with ``legend`` (if shown) in a strip below.

    Raises OSError when the file cannot be written.
    """
    scene.place_pending_labels()  # right after a pass, the labels have no place yet
    layout = _Layout(scene.content_rect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN), scale, legend)
    selected = scene.selectedItems()
    scene.clearSelection()  # an export shows the graph, not the selection
    try:
        if path.lower().endswith(".svg"):
            _write_svg(scene, path, layout)
        else:
            _write_png(scene, path, layout)
    finally:
        for item in selected:
            item.setSelected(True)


class _Layout:
    """Where the graph and the legend go in the exported picture (in its pixels)."""

    def __init__(self, source: QRectF, scale: float, legend: GradientLegend | None):
        self.source, self.scale = source, scale
        self.legend = legend if legend is not None and not legend.isHidden() else None
        self.graph = QRectF(0, 0, source.width() * scale, source.height() * scale)
        width, height = self.graph.width(), self.graph.height()
        if self.legend is not None:
            width = max(width, (self.legend.width() + 2 * LEGEND_GAP) * scale)
            height += (self.legend.height() + LEGEND_GAP) * scale
        self.size = QSize(round(width), round(height))

    def legend_corner(self) -> QPoint:
        """The legend's top-left corner, in unscaled pixels: right-aligned below the graph."""
        right = self.size.width() / self.scale - LEGEND_GAP
        return QPoint(round(right - self.legend.width()), round(self.graph.height() / self.scale))


def render_graph(graph: Graph, out: str, output: str | None = None) -> None:
    """Draw ``graph`` after both passes into ``out`` (headless).

    Only the document, its scene, the painter and the legend are made: no window, so
    nothing of the person's settings (recent files, geometry) is read or written.
    """
    app = QApplication.instance() or QApplication(["backprop-gui"])
    apply_theme(app)
    document = GraphDocument(graph)
    if output is not None:
        document.graph.set_output(output)
    scene = GraphScene(document)
    host = QWidget()  # the legend's parent, unshown (the canvas's viewport in the window)
    painter = FramePainter(scene, document, host)
    document.evaluation.run(BACKWARD)
    render_image(scene, out, legend=painter.legend)


def _write_png(scene, path: str, layout: _Layout) -> None:
    image = QImage(layout.size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(theme.CANVAS)
    painter = QPainter(image)
    _paint(painter, scene, layout)
    painter.end()
    if not image.save(path, "PNG"):
        raise OSError(f"cannot write {path}")


def _write_svg(scene, path: str, layout: _Layout) -> None:
    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(layout.size)
    generator.setViewBox(QRectF(0, 0, layout.size.width(), layout.size.height()))
    generator.setTitle(scene.document.graph.meta.get("title", "backprop-gui graph"))
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"cannot write {path}")
    painter.fillRect(QRectF(0, 0, layout.size.width(), layout.size.height()), theme.CANVAS)
    _paint(painter, scene, layout)
    painter.end()


def _paint(painter: QPainter, scene, layout: _Layout) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, layout.graph, layout.source)
    if layout.legend is not None:
        painter.save()
        painter.scale(layout.scale, layout.scale)
        layout.legend.render_as_picture(painter, layout.legend_corner())
        painter.restore()


class Exporting(QObject):
    """Export Image and Export Code: ``image_action`` and ``code_actions`` (one per
    language), which the window puts in its File menu."""

    def __init__(self, window: MainWindow, legend: GradientLegend):
        super().__init__(window)
        self.window = window
        self.legend = legend
        self.image_action = QAction("Export &Image…", window)
        self.image_action.setObjectName("actionExportImage")
        self.image_action.setStatusTip("Save the coloured canvas with its legend as PNG or SVG")
        self.image_action.triggered.connect(self.export_image)
        self.code_actions = []
        for language in CODE:
            action = QAction(f"{language}…", window)
            action.setObjectName(f"actionExport{language}")
            action.triggered.connect(lambda _checked=False, lang=language: self.export_code(lang))
            self.code_actions.append(action)

    def suggested(self, ending: str) -> str:
        """The document's path with ``ending`` for its extensions: "a.bpg.json" -> "a.png"."""
        path = self.window.document.path
        if not path:
            return f"graph{ending}"
        name = Path(path).name.split(".")[0]
        return str(Path(path).with_name(name + ending))

    def export_image(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self.window, "Export Image", self.suggested(".png"), ";;".join([PNG, PNG_2X, SVG])
        )
        if not path:
            return
        if chosen == SVG and not path.lower().endswith(".svg"):
            path += ".svg"
        elif chosen != SVG and not path.lower().endswith((".png", ".svg")):
            path += ".png"
        try:
            render_image(self.window.scene, path, 2.0 if chosen == PNG_2X else 1.0, self.legend)
        except OSError as error:
            QMessageBox.warning(self.window, "Export Image", str(error))
            return
        self.window.say(f"Exported {path}")

    def export_code(self, language: str) -> None:
        to, file_filter, ending = CODE[language]
        try:
            text = export_text(self.window.document.graph, to)
        except GraphError as error:
            QMessageBox.warning(self.window, f"Export {language}", str(error))
            return
        path, _ = QFileDialog.getSaveFileName(
            self.window, f"Export {language}", self.suggested(ending), file_filter
        )
        if not path:
            return
        try:
            write_export(text, path)
        except OSError as error:
            QMessageBox.warning(self.window, f"Export {language}", f"cannot write {path}: {error}")
            return
        self.window.say(f"Exported {path}")
