"""`backprop-gui check`: JSON per input and constant, exit 0 / 1 / 2."""

import json
import math

import pytest
from test_eval import SIGMOID, graph_file, refused, run

from backprop_gui.cli import main
from backprop_gui.core import Graph, save
from backprop_gui.core.examples import EXAMPLES_DIR


def test_check_prints_one_entry_per_leaf_with_a_path_and_exits_0():
    done = run("check", str(SIGMOID), "--set", "x=1")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"output", "ok", "checks"}
    assert report["output"] == "s" and report["ok"] is True
    assert set(report["checks"]) == {"x", "one", "one_b"}
    x = report["checks"]["x"]
    assert set(x) == {"analytic", "numeric", "error", "kink", "ok"}
    sigma = 1 / (1 + math.exp(-1))
    assert x["analytic"] == pytest.approx(sigma * (1 - sigma), rel=1e-12)
    assert x["numeric"] == pytest.approx(x["analytic"], rel=1e-8)
    assert x["error"] <= 1e-5 and x["kink"] is False and x["ok"] is True


def test_a_kink_is_flagged_and_still_ok():
    done = run("check", str(EXAMPLES_DIR / "relu_kink.bpg.json"))
    assert done.returncode == 0, done.stderr
    x = json.loads(done.stdout)["checks"]["x"]
    assert x == {"analytic": 0.0, "numeric": 0.5, "error": 1.0, "kink": True, "ok": True}


def test_nan_on_both_sides_agrees(tmp_path):
    """x**2 at x = −2: d/d(exponent) = x²·log x is NaN, and so is its central difference."""
    path = str(tmp_path / "square.bpg.json")
    assert run("from-expr", "x**2", "-o", path).returncode == 0
    done = run("check", path, "--set", "x=-2")
    assert done.returncode == 0, done.stdout
    exponent = json.loads(done.stdout)["checks"]["c"]
    assert exponent["analytic"] == exponent["numeric"] == "nan"
    assert exponent["error"] == 0.0 and exponent["ok"] is True


def test_output_and_eps_are_used():
    done = run("check", str(SIGMOID), "--output", "exp", "--eps", "1e-2")
    report = json.loads(done.stdout)
    assert report["output"] == "exp" and set(report["checks"]) == {"x"}
    assert report["checks"]["x"]["error"] == pytest.approx(1e-4 / 6, rel=1e-2)


def test_a_wrong_partial_in_an_op_record_exits_1(tmp_path, wrong_sin, capsys):
    graph = Graph()
    graph.add_node("input", id="x", value=0.3)
    graph.add_node("op", id="f", op=wrong_sin)
    graph.connect("x", "f", 0)
    path = tmp_path / "bad.bpg.json"
    save(graph, path)
    assert main(["check", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["checks"]["x"]["ok"] is False and report["checks"]["x"]["kink"] is False
    assert report["checks"]["x"]["error"] == pytest.approx(0.5)


def test_non_finite_numbers_are_strings(tmp_path):
    graph = json.loads(SIGMOID.read_text(encoding="utf-8"))
    graph["nodes"].append({"id": "l", "kind": "op", "op": "log"})
    graph["edges"].append({"source": "x", "target": "l", "port": 0})
    done = run("check", graph_file(tmp_path, json.dumps(graph)), "--output", "l", "--set", "x=-1")
    assert done.returncode == 1
    x = json.loads(done.stdout)["checks"]["x"]
    assert x["analytic"] == -1.0 and x["numeric"] == "nan" and x["error"] == "nan"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", str(SIGMOID), "--eps", "0"], "--eps must be above 0"),
        (["check", str(SIGMOID), "--eps", "tiny"], "--eps: 'tiny' is not a finite number"),
        (["check", str(SIGMOID), "--set", "nope=1"], "there is no node 'nope'"),
        (["check", str(SIGMOID), "--output", "nope"], "there is no node 'nope'"),
        (["check", "/no/such/graph.json"], "cannot read /no/such/graph.json"),
    ],
    ids=["zero eps", "eps not a number", "unknown --set", "unknown --output", "missing file"],
)  # fmt: skip
def test_bad_input_exits_2(args, message):
    refused(run(*args), message)
