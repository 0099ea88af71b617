"""The app's look: colours, fonts, sizes and the widget style sheet, in one place."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from ..core.gradient_colors import needs_light_text

# ------------------------------------------------------------------ canvas colours
# Each colour in the light and in the dark look; :func:`apply_theme` sets the module's
# names (CANVAS, CARD, …) to one of them, and everything reads them when it paints.

LOOKS = {
    #              light      dark
    "CANVAS":    ("#f4f5f7", "#181a1f"),
    "GRID":      ("#e3e6eb", "#23262d"),
    "CARD":      ("#ffffff", "#2a2e36"),
    "CARD_BORDER": ("#c3c9d2", "#4b525e"),
    "TEXT":      ("#1d2530", "#e8eaed"),
    "MUTED":     ("#6b7480", "#a3acb7"),
    "SELECTION": ("#2563eb", "#60a5fa"),
    "HIGHLIGHT": ("#f59e0b", "#fbbf24"),  # the step-through's current node or edge
    "WARNING":   ("#d92d20", "#f87171"),
    "EDGE":      ("#8c96a3", "#7f8a98"),
    "ACCEPT":    ("#16a34a", "#4ade80"),  # a port that would take the wire being dragged
    "OUTPUT_BADGE": ("#1d2530", "#e8eaed"),
}  # fmt: skip
# Presentation mode: stronger outlines and edges, for a projector.
PRESENTATION = {"CARD_BORDER": ("#6b7480", "#9aa3ad"), "EDGE": ("#4b5563", "#b8c0cc")}
DARK_INK, LIGHT_INK = QColor("#1d2530"), QColor("#ffffff")  # text on a coloured fill

# The kind of a node shows in its header strip and port shape, never in its body.
KIND_COLORS = {
    "input": QColor("#0d9488"),
    "constant": QColor("#7c8798"),
    "op": QColor("#7c3aed"),
}


class Look:
    """The look in force: dark or light, and whether presentation mode is on."""

    dark = False
    presentation = False
    scale = 1.0  # the widgets' type size, relative to the normal look


CANVAS = CARD = CARD_BORDER = TEXT = MUTED = SELECTION = QColor()
HIGHLIGHT = WARNING = EDGE = ACCEPT = OUTPUT_BADGE = GRID = QColor()


def _set_colours(dark: bool, presentation: bool) -> None:
    for name, pair in {**LOOKS, **(PRESENTATION if presentation else {})}.items():
        globals()[name] = QColor(pair[dark])


def kind_ink(kind: str) -> QColor:
    """The header text of a card of ``kind``: its colour, made to stand out on the card."""
    color = KIND_COLORS[kind]
    return color.lighter(150) if Look.dark else color.darker(130)


_set_colours(dark=False, presentation=False)


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
    return LIGHT_INK if needs_light_text(fill.redF(), fill.greenF(), fill.blueF()) else DARK_INK


# ------------------------------------------------------------------ the widgets

# The widgets' colours in each look: the palette's roles and the style sheet's names.
WIDGET_LOOKS = {
    #               light      dark
    "window":     ("#f4f5f7", "#1f2228"),
    "base":       ("#ffffff", "#262a31"),
    "alternate":  ("#f7f8fa", "#2b2f37"),
    "text":       ("#1d2530", "#e8eaed"),
    "muted":      ("#8b939e", "#8f98a3"),
    "disabled":   ("#9aa1ab", "#6b7380"),
    "accent":     ("#2563eb", "#60a5fa"),
    "line":       ("#dfe3e8", "#363b45"),
    "title":      ("#eceef2", "#2a2e36"),
    "bar":        ("#f9fafb", "#23262d"),
    "hover":      ("#e6e9ee", "#323741"),
    "checked":    ("#dbe6fe", "#27416b"),
    "border":     ("#c9ced6", "#4b525e"),
    "menu_hover": ("#e7eefc", "#27416b"),
    "invalid_bg": ("#fff5f5", "#3b2224"),
    "error":      ("#d92d20", "#f87171"),
}  # fmt: skip

STYLE_SHEET = """
QMainWindow::separator { background: $line; width: 1px; height: 1px; }
QDockWidget { font-weight: 600; }
QDockWidget::title { padding: 6px 8px; background: $title; border-bottom: 1px solid $line; }
QToolBar { background: $bar; border-bottom: 1px solid $line; spacing: 4px; padding: 3px; }
QToolBar QToolButton { padding: 4px 6px; border-radius: 5px; }
QToolBar QToolButton#qt_toolbar_ext_button { min-width: 18px; background: $hover; }
QToolBar QToolButton:hover { background: $hover; }
QToolBar QToolButton:checked { background: $checked; }
QStatusBar { background: $bar; border-top: 1px solid $line; }
QTreeWidget, QListWidget { border: none; background: $base; }
QTreeWidget::item, QListWidget::item { padding: 4px 2px; }
QMenu { background: $base; border: 1px solid $border; padding: 4px 0; }
QMenu::item { padding: 5px 28px 5px 26px; }
QMenu::item:selected { background: $menu_hover; color: $text; }
QMenu::item:disabled { color: $disabled; }
QMenu::separator { height: 1px; background: $line; margin: 4px 10px; }
QToolTip { background: $base; color: $text; border: 1px solid $border; padding: 4px 6px; }
QLineEdit, QComboBox { padding: 3px 6px; border: 1px solid $border; border-radius: 5px;
                       background: $base; color: $text; }
QLineEdit:focus, QComboBox:focus { border-color: $accent; }
QLineEdit[invalid="true"] { border-color: $error; background: $invalid_bg; }
#nodeSearch { background: $base; border: 1px solid $border; border-radius: 8px; }
#nodeSearch QLineEdit { border: none; border-bottom: 1px solid $line; border-radius: 0;
                        padding: 6px 8px; }
"""

PRESENTATION_SCALE = 1.4  # the widgets' type in presentation mode
_ROLES = {
    QPalette.ColorRole.Window: "window",
    QPalette.ColorRole.Base: "base",
    QPalette.ColorRole.AlternateBase: "alternate",
    QPalette.ColorRole.Button: "window",
    QPalette.ColorRole.Text: "text",
    QPalette.ColorRole.WindowText: "text",
    QPalette.ColorRole.ButtonText: "text",
    QPalette.ColorRole.Highlight: "accent",
    QPalette.ColorRole.HighlightedText: "base",
    QPalette.ColorRole.ToolTipBase: "base",
    QPalette.ColorRole.ToolTipText: "text",
    QPalette.ColorRole.PlaceholderText: "muted",
}


def system_prefers_dark(app: QApplication) -> bool:
    """Whether the desktop asks for a dark look (Qt's colour scheme hint)."""
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def widget_color(name: str) -> str:
    """One of WIDGET_LOOKS' colours in the look in force, as "#rrggbb"."""
    return WIDGET_LOOKS[name][Look.dark]


def apply_theme(app: QApplication, dark: bool | None = None, presentation: bool = False) -> None:
    """Fusion with the light or dark palette (None: as the system prefers), the style
    sheet, and in presentation mode larger type and stronger outlines."""
    if dark is None:
        dark = system_prefers_dark(app)
    Look.dark, Look.presentation = dark, presentation
    Look.scale = PRESENTATION_SCALE if presentation else 1.0
    _set_colours(dark, presentation)
    ui_font.cache_clear()
    app.setStyle("Fusion")
    palette = QPalette()
    for role, name in _ROLES.items():
        palette.setColor(role, QColor(widget_color(name)))
    for group in (QPalette.ColorGroup.Disabled,):
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                     QPalette.ColorRole.ButtonText):  # fmt: skip
            palette.setColor(group, role, QColor(widget_color("disabled")))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(_base_point_size(app) * Look.scale)
    app.setFont(font)
    sheet = STYLE_SHEET
    for name in sorted(WIDGET_LOOKS, key=len, reverse=True):
        sheet = sheet.replace(f"${name}", widget_color(name))
    app.setStyleSheet(sheet)


def _base_point_size(app: QApplication) -> float:
    """The application's type size in the normal look (remembered the first time)."""
    base = app.property("backpropBasePointSize")
    if base is None:
        base = app.font().pointSizeF()
        app.setProperty("backpropBasePointSize", base)
    return float(base)
