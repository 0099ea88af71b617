"""The app's look: colours, fonts, sizes and the widget style sheet, in one place."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

# ------------------------------------------------------------------ canvas colours

CANVAS = QColor("#f4f5f7")
GRID = QColor("#e3e6eb")
CARD = QColor("#ffffff")
CARD_BORDER = QColor("#c3c9d2")
TEXT = QColor("#1d2530")
TEXT_LIGHT = QColor("#ffffff")
MUTED = QColor("#6b7480")
SELECTION = QColor("#2563eb")
HIGHLIGHT = QColor("#f59e0b")  # the step-through's current node or edge
WARNING = QColor("#d92d20")
EDGE = QColor("#8c96a3")
ACCEPT = QColor("#16a34a")  # a port that would take the wire being dragged
OUTPUT_BADGE = QColor("#1d2530")

# The kind of a node shows in its header strip and port shape, never in its body.
KIND_COLORS = {
    "input": QColor("#0d9488"),
    "constant": QColor("#7c8798"),
    "op": QColor("#7c3aed"),
}

# --------------------------------------------------------------------- card sizes

CARD_WIDTH = 120.0
CARD_HEIGHT = 72.0
HEADER_HEIGHT = 18.0
CARD_RADIUS = 8.0
PORT_RADIUS = 5.0
GRID_STEP = 24.0


# -------------------------------------------------------------------------- fonts


@cache
def ui_font(pixel_size: int, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font


@cache
def mono_font(pixel_size: int, bold: bool = False) -> QFont:
    """A tabular font for numbers, so that digits line up."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font


def text_color_on(fill: QColor) -> QColor:
    """Dark text on a light fill, white text on a dark one (by relative luminance)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in (fill.redF(), fill.greenF(), fill.blueF()))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return TEXT_LIGHT if luminance < 0.36 else TEXT


# ------------------------------------------------------------------ the widgets

STYLE_SHEET = """
QMainWindow::separator { background: #dfe3e8; width: 1px; height: 1px; }
QDockWidget { font-weight: 600; }
QDockWidget::title { padding: 6px 8px; background: #eceef2; border-bottom: 1px solid #dfe3e8; }
QToolBar { background: #f9fafb; border-bottom: 1px solid #dfe3e8; spacing: 4px; padding: 3px; }
QToolBar QToolButton { padding: 4px 8px; border-radius: 5px; }
QToolBar QToolButton:hover { background: #e6e9ee; }
QToolBar QToolButton:checked { background: #dbe6fe; }
QStatusBar { background: #f9fafb; border-top: 1px solid #dfe3e8; }
QTreeWidget, QListWidget { border: none; background: #ffffff; }
QTreeWidget::item, QListWidget::item { padding: 4px 2px; }
QMenu { background: #ffffff; border: 1px solid #cfd4db; padding: 4px 0; }
QMenu::item { padding: 5px 28px 5px 26px; }
QMenu::item:selected { background: #e7eefc; color: #1d2530; }
QMenu::item:disabled { color: #9aa1ab; }
QMenu::separator { height: 1px; background: #e3e6eb; margin: 4px 10px; }
QToolTip { background: #ffffff; color: #1d2530; border: 1px solid #c3c9d2; padding: 4px 6px; }
QLineEdit, QComboBox { padding: 3px 6px; border: 1px solid #c9ced6; border-radius: 5px;
                       background: #ffffff; }
QLineEdit:focus, QComboBox:focus { border-color: #2563eb; }
QLineEdit[invalid="true"] { border-color: #d92d20; background: #fff5f5; }
#nodeSearch { background: #ffffff; border: 1px solid #c3c9d2; border-radius: 8px; }
#nodeSearch QLineEdit { border: none; border-bottom: 1px solid #e3e6eb; border-radius: 0;
                        padding: 6px 8px; }
"""


def apply_theme(app: QApplication) -> None:
    """Fusion with a light palette and the style sheet above."""
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#f4f5f7",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f7f8fa",
        QPalette.ColorRole.Button: "#f4f5f7",
        QPalette.ColorRole.Text: "#1d2530",
        QPalette.ColorRole.WindowText: "#1d2530",
        QPalette.ColorRole.ButtonText: "#1d2530",
        QPalette.ColorRole.Highlight: "#2563eb",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1d2530",
        QPalette.ColorRole.PlaceholderText: "#8b939e",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET)
