"""Training as a mode of the Evaluation: a Trainer on the shown graph, and the frame of
its last update.

The session lives as long as the graph stays what it was trained on. Writing the
trainer's own parameter values into the graph (how the window keeps a run, as one
undo step) does not end it, so Play after Pause goes on with the optimizer's state,
and Reset still goes back to where training began; any other edit that changes what
is computed does.
"""

from __future__ import annotations

from .graph import Graph
from .stepping import Frame
from .training import Trainer, Update
from .training_options import TrainingOptions
from .training_view import update_frame


class TrainingSession:
    def __init__(self, graph: Graph, options: TrainingOptions | None = None) -> None:
        self.graph = graph
        self.trainer = Trainer(graph, options)
        self.last: Update | None = None
        self._frame: Frame | None = None

    def step(self) -> Update:
        """One update; its frame is drawn next."""
        self.last = self.trainer.step()
        self._frame = None
        return self.last

    def reset(self) -> None:
        """The parameters back to where training began; nothing trained shown."""
        self.trainer.reset()
        self.last = None
        self._frame = None

    def frame(self) -> Frame | None:
        """The last update's frame (None before the first)."""
        if self._frame is None and self.last is not None:
            self._frame = update_frame(self.trainer, self.last)
        return self._frame

    def survives(self, event: str, details: dict) -> bool:
        """Whether this session still fits the graph after ``event``."""
        if event == "training_changed":
            return True
        if event == "node_changed" and details["key"] in ("value", "label", "pos"):
            node_id = details["id"]
            own = self.trainer.values.get(node_id)
            return details["key"] != "value" or own == self.graph.node(node_id).value
        return False
