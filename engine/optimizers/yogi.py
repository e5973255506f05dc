"""Yogi (``pytorch_optimizer.Yogi``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import HParam, Optimizer, OptimizerState, lerp_
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import (
    FIXED_DECAY,
    PYTORCH_OPTIMIZER,
    apply_weight_decay,
    beta1_param,
    beta2_param,
    debias,
    decouple_param,
)


@dataclass(eq=False, kw_only=True)
class YogiState(OptimizerState):
    """The two moments (both start at ``initial_accumulator``)."""

    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray


class Yogi(Optimizer[YogiState]):
    r"""Yogi: Adam whose second moment moves additively, by the sign of its error.

    .. math::
        m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t \\
        v_t &= v_{t-1} - (1-\beta_2)\,\operatorname{sign}(v_{t-1} - g_t^2)\, g_t^2 \\
        \theta_t &= \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\,
            \frac{m_t}{\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon}

    Both moments start at ``initial_accumulator`` (not zero).

    Defaults: lr=1e-2, beta1=0.9, beta2=0.999, initial_accumulator=1e-6, weight_decay=0,
    weight_decouple=True, fixed_decay=False, eps=1e-3.
    Reference: ``pytorch_optimizer.Yogi``; Zaheer et al., "Adaptive Methods for
    Nonconvex Optimization", NeurIPS 2018.
    """

    elementwise = True
    hparams = (
        lr_param(1e-2),
        beta1_param(),
        beta2_param(),
        HParam("initial_accumulator", 1e-6, "starting value of both moments", low=0.0,
               log=True),
        weight_decay_param(),
        decouple_param(True),
        FIXED_DECAY,
        eps_param(1e-3),
    )

    def init_state(self, params: np.ndarray) -> YogiState:
        init = self.config["initial_accumulator"]
        return YogiState(exp_avg=np.full_like(params, init), exp_avg_sq=np.full_like(params, init))

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: YogiState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state.step
        bias_correction1 = debias(beta1, step)
        bias_correction2_sq = math.sqrt(debias(beta2, step))
        step_size = lr / bias_correction1
        grad = apply_weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        grad_p2 = grad * grad
        exp_avg, exp_avg_sq = state.exp_avg, state.exp_avg_sq
        lerp_(exp_avg, grad, 1.0 - beta1)
        exp_avg_sq += (-(1.0 - beta2) * np.sign(exp_avg_sq - grad_p2)) * grad_p2
        denom = np.sqrt(exp_avg_sq)
        denom /= bias_correction2_sq
        denom += c["eps"]
        params += (-step_size * exp_avg) / denom


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="yogi",
        title="Yogi",
        cls=Yogi,
        reference=PYTORCH_OPTIMIZER + "Yogi",
        paper="Zaheer et al., NeurIPS 2018",
        summary=(
            "Adam whose squared-gradient memory changes by small additive steps, so the step "
            "size cannot blow up suddenly."
        ),
        explanation=(
            "Yogi changes how Adam's squared-gradient estimate v adapts: instead of moving v a "
            "fraction of the way to g², it adds or subtracts (1 − β₂)·g² depending on whether v "
            "is below or above g². v then changes by bounded steps, so a sudden drop in the "
            "gradient cannot make the effective learning rate jump up. It starts from a small "
            "positive initial_accumulator and uses a larger ε (10⁻³) than Adam."
        ),
    ),
)
