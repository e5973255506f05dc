"""Adagrad (``torch.optim.Adagrad``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import HParam, Optimizer, OptimizerState
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import TORCH, l2


@dataclass(eq=False, kw_only=True)
class AdagradState(OptimizerState):
    """The running sum of squared gradients."""

    sum: np.ndarray


class Adagrad(Optimizer[AdagradState]):
    r"""Adagrad: per-coordinate step sizes shrink with the sum of squared gradients.

    .. math::
        \tilde\gamma &= \gamma / (1 + (t-1)\eta) \\
        s_t &= s_{t-1} + g_t^2 \\
        \theta_t &= \theta_{t-1} - \tilde\gamma\, g_t / (\sqrt{s_t} + \epsilon)

    Defaults: lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10.
    Reference: ``torch.optim.Adagrad``; Duchi, Hazan & Singer, JMLR 2011.
    """

    elementwise = True
    row_hparams = frozenset({"lr", "lr_decay", "weight_decay", "initial_accumulator_value",
                             "eps"})
    hparams = (
        lr_param(1e-2),
        HParam("lr_decay", 0.0, "learning-rate decay per step", low=0.0),
        weight_decay_param(),
        HParam("initial_accumulator_value", 0.0, "starting value of the sum of squares", low=0.0),
        eps_param(1e-10),
    )

    def init_state(self, params: np.ndarray) -> AdagradState:
        return AdagradState(sum=np.full_like(params, self.config["initial_accumulator_value"]))

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: AdagradState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        grad = l2(grad, params, c["weight_decay"])
        clr = lr / (1 + (state.step - 1) * c["lr_decay"])
        state.sum += 1 * grad * grad
        std = np.sqrt(state.sum) + c["eps"]
        params += (-clr * grad) / std


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="adagrad",
        title="AdaGrad",
        cls=Adagrad,
        reference=TORCH + "Adagrad",
        paper="Duchi, Hazan & Singer, JMLR 2011",
        summary=(
            "Per-coordinate steps shrink with the total squared gradient: big early, ever "
            "smaller."
        ),
        explanation=(
            "AdaGrad gives every coordinate its own step size: it divides the step by the square "
            "root of the sum of all squared gradients seen so far on that coordinate. Steep "
            "directions get small steps and flat ones large steps, which is why it crosses the "
            "ravine without zig-zagging and why it suited sparse features. Because the sum only "
            "grows, the steps keep shrinking, roughly like 1/√t: on long runs AdaGrad slows down "
            "and can stall before reaching the minimum. lr_decay further divides the learning "
            "rate by 1 + (t − 1)·lr_decay."
        ),
    ),
)
