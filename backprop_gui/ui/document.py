"""The open document: one Graph, its undo stack, its file path and the last results.

The graph's listener callbacks become Qt signals here, so that the canvas, the panels
and the passes update from one place. Per-item signals (nodeAdded, edgeRemoved, ...)
go out at once; the summary signals (structureChanged, valuesChanged, resultsChanged)
go out once per command, because every command runs inside :meth:`batch`.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core import Graph


class GraphDocument(QObject):
    nodeAdded = Signal(str)
    nodeRemoved = Signal(str)
    nodeChanged = Signal(str, str)  # node id, key ("value", "label", "pos", "op", "trainable")
    edgeAdded = Signal(str, str, int)  # source, target, port
    edgeRemoved = Signal(str, str, int)
    outputChanged = Signal()
    graphReplaced = Signal()  # New or Open put a whole other graph in place
    structureChanged = Signal()  # nodes, edges or ops changed (also after graphReplaced)
    valuesChanged = Signal()  # an input's or a constant's value changed
    resultsChanged = Signal()  # results set or cleared, or they went stale
    pathChanged = Signal()

    def __init__(self, graph: Graph | None = None, path: str | None = None, parent=None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        stack = self.undo_stack  # emptied as the document dies: nobody needs to hear it
        self.destroyed.connect(lambda: stack.blockSignals(True))
        self.graph = Graph()
        self.path: str | None = None
        self.results = None  # an engine Result: never saved, never undone
        self.results_stale = False
        self._batch_depth = 0
        self._pending: set[str] = set()  # summary signals held back until a batch ends
        self._attach(graph if graph is not None else Graph(), path)

    # ----------------------------------------------------------------- the graph

    def replace_graph(self, graph: Graph, path: str | None) -> None:
        """Put ``graph`` in place of the current one (New, Open): a fresh undo history."""
        self.graph.unsubscribe(self._on_graph_event)
        self._attach(graph, path)
        self.undo_stack.clear()
        self.results = None
        self.results_stale = False
        self.graphReplaced.emit()
        self.structureChanged.emit()
        self.resultsChanged.emit()

    def _attach(self, graph: Graph, path: str | None) -> None:
        self.graph = graph
        graph.subscribe(self._on_graph_event)
        self.set_path(path)

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

    # ------------------------------------------------------------------ results

    def set_results(self, result) -> None:
        """Store the passes' result (or None); it is fresh until the model changes."""
        self.results = result
        self.results_stale = False
        self.resultsChanged.emit()

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
        self._note(_summary_of(event, details))

    def _note(self, summary: str | None) -> None:
        if summary is None:  # a label, a position: nothing computed depends on it
            return
        self._pending.add(summary)
        if self.results is not None:
            self._pending.add("stale")
        if self._batch_depth == 0:
            self._flush()

    def _flush(self) -> None:
        pending, self._pending = self._pending, set()
        if "structure" in pending:
            self.structureChanged.emit()
        if "values" in pending:
            self.valuesChanged.emit()
        if "stale" in pending and self.results is not None:
            self.results_stale = True
            self.resultsChanged.emit()


def _summary_of(event: str, details: dict) -> str | None:
    """Which summary signal a graph event feeds: "structure", "values", "output" or None."""
    if event in ("node_added", "node_removed", "edge_added", "edge_removed"):
        return "structure"
    if event == "output_changed":
        return "output"
    if event == "node_changed":
        return {"op": "structure", "value": "values"}.get(details["key"])
    return None
