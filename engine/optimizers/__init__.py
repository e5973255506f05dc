"""Optimizers: one implementation each, shared by the race, the MNIST panel and the CLI.

The registry (:data:`REGISTRY`) maps a name to an :class:`OptimizerSpec`: the
update-rule class, the variant's defaults, the reference implementation and the
paper.  The GUI forms and the CLI ``name:key=value`` specs are generated from it.
"""

from __future__ import annotations

from engine.optimizers import classic, community
from engine.optimizers.base import (
    REGISTRY,
    HParam,
    Optimizer,
    OptimizerSpec,
    State,
    copy_state,
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

_T = "torch.optim."
for _spec in (
    OptimizerSpec(
        "sgd", "SGD", classic.SGD, _T + "SGD", "Robbins & Monro (1951)",
        "Plain gradient descent: a step against the gradient, scaled by the learning rate.",
    ),
    OptimizerSpec(
        "momentum", "Momentum", classic.SGD, _T + "SGD(momentum=0.9)", "Polyak (1964)",
        "Heavy ball: accumulates a velocity, so it speeds up along consistent directions "
        "and damps zig-zags.",
        defaults={"momentum": 0.9},
    ),
    OptimizerSpec(
        "nesterov", "Nesterov", classic.SGD, _T + "SGD(momentum=0.9, nesterov=True)",
        "Nesterov (1983); Sutskever et al., ICML 2013",
        "Momentum that looks ahead: the gradient is corrected by the velocity it is about "
        "to apply.",
        defaults={"momentum": 0.9, "nesterov": True},
    ),
    OptimizerSpec(
        "adagrad", "AdaGrad", classic.Adagrad, _T + "Adagrad",
        "Duchi, Hazan & Singer, JMLR 2011",
        "Per-coordinate steps shrink with the total squared gradient: big early, ever smaller.",
    ),
    OptimizerSpec(
        "rmsprop", "RMSprop", classic.RMSprop, _T + "RMSprop", "Hinton, lecture 6e (2012)",
        "Divides by a running RMS of recent gradients, so the step size adapts per "
        "coordinate without shrinking forever.",
    ),
    OptimizerSpec(
        "adadelta", "Adadelta", classic.Adadelta, _T + "Adadelta", "Zeiler, arXiv:1212.5701",
        "Units-correct RMSprop: the step is the ratio of running RMS of past steps and "
        "gradients.",
    ),
    OptimizerSpec(
        "adam", "Adam", classic.Adam, _T + "Adam", "Kingma & Ba, ICLR 2015",
        "Momentum plus RMSprop with bias correction: the default choice of deep learning.",
    ),
    OptimizerSpec(
        "adamw", "AdamW", classic.AdamW, _T + "AdamW", "Loshchilov & Hutter, ICLR 2019",
        "Adam with weight decay applied to the weights directly, not through the gradient.",
    ),
    OptimizerSpec(
        "amsgrad", "AMSGrad", classic.Adam, _T + "Adam(amsgrad=True)",
        "Reddi, Kale & Kumar, ICLR 2018",
        "Adam that never lets its second-moment estimate shrink, which restores convergence.",
        defaults={"amsgrad": True},
    ),
    OptimizerSpec(
        "nadam", "NAdam", classic.NAdam, _T + "NAdam", "Dozat, ICLR 2016 workshop",
        "Adam with Nesterov momentum.",
    ),
    OptimizerSpec(
        "radam", "RAdam", classic.RAdam, _T + "RAdam", "Liu et al., ICLR 2020",
        "Adam whose adaptive step is switched on only once its variance estimate is reliable.",
    ),
    OptimizerSpec(
        "adamax", "Adamax", classic.Adamax, _T + "Adamax", "Kingma & Ba, ICLR 2015",
        "Adam with the infinity norm instead of the second moment.",
    ),
    OptimizerSpec(
        "rprop", "Rprop", classic.Rprop, _T + "Rprop", "Riedmiller & Braun, ICNN 1993",
        "Uses only the sign of the gradient; each coordinate's step grows while the sign "
        "holds and halves when it flips.",
    ),
):
    register(_spec)

for _spec in community.SPECS:
    register(_spec)

register(
    OptimizerSpec(
        "newton", "Newton", classic.Newton, "(exact Hessian; no torch.optim equivalent)",
        "Newton (1669); Levenberg (1944) for the damping",
        "Second order: solves the local quadratic model exactly. One step on a quadratic, "
        "but attracted by saddles and maxima too.",
        family="second-order",
    )
)


def optimizer_names(*, first_order_only: bool = False) -> list[str]:
    """Registered names in display order (``first_order_only`` drops Newton)."""
    return [
        name
        for name, spec in REGISTRY.items()
        if not (first_order_only and spec.needs_hessian)
    ]
