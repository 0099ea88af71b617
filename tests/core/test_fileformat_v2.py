"""File format v2: input columns, the data set and the training options; every
refusal names its place; a graph using nothing of v2 is still written as v1."""

from __future__ import annotations

import copy
import json

import pytest
from core_helpers import EXAMPLES

from backprop_gui.core import FileFormatError, dumps, load, loads
from backprop_gui.core import dataset as dataset_module
from backprop_gui.core.training_options import TrainingOptions

GOOD = {
    "format": "backprop-gui.graph",
    "version": 2,
    "nodes": [
        {"id": "x", "kind": "input", "value": 0.0, "column": "x", "pos": [0, 0]},
        {"id": "y", "kind": "input", "value": 0.0, "column": "y", "pos": [0, 80]},
        {"id": "w", "kind": "input", "value": 0.5, "trainable": True, "pos": [0, 160]},
        {"id": "c", "kind": "constant", "value": 1.0, "pos": [0, 240]},
        {"id": "m", "kind": "op", "op": "mul", "pos": [160, 40]},
        {"id": "loss", "kind": "op", "op": "mse", "pos": [320, 40]},
    ],
    "edges": [
        {"source": "x", "target": "m", "port": 0},
        {"source": "w", "target": "m", "port": 1},
        {"source": "m", "target": "loss", "port": 0},
        {"source": "y", "target": "loss", "port": 1},
    ],
    "output": "loss",
    "training": {"optimizer": "adam", "lr": 0.01, "epochs": 5, "batch_size": 2, "seed": 7,
                 "shuffle": False, "momentum": 0.5},
    "data": {"columns": {"x": [1, 2.5, -3], "y": [2.0, 5.0, -6.0]}},
}  # fmt: skip


def text_with(change) -> str:
    document = copy.deepcopy(GOOD)
    change(document)
    return json.dumps(document)


def test_columns_data_and_training_load():
    graph = loads(json.dumps(GOOD))
    assert graph.columns_bound() == {"x": "x", "y": "y"}
    assert graph.data.rows == 3 and graph.data.names == ["x", "y"]
    assert graph.data.columns["x"].tolist() == [1.0, 2.5, -3.0]
    assert graph.training == TrainingOptions("adam", 0.01, 5, 2, 7, False, 0.5)


def test_every_training_key_is_optional_and_defaults_fill_in():
    graph = loads(text_with(lambda d: d.__setitem__("training", {"lr": 0.5})))
    assert graph.training.to_record() == {"lr": 0.5}
    resolved = graph.training.resolved()
    assert (resolved.optimizer, resolved.lr, resolved.epochs, resolved.batch_size) == (
        "sgd", 0.5, 100, None,
    )  # fmt: skip
    assert (resolved.seed, resolved.shuffle, resolved.momentum) == (0, True, 0.9)


def test_a_v2_file_saves_and_loads_back_to_the_same_bytes(tmp_path):
    text = dumps(loads(json.dumps(GOOD)))
    document = json.loads(text)
    assert document["version"] == 2
    assert document["data"] == {"columns": {"x": [1.0, 2.5, -3.0], "y": [2.0, 5.0, -6.0]}}
    assert document["training"] == GOOD["training"]
    assert {"id": "x", "kind": "input", "value": 0.0, "column": "x", "pos": [0.0, 0.0]} in (
        document["nodes"]
    )
    assert '"x": [1.0, 2.5, -3.0]' in text  # one line per column
    assert dumps(loads(text)) == text


def test_a_v2_op_alone_makes_a_version_2_file():
    graph = loads(text_with(lambda d: (d.pop("data"), d.pop("training"), _unbind(d))))
    assert json.loads(dumps(graph))["version"] == 2
    graph.set_op("loss", "sub")
    assert json.loads(dumps(graph))["version"] == 1


def _unbind(document):
    for record in document["nodes"]:
        record.pop("column", None)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.bpg.json")), ids=lambda p: p.name)
def test_v1_examples_still_save_byte_identically(path):
    graph = load(path)
    if json.loads(path.read_text(encoding="utf-8"))["version"] == 1:
        assert dumps(graph) == path.read_text(encoding="utf-8")


def _set_column(node_id, column):
    def change(document):
        next(r for r in document["nodes"] if r["id"] == node_id)["column"] = column

    return change


def _data(columns):
    return lambda d: d.__setitem__("data", {"columns": columns})


def _training(**options):
    return lambda d: d.__setitem__("training", options)


REFUSALS = {
    "unknown column": (_set_column("x", "z"), "node 'x': unknown column 'z' \\(columns: x, y\\)"),
    "column without data": (
        lambda d: d.pop("data"), "node 'x': unknown column 'x' \\(columns: none\\)"
    ),
    "column not text": (_set_column("x", 3), "node 'x': \"column\" must be the name"),
    "column on a constant": (_set_column("c", "x"), "node 'c': only an input can read"),
    "column on a trainable input": (_set_column("w", "x"), "node 'w' is trainable"),
    "different lengths": (
        _data({"x": [1.0, 2.0], "y": [1.0]}),
        "data.columns: column 'y' has 1 rows but column 'x' has 2",
    ),
    "a text datum": (_data({"x": [1.0, "2"], "y": [1, 2]}), "row 1: '2' is not a number"),
    "a boolean datum": (_data({"x": [1.0, 2], "y": [1, True]}), "'y', data row 1: True is not"),
    "a null datum": (_data({"x": [None], "y": [1]}), "'x', data row 0: None is not a"),
    "a NaN datum": (_data({"x": [1.0, float("nan")], "y": [1, 2]}), "row 1: nan is not a finite"),
    "an infinite datum": (_data({"x": [float("inf")], "y": [1]}), "row 0: inf is not a finite"),
    "a huge integer": (_data({"x": [10**400], "y": [1]}), "row 0: 1000.* is not a finite"),
    "an empty column": (_data({"x": [], "y": []}), "column 'x': must be a non-empty list"),
    "no columns": (_data({}), "data.columns: needs at least one column"),
    "data not an object": (lambda d: d.__setitem__("data", [1]), '"data" must be an object'),
    "unknown optimizer": (_training(optimizer="rmsprop"), "training.optimizer: unknown optimizer"),
    "zero lr": (_training(lr=0), "training.lr must be a finite number > 0, not 0"),
    "text lr": (_training(lr="fast"), "training.lr must be a finite number > 0"),
    "infinite lr": (_training(lr=float("inf")), "training.lr must be a finite number > 0"),
    "negative epochs": (_training(epochs=-1), "training.epochs must be a whole number ≥ 0"),
    "fractional epochs": (_training(epochs=1.5), "training.epochs must be a whole number"),
    "zero batch size": (_training(batch_size=0), "training.batch_size must be a whole number ≥ 1"),
    "boolean batch size": (_training(batch_size=True), "training.batch_size must be a whole"),
    "negative seed": (_training(seed=-1), "training.seed must be a whole number ≥ 0"),
    "text seed": (_training(seed="0"), "training.seed must be a whole number"),
    "shuffle not boolean": (_training(shuffle=1), "training.shuffle must be true or false"),
    "negative momentum": (_training(momentum=-0.1), "momentum must be a finite number ≥ 0"),
    "training not an object": (lambda d: d.__setitem__("training", 3), '"training" must be an'),
}  # fmt: skip


@pytest.mark.parametrize("case", list(REFUSALS))
def test_each_v2_refusal_is_one_message_naming_the_place(case):
    change, message = REFUSALS[case]
    with pytest.raises(FileFormatError, match=message):
        loads(text_with(change))


def test_too_many_numbers_are_refused(monkeypatch):
    monkeypatch.setattr(dataset_module, "MAX_NUMBERS", 5)
    with pytest.raises(FileFormatError, match="more than 5 numbers in all"):
        loads(text_with(_data({"x": [1, 2, 3], "y": [4, 5, 6]})))
