"""Known wrong variants of the reference update rules, to name a student's mistake.

When a student's optimizer differs from the built-in, :mod:`engine.plugins.check`
runs these variants on the same gradients; a variant that matches the student's
numbers says in words what went wrong ("eps is added before the bias
correction").  Each variant is a plain numpy loop over a gradient sequence:
``run(params0, grads, hp) -> params after each step``.  Only the hyper-parameters
of the exercises matter here (no weight decay, no dampening).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from engine.messages import msg

Variant = Callable[[np.ndarray, np.ndarray, dict[str, Any]], list[np.ndarray]]


def adam(p0: np.ndarray, grads: np.ndarray, hp: dict[str, Any], *, bc1: bool = True,
         bc2: bool = True, eps_before: bool = False, eps_inside: bool = False,
         swap_decay: bool = False) -> list[np.ndarray]:
    lr, b1, b2, eps = hp["lr"], hp["beta1"], hp["beta2"], hp["eps"]
    p, m, v = p0.copy(), np.zeros_like(p0), np.zeros_like(p0)
    out = []
    for t, g in enumerate(grads, 1):
        if swap_decay:
            m = (1 - b1) * m + b1 * g
            v = (1 - b2) * v + b2 * g * g
        else:
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
        c1 = 1 - b1**t if bc1 else 1.0
        c2 = 1 - b2**t if bc2 else 1.0
        if eps_inside:
            denom = np.sqrt(v / c2 + eps)
        elif eps_before:
            denom = (np.sqrt(v) + eps) / np.sqrt(c2)
        else:
            denom = np.sqrt(v) / np.sqrt(c2) + eps
        p = p - lr * (m / c1) / denom
        out.append(p)
    return out


def rmsprop(p0: np.ndarray, grads: np.ndarray, hp: dict[str, Any], *, eps_inside: bool = False,
            swap_decay: bool = False, no_sqrt: bool = False) -> list[np.ndarray]:
    lr, alpha, eps = hp["lr"], hp["alpha"], hp["eps"]
    p, v = p0.copy(), np.zeros_like(p0)
    out = []
    for g in grads:
        v = (1 - alpha) * v + alpha * g * g if swap_decay else alpha * v + (1 - alpha) * g * g
        if no_sqrt:
            denom = v + eps
        else:
            denom = np.sqrt(v + eps) if eps_inside else np.sqrt(v) + eps
        p = p - lr * g / denom
        out.append(p)
    return out


def adagrad(p0: np.ndarray, grads: np.ndarray, hp: dict[str, Any], *, eps_inside: bool = False,
            no_sqrt: bool = False, decay: float | None = None) -> list[np.ndarray]:
    lr, eps = hp["lr"], hp["eps"]
    p, s = p0.copy(), np.zeros_like(p0)
    out = []
    for g in grads:
        s = decay * s + (1 - decay) * g * g if decay is not None else s + g * g
        if no_sqrt:
            denom = s + eps
        else:
            denom = np.sqrt(s + eps) if eps_inside else np.sqrt(s) + eps
        p = p - lr * g / denom
        out.append(p)
    return out


def sgd(p0: np.ndarray, grads: np.ndarray, hp: dict[str, Any], *, nesterov: bool = False,
        damped: bool = False, zero_start: bool = False, old_lookahead: bool = False,
        plain: bool = False) -> list[np.ndarray]:
    lr, mu = hp["lr"], hp.get("momentum", 0.9)
    p, buf = p0.copy(), None
    out = []
    for g in grads:
        old = np.zeros_like(g) if buf is None else buf
        if plain:
            step = g
        else:
            if buf is None and not zero_start and not damped:
                buf = g.copy()
            else:
                buf = mu * old + ((1 - mu) * g if damped else g)
            if nesterov:
                step = g + mu * (old if old_lookahead else buf)
            else:
                step = buf
        p = p - lr * step
        out.append(p)
    return out


def variants(reference: str) -> list[tuple[str, Variant]]:
    """``(what is wrong, variant)`` for a built-in's name (none for other optimizers)."""
    if reference == "adam":
        return [
            (msg("the bias correction is missing (divide m by 1 - beta1^t and v by "
                 "1 - beta2^t)"), partial(adam, bc1=False, bc2=False)),
            (msg("eps is added before the bias correction; torch adds it after: "
                 "sqrt(v_hat) + eps"), partial(adam, eps_before=True)),
            (msg("eps is inside the square root; torch adds it outside: sqrt(v_hat) + eps"),
             partial(adam, eps_inside=True)),
            (msg("the first moment m is not bias-corrected"), partial(adam, bc1=False)),
            (msg("the second moment v is not bias-corrected"), partial(adam, bc2=False)),
            (msg("wrong decay: the averages keep (1 - beta) of the old value and add beta times "
                 "the new one; it is m = beta1*m + (1 - beta1)*g"), partial(adam, swap_decay=True)),
        ]
    if reference == "rmsprop":
        return [
            (msg("eps is inside the square root and the decay is wrong (alpha and 1 - alpha "
                 "are swapped)"), partial(rmsprop, eps_inside=True, swap_decay=True)),
            (msg("eps is inside the square root; torch adds it outside: sqrt(v) + eps"),
             partial(rmsprop, eps_inside=True)),
            (msg("wrong decay: alpha and 1 - alpha are swapped; it is "
                 "v = alpha*v + (1 - alpha)*g^2"), partial(rmsprop, swap_decay=True)),
            (msg("the square root is missing: divide by sqrt(v) + eps"),
             partial(rmsprop, no_sqrt=True)),
        ]
    if reference == "adagrad":
        return [
            (msg("eps is inside the square root; torch adds it outside: sqrt(sum) + eps"),
             partial(adagrad, eps_inside=True)),
            (msg("the square root is missing: divide by sqrt(sum) + eps"),
             partial(adagrad, no_sqrt=True)),
            (msg("the sum of squared gradients decays; AdaGrad keeps the whole sum"),
             partial(adagrad, decay=0.99)),
            (msg("the sum of squared gradients decays; AdaGrad keeps the whole sum"),
             partial(adagrad, decay=0.9)),
        ]
    if reference == "momentum":
        return [
            (msg("wrong decay: the velocity adds (1 - momentum)*g; torch adds g itself: "
                 "b = momentum*b + g"), partial(sgd, damped=True)),
            (msg("this is Nesterov momentum; plain momentum steps along the velocity b"),
             partial(sgd, nesterov=True)),
            (msg("the momentum is missing: the step uses the gradient, not the velocity"),
             partial(sgd, plain=True)),
        ]
    if reference == "nesterov":
        return [
            (msg("this is plain momentum; Nesterov steps along g + momentum*b with the new b"),
             partial(sgd, nesterov=False)),
            (msg("the look-ahead uses the old velocity; use the updated one: g + momentum*b_t"),
             partial(sgd, nesterov=True, old_lookahead=True)),
            (msg("wrong decay: the velocity adds (1 - momentum)*g; torch adds g itself"),
             partial(sgd, nesterov=True, damped=True)),
            (msg("the momentum is missing: the step uses the gradient, not the velocity"),
             partial(sgd, plain=True)),
        ]
    return []
