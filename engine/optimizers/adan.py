"""Adan (``pytorch_optimizer.Adan``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import HParam, Optimizer, OptimizerState, lerp_
from engine.optimizers.hparams import beta_param, eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import PYTORCH_OPTIMIZER, debias, decouple_param


@dataclass(eq=False, kw_only=True)
class AdanState(OptimizerState):
    """The moments of gradients and of their differences, and the last gradient
    (stored negated, as the reference does)."""

    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    exp_avg_diff: np.ndarray
    previous_grad: np.ndarray


class Adan(Optimizer[AdanState]):
    r"""Adan: adaptive Nesterov momentum from gradients and gradient differences.

    .. math::
        m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t, \quad
        d_t = \beta_2 d_{t-1} + (1-\beta_2)(g_t - g_{t-1}) \\
        n_t &= \beta_3 n_{t-1} + (1-\beta_3)\bigl(g_t + \beta_2(g_t - g_{t-1})\bigr)^2 \\
        \theta_t &= \Bigl(\theta_{t-1} - \frac{\gamma}{\sqrt{n_t}/\sqrt{1-\beta_3^t}+\epsilon}
            \Bigl(\frac{m_t}{1-\beta_1^t} + \frac{\beta_2 d_t}{1-\beta_2^t}\Bigr)\Bigr)
            \big/ (1 + \gamma\lambda)

    ``g₀ = g₁`` (the first difference is zero).  With ``weight_decouple`` the weights
    are multiplied by ``1 - γλ`` before the step instead of the proximal division.
    ``max_grad_norm > 0`` first rescales ``g`` by ``min(1, c/(‖g‖+ε))``, computed in
    float32 like the reference.

    Defaults: lr=1e-3, beta1=0.98, beta2=0.92, beta3=0.99, weight_decay=0,
    weight_decouple=False, max_grad_norm=0, eps=1e-8.
    Reference: ``pytorch_optimizer.Adan``; Xie et al., "Adan: Adaptive Nesterov Momentum
    Algorithm for Faster Optimizing Deep Models", IEEE TPAMI 2024 (arXiv:2208.06677).
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        beta_param("beta1", 0.98, "decay rate of the gradient average"),
        beta_param("beta2", 0.92, "decay rate of the gradient-difference average"),
        beta_param("beta3", 0.99, "decay rate of the squared corrected gradient"),
        weight_decay_param(),
        decouple_param(False),
        HParam("max_grad_norm", 0.0, "clip the gradient norm to this (0 = off)", low=0.0),
        eps_param(1e-8),
    )

    def init_state(self, params: np.ndarray) -> AdanState:
        return AdanState(
            exp_avg=np.zeros_like(params),
            exp_avg_sq=np.zeros_like(params),
            exp_avg_diff=np.zeros_like(params),
            previous_grad=np.zeros_like(params),
        )

    def _clip_factor(self, grad: np.ndarray, state: AdanState) -> float | np.ndarray:
        """``Adan.get_global_gradient_norm``: ``min(1, c / (‖g‖ + ε))`` in float32, per tensor."""
        c = self.config
        if c["max_grad_norm"] == 0.0:
            return 1.0
        norm = np.sqrt(self.tensor_sum(grad * grad, state)).astype(np.float32)
        norm = np.square(norm)
        np.sqrt(norm, out=norm)
        norm += np.float32(c["eps"])
        clip = (np.float32(1.0) / norm) * np.float32(c["max_grad_norm"])
        return np.minimum(clip, np.float32(1.0)).astype(np.float64)

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: AdanState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, beta3, step = c["beta1"], c["beta2"], c["beta3"], state.step
        wd = c["weight_decay"]
        clip = self._clip_factor(grad, state)
        if step == 1:  # the reference starts from g_0 = g_1, so the first difference is 0
            np.multiply(grad, -clip, out=state.previous_grad)
        bias_correction1 = debias(beta1, step)
        bias_correction2 = debias(beta2, step)
        bias_correction3_sq = math.sqrt(debias(beta3, step))

        grad = grad * clip
        grad_diff = state.previous_grad
        grad_diff += grad
        exp_avg, exp_avg_sq, exp_avg_diff = (
            state.exp_avg, state.exp_avg_sq, state.exp_avg_diff
        )
        lerp_(exp_avg, grad, 1.0 - beta1)
        lerp_(exp_avg_diff, grad_diff, 1.0 - beta2)
        grad_diff *= beta2
        grad_diff += grad
        exp_avg_sq *= beta3
        exp_avg_sq += ((1.0 - beta3) * grad_diff) * grad_diff
        denom = np.sqrt(exp_avg_sq)
        denom /= bias_correction3_sq
        denom += c["eps"]
        if wd != 0.0 and c["weight_decouple"]:
            params *= 1.0 - lr * wd
        params += ((-lr / bias_correction1) * exp_avg) / denom
        params += ((-lr * beta2 / bias_correction2) * exp_avg_diff) / denom
        if wd != 0.0 and not c["weight_decouple"]:
            params /= 1.0 + lr * wd
        np.negative(grad, out=state.previous_grad)


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="adan",
        title="Adan",
        cls=Adan,
        reference=PYTORCH_OPTIMIZER + "Adan",
        paper="Xie et al., IEEE TPAMI 2024 (arXiv:2208.06677)",
        summary=(
            "Adam with an extra momentum of gradient differences, a cheap look-ahead like "
            "Nesterov's."
        ),
        explanation=(
            "Adan (adaptive Nesterov momentum) keeps three running averages: of the gradient "
            "(β₁), of the gradient's change from the previous step (β₂), and of the square of "
            "the gradient corrected by that change (β₃). The change term is a cheap stand-in for "
            "Nesterov's look-ahead that needs no gradient at a second point. Weight decay is "
            "applied as a proximal step, dividing by 1 + γλ."
        ),
    ),
)
