"""The colormaps pyqtgraph ships, read as data: viridis and CET-D1.

The gradient colours use viridis (|gradient|) and Peter Kovesi's perceptually
uniform blue–white–red CET-D1 (the signed gradient). pyqtgraph keeps both as data
files of 256 RGB rows (``pyqtgraph/colors/maps/NAME.csv``); reading those files,
rather than importing pyqtgraph, keeps this module free of Qt, so the command line
and the exports colour exactly as the window does. Licences: viridis CC0, CET maps
CC-BY 4.0 (the notices ship beside the files in pyqtgraph).
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path

VIRIDIS, DIVERGING = "viridis", "CET-D1"


@cache
def colormap_table(name: str) -> tuple[str, ...]:
    """pyqtgraph's map ``name`` as "rrggbb" colours, from its lowest end up."""
    path = _maps_folder() / f"{name}.csv"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(";"):  # ";" starts a comment
            channels = (round(float(v) * 255) for v in line.split(",")[:3])
            rows.append("".join(f"{c:02x}" for c in channels))
    return tuple(rows)


def _maps_folder() -> Path:
    """pyqtgraph's folder of colormap data, found without importing pyqtgraph (Qt)."""
    spec = find_spec("pyqtgraph")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pyqtgraph is needed: its colormaps colour the gradients")
    return Path(spec.submodule_search_locations[0]) / "colors" / "maps"
