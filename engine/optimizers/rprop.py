"""Rprop (``torch.optim.Rprop``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from engine.messages import msg
from engine.optimizers.base import HParam, Number, Optimizer, OptimizerState
from engine.optimizers.hparams import lr_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import TORCH


@dataclass(eq=False, kw_only=True)
class RpropState(OptimizerState):
    """The previous gradient and the per-coordinate step sizes (set on the first step)."""

    prev: np.ndarray
    step_size: np.ndarray | None = None


class Rprop(Optimizer[RpropState]):
    r"""Rprop: per-coordinate step sizes grow while the gradient sign holds, shrink on a flip.

    .. math::
        \eta_t &= \begin{cases} \min(\eta_{t-1}\eta^+, \Gamma_{max}) & g_t g_{t-1} > 0 \\
            \max(\eta_{t-1}\eta^-, \Gamma_{min}) & g_t g_{t-1} < 0 \\
            \eta_{t-1} & \text{otherwise}\end{cases} \\
        \theta_t &= \theta_{t-1} - \eta_t\,\operatorname{sign}(g_t)
            \quad (g_t := 0 \text{ after a sign flip})

    Defaults: lr=1e-2 (initial step size), eta_minus=0.5, eta_plus=1.2, step_min=1e-6,
    step_max=50.  Full-batch only.  The learning rate sets the initial step size only,
    so schedules have no effect after the first step (as in torch).
    Reference: ``torch.optim.Rprop``; Riedmiller & Braun, ICNN 1993.
    """

    hparams = (
        lr_param(1e-2, "initial step size"),
        HParam("eta_minus", 0.5, "multiplicative decrease factor", low=0.0, high=1.0,
               low_open=True, high_open=True),
        HParam("eta_plus", 1.2, "multiplicative increase factor", low=1.0, low_open=True),
        HParam("step_min", 1e-6, "minimal step size", low=0.0, log=True),
        HParam("step_max", 50.0, "maximal step size", low=0.0, low_open=True, log=True),
    )

    def check(self, config: Mapping[str, Number]) -> None:
        if config["step_min"] > config["step_max"]:
            raise ValueError(msg("step_min must not exceed step_max, got step_min={step_min}, "
                                 "step_max={step_max}", step_min=config["step_min"],
                                 step_max=config["step_max"]))

    def init_state(self, params: np.ndarray) -> RpropState:
        return RpropState(prev=np.zeros_like(params), step_size=None)

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: RpropState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        if state.step_size is None:
            state.step_size = np.full_like(params, lr)
        step_size = state.step_size
        sign = np.sign(grad * state.prev)
        factor = np.where(sign > 0, c["eta_plus"], np.where(sign < 0, c["eta_minus"], 1.0))
        step_size *= factor
        np.clip(step_size, c["step_min"], c["step_max"], out=step_size)
        grad = np.where(sign < 0, 0.0, grad)
        params += -1 * np.sign(grad) * step_size
        state.prev = grad


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="rprop",
        title="Rprop",
        cls=Rprop,
        reference=TORCH + "Rprop",
        paper="Riedmiller & Braun, ICNN 1993",
        summary=(
            "Uses only the sign of the gradient; each coordinate's step grows while the sign "
            "holds and halves when it flips."
        ),
        explanation=(
            "Rprop (resilient backpropagation) ignores the size of the gradient and uses only "
            "its sign. Every coordinate has its own step size, which grows by η⁺ (1.2) while the "
            "sign holds and is halved (η⁻) when it flips, that is when the minimum was overshot, "
            "within [step_min, step_max]. It is fast and robust with exact gradients, as in the "
            "race without noise, but not meant for noisy mini-batch gradients whose signs flip "
            "at random."
        ),
    ),
)
