"""The view: zoom on the wheel around the cursor, pan, fit, and many painted frames."""

from __future__ import annotations

import random

from editor_helpers import render, view_point
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from backprop_gui.core import Graph
from backprop_gui.ui.canvas.view import MAX_ZOOM, MIN_ZOOM, READABLE_ZOOM


def wheel(window, at: QPoint, clicks: float) -> None:
    viewport = window.canvas.viewport()
    event = QWheelEvent(
        QPointF(at), QPointF(viewport.mapToGlobal(at)), QPoint(), QPoint(0, int(120 * clicks)),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(viewport, event)


def test_the_wheel_zooms_around_the_cursor(window):
    view = window.canvas
    at = QPoint(300, 200)
    under = view.mapToScene(at)
    wheel(window, at, 2)
    assert view.zoom() > 1.2
    after = view.mapToScene(at)
    assert abs(after.x() - under.x()) < 2 and abs(after.y() - under.y()) < 2


def test_zoom_stays_within_its_limits(window):
    view = window.canvas
    for _ in range(40):
        wheel(window, QPoint(100, 100), 3)
    assert view.zoom() == MAX_ZOOM
    for _ in range(80):
        wheel(window, QPoint(100, 100), -3)
    assert abs(view.zoom() - MIN_ZOOM) < 1e-9


def test_the_middle_button_pans(window):
    view = window.canvas
    viewport = view.viewport()
    before = view.mapToScene(QPoint(0, 0))
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(400, 300))
    QTest.mouseMove(viewport, QPoint(460, 340))
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(460, 340))
    after = view.mapToScene(QPoint(0, 0))
    assert abs((before.x() - after.x()) - 60) <= 1 and abs((before.y() - after.y()) - 40) <= 1
    assert window.document.undo_stack.count() == 0


def test_space_and_drag_pans_instead_of_selecting(window):
    view = window.canvas
    viewport = view.viewport()
    view.setFocus()
    before = view.mapToScene(QPoint(0, 0))
    QTest.keyPress(view, Qt.Key.Key_Space)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    QTest.mouseMove(viewport, QPoint(350, 300))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(350, 300))
    QTest.keyRelease(view, Qt.Key.Key_Space)
    after = view.mapToScene(QPoint(0, 0))
    assert abs((after.x() - before.x()) - 50) <= 1
    assert not window.scene.selectedItems()


def visible_rect(view):
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_f_fits_the_whole_graph_in_view(window):
    window.resize(1600, 1000)
    view = window.canvas
    view.scale(0.2, 0.2)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_F)
    assert visible_rect(view).contains(window.scene.content_rect())
    assert view.zoom() >= READABLE_ZOOM


def test_a_graph_too_big_to_read_whole_is_fitted_around_its_output(window):
    window.resize(1000, 700)
    view = window.canvas
    QTest.keyClick(view, Qt.Key.Key_F)
    assert view.zoom() == READABLE_ZOOM  # not smaller: the numbers stay readable
    assert not visible_rect(view).contains(window.scene.content_rect())
    output = window.scene.node_item(window.document.evaluation.output)
    assert visible_rect(view).contains(output.sceneBoundingRect())
    assert window.scene.content_rect().contains(visible_rect(view).center())


def test_the_view_refits_on_resize_until_the_person_zooms(window, qtbot):
    view = window.canvas
    QTest.keyClick(view, Qt.Key.Key_F)
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: visible_rect(view).contains(window.scene.content_rect()))
    fitted = view.zoom()
    wheel(window, QPoint(200, 200), 1)
    zoomed = view.zoom()
    assert zoomed != fitted
    window.resize(1300, 900)
    qtbot.wait(20)
    assert view.zoom() == zoomed


def test_ctrl_0_centres_the_graph_above_the_legend(window, qtbot):
    window.resize(1600, 1000)
    qtbot.wait(1)
    view = window.canvas
    view.translate_by(QPointF(500, 300))
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    port = view.viewport().rect().adjusted(0, 0, 0, -view.bottom_overlay)
    centre = view.mapToScene(port).boundingRect().center()
    content = window.scene.content_rect()
    assert abs(centre.x() - content.center().x()) < 2
    assert abs(centre.y() - content.center().y()) < 2


def test_a_result_colours_the_card_body(window):
    item = window.scene.node_item("exp")
    point = view_point(window, item.scenePos() + QPointF(-40, 30))  # body, left of the texts
    assert render(window).pixelColor(point) == QColor("#ffffff")
    item.set_result(1.0, 0.25, QColor("#3b528b"), None, False)
    assert render(window).pixelColor(point) == QColor("#3b528b")
    item.clear_result()
    assert render(window).pixelColor(point) == QColor("#ffffff")


def big_graph(count: int) -> Graph:
    graph = Graph()
    rng = random.Random(7)
    for index in range(count):
        column, row = divmod(index, 40)
        if column == 0:
            graph.add_node("input", id=f"n{index}", value=1.0, pos=(0, row * 90))
        else:
            node = graph.add_node("op", id=f"n{index}", op="add", pos=(column * 180, row * 90))
            graph.connect(f"n{index - 40}", node, 0)
            graph.connect(f"n{rng.randrange(40 * (column - 1), 40 * column)}", node, 1)
    return graph


def test_many_frames_paint_while_zooming_and_moving(window, qtbot):
    """Paints dozens of frames of a big graph, at every level of detail, with results
    and a selection, while zooming and moving: a Qt build that breaks while painting
    (e.g. none_dealloc) fails here."""
    window.document.replace_graph(big_graph(600), None)
    view, scene = window.canvas, window.scene
    for index, item in enumerate(scene.node_items()):
        item.set_result(
            float(index), 0.5, QColor.fromHsv(index % 360, 160, 220), None, index % 3 == 0
        )
    for edge in list(scene.edge_items())[::7]:
        edge.set_result(0.5, 0.25, QColor("#e4572e"), 3.0)
    scene.node_item("n45").set_highlighted(True)
    scene.node_item("n46").set_output_marker(True)
    scene.select_nodes(["n41", "n42"])
    view.fit_to_view()
    for frame in range(60):
        view.zoom_by(1.12 if frame < 30 else 1 / 1.12, QPoint(300, 250))
        scene.node_item("n41").moveBy(3, 2)
        assert not view.grab().isNull()
    assert len(scene.node_item("n41").edge_items()) > 0


def test_far_out_a_card_is_a_plain_block_without_text(window):
    """Level of detail: a card a few pixels wide is one flat fill, no text drawn."""
    view = window.canvas
    view.resetTransform()
    view.scale(0.15, 0.15)
    view.centerOn(window.scene.node_item("exp").scenePos())
    image = render(window)
    centre = view_point(window, window.scene.node_item("exp").scenePos())
    colours = {
        image.pixelColor(centre.x() + dx, centre.y() + dy).name()
        for dx in range(-6, 7)
        for dy in range(-3, 4)
    }
    assert colours == {QColor("#ffffff").name()}
    view.resetTransform()
    view.centerOn(window.scene.node_item("exp").scenePos())
    image = render(window)
    centre = view_point(window, window.scene.node_item("exp").scenePos())
    near = {image.pixelColor(centre.x() + dx, centre.y() + dy).name() for dx in range(-20, 21)
            for dy in range(-8, 9)}  # fmt: skip
    assert len(near) > 2  # at full size the title is drawn there
