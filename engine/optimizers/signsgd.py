"""signSGD and Signum (``pytorch_optimizer.SignSGD``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import HParam, Optimizer, OptimizerState, lerp_, optional
from engine.optimizers.hparams import lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import PYTORCH_OPTIMIZER, apply_weight_decay, decouple_param


@dataclass(eq=False, kw_only=True)
class SignSGDState(OptimizerState):
    """The momentum (Signum only)."""

    momentum_buffer: np.ndarray | None = optional()


class SignSGD(Optimizer[SignSGDState]):
    r"""signSGD / Signum: step by the sign of the (momentum-averaged) gradient.

    .. math::
        m_t &= \mu m_{t-1} + (1-\mu) g_t \quad (m_t = g_t \text{ if } \mu = 0) \\
        \theta_t &= \theta_{t-1}(1 - \gamma\lambda) - \gamma\,\operatorname{sign}(m_t)

    Defaults: lr=1e-3, momentum=0.9 (Signum; 0 gives signSGD), weight_decay=0,
    weight_decouple=True.
    Reference: ``pytorch_optimizer.SignSGD``; Bernstein et al., "signSGD: Compressed
    Optimisation for Non-Convex Problems", ICML 2018.
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        HParam("momentum", 0.9, "momentum factor (0 = plain signSGD)", low=0.0, high=1.0,
               high_open=True),
        weight_decay_param(),
        decouple_param(True),
    )

    def init_state(self, params: np.ndarray) -> SignSGDState:
        if self.config["momentum"] > 0.0:
            return SignSGDState(momentum_buffer=np.zeros_like(params))
        return SignSGDState()

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: SignSGDState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        grad = apply_weight_decay(params, grad, lr, c["weight_decay"], c["weight_decouple"], False)
        if c["momentum"] > 0.0:
            buf = state.momentum_buffer
            assert buf is not None  # allocated by init_state
            lerp_(buf, grad, 1.0 - c["momentum"])
        else:
            buf = grad
        params += -lr * np.sign(buf)


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="signsgd",
        title="signSGD",
        cls=SignSGD,
        reference=PYTORCH_OPTIMIZER + "SignSGD",
        paper="Bernstein et al., ICML 2018",
        summary="Steps by the sign of the (averaged) gradient only, ignoring its size.",
        explanation=(
            "signSGD steps by the sign of the gradient only; with momentum > 0 (the default "
            "here) by the sign of a running average of gradients, a variant also called Signum. "
            "Every coordinate moves by the same amount, so badly scaled gradients do not matter, "
            "but it cannot slow down near a minimum and ends up oscillating around it by the "
            "learning rate. In distributed training its appeal is that a sign takes one bit to "
            "send."
        ),
    ),
)
