"""Every op record is complete: maths, structural zeros, kinks, domain, texts, notation and
code forms. A new op missing any of them fails here, named."""

import ast
import math

import numpy as np
import pytest

from backprop_gui.core import typeset as ts
from backprop_gui.core.ops import CALL, INFIX, OPS, PREFIX

NAMES = sorted(OPS)
# Operands to try the op's functions on: inside every op's domain (the float forms
# may raise outside it), and with zeros, ties and negatives (numpy's forms answer).
INSIDE = {1: [(0.7,), (2.5,)], 2: [(0.7, 1.3), (2.0, 2.0), (1.5, 0.5)]}
SAMPLES = {1: [*INSIDE[1], (0.0,), (-1.5,)], 2: [*INSIDE[2], (0.0, 3.0), (-1.5, 0.5), (0.0, 0.0)]}


def ieee(op, operands) -> tuple[float, tuple[float, ...]]:
    """The op's value and partials at ``operands`` from its numpy forms (IEEE)."""
    args = [np.float64(v) for v in operands]
    with np.errstate(all="ignore"):
        out = op.array(*args)
        return float(out), tuple(float(d) for d in op.array_partials(*args, out))


def same(x: float, y: float) -> bool:
    return (math.isnan(x) and math.isnan(y)) or x == pytest.approx(y, rel=1e-15)


def fields(op) -> dict:
    """The names a code form's {a}, {b} and {out} stand for: variables a, b and out."""
    return {**dict(zip("ab", "ab"[: op.arity])), "out": "out"}


def code_env(op, operands, out) -> dict:
    """The exported code's namespace for evaluating ``op``'s Python forms."""
    env = {"math": math}
    for text in op.python_helpers:
        exec(text, env)  # the registry's own source text, not a graph's
    env.update(zip("ab", operands), out=out)
    return env


@pytest.mark.parametrize("name", NAMES)
def test_every_op_has_its_texts_and_palette_group(name):
    op = OPS[name]
    assert op.name == name and op.arity in (1, 2)
    for text in (op.symbol, op.formula, op.derivative):
        assert isinstance(text, str) and text.strip()
    assert op.group in ("arithmetic", "functions", "activations", "losses")


@pytest.mark.parametrize("name", NAMES)
def test_every_op_has_its_maths_with_one_partial_per_port(name):
    op = OPS[name]
    for function in (op.scalar, op.partials, op.array, op.array_partials):
        assert callable(function)
    for operands in INSIDE[op.arity]:
        out = op.scalar(*operands)
        assert isinstance(out, float)
        assert len(op.partials(*operands, out)) == op.arity
    for operands in SAMPLES[op.arity]:
        arrays = [np.array([v, v]) for v in operands]
        with np.errstate(all="ignore"):
            assert np.shape(op.array(*arrays)) == (2,)
            assert len(op.array_partials(*arrays, op.array(*arrays))) == op.arity


@pytest.mark.parametrize("name", NAMES)
def test_structural_zeros_kinks_and_domain_answer_in_the_right_shape(name):
    op = OPS[name]
    for operands in SAMPLES[op.arity]:
        out, _ = ieee(op, operands)
        if op.zero_where is not None:
            zero = op.zero_where(*operands, out)
            assert len(zero) == op.arity and all(z in (True, False) for z in zero)
            arrays = [np.array([v, v]) for v in operands]
            with np.errstate(all="ignore"):
                zeros = op.zero_where(*arrays, op.array(*arrays))
            assert len(zeros) == op.arity and all(np.shape(z) == (2,) for z in zeros)
        for check in (op.kink, op.domain):
            if check is not None:
                said = check(*operands)
                assert said is None or (isinstance(said, str) and said)


@pytest.mark.parametrize("name", NAMES)
def test_every_op_is_typeset_with_its_value_and_each_partial(name):
    op = OPS[name]
    terms = [ts.Term(letter) for letter in "ab"[: op.arity]]
    assert isinstance(op.typeset(*terms), ts.Term)
    if op.typeset_partials is not None:
        assert len(op.typeset_partials) == op.arity
        assert all(isinstance(partial(*terms), ts.Term) for partial in op.typeset_partials)
    else:
        assert callable(op.branch), "a piecewise op names its pieces"
        for operands in SAMPLES[op.arity]:
            for port in range(op.arity):
                term, reason = op.branch(port, list(operands), terms)
                assert isinstance(term, ts.Term) and reason


@pytest.mark.parametrize("name", NAMES)
def test_every_op_has_its_expression_notation(name):
    op = OPS[name]
    assert op.notation in (INFIX, PREFIX, CALL)
    assert isinstance(op.operator, str) and op.operator
    assert isinstance(op.precedence, int) and 1 <= op.precedence <= 5
    assert op.arity == {INFIX: 2, PREFIX: 1}.get(op.notation, op.arity)


@pytest.mark.parametrize("name", NAMES)
def test_every_op_has_python_and_pytorch_forms_that_parse(name):
    op = OPS[name]
    names = fields(op)
    assert op.python and len(op.python_partials) == op.arity
    assert isinstance(op.torch, str) and op.torch
    for form in (op.python, op.torch, *op.python_partials):
        ast.parse(form.format(**names), mode="eval")
    for text in op.python_helpers:
        (function,) = ast.parse(text).body  # one function per helper text
        assert isinstance(function, ast.FunctionDef) and ast.get_docstring(function)
    # the Python form of the structural zeros: one per port where the op has them
    if op.zero_where is None:
        assert op.python_zero_where is None
    else:
        assert len(op.python_zero_where) == op.arity
        for form in op.python_zero_where:
            assert form is None or ast.parse(form.format(**names), mode="eval")


@pytest.mark.parametrize("name", NAMES)
def test_the_python_forms_compute_the_ops_value_partials_and_zeros(name):
    op = OPS[name]
    names = fields(op)
    for operands in SAMPLES[op.arity]:
        out, partials = ieee(op, operands)
        env = code_env(op, operands, out)
        assert same(eval(op.python.format(**names), env), out), operands
        zeros = op.zero_where(*operands, out) if op.zero_where else (False,) * op.arity
        forms = op.python_zero_where or (None,) * op.arity
        for port, partial in enumerate(partials):
            if forms[port] is not None:
                assert eval(forms[port].format(**names), env) == bool(zeros[port])
            if not zeros[port]:
                code = op.python_partials[port].format(**names)
                assert same(eval(code, env), partial), (operands, port)
