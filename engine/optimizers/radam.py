"""RAdam (``torch.optim.RAdam``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import HParam, Optimizer, OptimizerState, lerp_, optional
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import BETA1, BETA2, TORCH


@dataclass(eq=False, kw_only=True)
class RAdamState(OptimizerState):
    """The two moments and the length of the approximated SMA (after a step)."""

    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    rho_t: float | None = optional()


class RAdam(Optimizer[RAdamState]):
    r"""RAdam: Adam with the variance of the adaptive step rectified.

    .. math::
        \rho_\infty &= 2/(1-\beta_2) - 1, \quad
        \rho_t = \rho_\infty - 2t\beta_2^t/(1-\beta_2^t) \\
        r_t &= \sqrt{\frac{(\rho_t-4)(\rho_t-2)\rho_\infty}
            {(\rho_\infty-4)(\rho_\infty-2)\rho_t}} \\
        \theta_t &= \theta_{t-1} - \gamma\hat m_t \cdot
            \begin{cases} r_t\sqrt{1-\beta_2^t}/(\sqrt{v_t}+\epsilon) & \rho_t > 5 \\
            1 & \text{otherwise}\end{cases}

    Defaults: lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0,
    decoupled_weight_decay=False.
    Reference: ``torch.optim.RAdam``; Liu et al., ICLR 2020.
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        BETA1,
        BETA2,
        eps_param(1e-8),
        weight_decay_param(),
        HParam("decoupled_weight_decay", False, "AdamW-style weight decay", kind="bool"),
    )

    def init_state(self, params: np.ndarray) -> RAdamState:
        return RAdamState(exp_avg=np.zeros_like(params), exp_avg_sq=np.zeros_like(params))

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: RAdamState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, wd = c["beta1"], c["beta2"], c["weight_decay"]
        if wd != 0:
            if c["decoupled_weight_decay"]:
                params *= 1 - lr * wd
            else:
                grad = grad + wd * params
        exp_avg, exp_avg_sq = state.exp_avg, state.exp_avg_sq
        lerp_(exp_avg, grad, 1 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad * grad
        step = state.step
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        bias_corrected_exp_avg = exp_avg / bias_correction1
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        state.rho_t = rho_t
        if rho_t > 5.0:
            rect = (
                (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
            ) ** 0.5
            adaptive_lr = (bias_correction2**0.5) / (np.sqrt(exp_avg_sq) + c["eps"])
            params += -1.0 * (bias_corrected_exp_avg * lr * adaptive_lr * rect)
        else:
            params += -1.0 * (bias_corrected_exp_avg * lr)


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="radam",
        title="RAdam",
        cls=RAdam,
        reference=TORCH + "RAdam",
        paper="Liu et al., ICLR 2020",
        summary=(
            "Adam whose adaptive step is switched on only once its variance estimate is reliable."
        ),
        explanation=(
            "RAdam (rectified Adam) tames Adam's first steps, when the squared-gradient average "
            "rests on very few samples and the adaptive step can be far too large. While the "
            "estimated length ρₜ of that average is at most 5 it takes plain momentum steps; "
            "afterwards it uses Adam's step times a rectification factor rₜ that rises towards "
            "1. This acts as a built-in learning-rate warm-up."
        ),
    ),
)
