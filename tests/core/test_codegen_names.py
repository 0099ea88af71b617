"""The exported code's variables: the names the step panel shows, made identifiers.

A node called ``u3`` in the step panel is ``u3`` in the code and its gradient
``g_u3``; ``σ`` is ``sigma``; a constant called by its value is ``c_`` and the value.
Names that spell the same identifier still get distinct variables.
"""

import ast

import pytest
from core_helpers import differences, run_scripts

from backprop_gui.core import Graph, compile, load
from backprop_gui.core.codegen import MAX_NAME, identifiers, to_python, to_pytorch
from backprop_gui.core.examples import list_examples
from backprop_gui.core.stepping import StepSession
from backprop_gui.core.typeset import plain


def example(name: str) -> Graph:
    return load(next(e.path for e in list_examples() if e.name == name))


def variables(code: str, table: str) -> dict[str, str]:
    """Node id -> variable, read from the code's table (``values = {'x': x, ...}``)."""
    for statement in ast.parse(code).body:
        if isinstance(statement, ast.Assign) and statement.targets[0].id == table:
            pairs = zip(statement.value.keys, statement.value.values)
            return {key.value: value.id for key, value in pairs}
    raise AssertionError(f"no {table} table")


def exported(graph: Graph) -> list[dict[str, str]]:
    return [variables(to_python(graph), "values"), variables(to_pytorch(graph), "nodes")]


def step_panel_names(graph: Graph) -> dict[str, str]:
    """Each computed node's name as the step panel's forward steps write it."""
    session = StepSession(graph, compile(graph).run(), None)
    lines = [plain(session.texts(i)[0]) for i in range(len(session.forward))]
    return {step.node: line.split(" = ")[0] for step, line in zip(session.forward, lines)}


@pytest.mark.parametrize("name", ["sigmoid", "mlp", "neuron", "softplus"])
def test_each_variable_is_the_step_panels_name_of_its_node(name):
    graph = example(name)
    shown = step_panel_names(graph)
    for names in exported(graph):
        assert {node: names[node] for node in shown} == identifiers(shown)


def test_the_sigmoid_reads_as_the_step_panel_does():
    graph = example("sigmoid")  # two constants labelled "1", σ = 1 / u3
    expected = {"x": "x", "one": "c_1", "one_b": "c_1_2", "neg": "u1", "exp": "u2", "add": "u3"}
    assert exported(graph) == [{**expected, "s": "sigma"}] * 2
    code = to_python(graph)
    assert "u3 = u2 + c_1" in code and "sigma = divide(c_1_2, u3)" in code
    assert "g_u3 += g_sigma * (divide(-c_1_2, u3 * u3))  # ∂sigma/∂u3" in code


def test_the_mlp_names_its_intermediate_values_u1_to_u11():
    code = to_python(example("mlp"))
    assert "u3 = u1 + u2" in code and "h1 = math.tanh(u4)" in code and "loss = err * err" in code
    assert "g_u3 += g_u4 * 1.0  # ∂u4/∂u3" in code and "g_w11 += g_u1 * x1" in code


def test_a_constant_called_by_its_value_is_c_and_the_value(tmp_path):
    graph = Graph()
    x = graph.add_node("input", id="x", value=1.5)
    node = x
    for value in (0.5, -2.0, 1e-5, 3.0, 3.0):  # the two 3s are c1 and c2 in the panel
        constant = graph.add_node("constant", value=value)
        node_after = graph.add_node("op", op="mul")
        graph.connect(node, node_after, 0)
        graph.connect(constant, node_after, 1)
        node = node_after
    names = exported(graph)[0]
    constants = [names[n.id] for n in graph.nodes() if n.kind == "constant"]
    assert constants == ["c_0_5", "c_minus_2", "c_1e_minus_5", "c1", "c2"]
    (printed,) = run_scripts([to_python(graph)], tmp_path)
    assert not differences(printed, graph)


def test_names_that_spell_the_same_identifier_get_distinct_variables(tmp_path):
    graph = Graph()
    labels = ["w₁", "w1", "σ", "sigma", "u1"]
    inputs = [graph.add_node("input", value=1.5 + i, label=s) for i, s in enumerate(labels)]
    product = graph.add_node("op", op="mul")  # unlabelled: u1 in the step panel
    total = graph.add_node("op", op="add")  # unlabelled: u2
    gradient_like = graph.add_node("op", op="add", label="g_u1")
    output = graph.add_node("op", op="mul", label="u2")
    for port, source in enumerate(inputs[:2]):
        graph.connect(source, product, port)
    for port, source in enumerate(inputs[2:4]):
        graph.connect(source, total, port)
    graph.connect(product, gradient_like, 0)
    graph.connect(total, gradient_like, 1)
    graph.connect(gradient_like, output, 0)
    graph.connect(inputs[4], output, 1)
    order = [*inputs, product, total, gradient_like, output]
    spelled = ["w1", "w1_2", "sigma", "sigma_2", "u1", "u1_2", "u2", "n_g_u1", "u2_2"]
    for names in exported(graph):
        assert [names[n] for n in order] == spelled
    (printed,) = run_scripts([to_python(graph)], tmp_path)
    assert not differences(printed, graph)


def test_identifiers_are_distinct_identifiers():
    ids = ["x", "my node", "my_node", "class", "g_x", "1st", "json", "print", "exp", "ｘ", "σ"]
    names = identifiers({i: i for i in ids})
    assert len(set(names.values())) == len(ids)
    assert all(n.isidentifier() and n.isascii() for n in names.values())
    assert names["x"] == "x" and names["class"] != "class" and names["print"] != "print"
    assert names["exp"] != "exp"  # the exported code's helper


def test_identifiers_stay_readable():
    ids = ["x 1", "x_1", "w₁", "σ", "Σ", "ŷ", "∂L", "ｘ", "x", "一", "\ud800", "a" * 500, "a" * 501]
    names = identifiers({i: i for i in ids})
    readable = ["x_1", "x_1_2", "w1", "sigma", "Sigma", "y", "L", "x", "x_2"]
    assert [names[i] for i in ids[:9]] == readable
    assert names["一"] == "node" and names["\ud800"] == "node_2"
    assert names["a" * 500] == "a" * MAX_NAME and names["a" * 501] == "a" * MAX_NAME + "_2"
