"""The helper functions of the exported Python code, as source text.

``math`` raises where the engine (numpy, IEEE) answers with ±inf or NaN; the helpers
here give numpy's answers in plain Python, so an exported script prints the engine's
numbers and never raises. Where the engine's own scalar kernel already is plain
Python that never raises (sign, max, min, σ and its slope, softplus, BCE), its source is exported as
it is. The op records in ``ops.py`` name the helpers their code forms call.
"""

from __future__ import annotations

import inspect

from . import kernels


def _source(function) -> str:
    return "\n" + inspect.getsource(function)


SIGN = _source(kernels.sign)
MAXIMUM = _source(kernels.maximum)
MINIMUM = _source(kernels.minimum)
SIGMOID = _source(kernels.sigmoid)
LOGISTIC_SLOPE = _source(kernels.logistic_slope)
SOFTPLUS = _source(kernels.softplus)
BCE_LOGITS = _source(kernels.bce_logits)

DIV = """
def div(a, b):
    \"\"\"a / b; x/0 is ±inf by the signs and 0/0 is nan (Python raises).\"\"\"
    if b != 0:
        return a / b
    if a == 0 or math.isnan(a):
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1.0, b)
"""
EXP = """
def exp(x):
    \"\"\"e^x; inf where it is too large for a float (math.exp raises).\"\"\"
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf
"""
LOG = """
def log(x):
    \"\"\"ln x; log(0) = -inf and log(x < 0) = nan (math.log raises).\"\"\"
    if x > 0:
        return math.log(x)
    return -math.inf if x == 0 else math.nan
"""
POW = """
def pow_(a, b):
    \"\"\"a^b as C and numpy compute it, where math.pow raises.\"\"\"
    odd = b % 2 == 1  # b is an odd integer
    try:
        return math.pow(a, b)
    except OverflowError:  # too large: ±inf
        return -math.inf if a < 0 and odd else math.inf
    except ValueError:  # 0 to a negative power: ±inf; (-8)^0.5: nan
        if a == 0:
            return math.copysign(math.inf, a) if odd else math.inf
        return math.nan
"""
SQRT = """
def sqrt(x):
    \"\"\"√x; nan for x < 0 (math.sqrt raises).\"\"\"
    return math.sqrt(x) if x >= 0 else math.nan
"""
SIN = """
def sin(x):
    \"\"\"sin x; nan for x = ±inf (math.sin raises).\"\"\"
    return math.sin(x) if math.isfinite(x) else math.nan
"""
COS = """
def cos(x):
    \"\"\"cos x; nan for x = ±inf (math.cos raises).\"\"\"
    return math.cos(x) if math.isfinite(x) else math.nan
"""
