"""Adamax (``torch.optim.Adamax``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import Optimizer, OptimizerState, lerp_
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import BETA1, BETA2, TORCH, l2


@dataclass(eq=False, kw_only=True)
class AdamaxState(OptimizerState):
    """The first moment and the exponentially weighted infinity norm."""

    exp_avg: np.ndarray
    exp_inf: np.ndarray


class Adamax(Optimizer[AdamaxState]):
    r"""Adamax: Adam with the infinity norm in place of the second moment.

    .. math::
        m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t, \quad
        u_t = \max(\beta_2 u_{t-1}, |g_t| + \epsilon) \\
        \theta_t &= \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\,\frac{m_t}{u_t}

    Defaults: lr=2e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.
    Reference: ``torch.optim.Adamax``; Kingma & Ba, ICLR 2015, section 7.
    """

    elementwise = True
    row_hparams = frozenset({"lr", "beta1", "beta2", "eps", "weight_decay"})
    hparams = (lr_param(2e-3), BETA1, BETA2, eps_param(1e-8), weight_decay_param())

    def init_state(self, params: np.ndarray) -> AdamaxState:
        return AdamaxState(exp_avg=np.zeros_like(params), exp_inf=np.zeros_like(params))

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: AdamaxState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2 = c["beta1"], c["beta2"]
        grad = l2(grad, params, c["weight_decay"])
        exp_avg, exp_inf = state.exp_avg, state.exp_inf
        lerp_(exp_avg, grad, 1 - beta1)
        exp_inf *= beta2
        np.maximum(exp_inf, np.abs(grad) + c["eps"], out=exp_inf)
        step = state.step
        clr = lr / self.per_value("beta1", lambda b: 1 - b**step)
        params += (-clr * exp_avg) / exp_inf


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="adamax",
        title="Adamax",
        cls=Adamax,
        reference=TORCH + "Adamax",
        paper="Kingma & Ba, ICLR 2015",
        summary="Adam with the infinity norm instead of the second moment.",
        explanation=(
            "Adamax, from the same paper as Adam, replaces the root-mean-square denominator with "
            "an exponentially weighted maximum: u is the larger of the decayed previous u and "
            "the current |g|. The denominator reacts at once to a large gradient and forgets it "
            "slowly, and it needs no bias correction, which makes Adamax steadier when gradients "
            "are occasionally very large."
        ),
    ),
)
