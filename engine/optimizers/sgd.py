"""SGD, heavy-ball momentum and Nesterov momentum (``torch.optim.SGD``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from engine.messages import msg
from engine.optimizers.base import (
    HParam,
    Number,
    Optimizer,
    OptimizerState,
    nonzero,
    optional,
    scratch,
)
from engine.optimizers.hparams import lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import MOMENTUM, TORCH, l2


@dataclass(eq=False, kw_only=True)
class SGDState(OptimizerState):
    """SGD keeps a velocity only with momentum."""

    momentum_buffer: np.ndarray | None = optional()


class SGD(Optimizer[SGDState]):
    r"""Stochastic gradient descent, optionally with (Nesterov) momentum.

    .. math::
        g_t &= \nabla f(\theta_{t-1}) + \lambda\theta_{t-1} \\
        b_t &= \mu b_{t-1} + (1-\tau) g_t \quad (b_1 = g_1) \\
        \theta_t &= \theta_{t-1} - \gamma\,(g_t + \mu b_t \text{ if nesterov else } b_t)

    Defaults: lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False.
    Reference: ``torch.optim.SGD``; Nesterov form of Sutskever et al. (ICML 2013).
    """

    hparams = (
        lr_param(1e-3),
        MOMENTUM,
        HParam("dampening", 0.0, "dampening for momentum", low=0.0, high=1.0),
        weight_decay_param(),
        HParam("nesterov", False, "use Nesterov momentum", kind="bool"),
    )

    def check(self, config: Mapping[str, Number]) -> None:
        if config["nesterov"] and (config["momentum"] <= 0 or config["dampening"] != 0):
            raise ValueError(msg("nesterov requires momentum > 0 and dampening = 0, got "
                                 "momentum={momentum}, dampening={dampening}",
                                 momentum=config["momentum"], dampening=config["dampening"]))

    elementwise = True
    row_hparams = frozenset({"lr", "momentum", "dampening", "weight_decay"})

    def init_state(self, params: np.ndarray) -> SGDState:
        if not nonzero(self.config["momentum"]):
            return SGDState()
        return SGDState(momentum_buffer=np.zeros_like(params))

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: SGDState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        grad = l2(grad, params, c["weight_decay"])
        if nonzero(c["momentum"]):
            buf = state.momentum_buffer
            assert buf is not None  # allocated by init_state
            (tmp,) = scratch(state, params)
            if state.step == 1:  # torch: the buffer starts as a copy of the gradient
                buf[...] = grad
            else:
                buf *= c["momentum"]
                np.multiply(grad, 1 - c["dampening"], out=tmp)
                buf += tmp
            if c["nesterov"]:
                np.multiply(buf, c["momentum"], out=tmp)
                grad = np.add(grad, tmp, out=tmp)
            else:
                grad = buf
            np.multiply(grad, lr, out=tmp)
            params -= tmp
        else:
            params -= lr * grad


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="sgd",
        title="SGD",
        cls=SGD,
        reference=TORCH + "SGD",
        paper="Robbins & Monro (1951)",
        summary="Plain gradient descent: a step against the gradient, scaled by the learning rate.",
        explanation=(
            "Gradient descent takes a step of the learning rate γ times the gradient, straight "
            "downhill, and remembers nothing between steps. Its behaviour is set entirely by γ "
            "and the local curvature: along a direction of curvature h each step multiplies the "
            "distance to the minimum by (1 − γh). With γh between 1 and 2 it overshoots and "
            "zig-zags, as across the ravine preset; above 2 it diverges; in flat directions it "
            "crawls. Momentum > 0 turns it into the Momentum racer; weight decay λ adds λθ to "
            "the gradient (L2 regularisation)."
        ),
    ),
    OptimizerSpec(
        name="momentum",
        title="Momentum",
        cls=SGD,
        reference=TORCH + "SGD(momentum=0.9)",
        paper="Polyak (1964)",
        summary=(
            "Heavy ball: accumulates a velocity, so it speeds up along consistent directions and "
            "damps zig-zags."
        ),
        defaults={"momentum": 0.9},
        explanation=(
            "Momentum, the heavy ball, keeps a velocity b: the sum of past gradients, each "
            "decayed by μ per step (0.9 here), and steps along it. Where successive gradients "
            "agree the velocity grows to about 1/(1 − μ) = 10 plain steps, so it rolls quickly "
            "along long gentle valleys; where they alternate in sign, as across a ravine, they "
            "largely cancel. The price is inertia: it overshoots a minimum and swings around it "
            "before settling, and it can roll straight over a narrow basin. Dampening τ scales "
            "down each new gradient's share of the velocity."
        ),
    ),
    OptimizerSpec(
        name="nesterov",
        title="Nesterov",
        cls=SGD,
        reference=TORCH + "SGD(momentum=0.9, nesterov=True)",
        paper="Nesterov (1983); Sutskever et al., ICML 2013",
        summary=(
            "Momentum that looks ahead: the gradient is corrected by the velocity it is about to "
            "apply."
        ),
        defaults={"momentum": 0.9, "nesterov": True},
        explanation=(
            "Nesterov momentum steps with the current gradient plus μ times the new velocity, a "
            "look-ahead that corrects the velocity before it carries the point too far. On "
            "smooth convex problems it provably converges faster than plain gradient descent; in "
            "the race it overshoots and oscillates less than heavy-ball Momentum with the same "
            "learning rate and μ. This is PyTorch's formulation (Sutskever et al.), which folds "
            "the look-ahead into the step instead of taking the gradient at a shifted point."
        ),
    ),
)
