"""Adam, AMSGrad and AdamW (``torch.optim.Adam``, ``AdamW``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from engine.optimizers.base import (
    HParam,
    Optimizer,
    OptimizerState,
    lerp_,
    nonzero,
    optional,
    scratch,
)
from engine.optimizers.hparams import eps_param, lr_param, weight_decay_param
from engine.optimizers.registry import OptimizerSpec
from engine.optimizers.shared import BETA1, BETA2, TORCH


@dataclass(eq=False, kw_only=True)
class AdamState(OptimizerState):
    """The two moment estimates (and their running maximum for AMSGrad)."""

    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray
    max_exp_avg_sq: np.ndarray | None = optional()


class Adam(Optimizer[AdamState]):
    r"""Adam (and AMSGrad, AdamW): bias-corrected moment estimates.

    .. math::
        m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t, \quad
        v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\
        \hat v_t &= \max(\hat v_{t-1}, v_t)\ \text{(amsgrad)}\ \text{else}\ v_t \\
        \theta_t &= \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\,
            \frac{m_t}{\sqrt{\hat v_t}/\sqrt{1-\beta_2^t} + \epsilon}

    With ``decoupled_weight_decay`` (AdamW) the decay is
    :math:`\theta \leftarrow \theta(1-\gamma\lambda)` instead of :math:`g + \lambda\theta`.

    Defaults: lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0, amsgrad=False.
    Reference: ``torch.optim.Adam`` / ``AdamW``; Kingma & Ba, ICLR 2015; Reddi et al.,
    ICLR 2018 (AMSGrad); Loshchilov & Hutter, ICLR 2019 (AdamW).
    """

    elementwise = True
    hparams: ClassVar[tuple[HParam, ...]] = (
        lr_param(1e-3),
        BETA1,
        BETA2,
        eps_param(1e-8),
        weight_decay_param(),
        HParam("amsgrad", False, "use the running maximum of v (AMSGrad)", kind="bool"),
    )
    decoupled = False
    row_hparams = frozenset({"lr", "beta1", "beta2", "eps", "weight_decay"})

    def init_state(self, params: np.ndarray) -> AdamState:
        state = AdamState(exp_avg=np.zeros_like(params), exp_avg_sq=np.zeros_like(params))
        if self.config["amsgrad"]:
            state.max_exp_avg_sq = np.zeros_like(params)
        return state

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: AdamState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        c = self.config
        beta1, beta2, wd = c["beta1"], c["beta2"], c["weight_decay"]
        if nonzero(wd):
            if self.decoupled:
                params *= 1 - lr * wd
            else:
                grad = grad + wd * params
        exp_avg, exp_avg_sq = state.exp_avg, state.exp_avg_sq
        tmp, num = scratch(state, params, 2)
        lerp_(exp_avg, grad, 1 - beta1, tmp)
        exp_avg_sq *= beta2
        np.multiply(grad, 1 - beta2, out=tmp)
        tmp *= grad
        exp_avg_sq += tmp
        step = state.step
        bias_correction1 = self.per_value("beta1", lambda b: 1 - b**step)
        step_size = lr / bias_correction1
        bias_correction2_sqrt = self.per_value("beta2", lambda b: (1 - b**step) ** 0.5)
        if c["amsgrad"]:
            v = state.max_exp_avg_sq
            assert v is not None  # allocated by init_state
            np.maximum(v, exp_avg_sq, out=v)
        else:
            v = exp_avg_sq
        denom = np.sqrt(v, out=tmp)
        denom /= bias_correction2_sqrt
        denom += c["eps"]
        # torch: param.addcdiv_(exp_avg, denom, value=-step_size) = p + (-step_size * m) / d
        np.multiply(exp_avg, -step_size, out=num)
        np.divide(num, denom, out=denom)
        params += denom


class AdamW(Adam):
    __doc__ = Adam.__doc__
    hparams: ClassVar[tuple[HParam, ...]] = tuple(
        weight_decay_param(1e-2, "decoupled weight decay") if p.name == "weight_decay" else p
        for p in Adam.hparams
    )
    decoupled = True


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="adam",
        title="Adam",
        cls=Adam,
        reference=TORCH + "Adam",
        paper="Kingma & Ba, ICLR 2015",
        summary="Momentum plus RMSprop with bias correction: the default choice of deep learning.",
        explanation=(
            "Adam combines momentum and RMSprop: it keeps running averages of the gradient (β₁) "
            "and of its square (β₂), corrects both for starting at zero, and steps along their "
            "ratio. Every coordinate then moves by roughly the learning rate per step, whatever "
            "the gradient's scale, which makes Adam robust and easy to tune: the default choice "
            "of deep learning. On the race surfaces it first heads almost diagonally (both "
            "coordinates take similar steps) and, with a large learning rate, circles around the "
            "minimum before settling. amsgrad = true gives AMSGrad."
        ),
    ),
    OptimizerSpec(
        name="adamw",
        title="AdamW",
        cls=AdamW,
        reference=TORCH + "AdamW",
        paper="Loshchilov & Hutter, ICLR 2019",
        summary="Adam with weight decay applied to the weights directly, not through the gradient.",
        explanation=(
            "AdamW is Adam with decoupled weight decay: instead of adding λθ to the gradient, "
            "where Adam's normalisation would rescale it coordinate by coordinate, it shrinks "
            "the weights directly by the factor (1 − γλ) each step. The decay then acts as "
            "intended, which regularises deep networks better than L2 in Adam. On a 2-D surface "
            "the decay pulls the racer gently towards the origin, so with weight_decay > 0 it "
            "settles slightly off the minimum."
        ),
    ),
    OptimizerSpec(
        name="amsgrad",
        title="AMSGrad",
        cls=Adam,
        reference=TORCH + "Adam(amsgrad=True)",
        paper="Reddi, Kale & Kumar, ICLR 2018",
        summary=(
            "Adam that never lets its second-moment estimate shrink, which restores convergence."
        ),
        defaults={"amsgrad": True},
        explanation=(
            "AMSGrad is Adam with one change: the denominator uses the largest second-moment "
            "estimate seen so far, so no coordinate's step size can grow again after a burst of "
            "large gradients. Reddi et al. showed that Adam can fail to converge even on simple "
            "convex problems because its estimate can shrink too fast; keeping the maximum "
            "restores the convergence proof. In practice it behaves like a more cautious Adam."
        ),
    ),
)
