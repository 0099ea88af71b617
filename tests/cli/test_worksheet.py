"""`backprop-gui worksheet`: one page per variant, a key that agrees with `eval`, the same
seed giving the same sheets, and one `error:` line for bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from cli_helpers import run
from PySide6.QtGui import QImage

from backprop_gui.core import load
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.core.numbers import format_number
from backprop_gui.core.worksheets import variants

FANOUT = str(EXAMPLES_DIR / "fanout.bpg.json")
PDFTOTEXT = shutil.which("pdftotext")


def page_count(path) -> int:
    """Pages in a PDF from Qt's writer, whose page objects are plain text."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def pages_text(path) -> list[str]:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    text = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True)
    return text.stdout.split("\f")[:-1]


def test_one_page_per_variant_and_the_key(tmp_path):
    sheets, key = tmp_path / "sheets.pdf", tmp_path / "key.pdf"
    done = run("worksheet", FANOUT, "-o", str(sheets), "--count", "3", "--answers", str(key))
    assert done.returncode == 0, done.stderr
    assert page_count(sheets) == 3
    assert page_count(key) == 3
    pages = pages_text(sheets)
    assert len(pages) == 3 and all("Given: x = " in page for page in pages)
    assert "Exercise 2 of 3" in pages[1]


def test_the_keys_numbers_are_evals_for_that_variant(tmp_path):
    sheets, key = tmp_path / "sheets.pdf", tmp_path / "key.pdf"
    run("worksheet", FANOUT, "-o", str(sheets), "--count", "2", "--seed", "41",
        "--answers", str(key), "--hide", "both")  # fmt: skip
    for sheet, answers in zip(pages_text(sheets), pages_text(key)):
        given = re.search(r"Given: x = (\S+)", sheet).group(1).replace("−", "-")
        assert f"Given: x = {given.replace('-', '−')}" in answers
        evaluated = json.loads(run("eval", FANOUT, "--set", f"x={given}").stdout)
        lines = dict(re.findall(r"^\s*(\S+) = .* = (\S+)\s*$", answers, flags=re.M))
        for node in ("y", "z", "T"):
            assert lines[node] == format_number(evaluated["values"][node])
        grads = dict(re.findall(r"^\s*dT/d(\w) = .* = (\S+)\s*$", answers, flags=re.M))
        for node in ("x", "y", "z"):
            assert grads[node] == format_number(evaluated["grads"][node])


def test_same_seed_same_text_other_seed_other_numbers(tmp_path):
    texts = []
    for name, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        out = tmp_path / f"{name}.pdf"
        assert (
            run("worksheet", FANOUT, "-o", str(out), "--count", "2", "--seed", seed).returncode == 0
        )
        texts.append(pages_text(out))
    assert texts[0] == texts[1]
    assert texts[0] != texts[2]


def test_hidden_values_leave_gradients_out_of_the_task(tmp_path):
    out = tmp_path / "values.pdf"
    assert run("worksheet", FANOUT, "-o", str(out), "--hide", "values").returncode == 0
    assert "the value of every blank node" in pages_text(out)[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.png"], "writes .pdf files"),
        (["-o", "x.pdf", "--count", "0"], "--count must be between 1 and"),
        (["-o", "x.pdf", "--count", "two"], "--count takes a whole number"),
        (["-o", "x.pdf", "--hide", "edges"], "invalid choice"),
        (["-o", "x.pdf", "--answers", "x.pdf"], "a file of its own"),
        (["-o", "x.pdf", "--output", "nope"], "no node 'nope'"),
        (["-o", "/nonexistent/dir/x.pdf"], "cannot write"),
    ],
)
def test_bad_input_is_one_error_line(tmp_path, args, message):
    done = run("worksheet", FANOUT, *args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], done.stderr


def test_a_missing_file_is_one_error_line(tmp_path):
    done = run("worksheet", str(tmp_path / "none.json"), "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 2 and done.stderr.startswith("error:")


def test_a_graph_without_finite_numbers_is_refused(tmp_path):
    graph = {
        "format": "backprop-gui.graph", "version": 1,
        "nodes": [{"id": "x", "kind": "input", "value": 1.0},
                  {"id": "c", "kind": "constant", "value": 0.0},
                  {"id": "d", "kind": "op", "op": "div"}],
        "edges": [{"source": "x", "target": "d", "port": 0},
                  {"source": "c", "target": "d", "port": 1}],
    }  # fmt: skip
    path = tmp_path / "div0.bpg.json"
    path.write_text(json.dumps(graph))
    done = run("worksheet", str(path), "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 2 and "no input values keep this graph finite" in done.stderr


def test_a_large_graph_gets_numbered_boxes_and_an_answer_table_on_one_page(tmp_path):
    out, key = tmp_path / "mlp.pdf", tmp_path / "mlp_key.pdf"
    mlp = str(EXAMPLES_DIR / "mlp.bpg.json")
    done = run("worksheet", mlp, "-o", str(out), "--answers", str(key), "--count", "2")
    assert done.returncode == 0, done.stderr
    assert page_count(out) == 2 and page_count(key) == 2
    sheet = pages_text(out)[0]
    assert "(1)" in sheet and "(43)" in sheet and "(43) dloss/dx" in sheet
    assert "(43) dloss/dx" in pages_text(key)[0]
    small = tmp_path / "neuron.pdf"
    run("worksheet", str(EXAMPLES_DIR / "neuron.bpg.json"), "-o", str(small), "--count", "2")
    assert len(pages_text(small)) == 2


def test_a_graph_too_large_to_read_is_refused_and_nothing_is_written(tmp_path):
    out = tmp_path / "moons.pdf"
    done = run("worksheet", str(EXAMPLES_DIR / "two_moons.bpg.json"), "-o", str(out))
    assert done.returncode == 2 and "too large for a readable one-page worksheet" in done.stderr
    assert len(done.stderr.splitlines()) == 1 and not out.exists()


def test_a_title_is_text_not_html(tmp_path):
    graph = json.loads(open(FANOUT, encoding="utf-8").read())
    picture = tmp_path / "secret.png"
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    assert image.save(str(picture))
    graph.setdefault("meta", {})["title"] = f'<img src="{picture}"> <b>Quiz</b>'
    path = tmp_path / "g.bpg.json"
    path.write_text(json.dumps(graph), encoding="utf-8")
    out = tmp_path / "x.pdf"
    assert run("worksheet", str(path), "-o", str(out)).returncode == 0
    assert "<img src=" in pages_text(out)[0] and b"/Subtype /Image" not in out.read_bytes()


def test_a_display_platform_without_a_display_still_writes(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    out = tmp_path / "x.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "backprop_gui", "worksheet", FANOUT, "-o", str(out)],
        capture_output=True, text=True, timeout=120, env={**env, "QT_QPA_PLATFORM": "xcb"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert page_count(out) == 1


def test_a_folder_as_output_is_one_line_and_a_bad_key_writes_no_sheets(tmp_path):
    folder = tmp_path / "sheets.pdf"
    folder.mkdir()
    done = run("worksheet", FANOUT, "-o", str(folder))
    assert done.returncode == 2 and done.stderr.splitlines() == [
        f"error: cannot write {folder}: it is a folder"
    ]
    folder.rmdir()
    sheets = tmp_path / "sheets.pdf"
    done = run("worksheet", FANOUT, "-o", str(sheets), "--answers", "/nonexistent/key.pdf")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert not sheets.exists()


def test_a_graph_with_a_free_port_is_refused(tmp_path):
    graph = {
        "format": "backprop-gui.graph", "version": 1,
        "nodes": [{"id": "x", "kind": "input", "value": 1.0},
                  {"id": "m", "kind": "op", "op": "mul"}],
        "edges": [{"source": "x", "target": "m", "port": 0}],
    }  # fmt: skip
    path = tmp_path / "free.bpg.json"
    path.write_text(json.dumps(graph))
    done = run("worksheet", str(path), "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 2 and done.stderr.splitlines() == [
        "error: cannot print a worksheet of a graph with unconnected ports (at 'm')"
    ]


@pytest.mark.parametrize("example", ["fanout", "logistic_blobs", "mlp"])
def test_a_sheet_never_shows_its_answers(tmp_path, example):
    out = tmp_path / "sheet.pdf"
    path = EXAMPLES_DIR / f"{example}.bpg.json"
    assert run("worksheet", str(path), "-o", str(out), "--hide", "both").returncode == 0
    sheet = pages_text(out)[0]
    graph = load(path)
    exercise = variants(graph, 1, "0", "both")[0]
    given_lines = sheet.split("Given:")[1].split("\n\n")[0]  # the paragraph may wrap
    given = set(re.findall(r"−?\d[\d.]*", given_lines))
    for blank in exercise.blanks.values():
        shown = format_number(blank.answer)
        if shown not in given | {"0", "1", "−1"}:
            assert not re.search(rf"(?<![\w.]){re.escape(shown)}(?![\w.])", sheet), shown
