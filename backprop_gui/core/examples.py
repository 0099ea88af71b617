"""The example graphs shipped with the app, in teaching order."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "resources" / "examples"

# Teaching order: simple pieces first, then networks, then gradient pathologies, then
# training.
# Files not named here follow in alphabetical order.
ORDER = (
    "sigmoid",
    "sigmoid_op",
    "square",
    "relu_kink",
    "composition",
    "fanout",
    "softplus",
    "neuron",
    "mlp",
    "vanishing",
    "exploding",
    "fit_line",
    "logistic_blobs",
    "xor",
    "sine_fit",
    "two_moons",
)


@dataclass(frozen=True)
class Example:
    path: Path
    title: str
    description: str

    @property
    def name(self) -> str:
        """The file name without ``.bpg.json``: "sigmoid"."""
        return self.path.name.removesuffix(".bpg.json")


def list_examples() -> list[Example]:
    """Every example file with its meta.title and meta.description."""
    examples = [_read(path) for path in EXAMPLES_DIR.glob("*.bpg.json")]
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(examples, key=lambda e: (rank.get(e.name, len(ORDER)), e.name))


def _read(path: Path) -> Example:
    meta = json.loads(path.read_text(encoding="utf-8")).get("meta", {})
    name = path.name.removesuffix(".bpg.json")
    return Example(path, meta.get("title", name), meta.get("description", ""))
