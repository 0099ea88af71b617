"""The text exports by name: what File › Export and ``backprop-gui export --to`` share,
so the window and the command line write the same bytes for the same graph."""

from __future__ import annotations

import errno
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .codegen import to_python, to_pytorch
from .graph import Graph
from .latex_export import derivation_tex
from .tikz_export import tikz_picture
from .training_export import to_pytorch_training


def pytorch_script(graph: Graph, output: str | None = None) -> str:
    """For a graph with data or training options, the PyTorch script that trains it
    as ``backprop-gui train`` does; else the one that prints its values and gradients."""
    if graph.data is not None or graph.training.to_record():
        return to_pytorch_training(graph, output=output)
    return to_pytorch(graph, output)


# name -> (graph, output) -> text; tikz is a document of its own, ready for pdflatex
FORMATS: dict[str, Callable[[Graph, str | None], str]] = {
    "python": to_python,
    "pytorch": pytorch_script,
    "latex": derivation_tex,
    "tikz": partial(tikz_picture, standalone=True),
}


def export_text(graph: Graph, to: str, output: str | None = None) -> str:
    """``graph`` in format ``to`` (a key of FORMATS), differentiated at ``output``
    (None: the graph's chosen output, else its unique sink). GraphError if the graph
    cannot be exported (a port left free, no output)."""
    return FORMATS[to](graph, output)


def write_export(text: str, path) -> None:
    """Write an exported text to ``path`` as UTF-8 with "\\n" line ends, on every
    platform. Raises OSError when the file cannot be written, or when ``path`` names
    something other than a file (a pipe would block until someone reads it)."""
    target = Path(path)
    if target.exists() and not target.is_file():
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    target.write_text(text, encoding="utf-8", newline="\n")
