"""Update rules of ``torch.optim`` (torch 2.13), reproduced operation for operation.

Each ``update`` follows the single-tensor ("for-loop") kernel of the matching
``torch/optim/*.py`` in the same order of floating-point operations, so that a
float64 run agrees with PyTorch to the last few ulps.  Names and defaults are
torch's; tuples are split (``betas`` -> ``beta1``, ``beta2``; Rprop's ``etas``
-> ``eta_minus``, ``eta_plus`` and ``step_sizes`` -> ``step_min``, ``step_max``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from engine.messages import msg
from engine.optimizers.base import (
    HParam,
    Number,
    Optimizer,
    State,
    beta_param,
    eps_param,
    lerp_,
    lr_param,
    scratch,
    weight_decay_param,
)

BETA1 = beta_param("beta1", 0.9, "decay rate of the first-moment (mean) estimate")
BETA2 = beta_param("beta2", 0.999, "decay rate of the second-moment (uncentered variance) estimate")
MOMENTUM = HParam("momentum", 0.0, "momentum factor", low=0.0, high=1.0)


def _l2(grad: np.ndarray, params: np.ndarray, weight_decay: float) -> np.ndarray:
    """Coupled weight decay ``g + λθ`` (a new array, as torch's ``grad.add``)."""
    return grad + weight_decay * params if weight_decay != 0 else grad


class SGD(Optimizer):
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

    def init_state(self, params: np.ndarray) -> State:
        if self.config["momentum"] == 0:
            return {}
        return {"momentum_buffer": np.zeros_like(params)}

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        grad = _l2(grad, params, c["weight_decay"])
        if c["momentum"] != 0:
            buf = state["momentum_buffer"]
            (tmp,) = scratch(state, params)
            if state["step"] == 1:  # torch: the buffer starts as a copy of the gradient
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


class Adagrad(Optimizer):
    r"""Adagrad: per-coordinate step sizes shrink with the sum of squared gradients.

    .. math::
        \tilde\gamma &= \gamma / (1 + (t-1)\eta) \\
        s_t &= s_{t-1} + g_t^2 \\
        \theta_t &= \theta_{t-1} - \tilde\gamma\, g_t / (\sqrt{s_t} + \epsilon)

    Defaults: lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10.
    Reference: ``torch.optim.Adagrad``; Duchi, Hazan & Singer, JMLR 2011.
    """

    elementwise = True
    hparams = (
        lr_param(1e-2),
        HParam("lr_decay", 0.0, "learning-rate decay per step", low=0.0),
        weight_decay_param(),
        HParam("initial_accumulator_value", 0.0, "starting value of the sum of squares", low=0.0),
        eps_param(1e-10),
    )

    def init_state(self, params: np.ndarray) -> State:
        return {"sum": np.full_like(params, self.config["initial_accumulator_value"])}

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        grad = _l2(grad, params, c["weight_decay"])
        clr = lr / (1 + (state["step"] - 1) * c["lr_decay"])
        state["sum"] += 1 * grad * grad
        std = np.sqrt(state["sum"]) + c["eps"]
        params += (-clr * grad) / std  # torch addcdiv_: p + (value * g) / std


class RMSprop(Optimizer):
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
    hparams = (
        lr_param(1e-2),
        HParam("alpha", 0.99, "smoothing constant of the squared-gradient average",
               low=0.0, high=1.0),
        eps_param(1e-8),
        weight_decay_param(),
        MOMENTUM,
        HParam("centered", False, "normalise by the estimated variance", kind="bool"),
    )

    def init_state(self, params: np.ndarray) -> State:
        state: State = {"square_avg": np.zeros_like(params)}
        if self.config["momentum"] > 0:
            state["momentum_buffer"] = np.zeros_like(params)
        if self.config["centered"]:
            state["grad_avg"] = np.zeros_like(params)
        return state

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        alpha = c["alpha"]
        grad = _l2(grad, params, c["weight_decay"])
        square_avg = state["square_avg"]
        square_avg *= alpha
        square_avg += (1 - alpha) * grad * grad
        if c["centered"]:
            grad_avg = state["grad_avg"]
            lerp_(grad_avg, grad, 1 - alpha)
            avg = np.sqrt(square_avg + -1 * grad_avg * grad_avg)
        else:
            avg = np.sqrt(square_avg)
        avg += c["eps"]
        if c["momentum"] > 0:
            buf = state["momentum_buffer"]
            buf *= c["momentum"]
            buf += grad / avg
            params += -lr * buf
        else:
            params += (-lr * grad) / avg  # torch addcdiv_: p + (value * g) / avg


class Adadelta(Optimizer):
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

    def init_state(self, params: np.ndarray) -> State:
        return {"square_avg": np.zeros_like(params), "acc_delta": np.zeros_like(params)}

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        rho, eps = c["rho"], c["eps"]
        grad = _l2(grad, params, c["weight_decay"])
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        square_avg *= rho
        square_avg += (1 - rho) * grad * grad
        std = np.sqrt(square_avg + eps)
        delta = np.sqrt(acc_delta + eps)
        delta /= std
        delta *= grad
        acc_delta *= rho
        acc_delta += (1 - rho) * delta * delta
        params += -lr * delta


class Adam(Optimizer):
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

    def init_state(self, params: np.ndarray) -> State:
        state: State = {"exp_avg": np.zeros_like(params), "exp_avg_sq": np.zeros_like(params)}
        if self.config["amsgrad"]:
            state["max_exp_avg_sq"] = np.zeros_like(params)
        return state

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, wd = c["beta1"], c["beta2"], c["weight_decay"]
        if wd != 0:
            if self.decoupled:
                params *= 1 - lr * wd
            else:
                grad = grad + wd * params
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        tmp, num = scratch(state, params, 2)
        lerp_(exp_avg, grad, 1 - beta1, tmp)
        exp_avg_sq *= beta2
        np.multiply(grad, 1 - beta2, out=tmp)
        tmp *= grad
        exp_avg_sq += tmp
        step = state["step"]
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5
        if c["amsgrad"]:
            v = state["max_exp_avg_sq"]
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


class NAdam(Optimizer):
    r"""NAdam: Adam with Nesterov momentum and a momentum-decay schedule.

    .. math::
        \mu_t &= \beta_1\bigl(1 - \tfrac12\, 0.96^{t\psi}\bigr) \\
        m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t, \quad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\
        \theta_t &= \theta_{t-1}
            - \gamma\frac{(1-\mu_t)\, g_t}{(1-\prod_{i\le t}\mu_i)(\sqrt{\hat v_t}+\epsilon)}
            - \gamma\frac{\mu_{t+1} m_t}{(1-\prod_{i\le t+1}\mu_i)(\sqrt{\hat v_t}+\epsilon)}

    Defaults: lr=2e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0,
    momentum_decay=4e-3, decoupled_weight_decay=False.
    Reference: ``torch.optim.NAdam``; Dozat, ICLR 2016 workshop.
    """

    hparams = (
        lr_param(2e-3),
        BETA1,
        BETA2,
        eps_param(1e-8),
        weight_decay_param(),
        HParam("momentum_decay", 4e-3, "momentum decay ψ", low=0.0),
        HParam("decoupled_weight_decay", False, "AdamW-style weight decay", kind="bool"),
    )

    def init_state(self, params: np.ndarray) -> State:
        return {
            "mu_product": 1.0,
            "exp_avg": np.zeros_like(params),
            "exp_avg_sq": np.zeros_like(params),
        }

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, wd, psi = c["beta1"], c["beta2"], c["weight_decay"], c["momentum_decay"]
        step = state["step"]
        bias_correction2 = 1 - beta2**step
        if wd != 0:
            if c["decoupled_weight_decay"]:
                params *= 1 - lr * wd
            else:
                grad = grad + wd * params
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * psi)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * psi)))
        state["mu_product"] *= mu
        mu_product = state["mu_product"]
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        lerp_(exp_avg, grad, 1 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad * grad
        denom = np.sqrt(exp_avg_sq / bias_correction2)
        mu_product_next = mu_product * mu_next
        denom += c["eps"]
        # torch addcdiv_(t, denom, value=v): p + (v * t) / denom
        params += ((-lr * (1.0 - mu) / (1.0 - mu_product)) * grad) / denom
        params += (((-lr * mu_next) / (1.0 - mu_product_next)) * exp_avg) / denom


class RAdam(Optimizer):
    r"""RAdam: Adam with the variance of the adaptive step rectified.

    .. math::
        \rho_\infty &= 2/(1-\beta_2) - 1, \quad
        \rho_t = \rho_\infty - 2t\beta_2^t/(1-\beta_2^t) \\
        r_t &= \sqrt{\frac{(\rho_t-4)(\rho_t-2)\rho_\infty}
            {(\rho_\infty-4)(\rho_\infty-2)\rho_t}} \\
        \theta_t &= \theta_{t-1} - \gamma\hat m_t \cdot
            \begin{cases} r_t\sqrt{1-\beta_2^t}/(\sqrt{v_t}+\epsilon) & \rho_t > 5 \\
            1 & \text{otherwise}\end{cases}

    Defaults: lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0,
    decoupled_weight_decay=False.
    Reference: ``torch.optim.RAdam``; Liu et al., ICLR 2020.
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        BETA1,
        BETA2,
        eps_param(1e-8),
        weight_decay_param(),
        HParam("decoupled_weight_decay", False, "AdamW-style weight decay", kind="bool"),
    )

    def init_state(self, params: np.ndarray) -> State:
        return {"exp_avg": np.zeros_like(params), "exp_avg_sq": np.zeros_like(params)}

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, wd = c["beta1"], c["beta2"], c["weight_decay"]
        if wd != 0:
            if c["decoupled_weight_decay"]:
                params *= 1 - lr * wd
            else:
                grad = grad + wd * params
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        lerp_(exp_avg, grad, 1 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad * grad
        step = state["step"]
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        bias_corrected_exp_avg = exp_avg / bias_correction1
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        state["rho_t"] = rho_t
        if rho_t > 5.0:
            rect = (
                (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
            ) ** 0.5
            adaptive_lr = (bias_correction2**0.5) / (np.sqrt(exp_avg_sq) + c["eps"])
            params += -1.0 * (bias_corrected_exp_avg * lr * adaptive_lr * rect)
        else:
            params += -1.0 * (bias_corrected_exp_avg * lr)


class Adamax(Optimizer):
    r"""Adamax: Adam with the infinity norm in place of the second moment.

    .. math::
        m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t, \quad
        u_t = \max(\beta_2 u_{t-1}, |g_t| + \epsilon) \\
        \theta_t &= \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\,\frac{m_t}{u_t}

    Defaults: lr=2e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.
    Reference: ``torch.optim.Adamax``; Kingma & Ba, ICLR 2015, section 7.
    """

    elementwise = True
    hparams = (lr_param(2e-3), BETA1, BETA2, eps_param(1e-8), weight_decay_param())

    def init_state(self, params: np.ndarray) -> State:
        return {"exp_avg": np.zeros_like(params), "exp_inf": np.zeros_like(params)}

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2 = c["beta1"], c["beta2"]
        grad = _l2(grad, params, c["weight_decay"])
        exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
        lerp_(exp_avg, grad, 1 - beta1)
        exp_inf *= beta2
        np.maximum(exp_inf, np.abs(grad) + c["eps"], out=exp_inf)
        clr = lr / (1 - beta1 ** state["step"])
        params += (-clr * exp_avg) / exp_inf  # torch addcdiv_: p + (value * m) / u


class Rprop(Optimizer):
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

    def init_state(self, params: np.ndarray) -> State:
        return {"prev": np.zeros_like(params), "step_size": None}

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        if state["step_size"] is None:
            state["step_size"] = np.full_like(params, lr)
        step_size = state["step_size"]
        sign = np.sign(grad * state["prev"])
        factor = np.where(sign > 0, c["eta_plus"], np.where(sign < 0, c["eta_minus"], 1.0))
        step_size *= factor
        np.clip(step_size, c["step_min"], c["step_max"], out=step_size)
        grad = np.where(sign < 0, 0.0, grad)
        params += -1 * np.sign(grad) * step_size
        state["prev"] = grad


class Newton(Optimizer):
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

    def update(self, params, grad, state, lr, hessian) -> None:
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
