"""`backprop-gui eval --wrt ID`: forward-mode tangents beside the backward gradients."""

import json

import pytest
from test_eval import SIGMOID, refused, run

from backprop_gui.cli import main
from backprop_gui.core import load
from backprop_gui.core.examples import list_examples


def test_tangents_are_added_with_null_where_a_node_does_not_depend_on_the_input():
    done = run("eval", str(SIGMOID), "--wrt", "x")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"output", "order", "values", "grads", "tangents"}
    assert report["tangents"] == {
        "x": 1.0, "one": None, "one_b": None, "neg": -1.0, "exp": -1.0, "add": -1.0, "s": 0.25,
    }  # fmt: skip


@pytest.mark.parametrize("example", list_examples(), ids=lambda e: e.path.name)
def test_the_output_tangent_equals_the_gradient_for_every_leaf(example, capsys):
    graph = load(example.path)
    main(["eval", str(example.path)])
    reverse = json.loads(capsys.readouterr().out)
    for leaf in (n for n in graph.node_ids() if graph.node(n).kind != "op"):
        assert main(["eval", str(example.path), "--wrt", leaf]) == 0
        tangent = json.loads(capsys.readouterr().out)["tangents"][reverse["output"]]
        assert tangent == pytest.approx(reverse["grads"][leaf], rel=1e-12, abs=1e-300), leaf


def test_wrt_an_op_or_an_unknown_node_exits_2():
    refused(run("eval", str(SIGMOID), "--wrt", "s"), "'s' is an op node")
    refused(run("eval", str(SIGMOID), "--wrt", "nope"), "there is no node 'nope'")
