"""File format v1: every refusal names its place, and saving is atomic and stable."""

import copy
import json
import os
import stat

import pytest
from core_helpers import EXAMPLES, sigmoid_from_parts

from backprop_gui.core import FileFormatError, Graph, compile, dumps, load, loads, save
from backprop_gui.core.layout import layered_layout

GOOD = {
    "format": "backprop-gui.graph",
    "version": 1,
    "meta": {"title": "x·c", "description": "a product"},
    "nodes": [
        {"id": "x", "kind": "input", "value": 0.5, "label": "x", "pos": [0, 0]},
        {"id": "c1", "kind": "constant", "value": 1.0, "pos": [0, 80]},
        {"id": "m", "kind": "op", "op": "mul", "pos": [160, 40]},
        {"id": "n", "kind": "op", "op": "neg", "pos": [320, 40]},
    ],
    "edges": [
        {"source": "x", "target": "m", "port": 0},
        {"source": "c1", "target": "m", "port": 1},
        {"source": "m", "target": "n", "port": 0},
    ],
    "output": "n",
}


def text_with(change) -> str:
    document = copy.deepcopy(GOOD)
    change(document)
    return json.dumps(document)


def test_the_design_example_loads_with_everything_in_place():
    graph = loads(json.dumps(GOOD))
    assert graph.node_ids() == ["x", "c1", "m", "n"]
    assert graph.node("x").label == "x" and graph.node("m").pos == (160.0, 40.0)
    assert graph.output == "n"
    assert graph.meta == {"title": "x·c", "description": "a product"}
    assert compile(graph).run().grads["x"] == -1.0


def test_unknown_keys_are_ignored_and_optional_ones_may_be_missing():
    def change(document):
        document["colour"] = "blue"
        document["nodes"][0]["shape"] = "round"
        del document["nodes"][1]["pos"], document["output"], document["meta"]

    graph = loads(text_with(change))
    assert graph.node("c1").pos == layered_layout(graph)["c1"] and graph.output is None


def test_the_example_file_loads():
    graph = load(EXAMPLES / "sigmoid.bpg.json")
    assert graph.meta["title"] and len(graph) == 7


def set_node(index, key, value):
    return lambda document: document["nodes"][index].__setitem__(key, value)


def set_edge(index, key, value):
    return lambda document: document["edges"][index].__setitem__(key, value)


def add_edge(source, target, port):
    return lambda d: d["edges"].append({"source": source, "target": target, "port": port})


def add_node(**record):
    return lambda document: document["nodes"].append(record)


REFUSALS = {
    "another format": (
        lambda d: d.__setitem__("format", "other.graph"),
        "not a backprop-gui graph: \"format\" is 'other.graph'",
    ),
    "newer version": (
        lambda d: d.__setitem__("version", 3),
        "format version 3, newer than this app reads \\(2\\)",
    ),
    "duplicate id": (add_node(id="m", kind="op", op="add"), "node 'm': duplicate id"),
    "missing id": (lambda d: d["nodes"][2].pop("id"), "node 2: missing id"),
    "unknown kind": (set_node(1, "kind", "parameter"), "node 'c1': unknown kind 'parameter'"),
    "unknown op": (set_node(2, "op", "softmax"), "node 'm': unknown op 'softmax'"),
    "port out of range": (set_edge(2, "port", 1), r"edge 2 \(m → n\): 'n' \(neg\) has only port 0"),
    "port taken twice": (
        set_edge(1, "port", 0),
        r"edge 1 \(c1 → m\): port 0 of 'm' is already fed by 'x'",
    ),
    "edge into input": (add_edge("c1", "x", 0), r"edge 3 \(c1 → x\): 'x' is an input node"),
    "edge into constant": (add_edge("x", "c1", 0), r"edge 3 \(x → c1\): 'c1' is a constant node"),
    "cycle": (
        lambda d: (
            d["nodes"].append({"id": "a", "kind": "op", "op": "add"}),
            d["edges"].extend(
                [
                    {"source": "n", "target": "a", "port": 0},
                    {"source": "a", "target": "a", "port": 1},
                ]
            ),
        ),
        r"edge 4 \(a → a\): a node cannot feed itself",
    ),
    "longer cycle": (
        lambda d: (
            d["nodes"].append({"id": "a", "kind": "op", "op": "add"}),
            d["edges"][0].__setitem__("source", "a"),
            d["edges"].extend(
                [
                    {"source": "n", "target": "a", "port": 0},
                    {"source": "x", "target": "a", "port": 1},
                ]
            ),
        ),
        r"edge 3 \(n → a\) closes a cycle a → m → n → a",
    ),
    "non-number value": (set_node(0, "value", "0.5"), "node 'x': value must be a number"),
    "missing value": (lambda d: d["nodes"][1].pop("value"), "node 'c1': a constant node needs"),
    "bool value": (set_node(0, "value", True), "node 'x': value must be a number, not True"),
    "edge from nowhere": (set_edge(0, "source", "y"), "edge 0: source 'y' is not a node"),
    "unknown output": (lambda d: d.__setitem__("output", "zz"), '"output" names no node'),
    "bad position": (set_node(3, "pos", [1, "a"]), "node 'n': \"pos\" must be two finite"),
    "bad label": (set_node(3, "label", 7), "node 'n': \"label\" must be text"),
    "bad meta": (lambda d: d["meta"].__setitem__("title", 3), "meta.title must be text"),
    "nodes not a list": (lambda d: d.__setitem__("nodes", {}), '"nodes" must be a list'),
    "node not an object": (lambda d: d["nodes"].append(3), "node 4: must be an object"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_each_refusal_is_one_message_naming_the_place(case):
    change, message = REFUSALS[case]
    with pytest.raises(FileFormatError, match=message):
        loads(text_with(change))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{nodes: []", "not a valid JSON file"),
        ("", "not a valid JSON file"),
        ("[" * 100_000, "not a valid JSON file"),
        ("[1, 2]", "the file must hold a JSON object"),
        (json.dumps(GOOD).replace("0.5", "NaN"), "node 'x': value must be a finite .*, not nan"),
        (json.dumps(GOOD).replace("0.5", "Infinity"), "node 'x': value must be a finite number"),
        (json.dumps(GOOD).replace("0.5", "1" + "0" * 400), "node 'x': value must be a finite"),
        (json.dumps(GOOD).replace('"pos": [0, 80]', '"pos": [NaN, 80]'), "node 'c1': \"pos\""),
    ],
    ids=["broken", "empty", "too deep", "a list", "NaN", "Infinity", "huge", "NaN position"],
)
def test_text_that_is_not_a_v1_graph_is_refused(text, message):
    with pytest.raises(FileFormatError, match=message):
        loads(text)


def test_nan_hidden_in_meta_is_refused_before_it_could_break_a_save():
    with pytest.raises(FileFormatError, match='"meta" holds NaN'):
        loads(json.dumps(GOOD).replace('"a product"', '"a product", "scale": NaN'))


def test_unreadable_files_are_refused_with_the_reason(tmp_path):
    with pytest.raises(FileFormatError, match="cannot read .*missing.json: No such file"):
        load(tmp_path / "missing.json")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"title": "\xe9"}')
    with pytest.raises(FileFormatError, match="cannot read"):
        load(latin)


# ----------------------------------------------------------------- saving


def test_save_load_save_gives_identical_bytes(tmp_path):
    graph = load(EXAMPLES / "sigmoid.bpg.json")
    graph.set_trainable("x", True)
    first, second = tmp_path / "first.bpg.json", tmp_path / "second.bpg.json"
    save(graph, first)
    save(load(first), second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == dumps(graph).encode("utf-8")
    assert load(second).node("x").trainable


def test_a_saved_file_is_format_v1_that_loads_back_to_the_same_graph(tmp_path):
    graph = sigmoid_from_parts(0.25)
    graph.set_output("s")
    graph.meta["title"] = "σ"
    save(graph, tmp_path / "s.bpg.json")
    document = json.loads((tmp_path / "s.bpg.json").read_text(encoding="utf-8"))
    assert document["format"] == "backprop-gui.graph" and document["version"] == 1
    assert document["output"] == "s" and document["meta"] == {"title": "σ"}
    assert {"id": "neg", "kind": "op", "op": "neg", "pos": [0.0, 0.0]} in document["nodes"]
    again = loads(dumps(graph))
    assert [repr(n) for n in again.nodes()] == [repr(n) for n in graph.nodes()]
    assert again.edges() == graph.edges()


def test_a_failed_rename_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.bpg.json"
    save(sigmoid_from_parts(), target)
    old = target.read_bytes()

    def broken_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    graph = sigmoid_from_parts()
    graph.set_value("x", 9.0)
    with pytest.raises(FileFormatError, match="cannot save .*No space left on device"):
        save(graph, target)
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["graph.bpg.json"]


def test_a_graph_that_cannot_be_written_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "graph.bpg.json"
    save(sigmoid_from_parts(), target)
    old = target.read_bytes()
    graph = sigmoid_from_parts()
    graph.meta["made with"] = object()  # not JSON
    with pytest.raises(FileFormatError, match="cannot save"):
        save(graph, target)
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["graph.bpg.json"]


def test_saving_into_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(FileFormatError, match="cannot save .*No such file or directory"):
        save(Graph(), tmp_path / "no" / "such" / "g.json")


def test_saving_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "graph.bpg.json"
    save(sigmoid_from_parts(), target)
    os.chmod(target, 0o640)
    save(sigmoid_from_parts(), target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640


def test_a_new_file_gets_the_permissions_the_umask_allows(tmp_path):
    old_umask = os.umask(0o022)
    try:
        save(sigmoid_from_parts(), tmp_path / "new.bpg.json")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(os.stat(tmp_path / "new.bpg.json").st_mode) == 0o644
