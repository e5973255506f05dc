"""Damped Newton's method with the exact Hessian (second order, for contrast)."""

from __future__ import annotations

import numpy as np

from engine.messages import msg
from engine.optimizers.base import HParam, Optimizer, OptimizerState
from engine.optimizers.hparams import lr_param
from engine.optimizers.registry import OptimizerSpec


class Newton(Optimizer[OptimizerState]):
    r"""Damped Newton's method with the exact Hessian (second order, for contrast).

    .. math::
        \theta_t = \theta_{t-1} - \gamma\,(\nabla^2 f(\theta_{t-1}) + \delta I)^{-1}
            \nabla f(\theta_{t-1})

    It jumps straight to the minimum of a quadratic (one step on ``ravine`` with lr=1),
    but it is attracted by *any* stationary point: on a saddle it walks to the saddle.
    Where the damped Hessian is singular the step falls back to a gradient step.

    Defaults: lr=1.0, damping=0.  Needs the Hessian (2-D surfaces only).
    """

    hparams = (
        lr_param(1.0, "step-length factor (1 = full Newton step)"),
        HParam("damping", 0.0, "δ added to the Hessian diagonal (Levenberg damping)", low=0.0),
    )
    needs_hessian = True

    def init_state(self, params: np.ndarray) -> OptimizerState:
        return OptimizerState()

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: OptimizerState,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        if hessian is None:
            raise ValueError(msg("newton needs the Hessian: use it on 2-D surfaces only"))
        h = np.array(hessian, dtype=np.float64)
        h[..., 0, 0] += self.config["damping"]
        h[..., 1, 1] += self.config["damping"]
        det = h[..., 0, 0] * h[..., 1, 1] - h[..., 0, 1] * h[..., 1, 0]
        scale = np.maximum(np.abs(h).max(axis=(-2, -1)), 1e-300)
        ok = np.abs(det) > 1e-12 * scale * scale
        safe = np.where(ok, det, 1.0)
        dx = (h[..., 1, 1] * grad[..., 0] - h[..., 0, 1] * grad[..., 1]) / safe
        dy = (h[..., 0, 0] * grad[..., 1] - h[..., 1, 0] * grad[..., 0]) / safe
        direction = np.stack([dx, dy], axis=-1)
        direction = np.where(ok[..., None], direction, grad)
        params -= lr * direction


SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        name="newton",
        title="Newton",
        cls=Newton,
        reference="(exact Hessian; no torch.optim equivalent)",
        paper="Newton (1669); Levenberg (1944) for the damping",
        summary=(
            "Second order: solves the local quadratic model exactly. One step on a quadratic, "
            "but attracted by saddles and maxima too."
        ),
        family="second-order",
        explanation=(
            "Newton's method uses second derivatives: it fits the local quadratic model with the "
            "exact Hessian H and jumps to its stationary point, a step of −H⁻¹g. On a quadratic "
            "bowl it lands on the minimum in one step (lr = 1), and near a minimum it converges "
            "quadratically, doubling the number of correct digits at each step. But where H is "
            "not positive definite the stationary point is a saddle or a maximum, so Newton "
            "walks into saddles (see the saddle preset). Damping δ adds δI to H (Levenberg) and "
            "turns the step towards a short gradient step. For neural networks H is far too "
            "large to form, which is why first-order methods rule there."
        ),
    ),
)
