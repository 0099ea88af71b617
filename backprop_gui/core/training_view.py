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
    grads = _means(result.grads)
    local = _means({edge: pair[0] for edge, pair in flows.items()})
    flowing = _means({edge: pair[1] for edge, pair in flows.items()})
    return Frame(
        values=_means(result.values),
        grads=grads,
        edges={edge: (local[edge], flowing[edge]) for edge in flows},
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


def _means(items: dict) -> dict:
    """Each value's mean over the rows, as a float (None stays None). The arrays of
    one length are averaged in one numpy call: per value, the calls cost more than
    the sums (a 1,000-node frame took 28 ms instead of 3)."""
    means = dict.fromkeys(items)
    rows = [k for k, v in items.items() if isinstance(v, np.ndarray) and v.ndim == 1]
    length = {len(items[k]) for k in rows}
    if len(length) == 1:
        means.update(zip(rows, np.mean(np.array([items[k] for k in rows]), axis=1).tolist()))
    else:
        rows = []
    for key in items.keys() - set(rows):
        if items[key] is not None:
            means[key] = float(np.mean(items[key]))
    return means
