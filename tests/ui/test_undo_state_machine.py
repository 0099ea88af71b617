"""Random edits, undos and redos in the window: the undo stack gives back every state.

A seeded generator makes a few hundred steps: an edit through the window's own entry
points and commands (add, connect, delete, duplicate, an expression, a value, a
label, an op, the output, a move, trainable), or an undo, or a redo. The test keeps
the saved bytes (core ``dumps``) of the graph at every index of the undo stack as the
edits make them; after every step the graph's bytes are those of the stack's current
index, and the scene mirrors the model. At the end, undoing everything gives the
first bytes back and redoing everything the last.
"""

from __future__ import annotations

import random

import pytest
from editor_helpers import assert_scene_mirrors_model
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from backprop_gui.core import OPS, Graph, dumps
from backprop_gui.core.expression import parse_expression
from backprop_gui.ui import commands
from backprop_gui.ui.expression_tools import REPLACE

STEPS = 300
EXPRESSIONS = ("x*x", "tanh(w*x + b)", "y = a*b; z = y + a")


class Editing:
    """Random edits on ``window``'s document, as its menus, panels and canvas make them."""

    def __init__(self, window, seed: int):
        self.window = window
        self.document = window.document
        self.rng = random.Random(seed)
        self.edits = (
            self.add_node, self.connect, self.delete, self.duplicate, self.expression,
            self.set_value, self.rename, self.change_op, self.set_output, self.move,
            self.set_trainable,
        )  # fmt: skip

    @property
    def graph(self) -> Graph:
        return self.document.graph

    def some(self, kinds=("input", "constant", "op")) -> str | None:
        ids = [node.id for node in self.graph.nodes() if node.kind in kinds]
        return self.rng.choice(ids) if ids else None

    def edit(self) -> None:
        self.rng.choice(self.edits)()

    # ----------------------------------------------------------------- edits

    def add_node(self) -> None:
        entry = self.rng.choice(("input", "constant", *OPS))
        kind, op = (entry, None) if entry in ("input", "constant") else ("op", entry)
        where = QPointF(self.rng.uniform(-400, 400), self.rng.uniform(-300, 300))
        self.window.scene.add_node(kind, op, where)

    def connect(self) -> None:
        source, target = self.some(), self.some(("op",))
        if source is None or target is None:
            return
        port = self.rng.randrange(OPS[self.graph.node(target).op].arity)
        try:
            self.graph.check_connect(source, target, port, replacing=True)
        except Exception:  # the canvas refuses it before any command: nothing to do
            return
        if self.graph.operand(target, port) != source:
            self.document.push(commands.ConnectCommand(self.document, source, target, port))

    def delete(self) -> None:
        chosen = {self.some() for _ in range(self.rng.randint(1, 3))} - {None}
        edges = self.graph.edges()
        picked = [e for e in edges if self.rng.random() < 0.2]
        self.window.scene.select_nodes(chosen)
        for edge in picked:
            self.window.scene.edge_item(edge.source, edge.target, edge.port).setSelected(True)
        self.window.editor.delete()

    def duplicate(self) -> None:
        node_id = self.some()
        if node_id is not None:
            self.window.scene.select_nodes([node_id])
            self.window.editor.duplicate()

    def expression(self) -> None:
        graph = parse_expression(self.rng.choice(EXPRESSIONS))
        if self.window.expression_tools.mode.currentText() == REPLACE and self.rng.random() < 0.5:
            self.document.push(commands.ReplaceGraphCommand(self.document, graph))
        else:
            self.document.push(commands.AddGraphCommand(self.document, graph, (0.0, 400.0)))

    def set_value(self) -> None:
        node_id = self.some(("input", "constant"))
        if node_id is not None:
            value = self.rng.choice((0.0, -1.5, 2.0, 1e-300, 3.25))
            self.document.push(commands.SetValueCommand(self.document, node_id, value))

    def rename(self) -> None:
        node_id = self.some()
        if node_id is not None:
            label = self.rng.choice(("", "a", "weight"))
            self.document.push(commands.SetLabelCommand(self.document, node_id, label))

    def change_op(self) -> None:
        node_id = self.some(("op",))
        if node_id is not None:
            op = self.rng.choice(list(OPS))
            self.document.push(commands.SetOpCommand(self.document, node_id, op))

    def set_output(self) -> None:
        self.window.output_chooser.choose(self.some() if self.rng.random() < 0.8 else None)

    def move(self) -> None:
        node_id = self.some()
        if node_id is not None:
            old = self.graph.node(node_id).pos
            new = (old[0] + self.rng.uniform(-50, 50), old[1] + self.rng.uniform(-50, 50))
            moves = {node_id: (old, new)}
            self.document.push(commands.MoveNodesCommand(self.document, moves))

    def set_trainable(self) -> None:
        node_id = self.some(("input",))
        if node_id is not None:
            on = not self.graph.node(node_id).trainable
            self.document.push(commands.SetTrainableCommand(self.document, node_id, on))


@pytest.mark.parametrize("seed", [7])
def test_undo_and_redo_give_back_every_saved_state(window, seed):
    document, stack = window.document, window.document.undo_stack
    editing = Editing(window, seed)
    saved = [dumps(document.graph)]  # the bytes at each index of the undo stack
    pushed = 0
    for step in range(STEPS):
        roll = editing.rng.random()
        if roll < 0.2:
            stack.undo()
        elif roll < 0.35:
            stack.redo()
        else:
            if roll > 0.95:
                window.run_controls.backward_action.trigger()  # results never enter a file
            before = stack.index()
            editing.edit()
            if stack.index() == before + 1:  # a command was pushed: nothing left to redo
                saved[before + 1 :] = [dumps(document.graph)]
                pushed += 1
        QApplication.processEvents()
        assert stack.count() == len(saved) - 1, step
        assert dumps(document.graph) == saved[stack.index()], step
        assert_scene_mirrors_model(window)
    assert pushed > STEPS // 3  # most edits were real commands
    while stack.canUndo():
        stack.undo()
    assert dumps(document.graph) == saved[0]
    assert_scene_mirrors_model(window)
    while stack.canRedo():
        stack.redo()
    assert dumps(document.graph) == saved[-1]
    assert_scene_mirrors_model(window)
