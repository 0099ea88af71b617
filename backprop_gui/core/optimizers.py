"""The update rules, exactly as ``torch.optim`` computes them with default arguments.

Each optimizer updates a vector of parameters from their mean gradients and keeps its
own state (momentum's velocity, Adam's moments and step count). The arithmetic is
PyTorch's own, operation for operation (for Adam, its single-tensor code path), so
the parameters equal PyTorch's to the last bit on the same gradients.
"""

from __future__ import annotations

import numpy as np

ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8


class SGD:
    """θ ← θ − lr·g."""

    def __init__(self, lr: float) -> None:
        self.lr = lr

    def step(self, params: np.ndarray, grads: np.ndarray) -> np.ndarray:
        return params + (-self.lr) * grads


class Momentum:
    """v ← μ·v + g (v starts at 0), θ ← θ − lr·v: torch.optim.SGD(momentum=μ)."""

    def __init__(self, lr: float, momentum: float) -> None:
        self.lr = lr
        self.momentum = momentum
        self.velocity: np.ndarray | None = None

    def step(self, params: np.ndarray, grads: np.ndarray) -> np.ndarray:
        if self.velocity is None:  # PyTorch starts from a copy of the first gradient
            self.velocity = grads.copy()
        else:
            self.velocity = self.velocity * self.momentum + grads
        return params + (-self.lr) * self.velocity


class Adam:
    """β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bias-corrected: θ ← θ − lr·m̂/(√v̂ + ε)."""

    def __init__(self, lr: float) -> None:
        self.lr = lr
        self.steps = 0
        self.first: np.ndarray | None = None  # m, the mean of the gradients
        self.second: np.ndarray | None = None  # v, the mean of their squares

    def step(self, params: np.ndarray, grads: np.ndarray) -> np.ndarray:
        beta1, beta2 = ADAM_BETAS
        if self.first is None:
            self.first = np.zeros_like(params)
            self.second = np.zeros_like(params)
        self.steps += 1
        self.first = _lerp(self.first, grads, 1 - beta1)
        self.second = self.second * beta2 + (1 - beta2) * grads * grads
        step_size = self.lr / (1 - beta1**self.steps)
        correction = (1 - beta2**self.steps) ** 0.5
        denominator = np.sqrt(self.second) / correction + ADAM_EPS
        return params + (-step_size) * self.first / denominator


def _lerp(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """torch.lerp: start + w·(end − start) for w < ½, else end − (end − start)·(1 − w)."""
    if weight < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


def make_optimizer(name: str, lr: float, momentum: float):
    """The optimizer called ``name`` ("sgd", "momentum" or "adam")."""
    if name == "sgd":
        return SGD(lr)
    if name == "momentum":
        return Momentum(lr, momentum)
    return Adam(lr)
