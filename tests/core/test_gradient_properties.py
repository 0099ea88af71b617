"""Property tests: on random DAGs with fan-out, the engine's gradients are the true ones.

Two independent witnesses: a central finite difference of a forward pass computed
without the engine, and sympy's symbolic derivative. The DAGs keep every op away from
its kinks and the edges of its domain at the drawn point (see core_helpers.dags), so
the function is smooth there and both witnesses apply.
"""

import math

import sympy
from core_helpers import ancestors, dags, evaluate, graph_of, node_id
from hypothesis import given, settings

from backprop_gui.core import compile

STEP = 1e-6


def central_difference(specs: list[tuple], leaf: int, output: int) -> float:
    x = specs[leaf][1]
    h = STEP * max(1.0, abs(x))
    up = evaluate(specs, {leaf: x + h})[output]
    down = evaluate(specs, {leaf: x - h})[output]
    return (up - down) / (2 * h)


@settings(max_examples=100, deadline=None)
@given(dags(max_ops=12))
def test_every_gradient_equals_a_central_finite_difference(specs):
    output = len(specs) - 1
    result = compile(graph_of(specs), output=node_id(output)).run()
    expected_values = evaluate(specs)
    assert math.isclose(result.values[node_id(output)], expected_values[output], rel_tol=1e-12)
    above = ancestors(specs, output)
    scale = max(1.0, abs(expected_values[output]))
    for leaf, (kind, _) in enumerate(spec[:2] for spec in specs):
        if kind not in ("input", "constant"):
            continue
        grad = result.grads[node_id(leaf)]
        if leaf not in above:
            assert grad is None  # off the path to the output: no gradient at all
            continue
        numeric = central_difference(specs, leaf, output)
        assert math.isclose(grad, numeric, rel_tol=1e-4, abs_tol=1e-6 * scale), (
            leaf, grad, numeric,
        )  # fmt: skip


def sympy_of(name: str, a, b):
    return {
        "add": lambda: a + b,
        "sub": lambda: a - b,
        "mul": lambda: a * b,
        "div": lambda: a / b,
        "pow": lambda: a**b,
        "neg": lambda: -a,
        "exp": lambda: sympy.exp(a),
        "log": lambda: sympy.log(a),
        "sin": lambda: sympy.sin(a),
        "cos": lambda: sympy.cos(a),
        "tanh": lambda: sympy.tanh(a),
        "sigmoid": lambda: 1 / (1 + sympy.exp(-a)),
        "relu": lambda: sympy.Max(0, a),
        "abs": lambda: sympy.Abs(a),
        "sqrt": lambda: sympy.sqrt(a),
        "max": lambda: sympy.Max(a, b),
        "min": lambda: sympy.Min(a, b),
        "square": lambda: a**2,
        "softplus": lambda: sympy.log(1 + sympy.exp(a)),
        "mse": lambda: (a - b) ** 2,
        "bce_logits": lambda: sympy.Max(a, 0) - a * b + sympy.log(1 + sympy.exp(-sympy.Abs(a))),
    }[name]()


@settings(max_examples=50, deadline=None)
@given(dags(max_ops=6))
def test_every_gradient_agrees_with_sympys_derivative(specs):
    symbols = {i: sympy.Symbol(node_id(i), real=True) for i, s in enumerate(specs) if len(s) == 2}
    expressions: list = []
    for i, (kind, *rest) in enumerate(specs):
        if i in symbols:
            expressions.append(symbols[i])
        else:
            a, b = (expressions[o] if o is not None else None for o in rest)
            expressions.append(sympy_of(kind, a, b))
    point = {symbol: specs[i][1] for i, symbol in symbols.items()}
    output = len(specs) - 1
    result = compile(graph_of(specs), output=node_id(output)).run()

    value = float(expressions[output].evalf(subs=point))
    assert math.isclose(result.values[node_id(output)], value, rel_tol=1e-9, abs_tol=1e-12)
    for i, symbol in symbols.items():
        derivative = float(sympy.diff(expressions[output], symbol).evalf(subs=point))
        grad = result.grads[node_id(i)]
        if grad is None:
            assert derivative == 0.0  # not above the output: it does not depend on it
        else:
            assert math.isclose(grad, derivative, rel_tol=1e-8, abs_tol=1e-10), symbol
