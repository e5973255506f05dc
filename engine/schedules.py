"""Learning-rate schedules that apply to any optimizer.

A schedule maps the step number to a learning rate, with the semantics of
``torch.optim.lr_scheduler`` when ``scheduler.step()`` is called after every
``optimizer.step()``: update ``t`` (1-based) uses the rate of scheduler epoch
``t - 1``.

=========  =====================================================================
kind       rate at scheduler epoch ``k``
=========  =====================================================================
constant   ``lr``
step       ``lr * gamma ** (k // step_size)``                  (``StepLR``)
cosine     ``eta_min + (lr - eta_min) (1 + cos(pi k / t_max)) / 2`` (``CosineAnnealingLR``,
           closed form, held at ``eta_min`` after ``t_max``)
warmup     ``lr * (start_factor + (1 - start_factor) min(k, warmup_steps) / warmup_steps)``
           (``LinearLR`` with ``end_factor = 1``)
=========  =====================================================================
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from engine.checks import clip, describe
from engine.messages import msg
from engine.optimizers.base import HParam

SCHEDULE_PARAMS: dict[str, tuple[HParam, ...]] = {
    "constant": (),
    "step": (
        HParam("step_size", 10, "steps between two decays", kind="int", low=1),
        HParam("gamma", 0.5, "multiplicative decay factor", low=0.0, high=1.0),
    ),
    "cosine": (
        HParam("t_max", 100, "steps of one half cosine period", kind="int", low=1),
        HParam("eta_min", 0.0, "final learning rate", low=0.0),
    ),
    "warmup": (
        HParam("warmup_steps", 10, "steps of linear warm-up", kind="int", low=1),
        HParam("start_factor", 0.1, "fraction of lr at the first step", low=0.0, high=1.0,
               low_open=True),
    ),
}

SCHEDULE_HELP = {
    "constant": "the same learning rate at every step",
    "step": "multiply the learning rate by gamma every step_size steps",
    "cosine": "cosine annealing from lr down to eta_min over t_max steps",
    "warmup": "ramp the learning rate linearly from start_factor * lr up to lr",
}


@dataclass(frozen=True)
class Schedule:
    """A validated learning-rate schedule (``kind`` plus its parameters)."""

    kind: str = "constant"
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str):
            raise ValueError(msg("schedule kind must be text, got {value}",
                                 value=describe(self.kind)))
        if self.kind not in SCHEDULE_PARAMS:
            raise ValueError(
                msg("unknown schedule '{kind}'; known: {known}", kind=clip(self.kind),
                    known=', '.join(SCHEDULE_PARAMS))
            )
        if not isinstance(self.params, dict):
            raise ValueError(msg("schedule params must be an object, got {value}",
                                 value=describe(self.params)))
        table = {p.name: p for p in SCHEDULE_PARAMS[self.kind]}
        unknown = sorted((describe(k) for k in self.params if not isinstance(k, str)),
                         key=str) or sorted(set(self.params) - set(table))
        if unknown:
            known = ", ".join(table) or "none"
            raise ValueError(
                msg("unknown parameter '{key}' for schedule {kind}; known: {known}",
                    key=clip(unknown[0]), kind=self.kind, known=known)
            )
        values = {name: p.default for name, p in table.items()}
        values.update({k: table[k].validate(v) for k, v in self.params.items()})
        object.__setattr__(self, "params", values)

    def lr(self, base_lr: float, step: int) -> float:
        """Learning rate for update number ``step`` (1-based)."""
        k = max(step - 1, 0)
        p = self.params
        if self.kind == "step":
            return base_lr * p["gamma"] ** (k // p["step_size"])
        if self.kind == "cosine":
            k = min(k, p["t_max"])
            return p["eta_min"] + (base_lr - p["eta_min"]) * (
                1 + math.cos(math.pi * k / p["t_max"])
            ) / 2
        if self.kind == "warmup":
            frac = min(k, p["warmup_steps"]) / p["warmup_steps"]
            return base_lr * (p["start_factor"] + (1 - p["start_factor"]) * frac)
        return base_lr

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Any) -> Schedule:
        """A schedule from parsed JSON (``None`` is constant); ``ValueError`` if wrong."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError(msg("schedule must be an object, got {value}", value=describe(data)))
        params = data.get("params")
        return cls(data.get("kind", "constant"), {} if params is None else params)

    @classmethod
    def parse(cls, text: str) -> Schedule:
        """``"cosine"`` or ``"cosine:t_max=50,eta_min=0.001"``."""
        kind, _, rest = text.strip().partition(":")
        params: dict[str, str] = {}
        if rest.strip():
            for item in rest.split(","):
                key, eq, raw = item.partition("=")
                if not eq or not key.strip():
                    raise ValueError(msg("expected key=value in schedule '{text}', got '{item}'",
                                         text=text, item=item))
                if key.strip() in params:
                    raise ValueError(msg("{key} is given twice in schedule '{text}'",
                                         key=key.strip(), text=text))
                params[key.strip()] = raw.strip()
        return cls(kind.strip(), params)

    def __str__(self) -> str:
        if self.kind == "constant":
            return "constant"
        return self.kind + ":" + ",".join(f"{k}={v}" for k, v in self.params.items())
