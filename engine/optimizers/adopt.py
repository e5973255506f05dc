"""ADOPT (``pytorch_optimizer.ADOPT``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import Optimizer, OptimizerState, lerp_
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import (
    FIXED_DECAY,
    PYTORCH_OPTIMIZER,
    apply_weight_decay,
    beta1_param,
    beta2_param,
    decouple_param,
)


@dataclass(eq=False, kw_only=True)
class ADOPTState(OptimizerState):
    """The two moments."""

    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray


class ADOPT(Optimizer[ADOPTState]):
    r"""ADOPT: normalise the gradient by the *previous* second moment, then take momentum.

    .. math::
        v_1 &= g_1^2 \quad (\text{no parameter update at } t = 1) \\
        \hat g_t &= \operatorname{clip}\bigl(g_t / \max(\sqrt{v_{t-1}}, \epsilon),
            -t^{1/4}, t^{1/4}\bigr) \\
        m_t &= \beta_1 m_{t-1} + (1-\beta_1)\hat g_t, \quad \theta_t = \theta_{t-1} - \gamma m_t \\
        v_t &= \beta_2 v_{t-1} + (1-\beta_2) g_t^2

    Converges with any ``beta2`` (unlike Adam).  The clipping bound ``t^{1/4}`` is the
    reference's default ``clip_lambda``.

    Defaults: lr=1e-3, beta1=0.9, beta2=0.9999, weight_decay=0, weight_decouple=False,
    fixed_decay=False, eps=1e-6.
    Reference: ``pytorch_optimizer.ADOPT``; Taniguchi et al., "ADOPT: Modified Adam Can
    Converge with Any β₂ with the Optimal Rate", NeurIPS 2024.
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        beta1_param(),
        beta2_param(0.9999),
        weight_decay_param(),
        decouple_param(False),
        FIXED_DECAY,
        eps_param(1e-6, "lower bound of the denominator"),
    )

    def init_state(self, params: np.ndarray) -> ADOPTState:
        return ADOPTState(exp_avg=np.zeros_like(params), exp_avg_sq=np.zeros_like(params))

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: ADOPTState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state.step
        grad = apply_weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        exp_avg, exp_avg_sq = state.exp_avg, state.exp_avg_sq
        if step == 1:
            exp_avg_sq += 1.0 * grad * grad
            return
        denom = np.maximum(np.sqrt(exp_avg_sq), c["eps"])
        normed_grad = grad / denom
        clip = math.pow(step, 0.25)
        np.clip(normed_grad, -clip, clip, out=normed_grad)
        lerp_(exp_avg, normed_grad, 1.0 - beta1)
        params += -lr * exp_avg
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="adopt",
        title="ADOPT",
        cls=ADOPT,
        reference=PYTORCH_OPTIMIZER + "ADOPT",
        paper="Taniguchi et al., NeurIPS 2024",
        summary=(
            "Adam that normalises the gradient by the previous step's second moment before "
            "averaging it, which makes it converge for any beta2."
        ),
        explanation=(
            "ADOPT fixes Adam's convergence problem differently from AMSGrad: it divides the "
            "current gradient by the squared-gradient estimate of the previous step, so the two "
            "are independent, clips the result, and only then averages it into the momentum. "
            "With this order it converges for any β₂, with no ever-growing maximum. Its first "
            "step only initialises the estimate, so the racer does not move at step 1."
        ),
    ),
)
