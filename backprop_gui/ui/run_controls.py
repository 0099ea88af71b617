"""Forward, Backward, Reset and Live: the Run actions and the pass status.

Each action is one call on the document's evaluation (core/evaluation.py); what it
computes is drawn by the canvas's painter and told in the status bar's pass status.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMainWindow

from ..core.evaluation import BACKWARD, FORWARD
from ..core.naming import node_name
from .actions import make_action
from .document import GraphDocument

CHOOSE_OUTPUT = "right-click a node → Use as output"


class RunControls(QObject):
    def __init__(self, window: QMainWindow, document: GraphDocument, say):
        super().__init__(window)
        self.document = document
        self.say = say  # shows a message in the status bar
        evaluation = document.evaluation
        self.forward_action = make_action(
            window, "actionForward", "Forward", self.forward, ["F5"],
            "Forward pass: compute every node's value",
        )  # fmt: skip
        self.backward_action = make_action(
            window, "actionBackward", "Backward", self.backward, ["F6"],
            "Backward pass: the gradient d output/d node of every node (runs forward first)",
        )  # fmt: skip
        self.reset_action = make_action(
            window, "actionReset", "Reset", evaluation.reset, ["Ctrl+R"],
            "Clear the values and gradients shown",
        )  # fmt: skip
        self.live_action = make_action(
            window, "actionLive", "Live", evaluation.set_live, [],
            "Live: re-run the passes at once after every edit (the mouse wheel over a "
            "selected input changes its value)", checkable=True,
        )  # fmt: skip
        self.live_action.setChecked(document.evaluation.live)
        self.status = QLabel(objectName="passStatus")
        document.resultsChanged.connect(self._update)
        document.structureChanged.connect(self._update)
        document.outputChanged.connect(self._update)
        document.nodeChanged.connect(self._label_changed)
        self._update()

    def forward(self) -> None:
        self._run(FORWARD)

    def backward(self) -> None:
        self._run(BACKWARD)

    def _run(self, level: int) -> None:
        evaluation = self.document.evaluation
        evaluation.run(level)
        if evaluation.problem:
            self.say(f"Values only: {self._problem()}.")

    def _problem(self) -> str:
        """Why there are no gradients, with how to mend it where there are many outputs."""
        evaluation = self.document.evaluation
        hint = f": {CHOOSE_OUTPUT}" if evaluation.output is None else ""
        return f"{evaluation.problem}{hint}"

    def _label_changed(self, _node_id: str, key: str) -> None:
        if key == "label":  # the status names the output by its title
            self._update()

    def _update(self) -> None:
        evaluation = self.document.evaluation
        self.status.setText(self._status_text())
        practising = evaluation.practice is not None  # a mode of its own: the passes wait
        self.forward_action.setEnabled(not practising)
        self.backward_action.setEnabled(not practising)
        self.reset_action.setEnabled(evaluation.result is not None and not practising)

    def _status_text(self) -> str:
        evaluation, graph = self.document.evaluation, self.document.graph
        sinks = len(graph.sinks())
        if evaluation.output is None and sinks > 1:
            text = f"{sinks} outputs: choose one ({CHOOSE_OUTPUT})"
        elif evaluation.result is None:
            text = "Press Forward or Backward to run the passes"
        elif evaluation.problem:
            text = f"Values only: {self._problem()}"
        elif evaluation.stale:
            text = "Out of date: the graph changed (press Forward or Backward)"
        elif evaluation.level == BACKWARD:
            text = f"Gradients of {node_name(graph, evaluation.result.output)}"
        else:
            text = "Values"
        if evaluation.live and evaluation.result is not None:
            text += " · live"
        return text
