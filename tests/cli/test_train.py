"""`backprop-gui train` and `eval --row` through a real process: JSON lines, the trained
file, exit 2 with one error line for bad input, exit 1 when training diverges."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_eval import REPO, refused, run

from backprop_gui.core import Graph, Trainer, load, save
from backprop_gui.core.training_options import TrainingOptions

FIT_LINE = REPO / "backprop_gui" / "resources" / "examples" / "fit_line.bpg.json"


@pytest.fixture
def line_file(tmp_path) -> Path:
    """The fit-a-line example, w·x + b against y, trained briefly in small batches."""
    graph = load(FIT_LINE)
    graph.set_training(TrainingOptions(epochs=4, lr=0.05, batch_size=8))
    path = tmp_path / "line.bpg.json"
    save(graph, path)
    return path


def lines_of(done) -> list[dict]:
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def expected_losses(path: Path, **flags) -> tuple[list[float], dict]:
    graph = load(path)
    trainer = Trainer(graph, graph.training.updated(flags, str))
    return [loss for _, loss in trainer.run()], trainer.values


def test_train_prints_the_loss_before_and_after_each_epoch_then_the_params(line_file):
    lines = lines_of(run("train", str(line_file)))
    losses, params = expected_losses(line_file)
    assert lines[:-1] == [{"epoch": k, "loss": loss} for k, loss in enumerate(losses)]
    assert lines[-1] == {"params": params, "loss": losses[-1]}
    assert losses[-1] < losses[0]


def test_flags_override_the_files_training_options(line_file):
    args = ["--epochs", "2", "--optimizer", "adam", "--lr", "0.5", "--batch-size", "1",
            "--seed", "3", "--no-shuffle"]  # fmt: skip
    lines = lines_of(run("train", str(line_file), *args))
    flags = {"epochs": 2, "optimizer": "adam", "lr": 0.5, "batch_size": 1, "seed": 3,
             "shuffle": False}  # fmt: skip
    losses, params = expected_losses(line_file, **flags)
    assert [line["loss"] for line in lines[:-1]] == losses and len(losses) == 3
    assert lines[-1]["params"] == params


def test_momentum_flag_reaches_the_optimizer(line_file):
    lines = lines_of(run("train", str(line_file), "--optimizer", "momentum", "--momentum", "0.5"))
    _, params = expected_losses(line_file, optimizer="momentum", momentum=0.5)
    assert lines[-1]["params"] == params


def test_out_writes_the_trained_graph_with_its_data_and_training(line_file, tmp_path):
    out = tmp_path / "trained.bpg.json"
    lines = lines_of(run("train", str(line_file), "--epochs", "3", "-o", str(out)))
    trained = load(out)
    assert {p: trained.node(p).value for p in ("w", "b")} == lines[-1]["params"]
    assert trained.data == load(line_file).data
    assert trained.training == load(line_file).training  # the file's, not the flags'
    assert trained.columns_bound() == {"x": "x", "y": "y"}


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["utf-8", "utf-8 with a BOM"])
def test_data_from_a_csv_replaces_the_files_data(line_file, tmp_path, bom):
    csv = tmp_path / "data.csv"
    csv.write_text(f"{bom}y,x\n4,2\n6,3\n", encoding="utf-8")
    out = tmp_path / "out.bpg.json"
    lines = lines_of(run("train", str(line_file), "--data", str(csv), "--epochs", "1",
                         "-o", str(out)))  # fmt: skip
    graph = load(line_file)
    graph.set_data(load(out).data)
    assert graph.data.rows == 2
    losses = [loss for _, loss in Trainer(graph, graph.training.updated({"epochs": 1}, str)).run()]
    assert [line["loss"] for line in lines[:-1]] == losses


@pytest.mark.parametrize("batch", ["8", "100"], ids=["small batches", "the whole data"])
def test_a_diverging_run_prints_its_last_epoch_and_exits_1(line_file, batch):
    """One error line and no numpy warning (the whole batch's mean overflowed and
    numpy said so in two lines of its own before the error)."""
    done = run("train", str(line_file), "--lr", "5", "--epochs", "1000", "--batch-size", batch)
    assert done.returncode == 1
    last = json.loads(done.stdout.splitlines()[-1])
    assert last["loss"] in ("nan", "inf")
    (error,) = done.stderr.splitlines()
    assert error.startswith(f"error: training diverged at epoch {last['epoch']}: ")
    assert "smaller learning rate" in error and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lr", "0"], "--lr must be a finite number > 0, not 0.0"),
        (["--lr", "nan"], "--lr must be a finite number > 0, not nan"),
        (["--lr", "fast"], "argument --lr: invalid float value: 'fast'"),
        (["--epochs", "-1"], "--epochs must be a whole number ≥ 0, not -1"),
        (["--epochs", "2.5"], "argument --epochs: invalid int value: '2.5'"),
        (["--batch-size", "0"], "--batch-size must be a whole number ≥ 1, not 0"),
        (["--seed", "-3"], "--seed must be a whole number ≥ 0, not -3"),
        (["--momentum", "-1"], "--momentum must be a finite number ≥ 0"),
        (["--optimizer", "rmsprop"], "argument --optimizer: invalid choice: 'rmsprop'"),
    ],
)
def test_bad_flags_are_refused_with_one_line(line_file, args, message):
    refused(run("train", str(line_file), *args), message)


def test_bad_csv_data_is_refused_naming_the_row_and_column(line_file, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("x,y\n1,2\n3,oops\n", encoding="utf-8")
    place = f"{csv}, line 3 (data row 1), column 'y'"
    refused(run("train", str(line_file), "--data", str(csv)), f"{place}: 'oops'")
    csv.write_text("x,y\n1,2\n3,1_000\n", encoding="utf-8")
    refused(run("train", str(line_file), "--data", str(csv)), f"{place}: '1_000'")
    csv.write_text("x,t\n1,2\n", encoding="utf-8")
    refused(run("train", str(line_file), "--data", str(csv)), "input 'y' reads column 'y'")
    refused(run("train", str(line_file), "--data", str(tmp_path / "none.csv")), "cannot read")
    os.mkfifo(tmp_path / "pipe.csv")
    refused(run("train", str(line_file), "--data", str(tmp_path / "pipe.csv")), "named pipe")


@pytest.mark.parametrize(
    "text",
    ["x,y\n1," + "9" * 400 + "\n", "x,y," + "z" * 300 + "\n1,2,a\n"],
    ids=["a 400-digit datum", "a 300-character column name"],
)
def test_long_csv_input_is_quoted_short(line_file, tmp_path, text):
    csv = tmp_path / "long.csv"
    csv.write_text(text, encoding="utf-8")
    done = run("train", str(line_file), "--data", str(csv))
    refused(done, "error: ")
    assert len(done.stderr) < 300


def test_a_graph_that_cannot_be_trained_is_refused(tmp_path):
    graph = Graph()
    graph.add_node("input", id="x", value=1.0)
    graph.add_node("op", id="f", op="square")
    graph.connect("x", "f", 0)
    save(graph, tmp_path / "fixed.bpg.json")
    refused(run("train", str(tmp_path / "fixed.bpg.json")), "nothing to train")
    (tmp_path / "broken.bpg.json").write_text("{", encoding="utf-8")
    refused(run("train", str(tmp_path / "broken.bpg.json")), "not a valid JSON file")


def eval_report(*args) -> dict:
    done = run("eval", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_eval_uses_the_stored_values_and_row_k_of_the_data(line_file):
    graph = load(line_file)
    stored = eval_report(str(line_file))
    assert stored["values"]["x"] == graph.node("x").value
    assert stored["values"]["y"] == graph.node("y").value
    row = eval_report(str(line_file), "--row", "2")
    x, y = graph.data.row(2)["x"], graph.data.row(2)["y"]
    assert row["values"]["x"] == x and row["values"]["y"] == y
    assert row["values"]["loss"] == y**2 and row["grads"]["w"] == -2 * y * x  # w = b = 0
    assert eval_report(str(line_file), "--row", "2", "--set", "x=1")["values"]["x"] == 1.0


def test_eval_row_errors(line_file, tmp_path):
    refused(
        run("eval", str(line_file), "--row", "30"),
        "--row: there is no data row 30 (the data rows are 0 to 29)",
    )
    save(Graph(), tmp_path / "empty.bpg.json")
    refused(run("eval", str(tmp_path / "empty.bpg.json"), "--row", "0"), "the file has no data")
