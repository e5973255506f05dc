"""AdEMAMix (``pytorch_optimizer.AdEMAMix``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.messages import msg
from engine.optimizers.base import HParam, Number, Optimizer, OptimizerState, lerp_
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
class AdEMAMixState(OptimizerState):
    """Adam's moments and the slow momentum."""

    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    exp_avg_slow: np.ndarray


class AdEMAMix(Optimizer[AdEMAMixState]):
    r"""AdEMAMix: Adam plus a second, very slow momentum mixed in with weight α.

    .. math::
        m^{(1)}_t &= \beta_1 m^{(1)}_{t-1} + (1-\beta_1) g_t, \quad
        m^{(2)}_t = \beta_3 m^{(2)}_{t-1} + (1-\beta_3) g_t \\
        v_t &= \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\
        \theta_t &= \theta_{t-1} - \gamma\,
            \frac{m^{(1)}_t/(1-\beta_1^t) + \alpha\, m^{(2)}_t}
                 {\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon}

    With ``t_alpha_beta3 = T > 0`` α and β₃ warm up over ``T`` steps:
    ``α_t = min(tα/T, α)`` and
    ``β₃(t) = min(exp(ln β₁ ln β₃ / ((1-t/T) ln β₃ + (t/T) ln β₁)), β₃)``.
    ``t_alpha_beta3 = 0`` means "no warm-up" (the reference's ``None``).

    Defaults: lr=1e-3, beta1=0.9, beta2=0.999, beta3=0.9999, weight_decay=0,
    weight_decouple=False, fixed_decay=False, alpha=5, t_alpha_beta3=0 (off), eps=1e-8.
    Reference: ``pytorch_optimizer.AdEMAMix``; Pagliardini, Ablin & Grangier, "The
    AdEMAMix Optimizer: Better, Faster, Older", arXiv:2409.03483 (2024).
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        beta1_param(),
        beta2_param(),
        HParam("beta3", 0.9999, "decay rate of the slow momentum", low=0.0, high=1.0),
        weight_decay_param(),
        decouple_param(False),
        FIXED_DECAY,
        HParam("alpha", 5.0, "weight α of the slow momentum", low=0.0),
        HParam("t_alpha_beta3", 0.0, "warm-up steps of α and β3 (0 = no warm-up)", low=0.0),
        eps_param(1e-8),
    )

    def check(self, config: Mapping[str, Number]) -> None:
        if config["t_alpha_beta3"] > 0 and (config["beta1"] <= 0 or config["beta3"] <= 0):
            raise ValueError(msg("t_alpha_beta3 > 0 needs beta1 > 0 and beta3 > 0 (their "
                                 "logarithms are used), got beta1={beta1}, beta3={beta3}",
                                 beta1=config["beta1"], beta3=config["beta3"]))

    def init_state(self, params: np.ndarray) -> AdEMAMixState:
        return AdEMAMixState(
            exp_avg=np.zeros_like(params),
            exp_avg_sq=np.zeros_like(params),
            exp_avg_slow=np.zeros_like(params),
        )

    def describe_state(self, state: AdEMAMixState) -> dict[str, Any]:
        out = super().describe_state(state)
        out["alpha_t"], out["beta3_t"] = self.schedules(max(state.step, 1))
        return out

    def schedules(self, step: int) -> tuple[float, float]:
        """``(alpha_t, beta3_t)`` at ``step`` (``AdEMAMix.schedule_alpha``/``schedule_beta3``)."""
        c = self.config
        alpha, beta1, beta3, t = c["alpha"], c["beta1"], c["beta3"], c["t_alpha_beta3"]
        if t == 0:
            return alpha, beta3
        alpha_t = min(step * alpha / t, alpha)
        log_beta1, log_beta3 = math.log(beta1), math.log(beta3)
        beta3_t = min(
            math.exp(
                log_beta1 * log_beta3 / ((1.0 - step / t) * log_beta3 + (step / t) * log_beta1)
            ),
            beta3,
        )
        return alpha_t, beta3_t

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: AdEMAMixState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state.step
        bias_correction1 = debias(beta1, step)
        bias_correction2_sq = math.sqrt(debias(beta2, step))
        alpha_t, beta3_t = self.schedules(step)
        grad = apply_weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        exp_avg, exp_avg_sq, exp_avg_slow = (
            state.exp_avg, state.exp_avg_sq, state.exp_avg_slow
        )
        lerp_(exp_avg, grad, 1.0 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad
        lerp_(exp_avg_slow, grad, 1.0 - beta3_t)
        denom = np.sqrt(exp_avg_sq)
        denom /= bias_correction2_sq
        denom += c["eps"]
        update = exp_avg / bias_correction1
        update += alpha_t * exp_avg_slow
        params += (-lr * update) / denom


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="ademamix",
        title="AdEMAMix",
        cls=AdEMAMix,
        reference=PYTORCH_OPTIMIZER + "AdEMAMix",
        paper="Pagliardini, Ablin & Grangier, arXiv:2409.03483",
        summary=(
            "Adam plus a second, very slow momentum that remembers gradients from thousands of "
            "steps ago."
        ),
        explanation=(
            "AdEMAMix adds to Adam a second, very slow momentum (β₃ = 0.9999 remembers roughly "
            "the last 10 000 gradients) and steps along the fast momentum plus α times the slow "
            "one. Pagliardini et al. found that such old gradients stay useful for a long time "
            "when training language models. α and β₃ can be warmed up over t_alpha_beta3 steps; "
            "without warm-up the slow term takes over gradually in long races."
        ),
    ),
)
