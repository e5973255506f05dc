"""Quasi-hyperbolic momentum and QHAdam (``pytorch_optimizer.QHM``, ``QHAdam``)."""

from __future__ import annotations

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
    decouple_param,
    f32,
)


@dataclass(eq=False, kw_only=True)
class QHMState(OptimizerState):
    """The momentum."""

    momentum_buffer: np.ndarray


@dataclass(eq=False, kw_only=True)
class QHAdamState(OptimizerState):
    """The float32 averaging weights and the two moments."""

    beta1_weight: np.float32 = np.float32(0.0)
    beta2_weight: np.float32 = np.float32(0.0)
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray


class QHM(Optimizer[QHMState]):
    r"""Quasi-hyperbolic momentum: average the plain gradient and the momentum.

    .. math::
        b_t &= \beta b_{t-1} + (1-\beta) g_t \\
        \theta_t &= \theta_{t-1} - \gamma\,\bigl(\nu b_t + (1-\nu) g_t\bigr)

    ``nu=1`` is (normalised) momentum SGD, ``nu=0`` plain SGD; the paper recommends
    ``momentum=0.999, nu=0.7``.

    Defaults: lr=1e-3, momentum=0, nu=1, weight_decay=0, weight_decouple=False,
    fixed_decay=False.
    Reference: ``pytorch_optimizer.QHM``; Ma & Yarats, "Quasi-hyperbolic momentum and
    Adam for deep learning", ICLR 2019.
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        HParam("momentum", 0.0, "momentum factor β", low=0.0, high=1.0, high_open=True),
        HParam("nu", 1.0, "weight ν of the momentum against the plain gradient", low=0.0,
               high=1.0),
        weight_decay_param(),
        decouple_param(False),
        FIXED_DECAY,
    )

    def init_state(self, params: np.ndarray) -> QHMState:
        return QHMState(momentum_buffer=np.zeros_like(params))

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: QHMState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        grad = apply_weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        buf = state.momentum_buffer
        lerp_(buf, grad, 1.0 - c["momentum"])
        params += (-lr * c["nu"]) * buf
        params += (-lr * (1.0 - c["nu"])) * grad


class QHAdam(Optimizer[QHAdamState]):
    r"""QHAdam: Adam whose two moments are quasi-hyperbolic averages.

    .. math::
        w^{(i)}_t &= \beta_i w^{(i)}_{t-1} + 1 \quad (\text{float32}) \\
        m_t &= m_{t-1} + \tfrac{1}{w^{(1)}_t}(g_t - m_{t-1}), \quad
        v_t = v_{t-1} + \tfrac{1}{w^{(2)}_t}(g_t^2 - v_{t-1}) \\
        \theta_t &= \theta_{t-1} - \gamma\,
            \frac{\nu_1 m_t + (1-\nu_1) g_t}{\sqrt{\nu_2 v_t + (1-\nu_2) g_t^2} + \epsilon}

    ``1/w_t = (1-β)/(1-βᵗ)`` makes ``m``, ``v`` bias-corrected averages.  The weights
    ``w`` are kept in float32, as the reference does.

    Defaults: lr=1e-3, beta1=0.9, beta2=0.999, nu1=1, nu2=1, weight_decay=0,
    weight_decouple=False, fixed_decay=False, eps=1e-8.
    Reference: ``pytorch_optimizer.QHAdam``; Ma & Yarats, "Quasi-hyperbolic momentum and
    Adam for deep learning", ICLR 2019.
    """

    hparams = (
        lr_param(1e-3),
        beta1_param(),
        beta2_param(),
        HParam("nu1", 1.0, "weight of the first moment against the gradient", low=0.0,
               high=1.0),
        HParam("nu2", 1.0, "weight of the second moment against the squared gradient",
               low=0.0, high=1.0),
        weight_decay_param(),
        decouple_param(False),
        FIXED_DECAY,
        eps_param(1e-8),
    )

    def init_state(self, params: np.ndarray) -> QHAdamState:
        return QHAdamState(
            beta1_weight=np.float32(0.0),
            beta2_weight=np.float32(0.0),
            exp_avg=np.zeros_like(params),
            exp_avg_sq=np.zeros_like(params),
        )

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: QHAdamState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, nu1, nu2 = c["beta1"], c["beta2"], c["nu1"], c["nu2"]
        grad = apply_weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        one = np.float32(1.0)
        w1 = state.beta1_weight = f32(f32(state.beta1_weight * f32(beta1)) + one)
        w2 = state.beta2_weight = f32(f32(state.beta2_weight * f32(beta2)) + one)
        grad_p2 = grad * grad
        exp_avg, exp_avg_sq = state.exp_avg, state.exp_avg_sq
        lerp_(exp_avg, grad, float(one / w1))
        lerp_(exp_avg_sq, grad_p2, float(one / w2))
        avg_grad = exp_avg
        if nu1 != 1.0:
            avg_grad = exp_avg * nu1 + (1.0 - nu1) * grad
        avg_grad_rms = exp_avg_sq * nu2
        if nu2 != 1.0:
            avg_grad_rms += (1.0 - nu2) * grad_p2
        np.sqrt(avg_grad_rms, out=avg_grad_rms)
        avg_grad_rms += c["eps"]
        params += (-lr * avg_grad) / avg_grad_rms


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="qhm",
        title="QHM",
        cls=QHM,
        reference=PYTORCH_OPTIMIZER + "QHM",
        paper="Ma & Yarats, ICLR 2019",
        summary="Steps along a weighted average of the current gradient and the momentum.",
        explanation=(
            "Quasi-hyperbolic momentum steps along a weighted average of the momentum buffer and "
            "the current gradient: ν·b + (1 − ν)·g. With ν = 1 it is (normalised) momentum, with "
            "ν = 0 plain SGD; mixing in the raw gradient keeps SGD's responsiveness while "
            "keeping much of momentum's averaging. The defaults here (β = 0, ν = 1) are plain "
            "SGD; Ma & Yarats recommend ν = 0.7 with β = 0.999. Nesterov momentum and several "
            "other methods are special cases."
        ),
    ),
    OptimizerSpec(
        name="qhadam",
        title="QHAdam",
        cls=QHAdam,
        reference=PYTORCH_OPTIMIZER + "QHAdam",
        paper="Ma & Yarats, ICLR 2019",
        summary=(
            "Adam whose numerator and denominator each mix the running average with the current "
            "gradient."
        ),
        explanation=(
            "QHAdam applies the quasi-hyperbolic idea to Adam: the numerator mixes the momentum "
            "with the current gradient (ν₁) and the denominator mixes the squared-gradient "
            "average with the current g² (ν₂). With ν₁ = ν₂ = 1, the defaults here, it is Adam; "
            "the paper suggests ν₁ = 0.7, ν₂ = 1, and recovers NAdam and other variants as "
            "special cases."
        ),
    ),
)
