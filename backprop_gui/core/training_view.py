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

import numpy as np

from .batch_program import batch_of
from .numbers import format_number as n
from .stepping import Frame
from .training import Trainer, Update


def update_frame(trainer: Trainer, update: Update) -> Frame:
    """The canvas's frame of ``update``'s batch (means over its rows)."""
    parameters = [update.before[p] for p in trainer.parameters]
    result = trainer.program.engine_result(batch_of(trainer.data, update.rows), parameters)
    flows = result.plan.edge_flows(result)
    grads = {node: _mean(g) for node, g in result.grads.items()}
    return Frame(
        values={node: _mean(v) for node, v in result.values.items()},
        grads=grads,
        edges={edge: (_mean(local), _mean(flow)) for edge, (local, flow) in flows.items()},
        final_grads=grads,
        gradients=True,
        issues=result.issues,
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


def _mean(value):
    """The mean over the rows, as a float; None stays None."""
    return None if value is None else float(np.mean(value))
