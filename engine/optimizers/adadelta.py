"""Adadelta (``torch.optim.Adadelta``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import HParam, Optimizer, OptimizerState
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import TORCH, l2


@dataclass(eq=False, kw_only=True)
class AdadeltaState(OptimizerState):
    """Running averages of squared gradients and of squared steps."""

    square_avg: np.ndarray
    acc_delta: np.ndarray


class Adadelta(Optimizer[AdadeltaState]):
    r"""Adadelta: step sizes from running averages of squared gradients and squared steps.

    .. math::
        v_t &= \rho v_{t-1} + (1-\rho) g_t^2 \\
        \Delta_t &= \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}}\, g_t \\
        u_t &= \rho u_{t-1} + (1-\rho)\Delta_t^2, \quad \theta_t = \theta_{t-1} - \gamma\Delta_t

    Defaults: lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.
    Reference: ``torch.optim.Adadelta``; Zeiler, arXiv:1212.5701 (2012).
    """

    elementwise = True
    hparams = (
        lr_param(1.0, "coefficient that scales delta before it is applied"),
        HParam("rho", 0.9, "decay rate of the running averages", low=0.0, high=1.0),
        eps_param(1e-6),
        weight_decay_param(),
    )

    def init_state(self, params: np.ndarray) -> AdadeltaState:
        return AdadeltaState(square_avg=np.zeros_like(params), acc_delta=np.zeros_like(params))

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: AdadeltaState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        rho, eps = c["rho"], c["eps"]
        grad = l2(grad, params, c["weight_decay"])
        square_avg, acc_delta = state.square_avg, state.acc_delta
        square_avg *= rho
        square_avg += (1 - rho) * grad * grad
        std = np.sqrt(square_avg + eps)
        delta = np.sqrt(acc_delta + eps)
        delta /= std
        delta *= grad
        acc_delta *= rho
        acc_delta += (1 - rho) * delta * delta
        params += -lr * delta


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="adadelta",
        title="Adadelta",
        cls=Adadelta,
        reference=TORCH + "Adadelta",
        paper="Zeiler, arXiv:1212.5701",
        summary=(
            "Units-correct RMSprop: the step is the ratio of running RMS of past steps and "
            "gradients."
        ),
        explanation=(
            "Adadelta makes RMSprop's step carry the right units: the gradient is multiplied by "
            "the ratio of a running RMS of past updates to a running RMS of past gradients, both "
            "decayed with ρ. The first steps are tiny (of the order of √ε) and grow as updates "
            "accumulate, so it starts slowly but needs almost no tuning of the learning rate, "
            "which PyTorch keeps as a plain factor on the update (1.0 by default)."
        ),
    ),
)
