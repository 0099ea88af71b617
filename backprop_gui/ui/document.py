"""The open document: one Graph, its undo stack, its file path and its Evaluation.

The graph's and the evaluation's listener callbacks become Qt signals here, so that
the canvas, the painter, the run and step controls and the panels update from one
place. Per-item signals (nodeAdded, edgeRemoved, ...) go out at once; the summary
signals (structureChanged, valuesChanged, resultsChanged) go out once per command,
because every command runs inside :meth:`batch`: one edit is one resultsChanged,
however many graph events it made, and the evaluation computes the new results once,
when they are drawn.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core import Graph
from ..core.evaluation import Evaluation


class GraphDocument(QObject):
    nodeAdded = Signal(str)
    nodeRemoved = Signal(str)
    nodeChanged = Signal(str, str)  # node id, key ("value", "label", "pos", "op", "trainable",
    # "column")
    edgeAdded = Signal(str, str, int)  # source, target, port
    edgeRemoved = Signal(str, str, int)
    outputChanged = Signal()
    graphReplaced = Signal()  # New or Open put a whole other graph in place
    structureChanged = Signal()  # nodes, edges or ops changed (also after graphReplaced)
    valuesChanged = Signal()  # an input's or a constant's value changed
    resultsChanged = Signal()  # what the evaluation shows changed (run, step, edit, reset)
    pathChanged = Signal()
    dataChanged = Signal()  # the data set changed (columns bound: nodeChanged "column")
    trainingChanged = Signal()  # the training options changed

    def __init__(self, graph: Graph | None = None, path: str | None = None, parent=None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        stack = self.undo_stack  # emptied as the document dies: nobody needs to hear it
        self.destroyed.connect(lambda: stack.blockSignals(True))
        self.graph = graph if graph is not None else Graph()
        self.path: str | None = path
        # What is computed and shown: never saved, never undone
        self.evaluation = Evaluation(self.graph)
        self._batch_depth = 0
        self._pending: set[str] = set()  # summary signals held back until a batch ends
        self.graph.subscribe(self._on_graph_event)
        self.evaluation.subscribe(self._results_changed)

    # ----------------------------------------------------------------- the graph

    def replace_graph(self, graph: Graph, path: str | None) -> None:
        """Put ``graph`` in place of the current one (New, Open): a fresh undo history."""
        with self.batch():
            self.graph.unsubscribe(self._on_graph_event)
            self.graph = graph
            # The evaluation listens first, as in __init__: every slot the graph's
            # events reach reads a result that already knows of the change.
            self.evaluation.set_graph(graph)
            graph.subscribe(self._on_graph_event)
            self.set_path(path)
            self.undo_stack.clear()
            self.graphReplaced.emit()
            self._note("structure")

    def set_path(self, path: str | None) -> None:
        self.path = path
        self.pathChanged.emit()

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def mark_saved(self, path: str) -> None:
        self.set_path(path)
        self.undo_stack.setClean()

    # ------------------------------------------------------------------ signals

    @contextlib.contextmanager
    def batch(self):
        """Hold the summary signals back until the outermost batch ends, then send each once."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self._flush()

    def _on_graph_event(self, event: str, details: dict) -> None:
        if event == "node_added":
            self.nodeAdded.emit(details["id"])
        elif event == "node_removed":
            self.nodeRemoved.emit(details["id"])
        elif event == "node_changed":
            self.nodeChanged.emit(details["id"], details["key"])
        elif event == "edge_added":
            self.edgeAdded.emit(details["source"], details["target"], details["port"])
        elif event == "edge_removed":
            self.edgeRemoved.emit(details["source"], details["target"], details["port"])
        elif event == "output_changed":
            self.outputChanged.emit()
        elif event == "data_changed":
            self.dataChanged.emit()
        elif event == "training_changed":
            self.trainingChanged.emit()
        self._note(_summary_of(event, details))

    def _results_changed(self) -> None:
        self._note("results")

    def _note(self, summary: str | None) -> None:
        if summary is None:  # a label, a position: no summary signal is about it
            return
        self._pending.add(summary)
        if self._batch_depth == 0:
            self._flush()

    def _flush(self) -> None:
        pending, self._pending = self._pending, set()
        if "structure" in pending:
            self.structureChanged.emit()
        if "values" in pending:
            self.valuesChanged.emit()
        if "results" in pending:
            self.resultsChanged.emit()


def _summary_of(event: str, details: dict) -> str | None:
    """Which summary signal a graph event feeds: "structure", "values" or None (the
    output has its own signal; the evaluation reports what it changes)."""
    if event in ("node_added", "node_removed", "edge_added", "edge_removed"):
        return "structure"
    if event == "node_changed":
        return {"op": "structure", "value": "values"}.get(details["key"])
    return None
