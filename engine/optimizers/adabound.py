"""AdaBound (``pytorch_optimizer.AdaBound``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import HParam, Optimizer, OptimizerState, lerp_, optional
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import (
    AMS_BOUND,
    FIXED_DECAY,
    PYTORCH_OPTIMIZER,
    ams_denominator,
    apply_weight_decay,
    beta1_param,
    beta2_param,
    debias,
    decouple_param,
)


@dataclass(eq=False, kw_only=True)
class AdaBoundState(OptimizerState):
    """Adam's moments, the initial learning rate and the current step bounds."""

    base_lr: float
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    lower_bound: float = 0.0
    upper_bound: float = math.inf
    max_exp_avg_sq: np.ndarray | None = optional()


class AdaBound(Optimizer[AdaBoundState]):
    r"""AdaBound: Adam whose per-coordinate step is clipped into bounds that close on SGD.

    .. math::
        \eta_l(t) &= \gamma^\ast\Bigl(1 - \frac{1}{\kappa t + 1}\Bigr), \quad
        \eta_u(t) = \gamma^\ast\Bigl(1 + \frac{1}{\kappa t}\Bigr), \quad
        \gamma^\ast = \text{final\_lr}\cdot\gamma/\gamma_0 \\
        \theta_t &= \theta_{t-1} - \operatorname{clip}\Bigl(
            \frac{\gamma\sqrt{1-\beta_2^t}/(1-\beta_1^t)}{\sqrt{v_t + 10^{-15}} + \epsilon},
            \eta_l(t), \eta_u(t)\Bigr)\, m_t

    ``m_t``, ``v_t`` are Adam's (un-corrected) moments, ``κ`` is ``gamma`` and ``γ₀``
    the configured learning rate (a schedule scales the final rate with it).

    Defaults: lr=1e-3, final_lr=0.1, beta1=0.9, beta2=0.999, gamma=1e-3, weight_decay=0,
    weight_decouple=True, fixed_decay=False, ams_bound=False, eps=1e-8.
    Reference: ``pytorch_optimizer.AdaBound``; Luo et al., "Adaptive Gradient Methods
    with Dynamic Bound of Learning Rate", ICLR 2019.
    """

    hparams = (
        lr_param(1e-3),
        HParam("final_lr", 0.1, "the SGD learning rate the bounds converge to", low=0.0,
               log=True),
        beta1_param(),
        beta2_param(),
        HParam("gamma", 1e-3, "convergence speed of the bounds", low=0.0, low_open=True,
               log=True),
        weight_decay_param(),
        decouple_param(True),
        FIXED_DECAY,
        AMS_BOUND,
        eps_param(1e-8),
    )

    def init_state(self, params: np.ndarray) -> AdaBoundState:
        state = AdaBoundState(
            base_lr=float(self.config["lr"]),
            exp_avg=np.zeros_like(params),
            exp_avg_sq=np.zeros_like(params),
            lower_bound=0.0,
            upper_bound=math.inf,
        )
        if self.config["ams_bound"]:
            state.max_exp_avg_sq = np.zeros_like(params)
        return state

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: AdaBoundState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state.step
        if state.base_lr == 0.0 and lr > 0.0:
            state.base_lr = lr
        base_lr = state.base_lr
        bias_correction1 = debias(beta1, step)
        bias_correction2_sq = math.sqrt(debias(beta2, step))
        final_lr = c["final_lr"] * lr / base_lr if base_lr > 0.0 else 0.0
        lower_bound = final_lr * (1 - 1 / (c["gamma"] * step + 1))
        upper_bound = final_lr * (1 + 1 / (c["gamma"] * step))
        state.lower_bound, state.upper_bound = lower_bound, upper_bound
        step_size = lr * bias_correction2_sq / bias_correction1

        grad = apply_weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        exp_avg, exp_avg_sq = state.exp_avg, state.exp_avg_sq
        lerp_(exp_avg, grad, 1.0 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad
        denom = ams_denominator(
            c["ams_bound"], exp_avg_sq, state.max_exp_avg_sq, c["eps"]
        )
        update = step_size / denom
        np.minimum(np.maximum(update, lower_bound), upper_bound, out=update)
        update *= exp_avg
        params -= update


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="adabound",
        title="AdaBound",
        cls=AdaBound,
        reference=PYTORCH_OPTIMIZER + "AdaBound",
        paper="Luo et al., ICLR 2019",
        summary=(
            "Starts like Adam and smoothly turns into SGD by clipping each step size into a band "
            "that narrows over time."
        ),
        explanation=(
            "AdaBound starts like Adam and gradually turns into SGD: each coordinate's adaptive "
            "step size is clipped into a band around final_lr that is wide at first (from 0 to "
            "∞) and narrows over time, at a speed set by gamma (κ). Early on it enjoys Adam's "
            "fast progress; later every coordinate gets nearly the same step size, final_lr, "
            "like SGD, which Luo et al. argue generalises better."
        ),
    ),
)
