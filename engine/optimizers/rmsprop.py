"""RMSprop (``torch.optim.RMSprop``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import HParam, Optimizer, OptimizerState, lerp_, nonzero, optional
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import MOMENTUM, TORCH, l2


@dataclass(eq=False, kw_only=True)
class RMSpropState(OptimizerState):
    """The squared-gradient average; a velocity and a gradient average if asked."""

    square_avg: np.ndarray
    momentum_buffer: np.ndarray | None = optional()
    grad_avg: np.ndarray | None = optional()


class RMSprop(Optimizer[RMSpropState]):
    r"""RMSprop: divide the gradient by a running RMS of recent gradients.

    .. math::
        v_t &= \alpha v_{t-1} + (1-\alpha) g_t^2 \\
        \bar g_t &= \alpha \bar g_{t-1} + (1-\alpha) g_t \quad\text{(centered)} \\
        d_t &= \sqrt{v_t - \bar g_t^2} + \epsilon \ \text{or}\ \sqrt{v_t} + \epsilon \\
        b_t &= \mu b_{t-1} + g_t / d_t, \quad \theta_t = \theta_{t-1} - \gamma b_t

    Defaults: lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False.
    Reference: ``torch.optim.RMSprop``; Hinton, Coursera lecture 6e (2012).
    """

    elementwise = True
    row_hparams = frozenset({"lr", "alpha", "eps", "weight_decay", "momentum"})
    hparams = (
        lr_param(1e-2),
        HParam("alpha", 0.99, "smoothing constant of the squared-gradient average",
               low=0.0, high=1.0),
        eps_param(1e-8),
        weight_decay_param(),
        MOMENTUM,
        HParam("centered", False, "normalise by the estimated variance", kind="bool"),
    )

    def init_state(self, params: np.ndarray) -> RMSpropState:
        state = RMSpropState(square_avg=np.zeros_like(params))
        if nonzero(self.config["momentum"]):
            state.momentum_buffer = np.zeros_like(params)
        if self.config["centered"]:
            state.grad_avg = np.zeros_like(params)
        return state

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: RMSpropState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        alpha = c["alpha"]
        grad = l2(grad, params, c["weight_decay"])
        square_avg = state.square_avg
        square_avg *= alpha
        square_avg += (1 - alpha) * grad * grad
        if c["centered"]:
            grad_avg = state.grad_avg
            assert grad_avg is not None  # allocated by init_state
            lerp_(grad_avg, grad, 1 - alpha)
            avg = np.sqrt(square_avg + -1 * grad_avg * grad_avg)
        else:
            avg = np.sqrt(square_avg)
        avg += c["eps"]
        if nonzero(c["momentum"]):
            buf = state.momentum_buffer
            assert buf is not None  # allocated by init_state
            buf *= c["momentum"]
            buf += grad / avg
            params += -lr * buf
        else:
            params += (-lr * grad) / avg


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="rmsprop",
        title="RMSprop",
        cls=RMSprop,
        reference=TORCH + "RMSprop",
        paper="Hinton, lecture 6e (2012)",
        summary=(
            "Divides by a running RMS of recent gradients, so the step size adapts per "
            "coordinate without shrinking forever."
        ),
        explanation=(
            "RMSprop cures AdaGrad's ever-shrinking steps by dividing by a running average of "
            "squared gradients (decay α, 0.99) instead of their sum: old gradients are "
            "forgotten, and each coordinate's step follows the recent scale of its gradient. "
            "Steps therefore stay close to the learning rate even where the gradient is small, "
            "so RMSprop may circle around a minimum unless the learning rate is lowered. "
            "'centered' divides by an estimate of the gradient's variance instead; 'momentum' "
            "adds a velocity on top of the normalised gradient."
        ),
    ),
)
