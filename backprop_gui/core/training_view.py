"""One training update as the window shows it: a frame for the canvas and the update
rule with its numbers for each parameter's card.

:func:`update_frame` runs the engine's passes over the update's batch at the
parameters it started from and averages over the rows: each node's value, its
gradient d objective / d node (the objective being the batch's mean output, a
parameter's gradient is exactly the one the update used), each edge's local
derivative and what flows back along it. So the colours follow the gradient of the
objective, and the chain rule still adds up on the cards.
"""

from __future__ import annotations

import math

import numpy as np

from .batch_program import batch_of
from .engine import Result
from .numbers import format_number as n
from .stepping import Frame
from .training import Trainer, Update


def update_frame(trainer: Trainer, update: Update) -> Frame:
    """The canvas's frame of ``update``'s batch (means over its rows)."""
    return means_frame(batch_result(trainer, update))


def batch_result(trainer: Trainer, update: Update) -> Result:
    """The engine's passes over ``update``'s batch at the parameters it started from:
    every node's value and d output / d node on each row."""
    parameters = [update.before[p] for p in trainer.parameters]
    return trainer.program.engine_result(batch_of(trainer.data, update.rows), parameters)


def means_frame(result: Result) -> Frame:
    """The frame of a batch ``result``: every number the mean over its rows."""
    flows = result.plan.edge_flows(result)
    nodes, edges = list(result.values), list(flows)
    values = batch_means(list(result.values.values()))
    grads = dict(zip(nodes, batch_means(list(result.grads.values()))))
    locals_ = batch_means([local for local, _ in flows.values()])
    flowing = batch_means([flow for _, flow in flows.values()])
    everything = [*values, *grads.values(), *locals_, *flowing]
    finite = all(v is None or math.isfinite(v) for v in everything)
    return Frame(
        values=dict(zip(nodes, values)),
        grads=grads,
        edges=dict(zip(edges, zip(locals_, flowing))),
        final_grads=grads,
        gradients=True,
        issues={} if finite else result.issues,  # the diagnosis costs; only when needed
    )


def update_text(trainer: Trainer, update: Update, parameter: str, name: str) -> str:
    """The update of ``parameter`` (called ``name``) as a rule with its numbers:
    ``w ← 0.8 − 0.1 · 0.31 = 0.769`` for sgd; momentum shows its velocity v, Adam its
    bias-corrected moments' ratio m̂/(√v̂ + ε), which the step equals −lr times."""
    options = trainer.options
    before, after = update.before[parameter], update.after[parameter]
    gradient, step = update.gradients[parameter], update.steps[parameter]
    lr = n(options.lr)
    if options.optimizer == "sgd":
        return f"{name} ← {n(before)} − {lr} · {n(gradient)} = {n(after)}"
    factor = -step / options.lr
    if options.optimizer == "momentum":
        return (
            f"{name} ← {n(before)} − {lr} · v = {n(after)},  "
            f"v = {n(options.momentum)} · v + {n(gradient)} = {n(factor)}"
        )
    return f"{name} ← {n(before)} − {lr} · m̂/(√v̂ + ε) = {n(after)},  m̂/(√v̂ + ε) = {n(factor)}"


def batch_means(items: list) -> list[float | None]:
    """The mean over the rows of each item (an array of the rows, or a number); None
    stays None. One table and one reduction, not one numpy call per item."""
    present = [k for k, item in enumerate(items) if item is not None]
    rows = max((np.size(items[k]) for k in present), default=1)
    table = np.empty((len(present), rows))
    for row, k in enumerate(present):
        table[row] = items[k]
    means: list[float | None] = [None] * len(items)
    for k, mean in zip(present, table.mean(axis=1).tolist()):
        means[k] = mean
    return means
