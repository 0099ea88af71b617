"""The graph's data set, column bindings and training options: the invariants hold
through every edit, each edit tells the listeners, and undoing is putting back."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_gui.core import Graph, GraphError
from backprop_gui.core.dataset import DataError, make_dataset, read_csv
from backprop_gui.core.training_options import TrainingOptions


def bound_graph() -> tuple[Graph, list]:
    graph = Graph()
    events = []
    graph.subscribe(lambda event, details: events.append((event, details)))
    graph.set_data(make_dataset({"x": [1.0, 2.0], "t": [0.0, 1.0]}))
    graph.add_node("input", id="x", value=0.0, column="x")
    graph.add_node("input", id="w", value=1.0, trainable=True)
    return graph, events


def test_an_input_reads_a_column_and_the_listeners_hear_of_it():
    graph, events = bound_graph()
    graph.set_column("x", "t")
    assert graph.node("x").column == "t" and graph.columns_bound() == {"x": "t"}
    assert ("data_changed", {}) in events
    assert events[-1] == ("node_changed", {"id": "x", "key": "column"})
    graph.set_column("x", None)
    assert graph.columns_bound() == {}


def test_a_parameter_or_a_constant_cannot_read_a_column():
    graph, _ = bound_graph()
    with pytest.raises(GraphError, match="'w' is trainable"):
        graph.set_column("w", "x")
    with pytest.raises(GraphError, match="'x' reads column 'x': unbind it first"):
        graph.set_trainable("x", True)
    graph.add_node("constant", id="c", value=1.0)
    with pytest.raises(GraphError, match="only an input"):
        graph.set_column("c", "x")


def test_data_that_would_orphan_a_binding_is_refused_and_nothing_changes():
    graph, _ = bound_graph()
    before = graph.data
    with pytest.raises(GraphError, match="input 'x' reads column 'x', which the new data lacks"):
        graph.set_data(make_dataset({"t": [1.0]}))
    assert graph.data is before
    graph.set_column("x", None)
    graph.set_data(None)
    assert graph.data is None


def test_a_removed_bound_input_comes_back_bound():
    graph, _ = bound_graph()
    removed = graph.remove_nodes(["x"])
    graph.restore(removed)
    assert graph.node("x").column == "x"


def test_training_options_are_replaced_whole_and_announced():
    graph, events = bound_graph()
    graph.set_training(TrainingOptions(lr=0.5))
    assert graph.training.lr == 0.5 and events[-1] == ("training_changed", {})


def test_a_dataset_is_read_only_and_gives_rows():
    data = make_dataset({"a": [1, 2], "b": [3.5, 4.5]})
    assert data.row(1) == {"a": 2.0, "b": 4.5}
    with pytest.raises(ValueError):
        data.columns["a"][0] = 9.0
    with pytest.raises(DataError, match="there is no data row 2 \\(the data rows are 0 to 1\\)"):
        data.row(2)
    assert data == make_dataset({"a": [1.0, 2.0], "b": np.array([3.5, 4.5])})


def test_csv_reads_a_header_and_numbers():
    data = read_csv("x, y\n1,2\n3.5,-4e-1\n\n")
    assert data.names == ["x", "y"] and data.columns["y"].tolist() == [2.0, -0.4]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the CSV is empty"),
        ("x,y\n", "has a header but no rows"),
        ("x,\n1,2\n", r"line 1 \(the header\): column 2 has no name"),
        ("x,x\n1,2\n", r"line 1 \(the header\): column name 'x' appears twice"),
        ("x,y\n1,2\n3\n", r"line 3 \(data row 1\): 1 values for 2 columns"),
        ("x,y\n1,2\n3,abc\n", r"line 3 \(data row 1\), column 'y': 'abc' is not a finite"),
        ("x,y\n1,nan\n", r"line 2 \(data row 0\), column 'y': 'nan' is not a finite number"),
        ("x,y\n1,inf\n", r"line 2 \(data row 0\), column 'y': 'inf' is not a finite number"),
        ("x,y\n1,1_000\n", r"line 2 \(data row 0\), column 'y': '1_000' is not a finite"),
        ("x,y\n1,١٢\n", r"line 2 \(data row 0\), column 'y': '١٢' is not a finite"),
        ('x,y\n1,"2\n"\n2,3,4\n', r"line 4 \(data row 1\): 3 values for 2 columns"),
    ],
)
def test_csv_errors_name_the_line_the_data_row_and_the_column(text, message):
    """Data rows count from 0 as everywhere (``eval --row``), the line as an editor
    shows it; numbers are read as ``parse_number`` reads them."""
    with pytest.raises(DataError, match=message):
        read_csv(text)


@pytest.mark.parametrize(
    "text", ["x,y\n1," + "9" * 400 + "\n", "x," + "y" * 300 + "\n1,a\n", "x,y\n1,2,3" + ",4" * 300]
)
def test_csv_errors_quote_long_input_short(text):
    with pytest.raises(DataError) as refused:
        read_csv(text)
    assert len(str(refused.value)) < 200 and "\n" not in str(refused.value)
