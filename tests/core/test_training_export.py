"""The exported PyTorch training script prints what `backprop-gui train` prints: the
same loss before training and after every epoch, and the same parameters."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from core_helpers import EXAMPLES, printed_by

from backprop_gui.core import Graph, GraphError, Trainer, load
from backprop_gui.core.expression import parse_expression
from backprop_gui.core.training_export import to_pytorch_training
from backprop_gui.core.training_options import TrainingOptions

# (example, options that override its own): every optimizer, batches and shuffling
CASES = [
    ("fit_line", TrainingOptions(epochs=20)),
    ("logistic_blobs", TrainingOptions(optimizer="momentum", momentum=0.8, epochs=5)),
    ("xor", TrainingOptions(epochs=30)),
    ("sine_fit", TrainingOptions(epochs=3, batch_size=30, seed=5)),
    ("two_moons", TrainingOptions(epochs=2, shuffle=False, batch_size=64)),
]


def app_lines(graph: Graph, options: TrainingOptions) -> list[dict]:
    trainer = Trainer(graph, options)
    lines = [{"epoch": epoch, "loss": loss} for epoch, loss in trainer.run()]
    return [*lines, {"params": trainer.values, "loss": lines[-1]["loss"]}]


def close(printed, expected) -> bool:
    if isinstance(expected, dict):
        return printed.keys() == expected.keys() and all(
            close(printed[k], expected[k]) for k in expected
        )
    return printed == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_the_script_prints_the_apps_losses_and_parameters(tmp_path):
    pytest.importorskip("torch")
    graphs = [(load(EXAMPLES / f"{name}.bpg.json"), options) for name, options in CASES]
    graphs.append((without_data(), TrainingOptions(optimizer="adam", epochs=3)))
    scripts = [
        to_pytorch_training(graph, graph.training.updated(options.to_record(), str))
        for graph, options in graphs
    ]
    for (graph, options), printed in zip(graphs, printed_by(scripts, tmp_path)):
        lines = [json.loads(line) for line in printed.splitlines()]
        expected = app_lines(graph, graph.training.updated(options.to_record(), str))
        assert len(lines) == len(expected)
        assert all(close(got, want) for got, want in zip(lines, expected)), graph.meta["title"]


def without_data() -> Graph:
    """softplus(w − 3) with w trainable: one row, the nodes' own values."""
    graph = parse_expression("softplus(w - 3)")
    graph.set_trainable("w", True)
    graph.meta["title"] = "no data"
    return graph


def test_a_diverging_script_stops_as_the_command_line_does(tmp_path):
    pytest.importorskip("torch")
    graph = load(EXAMPLES / "fit_line.bpg.json")
    script = tmp_path / "train.py"
    script.write_text(to_pytorch_training(graph, TrainingOptions(lr=5.0, epochs=1000)))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert done.returncode == 1
    last = json.loads(done.stdout.splitlines()[-1])
    assert last["loss"] in ("nan", "inf")
    assert done.stderr.startswith(f"error: training diverged at epoch {last['epoch']}: ")


def test_a_graph_without_parameters_cannot_be_exported_for_training():
    graph = Graph()
    graph.add_node("input", id="x", value=1.0)
    with pytest.raises(GraphError, match="nothing to train"):
        to_pytorch_training(graph)


def test_strings_from_the_graph_stay_strings():
    graph = load(EXAMPLES / "fit_line.bpg.json")
    graph.meta["title"] = 'evil"""\nimport os'
    code = to_pytorch_training(graph)
    compile(code, "train.py", "exec")
    assert "\nimport os" not in code
