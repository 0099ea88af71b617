"""A seeded random sequence of user actions in the real window: no slot ever raises.

Each step is one thing a person does — add a node from the palette, drag a wire,
delete the selection, undo, redo, the Run actions, the expression bar, the output
box, a value typed in the inspector, New, an example — made through the widgets
(QTest mouse and keys, drops, the window's QActions). After every step the test
fails on any exception a slot or a Qt virtual raised (pytest-qt routes both through
``sys.excepthook``, captured here step by step), checks that the scene mirrors the
model, and that the pass status names only a node the graph has.
"""

from __future__ import annotations

import random
import re

import pytest
from editor_helpers import (
    assert_scene_mirrors_model,
    click,
    drag,
    key,
    node_center,
    port_pos,
    view_point,
)
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from backprop_gui.core import OPS, Graph
from backprop_gui.core.naming import node_name
from backprop_gui.ui import node_catalog

STEPS = 300
SEEDS = (1, 2)
EXPRESSIONS = ("x*x", "1/(1+exp(-x))", "tanh(w*x + b)", "y = a*b; z = y + a", "relu(x) - 2")
VALUES = ("0.5", "-2", "1e-3", "3", "-0.25", "1e308", "nonsense")
GRADIENTS_OF = re.compile(r"^Gradients of (.*?)(?: · live)?$")


@pytest.fixture
def discard_unsaved(monkeypatch):
    """New and Open ask before dropping unsaved changes: the person answers Discard."""
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *args, **kwargs: QMessageBox.StandardButton.Discard
    )


class Person:
    """Picks and makes one random action at a time in ``window``."""

    def __init__(self, window, seed: int):
        self.window = window
        self.rng = random.Random(seed)
        run, step = window.run_controls, window.step_control
        # name: (weight, action). Edits and passes often, New and examples now and then.
        self.actions = {
            "add from palette": (6, self.add_from_palette),
            "drag a wire": (8, self.drag_wire),
            "select and delete": (3, self.select_and_delete),
            "undo": (5, window.actions["undo"].trigger),
            "redo": (3, window.actions["redo"].trigger),
            "forward": (2, run.forward_action.trigger),
            "backward": (3, run.backward_action.trigger),
            "reset": (1, run.reset_action.trigger),
            "step": (3, step.step_action.trigger),
            "step back": (1, step.step_back_action.trigger),
            "toggle live": (1, run.live_action.trigger),
            "expression": (1, self.type_expression),
            "use as output": (2, self.toggle_output),
            "type a value": (2, self.type_value),
            "new": (0.3, window.actions["new"].trigger),
            "open an example": (0.5, self.open_example),
            "change an op": (1, self.change_op),
            "rename": (1, self.rename),
            "scrub a value": (1, self.scrub),
            "duplicate": (1, self.duplicate),
            "copy and paste": (1, self.copy_and_paste),
            "alt+click a port": (1, self.disconnect_port),
            "auto-layout": (0.5, lambda: key(window, Qt.Key.Key_L)),
        }
        # Every kind of action once, in a random order, before the weighted choices.
        self.first = self.rng.sample(list(self.actions), len(self.actions))

    def act(self) -> str:
        """Make one action; returns its name."""
        if self.first:
            name = self.first.pop()
        else:
            weights = [weight for weight, _action in self.actions.values()]
            name = self.rng.choices(list(self.actions), weights)[0]
        self.actions[name][1]()
        return name

    # ----------------------------------------------------------------- helpers

    @property
    def graph(self) -> Graph:
        return self.window.document.graph

    def some_node(self, kinds=("input", "constant", "op")) -> str | None:
        ids = [node.id for node in self.graph.nodes() if node.kind in kinds]
        return self.rng.choice(ids) if ids else None

    def bring_into_view(self, *points: QPointF) -> None:
        """Centre the view on the points unless they are all on screen already."""
        viewport = self.window.canvas.viewport().rect()
        if not all(viewport.contains(view_point(self.window, p)) for p in points):
            middle = sum(points, QPointF()) / len(points)
            self.window.canvas.centerOn(middle)

    def select(self, node_id: str) -> None:
        centre = node_center(self.window, node_id)
        self.bring_into_view(centre)
        click(self.window, centre)

    def select_some(self, kinds=("input", "constant", "op")) -> str | None:
        """Click a random node of one of ``kinds``; its id, or None if there is none."""
        node_id = self.some_node(kinds)
        if node_id is not None:
            self.select(node_id)
        return node_id

    # ----------------------------------------------------------------- actions

    def add_from_palette(self) -> None:
        """Drag an entry from the palette and drop it somewhere on the canvas."""
        entry = self.rng.choice(node_catalog.entries())
        data = node_catalog.mime_data(entry)
        viewport = self.window.canvas.viewport()
        width, height = viewport.width(), viewport.height()
        point = QPoint(
            int(width * self.rng.uniform(0.1, 0.9)), int(height * self.rng.uniform(0.1, 0.9))
        )
        copy, buttons = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
        plain = Qt.KeyboardModifier.NoModifier
        QApplication.sendEvent(viewport, QDragEnterEvent(point, copy, data, buttons, plain))
        QApplication.sendEvent(viewport, QDragMoveEvent(point, copy, data, buttons, plain))
        QApplication.sendEvent(viewport, QDropEvent(QPointF(point), copy, data, buttons, plain))

    def drag_wire(self) -> None:
        """From a node's output to an operand port of some op (refusals included)."""
        source, target = self.some_node(), self.some_node(("op",))
        if source is None or target is None:
            return
        start = port_pos(self.window, source, None)
        end = port_pos(
            self.window, target, self.rng.randrange(OPS[self.graph.node(target).op].arity)
        )
        self.bring_into_view(start, end)
        drag(self.window, start, end)
        self.window.scene.cancel_wire()  # a release off every port leaves a loose wire

    def select_and_delete(self) -> None:
        for _ in range(self.rng.randint(1, 3)):
            node_id = self.some_node()
            if node_id is not None:
                self.select(node_id)
        self.window.actions["delete"].trigger()

    def type_expression(self) -> None:
        tools = self.window.expression_tools
        tools.mode.setCurrentIndex(self.rng.randrange(2))
        type_into(tools.field, self.rng.choice(EXPRESSIONS))

    def toggle_output(self) -> None:
        """Select a node and click its "use as output" box in the inspector."""
        box = self.window.output_chooser.box
        if self.select_some() and box.isVisibleTo(self.window.inspector):
            box.click()

    def type_value(self) -> None:
        if self.select_some(("input", "constant")):
            type_into(self.window.inspector.value_field, self.rng.choice(VALUES))

    def open_example(self) -> None:
        actions = self.window.examples_menu.actions()
        self.rng.choice(actions).trigger()

    def change_op(self) -> None:
        """Choose another op in the inspector's drop-down (edges into lost ports go)."""
        box = self.window.inspector.op_box
        # The click may have hit another card, which has no drop-down.
        if self.select_some(("op",)) and box.isVisibleTo(self.window.inspector):
            box.activated.emit(self.rng.randrange(box.count()))  # what choosing an item sends

    def rename(self) -> None:
        if self.select_some():
            type_into(self.window.inspector.label_field, self.rng.choice(("", "a", "w1", "out")))

    def scrub(self) -> None:
        """Turn the wheel over a selected input or constant: value edits that merge."""
        node_id = self.select_some(("input", "constant"))
        if node_id is None:
            return
        viewport = self.window.canvas.viewport()
        at = view_point(self.window, node_center(self.window, node_id))
        for _ in range(self.rng.randint(1, 4)):
            notch = QPoint(0, self.rng.choice((120, -120)))
            event = QWheelEvent(
                QPointF(at), QPointF(viewport.mapToGlobal(at)), QPoint(), notch,
                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase, False,
            )  # fmt: skip
            QApplication.sendEvent(viewport, event)

    def duplicate(self) -> None:
        if self.select_some():
            key(self.window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)

    def copy_and_paste(self) -> None:
        if self.select_some():
            self.window.actions["copy"].trigger()
            self.window.actions["paste"].trigger()

    def disconnect_port(self) -> None:
        target = self.some_node(("op",))
        if target is None:
            return
        port = self.rng.randrange(OPS[self.graph.node(target).op].arity)
        where = port_pos(self.window, target, port)
        self.bring_into_view(where)
        click(self.window, where, Qt.KeyboardModifier.AltModifier)


def type_into(field, text: str) -> None:
    """Replace the field's text by typing, and press Enter."""
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Return)


# -------------------------------------------------------------------- checks


def assert_status_names_existing_nodes(window) -> None:
    """The pass status names the output by its title: a node the graph has now."""
    text = window.run_controls.status.text()
    named = GRADIENTS_OF.match(text)
    if named:
        output = window.document.evaluation.output
        assert output is not None, text
        assert node_name(window.document.graph, output) == named.group(1), text
    inspected = window.inspector.node_id
    assert inspected is None or inspected in window.document.graph


@pytest.mark.parametrize("seed", SEEDS)
def test_a_random_sequence_of_user_actions_never_raises(window, qtbot, discard_unsaved, seed):
    person = Person(window, seed)
    done: list[str] = []
    with qtbot.capture_exceptions() as exceptions:
        for _ in range(STEPS):
            done.append(person.act())
            QApplication.processEvents()
            assert not exceptions, f"after {done[-8:]}: {exceptions[0][1]!r}"
            assert_scene_mirrors_model(window)
            assert_status_names_existing_nodes(window)


def test_slots_hear_of_an_edit_after_the_evaluation_does(window):
    """A slot on a per-item signal never reads a result that does not know of the edit
    yet, also after Open put a new graph in place (whose listeners start afresh)."""
    window.examples_menu.actions()[0].trigger()
    window.run_controls.live_action.trigger()  # live off: the result stays, marked stale
    window.run_controls.backward_action.trigger()
    evaluation, document = window.document.evaluation, window.document
    seen = []
    document.nodeChanged.connect(lambda _id, _key: seen.append(evaluation.stale))
    document.edgeRemoved.connect(lambda *_edge: seen.append(evaluation.stale))
    leaf = next(node.id for node in document.graph.nodes() if node.kind != "op")
    select = Person(window, 0).select
    select(leaf)
    window.inspector.value_field.setText("7")
    QTest.keyClick(window.inspector.value_field, Qt.Key.Key_Return)
    window.actions["delete"].trigger()
    assert seen and all(seen)
