"""`backprop-gui export` through a real process: the bytes File › Export Code writes,
a script that prints what `eval` prints, or exit 2 and one error line."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from backprop_gui.core import Graph, save
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.ui.teaching_export import TIKZ_STANDALONE

REPO = Path(__file__).resolve().parents[2]
SIGMOID = EXAMPLES_DIR / "sigmoid.bpg.json"


def backprop_gui(*args, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "backprop_gui", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd, timeout=60,
    )  # fmt: skip


def printed_by(script: Path, cwd: Path) -> dict:
    """What an exported script prints, run in ``cwd``, as JSON."""
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=cwd, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def non_finite_graph(path: Path) -> Path:
    """log(x), x / 0 and exp(800) summed: NaN, ±inf among the values and gradients."""
    graph = Graph()
    graph.add_node("input", id="x", value=-2.0)
    graph.add_node("constant", id="zero", value=0.0)
    graph.add_node("constant", id="big", value=800.0)
    for node_id, op, operands in [
        ("log", "log", ["x"]),
        ("ratio", "div", ["x", "zero"]),
        ("exp", "exp", ["big"]),
        ("sum", "add", ["log", "ratio"]),
        ("total", "mul", ["sum", "exp"]),
    ]:
        graph.add_node("op", id=node_id, op=op)
        for port, source in enumerate(operands):
            graph.connect(source, node_id, port)
    save(graph, path)
    return path


def test_the_exported_script_prints_what_eval_prints(tmp_path):
    graph_file = non_finite_graph(tmp_path / "edges.bpg.json")
    done = backprop_gui("export", graph_file, "--to", "python", "-o", tmp_path / "e.py")
    assert done.returncode == 0, done.stderr
    expected = json.loads(backprop_gui("eval", graph_file).stdout)
    printed = printed_by(tmp_path / "e.py", tmp_path)
    assert printed == {key: expected[key] for key in ("output", "values", "grads")}
    assert {"nan", "inf"} <= set(printed["values"].values()) | set(printed["grads"].values())


def test_output_chooses_the_node_to_differentiate(tmp_path):
    out = tmp_path / "add.py"
    done = backprop_gui("export", SIGMOID, "--to", "python", "--output", "add", "-o", out)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    printed = printed_by(out, tmp_path)
    assert printed["output"] == "add" and printed["grads"]["add"] == 1.0
    assert printed["grads"]["s"] is None


def test_pytorch_export_prints_the_engines_numbers(tmp_path):
    pytest.importorskip("torch")
    out = tmp_path / "sigmoid_torch.py"
    assert backprop_gui("export", SIGMOID, "--to", "pytorch", "-o", out).returncode == 0
    printed = printed_by(out, tmp_path)
    expected = json.loads(backprop_gui("eval", SIGMOID).stdout)
    for kind in ("values", "grads"):
        for node_id, number in expected[kind].items():
            assert math.isclose(printed[kind][node_id], number, rel_tol=1e-12, abs_tol=1e-300)


def test_a_hostile_title_exports_to_code_that_creates_no_file(tmp_path):
    graph_file = tmp_path / "hostile.bpg.json"
    document = json.loads(SIGMOID.read_text(encoding="utf-8"))
    document["meta"] = {"title": 'T"""\nopen("pwned", "w").write("x")\n"""', "description": "\\"}
    graph_file.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "hostile.py"
    assert backprop_gui("export", graph_file, "--to", "python", "-o", out).returncode == 0
    run_in = tmp_path / "empty"
    run_in.mkdir()
    assert printed_by(out, run_in)["output"] == "s"
    assert not list(run_in.iterdir())


@pytest.mark.parametrize(
    "action, to, chosen_filter",
    [
        ("actionExportPython", "python", ""),
        ("actionExportPyTorch", "pytorch", ""),
        ("actionExportLatex", "latex", ""),
        ("actionExportTikz", "tikz", TIKZ_STANDALONE),
    ],
)
def test_the_cli_writes_what_file_export_writes(qtbot, monkeypatch, tmp_path, action, to,
                                                chosen_filter):  # fmt: skip
    from backprop_gui.ui.main_window import MainWindow

    graph_file = tmp_path / "fanout.bpg.json"
    graph_file.write_bytes((EXAMPLES_DIR / "fanout.bpg.json").read_bytes())
    window = MainWindow(path=str(graph_file))
    qtbot.addWidget(window)
    from_window = tmp_path / "from_window.py"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(from_window), chosen_filter)
    )
    window.findChild(QAction, action).trigger()
    from_cli = tmp_path / "from_cli.py"
    done = backprop_gui("export", graph_file, "--to", to, "-o", from_cli)
    assert done.returncode == 0, done.stderr
    assert from_cli.read_bytes() == from_window.read_bytes()


def incomplete_graph(path: Path) -> Path:
    graph = Graph()
    graph.add_node("input", id="x", value=1.0)
    graph.add_node("op", id="m", op="mul")
    graph.connect("x", "m", 0)
    save(graph, path)
    return path


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.json", "--to", "python", "-o", "out.py"], "cannot read"),
        (["not_json.json", "--to", "python", "-o", "out.py"], "JSON"),
        ([SIGMOID, "--to", "rust", "-o", "out.py"], "invalid choice: 'rust'"),
        ([SIGMOID, "-o", "out.py"], "--to"),
        ([SIGMOID, "--to", "python"], "-o"),
        ([SIGMOID, "--to", "python", "-o", "out.py", "--output", "nope"], "no node 'nope'"),
        ([SIGMOID, "--to", "python", "-o", "no/such/folder/out.py"], "cannot write"),
        ([SIGMOID, "--to", "python", "-o", "."], "cannot write"),
        (["incomplete.json", "--to", "python", "-o", "out.py"], "unconnected ports"),
    ],
)
def test_bad_input_exits_2_with_one_error_line_and_writes_nothing(tmp_path, args, message):
    (tmp_path / "not_json.json").write_text("{not json", encoding="utf-8")
    incomplete_graph(tmp_path / "incomplete.json")
    done = backprop_gui("export", *args, cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], done.stderr
    assert not (tmp_path / "out.py").exists()


def test_the_graph_file_itself_is_never_overwritten(tmp_path):
    graph_file = tmp_path / "sigmoid.bpg.json"
    graph_file.write_bytes(SIGMOID.read_bytes())
    done = backprop_gui("export", graph_file, "--to", "python", "-o", graph_file)
    assert done.returncode == 2 and "the graph file itself" in done.stderr
    assert graph_file.read_bytes() == SIGMOID.read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_as_out_is_refused_at_once_not_waited_on(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    done = backprop_gui("export", SIGMOID, "--to", "python", "-o", pipe)
    assert done.returncode == 2 and done.stderr.splitlines() == [
        f"error: cannot write {str(pipe)!r}: not a regular file"
    ]


def test_a_huge_output_id_is_quoted_short():
    done = backprop_gui("export", SIGMOID, "--to", "python", "-o", "out.py", "--output", "x" * 5000)
    assert done.returncode == 2 and len(done.stderr) < 300, done.stderr


@pytest.mark.parametrize("example", ["fit_line", "logistic_blobs"])
def test_pytorch_export_of_a_file_with_data_trains_as_the_train_command(tmp_path, example):
    """For a file with data, `--to pytorch` writes the training script (as File ›
    Export Code does): it prints `train`'s JSON lines, computed by PyTorch."""
    pytest.importorskip("torch")
    graph_file = EXAMPLES_DIR / f"{example}.bpg.json"
    script = tmp_path / "train_torch.py"
    done = backprop_gui("export", graph_file, "--to", "pytorch", "-o", script)
    assert done.returncode == 0, done.stderr
    ran = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    trained = backprop_gui("train", graph_file)
    assert ran.returncode == trained.returncode == 0, ran.stderr + trained.stderr
    printed = [json.loads(line) for line in ran.stdout.splitlines()]
    expected = [json.loads(line) for line in trained.stdout.splitlines()]
    assert len(printed) == len(expected) > 2
    for got, want in zip(printed, expected):
        assert got.keys() == want.keys()
        if "params" in want:
            assert got["params"] == pytest.approx(want["params"], rel=1e-9, abs=1e-12)
        assert got["loss"] == pytest.approx(want["loss"], rel=1e-9, abs=1e-12)
