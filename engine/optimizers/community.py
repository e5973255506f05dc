"""Update rules of pytorch-optimizer 4.1.0 (optimizers that ``torch.optim`` lacks).

Each ``update`` follows the *per-parameter* kernel (``foreach=False``) of the
matching ``pytorch_optimizer/optimizer/*.py`` in the same order of
floating-point operations, so that a float64 run agrees with the reference to a
few ulps.  Names and defaults are the reference constructors'; tuples are split
(``betas`` -> ``beta1``, ``beta2``, ``beta3``; QHAdam's ``nus`` -> ``nu1``,
``nu2``); ``foreach``/``maximize`` and knobs that do not change the math are
dropped.

Conventions shared with the reference helpers (``pytorch_optimizer/base/optimizer.py``):

* ``weight_decouple`` (AdamW style) multiplies the weights by
  ``1 - λ·γ`` (``1 - λ`` with ``fixed_decay``); otherwise ``λθ`` is added to the
  gradient (``apply_weight_decay``).
* ``ams_bound`` keeps the running maximum of the second moment, and the
  denominator is ``sqrt(v + 1e-15) + eps`` (``apply_ams_bound``).
* Bias corrections are ``1 - β**t`` (``debias``).
* Reductions over a tensor (norms, dot products) use :meth:`Optimizer.tensor_sum`,
  so batched particles ``(N, 2)`` behave exactly like independent tensors; the
  per-tensor scalars they produce (SWATS's switch, Adan's clip factor) are kept
  per row, as arrays of shape ``(1,)`` (one point) or ``(N, 1)`` (batched).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from engine.messages import msg
from engine.optimizers.base import (
    HParam,
    Number,
    Optimizer,
    OptimizerSpec,
    State,
    beta_param,
    eps_param,
    lerp_,
    lr_param,
    weight_decay_param,
)

# -- shared hyper-parameters ---------------------------------------------------


def _bool(name: str, default: bool, help: str) -> HParam:
    return HParam(name, default, help, kind="bool")


def _beta1(default: float = 0.9) -> HParam:
    return beta_param("beta1", default, "decay rate of the first-moment (mean) estimate")


def _beta2(default: float = 0.999) -> HParam:
    return beta_param("beta2", default, "decay rate of the second-moment estimate")


def _decouple(default: bool) -> HParam:
    return _bool(
        "weight_decouple", default,
        "decoupled (AdamW-style) weight decay: shrink the weights instead of adding λθ to g",
    )


FIXED_DECAY = _bool("fixed_decay", False, "decoupled decay not scaled by the learning rate")
AMS_BOUND = _bool("ams_bound", False, "use the running maximum of the second moment (AMSGrad)")
MOMENTUM_01 = HParam("momentum", 0.9, "momentum factor", low=0.0, high=1.0, high_open=True)


# -- shared helpers (the reference's BaseOptimizer static methods) --------------


def _debias(beta: float, step: int) -> float:
    """``1 - beta**step`` (``BaseOptimizer.debias``)."""
    return 1.0 - math.pow(beta, step)


def _weight_decay(
    params: np.ndarray,
    grad: np.ndarray,
    lr: float | np.ndarray,
    weight_decay: float,
    decouple: bool,
    fixed: bool,
) -> np.ndarray:
    """``BaseOptimizer.apply_weight_decay``: shrink ``params`` in place or return ``g + λθ``.

    Never modifies ``grad`` (it may be the caller's array).
    """
    if weight_decay == 0.0:
        return grad
    if decouple:
        params *= 1.0 - weight_decay * (1.0 if fixed else lr) * 1.0
        return grad
    if weight_decay > 0.0:
        return grad + weight_decay * params
    return grad


def _ams_denominator(
    ams_bound: bool,
    second: np.ndarray,
    max_second: np.ndarray | None,
    eps: float,
    inner_eps: float = 1e-15,
) -> np.ndarray:
    """``BaseOptimizer.apply_ams_bound``: ``sqrt(max(v̂, v) + 1e-15) + eps`` (a new array)."""
    if ams_bound:
        assert max_second is not None, "ams_bound needs max_second"
        np.maximum(max_second, second, out=max_second)
        denom: np.ndarray = max_second + inner_eps
    else:
        denom = second + inner_eps
    np.sqrt(denom, out=denom)
    denom += eps
    return denom


def _lerp(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """``torch.lerp`` (not in place)."""
    out = np.array(start, dtype=np.float64, copy=True)
    lerp_(out, end, weight)
    return out


def _f32(x) -> np.float32:
    return np.float32(x)


# -- the optimizers -------------------------------------------------------------


class Lion(Optimizer):
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
    hparams = (
        lr_param(1e-4),
        beta_param("beta1", 0.9, "interpolation between momentum and gradient for the update"),
        beta_param("beta2", 0.99, "decay rate of the momentum"),
        weight_decay_param(),
        _decouple(True),
        FIXED_DECAY,
    )

    def init_state(self, params: np.ndarray) -> State:
        return {"exp_avg": np.zeros_like(params)}

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        grad = _weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        exp_avg = state["exp_avg"]
        update = np.sign(_lerp(exp_avg, grad, 1.0 - c["beta1"]))
        lerp_(exp_avg, grad, 1.0 - c["beta2"])
        params += -lr * update


class SignSGD(Optimizer):
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
        _decouple(True),
    )

    def init_state(self, params: np.ndarray) -> State:
        if self.config["momentum"] > 0.0:
            return {"momentum_buffer": np.zeros_like(params)}
        return {}

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        grad = _weight_decay(params, grad, lr, c["weight_decay"], c["weight_decouple"], False)
        if c["momentum"] > 0.0:
            buf = state["momentum_buffer"]
            lerp_(buf, grad, 1.0 - c["momentum"])
        else:
            buf = grad
        params += -lr * np.sign(buf)


class Yogi(Optimizer):
    r"""Yogi: Adam whose second moment moves additively, by the sign of its error.

    .. math::
        m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t \\
        v_t &= v_{t-1} - (1-\beta_2)\,\operatorname{sign}(v_{t-1} - g_t^2)\, g_t^2 \\
        \theta_t &= \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\,
            \frac{m_t}{\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon}

    Both moments start at ``initial_accumulator`` (not zero).

    Defaults: lr=1e-2, beta1=0.9, beta2=0.999, initial_accumulator=1e-6, weight_decay=0,
    weight_decouple=True, fixed_decay=False, eps=1e-3.
    Reference: ``pytorch_optimizer.Yogi``; Zaheer et al., "Adaptive Methods for
    Nonconvex Optimization", NeurIPS 2018.
    """

    elementwise = True
    hparams = (
        lr_param(1e-2),
        _beta1(),
        _beta2(),
        HParam("initial_accumulator", 1e-6, "starting value of both moments", low=0.0,
               log=True),
        weight_decay_param(),
        _decouple(True),
        FIXED_DECAY,
        eps_param(1e-3),
    )

    def init_state(self, params: np.ndarray) -> State:
        init = self.config["initial_accumulator"]
        return {"exp_avg": np.full_like(params, init), "exp_avg_sq": np.full_like(params, init)}

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state["step"]
        bias_correction1 = _debias(beta1, step)
        bias_correction2_sq = math.sqrt(_debias(beta2, step))
        step_size = lr / bias_correction1
        grad = _weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        grad_p2 = grad * grad
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        lerp_(exp_avg, grad, 1.0 - beta1)
        exp_avg_sq += (-(1.0 - beta2) * np.sign(exp_avg_sq - grad_p2)) * grad_p2
        denom = np.sqrt(exp_avg_sq)
        denom /= bias_correction2_sq
        denom += c["eps"]
        params += (-step_size * exp_avg) / denom


class AdaBelief(Optimizer):
    r"""AdaBelief: Adam that divides by the spread of gradients around their mean.

    .. math::
        m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t \\
        s_t &= \beta_2 s_{t-1} + (1-\beta_2)(g_t - m_t)^2 + \epsilon \\
        \theta_t &= \theta_{t-1} - \frac{\gamma}{1-\beta_1^t}\,
            \frac{m_t}{\sqrt{s_t}/\sqrt{1-\beta_2^t} + \epsilon}

    With ``rectify`` the step is RAdam's: ``γ r_t m_t / ((1-β₁ᵗ)(√s_t + ε))`` once the
    length of the approximated SMA reaches ``n_sma_threshold``, before that an SGD
    step ``γ m_t / (1-β₁ᵗ)`` (``degenerated_to_sgd``) or none.  ``ams_bound`` uses the
    running maximum of ``s``.

    Defaults: lr=1e-3, beta1=0.9, beta2=0.999, weight_decay=0, weight_decouple=True,
    fixed_decay=False, rectify=False, n_sma_threshold=5, degenerated_to_sgd=True,
    ams_bound=False, eps=1e-16.
    Reference: ``pytorch_optimizer.AdaBelief``; Zhuang et al., "AdaBelief Optimizer:
    Adapting Stepsizes by the Belief in Observed Gradients", NeurIPS 2020.
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        _beta1(),
        _beta2(),
        weight_decay_param(),
        _decouple(True),
        FIXED_DECAY,
        _bool("rectify", False, "RAdam-style rectification of the adaptive step"),
        HParam("n_sma_threshold", 5, "SMA length from which the rectified step is used",
               kind="int", low=0),
        _bool("degenerated_to_sgd", True, "take SGD steps before the rectification threshold"),
        AMS_BOUND,
        eps_param(1e-16),
    )

    def describe_state(self, state: State) -> dict:
        out = super().describe_state(state)
        beta2, step = self.config["beta2"], state["step"]
        if self.config["rectify"] and step > 0:
            n_sma_max = 2.0 / (1.0 - beta2) - 1.0
            out["n_sma"] = n_sma_max - 2 * step * beta2**step / (1.0 - beta2**step)
        return out

    def init_state(self, params: np.ndarray) -> State:
        state: State = {"exp_avg": np.zeros_like(params), "exp_avg_var": np.zeros_like(params)}
        if self.config["ams_bound"]:
            state["max_exp_avg_var"] = np.zeros_like(params)
        return state

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state["step"]
        bias_correction1 = _debias(beta1, step)
        # BaseOptimizer.get_rectify_step_size
        step_size, n_sma = lr, 0.0
        if c["rectify"]:
            n_sma_max = 2.0 / (1.0 - beta2) - 1.0
            beta2_t = beta2**step
            n_sma = n_sma_max - 2 * step * beta2_t / (1.0 - beta2_t)
            if n_sma >= c["n_sma_threshold"]:
                rt = math.sqrt(
                    (1.0 - beta2_t) * (n_sma - 4) / (n_sma_max - 4) * (n_sma - 2) / n_sma
                    * n_sma_max / (n_sma_max - 2)
                )
            elif c["degenerated_to_sgd"]:
                rt = 1.0
            else:
                rt = -1.0
            step_size = step_size * rt
        step_size = step_size / bias_correction1
        bias_correction2_sq = math.sqrt(_debias(beta2, step))

        grad = _weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        exp_avg, exp_avg_var = state["exp_avg"], state["exp_avg_var"]
        lerp_(exp_avg, grad, 1.0 - beta1)
        grad_residual = grad - exp_avg
        exp_avg_var *= beta2
        exp_avg_var += ((1.0 - beta2) * grad_residual) * grad_residual
        exp_avg_var += c["eps"]
        denom = _ams_denominator(
            c["ams_bound"], exp_avg_var, state.get("max_exp_avg_var"), 0.0, 0.0
        )
        if not c["rectify"]:
            denom /= bias_correction2_sq
            denom += c["eps"]
            params += (-step_size * exp_avg) / denom
            return
        denom += c["eps"]
        if n_sma >= c["n_sma_threshold"]:
            params += (-step_size * exp_avg) / denom
        elif step_size > 0:
            params += -step_size * exp_avg


class AdaBound(Optimizer):
    r"""AdaBound: Adam whose per-coordinate step is clipped into bounds that close on SGD.

    .. math::
        \eta_l(t) &= \gamma^\ast\Bigl(1 - \frac{1}{\kappa t + 1}\Bigr), \quad
        \eta_u(t) = \gamma^\ast\Bigl(1 + \frac{1}{\kappa t}\Bigr), \quad
        \gamma^\ast = \text{final\_lr}\cdot\gamma/\gamma_0 \\
        \theta_t &= \theta_{t-1} - \operatorname{clip}\Bigl(
            \frac{\gamma\sqrt{1-\beta_2^t}/(1-\beta_1^t)}{\sqrt{v_t + 10^{-15}} + \epsilon},
            \eta_l(t), \eta_u(t)\Bigr)\, m_t

    ``m_t``, ``v_t`` are Adam's (un-corrected) moments, ``κ`` is ``gamma`` and ``γ₀``
    the configured learning rate (a schedule scales the final rate with it).

    Defaults: lr=1e-3, final_lr=0.1, beta1=0.9, beta2=0.999, gamma=1e-3, weight_decay=0,
    weight_decouple=True, fixed_decay=False, ams_bound=False, eps=1e-8.
    Reference: ``pytorch_optimizer.AdaBound``; Luo et al., "Adaptive Gradient Methods
    with Dynamic Bound of Learning Rate", ICLR 2019.
    """

    hparams = (
        lr_param(1e-3),
        HParam("final_lr", 0.1, "the SGD learning rate the bounds converge to", low=0.0,
               log=True),
        _beta1(),
        _beta2(),
        HParam("gamma", 1e-3, "convergence speed of the bounds", low=0.0, low_open=True,
               log=True),
        weight_decay_param(),
        _decouple(True),
        FIXED_DECAY,
        AMS_BOUND,
        eps_param(1e-8),
    )

    def init_state(self, params: np.ndarray) -> State:
        state: State = {
            "base_lr": float(self.config["lr"]),
            "exp_avg": np.zeros_like(params),
            "exp_avg_sq": np.zeros_like(params),
            "lower_bound": 0.0,
            "upper_bound": math.inf,
        }
        if self.config["ams_bound"]:
            state["max_exp_avg_sq"] = np.zeros_like(params)
        return state

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state["step"]
        if state["base_lr"] == 0.0 and lr > 0.0:
            state["base_lr"] = lr
        base_lr = state["base_lr"]
        bias_correction1 = _debias(beta1, step)
        bias_correction2_sq = math.sqrt(_debias(beta2, step))
        final_lr = c["final_lr"] * lr / base_lr if base_lr > 0.0 else 0.0
        lower_bound = final_lr * (1 - 1 / (c["gamma"] * step + 1))
        upper_bound = final_lr * (1 + 1 / (c["gamma"] * step))
        state["lower_bound"], state["upper_bound"] = lower_bound, upper_bound
        step_size = lr * bias_correction2_sq / bias_correction1

        grad = _weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        lerp_(exp_avg, grad, 1.0 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad
        denom = _ams_denominator(
            c["ams_bound"], exp_avg_sq, state.get("max_exp_avg_sq"), c["eps"]
        )
        update = step_size / denom
        np.minimum(np.maximum(update, lower_bound), upper_bound, out=update)
        update *= exp_avg
        params -= update


class SWATS(Optimizer):
    r"""SWATS: start with Adam, switch to SGD (with a learned rate) once it is stable.

    .. math::
        p_t &= -\gamma\frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}\,
            \frac{m_t}{\sqrt{v_t + 10^{-15}} + \epsilon}, \quad \theta_t = \theta_{t-1} + p_t \\
        \gamma^{sgd}_t &= \frac{p_t^\top p_t}{-p_t^\top g_t}, \quad
        \lambda_t = \beta_2\lambda_{t-1} + (1-\beta_2)\gamma^{sgd}_t \\
        &\text{switch when } t>1,\ \tfrac{\lambda_t}{1-\beta_2^t} > 0,\
            \bigl|\tfrac{\lambda_t}{1-\beta_2^t} - \gamma^{sgd}_t\bigr|
            \le 10^{-8} + \epsilon|\gamma^{sgd}_t|;\ \text{then}\
            b_t = \beta_1 b_{t-1} + g_t,\
            \theta_t = \theta_{t-1} - \tfrac{\lambda_t}{1-\beta_2^t}(1-\beta_1) b_t

    (with ``nesterov`` the SGD step is ``(1-β₁) b_t + β₁ b_t``).  The switch is per
    tensor (per row for batched particles); the state exposes ``switched``,
    ``sgd_lr`` (the learned SGD rate) and ``switch_step`` (0 while in the Adam phase).
    After the switch the learned rate replaces the (scheduled) learning rate, as the
    reference overwrites ``group['lr']``.

    Defaults: lr=1e-3, beta1=0.9, beta2=0.999, weight_decay=0, weight_decouple=False,
    fixed_decay=False, ams_bound=False, nesterov=False, eps=1e-6.
    Reference: ``pytorch_optimizer.SWATS``; Keskar & Socher, "Improving Generalization
    Performance by Switching from Adam to SGD", arXiv:1712.07628 (2017).
    """

    hparams = (
        lr_param(1e-3),
        _beta1(),
        _beta2(),
        weight_decay_param(),
        _decouple(False),
        FIXED_DECAY,
        AMS_BOUND,
        _bool("nesterov", False, "Nesterov momentum in the SGD phase"),
        eps_param(1e-6, "denominator term; also the relative tolerance of the switch test"),
    )

    def init(self, params: np.ndarray, *, batched: bool = False) -> State:
        state = super().init(params, batched=batched)
        shape = self.tensor_sum(np.zeros_like(np.asarray(params, dtype=np.float64)), state).shape
        state["exp_avg2"] = np.zeros(shape)
        state["switched"] = np.zeros(shape, dtype=bool)
        state["sgd_lr"] = np.zeros(shape)
        state["switch_step"] = np.zeros(shape, dtype=np.int64)
        return state

    def init_state(self, params: np.ndarray) -> State:
        state: State = {
            "exp_avg": np.zeros_like(params),
            "exp_avg_sq": np.zeros_like(params),
            "momentum_buffer": np.zeros_like(params),
        }
        if self.config["ams_bound"]:
            state["max_exp_avg_sq"] = np.zeros_like(params)
        return state

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, eps, step = c["beta1"], c["beta2"], c["eps"], state["step"]
        bias_correction1 = _debias(beta1, step)
        bias_correction2 = _debias(beta2, step)
        step_size = lr * math.sqrt(bias_correction2) / bias_correction1

        switched = state["switched"]
        any_sgd = bool(switched.any())
        all_sgd = bool(switched.all())
        group_lr = np.where(switched, state["sgd_lr"], lr) if any_sgd else lr
        grad = _weight_decay(
            params, grad, group_lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )

        if any_sgd:  # SGD phase (rows that switched)
            buf = state["momentum_buffer"]
            new_buf = buf * beta1 + grad
            buf[...] = np.where(switched, new_buf, buf)
            sgd_update = buf * (1.0 - beta1)
            if c["nesterov"]:
                sgd_update = sgd_update + beta1 * buf
            sgd_params = params + -group_lr * sgd_update
            if all_sgd:
                params[...] = sgd_params
                return

        adam = ~switched
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        max_sq = state.get("max_exp_avg_sq")
        if any_sgd:  # freeze the moments of rows in the SGD phase
            old = {k: state[k].copy() for k in ("exp_avg", "exp_avg_sq", "max_exp_avg_sq")
                   if k in state}
        lerp_(exp_avg, grad, 1.0 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad
        denom = _ams_denominator(c["ams_bound"], exp_avg_sq, max_sq, eps)
        perturb = exp_avg / denom
        perturb *= -step_size
        adam_params = params + perturb

        pg = self.tensor_sum(perturb * grad, state)
        valid = pg != 0
        with np.errstate(divide="ignore", invalid="ignore"):
            scaling = self.tensor_sum(perturb * perturb, state) / -np.where(valid, pg, 1.0)
        exp_avg2 = state["exp_avg2"]
        new_avg2 = _lerp(exp_avg2, scaling, 1.0 - beta2)
        valid &= adam
        exp_avg2[...] = np.where(valid, new_avg2, exp_avg2)
        corrected = exp_avg2 / bias_correction2
        if step > 1:
            close = np.abs(corrected - scaling) <= 1e-8 + eps * np.abs(scaling)
            switch = valid & (corrected > 0.0) & close
            if switch.any():
                state["sgd_lr"] = np.where(switch, corrected, state["sgd_lr"])
                state["switch_step"] = np.where(switch, step, state["switch_step"])
                state["switched"] = switched | switch

        if any_sgd:
            for k, v in old.items():
                state[k][...] = np.where(adam, state[k], v)
            params[...] = np.where(adam, adam_params, sgd_params)
        else:
            params[...] = adam_params


class QHM(Optimizer):
    r"""Quasi-hyperbolic momentum: average the plain gradient and the momentum.

    .. math::
        b_t &= \beta b_{t-1} + (1-\beta) g_t \\
        \theta_t &= \theta_{t-1} - \gamma\,\bigl(\nu b_t + (1-\nu) g_t\bigr)

    ``nu=1`` is (normalised) momentum SGD, ``nu=0`` plain SGD; the paper recommends
    ``momentum=0.999, nu=0.7``.

    Defaults: lr=1e-3, momentum=0, nu=1, weight_decay=0, weight_decouple=False,
    fixed_decay=False.
    Reference: ``pytorch_optimizer.QHM``; Ma & Yarats, "Quasi-hyperbolic momentum and
    Adam for deep learning", ICLR 2019.
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        HParam("momentum", 0.0, "momentum factor β", low=0.0, high=1.0, high_open=True),
        HParam("nu", 1.0, "weight ν of the momentum against the plain gradient", low=0.0,
               high=1.0),
        weight_decay_param(),
        _decouple(False),
        FIXED_DECAY,
    )

    def init_state(self, params: np.ndarray) -> State:
        return {"momentum_buffer": np.zeros_like(params)}

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        grad = _weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        buf = state["momentum_buffer"]
        lerp_(buf, grad, 1.0 - c["momentum"])
        params += (-lr * c["nu"]) * buf
        params += (-lr * (1.0 - c["nu"])) * grad


class QHAdam(Optimizer):
    r"""QHAdam: Adam whose two moments are quasi-hyperbolic averages.

    .. math::
        w^{(i)}_t &= \beta_i w^{(i)}_{t-1} + 1 \quad (\text{float32}) \\
        m_t &= m_{t-1} + \tfrac{1}{w^{(1)}_t}(g_t - m_{t-1}), \quad
        v_t = v_{t-1} + \tfrac{1}{w^{(2)}_t}(g_t^2 - v_{t-1}) \\
        \theta_t &= \theta_{t-1} - \gamma\,
            \frac{\nu_1 m_t + (1-\nu_1) g_t}{\sqrt{\nu_2 v_t + (1-\nu_2) g_t^2} + \epsilon}

    ``1/w_t = (1-β)/(1-βᵗ)`` makes ``m``, ``v`` bias-corrected averages.  The weights
    ``w`` are kept in float32, as the reference does.

    Defaults: lr=1e-3, beta1=0.9, beta2=0.999, nu1=1, nu2=1, weight_decay=0,
    weight_decouple=False, fixed_decay=False, eps=1e-8.
    Reference: ``pytorch_optimizer.QHAdam``; Ma & Yarats, "Quasi-hyperbolic momentum and
    Adam for deep learning", ICLR 2019.
    """

    hparams = (
        lr_param(1e-3),
        _beta1(),
        _beta2(),
        HParam("nu1", 1.0, "weight of the first moment against the gradient", low=0.0,
               high=1.0),
        HParam("nu2", 1.0, "weight of the second moment against the squared gradient",
               low=0.0, high=1.0),
        weight_decay_param(),
        _decouple(False),
        FIXED_DECAY,
        eps_param(1e-8),
    )

    def init_state(self, params: np.ndarray) -> State:
        return {
            "beta1_weight": np.float32(0.0),
            "beta2_weight": np.float32(0.0),
            "exp_avg": np.zeros_like(params),
            "exp_avg_sq": np.zeros_like(params),
        }

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, nu1, nu2 = c["beta1"], c["beta2"], c["nu1"], c["nu2"]
        grad = _weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        one = np.float32(1.0)
        w1 = state["beta1_weight"] = _f32(_f32(state["beta1_weight"] * _f32(beta1)) + one)
        w2 = state["beta2_weight"] = _f32(_f32(state["beta2_weight"] * _f32(beta2)) + one)
        grad_p2 = grad * grad
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        lerp_(exp_avg, grad, float(one / w1))
        lerp_(exp_avg_sq, grad_p2, float(one / w2))
        avg_grad = exp_avg
        if nu1 != 1.0:
            avg_grad = exp_avg * nu1 + (1.0 - nu1) * grad
        avg_grad_rms = exp_avg_sq * nu2
        if nu2 != 1.0:
            avg_grad_rms += (1.0 - nu2) * grad_p2
        np.sqrt(avg_grad_rms, out=avg_grad_rms)
        avg_grad_rms += c["eps"]
        params += (-lr * avg_grad) / avg_grad_rms


class Adan(Optimizer):
    r"""Adan: adaptive Nesterov momentum from gradients and gradient differences.

    .. math::
        m_t &= \beta_1 m_{t-1} + (1-\beta_1) g_t, \quad
        d_t = \beta_2 d_{t-1} + (1-\beta_2)(g_t - g_{t-1}) \\
        n_t &= \beta_3 n_{t-1} + (1-\beta_3)\bigl(g_t + \beta_2(g_t - g_{t-1})\bigr)^2 \\
        \theta_t &= \Bigl(\theta_{t-1} - \frac{\gamma}{\sqrt{n_t}/\sqrt{1-\beta_3^t}+\epsilon}
            \Bigl(\frac{m_t}{1-\beta_1^t} + \frac{\beta_2 d_t}{1-\beta_2^t}\Bigr)\Bigr)
            \big/ (1 + \gamma\lambda)

    ``g₀ = g₁`` (the first difference is zero).  With ``weight_decouple`` the weights
    are multiplied by ``1 - γλ`` before the step instead of the proximal division.
    ``max_grad_norm > 0`` first rescales ``g`` by ``min(1, c/(‖g‖+ε))``, computed in
    float32 like the reference.

    Defaults: lr=1e-3, beta1=0.98, beta2=0.92, beta3=0.99, weight_decay=0,
    weight_decouple=False, max_grad_norm=0, eps=1e-8.
    Reference: ``pytorch_optimizer.Adan``; Xie et al., "Adan: Adaptive Nesterov Momentum
    Algorithm for Faster Optimizing Deep Models", IEEE TPAMI 2024 (arXiv:2208.06677).
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        beta_param("beta1", 0.98, "decay rate of the gradient average"),
        beta_param("beta2", 0.92, "decay rate of the gradient-difference average"),
        beta_param("beta3", 0.99, "decay rate of the squared corrected gradient"),
        weight_decay_param(),
        _decouple(False),
        HParam("max_grad_norm", 0.0, "clip the gradient norm to this (0 = off)", low=0.0),
        eps_param(1e-8),
    )

    def init_state(self, params: np.ndarray) -> State:
        return {
            "exp_avg": np.zeros_like(params),
            "exp_avg_sq": np.zeros_like(params),
            "exp_avg_diff": np.zeros_like(params),
            "previous_grad": np.zeros_like(params),
        }

    def _clip_factor(self, grad: np.ndarray, state: State) -> float | np.ndarray:
        """``Adan.get_global_gradient_norm``: ``min(1, c / (‖g‖ + ε))`` in float32, per tensor."""
        c = self.config
        if c["max_grad_norm"] == 0.0:
            return 1.0
        norm = np.sqrt(self.tensor_sum(grad * grad, state)).astype(np.float32)
        norm = np.square(norm)
        np.sqrt(norm, out=norm)
        norm += np.float32(c["eps"])
        clip = (np.float32(1.0) / norm) * np.float32(c["max_grad_norm"])
        return np.minimum(clip, np.float32(1.0)).astype(np.float64)

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, beta3, step = c["beta1"], c["beta2"], c["beta3"], state["step"]
        wd = c["weight_decay"]
        clip = self._clip_factor(grad, state)
        if step == 1:  # the reference starts from g_0 = g_1, so the first difference is 0
            np.multiply(grad, -clip, out=state["previous_grad"])
        bias_correction1 = _debias(beta1, step)
        bias_correction2 = _debias(beta2, step)
        bias_correction3_sq = math.sqrt(_debias(beta3, step))

        grad = grad * clip
        grad_diff = state["previous_grad"]
        grad_diff += grad
        exp_avg, exp_avg_sq, exp_avg_diff = (
            state["exp_avg"], state["exp_avg_sq"], state["exp_avg_diff"]
        )
        lerp_(exp_avg, grad, 1.0 - beta1)
        lerp_(exp_avg_diff, grad_diff, 1.0 - beta2)
        grad_diff *= beta2
        grad_diff += grad
        exp_avg_sq *= beta3
        exp_avg_sq += ((1.0 - beta3) * grad_diff) * grad_diff
        denom = np.sqrt(exp_avg_sq)
        denom /= bias_correction3_sq
        denom += c["eps"]
        if wd != 0.0 and c["weight_decouple"]:
            params *= 1.0 - lr * wd
        params += ((-lr / bias_correction1) * exp_avg) / denom
        params += ((-lr * beta2 / bias_correction2) * exp_avg_diff) / denom
        if wd != 0.0 and not c["weight_decouple"]:
            params /= 1.0 + lr * wd
        np.negative(grad, out=state["previous_grad"])


class ADOPT(Optimizer):
    r"""ADOPT: normalise the gradient by the *previous* second moment, then take momentum.

    .. math::
        v_1 &= g_1^2 \quad (\text{no parameter update at } t = 1) \\
        \hat g_t &= \operatorname{clip}\bigl(g_t / \max(\sqrt{v_{t-1}}, \epsilon),
            -t^{1/4}, t^{1/4}\bigr) \\
        m_t &= \beta_1 m_{t-1} + (1-\beta_1)\hat g_t, \quad \theta_t = \theta_{t-1} - \gamma m_t \\
        v_t &= \beta_2 v_{t-1} + (1-\beta_2) g_t^2

    Converges with any ``beta2`` (unlike Adam).  The clipping bound ``t^{1/4}`` is the
    reference's default ``clip_lambda``.

    Defaults: lr=1e-3, beta1=0.9, beta2=0.9999, weight_decay=0, weight_decouple=False,
    fixed_decay=False, eps=1e-6.
    Reference: ``pytorch_optimizer.ADOPT``; Taniguchi et al., "ADOPT: Modified Adam Can
    Converge with Any β₂ with the Optimal Rate", NeurIPS 2024.
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        _beta1(),
        _beta2(0.9999),
        weight_decay_param(),
        _decouple(False),
        FIXED_DECAY,
        eps_param(1e-6, "lower bound of the denominator"),
    )

    def init_state(self, params: np.ndarray) -> State:
        return {"exp_avg": np.zeros_like(params), "exp_avg_sq": np.zeros_like(params)}

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state["step"]
        grad = _weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        if step == 1:
            exp_avg_sq += 1.0 * grad * grad
            return
        denom = np.maximum(np.sqrt(exp_avg_sq), c["eps"])
        normed_grad = grad / denom
        clip = math.pow(step, 0.25)
        np.clip(normed_grad, -clip, clip, out=normed_grad)
        lerp_(exp_avg, normed_grad, 1.0 - beta1)
        params += -lr * exp_avg
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad


class MADGRAD(Optimizer):
    r"""MADGRAD: momentumized, adaptive, dual-averaged gradient descent.

    .. math::
        \lambda_t &= (\gamma + \epsilon)\sqrt{t}, \quad
        s_t = s_{t-1} + \lambda_t g_t, \quad \nu_t = \nu_{t-1} + \lambda_t g_t^2 \\
        z_t &= \theta_0 - \frac{s_t}{\nu_t^{1/3} + \epsilon} \\
        \theta_t &= \beta\,\theta_{t-1} + (1-\beta)\, z_t

    (``momentum=0``: ``θ_t = z_t`` with ``θ₀`` replaced by ``θ_{t-1} + s_{t-1}/(ν_{t-1}^{1/3}+ε)``.)
    Decoupled decay subtracts ``(γ+ε)λθ_{t-1}`` after the step.

    Defaults: lr=1e-3, momentum=0.9, weight_decay=0, weight_decouple=False, eps=1e-6.
    Reference: ``pytorch_optimizer.MADGRAD``; Defazio & Jelassi, "Adaptivity without
    Compromise: A Momentumized, Adaptive, Dual Averaged Gradient Method for Stochastic
    Optimization", JMLR 2022 (arXiv:2101.11075).
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        MOMENTUM_01,
        weight_decay_param(),
        _decouple(False),
        eps_param(1e-6),
    )

    def init_state(self, params: np.ndarray) -> State:
        state: State = {"grad_sum_sq": np.zeros_like(params), "s": np.zeros_like(params)}
        if self.config["momentum"] > 0.0:
            state["x0"] = np.array(params, dtype=np.float64, copy=True)
        return state

    def _rms(self, grad_sum_sq: np.ndarray) -> np.ndarray:
        eps = self.config["eps"]
        rms = np.power(grad_sum_sq, 1.0 / 3.0)
        rms += eps
        if eps == 0.0:
            rms[rms == 0] = np.inf
        return rms

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        wd, momentum, eps = c["weight_decay"], c["momentum"], c["eps"]
        lr = lr + eps if lr != 0.0 else 0.0
        lam = lr * math.pow(state["step"], 0.5)
        grad_sum_sq, s = state["grad_sum_sq"], state["s"]
        if wd > 0.0 and not c["weight_decouple"]:
            grad = grad + wd * params
        if momentum == 0.0:
            x0 = params + (1.0 * s) / self._rms(grad_sum_sq)
        else:
            x0 = state["x0"]
        grad_sum_sq += (lam * grad) * grad
        rms = self._rms(grad_sum_sq)
        s += lam * grad
        p_old = params.copy() if wd > 0.0 and c["weight_decouple"] else None
        if momentum == 0.0:
            params[...] = x0 + (-1.0 * s) / rms
        else:
            lerp_(params, x0 + (-1.0 * s) / rms, 1.0 - momentum)
        if p_old is not None:
            params += (-lr * wd) * p_old


class AdEMAMix(Optimizer):
    r"""AdEMAMix: Adam plus a second, very slow momentum mixed in with weight α.

    .. math::
        m^{(1)}_t &= \beta_1 m^{(1)}_{t-1} + (1-\beta_1) g_t, \quad
        m^{(2)}_t = \beta_3 m^{(2)}_{t-1} + (1-\beta_3) g_t \\
        v_t &= \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\
        \theta_t &= \theta_{t-1} - \gamma\,
            \frac{m^{(1)}_t/(1-\beta_1^t) + \alpha\, m^{(2)}_t}
                 {\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon}

    With ``t_alpha_beta3 = T > 0`` α and β₃ warm up over ``T`` steps:
    ``α_t = min(tα/T, α)`` and
    ``β₃(t) = min(exp(ln β₁ ln β₃ / ((1-t/T) ln β₃ + (t/T) ln β₁)), β₃)``.
    ``t_alpha_beta3 = 0`` means "no warm-up" (the reference's ``None``).

    Defaults: lr=1e-3, beta1=0.9, beta2=0.999, beta3=0.9999, weight_decay=0,
    weight_decouple=False, fixed_decay=False, alpha=5, t_alpha_beta3=0 (off), eps=1e-8.
    Reference: ``pytorch_optimizer.AdEMAMix``; Pagliardini, Ablin & Grangier, "The
    AdEMAMix Optimizer: Better, Faster, Older", arXiv:2409.03483 (2024).
    """

    elementwise = True
    hparams = (
        lr_param(1e-3),
        _beta1(),
        _beta2(),
        HParam("beta3", 0.9999, "decay rate of the slow momentum", low=0.0, high=1.0),
        weight_decay_param(),
        _decouple(False),
        FIXED_DECAY,
        HParam("alpha", 5.0, "weight α of the slow momentum", low=0.0),
        HParam("t_alpha_beta3", 0.0, "warm-up steps of α and β3 (0 = no warm-up)", low=0.0),
        eps_param(1e-8),
    )

    def check(self, config: Mapping[str, Number]) -> None:
        if config["t_alpha_beta3"] > 0 and (config["beta1"] <= 0 or config["beta3"] <= 0):
            raise ValueError(msg("t_alpha_beta3 > 0 needs beta1 > 0 and beta3 > 0 (their "
                                 "logarithms are used), got beta1={beta1}, beta3={beta3}",
                                 beta1=config["beta1"], beta3=config["beta3"]))

    def init_state(self, params: np.ndarray) -> State:
        return {
            "exp_avg": np.zeros_like(params),
            "exp_avg_sq": np.zeros_like(params),
            "exp_avg_slow": np.zeros_like(params),
        }

    def describe_state(self, state: State) -> dict:
        out = super().describe_state(state)
        out["alpha_t"], out["beta3_t"] = self.schedules(max(state["step"], 1))
        return out

    def schedules(self, step: int) -> tuple[float, float]:
        """``(alpha_t, beta3_t)`` at ``step`` (``AdEMAMix.schedule_alpha``/``schedule_beta3``)."""
        c = self.config
        alpha, beta1, beta3, t = c["alpha"], c["beta1"], c["beta3"], c["t_alpha_beta3"]
        if t == 0:
            return alpha, beta3
        alpha_t = min(step * alpha / t, alpha)
        log_beta1, log_beta3 = math.log(beta1), math.log(beta3)
        beta3_t = min(
            math.exp(
                log_beta1 * log_beta3 / ((1.0 - step / t) * log_beta3 + (step / t) * log_beta1)
            ),
            beta3,
        )
        return alpha_t, beta3_t

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state["step"]
        bias_correction1 = _debias(beta1, step)
        bias_correction2_sq = math.sqrt(_debias(beta2, step))
        alpha_t, beta3_t = self.schedules(step)
        grad = _weight_decay(
            params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"]
        )
        exp_avg, exp_avg_sq, exp_avg_slow = (
            state["exp_avg"], state["exp_avg_sq"], state["exp_avg_slow"]
        )
        lerp_(exp_avg, grad, 1.0 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad
        lerp_(exp_avg_slow, grad, 1.0 - beta3_t)
        denom = np.sqrt(exp_avg_sq)
        denom /= bias_correction2_sq
        denom += c["eps"]
        update = exp_avg / bias_correction1
        update += alpha_t * exp_avg_slow
        params += (-lr * update) / denom


class LaProp(Optimizer):
    r"""LaProp: momentum of the RMS-normalised gradient (Adam with the order swapped).

    .. math::
        v_t &= \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\
        m_t &= \beta_1 m_{t-1} + (1-\beta_1)\gamma\,
            \frac{g_t}{(\sqrt{v_t + 10^{-15}} + \epsilon)/\sqrt{1-\beta_2^t}} \\
        \theta_t &= \theta_{t-1} - m_t / c_t, \quad
            c_t = \beta_1 c_{t-1} + (1-\beta_1)\gamma_t \ \text{(divided by } \gamma_t)

    ``c_t`` is the bias correction of a learning rate that may change every step.  With
    ``centered`` the squared mean of ``g`` is subtracted from ``v`` after
    ``steps_before_using_centered`` steps.  Weight decay comes after the step; in the
    reference the coupled form (``weight_decouple=False``) adds ``λθ`` to a gradient that
    is no longer used, so it has no effect -- reproduced as is.

    Defaults: lr=4e-4, beta1=0.9, beta2=0.999, centered=False,
    steps_before_using_centered=10, weight_decay=0, weight_decouple=True,
    fixed_decay=False, ams_bound=False, eps=1e-15.
    Reference: ``pytorch_optimizer.LaProp``; Ziyin et al., "LaProp: Separating Momentum
    and Adaptivity in Adam", arXiv:2002.04839 (2020).
    """

    hparams = (
        lr_param(4e-4),
        _beta1(),
        _beta2(),
        _bool("centered", False, "subtract the squared gradient mean from the second moment"),
        HParam("steps_before_using_centered", 10, "steps to average before centering",
               kind="int", low=0),
        weight_decay_param(),
        _decouple(True),
        FIXED_DECAY,
        AMS_BOUND,
        eps_param(1e-15),
    )

    def init_state(self, params: np.ndarray) -> State:
        state: State = {
            "exp_avg": np.zeros_like(params),
            "exp_avg_sq": np.zeros_like(params),
            "exp_avg_lr_1": 0.0,
            "exp_avg_lr_2": 0.0,
        }
        if self.config["centered"]:
            state["exp_mean_avg_beta2"] = np.zeros_like(params)
        if self.config["ams_bound"]:
            state["max_exp_avg_sq"] = np.zeros_like(params)
        return state

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2, step = c["beta1"], c["beta2"], state["step"]
        bias_correction2_sq = math.sqrt(_debias(beta2, step))
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad
        state["exp_avg_lr_1"] = state["exp_avg_lr_1"] * beta1 + (1.0 - beta1) * lr
        state["exp_avg_lr_2"] = state["exp_avg_lr_2"] * beta2 + (1.0 - beta2)
        bias_correction1 = state["exp_avg_lr_1"] / lr if lr != 0.0 else 1.0
        step_size = 1.0 / bias_correction1
        second_moment = exp_avg_sq
        if c["centered"]:
            mean = state["exp_mean_avg_beta2"]
            lerp_(mean, grad, 1.0 - beta2)
            if step > c["steps_before_using_centered"]:
                second_moment = exp_avg_sq - mean * mean
        denom = _ams_denominator(
            c["ams_bound"], second_moment, state.get("max_exp_avg_sq"), c["eps"]
        )
        denom /= bias_correction2_sq
        exp_avg *= beta1
        exp_avg += ((1.0 - beta1) * lr * grad) / denom
        params += -step_size * exp_avg
        _weight_decay(params, grad, lr, c["weight_decay"], c["weight_decouple"], c["fixed_decay"])


class _ScheduleFree(Optimizer):
    """Shared bookkeeping of the schedule-free optimizers (train mode: ``params`` is y)."""

    #: config key of the interpolation coefficient β between z and x
    beta_key = "momentum"

    def init_state(self, params: np.ndarray) -> State:
        return {
            "z": np.array(params, dtype=np.float64, copy=True),
            "lr_max": -1.0,
            "weight_sum": 0.0,
            "checkpoint": 0.0,
        }

    def _averaging(self, state: State, lr: float) -> tuple[float, float]:
        """Warm-up, ``lr_max`` and the averaging weight: returns ``(lr_t, c_t)``."""
        c = self.config
        step, warmup_steps = state["step"], c["warmup_steps"]
        schedule = step / warmup_steps if step < warmup_steps else 1.0
        lr = lr * schedule
        lr_max = state["lr_max"] = max(lr, state["lr_max"])
        weight = (step ** c["r"]) * (lr_max ** c["weight_lr_power"])
        weight_sum = state["weight_sum"] = state["weight_sum"] + weight
        checkpoint = weight / weight_sum if weight_sum != 0.0 else 0.0
        return lr, checkpoint

    def _step(self, params, grad, state, lr, checkpoint) -> None:
        beta = self.config[self.beta_key]
        state["checkpoint"] = checkpoint
        if self.config["weight_decay"] > 0.0:
            grad = grad + self.config["weight_decay"] * params
        lerp_(params, state["z"], checkpoint)
        params += (lr * (beta * (1.0 - checkpoint) - 1)) * grad
        state["z"] += -lr * grad

    def eval_params(self, params: np.ndarray, state: State) -> np.ndarray:
        """The averaged iterate x, which the reference puts in the parameters in eval mode."""
        return _lerp(params, state["z"], 1.0 - 1.0 / self.config[self.beta_key])


_SF_HPARAMS = (
    HParam("r", 0.0, "exponent of the polynomial step weighting of the average", low=0.0),
    HParam("weight_lr_power", 2.0, "exponent of the max learning rate in the averaging weight",
           low=0.0),
    HParam("warmup_steps", 0, "steps of linear learning-rate warm-up", kind="int", low=0),
)


class ScheduleFreeSGD(_ScheduleFree):
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

    def update(self, params, grad, state, lr, hessian) -> None:
        lr, checkpoint = self._averaging(state, lr)
        self._step(params, grad, state, lr, checkpoint)


class ScheduleFreeAdamW(_ScheduleFree):
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
        _beta2(),
        weight_decay_param(),
        *_SF_HPARAMS,
        HParam("decoupling_c", 0.0, "scale of the averaging weight (0 = standard averaging)",
               low=0.0),
        AMS_BOUND,
        eps_param(1e-8),
    )

    def init_state(self, params: np.ndarray) -> State:
        state = super().init_state(params)
        state["exp_avg_sq"] = np.zeros_like(params)
        if self.config["ams_bound"]:
            state["max_exp_avg_sq"] = np.zeros_like(params)
        return state

    def update(self, params, grad, state, lr, hessian) -> None:
        c = self.config
        beta1, beta2 = c["beta1"], c["beta2"]
        bias_correction2 = _debias(beta2, state["step"])
        lr, checkpoint = self._averaging(state, lr)
        if c["decoupling_c"] > 0:
            checkpoint = min(1.0, checkpoint * (1.0 - beta1) * c["decoupling_c"])
        exp_avg_sq = state["exp_avg_sq"]
        exp_avg_sq *= beta2
        exp_avg_sq += ((1.0 - beta2) * grad) * grad
        denom = _ams_denominator(
            c["ams_bound"], exp_avg_sq / bias_correction2, state.get("max_exp_avg_sq"), c["eps"]
        )
        self._step(params, grad / denom, state, lr, checkpoint)


_P = "pytorch_optimizer."

SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        "lion", "Lion", Lion, _P + "Lion",
        "Chen et al., NeurIPS 2023 (arXiv:2302.06675)",
        "Moves every coordinate by the same amount, in the direction of the sign of a "
        "momentum, which makes it cheap and robust to gradient scale.",
    ),
    OptimizerSpec(
        "signsgd", "signSGD", SignSGD, _P + "SignSGD",
        "Bernstein et al., ICML 2018",
        "Steps by the sign of the (averaged) gradient only, ignoring its size.",
    ),
    OptimizerSpec(
        "yogi", "Yogi", Yogi, _P + "Yogi", "Zaheer et al., NeurIPS 2018",
        "Adam whose squared-gradient memory changes by small additive steps, so the step "
        "size cannot blow up suddenly.",
    ),
    OptimizerSpec(
        "adabelief", "AdaBelief", AdaBelief, _P + "AdaBelief", "Zhuang et al., NeurIPS 2020",
        "Adam that divides by how far the gradient strays from its running mean: big "
        "steps when the gradient is predictable, small ones when it is not.",
    ),
    OptimizerSpec(
        "adabound", "AdaBound", AdaBound, _P + "AdaBound", "Luo et al., ICLR 2019",
        "Starts like Adam and smoothly turns into SGD by clipping each step size into a "
        "band that narrows over time.",
    ),
    OptimizerSpec(
        "swats", "SWATS", SWATS, _P + "SWATS", "Keskar & Socher, arXiv:1712.07628",
        "Runs Adam until its steps look like those of SGD with a fixed rate, then switches "
        "to SGD with that rate.",
    ),
    OptimizerSpec(
        "qhm", "QHM", QHM, _P + "QHM", "Ma & Yarats, ICLR 2019",
        "Steps along a weighted average of the current gradient and the momentum.",
    ),
    OptimizerSpec(
        "qhadam", "QHAdam", QHAdam, _P + "QHAdam", "Ma & Yarats, ICLR 2019",
        "Adam whose numerator and denominator each mix the running average with the "
        "current gradient.",
    ),
    OptimizerSpec(
        "adan", "Adan", Adan, _P + "Adan", "Xie et al., IEEE TPAMI 2024 (arXiv:2208.06677)",
        "Adam with an extra momentum of gradient differences, a cheap look-ahead like "
        "Nesterov's.",
    ),
    OptimizerSpec(
        "adopt", "ADOPT", ADOPT, _P + "ADOPT", "Taniguchi et al., NeurIPS 2024",
        "Adam that normalises the gradient by the previous step's second moment before "
        "averaging it, which makes it converge for any beta2.",
    ),
    OptimizerSpec(
        "madgrad", "MADGRAD", MADGRAD, _P + "MADGRAD", "Defazio & Jelassi, JMLR 2022",
        "Dual averaging: jumps from the starting point along the weighted sum of all past "
        "gradients, scaled by a cube-root preconditioner.",
    ),
    OptimizerSpec(
        "ademamix", "AdEMAMix", AdEMAMix, _P + "AdEMAMix",
        "Pagliardini, Ablin & Grangier, arXiv:2409.03483",
        "Adam plus a second, very slow momentum that remembers gradients from thousands "
        "of steps ago.",
    ),
    OptimizerSpec(
        "laprop", "LaProp", LaProp, _P + "LaProp", "Ziyin et al., arXiv:2002.04839",
        "Adam with the order swapped: each gradient is normalised first, then averaged "
        "into the momentum.",
    ),
    OptimizerSpec(
        "schedulefree_sgd", "Schedule-Free SGD", ScheduleFreeSGD, _P + "ScheduleFreeSGD",
        "Defazio et al., NeurIPS 2024",
        "SGD that averages its own iterates on the fly, so no learning-rate schedule is "
        "needed; gradients are taken between the fast and the averaged point.",
    ),
    OptimizerSpec(
        "schedulefree_adamw", "Schedule-Free AdamW", ScheduleFreeAdamW,
        _P + "ScheduleFreeAdamW", "Defazio et al., NeurIPS 2024",
        "AdamW without a learning-rate schedule: it averages its iterates on the fly and "
        "takes gradients between the fast and the averaged point.",
    ),
)
