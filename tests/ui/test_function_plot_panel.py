"""The Function plot dock where the curve has no value: the marker stays draggable and
the title says why; a pole is a gap; the default range is the sweep's."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from backprop_gui.core import Graph, save
from backprop_gui.core.graph import Edge
from backprop_gui.core.numbers import format_number
from backprop_gui.core.sweep import default_range
from backprop_gui.ui.commands import RemoveCommand

LEFT = Qt.MouseButton.LeftButton
NO_KEYS = Qt.KeyboardModifier.NoModifier


def open_function(window, tmp_path, op: str, x: float):
    graph = Graph()
    graph.add_node("input", id="x", value=x)
    graph.add_node("op", id="f", op=op)
    graph.connect("x", "f", 0)
    path = tmp_path / f"{op}.bpg.json"
    save(graph, path)
    window.open_path(str(path))
    panel = window.understanding.plot
    panel.show()
    panel.raise_()
    return panel


def drag_marker(panel, x: float) -> None:
    """Press on the marker and drag it to x (at its own height), in five moves."""
    vb, viewport = panel.plot.getPlotItem().vb, panel.plot.viewport()
    start = panel.marker.pos()

    def point(data_x: float):
        return panel.plot.mapFromScene(vb.mapViewToScene(QPointF(data_x, start.y())))

    QTest.mousePress(viewport, LEFT, NO_KEYS, point(start.x()))
    for step in range(1, 6):
        QTest.mouseMove(viewport, point(start.x() + (x - start.x()) * step / 5))
    QTest.mouseRelease(viewport, LEFT, NO_KEYS, point(x))


def title(panel) -> str:
    """The plot's title as shown ("" when hidden)."""
    label = panel.plot.getPlotItem().titleLabel
    return label.text if label.isVisible() else ""


def test_a_marker_dragged_where_there_is_no_value_stays_and_can_come_back(window, qtbot, tmp_path):
    panel = open_function(window, tmp_path, "sqrt", 1.0)
    qtbot.waitUntil(lambda: panel.sweep is not None)
    assert title(panel) == "at 1: value 1, slope 0.5"
    drag_marker(panel, -1.0)
    x = window.document.graph.node("x").value
    assert x == pytest.approx(-1.0, abs=0.05)
    assert panel.marker.isVisible()
    assert panel.marker.pos().x() == pytest.approx(x)
    first_finite = panel.sweep.x[panel.sweep.x >= 0][0]  # the curve's end beside x
    assert panel.marker.pos().y() == pytest.approx(math.sqrt(first_finite))
    shown = format_number(x)
    assert title(panel) == f"at {shown}: no value (square root of a negative number: √({shown}))"
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a second drag, not a double click
    drag_marker(panel, 1.0)
    assert window.document.graph.node("x").value == pytest.approx(1.0, abs=0.05)
    assert title(panel).startswith("at 1")
    assert "slope" in title(panel)


def test_nothing_to_plot_leaves_no_stale_title(window, qtbot, tmp_path):
    panel = open_function(window, tmp_path, "sqrt", 1.0)
    qtbot.waitUntil(lambda: panel.sweep is not None)
    window.document.push(RemoveCommand(window.document, [], [Edge("x", "f", 0)]))
    assert panel.message.isVisible() and "Nothing to plot" in panel.message.text()
    assert not title(panel)
    assert not panel.marker.isVisible()


def test_the_default_range_is_the_sweeps_own(window, qtbot, tmp_path):
    """Widened at a huge value, where ± 3 could not tell the points apart."""
    panel = open_function(window, tmp_path, "sqrt", 1e17)
    qtbot.waitUntil(lambda: panel.sweep is not None)
    assert (panel.sweep.x[0], panel.sweep.x[-1]) == default_range(1e17)
    assert len(set(panel.sweep.x)) == len(panel.sweep.x)
