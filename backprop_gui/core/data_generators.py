"""Built-in data sets for learning to train: each a function of rows, noise and seed.

Every generator draws from its own ``numpy.random.default_rng(seed)``, so a data set
is the same wherever it is made. Inputs are named x (or x1, x2) and targets y; class
labels are 0 and 1 (for ``bce_logits``).
"""

from __future__ import annotations

import numpy as np

from .dataset import Dataset, make_dataset


def line(rows: int = 30, noise: float = 0.3, seed: int = 0) -> Dataset:
    """y = 2x + 1 plus noise, x uniform in [−2, 2]."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 2.0, rows)
    return make_dataset({"x": x, "y": 2.0 * x + 1.0 + noise * rng.normal(size=rows)})


def parabola(rows: int = 50, noise: float = 0.2, seed: int = 0) -> Dataset:
    """y = x² − 1 plus noise, x uniform in [−2, 2]."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 2.0, rows)
    return make_dataset({"x": x, "y": x * x - 1.0 + noise * rng.normal(size=rows)})


def sine(rows: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """y = sin(x) plus noise, x uniform in [−π, π]."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-np.pi, np.pi, rows)
    return make_dataset({"x": x, "y": np.sin(x) + noise * rng.normal(size=rows)})


def blobs(rows: int = 100, noise: float = 0.6, seed: int = 0) -> Dataset:
    """Two round clouds, class 0 around (−1, −1) and class 1 around (1, 1)."""
    rng = np.random.default_rng(seed)
    y = (np.arange(rows) % 2).astype(float)
    centre = 2.0 * y - 1.0
    return _points(rng, noise, centre, centre, y)


def xor(rows: int = 4, noise: float = 0.0, seed: int = 0) -> Dataset:
    """The four corners of the unit square, repeated to ``rows``; y = x1 XOR x2."""
    rng = np.random.default_rng(seed)
    corner = np.arange(rows) % 4
    x1, x2 = (corner // 2).astype(float), (corner % 2).astype(float)
    return _points(rng, noise, x1, x2, (x1 != x2) * 1.0)


def moons(rows: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaved half circles (as scikit-learn's make_moons), classes 0 and 1."""
    rng = np.random.default_rng(seed)
    y = (np.arange(rows) % 2).astype(float)
    angle = rng.uniform(0.0, np.pi, rows)
    x1 = np.where(y == 0, np.cos(angle), 1.0 - np.cos(angle))
    x2 = np.where(y == 0, np.sin(angle), 0.5 - np.sin(angle))
    return _points(rng, noise, x1, x2, y)


def circles(rows: int = 200, noise: float = 0.05, seed: int = 0) -> Dataset:
    """A ring (class 0, radius 1) around a disc (class 1, radius 0.5)."""
    rng = np.random.default_rng(seed)
    y = (np.arange(rows) % 2).astype(float)
    angle = rng.uniform(0.0, 2.0 * np.pi, rows)
    radius = np.where(y == 0, 1.0, 0.5)
    return _points(rng, noise, radius * np.cos(angle), radius * np.sin(angle), y)


def spiral(rows: int = 200, noise: float = 0.05, seed: int = 0) -> Dataset:
    """Two spirals winding around each other, classes 0 and 1."""
    rng = np.random.default_rng(seed)
    y = (np.arange(rows) % 2).astype(float)
    turn = rng.uniform(0.25, 1.0, rows)
    angle = 3.0 * np.pi * turn + np.pi * y
    return _points(rng, noise, turn * np.cos(angle), turn * np.sin(angle), y)


GENERATORS = {
    "line": line, "parabola": parabola, "sine": sine, "blobs": blobs, "xor": xor,
    "moons": moons, "circles": circles, "spiral": spiral,
}  # fmt: skip


def _points(rng, noise: float, x1: np.ndarray, x2: np.ndarray, y: np.ndarray) -> Dataset:
    """Points (x1, x2) with Gaussian noise of size ``noise`` added, labelled y."""
    x1 = x1 + noise * rng.normal(size=len(y))
    x2 = x2 + noise * rng.normal(size=len(y))
    return make_dataset({"x1": x1, "x2": x2, "y": y})
