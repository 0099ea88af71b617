"""The op registry: ONE record per operation, holding everything known about it.

An :class:`Op` carries the op's maths (forward and local partials, as floats with
``math`` and as numpy arrays), its structural zeros, its kinks and the places where
it leaves its domain, the texts a person reads (symbol, formula, typeset value and
derivative forms), how the expression language writes it, and its Python and
PyTorch code forms. The engine, the chain-rule texts, the expression reader and
writer, the diagnosis of NaN and ±inf and the code export all read it; adding an op
is adding one record here (the record's type and its builders: ``op_record.py``).

Maths: ``scalar`` / ``partials`` use Python floats and ``math`` through the kernels
of ``kernels.py``, which answer as IEEE does where ``math`` would raise; they are the
engine's fast path, and the exported Python runs the same kernels' source.
``array`` / ``array_partials`` use numpy and follow IEEE rules (NaN, ±inf, no
exceptions); the engine uses them for batches, and as the fallback should a scalar
form raise.
``partials`` receive the operands and the op's own output (so exp's derivative can
reuse e^x) and return one local derivative per operand port.

Conventions follow PyTorch: relu'(0) = 0, abs'(0) = 0, max/min ties split the gradient
half and half, and d(a**b)/db = a**b·ln(a) is taken as 0 where a == 0, b >= 0.
``zero_where`` names the partials that are zero by the op's definition (relu for
x <= 0, the operand max/min did not choose, pow's d/da at b = 0 and d/db at a = 0,
b >= 0): there the gradient passed on is exactly 0, even from an infinite or NaN
upstream gradient, as PyTorch masks it. Elsewhere IEEE arithmetic holds (∞·0 = NaN).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable

import numpy as np

from . import kernels
from . import python_helpers as py
from . import typeset as ts
from .numbers import format_number as n
from .op_record import ATOM, CALL, INFIX, NO_SPECIALS, PREFIX, Op, binary_op, function

__all__ = ["ATOM", "CALL", "INFIX", "OPS", "PREFIX", "Op", "get_op"]


def _relu_branch(port: int, values: list, names: list) -> tuple[ts.Term, str]:
    x = names[0].html
    if values[0] <= 0:
        return ts.ZERO, f"as {x} ≤ 0"
    return ts.ONE, (f"as {x} &gt; 0" if values[0] > 0 else f"as {x} is NaN")


def _choice_branch(first_wins_when: Callable) -> Callable:
    """The piece of max or min that applies: 1 for the chosen operand, ½ at a tie."""

    def branch(port: int, values: list, names: list) -> tuple[ts.Term, str]:
        a, b = values
        if a == b:
            return ts.HALF, "a tie: half to each"
        if not (a < b or a > b):
            return ts.ONE, "a NaN operand: the gradient goes to both"
        relation = "&gt;" if a > b else "&lt;"
        first_wins = first_wins_when(a, b)
        wins = first_wins if port == 0 else not first_wins
        return (ts.ONE if wins else ts.ZERO), f"as {names[0].html} {relation} {names[1].html}"

    return branch


def _tie(name: str) -> Callable[..., str | None]:
    return lambda a, b: (
        f"{name} at a tie: the convention sends half of the gradient to each operand"
        if a == b
        else None
    )


def _pow_domain(a: float, b: float) -> str | None:
    if a < 0 and b != round(b):
        return f"a negative number to a fractional power: ({n(a)})^{n(b)}"
    if a == 0 and b < 0:
        return f"zero to a negative power: 0^{n(b)}"
    return None


def _choice_op(name: str, loses: str, scalar, array, helper: str) -> Op:
    """max or min: operand a is not chosen where ``a <loses> b`` ("<" for max)."""
    beaten = {"<": operator.lt, ">": operator.gt}[loses]
    wins = ">" if loses == "<" else "<"
    return function(
        name, name, "functions", arity=2, formula=f"{name}(a, b)",
        derivative=f"∂/∂a = 1 where a {wins} b, ½ at a tie, else 0",
        scalar=scalar, partials=lambda a, b, o: kernels.chosen(a == b, beaten(a, b), beaten(b, a)),
        array=array,
        array_partials=lambda a, b, o: kernels.array_chosen(a == b, beaten(a, b), beaten(b, a)),
        zero_where=lambda a, b, o: (beaten(a, b), beaten(b, a)), kink=_tie(name),
        typeset_partials=None, branch=_choice_branch(lambda a, b: beaten(b, a)),
        python=f"{scalar.__name__}({{a}}, {{b}})",
        python_partials=("(0.5 if {a} == {b} else 1.0)",) * 2,
        python_zero_where=(f"{{a}} {loses} {{b}}", f"{{b}} {loses} {{a}}"),
        torch=f"torch.{scalar.__name__}({{a}}, {{b}})", python_helpers=(helper,),
    )  # fmt: skip


_OPS = [
    binary_op(
        "add", "+", "+", 1, formula="a + b", derivative="∂/∂a = 1,  ∂/∂b = 1",
        scalar=operator.add, partials=lambda a, b, o: (1.0, 1.0),
        array=np.add, array_partials=lambda a, b, o: (1.0, 1.0),
        typeset=ts.add, typeset_partials=(lambda a, b: ts.ONE, lambda a, b: ts.ONE),
        python="{a} + {b}", python_partials=("1.0", "1.0"), torch="{a} + {b}", **NO_SPECIALS,
    ),
    binary_op(
        "sub", "−", "-", 1, formula="a − b", derivative="∂/∂a = 1,  ∂/∂b = −1",
        scalar=operator.sub, partials=lambda a, b, o: (1.0, -1.0),
        array=np.subtract, array_partials=lambda a, b, o: (1.0, -1.0),
        typeset=ts.sub, typeset_partials=(lambda a, b: ts.ONE, lambda a, b: ts.MINUS_ONE),
        python="{a} - {b}", python_partials=("1.0", "-1.0"), torch="{a} - {b}", **NO_SPECIALS,
    ),
    binary_op(
        "mul", "×", "*", 2, formula="a · b", derivative="∂/∂a = b,  ∂/∂b = a",
        scalar=operator.mul, partials=lambda a, b, o: (b, a),
        array=np.multiply, array_partials=lambda a, b, o: (b, a),
        typeset=ts.mul, typeset_partials=(lambda a, b: b, lambda a, b: a),
        python="{a} * {b}", python_partials=("{b}", "{a}"), torch="{a} * {b}", **NO_SPECIALS,
    ),
    binary_op(
        "div", "÷", "/", 2, formula="a / b", derivative="∂/∂a = 1/b,  ∂/∂b = −a/b²",
        scalar=kernels.divide,
        partials=lambda a, b, o: (kernels.divide(1.0, b), kernels.divide(-a, b * b)),
        array=np.divide, array_partials=lambda a, b, o: (1.0 / b, -a / (b * b)),
        zero_where=None, kink=None, branch=None,
        domain=lambda a, b: f"division by zero: {n(a)}/0" if b == 0 else None,
        typeset=ts.div,
        typeset_partials=(
            lambda a, b: ts.div(ts.ONE, b), lambda a, b: ts.neg(ts.div(a, ts.power(b, ts.TWO)))
        ),
        python="divide({a}, {b})",
        python_partials=("divide(1.0, {b})", "divide(-{a}, {b} * {b})"),
        torch="{a} / {b}", python_helpers=(py.DIVIDE,),
    ),
    binary_op(
        "pow", "^", "**", 4, formula="a^b", derivative="∂/∂a = b·a^(b−1),  ∂/∂b = a^b·ln a",
        scalar=kernels.power, partials=kernels.pow_partials,
        array=kernels.array_pow, array_partials=kernels.array_pow_partials,
        zero_where=lambda a, b, o: (b == 0.0, (a == 0.0) & (b >= 0.0)),
        kink=lambda a, b: (
            "a power of 0: not differentiable in the exponent there; the convention takes "
            "∂/∂b = 0" if a == 0 else None
        ),
        domain=_pow_domain, branch=None,
        typeset=ts.power,
        typeset_partials=(
            lambda a, b: ts.mul(b, ts.power(a, ts.sub(b, ts.ONE))),
            lambda a, b: ts.mul(ts.power(a, b), ts.call("ln")(a)),
        ),
        python="power({a}, {b})",
        python_partials=("{b} * power({a}, {b} - 1.0)", "{out} * log({a})"),
        python_zero_where=("{b} == 0.0", "{a} == 0.0 and {b} >= 0.0"),
        torch="torch.pow({a}, {b})", python_helpers=(py.POWER, py.LOG),
    ),
    Op(
        name="neg", arity=1, symbol="−x", group="arithmetic", formula="−x",
        derivative="∂/∂x = −1",
        scalar=operator.neg, partials=lambda x, o: (-1.0,),
        array=np.negative, array_partials=lambda x, o: (-1.0,),
        typeset=ts.neg, typeset_partials=(lambda x: ts.MINUS_ONE,),
        notation=PREFIX, operator="-", precedence=3,
        python="-{a}", python_partials=("-1.0",), torch="-{a}", **NO_SPECIALS,
    ),
    function(
        "exp", "exp", "functions", arity=1, formula="e^x", derivative="∂/∂x = e^x",
        scalar=kernels.exp, partials=lambda x, o: (o,),
        array=np.exp, array_partials=lambda x, o: (o,),
        typeset=lambda x: ts.power(ts.Term("e"), x),
        typeset_partials=(lambda x: ts.power(ts.Term("e"), x),),
        python="exp({a})", python_partials=("{out}",), python_helpers=(py.EXP,),
    ),
    function(
        "log", "ln", "functions", "ln", arity=1, formula="ln x", derivative="∂/∂x = 1/x",
        scalar=kernels.log, partials=lambda x, o: (kernels.divide(1.0, x),),
        array=np.log, array_partials=lambda x, o: (1.0 / x,),
        domain=lambda x: (
            f"log of a negative number: log({n(x)})" if x < 0
            else f"log of zero is −∞: log({n(x)})" if x == 0 else None
        ),
        typeset_partials=(lambda x: ts.div(ts.ONE, x),),
        python="log({a})", python_partials=("divide(1.0, {a})",),
        python_helpers=(py.LOG, py.DIVIDE),
    ),
    function(
        "sin", "sin", "functions", arity=1, formula="sin x", derivative="∂/∂x = cos x",
        scalar=kernels.sin, partials=lambda x, o: (kernels.cos(x),),
        array=np.sin, array_partials=lambda x, o: (np.cos(x),),
        typeset_partials=(ts.call("cos"),),
        python="sin({a})", python_partials=("cos({a})",), python_helpers=(py.SIN, py.COS),
    ),
    function(
        "cos", "cos", "functions", arity=1, formula="cos x", derivative="∂/∂x = −sin x",
        scalar=kernels.cos, partials=lambda x, o: (-kernels.sin(x),),
        array=np.cos, array_partials=lambda x, o: (-np.sin(x),),
        typeset_partials=(lambda x: ts.neg(ts.call("sin")(x)),),
        python="cos({a})", python_partials=("-sin({a})",), python_helpers=(py.COS, py.SIN),
    ),
    function(
        "sqrt", "√", "functions", arity=1, formula="√x", derivative="∂/∂x = 1/(2√x)",
        scalar=kernels.sqrt, partials=lambda x, o: (kernels.divide(0.5, o),),
        array=np.sqrt, array_partials=lambda x, o: (0.5 / o,),
        kink=lambda x: "√x at 0: the slope is infinite there" if x == 0 else None,
        domain=lambda x: f"square root of a negative number: √({n(x)})" if x < 0 else None,
        typeset=ts.root, typeset_partials=(lambda x: ts.div(ts.ONE, ts.mul(ts.TWO, ts.root(x))),),
        python="sqrt({a})", python_partials=("divide(0.5, {out})",),
        python_helpers=(py.SQRT, py.DIVIDE),
    ),
    function(
        "abs", "|x|", "functions", arity=1, formula="|x|", derivative="∂/∂x = sign(x), 0 at x = 0",
        scalar=abs, partials=lambda x, o: (kernels.sign(x),),
        array=np.abs, array_partials=lambda x, o: (kernels.array_sign(x),),
        kink=lambda x: (
            "|x| at 0: the convention takes 0; the left and right slopes are −1 and 1"
            if x == 0 else None
        ),
        typeset=lambda x: ts.Term(f"|{x.html}|"), typeset_partials=(ts.call("sign"),),
        python="abs({a})", python_partials=("sign({a})",), python_helpers=(py.SIGN,),
    ),
    _choice_op("max", "<", kernels.maximum, np.maximum, py.MAXIMUM),
    _choice_op("min", ">", kernels.minimum, np.minimum, py.MINIMUM),
    function(
        "tanh", "tanh", "activations", arity=1, formula="tanh x",
        derivative="∂tanh/∂x = 1 − tanh²(x)",
        scalar=math.tanh, partials=lambda x, o: (kernels.tanh_slope(o),),
        array=np.tanh, array_partials=lambda x, o: (kernels.tanh_slope(o),),
        typeset_partials=(lambda x: ts.sub(ts.ONE, ts.power(ts.call("tanh")(x), ts.TWO)),),
        python="math.tanh({a})", python_partials=("tanh_slope({out})",),
        python_helpers=(py.TANH_SLOPE,),
    ),
    function(
        "sigmoid", "σ", "activations", "σ", arity=1, formula="σ(x) = 1/(1 + e^−x)",
        derivative="∂σ/∂x = σ(x)(1−σ(x))",
        scalar=kernels.sigmoid, partials=lambda x, o: (kernels.sigmoid_slope(o),),
        array=kernels.array_sigmoid, array_partials=lambda x, o: (kernels.sigmoid_slope(o),),
        typeset_partials=(lambda x: ts.mul(ts.call("σ")(x), ts.sub(ts.ONE, ts.call("σ")(x))),),
        python="sigmoid({a})", python_partials=("sigmoid_slope({out})",),
        python_helpers=(py.SIGMOID, py.EXP, py.SIGMOID_SLOPE),
    ),
    function(
        "relu", "ReLU", "activations", "ReLU", arity=1, formula="ReLU(x) = max(0, x)",
        derivative="∂/∂x = 1 where x > 0, else 0",
        scalar=kernels.relu, partials=lambda x, o: (0.0 if x <= 0 else 1.0,),
        array=lambda x: np.where(x <= 0, 0.0, x),
        array_partials=lambda x, o: (np.where(x <= 0, 0.0, 1.0),),
        zero_where=lambda x, o: (x <= 0,),
        kink=lambda x: (
            "relu at 0: the convention takes 0; the left and right slopes are 0 and 1"
            if x == 0 else None
        ),
        typeset_partials=None, branch=_relu_branch,
        python="0.0 if {a} <= 0 else {a}", python_partials=("1.0",),
        python_zero_where=("{a} <= 0",),
    ),
    function(
        "softplus", "softplus", "activations", arity=1, format_version=2,
        formula="softplus(x) = ln(1 + e^x), as PyTorch: x itself above 20",
        derivative="∂/∂x = σ(x), 1 above 20",
        scalar=kernels.softplus, partials=lambda x, o: (kernels.softplus_slope(x),),
        array=kernels.array_softplus,
        array_partials=lambda x, o: (kernels.array_softplus_slope(x),),
        typeset_partials=(ts.call("σ"),),
        python="softplus({a})", python_partials=("softplus_slope({a})",),
        torch="torch.nn.functional.softplus({a})",
        python_helpers=(py.SOFTPLUS, py.SOFTPLUS_SLOPE),
    ),
    function(
        "square", "x²", "functions", arity=1, format_version=2, formula="x²",
        derivative="∂/∂x = 2x",
        scalar=lambda x: x * x, partials=lambda x, o: (2.0 * x,),
        array=np.square, array_partials=lambda x, o: (2.0 * x,),
        typeset=lambda x: ts.power(x, ts.TWO), typeset_partials=(lambda x: ts.mul(ts.TWO, x),),
        python="{a} * {a}", python_partials=("2.0 * {a}",),
    ),
    function(
        "mse", "(a−b)²", "losses", arity=2, format_version=2, formula="mse(a, b) = (a − b)²",
        derivative="∂/∂a = 2(a − b),  ∂/∂b = −2(a − b)",
        scalar=lambda a, b: (a - b) * (a - b),
        partials=lambda a, b, o: (2.0 * (a - b), -2.0 * (a - b)),
        array=lambda a, b: np.square(a - b),
        array_partials=lambda a, b, o: (2.0 * (a - b), -2.0 * (a - b)),
        typeset=lambda a, b: ts.power(ts.sub(a, b), ts.TWO),
        typeset_partials=(
            lambda a, b: ts.mul(ts.TWO, ts.sub(a, b)),
            lambda a, b: ts.neg(ts.mul(ts.TWO, ts.sub(a, b))),
        ),
        python="({a} - {b}) * ({a} - {b})",
        python_partials=("2.0 * ({a} - {b})", "-2.0 * ({a} - {b})"),
        torch="torch.square({a} - {b})",
    ),
    function(
        "bce_logits", "BCE", "losses", "BCE", arity=2, format_version=2,
        formula="BCE(a, b) = (1 − b)·a − ln σ(a), a logit, b target",
        derivative="∂/∂a = σ(a) − b,  ∂/∂b = −a",
        scalar=kernels.bce_logits, partials=lambda a, b, o: (kernels.sigmoid(a) - b, -a),
        array=kernels.array_bce_logits,
        array_partials=lambda a, b, o: (kernels.array_sigmoid(a) - b, -a),
        typeset_partials=(lambda a, b: ts.sub(ts.call("σ")(a), b), lambda a, b: ts.neg(a)),
        python="bce_logits({a}, {b})", python_partials=("sigmoid({a}) - {b}", "-{a}"),
        torch=(
            "torch.nn.functional.binary_cross_entropy_with_logits("
            "*torch.broadcast_tensors({a}, {b}), reduction='none')"
        ),
        python_helpers=(py.BCE_LOGITS, py.SIGMOID, py.EXP),
    ),
]  # fmt: skip

OPS: dict[str, Op] = {op.name: op for op in _OPS}


def get_op(name: str) -> Op:
    """The op called ``name``; KeyError with the list of known ops otherwise."""
    try:
        return OPS[name]
    except KeyError:
        raise KeyError(f"unknown op {name!r} (known ops: {', '.join(OPS)})") from None
