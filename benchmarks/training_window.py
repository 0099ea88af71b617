"""Play in the window on the ~1,000-node 2-16-16-1 net: how long the window is busy
per frame, with the cards' colours and update badges and both plots updating.

Run from the repository root (a display, or QT_QPA_PLATFORM=offscreen)::

    python benchmarks/training_window.py [seconds]

The net is ``benchmarks/training.py``'s "wide" one: ``core.dense.build_mlp`` on two
moons, 500 rows, tanh units, bce_logits, full batch, sgd. The script opens it in the
main window, presses Play and, while training plays, records

* each tick of training, by what it did (a few updates; the last update's frame
  made for the cards; the cards drawn; the run's values written back), and
* how long the event loop was held between two turns (a 0 ms probe timer): the
  longest of these is the longest frame the person sees, paints and plot redraws
  included.

It prints the figures; nothing is asserted.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backprop_gui.core import TrainingOptions, save  # noqa: E402
from backprop_gui.core import data_generators as generators  # noqa: E402
from backprop_gui.core.dense import build_mlp  # noqa: E402

KINDS = ("updates", "a frame made", "cards drawn", "values written back")


def wide_net_file(folder: str) -> str:
    graph = build_mlp(generators.moons(rows=500), ["x1", "x2"], "y", [16, 16], "tanh", "bce_logits")
    graph.set_training(TrainingOptions(optimizer="sgd", lr=0.1, epochs=100_000))
    path = str(Path(folder) / "wide.bpg.json")
    save(graph, path)
    return path


def measure(seconds: float) -> None:
    app = QApplication.instance() or QApplication(["benchmark"])
    from backprop_gui.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(wide_net_file(folder))
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    control = window.training.control
    ticks: dict[str, list[float]] = {kind: [] for kind in KINDS}
    gaps, last = [], [time.perf_counter()]
    original_tick = control._tick

    def timed_tick():
        drawing, writes = control._frame_ready, control._last_write
        start = time.perf_counter()
        original_tick()
        took = time.perf_counter() - start
        if drawing:
            kind = "cards drawn"
        elif control._last_write != writes:
            kind = "values written back"
        else:
            kind = "a frame made" if control._frame_ready else "updates"
        ticks[kind].append(took)

    def probe():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    control.rate = None  # as fast as it goes
    control.timer.timeout.disconnect()
    control.timer.timeout.connect(timed_tick)
    prober = QTimer(interval=0)
    prober.timeout.connect(probe)
    prober.start()
    control.play()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
    control.pause()
    prober.stop()
    trainer = control.session.trainer
    updates = trainer.updates
    print(f"nodes: {len(window.document.graph)}, parameters: {len(trainer.parameters)}")
    print(f"updates: {updates} in {seconds:.1f} s ({updates / seconds:.1f} per second)")
    for kind, times in ticks.items():
        if times:
            median, longest = 1e3 * statistics.median(times), 1e3 * max(times)
            print(f"ticks of {kind}: {len(times)}, median {median:.1f} ms, max {longest:.1f} ms")
    under = sum(gap < 0.05 for gap in gaps) / len(gaps)
    print(f"turns of the event loop under 50 ms: {100 * under:.1f} %")
    print(
        f"event loop held (frame): median {1e3 * statistics.median(gaps):.1f} ms, "
        f"95th percentile {1e3 * sorted(gaps)[int(0.95 * len(gaps))]:.1f} ms, "
        f"max {1e3 * max(gaps):.1f} ms"
    )
    window.document.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    measure(float(sys.argv[1]) if len(sys.argv) > 1 else 5.0)
