"""Scalar and batch evaluation agree op by op within the bound the engine documents.

The scalar engine computes with ``math`` (the C library), a batch with numpy, whose
exp, log, pow and tanh are its own vectorised kernels: the two may round the same
input differently. ``core/engine.py`` documents the bound this test checks on random
inputs, through ``plan.run`` on one-op graphs (a value, and each operand's gradient,
which for one op is its local derivative): the ops that only round one IEEE
operation (add, sub, mul, div, neg, abs, sqrt, max, min, relu) agree exactly; the
ops that call a transcendental function agree within ``TRANSCENDENTAL_ULPS``, for
normal numbers (samples whose results underflow into the subnormals are left out of
the bound; the script below prints them apart).

Run as a script to print the measured distances per op over more inputs::

    python tests/core/test_scalar_batch_agreement.py 200000
"""

from __future__ import annotations

import random
import sys

import numpy as np
import pytest

from backprop_gui.core import OPS, Graph, compile

EXACT = {"add", "sub", "mul", "div", "neg", "abs", "sqrt", "max", "min", "relu"}
TRANSCENDENTAL_ULPS = 4  # as documented in core/engine.py and the README
SAMPLES = 3000


def _sigmoid(a: float) -> float:
    return float(OPS["sigmoid"].safe_scalar(a))


# op -> what ("value", "d/da", ...) -> the largest term of the difference at a sample
CANCELLING = {
    "bce_logits": {
        "value": lambda a, b: max(abs((1.0 - b) * a), -min(a, 0.0), np.log1p(np.exp(-abs(a)))),
        "d/da": lambda a, b: max(_sigmoid(a), abs(b)),
        "d/db": lambda a, b: abs(a),
    },
    # PyTorch's 1 − y·y from y = tanh(x): the paths' y may differ in its last place
    "tanh": {"value": lambda x: abs(np.tanh(x)), "d/dx": lambda x: 1.0},
}


def ulps(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """|x − y| in units in the last place (how many doubles apart); 0 for NaN and NaN,
    and the largest int64 for a NaN against a number."""
    both_nan = np.isnan(x) & np.isnan(y)
    one_nan = np.isnan(x) ^ np.isnan(y)

    def ordered(v):  # doubles as integers in the same order (-0.0 and 0.0 adjacent)
        bits = np.where(both_nan | one_nan, 0.0, v).view(np.int64)
        return np.where(bits < 0, np.int64(-(2**63)) - bits, bits)

    # The difference as Python ints: from -inf to inf overflows int64.
    distance = np.abs(ordered(x).astype(object) - ordered(y).astype(object))
    return np.where(one_nan, np.iinfo(np.int64).max, distance)


def ulps_of_scale(x: np.ndarray, y: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """|x − y| in units in the last place of ``scale`` (rounded up); as :func:`ulps`
    where either is not finite."""
    finite = np.isfinite(x) & np.isfinite(y)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.ceil(np.abs(x - y) / np.spacing(np.abs(scale)))
    return np.where(finite, np.nan_to_num(scaled).astype(np.int64), ulps(x, y))


def random_operand(rng: random.Random) -> float:
    """Either sign, magnitudes from 1e-6 to 1e3 mostly, now and then 0, ±1, ±0.5, 2 or a
    huge one (overflow, ±inf results)."""
    roll = rng.random()
    if roll < 0.02:
        return rng.choice((0.0, 1.0, -1.0, 0.5, -0.5, 2.0))
    if roll < 0.05:
        return rng.choice((-1.0, 1.0)) * 10 ** rng.uniform(3, 300)
    return rng.choice((-1.0, 1.0)) * 10 ** rng.uniform(-6, 3)


def random_operands(name: str, rng: random.Random) -> tuple[float, ...]:
    if name == "pow":  # positive bases to real powers, any base to whole powers
        if rng.random() < 0.7:
            return abs(random_operand(rng)), rng.uniform(-60, 60)
        return random_operand(rng), float(rng.randint(-40, 40))
    return tuple(random_operand(rng) for _ in range(OPS[name].arity))


def one_op_plan(name: str):
    """The plan of inputs (named as the op's ports) into one op node "out"."""
    graph = Graph()
    ports = OPS[name].ports
    for port in ports:
        graph.add_node("input", id=port, value=1.0)
    graph.add_node("op", id="out", op=name)
    for index, port in enumerate(ports):
        graph.connect(port, "out", index)
    return compile(graph, output="out")


class Comparison:
    """One op over ``count`` random samples: for its value and each operand's gradient
    (``what``: "value", "d/da", ...) the ULPs between sample-by-sample scalar runs and
    one batched run; ``underflow`` marks the samples outside the documented bound."""

    def __init__(self, name: str, count: int, seed: int = 0):
        plan = one_op_plan(name)
        ports = OPS[name].ports
        rng = random.Random(f"{name}-{seed}")
        self.samples = [random_operands(name, rng) for _ in range(count)]
        columns = {port: np.array([s[k] for s in self.samples]) for k, port in enumerate(ports)}
        batch = plan.run(columns)
        singles = [plan.run(dict(zip(ports, sample))) for sample in self.samples]
        self.distances = {}
        for what, table, node in [("value", "values", "out")] + [
            (f"d/d{port}", "grads", port) for port in ports
        ]:
            scalar = np.array([getattr(one, table)[node] for one in singles], dtype=float)
            batched = np.asarray(getattr(batch, table)[node], dtype=float)
            if name in CANCELLING:
                scale = np.array([CANCELLING[name][what](*sample) for sample in self.samples])
                self.distances[what] = ulps_of_scale(scalar, batched, scale)
            else:
                self.distances[what] = ulps(scalar, batched)
        self.underflow = np.array(
            [_underflows(name, sample, one) for sample, one in zip(self.samples, singles)]
        )

    def worst(self, what: str, underflow: bool = False) -> tuple[int, tuple | None]:
        """The largest distance among the samples that do (not) underflow, and its sample."""
        distance = np.where(self.underflow == underflow, self.distances[what], 0)
        index = int(np.argmax(distance))
        return int(distance[index]), (self.samples[index] if distance[index] else None)


def _underflows(name: str, sample: tuple, single) -> bool:
    """True if the op's value, a gradient, or the power pow's d/da scales (a^(b−1)) is
    subnormal: there only a few bits are left, which the two paths may round apart."""
    numbers = [single.values["out"], *(single.grads[port] for port in OPS[name].ports)]
    if name == "pow":
        numbers.append(OPS["pow"].safe_scalar(sample[0], sample[1] - 1.0))
    return any(0.0 < abs(number) < sys.float_info.min for number in numbers)


@pytest.mark.parametrize("name", sorted(OPS))
def test_scalar_and_batch_agree_within_the_documented_bound(name):
    bound = 0 if name in EXACT else TRANSCENDENTAL_ULPS
    comparison = Comparison(name, SAMPLES)
    for what in comparison.distances:
        distance, sample = comparison.worst(what)
        assert distance <= bound, (name, what, sample, distance)


def main(count: int) -> None:
    print(f"{count} random inputs per op: scalar plan.run against one batched plan.run")
    for name in OPS:
        comparison = Comparison(name, count)
        for what, distance in comparison.distances.items():
            share = float(np.mean(distance > 0)) * 100
            worst, sample = comparison.worst(what)
            line = f"{name:8} {what:6} max {worst:>3} ULP {share:6.2f}% differ"
            if sample is not None:
                line += f"  worst at {sample}"
            below, sample = comparison.worst(what, underflow=True)
            if sample is not None:
                line += f"; subnormal: max {below} ULP at {sample}"
            print(line)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
