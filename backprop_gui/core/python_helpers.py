"""The helper functions of the exported Python code, as source text.

Each is the source of the very function the engine computes with, so an exported
script prints the engine's numbers: the scalar kernels (``kernels.py``), which give
IEEE answers where ``math`` would raise, and :func:`numbers.json_number`, which prints
NaN and ±inf as ``backprop-gui eval`` does. The op records in ``ops.py`` name the
helpers their code forms call; the exported code imports ``math`` for them.
"""

from __future__ import annotations

import inspect

from . import kernels, numbers


def _source(function) -> str:
    return "\n" + inspect.getsource(function)


DIVIDE = _source(kernels.divide)
EXP = _source(kernels.exp)
LOG = _source(kernels.log)
POWER = _source(kernels.power)
SQRT = _source(kernels.sqrt)
SIN = _source(kernels.sin)
COS = _source(kernels.cos)
SIGN = _source(kernels.sign)
MAXIMUM = _source(kernels.maximum)
MINIMUM = _source(kernels.minimum)
SIGMOID = _source(kernels.sigmoid)
SIGMOID_SLOPE = _source(kernels.sigmoid_slope)
TANH_SLOPE = _source(kernels.tanh_slope)
JSON_NUMBER = _source(numbers.json_number)
SOFTPLUS = _source(kernels.softplus)
SOFTPLUS_SLOPE = _source(kernels.softplus_slope)
BCE_LOGITS = _source(kernels.bce_logits)
