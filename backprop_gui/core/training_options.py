"""How a graph is trained: optimizer, learning rate, epochs, batch size, seed, shuffling.

:class:`TrainingOptions` holds what the file (or the user) set; a field left None takes
its default, which :meth:`TrainingOptions.resolved` fills in. Each field is checked
where it is set, by :func:`checked_option`, whose message names the place ("training.lr",
or "--lr" on the command line).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

from .dataset import DataError
from .numbers import as_number
from .quoting import quoted

OPTIMIZERS = ("sgd", "momentum", "adam")
# batch_size None: the whole data set (N rows) in one batch
DEFAULTS = {
    "optimizer": "sgd", "lr": 0.1, "epochs": 100, "batch_size": None, "seed": 0,
    "shuffle": True, "momentum": 0.9,
}  # fmt: skip


@dataclass(frozen=True)
class TrainingOptions:
    """The training section of a file: each field None where it was not given."""

    optimizer: str | None = None
    lr: float | None = None
    epochs: int | None = None
    batch_size: int | None = None
    seed: int | None = None
    shuffle: bool | None = None
    momentum: float | None = None

    def resolved(self) -> TrainingOptions:
        """Every field set: the given ones, defaults for the rest (batch_size may stay
        None, which means every row in one batch)."""
        return replace(self, **{k: DEFAULTS[k] for k, v in self.given().items() if v is None})

    def given(self) -> dict:
        """Every field by name, None where not given."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_record(self) -> dict:
        """The fields that were given, as the file's "training" object."""
        return {k: v for k, v in self.given().items() if v is not None}

    def updated(self, changes: dict, place) -> TrainingOptions:
        """These options with ``changes`` (None values ignored), each checked;
        ``place(name)`` names a field in messages."""
        checked = {k: checked_option(k, v, place(k)) for k, v in changes.items() if v is not None}
        return replace(self, **checked)


def options_from_record(record, where: str = "training") -> TrainingOptions:
    """The file's "training" object as TrainingOptions; DataError naming the key."""
    if not isinstance(record, dict):
        raise DataError(f'"{where}" must be an object')
    known = {f.name for f in fields(TrainingOptions)}
    given = {k: v for k, v in record.items() if k in known}
    return TrainingOptions().updated(given, lambda key: f"{where}.{key}")


def checked_option(name: str, value, place: str):
    """``value`` as option ``name`` needs it; DataError saying what ``place`` must be."""
    if name == "optimizer":
        if value not in OPTIMIZERS:
            known = ", ".join(OPTIMIZERS)
            raise DataError(f"{place}: unknown optimizer {quoted(value)} (one of {known})")
        return value
    if name == "shuffle":
        if not isinstance(value, bool):
            raise DataError(f"{place} must be true or false, not {quoted(value)}")
        return value
    if name in ("lr", "momentum"):
        number = as_number(value)
        low_ok = number is not None and (number > 0 if name == "lr" else number >= 0)
        if not low_ok or not math.isfinite(number):
            bound = "> 0" if name == "lr" else "≥ 0"
            raise DataError(f"{place} must be a finite number {bound}, not {quoted(value)}")
        return number
    least = {"epochs": 0, "batch_size": 1, "seed": 0}[name]
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise DataError(f"{place} must be a whole number ≥ {least}, not {quoted(value)}")
    return value
