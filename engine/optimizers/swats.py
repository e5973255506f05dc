"""SWATS (``pytorch_optimizer.SWATS``): Adam that switches to SGD."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import Optimizer, OptimizerState, lerp_, optional, per_row
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
    lerp,
)


@dataclass(eq=False, kw_only=True)
class SWATSState(OptimizerState):
    """Adam's moments, the SGD velocity and, per tensor (per row when batched),
    the learned SGD rate and when the switch happened."""

    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    momentum_buffer: np.ndarray
    max_exp_avg_sq: np.ndarray | None = optional()
    exp_avg2: np.ndarray = per_row()
    switched: np.ndarray = per_row()
    sgd_lr: np.ndarray = per_row()
    switch_step: np.ndarray = per_row()


class SWATS(Optimizer[SWATSState]):
    r"""SWATS: start with Adam, switch to SGD (with a learned rate) once it is stable.

    .. math::
        p_t &= -\gamma\frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}\,
            \frac{m_t}{\sqrt{v_t + 10^{-15}} + \epsilon}, \quad \theta_t = \theta_{t-1} + p_t \\
        \gamma^{sgd}_t &= \frac{p_t^\top p_t}{-p_t^\top g_t}, \quad
        \lambda_t = \beta_2\lambda_{t-1} + (1-\beta_2)\gamma^{sgd}_t \\
        &\text{switch when } t>1,\ \tfrac{\lambda_t}{1-\beta_2^t} > 0,\
            \bigl|\tfrac{\lambda_t}{1-\beta_2^t} - \gamma^{sgd}_t\bigr|
            \le 10^{-8} + \epsilon|\gamma^{sgd}_t|;\ \text{then}\
            b_t = \beta_1 b_{t-1} + g_t,\
            \theta_t = \theta_{t-1} - \tfrac{\lambda_t}{1-\beta_2^t}(1-\beta_1) b_t

    (with ``nesterov`` the SGD step is ``(1-β₁) b_t + β₁ b_t``).  The switch is per
    tensor (per row for batched particles); the state exposes ``switched``,
    ``sgd_lr`` (the learned SGD rate) and ``switch_step`` (0 while in the Adam phase).
    After the switch the learned rate replaces the (scheduled) learning rate, as the
    reference overwrites ``group['lr']``.

    Defaults: lr=1e-3, beta1=0.9, beta2=0.999, weight_decay=0, weight_decouple=False,
    fixed_decay=False, ams_bound=False, nesterov=False, eps=1e-6.
    Reference: ``pytorch_optimizer.SWATS``; Keskar & Socher, "Improving Generalization
    Performance by Switching from Adam to SGD", arXiv:1712.07628 (2017).
    """

    hparams = (
        lr_param(1e-3),
        beta1_param(),
        beta2_param(),
        weight_decay_param(),
        decouple_param(False),
        FIXED_DECAY,
        AMS_BOUND,
        bool_param("nesterov", False, "Nesterov momentum in the SGD phase"),
        eps_param(1e-6, "denominator term; also the relative tolerance of the switch test"),
    )

    def init(self, params: np.ndarray, *, batched: bool = False) -> SWATSState:
        state = super().init(params, batched=batched)
        shape = self.tensor_sum(np.zeros_like(np.asarray(params, dtype=np.float64)), state).shape
        state.exp_avg2 = np.zeros(shape)
        state.switched = np.zeros(shape, dtype=bool)
        state.sgd_lr = np.zeros(shape)
        state.switch_step = np.zeros(shape, dtype=np.int64)
        return state

    def init_state(self, params: np.ndarray) -> SWATSState:
        state = SWATSState(
            exp_avg=np.zeros_like(params),
            exp_avg_sq=np.zeros_like(params),
            momentum_buffer=np.zeros_like(params),
        )
        if self.config["ams_bound"]:
            state.max_exp_avg_sq = np.zeros_like(params)
        return state

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: SWATSState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, eps, step = c["beta1"], c["beta2"], c["eps"], state.step
        bias_correction1 = debias(beta1, step)
        bias_correction2 = debias(beta2, step)
        step_size = lr * math.sqrt(bias_correction2) / bias_correction1

        switched = state.switched
        any_sgd = bool(switched.any())
        all_sgd = bool(switched.all())
        group_lr = np.where(switched, state.sgd_lr, lr) if any_sgd else lr
        grad = apply_weight_decay(
            params, grad, group_lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )

        if any_sgd:  # SGD phase (rows that switched)
            buf = state.momentum_buffer
            new_buf = buf * beta1 + grad
            buf[...] = np.where(switched, new_buf, buf)
            sgd_update = buf * (1.0 - beta1)
            if c["nesterov"]:
                sgd_update = sgd_update + beta1 * buf
            sgd_params = params + -group_lr * sgd_update
            if all_sgd:
                params[...] = sgd_params
                return

        adam = ~switched
        exp_avg, exp_avg_sq = state.exp_avg, state.exp_avg_sq
        max_sq = state.max_exp_avg_sq
        if any_sgd:  # freeze the moments of rows in the SGD phase
            old = [(m, m.copy()) for m in (exp_avg, exp_avg_sq, max_sq) if m is not None]
        lerp_(exp_avg, grad, 1.0 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad
        denom = ams_denominator(c["ams_bound"], exp_avg_sq, max_sq, eps)
        perturb = exp_avg / denom
        perturb *= -step_size
        adam_params = params + perturb

        pg = self.tensor_sum(perturb * grad, state)
        valid = pg != 0
        with np.errstate(divide="ignore", invalid="ignore"):
            scaling = self.tensor_sum(perturb * perturb, state) / -np.where(valid, pg, 1.0)
        exp_avg2 = state.exp_avg2
        new_avg2 = lerp(exp_avg2, scaling, 1.0 - beta2)
        valid &= adam
        exp_avg2[...] = np.where(valid, new_avg2, exp_avg2)
        corrected = exp_avg2 / bias_correction2
        if step > 1:
            close = np.abs(corrected - scaling) <= 1e-8 + eps * np.abs(scaling)
            switch = valid & (corrected > 0.0) & close
            if switch.any():
                state.sgd_lr = np.where(switch, corrected, state.sgd_lr)
                state.switch_step = np.where(switch, step, state.switch_step)
                state.switched = switched | switch

        if any_sgd:
            for m, v in old:
                m[...] = np.where(adam, m, v)
            params[...] = np.where(adam, adam_params, sgd_params)
        else:
            params[...] = adam_params


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="swats",
        title="SWATS",
        cls=SWATS,
        reference=PYTORCH_OPTIMIZER + "SWATS",
        paper="Keskar & Socher, arXiv:1712.07628",
        summary=(
            "Runs Adam until its steps look like those of SGD with a fixed rate, then switches "
            "to SGD with that rate."
        ),
        explanation=(
            "SWATS (switching from Adam to SGD) runs Adam and, at every step, estimates the SGD "
            "learning rate that would have produced Adam's step along the gradient. It keeps a "
            "running average of that estimate; once the average stops changing, it switches for "
            "good to SGD with momentum at that learning rate. In the race the path changes "
            "character at the moment of the switch."
        ),
    ),
)
