"""AdaBelief (``pytorch_optimizer.AdaBelief``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

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
class AdaBeliefState(OptimizerState):
    """The mean and the variance of the gradient around it."""

    exp_avg: np.ndarray
    exp_avg_var: np.ndarray
    max_exp_avg_var: np.ndarray | None = optional()


class AdaBelief(Optimizer[AdaBeliefState]):
    r"""AdaBelief: Adam that divides by the spread of gradients around their mean.

    .. math::
        m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t \\
        s_t &= \beta_2 s_{t-1} + (1-\beta_2)(g_t - m_t)^2 + \epsilon \\
        \theta_t &= \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\,
            \frac{m_t}{\sqrt{s_t}/\sqrt{1-\beta_2^t} + \epsilon}

    With ``rectify`` the step is RAdam's: ``γ r_t m_t / ((1-β₁ᵗ)(√s_t + ε))`` once the
    length of the approximated SMA reaches ``n_sma_threshold``, before that an SGD
    step ``γ m_t / (1-β₁ᵗ)`` (``degenerated_to_sgd``) or none.  ``ams_bound`` uses the
    running maximum of ``s``.

    Defaults: lr=1e-3, beta1=0.9, beta2=0.999, weight_decay=0, weight_decouple=True,
    fixed_decay=False, rectify=False, n_sma_threshold=5, degenerated_to_sgd=True,
    ams_bound=False, eps=1e-16.
    Reference: ``pytorch_optimizer.AdaBelief``; Zhuang et al., "AdaBelief Optimizer:
    Adapting Stepsizes by the Belief in Observed Gradients", NeurIPS 2020.
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        beta1_param(),
        beta2_param(),
        weight_decay_param(),
        decouple_param(True),
        FIXED_DECAY,
        bool_param("rectify", False, "RAdam-style rectification of the adaptive step"),
        HParam("n_sma_threshold", 5, "SMA length from which the rectified step is used",
               kind="int", low=0),
        bool_param("degenerated_to_sgd", True, "take SGD steps before the rectification threshold"),
        AMS_BOUND,
        eps_param(1e-16),
    )

    def describe_state(self, state: AdaBeliefState) -> dict[str, Any]:
        out = super().describe_state(state)
        beta2, step = self.config["beta2"], state.step
        if self.config["rectify"] and step > 0:
            n_sma_max = 2.0 / (1.0 - beta2) - 1.0
            out["n_sma"] = n_sma_max - 2 * step * beta2**step / (1.0 - beta2**step)
        return out

    def init_state(self, params: np.ndarray) -> AdaBeliefState:
        state = AdaBeliefState(exp_avg=np.zeros_like(params), exp_avg_var=np.zeros_like(params))
        if self.config["ams_bound"]:
            state.max_exp_avg_var = np.zeros_like(params)
        return state

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: AdaBeliefState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state.step
        bias_correction1 = debias(beta1, step)
        # BaseOptimizer.get_rectify_step_size
        step_size, n_sma = lr, 0.0
        if c["rectify"]:
            n_sma_max = 2.0 / (1.0 - beta2) - 1.0
            beta2_t = beta2**step
            n_sma = n_sma_max - 2 * step * beta2_t / (1.0 - beta2_t)
            if n_sma >= c["n_sma_threshold"]:
                rt = math.sqrt(
                    (1.0 - beta2_t) * (n_sma - 4) / (n_sma_max - 4) * (n_sma - 2) / n_sma
                    * n_sma_max / (n_sma_max - 2)
                )
            elif c["degenerated_to_sgd"]:
                rt = 1.0
            else:
                rt = -1.0
            step_size = step_size * rt
        step_size = step_size / bias_correction1
        bias_correction2_sq = math.sqrt(debias(beta2, step))

        grad = apply_weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        exp_avg, exp_avg_var = state.exp_avg, state.exp_avg_var
        lerp_(exp_avg, grad, 1.0 - beta1)
        grad_residual = grad - exp_avg
        exp_avg_var *= beta2
        exp_avg_var += ((1.0 - beta2) * grad_residual) * grad_residual
        exp_avg_var += c["eps"]
        denom = ams_denominator(
            c["ams_bound"], exp_avg_var, state.max_exp_avg_var, 0.0, 0.0
        )
        if not c["rectify"]:
            denom /= bias_correction2_sq
            denom += c["eps"]
            params += (-step_size * exp_avg) / denom
            return
        denom += c["eps"]
        if n_sma >= c["n_sma_threshold"]:
            params += (-step_size * exp_avg) / denom
        elif step_size > 0:
            params += -step_size * exp_avg


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="adabelief",
        title="AdaBelief",
        cls=AdaBelief,
        reference=PYTORCH_OPTIMIZER + "AdaBelief",
        paper="Zhuang et al., NeurIPS 2020",
        summary=(
            "Adam that divides by how far the gradient strays from its running mean: big steps "
            "when the gradient is predictable, small ones when it is not."
        ),
        explanation=(
            "AdaBelief is Adam with a different denominator: the running average of the squared "
            "deviation of the gradient from its momentum, (g − m)², instead of g². When the "
            "gradient is predictable, as along a smooth valley, the deviation is small and "
            "AdaBelief takes large steps; when it jumps around, it takes small cautious ones. "
            "Options add AdamW-style decay, RAdam's rectification and AMSGrad's bound."
        ),
    ),
)
