"""MADGRAD (``pytorch_optimizer.MADGRAD``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import Optimizer, OptimizerState, lerp_, optional
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import MOMENTUM_01, PYTORCH_OPTIMIZER, decouple_param


@dataclass(eq=False, kw_only=True)
class MADGRADState(OptimizerState):
    """The dual-averaging sums and the starting point (with momentum)."""

    grad_sum_sq: np.ndarray
    s: np.ndarray
    x0: np.ndarray | None = optional()


class MADGRAD(Optimizer[MADGRADState]):
    r"""MADGRAD: momentumized, adaptive, dual-averaged gradient descent.

    .. math::
        \lambda_t &= (\gamma + \epsilon)\sqrt{t}, \quad
        s_t = s_{t-1} + \lambda_t g_t, \quad \nu_t = \nu_{t-1} + \lambda_t g_t^2 \\
        z_t &= \theta_0 - \frac{s_t}{\nu_t^{1/3} + \epsilon} \\
        \theta_t &= \beta\,\theta_{t-1} + (1-\beta)\, z_t

    (``momentum=0``: ``θ_t = z_t`` with ``θ₀`` replaced by ``θ_{t-1} + s_{t-1}/(ν_{t-1}^{1/3}+ε)``.)
    Decoupled decay subtracts ``(γ+ε)λθ_{t-1}`` after the step.

    Defaults: lr=1e-3, momentum=0.9, weight_decay=0, weight_decouple=False, eps=1e-6.
    Reference: ``pytorch_optimizer.MADGRAD``; Defazio & Jelassi, "Adaptivity without
    Compromise: A Momentumized, Adaptive, Dual Averaged Gradient Method for Stochastic
    Optimization", JMLR 2022 (arXiv:2101.11075).
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        MOMENTUM_01,
        weight_decay_param(),
        decouple_param(False),
        eps_param(1e-6),
    )

    def init_state(self, params: np.ndarray) -> MADGRADState:
        state = MADGRADState(grad_sum_sq=np.zeros_like(params), s=np.zeros_like(params))
        if self.config["momentum"] > 0.0:
            state.x0 = np.array(params, dtype=np.float64, copy=True)
        return state

    def _rms(self, grad_sum_sq: np.ndarray) -> np.ndarray:
        eps = self.config["eps"]
        rms = np.power(grad_sum_sq, 1.0 / 3.0)
        rms += eps
        if eps == 0.0:
            rms[rms == 0] = np.inf
        return rms

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: MADGRADState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        wd, momentum, eps = c["weight_decay"], c["momentum"], c["eps"]
        lr = lr + eps if lr != 0.0 else 0.0
        lam = lr * math.pow(state.step, 0.5)
        grad_sum_sq, s = state.grad_sum_sq, state.s
        if wd > 0.0 and not c["weight_decouple"]:
            grad = grad + wd * params
        if momentum == 0.0:
            x0 = params + (1.0 * s) / self._rms(grad_sum_sq)
        else:
            x0 = state.x0
        grad_sum_sq += (lam * grad) * grad
        rms = self._rms(grad_sum_sq)
        s += lam * grad
        p_old = params.copy() if wd > 0.0 and c["weight_decouple"] else None
        if momentum == 0.0:
            params[...] = x0 + (-1.0 * s) / rms
        else:
            lerp_(params, x0 + (-1.0 * s) / rms, 1.0 - momentum)
        if p_old is not None:
            params += (-lr * wd) * p_old


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="madgrad",
        title="MADGRAD",
        cls=MADGRAD,
        reference=PYTORCH_OPTIMIZER + "MADGRAD",
        paper="Defazio & Jelassi, JMLR 2022",
        summary=(
            "Dual averaging: jumps from the starting point along the weighted sum of all past "
            "gradients, scaled by a cube-root preconditioner."
        ),
        explanation=(
            "MADGRAD is a dual-averaging method: instead of stepping from the current point it "
            "adds up all past gradients, weighted more and more (like √t), and jumps from the "
            "starting point θ₀ by that sum divided by the cube root of the accumulated squared "
            "gradients; the point then moves towards this target with momentum. It was designed "
            "to match SGD's results with Adam's ease of tuning; its paths on 2-D surfaces look "
            "quite unlike those of step-based methods."
        ),
    ),
)
