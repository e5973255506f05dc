"""Schedule-free SGD and AdamW (``pytorch_optimizer.ScheduleFreeSGD``, ``ScheduleFreeAdamW``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from engine.optimizers.base import HParam, Optimizer, OptimizerState, lerp_, optional
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import (
    AMS_BOUND,
    PYTORCH_OPTIMIZER,
    ams_denominator,
    beta2_param,
    debias,
    lerp,
)


@dataclass(eq=False, kw_only=True)
class ScheduleFreeState(OptimizerState):
    """The SGD iterate z and the bookkeeping of the running average (the
    parameters hold y, where gradients are taken)."""

    z: np.ndarray
    lr_max: float = -1.0
    weight_sum: float = 0.0
    checkpoint: float = 0.0


@dataclass(eq=False, kw_only=True)
class ScheduleFreeAdamWState(ScheduleFreeState):
    """Schedule-free state plus Adam's second moment."""

    exp_avg_sq: np.ndarray
    max_exp_avg_sq: np.ndarray | None = optional()


SF = TypeVar("SF", bound=ScheduleFreeState)


class _ScheduleFree(Optimizer[SF]):
    """Shared bookkeeping of the schedule-free optimizers (train mode: ``params`` is y)."""

    #: config key of the interpolation coefficient β between z and x
    beta_key = "momentum"

    def _averaging(self, state: ScheduleFreeState, lr: float) -> tuple[float, float]:
        """Warm-up, ``lr_max`` and the averaging weight: returns ``(lr_t, c_t)``."""
        c = self.config
        step, warmup_steps = state.step, c["warmup_steps"]
        schedule = step / warmup_steps if step < warmup_steps else 1.0
        lr = lr * schedule
        lr_max = state.lr_max = max(lr, state.lr_max)
        weight = (step ** c["r"]) * (lr_max ** c["weight_lr_power"])
        weight_sum = state.weight_sum = state.weight_sum + weight
        checkpoint = weight / weight_sum if weight_sum != 0.0 else 0.0
        return lr, checkpoint

    def _step(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: ScheduleFreeState,
        lr: float,
        checkpoint: float,
    ) -> None:
        beta = self.config[self.beta_key]
        state.checkpoint = checkpoint
        if self.config["weight_decay"] > 0.0:
            grad = grad + self.config["weight_decay"] * params
        lerp_(params, state.z, checkpoint)
        params += (lr * (beta * (1.0 - checkpoint) - 1)) * grad
        state.z += -lr * grad

    def eval_params(self, params: np.ndarray, state: ScheduleFreeState) -> np.ndarray:
        """The averaged iterate x, which the reference puts in the parameters in eval mode."""
        return lerp(params, state.z, 1.0 - 1.0 / self.config[self.beta_key])


_SF_HPARAMS = (
    HParam("r", 0.0, "exponent of the polynomial step weighting of the average", low=0.0),
    HParam("weight_lr_power", 2.0, "exponent of the max learning rate in the averaging weight",
           low=0.0),
    HParam("warmup_steps", 0, "steps of linear learning-rate warm-up", kind="int", low=0),
)


class ScheduleFreeSGD(_ScheduleFree[ScheduleFreeState]):
    r"""Schedule-free SGD: gradients at a point y between an SGD iterate z and its average x.

    .. math::
        y_t &= (1-\beta) z_t + \beta x_t, \quad z_{t+1} = z_t - \gamma_t \nabla f(y_t) \\
        x_{t+1} &= (1 - c_{t+1}) x_t + c_{t+1} z_{t+1}, \quad
        c_{t+1} = \frac{t^r \gamma_{max}^{p}}{\sum_{i \le t} i^r \gamma_{max,i}^{p}}

    In train mode the parameters hold ``y`` (where gradients are taken), updated as
    ``y ← lerp(y, z, c) + γ(β(1-c) - 1) g`` and ``z ← z - γg``; ``eval_params`` gives
    ``x``.  ``γ_t`` includes the linear warm-up; ``p`` is ``weight_lr_power``.

    Defaults: lr=1.0, momentum=0.9, weight_decay=0, r=0, weight_lr_power=2,
    warmup_steps=0.
    Reference: ``pytorch_optimizer.ScheduleFreeSGD``; Defazio et al., "The Road Less
    Scheduled", NeurIPS 2024.
    """

    hparams = (
        lr_param(1.0),
        HParam("momentum", 0.9, "interpolation β between the SGD iterate z and the average x",
               low=0.0, high=1.0, low_open=True, high_open=True),
        weight_decay_param(),
        *_SF_HPARAMS,
    )

    def init_state(self, params: np.ndarray) -> ScheduleFreeState:
        return ScheduleFreeState(z=np.array(params, dtype=np.float64, copy=True))

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: ScheduleFreeState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        lr, checkpoint = self._averaging(state, lr)
        self._step(params, grad, state, lr, checkpoint)


class ScheduleFreeAdamW(_ScheduleFree[ScheduleFreeAdamWState]):
    r"""Schedule-free AdamW: schedule-free averaging with Adam's preconditioner.

    .. math::
        v_t &= \beta_2 v_{t-1} + (1-\beta_2) g_t^2, \quad
        \hat g_t = \frac{g_t}{\sqrt{v_t/(1-\beta_2^t) + 10^{-15}} + \epsilon} + \lambda y_t \\
        z_{t+1} &= z_t - \gamma_t \hat g_t, \quad
        x_{t+1} = (1 - c_{t+1}) x_t + c_{t+1} z_{t+1}, \quad
        y_{t+1} = (1-\beta_1) z_{t+1} + \beta_1 x_{t+1}

    The parameters hold ``y`` (train mode), updated as
    ``y ← lerp(y, z, c) + γ(β₁(1-c) - 1) ĝ``; ``c`` as in schedule-free SGD, optionally
    scaled by ``decoupling_c (1-β₁)`` (capped at 1).

    Defaults: lr=2.5e-3, beta1=0.9, beta2=0.999, weight_decay=0, r=0, weight_lr_power=2,
    warmup_steps=0, decoupling_c=0, ams_bound=False, eps=1e-8.
    Reference: ``pytorch_optimizer.ScheduleFreeAdamW``; Defazio et al., "The Road Less
    Scheduled", NeurIPS 2024.
    """

    beta_key = "beta1"
    hparams = (
        lr_param(2.5e-3),
        HParam("beta1", 0.9, "interpolation β1 between the iterate z and the average x",
               low=0.0, high=1.0, low_open=True, high_open=True),
        beta2_param(),
        weight_decay_param(),
        *_SF_HPARAMS,
        HParam("decoupling_c", 0.0, "scale of the averaging weight (0 = standard averaging)",
               low=0.0),
        AMS_BOUND,
        eps_param(1e-8),
    )

    def init_state(self, params: np.ndarray) -> ScheduleFreeAdamWState:
        state = ScheduleFreeAdamWState(
            z=np.array(params, dtype=np.float64, copy=True),
            exp_avg_sq=np.zeros_like(params),
        )
        if self.config["ams_bound"]:
            state.max_exp_avg_sq = np.zeros_like(params)
        return state

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: ScheduleFreeAdamWState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2 = c["beta1"], c["beta2"]
        bias_correction2 = debias(beta2, state.step)
        lr, checkpoint = self._averaging(state, lr)
        if c["decoupling_c"] > 0:
            checkpoint = min(1.0, checkpoint * (1.0 - beta1) * c["decoupling_c"])
        exp_avg_sq = state.exp_avg_sq
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad
        denom = ams_denominator(
            c["ams_bound"], exp_avg_sq / bias_correction2, state.max_exp_avg_sq, c["eps"]
        )
        self._step(params, grad / denom, state, lr, checkpoint)


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="schedulefree_sgd",
        title="Schedule-Free SGD",
        cls=ScheduleFreeSGD,
        reference=PYTORCH_OPTIMIZER + "ScheduleFreeSGD",
        paper="Defazio et al., NeurIPS 2024",
        summary=(
            "SGD that averages its own iterates on the fly, so no learning-rate schedule is "
            "needed; gradients are taken between the fast and the averaged point."
        ),
        explanation=(
            "Schedule-free SGD needs no learning-rate schedule and no planned number of steps: "
            "it runs a fast SGD sequence z, averages it on the fly into x, the answer, and takes "
            "gradients at a point y between the two. The averaging does what a decaying schedule "
            "would do, so the learning rate stays constant. r and weight_lr_power set how the "
            "average weights later points; warmup_steps ramps the learning rate up."
        ),
    ),
    OptimizerSpec(
        name="schedulefree_adamw",
        title="Schedule-Free AdamW",
        cls=ScheduleFreeAdamW,
        reference=PYTORCH_OPTIMIZER + "ScheduleFreeAdamW",
        paper="Defazio et al., NeurIPS 2024",
        summary=(
            "AdamW without a learning-rate schedule: it averages its iterates on the fly and "
            "takes gradients between the fast and the averaged point."
        ),
        explanation=(
            "Schedule-free AdamW applies the same averaging to AdamW: the fast sequence z takes "
            "AdamW-normalised steps, gradients are taken between z and its running average x (β₁ "
            "sets where), and x is the answer. It was the core of the winning entry of the 2024 "
            "AlgoPerf self-tuning track, with no learning-rate schedule at all. Use a few "
            "warm-up steps for a smooth start."
        ),
    ),
)
