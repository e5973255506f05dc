"""Hyper-parameters and helpers shared by several update rules.

Two families, each reproduced operation for operation:

* ``torch.optim`` (torch 2.13): the single-tensor ("for-loop") kernels of
  ``torch/optim/*.py``.  Names and defaults are torch's; tuples are split
  (``betas`` -> ``beta1``, ``beta2``; Rprop's ``etas`` -> ``eta_minus``, ``eta_plus``).
* pytorch-optimizer 4.1.0 (optimizers that ``torch.optim`` lacks): the
  per-parameter kernels (``foreach=False``) of ``pytorch_optimizer/optimizer/*.py``.
  Tuples are split (``betas`` -> ``beta1``, ``beta2``, ``beta3``; QHAdam's ``nus``
  -> ``nu1``, ``nu2``); ``foreach``/``maximize`` and knobs that do not change the
  math are dropped.

Conventions of the reference helpers (``pytorch_optimizer/base/optimizer.py``):

* ``weight_decouple`` (AdamW style) multiplies the weights by ``1 - λ·γ``
  (``1 - λ`` with ``fixed_decay``); otherwise ``λθ`` is added to the gradient
  (``apply_weight_decay``).
* ``ams_bound`` keeps the running maximum of the second moment, and the
  denominator is ``sqrt(v + 1e-15) + eps`` (``apply_ams_bound``).
* Bias corrections are ``1 - β**t`` (``debias``).
* Reductions over a tensor (norms, dot products) use ``Optimizer.tensor_sum``,
  so batched particles ``(N, 2)`` behave exactly like independent tensors; the
  per-tensor scalars they produce (SWATS's switch, Adan's clip factor) are kept
  per row, as arrays of shape ``(1,)`` (one point) or ``(N, 1)`` (batched).

Every ``update`` keeps the reference's order of floating-point operations, so a
float64 run agrees with it to a few ulps (the golden tests check it).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from engine.optimizers.base import lerp_, nonzero
from engine.optimizers.hparams import HParam, beta_param

TORCH = "torch.optim."
PYTORCH_OPTIMIZER = "pytorch_optimizer."

# -- torch.optim -----------------------------------------------------------------

BETA1 = beta_param("beta1", 0.9, "decay rate of the first-moment (mean) estimate")
BETA2 = beta_param("beta2", 0.999, "decay rate of the second-moment (uncentered variance) estimate")
MOMENTUM = HParam("momentum", 0.0, "momentum factor", low=0.0, high=1.0)


def l2(grad: np.ndarray, params: np.ndarray, weight_decay: Any) -> np.ndarray:
    """Coupled weight decay ``g + λθ`` (a new array, as torch's ``grad.add``)."""
    return grad + weight_decay * params if nonzero(weight_decay) else grad


# -- pytorch-optimizer -------------------------------------------------------------


def bool_param(name: str, default: bool, help: str) -> HParam:
    return HParam(name, default, help, kind="bool")


def beta1_param(default: float = 0.9) -> HParam:
    return beta_param("beta1", default, "decay rate of the first-moment (mean) estimate")


def beta2_param(default: float = 0.999) -> HParam:
    return beta_param("beta2", default, "decay rate of the second-moment estimate")


def decouple_param(default: bool) -> HParam:
    return bool_param(
        "weight_decouple", default,
        "decoupled (AdamW-style) weight decay: shrink the weights instead of adding λθ to g",
    )


FIXED_DECAY = bool_param("fixed_decay", False, "decoupled decay not scaled by the learning rate")
AMS_BOUND = bool_param("ams_bound", False,
                       "use the running maximum of the second moment (AMSGrad)")
MOMENTUM_01 = HParam("momentum", 0.9, "momentum factor", low=0.0, high=1.0, high_open=True)


def debias(beta: float, step: int) -> float:
    """``1 - beta**step`` (``BaseOptimizer.debias``)."""
    return 1.0 - math.pow(beta, step)


def apply_weight_decay(
    params: np.ndarray,
    grad: np.ndarray,
    lr: float | np.ndarray,
    weight_decay: float,
    decouple: bool,
    fixed: bool,
) -> np.ndarray:
    """``BaseOptimizer.apply_weight_decay``: shrink ``params`` in place or return ``g + λθ``.

    Never modifies ``grad`` (it may be the caller's array).
    """
    if weight_decay == 0.0:
        return grad
    if decouple:
        params *= 1.0 - weight_decay * (1.0 if fixed else lr) * 1.0
        return grad
    if weight_decay > 0.0:
        return grad + weight_decay * params
    return grad


def ams_denominator(
    ams_bound: bool,
    second: np.ndarray,
    max_second: np.ndarray | None,
    eps: float,
    inner_eps: float = 1e-15,
) -> np.ndarray:
    """``BaseOptimizer.apply_ams_bound``: ``sqrt(max(v̂, v) + 1e-15) + eps`` (a new array)."""
    if ams_bound:
        assert max_second is not None, "ams_bound needs max_second"
        np.maximum(max_second, second, out=max_second)
        denom: np.ndarray = max_second + inner_eps
    else:
        denom = second + inner_eps
    np.sqrt(denom, out=denom)
    denom += eps
    return denom


def lerp(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """``torch.lerp`` (not in place)."""
    out = np.array(start, dtype=np.float64, copy=True)
    lerp_(out, end, weight)
    return out


def f32(x: Any) -> np.float32:
    return np.float32(x)
