"""LaProp (``pytorch_optimizer.LaProp``)."""

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
    bool_param,
    debias,
    decouple_param,
)


@dataclass(eq=False, kw_only=True)
class LaPropState(OptimizerState):
    """The moments and the running averages of the learning rate."""

    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    exp_avg_lr_1: float = 0.0
    exp_avg_lr_2: float = 0.0
    exp_mean_avg_beta2: np.ndarray | None = optional()
    max_exp_avg_sq: np.ndarray | None = optional()


class LaProp(Optimizer[LaPropState]):
    r"""LaProp: momentum of the RMS-normalised gradient (Adam with the order swapped).

    .. math::
        v_t &= \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\
        m_t &= \beta_1 m_{t-1} + (1-\beta_1)\gamma\,
            \frac{g_t}{(\sqrt{v_t + 10^{-15}} + \epsilon)/\sqrt{1-\beta_2^t}} \\
        \theta_t &= \theta_{t-1} - m_t / c_t, \quad
            c_t = \beta_1 c_{t-1} + (1-\beta_1)\gamma_t \ \text{(divided by } \gamma_t)

    ``c_t`` is the bias correction of a learning rate that may change every step.  With
    ``centered`` the squared mean of ``g`` is subtracted from ``v`` after
    ``steps_before_using_centered`` steps.  Weight decay comes after the step; in the
    reference the coupled form (``weight_decouple=False``) adds ``λθ`` to a gradient that
    is no longer used, so it has no effect -- reproduced as is.

    Defaults: lr=4e-4, beta1=0.9, beta2=0.999, centered=False,
    steps_before_using_centered=10, weight_decay=0, weight_decouple=True,
    fixed_decay=False, ams_bound=False, eps=1e-15.
    Reference: ``pytorch_optimizer.LaProp``; Ziyin et al., "LaProp: Separating Momentum
    and Adaptivity in Adam", arXiv:2002.04839 (2020).
    """

    hparams = (
        lr_param(4e-4),
        beta1_param(),
        beta2_param(),
        bool_param("centered", False, "subtract the squared gradient mean from the second moment"),
        HParam("steps_before_using_centered", 10, "steps to average before centering",
               kind="int", low=0),
        weight_decay_param(),
        decouple_param(True),
        FIXED_DECAY,
        AMS_BOUND,
        eps_param(1e-15),
    )

    def init_state(self, params: np.ndarray) -> LaPropState:
        state = LaPropState(
            exp_avg=np.zeros_like(params),
            exp_avg_sq=np.zeros_like(params),
            exp_avg_lr_1=0.0,
            exp_avg_lr_2=0.0,
        )
        if self.config["centered"]:
            state.exp_mean_avg_beta2 = np.zeros_like(params)
        if self.config["ams_bound"]:
            state.max_exp_avg_sq = np.zeros_like(params)
        return state

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: LaPropState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state.step
        bias_correction2_sq = math.sqrt(debias(beta2, step))
        exp_avg, exp_avg_sq = state.exp_avg, state.exp_avg_sq
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad
        state.exp_avg_lr_1 = state.exp_avg_lr_1 * beta1 + (1.0 - beta1) * lr
        state.exp_avg_lr_2 = state.exp_avg_lr_2 * beta2 + (1.0 - beta2)
        bias_correction1 = state.exp_avg_lr_1 / lr if lr != 0.0 else 1.0
        step_size = 1.0 / bias_correction1
        second_moment = exp_avg_sq
        if c["centered"]:
            mean = state.exp_mean_avg_beta2
            assert mean is not None  # allocated by init_state
            lerp_(mean, grad, 1.0 - beta2)
            if step > c["steps_before_using_centered"]:
                second_moment = exp_avg_sq - mean * mean
        denom = ams_denominator(
            c["ams_bound"], second_moment, state.max_exp_avg_sq, c["eps"]
        )
        denom /= bias_correction2_sq
        exp_avg *= beta1
        exp_avg += ((1.0 - beta1) * lr * grad) / denom
        params += -step_size * exp_avg
        apply_weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="laprop",
        title="LaProp",
        cls=LaProp,
        reference=PYTORCH_OPTIMIZER + "LaProp",
        paper="Ziyin et al., arXiv:2002.04839",
        summary=(
            "Adam with the order swapped: each gradient is normalised first, then averaged into "
            "the momentum."
        ),
        explanation=(
            "LaProp swaps two operations of Adam: it first divides each gradient by the running "
            "RMS of gradients, as RMSprop does, and then averages these normalised gradients "
            "into the momentum. Separating momentum from adaptivity removes Adam's instability "
            "when β₁ is large compared with β₂, so the two can be chosen independently."
        ),
    ),
)
