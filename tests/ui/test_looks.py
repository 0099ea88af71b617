"""Dark theme, presentation mode, the Help menu, View › Welcome and the toolbar at
1000 pixels, driven through the window's real actions."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from editor_helpers import render, view_point
from PySide6.QtCore import QPointF
from PySide6.QtGui import QAction, QColor, QFontMetricsF
from PySide6.QtWidgets import QApplication, QComboBox, QDockWidget, QTextBrowser

from backprop_gui import __version__
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.ui import theme
from backprop_gui.ui.canvas.edge_item import LABEL_PADDING, LABEL_PIXELS
from backprop_gui.ui.canvas.edge_labels import obstacles
from backprop_gui.ui.canvas.node_item import CARD_RECT, NUMBER_SIZE, WORD_SIZE
from backprop_gui.ui.canvas.view import READABLE_PIXELS
from backprop_gui.ui.colors import NO_GRADIENT
from backprop_gui.ui.looks import PRESENTATION_PIXELS

EXAMPLES = sorted(path.name for path in EXAMPLES_DIR.glob("*.bpg.json"))


@pytest.fixture(autouse=True)
def _light_again():
    yield
    theme.apply_theme(QApplication.instance(), dark=False, presentation=False)


def trigger(window, name: str) -> None:
    window.findChild(QAction, name).trigger()


def luminance(color) -> float:
    return 0.2126 * color.redF() + 0.7152 * color.greenF() + 0.0722 * color.blueF()


def canvas_color(window):
    corner = window.canvas.viewport().rect().topLeft() + QPointF(3, 3).toPoint()
    return render(window).pixelColor(corner)


def test_the_dark_theme_toggle_darkens_widgets_and_canvas_and_is_remembered(window, qtbot):
    assert luminance(canvas_color(window)) > 0.8
    trigger(window, "actionDarkTheme")
    assert theme.Look.dark
    assert luminance(canvas_color(window)) < 0.2
    assert luminance(QApplication.palette().window().color()) < 0.2
    assert window.looks.settings.value("view/dark") == "true"
    assert all(luminance(c) < 0.2 for c in plot_backgrounds(window))
    trigger(window, "actionDarkTheme")
    assert luminance(canvas_color(window)) > 0.8
    assert all(luminance(c) > 0.8 for c in plot_backgrounds(window))


def plot_backgrounds(window) -> list:
    """The background of every plot in the window (training, function plot, flow), drawn."""
    plots = window.findChildren(pg.PlotWidget)
    assert len(plots) >= 4
    return [plot.grab().toImage().pixelColor(2, 2) for plot in plots]


@pytest.mark.parametrize("dark", [False, True])
def test_gradient_colours_stay_distinguishable(window, qtbot, dark):
    window.looks.dark_action.setChecked(dark)
    window.resize(1600, 1000)
    assert window.open_path(str(EXAMPLES_DIR / "fanout.bpg.json"))
    qtbot.wait(1)
    trigger(window, "actionBackward")
    image = render(window)
    fills = {}
    for node_id in ("x", "y", "z", "T"):
        item = window.scene.node_item(node_id)
        fills[node_id] = image.pixelColor(view_point(window, item.scenePos() + QPointF(-50, 30)))
    grads = window.document.evaluation.result.grads
    smallest, largest = min(fills, key=grads.get), max(fills, key=grads.get)
    assert abs(luminance(fills[smallest]) - luminance(fills[largest])) > 0.5
    background = canvas_color(window)
    for fill in fills.values():  # a card never melts into the canvas
        assert fill != background and fill != NO_GRADIENT


def test_presentation_mode_shows_only_the_step_panel_in_large_type_and_undoes(window, qtbot):
    docks = {d.objectName(): d for d in window.findChildren(QDockWidget)}
    open_before = {name for name, dock in docks.items() if dock.isVisible()}
    font_before = QApplication.font().pointSizeF()
    trigger(window, "actionPresentation")
    qtbot.wait(1)
    assert {name for name, dock in docks.items() if dock.isVisible()} == {"stepPanel"}
    assert QApplication.font().pointSizeF() > 1.3 * font_before
    assert window.canvas.zoom() * NUMBER_SIZE >= PRESENTATION_PIXELS - 1e-6
    trigger(window, "actionPresentation")
    qtbot.wait(1)
    assert {name for name, dock in docks.items() if dock.isVisible()} == open_before
    assert QApplication.font().pointSizeF() == font_before


def test_edge_labels_grow_with_the_cards_in_presentation_mode(window, qtbot):
    assert window.open_path(str(EXAMPLES_DIR / "mlp.bpg.json"))
    trigger(window, "actionPresentation")
    window.showNormal()  # offscreen "full screen" is the whole virtual screen
    window.resize(1280, 800)
    trigger(window, "actionBackward")
    window.canvas.fit_to_view()
    qtbot.wait(1)
    fonts = [e.shown().label_font for e in window.scene.edge_items() if e.shown().label]
    assert fonts
    growth = PRESENTATION_PIXELS / READABLE_PIXELS  # of the cards' numbers' least size
    for font in fonts:
        assert window.canvas.zoom() * font.pixelSize() >= LABEL_PIXELS * growth


@pytest.mark.parametrize("look", ["actionDarkTheme", "actionPresentation"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_dark_and_presentation_draw_no_text_over_other_text(window, qtbot, name, look):
    """Every label's place is clear of the cards, ports and other labels; every card line
    fits beside the port names; and in the rendered pixels each label's pill shows its
    own background at both ends, so no stroke, card or text is drawn over it."""
    trigger(window, look)
    assert window.open_path(str(EXAMPLES_DIR / name))
    qtbot.wait(1)
    trigger(window, "actionBackward")
    qtbot.wait(1)
    labels = [e.shown().label_rect for e in window.scene.edge_items() if e.shown().label]
    walls = [rect for item in window.scene.node_items() for rect in obstacles(item)]
    for index, rect in enumerate(labels):
        assert not any(rect.intersects(other) for other in labels[index + 1 :])
        assert not any(rect.intersects(wall) for wall in walls)
    number_font, word_font = theme.mono_font(NUMBER_SIZE, bold=True), theme.ui_font(WORD_SIZE)
    for item in window.scene.node_items():
        for line in item.shown().lines:
            word, _, number = line.rpartition(" ")  # a long number drops its word
            width = QFontMetricsF(word_font).horizontalAdvance(word) + 4 if word else 0
            width += QFontMetricsF(number_font).horizontalAdvance(number)
            assert width <= CARD_RECT.width() - 2 * 12, line  # clear of the port names
    image, shown = render(window), window.canvas.viewport().rect()
    inside = LABEL_PADDING[0] * 0.6  # between the pill's outline and its text
    checked = 0
    for rect in labels:
        ends = (rect.topLeft() + QPointF(inside, 0), rect.topRight() - QPointF(inside, 0))
        points = [view_point(window, p + QPointF(0, rect.height() / 2)) for p in ends]
        if all(shown.contains(p) for p in points):
            checked += 1
            for point in points:
                assert close(image.pixelColor(point), theme.CARD), (name, rect)
    assert checked or not labels


def close(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) < 40


def test_help_pages_list_the_shortcuts_explain_the_canvas_and_say_version_and_licence(window):
    pages = {}
    for name in ("actionShortcuts", "actionReadingGuide", "actionAbout"):
        trigger(window, name)
        pages[name] = window.help.dialog.findChild(QTextBrowser, "helpText").toPlainText()
        window.help.dialog.close()
    assert "Backward" in pages["actionShortcuts"] and "F6" in pages["actionShortcuts"]
    assert "grad" in pages["actionReadingGuide"] and "value" in pages["actionReadingGuide"]
    assert __version__ in pages["actionAbout"] and "MIT" in pages["actionAbout"]


def test_view_welcome_reopens_the_welcome_page(window, qtbot):
    welcome = window.findChild(QDockWidget, "welcome")
    welcome.close()
    assert not welcome.isVisible()
    welcome.toggleViewAction().trigger()
    assert welcome.isVisible()
    assert welcome.toggleViewAction() in window.view_menu.actions()


def test_at_1000_pixels_every_toolbar_action_and_the_replace_selector_are_shown(window, qtbot):
    window.resize(1000, 700)
    qtbot.wait(1)
    bar = window.toolbar
    for action in bar.actions():
        if not action.isSeparator():
            button = bar.widgetForAction(action)
            assert button.isVisible(), action.text()
            assert bar.rect().contains(button.geometry()), action.text()
    selector = window.findChild(QComboBox, "replaceMode") or window.expression_tools.bar.findChild(
        QComboBox
    )
    assert selector.isVisible()
    assert selector.width() >= selector.sizeHint().width()
    right = selector.mapTo(window, selector.rect().topRight()).x()
    assert right <= window.width()
