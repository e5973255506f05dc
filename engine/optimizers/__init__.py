"""Optimizers: one implementation each, shared by the race, the MNIST panel and the CLI.

One module per optimizer (or small family, such as Adam with AMSGrad and AdamW)
holds its update rule, its typed state, its registry entries and the texts that
explain it.  The registry (:data:`REGISTRY`) maps a name to an
:class:`OptimizerSpec`: the update-rule class, the variant's defaults, the
reference implementation, the paper, a one-line summary and an explanation.  The
GUI forms and the CLI ``name:key=value`` specs are generated from it.

- :mod:`~engine.optimizers.hparams`: hyper-parameter specs and their validation;
- :mod:`~engine.optimizers.state`: the typed state, its caches and copies;
- :mod:`~engine.optimizers.base`: the protocol (``init``, ``step``, ``update``);
- :mod:`~engine.optimizers.registry`: the registry and the ``name:key=value`` specs;
- :mod:`~engine.optimizers.shared`: helpers of the reference implementations.
"""

from __future__ import annotations

from engine.optimizers import (
    adabelief,
    adabound,
    adadelta,
    adagrad,
    adam,
    adamax,
    adan,
    ademamix,
    adopt,
    laprop,
    lion,
    madgrad,
    nadam,
    newton,
    qhm,
    radam,
    rmsprop,
    rprop,
    schedulefree,
    sgd,
    signsgd,
    swats,
    yogi,
)
from engine.optimizers.base import Optimizer, OptimizerState, State, copy_state
from engine.optimizers.hparams import HParam
from engine.optimizers.registry import (
    REGISTRY,
    OptimizerSpec,
    create,
    create_from_spec,
    get_spec,
    parse_spec,
    register,
    spec_string,
)

__all__ = [
    "REGISTRY",
    "HParam",
    "Optimizer",
    "OptimizerSpec",
    "OptimizerState",
    "State",
    "copy_state",
    "create",
    "create_from_spec",
    "get_spec",
    "optimizer_names",
    "parse_spec",
    "register",
    "spec_string",
]

# Display order: torch.optim first, then pytorch-optimizer, then second order.
for _module in (
    sgd, adagrad, rmsprop, adadelta, adam, nadam, radam, adamax, rprop,
    lion, signsgd, yogi, adabelief, adabound, swats, qhm, adan, adopt, madgrad, ademamix,
    laprop, schedulefree,
    newton,
):
    for _spec in _module.SPECS:
        register(_spec)


def optimizer_names(*, first_order_only: bool = False) -> list[str]:
    """Registered names in display order (``first_order_only`` drops Newton)."""
    return [
        name
        for name, spec in REGISTRY.items()
        if not (first_order_only and spec.needs_hessian)
    ]
