"""Hyper-parameter specs: name, default, valid range and help, validated at the boundary.

The GUI forms and the CLI ``name:key=value`` specs are generated from these tables.
"""

from __future__ import annotations

import math
from dataclasses import KW_ONLY, dataclass
from typing import Any

import numpy as np

from engine.checks import clip, describe
from engine.messages import msg

Number = float | int | bool


@dataclass(frozen=True)
class HParam:
    """One hyper-parameter: its name, default, valid range and a one-line help.

    ``low``/``high`` bound the valid range; ``low_open``/``high_open`` say
    whether the bound itself is excluded.  ``log`` asks the GUI for a log-scale
    control (learning rates, epsilons).
    """

    name: str
    default: Number
    help: str
    _: KW_ONLY
    kind: str = "float"  # "float", "int" or "bool"
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    log: bool = False

    def range_text(self) -> str:
        """The valid range in interval notation, e.g. ``[0, 1)``."""
        if self.kind == "bool":
            return "true or false"
        lo = "-inf" if self.low is None else _fmt(self.low)
        hi = "inf" if self.high is None else _fmt(self.high)
        left = "(" if (self.low_open or self.low is None) else "["
        right = ")" if (self.high_open or self.high is None) else "]"
        return f"{left}{lo}, {hi}{right}"

    def validate(self, value: Any) -> Number:
        """Return ``value`` coerced to this parameter's kind, or raise ``ValueError``."""
        if self.kind == "bool":
            if isinstance(value, bool | np.bool_):
                return bool(value)
            if isinstance(value, str) and value.strip().lower() in ("true", "false"):
                return value.strip().lower() == "true"
            raise ValueError(msg("{name} must be true or false, got {value}", name=self.name,
                                 value=describe(value)))
        if isinstance(value, bool | np.bool_):
            raise ValueError(msg("{name} must be a number, got {value}", name=self.name,
                                 value=describe(value)))
        try:
            number = float(value)
        except OverflowError:  # an integer beyond the float range (10**400)
            number = math.inf
        except (TypeError, ValueError):
            raise ValueError(msg("{name} must be a number, got {value}", name=self.name,
                                 value=describe(value))) from None
        if not math.isfinite(number):
            raise ValueError(msg("{name} must be finite, got {value}", name=self.name,
                                 value=describe(value)))
        if self.kind == "int":
            if number != int(number):
                raise ValueError(msg("{name} must be a whole number, got {value}", name=self.name,
                                     value=describe(value)))
            number = int(number)
        too_low = self.low is not None and (
            number < self.low or (self.low_open and number == self.low)
        )
        too_high = self.high is not None and (
            number > self.high or (self.high_open and number == self.high)
        )
        if too_low or too_high:
            raise ValueError(msg("{name} must be in {range}, got {value}", name=self.name,
                                 range=self.range_text(), value=_fmt(value)))
        return number

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "default": self.default,
            "kind": self.kind,
            "low": self.low,
            "high": self.high,
            "low_open": self.low_open,
            "high_open": self.high_open,
            "range": self.range_text(),
            "log": self.log,
            "help": self.help,
        }


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, str):
        return clip(value)
    return str(value) if isinstance(value, float) else describe(value)


# Frequently used hyper-parameters, so every optimizer describes them alike.
def lr_param(default: float, help: str = "learning rate (step size)") -> HParam:
    return HParam("lr", default, help, low=0.0, log=True)


def beta_param(name: str, default: float, help: str) -> HParam:
    return HParam(name, default, help, low=0.0, high=1.0, high_open=True)


def eps_param(default: float, help: str = "term added to the denominator for stability") -> HParam:
    return HParam("eps", default, help, low=0.0, log=True)


def weight_decay_param(default: float = 0.0, help: str = "L2 penalty (weight decay)") -> HParam:
    return HParam("weight_decay", default, help, low=0.0)
