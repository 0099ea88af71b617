"""`backprop-gui eval` through a real process: JSON out, or exit 2 and one error line."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backprop_gui.core import Graph, save

REPO = Path(__file__).resolve().parents[2]
SIGMOID = REPO / "backprop_gui" / "resources" / "examples" / "sigmoid.bpg.json"


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "backprop_gui", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=60,
    )  # fmt: skip


def refused(done: subprocess.CompletedProcess, message: str) -> None:
    """Exit code 2, nothing on stdout, and exactly one `error:` line on stderr."""
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert message in lines[0]


def test_eval_prints_values_and_gradients_as_json():
    done = run("eval", str(SIGMOID))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"output", "order", "values", "grads"}
    assert report["output"] == "s"
    assert report["order"] == ["x", "one", "one_b", "neg", "exp", "add", "s"]
    assert report["values"]["s"] == 0.5 and report["values"]["exp"] == 1.0
    assert report["grads"]["x"] == 0.25 and report["grads"]["s"] == 1.0


def test_set_changes_values_and_output_chooses_the_node():
    done = run("eval", str(SIGMOID), "--set", "x=2", "--set", "one=0", "--output", "add")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["output"] == "add"
    assert report["values"]["add"] == pytest.approx(0.1353352832366127)  # e^−2 + 0
    assert report["grads"]["x"] == pytest.approx(-0.1353352832366127)
    assert report["grads"]["s"] is None and report["grads"]["one_b"] is None


def graph_file(tmp_path, text: str) -> str:
    path = tmp_path / "graph.bpg.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_non_finite_numbers_are_strings_and_missing_ones_null(tmp_path):
    graph = json.loads(SIGMOID.read_text(encoding="utf-8"))
    graph["nodes"].append({"id": "l", "kind": "op", "op": "log"})
    graph["nodes"].append({"id": "free", "kind": "op", "op": "add"})
    graph["edges"].append({"source": "x", "target": "l", "port": 0})
    graph["edges"].append({"source": "x", "target": "free", "port": 0})
    done = run("eval", graph_file(tmp_path, json.dumps(graph)), "--set", "x=-2")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["values"]["l"] == "nan"
    assert report["values"]["free"] is None
    done = run("eval", graph_file(tmp_path, json.dumps(graph)), "--set", "x=0", "--output", "l")
    report = json.loads(done.stdout)
    assert report["values"]["l"] == "-inf" and report["grads"]["x"] == "inf"


def test_several_sinks_without_output_is_refused_listing_them(tmp_path):
    graph = json.loads(SIGMOID.read_text(encoding="utf-8"))
    del graph["output"]
    graph["nodes"].append({"id": "t", "kind": "op", "op": "tanh"})
    graph["edges"].append({"source": "x", "target": "t", "port": 0})
    refused(run("eval", graph_file(tmp_path, json.dumps(graph))), "2 outputs (s, t)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "/no/such/graph.json"], "cannot read /no/such/graph.json"),
        (["eval", str(SIGMOID), "--set", "y=1"], "there is no node 'y'"),
        (["eval", str(SIGMOID), "--set", "x=abc"], "--set x: 'abc' is not a finite number"),
        (["eval", str(SIGMOID), "--set", "x=nan"], "--set x: 'nan' is not a finite number"),
        (["eval", str(SIGMOID), "--set", "x"], "--set takes ID=VALUE"),
        (["eval", str(SIGMOID), "--set", "neg=1"], "'neg' is an op node"),
        (["eval", str(SIGMOID), "--output", "nope"], "there is no node 'nope'"),
        (["eval"], "the following arguments are required: file"),
        (["eval", str(SIGMOID), "--frobnicate"], "unrecognized arguments: --frobnicate"),
    ],
    ids=[
        "missing file", "unknown id in --set", "non-number value", "NaN value",
        "no equals sign", "op node in --set", "unknown --output", "no file", "unknown option",
    ],
)  # fmt: skip
def test_bad_arguments_exit_2_with_one_error_line(args, message):
    refused(run(*args), message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not a valid JSON file"),
        ('{"format": "backprop-gui.graph", "version": 7, "nodes": []}', "format version 7"),
        (SIGMOID.read_text(encoding="utf-8").replace('"op": "neg"', '"op": "negate"'),
         "node 'neg': unknown op 'negate'"),
        (SIGMOID.read_text(encoding="utf-8").replace('"op": "neg"', '"op": []'),
         "node 'neg': unknown op []"),
        (SIGMOID.read_text(encoding="utf-8").replace('"id": "x"', '"id": "x\\ud800\\n"'),
         r"node 0: the id must be printable text on one line, not 'x\ud800\n'"),
    ],
    ids=["not JSON", "newer version", "unknown op", "op a list", "surrogate and newline in id"],
)  # fmt: skip
def test_broken_files_exit_2_with_one_error_line(tmp_path, text, message):
    refused(run("eval", graph_file(tmp_path, text)), message)


def test_names_that_are_not_regular_files_exit_2_at_once(tmp_path):
    """A folder, a device that never ends, a pipe nobody writes to: refused, not read."""
    refused(run("eval", str(tmp_path)), "it is a folder, not a file")
    if os.path.exists("/dev/zero"):
        refused(run("eval", "/dev/zero"), "it is a device, not a regular file")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        refused(run("eval", str(tmp_path / "pipe")), "it is a named pipe, not a regular file")


def test_an_empty_graph_is_refused(tmp_path):
    path = tmp_path / "empty.bpg.json"
    save(Graph(), path)
    refused(run("eval", str(path)), "the graph is empty")
