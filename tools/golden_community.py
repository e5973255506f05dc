"""Reference builders for the pytorch-optimizer 4.1.0 optimizers (``engine/optimizers/``).

Imported by ``tools/make_golden.py``:

* ``REFERENCE[name](params, values)`` builds the reference optimizer from the
  engine's values (all hyper-parameters, defaults filled in);
* ``PREPARE[name](opt)`` runs before the first step;
* ``VARIANTS[name]`` lists extra hyper-parameter sets that exercise the branches.

The references run their per-parameter kernel (``foreach=False``), which is the one
the engine's modules reproduce; on CPU the default (``foreach=None``) picks the
batched kernel, which differs from it only by rounding -- except LaProp, whose
batched kernel rounds the step size to float32.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytorch_optimizer as po

Values = dict[str, Any]


def _convert(values: Values) -> Values:
    """Engine values -> reference kwargs: fold betas/nus, map t_alpha_beta3 0 -> None."""
    out = dict(values)
    betas = tuple(out.pop(f"beta{i}") for i in (1, 2, 3) if f"beta{i}" in out)
    if betas:
        out["betas"] = betas
    if "nu1" in out:
        out["nus"] = (out.pop("nu1"), out.pop("nu2"))
    if "t_alpha_beta3" in out and out["t_alpha_beta3"] == 0:
        out["t_alpha_beta3"] = None
    out["foreach"] = False
    return out


def _ref(cls: type) -> Callable:
    return lambda params, values: cls(params, **_convert(values))


def _train(opt: Any) -> None:
    opt.train()


REFERENCE: dict[str, Callable] = {
    "lion": _ref(po.Lion),
    "signsgd": _ref(po.SignSGD),
    "yogi": _ref(po.Yogi),
    "adabelief": _ref(po.AdaBelief),
    "adabound": _ref(po.AdaBound),
    "swats": _ref(po.SWATS),
    "qhm": _ref(po.QHM),
    "qhadam": _ref(po.QHAdam),
    "adan": _ref(po.Adan),
    "adopt": _ref(po.ADOPT),
    "madgrad": _ref(po.MADGRAD),
    "ademamix": _ref(po.AdEMAMix),
    "laprop": _ref(po.LaProp),
    "schedulefree_sgd": _ref(po.ScheduleFreeSGD),
    "schedulefree_adamw": _ref(po.ScheduleFreeAdamW),
}

PREPARE: dict[str, Callable] = {
    "schedulefree_sgd": _train,
    "schedulefree_adamw": _train,
}

VARIANTS: dict[str, list[Values]] = {
    "lion": [
        {"weight_decay": 0.1},
        {"weight_decay": 0.1, "weight_decouple": False, "beta1": 0.5},
        {"weight_decay": 0.01, "fixed_decay": True, "beta2": 0.9},
    ],
    "signsgd": [
        {"momentum": 0.0},
        {"weight_decay": 0.1, "weight_decouple": False},
        {"weight_decay": 0.1, "momentum": 0.5},
    ],
    "yogi": [
        {"initial_accumulator": 0.1, "weight_decay": 0.05, "weight_decouple": False},
        {"beta1": 0.5, "eps": 1e-6, "weight_decay": 0.05, "fixed_decay": True},
    ],
    "adabelief": [
        {"rectify": True},
        {"ams_bound": True, "weight_decay": 0.05, "weight_decouple": False},
        {"rectify": True, "degenerated_to_sgd": False, "n_sma_threshold": 8, "ams_bound": True,
         "weight_decay": 0.05},
    ],
    "adabound": [
        {"ams_bound": True},
        {"weight_decay": 0.05, "weight_decouple": False, "final_lr": 0.01, "gamma": 0.01},
    ],
    "swats": [  # eps=0.01 makes the switch to SGD happen within 200 steps
        {"eps": 0.01},
        {"eps": 0.01, "beta2": 0.99, "nesterov": True, "weight_decay": 0.01,
         "weight_decouple": True},
        {"ams_bound": True, "weight_decay": 0.01},
    ],
    "qhm": [
        {"momentum": 0.9, "nu": 0.7},
        {"momentum": 0.5, "nu": 0.3, "weight_decay": 0.1, "weight_decouple": True},
        {"momentum": 0.9, "weight_decay": 0.1},
    ],
    "qhadam": [
        {"nu1": 0.7, "nu2": 0.9},
        {"nu1": 0.5, "weight_decay": 0.05, "weight_decouple": True, "fixed_decay": True},
        {"beta1": 0.8, "beta2": 0.95, "weight_decay": 0.05},
    ],
    "adan": [
        {"weight_decay": 0.05},
        {"weight_decay": 0.05, "weight_decouple": True},
        {"max_grad_norm": 1.0},
    ],
    "adopt": [
        {"beta2": 0.99},
        {"weight_decay": 0.05, "weight_decouple": True},
        {"weight_decay": 0.05, "beta1": 0.5},
    ],
    "madgrad": [  # its step grows like sqrt(t): a small lr keeps 200 steps stable
        {"momentum": 0.0, "lr": 0.01},
        {"weight_decay": 0.05},
        {"weight_decay": 0.05, "weight_decouple": True, "momentum": 0.5, "lr": 0.01},
    ],
    "ademamix": [
        {"t_alpha_beta3": 50.0},
        {"alpha": 2.0, "weight_decay": 0.05, "weight_decouple": True},
        {"beta3": 0.99, "weight_decay": 0.05},
    ],
    "laprop": [
        {"centered": True},
        {"ams_bound": True, "weight_decay": 0.05},
        {"centered": True, "steps_before_using_centered": 3, "ams_bound": True,
         "weight_decay": 0.05, "weight_decouple": False},
    ],
    "schedulefree_sgd": [
        {"warmup_steps": 20, "momentum": 0.5},
        {"weight_decay": 0.05, "r": 1.0, "weight_lr_power": 0.0},
    ],
    "schedulefree_adamw": [
        {"warmup_steps": 20},
        {"ams_bound": True, "weight_decay": 0.05, "r": 1.0},
        {"decoupling_c": 5.0, "beta1": 0.8},
    ],
}
