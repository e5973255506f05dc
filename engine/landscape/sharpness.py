r"""Sharpness: the largest Hessian eigenvalue, and the step size it allows.

:func:`top_eigenvalue` runs power iteration on Hessian-vector products taken as
central differences of exact gradients, in float64:
:math:`Hv \approx (\nabla L(\theta + \epsilon v) - \nabla L(\theta - \epsilon v)) / 2\epsilon`.

With a diagonal preconditioner :math:`P` it returns the largest eigenvalue of
:math:`P^{-1} H` (power iteration on the symmetric :math:`P^{-1/2} H P^{-1/2}`),
the *preconditioned sharpness* of adaptive methods.

:func:`threshold` gives the stability threshold of the optimizer that reached the
point (Cohen, Kaur, Li, Kolter & Talwalkar, *Gradient Descent on Neural Networks
Typically Occurs at the Edge of Stability*, ICLR 2021; Cohen et al., *Adaptive
Gradient Methods at the Edge of Stability*, 2022): ``2/lr`` for gradient descent,
``(2 + 2β)/lr`` for heavy-ball momentum, ``(2 + 2β)/((1 + 2β) lr)`` for Nesterov,
and, for Adam, ``(2 + 2β₁)/((1 - β₁) lr)`` on the sharpness preconditioned by
``diag(sqrt(v̂) + ε)``.  Other adaptive methods have no simple threshold.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass

import numpy as np

from engine.messages import msg
from engine.mnist.data import to_float
from engine.mnist.mlp import MLP
from engine.optimizers import parse_spec

__all__ = ["Sharpness", "power_iteration", "preconditioner", "threshold", "top_eigenvalue"]


@dataclass(frozen=True)
class Sharpness:
    value: float                 # largest eigenvalue of H (or of P^-1 H)
    iterations: int
    converged: bool
    preconditioned: bool = False


def _float64(net: MLP) -> MLP:
    return MLP(net.sizes[1:-1], activation=net.activation, init=net.init,
               weight_decay=net.weight_decay, seed=None, dtype=np.float64,
               n_input=net.sizes[0], n_classes=net.sizes[-1])


def top_eigenvalue(net: MLP, weights: np.ndarray, images: np.ndarray, labels: np.ndarray, *,
                   precondition: np.ndarray | None = None, iterations: int = 100,
                   tol: float = 1e-3, seed: int = 0) -> Sharpness:
    """Power iteration for the largest eigenvalue of the loss Hessian at ``weights``.

    ``net`` gives the architecture; ``precondition`` is the diagonal of ``P``.
    Stops when the estimate changes by less than ``tol`` relative.
    """
    gen = power_iteration(net, weights, images, labels, precondition=precondition,
                          iterations=iterations, tol=tol, seed=seed)
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]


def power_iteration(net: MLP, weights: np.ndarray, images: np.ndarray, labels: np.ndarray, *,
                    precondition: np.ndarray | None = None, iterations: int = 100,
                    tol: float = 1e-3, seed: int = 0
                    ) -> Generator[tuple[int, int], object, Sharpness]:
    """:func:`top_eigenvalue` as a generator: yields ``(iteration, iterations)``."""
    if len(labels) == 0:
        raise ValueError(msg("a slice needs at least one example, got {n}", n=0))
    probe = _float64(net)
    theta = np.asarray(weights, np.float64)
    x = to_float(np.asarray(images)).astype(np.float64)
    y = np.asarray(labels)
    scale = None if precondition is None else 1.0 / np.sqrt(np.asarray(precondition,
                                                                       np.float64))
    eps = 1e-4  # along a unit vector: O(eps^2) truncation, O(1e-16/eps) rounding

    def grad_at(point: np.ndarray) -> np.ndarray:
        probe.flat[:] = point
        probe.loss_and_grad(x, y)
        return probe.grad_flat.copy()

    def hvp(v: np.ndarray) -> np.ndarray:
        u = v if scale is None else scale * v
        length = float(np.linalg.norm(u))
        step = (eps / length) * u
        hu = (grad_at(theta + step) - grad_at(theta - step)) * (length / (2 * eps))
        return hu if scale is None else scale * hu

    rng = np.random.default_rng(seed)
    start = rng.standard_normal(theta.size)
    start /= np.linalg.norm(start)
    done = 0

    def iterate(shift: float) -> Generator[tuple[int, int], object, tuple[float, bool]]:
        """Power iteration on ``H - shift I``: its eigenvalue of largest magnitude."""
        nonlocal done
        v, value, calm = start.copy(), 0.0, 0
        for _ in range(iterations):
            yield done, 2 * iterations
            done += 1
            hv = hvp(v) - shift * v
            new = float(v @ hv)
            norm = float(np.linalg.norm(hv))
            if not np.isfinite(norm) or norm == 0:
                return new, False
            v = hv / norm
            # Converged once the Rayleigh quotient has settled three times in a row.
            calm = calm + 1 if abs(new - value) <= tol * abs(new) else 0
            value = new
            if calm >= 3:
                return value, True
        return value, False

    value, converged = yield from iterate(0.0)
    if value < 0:  # the largest magnitude is negative: shift to find the top one
        top, converged = yield from iterate(value)
        value = top + value
    return Sharpness(value, done, converged, precondition is not None)


def preconditioner(spec: str, described: dict) -> np.ndarray | None:
    """Adam's ``sqrt(v̂) + ε`` from its final state as ``describe_state`` shows it (None
    for other optimizers)."""
    name, values = parse_spec(spec)
    if name not in ("adam", "adamw") or "exp_avg_sq" not in described:
        return None
    beta2, eps = float(values.get("beta2", 0.999)), float(values.get("eps", 1e-8))
    step = max(1, int(described.get("step", 1)))
    v_hat = np.asarray(described["exp_avg_sq"], np.float64) / (1 - beta2 ** step)
    return np.sqrt(v_hat) + eps


def threshold(spec: str) -> tuple[float | None, str]:
    """``(threshold, rule)`` for the optimizer ``spec``; ``None`` when no simple one applies."""
    from engine.optimizers import get_spec

    name, values = parse_spec(spec)
    config = dict(get_spec(name).create(**values).config)
    lr = float(config.get("lr", 0.0))
    if lr <= 0:
        return None, "none"
    if name in ("sgd", "momentum", "nesterov"):
        beta = float(config.get("momentum", 0.0))
        if beta == 0:
            return 2.0 / lr, "2/lr"
        if config.get("nesterov"):
            return (2 + 2 * beta) / ((1 + 2 * beta) * lr), "(2+2β)/((1+2β)·lr)"
        return (2 + 2 * beta) / lr, "(2+2β)/lr"
    if name in ("adam", "adamw"):
        beta1 = float(config.get("beta1", 0.9))
        return (2 + 2 * beta1) / ((1 - beta1) * lr), "(2+2β₁)/((1−β₁)·lr), preconditioned"
    return None, "none"
