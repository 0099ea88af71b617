"""`backprop-gui from-expr` through a subprocess."""

import json
import subprocess
import sys

import pytest

from backprop_gui.core import compile, load


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "backprop_gui", *args], capture_output=True, text=True, timeout=60
    )


def test_from_expr_builds_lays_out_and_saves(tmp_path):
    out = tmp_path / "s.bpg.json"
    done = run("from-expr", "1/(1+exp(-x))", "-o", str(out))
    assert done.returncode == 0, done.stderr
    graph = load(out)
    assert len(graph) == 7 and graph.output is not None
    assert compile(graph).run({"x": 0.0}).grads["x"] == 0.25
    evaluated = json.loads(run("eval", str(out), "--set", "x=0").stdout)
    assert evaluated["grads"]["x"] == 0.25


def test_the_file_option_is_out_like_renders(tmp_path):
    out = tmp_path / "s.bpg.json"
    done = run("from-expr", "2*x", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert len(load(out)) == 3
    refused = run("from-expr", "2*x", "--output-file", str(tmp_path / "t.bpg.json"))
    assert refused.returncode == 2 and not (tmp_path / "t.bpg.json").exists()


def test_a_bad_expression_is_one_error_line_with_its_column(tmp_path):
    out = tmp_path / "s.bpg.json"
    done = run("from-expr", "1 + foo(x)", "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["error: unknown function 'foo' at column 5"]
    assert not out.exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ("x = sin(x)", "error: 'x' is defined in terms of itself at column 9"),
        ("1if x else 2", "error: 'if ... else' is not allowed at column 1"),  # Python warns too
    ],
    ids=["cycle", "a literal Python warns about"],
)
def test_a_refused_expression_prints_its_error_line_and_nothing_else(tmp_path, text, message):
    done = run("from-expr", text, "-o", str(tmp_path / "s.bpg.json"))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [message]


def test_an_unwritable_file_is_one_error_line(tmp_path):
    done = run("from-expr", "x", "-o", str(tmp_path / "missing" / "s.bpg.json"))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot save")
    assert "Traceback" not in done.stderr


def test_the_output_file_is_required():
    done = run("from-expr", "x")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("error:")
