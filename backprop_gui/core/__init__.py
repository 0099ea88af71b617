"""The model and the maths of backprop-gui: pure Python, networkx and numpy, no Qt.

The public API for scripts and notebooks::

    from backprop_gui.core import load, save, compile
    graph = load("sigmoid.bpg.json")
    result = compile(graph).run({"x": 0.0})
    result.values["s"], result.grads["x"]
"""

from .engine import Plan, Result, compile
from .fileformat import FileFormatError, dumps, load, loads, save
from .graph import Edge, Graph, GraphError, Node
from .ops import OPS, Op, get_op
from .output import default_output, resolve_output
from .trace import BackwardStep, ForwardStep
from .training import Trainer, TrainingDiverged, Update, train_graph
from .training_options import TrainingOptions

__all__ = [
    "OPS",
    "BackwardStep",
    "Edge",
    "FileFormatError",
    "ForwardStep",
    "Graph",
    "GraphError",
    "Node",
    "Op",
    "Plan",
    "Result",
    "Trainer",
    "TrainingDiverged",
    "TrainingOptions",
    "Update",
    "compile",
    "default_output",
    "dumps",
    "get_op",
    "load",
    "loads",
    "resolve_output",
    "save",
    "train_graph",
]
