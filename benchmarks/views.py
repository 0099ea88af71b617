"""How fast the understanding views are on 1,000-node graphs.

Run from the repository root (no screen needed)::

    python benchmarks/views.py

Prints, as the median of several repeats:

* plot: ``sweep`` of one input over 201 points (one batch pass, forward and backward)
  on the layered 1,000-node DAG of ``benchmarks/canvas.py``, then the same drawn
  into the Function plot dock's pyqtgraph widget;
* check: ``check_gradients`` on the 1,000-node DAG of ``benchmarks/engine.py`` built
  with 50 inputs (the backward pass, one batch of 100 perturbed forward passes in
  extended precision, and every edge's local check);
* forward mode: ``forward_mode`` over one result of the 1,000-node layered DAG;
* scrubbing: one step of dragging the Function plot's marker in the window at 1,000
  nodes, from the marker's move to both the canvas and the plot painted (the undoable
  value edit, the live passes, the recoloured cards, the marker and tangent); and, to
  compare, the same value edit with the plot dock closed (the canvas's own cost).

The figures are for reading; nothing here asserts anything about time.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import engine as engine_benchmark  # noqa: E402
from canvas import layered_dag, median_ms, window_showing  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backprop_gui.core import compile  # noqa: E402
from backprop_gui.core.forward_mode import forward_mode  # noqa: E402
from backprop_gui.core.gradcheck import check_gradients  # noqa: E402
from backprop_gui.core.sweep import sweep  # noqa: E402
from backprop_gui.ui.commands import SetValueCommand  # noqa: E402

NODES = 1_000
CHECKED_INPUTS = 50


def first_input(graph) -> str:
    return next(node.id for node in graph.nodes() if node.kind == "input")


def measure_core() -> None:
    layered = layered_dag(NODES)
    x = first_input(layered)
    compile(layered)  # the plan is cached in the app too
    plot = median_ms(lambda: sweep(layered, x))
    result = compile(layered).run()
    forward = median_ms(lambda: forward_mode(result, x))
    engine_benchmark.INPUTS = CHECKED_INPUTS
    ops = NODES - CHECKED_INPUTS
    while len(engine_benchmark.random_dag(ops)) > NODES:  # the loose ends' sums add nodes
        ops -= 10
    wide = engine_benchmark.to_graph(engine_benchmark.random_dag(ops))
    inputs = sum(node.kind == "input" for node in wide.nodes())
    compile(wide)
    check = median_ms(lambda: check_gradients(wide), repeats=5)
    print(f"plot of {len(layered)} nodes over 201 points: {plot:7.2f} ms")
    print(f"check of {len(wide)} nodes with {inputs} inputs: {check:7.2f} ms")
    print(f"forward mode over {len(layered)} nodes: {forward:7.2f} ms")


def measure_scrubbing() -> None:
    graph = layered_dag(NODES)
    window = window_showing(graph)
    panel = window.understanding.plot
    panel.show()
    panel.raise_()
    panel.choose(x_id=first_input(graph))
    QApplication.processEvents()
    drawn = median_ms(lambda: panel._replot(new_range=False))
    offsets = iter(i * 1e-2 for i in range(1, 10_000))
    document, x = window.document, panel.x_id

    def drag_step():
        panel.marker.setPos(panel.sweep.at + next(offsets), panel.marker.pos().y())
        QApplication.processEvents()  # paints the canvas and the plot

    def wheel_step():
        value = document.graph.node(x).value + next(offsets) * 1e-3
        document.push(SetValueCommand(document, x, value))
        QApplication.processEvents()

    frame = median_ms(drag_step, repeats=15)
    panel.hide()
    QApplication.processEvents()
    without_plot = median_ms(wheel_step, repeats=15)
    print(f"plot dock sweep and redraw at {len(graph)} nodes: {drawn:7.2f} ms")
    print(f"scrubbing frame, dragging the plot's marker: {frame:7.2f} ms")
    print(f"the same value edit with the plot dock closed: {without_plot:7.2f} ms")
    window.document.undo_stack.setClean()
    window.close()


def main() -> None:
    settings_folder = tempfile.mkdtemp(prefix="backprop-gui-bench-")  # never the person's own
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, settings_folder)
    app = QApplication.instance() or QApplication(["benchmark"])
    measure_core()
    measure_scrubbing()
    app.processEvents()


if __name__ == "__main__":
    main()
