"""`backprop-gui plot`: the CSV equals `eval --set` at every point; images are drawn."""

import csv
import io
import json
import math
import os
import re
import stat

import pytest
from PySide6.QtGui import QImage
from test_eval import SIGMOID, graph_file, refused, run

from backprop_gui.cli import main
from backprop_gui.core.examples import EXAMPLES_DIR


def read_csv(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


# Each row equals `eval --set` to rounding: batch and scalar ops agree within 4 ULP
# (core/engine.py), and over a graph the differences grow where terms cancel (the mlp's
# loss at b1 = −2.9: 269 ULP of the result, 6e-14 relative).
ROUNDING = 1e-12


@pytest.mark.parametrize(
    ("example", "x", "lower", "upper", "points", "sets"),
    [("neuron", "w", "-1", "1", "5", ["--set", "b=0.5"]),
     ("mlp", "b1", "-3.1", "-2.1", "11", [])],
    ids=["neuron", "mlp"],
)  # fmt: skip
def test_csv_rows_equal_eval_at_those_points(
    tmp_path, capsys, example, x, lower, upper, points, sets
):
    out = tmp_path / f"{example}.csv"
    path = str(EXAMPLES_DIR / f"{example}.bpg.json")
    assert main(["plot", path, "--x", x, "--from", lower, "--to", upper, "--points", points,
                 *sets, "-o", str(out)]) == 0  # fmt: skip
    assert out.read_text(encoding="utf-8").splitlines()[0] == "x,y,dy_dx"
    rows = read_csv(out)
    xs = [float(r["x"]) for r in rows]
    assert len(xs) == int(points) and (xs[0], xs[-1]) == (float(lower), float(upper))
    for row in rows:
        assert main(["eval", path, "--set", f"{x}={row['x']}", *sets]) == 0
        report = json.loads(capsys.readouterr().out)
        output = report["output"]
        assert float(row["y"]) == pytest.approx(report["values"][output], rel=ROUNDING)
        assert float(row["dy_dx"]) == pytest.approx(report["grads"][x], rel=ROUNDING)


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
        (["--x", "x", "--points", "1", "-o", "out.csv"], "from 2 to 1000000 points"),
        (["--x", "x", "--points", "100000000", "-o", "out.png"], "from 2 to 1000000 points"),
        (["--x", "x", "--from", "inf", "-o", "out.csv"], "--from: 'inf' is not a finite number"),
        (["--x", "x", "--from", "-inf", "-o", "out.csv"], "--from: '-inf' is not a finite number"),
        (["--x", "x", "--from=-1e308", "--to", "1e308", "-o", "out.png"], "wider than a float"),
        (["--x", "x", "--set", "x=1e17", "--from", "1e17", "--to", "1.00000000000000001e17",
          "-o", "out.csv"], "the range must go upwards: 1e+17 to 1e+17"),
        (["--x", "x", "--from", "1e17", "--to", "100000000000000064", "-o", "out.svg"],
         "too narrow for 201 distinct points"),
        (["-o", "out.csv"], "the following arguments are required: --x"),
    ],
    ids=["format", "op on x", "unknown x", "unknown y", "range", "points", "too many points",
         "infinite", "minus infinite", "too wide", "empty", "unresolvable", "no x"],
)  # fmt: skip
def test_bad_input_exits_2(tmp_path, args, message):
    done = run("plot", str(SIGMOID), *[str(tmp_path / a) if a.startswith("out.") else a
                                       for a in args])  # fmt: skip
    refused(done, message)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("suffix", [".csv", ".png", ".svg"])
def test_an_unwritable_file_exits_2_with_one_line(tmp_path, suffix):
    """Checked before Qt draws: no "QSvgPaintEngine::begin()" warning before the error."""
    refused(run("plot", str(SIGMOID), "--x", "x", "-o", str(tmp_path / "no" / f"p{suffix}")),
            f"p{suffix}")  # fmt: skip
    refused(run("plot", str(SIGMOID), "--x", "x", "-o", f"/proc/p{suffix}"), f"p{suffix}")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_as_out_is_refused_and_left_a_pipe(tmp_path):
    """An atomic write would replace it (or a device such as /dev/null) by a file."""
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    refused(run("plot", str(SIGMOID), "--x", "x", "-o", str(pipe)), "not a regular file")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_the_graph_file_itself_is_never_overwritten(tmp_path):
    graph = tmp_path / "g.csv"
    graph.write_bytes(SIGMOID.read_bytes())
    refused(run("plot", str(graph), "--x", "x", "-o", str(graph)), "the graph file itself")
    assert graph.read_bytes() == SIGMOID.read_bytes()


def test_negative_numbers_in_scientific_notation_are_numbers(tmp_path):
    out = tmp_path / "p.csv"
    done = run("plot", str(SIGMOID), "--x", "x", "--from", "-2e1", "--to", "-1.5E1",
               "--points", "3", "-o", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [float(row["x"]) for row in read_csv(out)] == [-20.0, -17.5, -15.0]


def test_the_default_range_of_a_huge_value_is_widened_to_be_resolvable(tmp_path):
    out = tmp_path / "p.csv"
    done = run("plot", str(SIGMOID), "--x", "x", "--set", "x=1e17", "-o", str(out))
    assert done.returncode == 0, done.stderr
    xs = [float(row["x"]) for row in read_csv(out)]
    assert len(set(xs)) == 201 and xs[0] < 1e17 < xs[-1]
