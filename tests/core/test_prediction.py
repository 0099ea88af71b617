"""What a trained graph predicts over a grid of its input columns, for the plots."""

from __future__ import annotations

import numpy as np

from backprop_gui.core import Graph
from backprop_gui.core.dataset import make_dataset
from backprop_gui.core.prediction import find_model, predict


def regression(prediction_op: str = "mul") -> Graph:
    """mse(w·x, y) with x and y read from columns; the prediction's op is ``prediction_op``."""
    graph = Graph()
    graph.set_data(make_dataset({"x": [0.0, 1.0], "y": [1.0, 3.0]}))
    graph.add_node("input", id="x", value=1.0, column="x")
    graph.add_node("input", id="y", value=2.0, column="y")
    graph.add_node("input", id="w", value=0.5, trainable=True)
    graph.add_node("op", id="p", op=prediction_op)
    graph.add_node("op", id="loss", op="mse")
    graph.connect("w", "p", 0)
    graph.connect("p", "loss", 0)
    graph.connect("y", "loss", 1)
    graph.set_output("loss")
    return graph


def test_the_prediction_follows_the_points_and_the_parameters():
    graph = regression()
    graph.connect("x", "p", 1)
    model = find_model(graph)
    assert model.prediction == "p" and model.features == {"x": "x"} and model.target == "y"
    xs = np.linspace(-1.0, 1.0, 5)
    assert np.array_equal(predict(graph, model, {"x": xs}, {"w": 3.0}), 3.0 * xs)


def test_a_prediction_without_a_value_is_nan_over_the_whole_grid():
    graph = regression()  # p's second port is left free
    grid = np.zeros((4, 3))
    values = predict(graph, find_model(graph), {"x": grid}, {})
    assert values.shape == (4, 3) and np.isnan(values).all()


def test_a_prediction_that_reads_no_point_is_one_number_over_the_grid():
    graph = regression("neg")  # −w: it reads no column
    grid = np.zeros((4, 3))
    assert np.array_equal(predict(graph, find_model(graph), {"x": grid}, {}), np.full((4, 3), -0.5))
