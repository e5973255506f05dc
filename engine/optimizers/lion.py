"""Lion (``pytorch_optimizer.Lion``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.optimizers.base import Optimizer, OptimizerState, lerp_
from engine.optimizers.hparams import beta_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import (
    FIXED_DECAY,
    PYTORCH_OPTIMIZER,
    apply_weight_decay,
    decouple_param,
    lerp,
)


@dataclass(eq=False, kw_only=True)
class LionState(OptimizerState):
    """The momentum."""

    exp_avg: np.ndarray


class Lion(Optimizer[LionState]):
    r"""Lion: the sign of an interpolated momentum, evolved by program search.

    .. math::
        u_t &= \operatorname{sign}\bigl(\beta_1 m_{t-1} + (1-\beta_1) g_t\bigr) \\
        m_t &= \beta_2 m_{t-1} + (1-\beta_2) g_t \\
        \theta_t &= \theta_{t-1}(1 - \gamma\lambda) - \gamma\, u_t

    Every coordinate moves by exactly ``lr`` per step, so Lion wants a learning
    rate 3-10x smaller than Adam's.

    Defaults: lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0, weight_decouple=True,
    fixed_decay=False.
    Reference: ``pytorch_optimizer.Lion``; Chen et al., "Symbolic Discovery of
    Optimization Algorithms", NeurIPS 2023 (arXiv:2302.06675).
    """

    elementwise = True
    row_hparams = frozenset({"lr", "beta1", "beta2"})
    hparams = (
        lr_param(1e-4),
        beta_param("beta1", 0.9, "interpolation between momentum and gradient for the update"),
        beta_param("beta2", 0.99, "decay rate of the momentum"),
        weight_decay_param(),
        decouple_param(True),
        FIXED_DECAY,
    )

    def init_state(self, params: np.ndarray) -> LionState:
        return LionState(exp_avg=np.zeros_like(params))

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: LionState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        grad = apply_weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        exp_avg = state.exp_avg
        update = np.sign(lerp(exp_avg, grad, 1.0 - c["beta1"]))
        lerp_(exp_avg, grad, 1.0 - c["beta2"])
        params += -lr * update


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="lion",
        title="Lion",
        cls=Lion,
        reference=PYTORCH_OPTIMIZER + "Lion",
        paper="Chen et al., NeurIPS 2023 (arXiv:2302.06675)",
        summary=(
            "Moves every coordinate by the same amount, in the direction of the sign of a "
            "momentum, which makes it cheap and robust to gradient scale."
        ),
        explanation=(
            "Lion (evolved sign momentum) was found by an automated search over programs. It "
            "steps by the sign of a blend of the momentum and the current gradient (β₁), so "
            "every coordinate moves by exactly the learning rate, and updates its momentum with "
            "a slower coefficient β₂. With a single state array it is cheaper than Adam; since "
            "its steps have a fixed size, its learning rate is usually 3 to 10 times smaller "
            "than Adam's. On 2-D surfaces it moves along diagonals and ends by jittering around "
            "the minimum by about the learning rate."
        ),
    ),
)
