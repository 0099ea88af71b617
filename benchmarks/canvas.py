"""How fast the canvas follows a value edit, and how long one full frame takes.

Run from the repository root (no screen needed)::

    QT_QPA_PLATFORM=offscreen python benchmarks/canvas.py             # 100, 1k, 5k nodes
    QT_QPA_PLATFORM=offscreen python benchmarks/canvas.py 2000        # other sizes
    QT_QPA_PLATFORM=offscreen python benchmarks/canvas.py 1000 --profile

For each size it builds a random layered DAG (inputs in the first layer; every op
takes its operands from the layer before it, or sometimes from further back; every
node feeds the next layer) with positions, opens it in a 1400×900 main window (its
settings in a temporary folder), runs Backward once, and then prints milliseconds,
median of several repeats:

* live update: ``document.push(SetValueCommand(...))`` on an input, with live mode
  on: the command, the document's signals, forward and backward on the cached plan,
  the local derivatives, the colour scale and every node's and edge's result setter
  — everything up to (not including) painting. Split into its parts below it:
  ``engine`` (``plan.run()``), ``flows`` (``plan.edge_flows``: each edge's local
  derivative and what flows back), ``items`` (the painter drawing the full frame
  onto the items: set_result on every node and edge);
* repaint after the edit: the view's viewport painted into an image (``grab()``),
  at fit-to-view, right after the edit;
* full frame: the same paint of an unchanged scene at fit-to-view;
* one step: Step in a running step-through (only the items that change are redrawn).

``--profile`` prints where the time of one live update and one frame goes.
The figures are for reading; nothing here asserts anything about time.
"""

from __future__ import annotations

import cProfile
import io
import math
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backprop_gui.core import Graph, compile  # noqa: E402
from backprop_gui.ui.commands import SetValueCommand  # noqa: E402
from backprop_gui.ui.main_window import MainWindow  # noqa: E402

SIZES = (100, 1_000, 5_000)
REPEATS = 7
LAYER_SPACING, ROW_SPACING = 190.0, 100.0
BINARY, UNARY = ("add", "mul"), ("sin", "tanh")


def layered_dag(n: int, seed: int = 0) -> Graph:
    """A random DAG of ``n`` nodes in layers, laid out about as wide as a screen.

    The output is the first node of the last layer; the rest of that layer are sinks
    off its path (drawn grey).
    """
    rng = random.Random(seed)
    layers_count = max(2, round(math.sqrt(n * 1.5 * ROW_SPACING / LAYER_SPACING)))
    rows = math.ceil(n / layers_count)
    graph = Graph()
    layers: list[list[str]] = []
    for layer in range(layers_count):
        count = min(rows, n - layer * rows)
        if count <= 0:
            break
        ids = []
        previous = layers[-1] if layers else []
        feeders = previous[:]
        rng.shuffle(feeders)
        for row in range(count):
            pos = (layer * LAYER_SPACING, (row - count / 2) * ROW_SPACING)
            node_id = f"n{layer}_{row}"
            if not previous:
                graph.add_node("input", id=node_id, value=rng.uniform(0.2, 1.0), pos=pos)
            else:
                op = rng.choice(BINARY + UNARY)
                graph.add_node("op", id=node_id, op=op, pos=pos)
                # Every node of the layer before feeds someone; some edges skip back.
                first = feeders.pop() if feeders else rng.choice(previous)
                graph.connect(first, node_id, 0)
                if op in BINARY:
                    back = layers[rng.randrange(max(0, len(layers) - 3), len(layers))]
                    graph.connect(rng.choice(back), node_id, 1)
            ids.append(node_id)
        layers.append(ids)
    graph.set_output(layers[-1][0])
    return graph


def median_ms(action, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def window_showing(graph) -> MainWindow:
    """A main window with ``graph`` fitted to its view, after Backward."""
    window = MainWindow(path=None)
    window.resize(1400, 900)
    window.show()
    window.document.replace_graph(graph, None)
    QApplication.processEvents()
    window.canvas.fit_to_view()
    QApplication.processEvents()
    window.run_controls.backward_action.trigger()
    QApplication.processEvents()  # the edge labels are placed on the next turn
    return window


def measure(n: int, profile: bool) -> None:
    graph = layered_dag(n)
    window = window_showing(graph)
    document, viewport = window.document, window.canvas.viewport()
    source = next(node.id for node in graph.nodes() if node.kind == "input")
    values = iter(i * 1e-3 for i in range(1, 10_000))

    def edit():
        document.push(SetValueCommand(document, source, 0.5 + next(values)))

    def edit_and_paint():
        edit()
        viewport.grab()

    plan = compile(graph)
    result = plan.run()
    live = median_ms(edit)
    engine = median_ms(plan.run)
    flows = median_ms(lambda: plan.edge_flows(result))

    def draw_everything_anew():
        window.painter._forget_items()  # as if every item's result had changed
        window.painter.draw()

    items = median_ms(draw_everything_anew)
    repaint = median_ms(edit_and_paint) - live
    frame = median_ms(viewport.grab)
    step = window.step_control.step_action
    step.trigger()  # starts the step-through
    one_step = median_ms(step.trigger)
    edges = graph.nx.number_of_edges()
    print(
        f"{n:>6} nodes {edges:>6} edges | live update {live:7.2f} ms "
        f"(engine {engine:5.2f}, flows {flows:5.2f}, items {items:6.2f}) | "
        f"repaint after it {repaint:7.2f} ms | full frame at fit-to-view {frame:7.2f} ms "
        f"(zoom {window.canvas.zoom():.2f}) | one step {one_step:6.2f} ms"
    )
    if profile:
        for name, action in (("live update", edit), ("full frame", viewport.grab)):
            profiler = cProfile.Profile()
            profiler.runcall(lambda a=action: [a() for _ in range(5)])
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
            print(f"--- {name}, {n} nodes, 5 runs, by own time ---")
            print("\n".join(out.getvalue().splitlines()[4:24]))
    document.undo_stack.setClean()
    window.close()
    window.deleteLater()
    QApplication.processEvents()


def main(argv: list[str]) -> None:
    profile = "--profile" in argv
    sizes = [int(a) for a in argv if a.isdigit()] or list(SIZES)
    settings_folder = tempfile.mkdtemp(prefix="backprop-gui-bench-")  # never the person's own
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, settings_folder)
    app = QApplication.instance() or QApplication(["benchmark"])
    for n in sizes:
        measure(n, profile)
    app.processEvents()


if __name__ == "__main__":
    main(sys.argv[1:])
