"""Training in the window, through the Train dock's real widgets: Step by the
optimizer's rule, Play/Pause as one undo step, Reset, Randomize, the options, the
plots and the update shown on the cards."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar

from backprop_gui.core import Trainer, TrainingOptions, loads
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.core.fileformat import dumps
from backprop_gui.core.naming import node_name
from backprop_gui.ui import theme
from backprop_gui.ui.canvas.update_badges import badge_of


def open_example(window, name: str):
    assert window.files.open_path(str(EXAMPLES_DIR / f"{name}.bpg.json"), as_untitled=True)
    return window.training.panel


def parameters(window) -> dict[str, float]:
    graph = window.document.graph
    return {n.id: n.value for n in graph.nodes() if n.trainable}


def click(button) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def core_trainer(window) -> Trainer:
    """A Trainer on a copy of the window's graph, as the command line would train it."""
    return Trainer(loads(dumps(window.document.graph)))


def test_step_changes_the_parameters_by_the_optimizers_rule(window):
    panel = open_example(window, "fit_line")
    expected = core_trainer(window).step()
    lr = window.document.graph.training.resolved().lr
    click(panel.step_button)
    assert parameters(window) == expected.after
    for name, value in expected.after.items():
        assert value == pytest.approx(expected.before[name] - lr * expected.gradients[name])
    assert window.document.undo_stack.undoText() == "Training step (1 update)"
    assert panel.status.text().startswith("epoch 1 · update 1")


def test_each_parameter_card_shows_its_update_with_numbers(window):
    open_example(window, "fit_line")
    click(window.training.panel.step_button)
    update = window.document.evaluation.training.last
    (parameter, *_) = update.before
    (line,) = badge_of(window.scene, parameter).shown()
    title = node_name(window.document.graph, parameter)
    assert line.startswith(f"{title} ← ") and " − " in line
    card = window.scene.node_item(parameter).shown()
    assert card.lines[-1].startswith("grad ")  # the gradient the rule uses, coloured by it
    assert card.fill != window.scene.node_item("y").shown().fill


def test_adam_steps_match_the_core_and_momentum_badges_show_the_velocity(window):
    panel = open_example(window, "fit_line")
    panel.options.optimizer.setFocus()
    QTest.keyClick(panel.options.optimizer, Qt.Key.Key_Down)  # sgd -> momentum
    assert window.document.graph.training.optimizer == "momentum"
    trainer = core_trainer(window)
    expected = [trainer.step(), trainer.step()]
    click(panel.step_button)
    click(panel.step_button)
    assert parameters(window) == expected[-1].after
    parameter = next(iter(expected[-1].before))
    assert any(line.startswith("v = 0.9 · v") for line in badge_of(window.scene, parameter).shown())


def test_play_then_pause_is_one_undo_step_that_puts_the_parameters_back(window, qtbot):
    panel = open_example(window, "xor")
    panel.options.epochs.setValue(100_000)
    panel.options.epochs.editingFinished.emit()
    start = parameters(window)
    stack = window.document.undo_stack
    before = stack.count()
    click(panel.play_button)
    assert panel.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: window.document.evaluation.training.trainer.updates >= 30)
    click(panel.play_button)
    assert panel.play_button.text() == "Play" and not window.training.control.playing
    trained = parameters(window)
    assert trained == window.document.evaluation.training.trainer.values != start
    assert stack.count() == before + 1
    stack.undo()
    assert parameters(window) == start
    stack.redo()
    assert parameters(window) == trained


def test_play_stops_at_the_epochs_asked_for(window, qtbot):
    panel = open_example(window, "fit_line")
    panel.options.epochs.setValue(3)
    panel.options.epochs.editingFinished.emit()
    click(panel.play_button)
    qtbot.waitUntil(lambda: not window.training.control.playing)
    trainer = Trainer(loads(dumps(window.document.graph)))  # after the options changed
    assert window.document.evaluation.training.trainer.epoch == 3
    assert "Trained to epoch 3" in window.statusBar().currentMessage()
    assert trainer.options.epochs == 3


def test_reset_puts_the_parameters_back_to_where_training_began(window):
    panel = open_example(window, "fit_line")
    start = parameters(window)
    for _ in range(3):
        click(panel.step_button)
    assert parameters(window) != start
    click(panel.reset_button)
    assert parameters(window) == start
    click(panel.step_button)  # a fresh start: the same first update again
    assert parameters(window) == core_trainer_from(start, window).step().after
    window.document.undo_stack.undo()  # undo the step, then the reset
    window.document.undo_stack.undo()
    assert parameters(window) != start


def core_trainer_from(values: dict, window) -> Trainer:
    graph = loads(dumps(window.document.graph))
    for node_id, value in values.items():
        graph.set_value(node_id, value)
    return Trainer(graph)


def test_randomize_draws_the_parameters_from_the_seed(window):
    panel = open_example(window, "xor")
    panel.seed.setValue(7)
    expected = core_trainer(window)
    expected.randomize(7)
    click(panel.randomize_button)
    assert parameters(window) == expected.values
    assert panel.seed.value() == 8
    window.document.undo_stack.undo()
    assert parameters(window) != expected.values


def test_the_learning_rate_typed_or_slid_is_one_undo_step(window):
    panel = open_example(window, "fit_line")
    options = panel.options
    options.lr_field.selectAll()
    QTest.keyClicks(options.lr_field, "0.05")
    QTest.keyClick(options.lr_field, Qt.Key.Key_Return)
    assert window.document.graph.training.lr == 0.05
    assert options.lr_slider.value() == round(-1.30103 * 20)
    options.lr_slider.setFocus()
    QTest.keyClick(options.lr_slider, Qt.Key.Key_PageUp)  # a decade up, at once
    assert window.document.graph.training.lr == 0.5
    window.document.undo_stack.undo()
    assert window.document.graph.training.lr == 0.05
    assert options.lr_field.text() == "0.05"


def test_a_bad_learning_rate_is_refused_with_a_message(window):
    panel = open_example(window, "fit_line")
    before = window.document.graph.training
    panel.options.lr_field.selectAll()
    QTest.keyClicks(panel.options.lr_field, "-1")
    QTest.keyClick(panel.options.lr_field, Qt.Key.Key_Return)
    assert window.document.graph.training == before
    assert "not a learning rate" in window.statusBar().currentMessage()


def test_the_plots_receive_the_losses_and_the_model(window, qtbot):
    panel = open_example(window, "fit_line")
    plots = window.training.plots
    for _ in range(4):
        click(panel.step_button)
    plots.loss.redraw()
    xs, ys = plots.loss.per_update.getData()
    assert list(xs) == [1, 2, 3, 4] and ys[-1] < ys[0]
    assert len(plots.loss.per_epoch.getData()[0]) == 4  # one batch per epoch here
    plots.model.redraw()
    assert plots.model.kind == "curve"
    curve_x, curve_y = plots.model.curve.getData()
    assert len(curve_x) > 100 and plots.model.points.data.size == 30
    plots.loss.log_y.setFocus()
    QTest.keyClick(plots.loss.log_y, Qt.Key.Key_Space)
    assert plots.loss.plot.getPlotItem().getAxis("left").logMode


def test_two_input_columns_show_decision_regions(window):
    open_example(window, "two_moons")
    model = window.training.plots.model
    model.redraw()
    assert model.kind == "regions"
    assert model.image.image is not None and model.image.image.shape == (40, 40)
    assert 0.0 <= model.image.image.min() and model.image.image.max() <= 1.0


def test_training_without_parameters_says_why(window):
    open_example(window, "fit_line")
    graph = window.document.graph
    for node in list(graph.nodes()):
        if node.trainable:
            graph.set_trainable(node.id, False)
    click(window.training.panel.step_button)
    assert "nothing to train" in window.statusBar().currentMessage()


def test_a_diverging_run_stops_and_keeps_the_last_finite_values(window, qtbot):
    panel = open_example(window, "fit_line")
    window.document.graph.set_training(TrainingOptions(lr=50.0, epochs=10_000))
    click(panel.play_button)
    qtbot.waitUntil(lambda: not window.training.control.playing, timeout=10_000)
    assert "diverged" in window.statusBar().currentMessage()
    assert all(abs(v) < float("inf") for v in parameters(window).values())


def test_the_slow_speed_trains_no_faster_than_it_says(window, qtbot):
    panel = open_example(window, "xor")
    panel.speed.setFocus()
    QTest.keyClick(panel.speed, Qt.Key.Key_Home)  # 10 updates/s
    assert window.training.control.rate == 10
    start = time.perf_counter()
    click(panel.play_button)
    qtbot.wait(400)
    click(panel.play_button)
    elapsed = time.perf_counter() - start
    updates = window.document.evaluation.training.trainer.updates
    assert 1 <= updates <= 2 + 10 * elapsed


def test_opening_another_graph_while_playing_stops_training(window, qtbot):
    panel = open_example(window, "two_moons")
    click(panel.play_button)
    qtbot.waitUntil(lambda: window.document.evaluation.training.trainer.updates >= 3)
    window.document.undo_stack.setClean()  # opening asks nothing
    open_example(window, "fit_line")
    assert not window.training.control.playing and panel.play_button.text() == "Play"
    assert window.document.undo_stack.count() == 0
    click(panel.step_button)  # the new graph trains from its own values
    assert window.document.evaluation.training.trainer.updates == 1


def test_undoing_new_data_while_playing_stops_training_and_pushes_nothing(window, qtbot):
    panel = open_example(window, "two_moons")
    panel.data.seed.setValue(5)
    click(panel.data.generate)
    click(panel.play_button)
    qtbot.waitUntil(lambda: window.document.evaluation.training.trainer.updates >= 3)
    stack = window.document.undo_stack
    while stack.undoText().startswith("Training"):
        stack.undo()
    stack.undo()  # the new data
    assert not window.training.control.playing
    assert stack.canRedo()


def test_the_step_through_walks_one_update_and_makes_it_at_the_end(window):
    panel = open_example(window, "fit_line")
    trainer = core_trainer(window)
    first, second = trainer.step(), trainer.step()
    click(panel.step_button)  # a session is active from here
    assert parameters(window) == first.after
    step_panel = window.step_panel
    bar = step_panel.findChild(QToolBar)
    step_button = bar.widgetForAction(window.step_control.step_action)
    click(step_button)
    assert step_panel.position.text().startswith("The batch · step 1 of ")
    batches = trainer.updates_per_epoch
    batch = f"batch {1 % batches + 1} of {batches}: rows "
    assert step_panel.formula.text().replace("&nbsp;", " ").startswith(batch)
    assert "update&nbsp;2&nbsp;" in step_panel.local.text()
    walk = window.document.evaluation.stepping
    while not walk.at_end:
        assert parameters(window) == first.after  # walking changes nothing
        click(step_button)
    assert step_panel.position.text().startswith("The update · ")
    assert parameters(window) == second.after
    assert window.document.undo_stack.undoText() == "Training step (2 updates)"
    click(step_button)  # the next update's walk
    assert "update&nbsp;3&nbsp;" in step_panel.local.text()
    assert parameters(window) == second.after
    window.document.undo_stack.undo()
    assert parameters(window) == first.after
    assert window.document.evaluation.stepping is None  # the session ended, its walk too


def controls_cut_off(window) -> list[str]:
    """The Train dock's buttons whose right edge lies beyond the dock's visible width."""
    scroll = window.training.panel.widget()
    buttons = (window.training.panel.step_button, window.training.panel.randomize_button)
    return [
        button.text()
        for button in buttons
        if button.mapTo(scroll.viewport(), button.rect().topRight()).x() > scroll.viewport().width()
    ]


@pytest.mark.parametrize(("size", "stacked"), [((1280, 800), False), ((1000, 700), True)])
def test_the_train_dock_shows_every_control_at_a_laptop_width(window, qtbot, size, stacked):
    """Beside the plots the dock takes the width its two columns want; where the window
    is too narrow for that, the options stack above the data instead of being cut off."""
    window.resize(*size)
    open_example(window, "xor")
    panel = window.training.panel
    qtbot.waitUntil(panel.isVisible)
    QTest.qWait(50)
    assert controls_cut_off(window) == []
    options = panel.options.mapTo(panel, panel.options.rect().topLeft())
    table = panel.table.mapTo(panel, panel.table.rect().topLeft())
    if stacked:
        assert options.y() < table.y()  # the options above the data
    else:
        assert options.x() > table.x()  # beside it, on the right


@pytest.mark.parametrize("dark", [False, True])
def test_update_badges_are_legible_in_both_themes(window, dark):
    """The badge's box takes the theme's card colour and holds its whole text: the
    text's ink is far from the box's colour, and no ink touches the box's sides."""
    window.looks.dark_action.setChecked(dark)
    open_example(window, "fit_line")
    click(window.training.panel.step_button)
    update = window.document.evaluation.training.last
    badge = badge_of(window.scene, next(iter(update.before)))
    rect = badge.sceneBoundingRect()
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_RGB32)
    image.fill(theme.CANVAS)
    painter = QPainter(image)
    window.scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    middle = image.height() // 2
    box = image.pixelColor(2, middle)
    assert abs(luminance(box) - luminance(theme.CARD)) < 0.05
    row = [image.pixelColor(x, middle) for x in range(image.width())]
    ink = [x for x, color in enumerate(row) if abs(luminance(color) - luminance(box)) > 0.4]
    assert ink  # the text shows against its box
    assert min(ink) > 3 and max(ink) < image.width() - 4  # and stays inside it


def luminance(color: QColor) -> float:
    return 0.2126 * color.redF() + 0.7152 * color.greenF() + 0.0722 * color.blueF()
