"""The record of one op (:class:`Op`) and the builders of the op table's records.

``ops.py`` holds the table itself, one record per op, and says what the fields mean
for the maths; here is the record's shape and the shorthand for the two common kinds
of op: an infix op of arithmetic (:func:`binary_op`) and an op written as a call,
``name(x)`` (:func:`function`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from . import kernels
from . import typeset as ts

Typeset = Callable[..., ts.Term]

# How the expression language writes an op: a + b, -x, or name(x, y).
INFIX, PREFIX, CALL = "infix", "prefix", "call"
ATOM = 5  # the binding of a call, and of a name or a number, in the expression language


@dataclass(frozen=True)
class Op:
    name: str  # as in files, and the function name in expressions
    arity: int
    symbol: str  # short text drawn on the node card
    group: str  # palette group: "arithmetic", "functions", "activations" or "losses"
    formula: str  # the op as a formula, e.g. "σ(x) = 1/(1+e^−x)"
    derivative: str  # its local derivatives, e.g. "∂σ/∂x = σ(x)(1−σ(x))"
    # maths
    scalar: Callable[..., float]
    partials: Callable[..., tuple[float, ...]]
    array: Callable[..., np.ndarray]
    array_partials: Callable[..., tuple[np.ndarray, ...]]
    # (operands..., out) -> per port, True where the partial is zero by definition
    zero_where: Callable[..., tuple] | None
    # (operands...) -> why the op is not differentiable there and the convention
    # decided the gradient; None where it is differentiable
    kink: Callable[..., str | None] | None
    # (operands...) -> why finite operands give NaN or ±inf (outside the domain)
    domain: Callable[..., str | None] | None
    # texts: the value in its operands' terms; per port, the local derivative (None
    # for piecewise ops, whose ``branch`` names the piece that applies)
    typeset: Typeset
    typeset_partials: tuple[Typeset, ...] | None
    branch: Callable[[int, list, list], tuple[ts.Term, str]] | None
    # the expression language: notation, operator text and binding (5 = atom)
    notation: str
    operator: str
    precedence: int
    # code: Python forms with {a}, {b} (operands) and {out} (the op's value) that
    # compute the engine's numbers (IEEE answers, never an exception), calling the
    # functions in ``python_helpers`` (source text, one function each; ops sharing a
    # helper share its text). ``python_zero_where``: per port, the Python form of
    # ``zero_where`` (None: never zero); there the exported code passes on exactly 0.0,
    # and ``python_partials`` need only hold elsewhere. ``torch``: the PyTorch form.
    python: str
    python_partials: tuple[str, ...]
    torch: str
    python_helpers: tuple[str, ...] = ()
    python_zero_where: tuple[str | None, ...] | None = None
    format_version: int = 1  # the file format that brought the op; a file using it is this

    @cached_property
    def safe_scalar(self) -> Callable[..., float]:
        """``scalar`` on floats, with numpy's IEEE answer wherever ``math`` raises."""
        return kernels.ieee(self.scalar, self.array)

    @cached_property
    def safe_partials(self) -> Callable[..., tuple[float, ...]]:
        """``partials`` on floats, with numpy's IEEE answer wherever ``math`` raises."""
        return kernels.ieee(self.partials, self.array_partials)

    @property
    def ports(self) -> tuple[str, ...]:
        """Names of the operand ports, in port order: ("x",) or ("a", "b")."""
        return ("x",) if self.arity == 1 else ("a", "b")


# The fields of an op that is smooth and defined everywhere.
NO_SPECIALS = {"zero_where": None, "kink": None, "domain": None, "branch": None}


def binary_op(name, symbol, operator_text, precedence, **fields) -> Op:
    """An infix op of the arithmetic group, typeset as ``a <symbol> b``."""
    return Op(
        name=name, arity=2, symbol=symbol, group="arithmetic", notation=INFIX,
        operator=operator_text, precedence=precedence, **fields,
    )  # fmt: skip


def function(name, symbol, group, call_name=None, **fields) -> Op:
    """An op written ``name(x)`` in expressions; typeset as ``call_name(x)`` by default."""
    fields.setdefault("typeset", ts.call(call_name or name))
    fields.setdefault("torch", f"torch.{name}({{a}})")
    return Op(
        name=name, symbol=symbol, group=group, notation=CALL, operator=name, precedence=ATOM,
        **{**NO_SPECIALS, **fields},
    )  # fmt: skip
