"""`backprop-gui plot`: the CSV equals `eval --set` at every point; images are drawn."""

import csv
import io
import json
import math
import re

import pytest
from PySide6.QtGui import QImage
from test_eval import SIGMOID, graph_file, refused, run

from backprop_gui.core.examples import EXAMPLES_DIR


def read_csv(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_csv_rows_equal_eval_at_those_points(tmp_path):
    out = tmp_path / "neuron.csv"
    neuron = str(EXAMPLES_DIR / "neuron.bpg.json")
    done = run("plot", neuron, "--x", "w", "--from", "-1", "--to", "1", "--points", "5",
               "--set", "b=0.5", "-o", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").splitlines()[0] == "x,y,dy_dx"
    rows = read_csv(out)
    assert [float(r["x"]) for r in rows] == [-1.0, -0.5, 0.0, 0.5, 1.0]
    for row in rows:
        report = json.loads(run("eval", neuron, "--set", f"w={row['x']}", "--set", "b=0.5").stdout)
        output = report["output"]
        assert float(row["y"]) == pytest.approx(report["values"][output], rel=1e-12)
        assert float(row["dy_dx"]) == pytest.approx(report["grads"]["w"], rel=1e-12)


def test_csv_defaults_and_non_finite_numbers(tmp_path):
    graph = json.loads(SIGMOID.read_text(encoding="utf-8"))
    graph["nodes"].append({"id": "l", "kind": "op", "op": "log"})
    graph["edges"].append({"source": "x", "target": "l", "port": 0})
    out = tmp_path / "log.csv"
    done = run("plot", graph_file(tmp_path, json.dumps(graph)), "--x", "x", "--y", "l",
               "-o", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = read_csv(out)
    assert len(rows) == 201 and float(rows[0]["x"]) == -3.0 and float(rows[-1]["x"]) == 3.0
    assert rows[0]["y"] == "nan" and rows[100] == {"x": "0.0", "y": "-inf", "dy_dx": "inf"}
    assert math.isclose(float(rows[-1]["y"]), math.log(3.0))


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_images_are_written(tmp_path, suffix):
    out = tmp_path / f"plot{suffix}"
    done = run("plot", str(SIGMOID), "--x", "x", "-o", str(out))
    assert done.returncode == 0, done.stderr
    curves = {"#2563eb", "#d97706", "#16a34a"}  # value, derivative, tangent
    if suffix == ".png":
        image = QImage(str(out))
        assert image.width() >= 600 and image.height() >= 400
        drawn = {image.pixelColor(x, y).name() for x in range(0, 800, 3) for y in range(0, 500, 3)}
    else:
        text = out.read_text(encoding="utf-8")
        assert text.startswith("<?xml") and "<svg" in text
        drawn = set(re.findall(r'stroke="(#[0-9a-f]{6})"', text))
    assert curves <= drawn


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--x", "x", "-o", "out.txt"], "plot writes .csv, .png or .svg files"),
        (["--x", "s", "-o", "out.csv"], "'s' is an op node"),
        (["--x", "nope", "-o", "out.csv"], "there is no node 'nope'"),
        (["--x", "x", "--y", "nope", "-o", "out.csv"], "there is no node 'nope'"),
        (["--x", "x", "--from", "2", "--to", "1", "-o", "out.csv"], "the range must go upwards"),
        (["--x", "x", "--points", "1", "-o", "out.csv"], "at least 2 points"),
        (["--x", "x", "--from", "inf", "-o", "out.csv"], "--from: 'inf' is not a finite number"),
        (["-o", "out.csv"], "the following arguments are required: --x"),
    ],
    ids=["format", "op on x", "unknown x", "unknown y", "range", "points", "infinite", "no x"],
)  # fmt: skip
def test_bad_input_exits_2(tmp_path, args, message):
    done = run("plot", str(SIGMOID), *[str(tmp_path / a) if a.startswith("out.") else a
                                       for a in args])  # fmt: skip
    refused(done, message)
    assert not list(tmp_path.iterdir())


def test_an_unwritable_file_exits_2(tmp_path):
    refused(run("plot", str(SIGMOID), "--x", "x", "-o", str(tmp_path / "no" / "p.csv")), "p.csv")
