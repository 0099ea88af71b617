"""Every command: do → undo → redo gives the graph saved after "do"; undo gives the
graph before. Plus the document's signals and results bookkeeping."""

from __future__ import annotations

import pytest
from editor_helpers import canonical

from backprop_gui.core import Edge, Graph, compile, dumps, load, loads
from backprop_gui.core.engine import Plan
from backprop_gui.core.evaluation import BACKWARD
from backprop_gui.ui import commands
from backprop_gui.ui.document import GraphDocument
from backprop_gui.ui.main_window import DEFAULT_EXAMPLE


def other_graph() -> Graph:
    graph = Graph()
    graph.add_node("input", id="x", value=2.0, label="x", pos=(0, 0))
    graph.add_node("op", id="sq", op="mul", pos=(180, 0))
    graph.connect("x", "sq", 0)
    graph.connect("x", "sq", 1)
    graph.set_output("sq")
    return graph


COMMANDS = {
    "add node": lambda d: commands.AddNodeCommand(d, "op", (10.0, 20.0), op="tanh"),
    "add input": lambda d: commands.AddNodeCommand(d, "input", (0.0, 0.0), value=3.0),
    "delete nodes": lambda d: commands.RemoveCommand(d, ["add", "x"]),
    "delete edges": lambda d: commands.RemoveCommand(d, [], [Edge("exp", "add", 0)]),
    "delete the output": lambda d: commands.RemoveCommand(d, ["s"]),
    "connect": lambda d: commands.ConnectCommand(d, "x", "add", 1),
    "move": lambda d: commands.MoveNodesCommand(d, {"x": (d.graph.node("x").pos, (-50.0, 5.0))}),
    "set value": lambda d: commands.SetValueCommand(d, "x", -1.5),
    "set label": lambda d: commands.SetLabelCommand(d, "exp", "e to the -x"),
    "clear label": lambda d: commands.SetLabelCommand(d, "s", ""),
    "set trainable": lambda d: commands.SetTrainableCommand(d, "x", True),
    "set op, dropping an edge": lambda d: commands.SetOpCommand(d, "s", "sigmoid"),
    "set output": lambda d: commands.SetOutputCommand(d, "add"),
    "clear output": lambda d: commands.SetOutputCommand(d, None),
    "add graph": lambda d: commands.AddGraphCommand(d, load(DEFAULT_EXAMPLE), (40.0, 300.0)),
    "replace graph": lambda d: commands.ReplaceGraphCommand(d, other_graph(), "From expression"),
}


@pytest.fixture
def document(qapp):
    return GraphDocument(load(DEFAULT_EXAMPLE))


@pytest.mark.parametrize("name", COMMANDS)
def test_do_undo_redo(document, name):
    before = dumps(document.graph)
    document.push(COMMANDS[name](document))
    after = dumps(document.graph)
    assert after != before
    assert document.is_modified()
    document.undo_stack.undo()
    assert canonical(document.graph) == canonical(loads(before))
    assert not document.is_modified()
    document.undo_stack.redo()
    assert dumps(document.graph) == after


def test_a_replacement_takes_the_other_graphs_content_and_keeps_the_meta(document):
    before = dumps(document.graph)
    meta = dict(document.graph.meta)
    document.push(commands.ReplaceGraphCommand(document, other_graph()))
    replaced = canonical(document.graph)
    assert replaced.pop("meta") == meta
    assert replaced == canonical(other_graph())
    document.undo_stack.undo()
    assert dumps(document.graph) == before  # node order included


def test_pasted_ids_are_fresh_and_stay_the_same_on_redo(document):
    command = commands.AddGraphCommand(document, load(DEFAULT_EXAMPLE), (0.0, 200.0))
    document.push(command)
    new_ids = command.new_ids
    assert len(new_ids) == 7 and not set(new_ids) & set(load(DEFAULT_EXAMPLE).node_ids())
    assert document.graph.operand(command.id_map["s"], 1) == command.id_map["add"]
    document.undo_stack.undo()
    document.undo_stack.redo()
    assert command.new_ids == new_ids


def test_the_value_edits_of_one_gesture_are_one_undo_step(document):
    scrub = object()
    for value in (0.1, 0.2, 0.3):
        document.push(commands.SetValueCommand(document, "x", value, gesture=scrub))
    document.push(commands.SetValueCommand(document, "one", 2.0, gesture=scrub))
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.graph.node("x").value == 0.0


def test_separate_value_edits_are_separate_undo_steps(document):
    document.push(commands.SetValueCommand(document, "x", 0.1))
    document.push(commands.SetValueCommand(document, "x", 0.2))
    document.push(commands.SetValueCommand(document, "x", 0.3, gesture=object()))
    document.push(commands.SetValueCommand(document, "x", 0.4, gesture=object()))
    assert document.undo_stack.count() == 4


def test_scrubbing_back_to_the_start_leaves_no_undo_step(document):
    scrub = object()
    document.push(commands.SetValueCommand(document, "x", 0.5, gesture=scrub))
    document.push(commands.SetValueCommand(document, "x", 0.0, gesture=scrub))
    assert document.undo_stack.count() == 0
    assert not document.is_modified()


def move_x(document) -> commands.MoveNodesCommand:
    return commands.MoveNodesCommand(document, {"x": (document.graph.node("x").pos, (1.0, 1.0))})


def test_summary_signals_go_out_once_per_command(document, qtbot):
    structure, values = [], []
    document.structureChanged.connect(lambda: structure.append(1))
    document.valuesChanged.connect(lambda: values.append(1))
    document.push(commands.AddGraphCommand(document, load(DEFAULT_EXAMPLE), (0.0, 200.0)))
    assert (len(structure), len(values)) == (1, 0)
    document.push(commands.SetValueCommand(document, "x", 2.0))
    assert (len(structure), len(values)) == (1, 1)
    document.push(move_x(document))
    assert (len(structure), len(values)) == (1, 1)


def test_item_signals_name_what_changed(document):
    seen = []
    document.nodeAdded.connect(lambda n: seen.append(("added", n)))
    document.edgeAdded.connect(lambda s, t, p: seen.append(("edge", s, t, p)))
    document.nodeChanged.connect(lambda n, k: seen.append(("changed", n, k)))
    document.push(commands.AddNodeCommand(document, "op", (0.0, 0.0), op="sin"))
    document.push(commands.ConnectCommand(document, "x", "sin", 0))
    document.push(commands.SetLabelCommand(document, "sin", "f"))
    assert seen == [("added", "sin"), ("edge", "x", "sin", 0), ("changed", "sin", "label")]


def test_results_are_not_part_of_the_document_and_go_stale_on_a_change(document):
    evaluation = document.evaluation
    evaluation.set_live(False)
    changes = []
    document.resultsChanged.connect(lambda: changes.append(evaluation.stale))
    evaluation.run(BACKWARD)
    assert evaluation.result.values == compile(document.graph).run().values
    assert not evaluation.stale
    assert not document.is_modified() and document.undo_stack.count() == 0
    document.push(move_x(document))
    assert not evaluation.stale  # a position changes no number
    document.push(commands.SetValueCommand(document, "x", 1.0))
    assert evaluation.stale
    assert changes == [False, True]


def test_each_command_sends_one_results_notification_and_computes_once(document, monkeypatch):
    document.evaluation.run(BACKWARD)
    runs, heard = [], []
    original = Plan.run
    monkeypatch.setattr(
        Plan, "run", lambda plan, *a, **k: runs.append(1) or original(plan, *a, **k)
    )
    document.resultsChanged.connect(lambda: heard.append(document.evaluation.result))
    fragment = other_graph()
    for command in (
        commands.SetValueCommand(document, "x", 1.0),
        commands.AddGraphCommand(document, fragment, (0.0, 300.0)),  # many graph events
        commands.RemoveCommand(document, ["x"]),
    ):
        heard.clear()
        runs.clear()
        document.push(command)
        assert len(heard) == 1 and len(runs) == 1
        assert heard[0] is document.evaluation.result  # listeners see the fresh result
    heard.clear()
    document.undo_stack.undo()
    assert len(heard) == 1


def test_replacing_the_graph_clears_history_and_results(document):
    document.evaluation.run(BACKWARD)
    document.push(commands.SetValueCommand(document, "x", 1.0))
    replaced = []
    document.graphReplaced.connect(lambda: replaced.append(True))
    document.replace_graph(other_graph(), "/tmp/other.bpg.json")
    assert replaced == [True]
    assert document.evaluation.result is None and not document.evaluation.stale
    assert document.undo_stack.count() == 0 and not document.is_modified()
    assert document.path == "/tmp/other.bpg.json"


def test_the_replaced_graph_no_longer_reaches_the_document(document):
    old = document.graph
    document.replace_graph(other_graph(), None)
    added = []
    document.nodeAdded.connect(added.append)
    old.add_node("input", id="late", value=1.0)
    assert added == []
