"""NAdam (``torch.optim.NAdam``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import HParam, Optimizer, OptimizerState, lerp_
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import BETA1, BETA2, TORCH


@dataclass(eq=False, kw_only=True)
class NAdamState(OptimizerState):
    """The product of the momentum schedule and the two moments."""

    mu_product: float = 1.0
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray


class NAdam(Optimizer[NAdamState]):
    r"""NAdam: Adam with Nesterov momentum and a momentum-decay schedule.

    .. math::
        \mu_t &= \beta_1\bigl(1 - \tfrac12\, 0.96^{t\psi}\bigr) \\
        m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t, \quad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\
        \theta_t &= \theta_{t-1}
            - \gamma\frac{(1-\mu_t)\, g_t}{(1-\prod_{i\le t}\mu_i)(\sqrt{\hat v_t}+\epsilon)}
            - \gamma\frac{\mu_{t+1} m_t}{(1-\prod_{i\le t+1}\mu_i)(\sqrt{\hat v_t}+\epsilon)}

    Defaults: lr=2e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0,
    momentum_decay=4e-3, decoupled_weight_decay=False.
    Reference: ``torch.optim.NAdam``; Dozat, ICLR 2016 workshop.
    """

    hparams = (
        lr_param(2e-3),
        BETA1,
        BETA2,
        eps_param(1e-8),
        weight_decay_param(),
        HParam("momentum_decay", 4e-3, "momentum decay ψ", low=0.0),
        HParam("decoupled_weight_decay", False, "AdamW-style weight decay", kind="bool"),
    )

    def init_state(self, params: np.ndarray) -> NAdamState:
        return NAdamState(
            mu_product=1.0,
            exp_avg=np.zeros_like(params),
            exp_avg_sq=np.zeros_like(params),
        )

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: NAdamState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, wd, psi = c["beta1"], c["beta2"], c["weight_decay"], c["momentum_decay"]
        step = state.step
        bias_correction2 = 1 - beta2**step
        if wd != 0:
            if c["decoupled_weight_decay"]:
                params *= 1 - lr * wd
            else:
                grad = grad + wd * params
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * psi)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * psi)))
        state.mu_product *= mu
        mu_product = state.mu_product
        exp_avg, exp_avg_sq = state.exp_avg, state.exp_avg_sq
        lerp_(exp_avg, grad, 1 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad * grad
        denom = np.sqrt(exp_avg_sq / bias_correction2)
        mu_product_next = mu_product * mu_next
        denom += c["eps"]
        # torch addcdiv_(t, denom, value=v): p + (v * t) / denom
        params += ((-lr * (1.0 - mu) / (1.0 - mu_product)) * grad) / denom
        params += (((-lr * mu_next) / (1.0 - mu_product_next)) * exp_avg) / denom


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="nadam",
        title="NAdam",
        cls=NAdam,
        reference=TORCH + "NAdam",
        paper="Dozat, ICLR 2016 workshop",
        summary="Adam with Nesterov momentum.",
        explanation=(
            "NAdam brings Nesterov's look-ahead into Adam: each step mixes the current gradient "
            "with the momentum it is about to apply, with a momentum coefficient μₜ that warms "
            "up over the first few hundred steps (momentum_decay ψ). It reacts a little faster "
            "than Adam when the direction changes and overshoots less. decoupled_weight_decay = "
            "true applies weight decay the AdamW way."
        ),
    ),
)
