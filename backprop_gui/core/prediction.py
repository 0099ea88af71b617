"""What a trained graph predicts, for plotting it against its data.

The graph's output is a per-sample loss. When that loss is ``mse`` or ``bce_logits``
of a prediction (port 0) and a target (port 1), :func:`find_model` names the
prediction node, the target's column and the input columns the prediction reads;
:func:`predict` evaluates the prediction over any points of those columns at once
(the engine's batch mode), as a probability σ(logit) for ``bce_logits``.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from .engine import compile
from .graph import Graph
from .output import default_output

LOSSES = ("mse", "bce_logits")


@dataclass(frozen=True)
class Model:
    prediction: str  # the node fed into the loss's port 0
    features: dict[str, str]  # {input id: column} of the columns the prediction reads
    target: str | None  # the target's column, if the target reads one
    classifier: bool  # bce_logits: the prediction is a logit, plotted as σ(logit)


def find_model(graph: Graph) -> Model | None:
    """The model inside ``graph``'s loss, or None when the output is not such a loss."""
    output = default_output(graph)
    if output is None or graph.node(output).op not in LOSSES:
        return None
    prediction, target = graph.operands(output)
    if prediction is None:
        return None
    bound = graph.columns_bound()
    above = nx.ancestors(graph.nx, prediction)
    features = {n: c for n, c in bound.items() if n in above}
    return Model(
        prediction=prediction,
        features=features,
        target=bound.get(target) if target is not None else None,
        classifier=graph.node(output).op == "bce_logits",
    )


def predict(graph: Graph, model: Model, points: dict[str, np.ndarray], parameters: dict):
    """The prediction at ``points`` ({input id: values}) with ``parameters`` ({id: value}
    overriding the graph's): an array shaped like the points, NaN where the prediction
    has no value (a port left free), the same number everywhere where it reads none of
    the points."""
    plan = compile(graph, backward=False)
    result = plan.run({**parameters, **points}, gradients=False)
    value = result.values.get(model.prediction)
    shape = np.broadcast_shapes(*(np.shape(p) for p in points.values()))
    values = np.broadcast_to(np.nan if value is None else value, shape).astype(float)
    if model.classifier:
        with np.errstate(over="ignore"):
            values = 1.0 / (1.0 + np.exp(-values))
    return values
