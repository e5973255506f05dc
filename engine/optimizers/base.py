"""The optimizer protocol, hyper-parameter specs and the registry they live in.

An optimizer here is math, not a widget.  Each class holds only its validated
hyper-parameters; everything that changes while optimizing lives in an explicit
*state* dictionary that the caller owns::

    opt = create("adam", lr=0.1)
    state = opt.init(params)              # params: any float array
    for _ in range(100):
        opt.step(params, grad_of(params), state)   # updates params and state in place

``step`` works like ``torch.optim``'s functional kernels: it updates ``params``
and the arrays in ``state`` in place and returns nothing, which is what makes a
100 000-particle race fast and a numpy MLP cheap.  Copy the state
(:func:`copy_state`) to keep a snapshot.

Parameters may be *batched*: ``init(params, batched=True)`` says that the
leading axis of ``params`` indexes independent problems (``N`` racers of shape
``(N, 2)``).  Optimizers whose update reduces over a tensor (a norm, a dot
product) then reduce per row, so every particle moves exactly as if it were
optimized alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass, field, replace
from typing import Any, ClassVar

import numpy as np

from engine.checks import clip, describe
from engine.messages import msg

State = dict[str, Any]
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


class Optimizer:
    """Base class: validated hyper-parameters plus ``init`` and ``step``.

    Subclasses set ``hparams`` (the spec table) and implement :meth:`init_state`
    and :meth:`update`.  Instances are immutable values: two optimizers with the
    same name and hyper-parameters behave identically.
    """

    #: Hyper-parameter table of this update rule (shared by its variants).
    hparams: ClassVar[tuple[HParam, ...]] = ()
    #: True for second-order methods that need the Hessian in ``step``.
    needs_hessian: ClassVar[bool] = False
    #: True when the update is purely elementwise, allocates every state array in
    #: ``init_state`` and changes no scalar state: ``step`` may then run it over
    #: cache-sized blocks of a large parameter array (same numbers, fewer cache misses).
    elementwise: ClassVar[bool] = False

    def __init__(self, **values: Any) -> None:
        table = {p.name: p for p in self.hparams}
        unknown = sorted(set(values) - set(table))
        if unknown:
            raise ValueError(msg("unknown hyper-parameter '{key}' for {optimizer}; known: {known}",
                                 key=clip(unknown[0]), optimizer=type(self).__name__,
                                 known=", ".join(table)))
        merged = {name: p.default for name, p in table.items()}
        merged.update(values)
        self.config: dict[str, Any] = {
            name: table[name].validate(v) for name, v in merged.items()
        }
        self.check(self.config)

    def check(self, config: Mapping[str, Number]) -> None:
        """Cross-parameter checks (e.g. nesterov needs momentum); raise ValueError."""

    def __getattr__(self, name: str) -> Any:
        config = self.__dict__.get("config")
        if config is not None and name in config:
            return config[name]
        raise AttributeError(name)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config.items())
        return f"{type(self).__name__}({args})"

    # -- the protocol ------------------------------------------------------
    def init(self, params: np.ndarray, *, batched: bool = False) -> State:
        """Fresh state for ``params`` (a float array, not modified).

        With ``batched=True`` the leading axis indexes independent problems.
        """
        params = np.asarray(params)
        axes = tuple(range(1 if batched else 0, params.ndim))
        state: State = {"step": 0, "axes": axes}
        state.update(self.init_state(params))
        return state

    def step(
        self,
        params: np.ndarray,
        grad: np.ndarray | Callable[[np.ndarray], np.ndarray],
        state: State,
        *,
        lr: float | None = None,
        hessian: np.ndarray | None = None,
    ) -> None:
        """Apply one update to ``params`` in place, given the gradient at ``params``.

        ``grad`` is the gradient array, or a function returning the gradient of
        a block of rows of ``params``: with a function, an elementwise update on
        a large array runs block by block (gradient and update of each block
        while it is in cache), which is how 100 000 particles step fast.
        ``lr`` overrides the configured learning rate for this step (that is how
        schedules act, as ``torch.optim.lr_scheduler`` edits ``group['lr']``).
        ``hessian`` (shape ``params.shape + (2,)``) is used by second-order methods.
        """
        state["step"] += 1
        lr = float(self.config.get("lr", 0.0) if lr is None else lr)
        if (
            self.elementwise
            and hessian is None
            and params.ndim >= 1
            and params.flags.c_contiguous
            # With a gradient function each block's gradient is computed in cache: worth it
            # from two blocks on.  With a ready gradient array only much larger arrays gain.
            and params.size >= (2 if callable(grad) else 8) * BLOCK
        ):
            for rows, sub in _blocks(params, state):
                block = params[rows]
                g = grad(block) if callable(grad) else grad[rows]
                self.update(block, np.asarray(g, dtype=params.dtype), sub, lr, None)
            return
        if callable(grad):
            grad = grad(params)
        self.update(params, np.asarray(grad, dtype=params.dtype), state, lr, hessian)

    def init_state(self, params: np.ndarray) -> State:
        return {}

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: State,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        raise NotImplementedError

    # -- helpers for subclasses ---------------------------------------------
    @staticmethod
    def tensor_sum(x: np.ndarray, state: State) -> np.ndarray:
        """Sum over each parameter tensor (per row when batched), keeping dims."""
        return np.sum(x, axis=state["axes"], keepdims=True)

    def describe_state(self, state: State) -> dict[str, Any]:
        """The live values worth showing in the GUI's "inside the optimizer" panel."""
        return {k: v for k, v in state.items() if k != "axes" and not k.startswith("_")}


#: Elements per block when an elementwise update runs blockwise (fits in L2 cache).
BLOCK = 16_384


def _blocks(params: np.ndarray, state: State) -> list[tuple[slice, State]]:
    """Row blocks of about ``BLOCK`` elements with matching views of ``state``.

    The views are cached in the state; scalar entries are refreshed on each call.
    """
    arrays = {k: v for k, v in state.items()
              if isinstance(v, np.ndarray) and v.shape == params.shape and not k.startswith("_")}
    key = (params.shape, tuple((k, id(v)) for k, v in arrays.items()))
    cached = state.get("_blocks")
    if cached is None or cached[0] != key:
        rows = max(1, BLOCK * len(params) // params.size)
        blocks = [
            (slice(lo, lo + rows), {k: v[lo : lo + rows] for k, v in arrays.items()})
            for lo in range(0, len(params), rows)
        ]
        cached = state["_blocks"] = (key, blocks)
    scalars = {k: v for k, v in state.items() if k not in arrays and not k.startswith("_")}
    for _, sub in cached[1]:
        sub.update(scalars)
    return cached[1]


def copy_state(state: State) -> State:
    """A deep copy of an optimizer state (arrays copied)."""
    return {
        k: (v.copy() if isinstance(v, np.ndarray) else v)
        for k, v in state.items()
        if not k.startswith("_")
    }


def lerp_(start: np.ndarray, end: np.ndarray, weight: float, tmp: np.ndarray | None = None) -> None:
    """``start += weight * (end - start)`` in place, rounded exactly like ``torch.lerp``.

    ``tmp`` (same shape as ``start``) avoids a temporary allocation.
    """
    diff = np.subtract(end, start, out=tmp)
    if abs(weight) < 0.5:
        diff *= weight
        start += diff
    else:
        diff *= 1.0 - weight
        np.subtract(end, diff, out=start)


def scratch(state: State, params: np.ndarray, count: int = 1) -> list[np.ndarray]:
    """``count`` reusable work arrays shaped like ``params``, kept in ``state``.

    Large temporaries cost page faults on every step; reusing them is what makes
    a 100 000-particle step as fast as torch's in-place kernels.
    """
    bufs = state.get("_scratch")
    if bufs is None or len(bufs) < count or bufs[0].shape != params.shape:
        bufs = state["_scratch"] = [np.empty_like(params) for _ in range(count)]
    return bufs[:count]


@dataclass(frozen=True)
class OptimizerSpec:
    """A registry entry: a name, an update rule class and its fixed settings.

    Variants are recipes: ``momentum`` is SGD with ``momentum=0.9`` as default,
    ``amsgrad`` is Adam with ``amsgrad=True``.
    """

    name: str
    title: str
    cls: type[Optimizer]
    reference: str
    paper: str
    summary: str
    defaults: Mapping[str, Number] = field(default_factory=dict)
    family: str = "first-order"

    @property
    def update_rule(self) -> str:
        """The update rule in LaTeX, taken from the class docstring."""
        return math_of(self.cls)

    @property
    def hparams(self) -> tuple[HParam, ...]:
        """The hyper-parameter table with this variant's defaults applied."""
        out = []
        for p in self.cls.hparams:
            if p.name in self.defaults:
                p = replace(p, default=self.defaults[p.name])
            out.append(p)
        return tuple(out)

    @property
    def needs_hessian(self) -> bool:
        return self.cls.needs_hessian

    def create(self, **values: Any) -> Optimizer:
        opt = self.cls(**{**self.defaults, **values})
        opt.spec = self  # type: ignore[attr-defined]
        return opt

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "reference": self.reference,
            "paper": self.paper,
            "summary": self.summary,
            "update_rule": self.update_rule,
            "family": self.family,
            "needs_hessian": self.needs_hessian,
            "hparams": [p.to_dict() for p in self.hparams],
        }


REGISTRY: dict[str, OptimizerSpec] = {}


def register(spec: OptimizerSpec) -> OptimizerSpec:
    if spec.name in REGISTRY:
        raise ValueError(msg("optimizer '{name}' is registered twice", name=spec.name))
    REGISTRY[spec.name] = spec
    return spec


def get_spec(name: str) -> OptimizerSpec:
    if not isinstance(name, str):
        raise ValueError(msg("optimizer must be text, got {value}", value=describe(name)))
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(msg("unknown optimizer '{name}'; known: {known}", name=clip(name),
                             known=", ".join(REGISTRY))) from None


def create(name: str, **values: Any) -> Optimizer:
    """Build the optimizer ``name`` with hyper-parameters ``values`` (validated)."""
    return get_spec(name).create(**values)


def parse_spec(text: str) -> tuple[str, dict[str, Number]]:
    """Parse ``"name"`` or ``"name:key=value,key=value"`` into a name and validated values.

    Raises ``ValueError`` naming the bad part (a key given twice is one).
    """
    name, _, rest = text.strip().partition(":")
    name = name.strip()
    spec = get_spec(name)
    table = {p.name: p for p in spec.hparams}
    values: dict[str, Number] = {}
    if rest.strip():
        for item in rest.split(","):
            key, eq, raw = item.partition("=")
            key = key.strip()
            if not eq or not key:
                raise ValueError(msg("expected key=value in optimizer spec '{spec}', got '{item}'",
                                     spec=text, item=item))
            if key not in table:
                raise ValueError(msg("unknown hyper-parameter '{key}' for {optimizer}; known: "
                                     "{known}", key=key, optimizer=name, known=", ".join(table)))
            if key in values:
                raise ValueError(msg("{key} is given twice in optimizer spec '{spec}'", key=key,
                                     spec=text))
            values[key] = table[key].validate(raw.strip())
    spec.create(**values)  # cross-parameter checks
    return name, values


def create_from_spec(text: str) -> Optimizer:
    """``create_from_spec("adam:lr=0.1,amsgrad=true")``."""
    name, values = parse_spec(text)
    return create(name, **values)


def spec_string(name: str, values: Mapping[str, Number]) -> str:
    """Inverse of :func:`parse_spec` (non-default values only, in table order)."""
    spec = get_spec(name)
    parts = []
    for p in spec.hparams:
        if p.name in values and values[p.name] != p.default:
            v = values[p.name]
            parts.append(f"{p.name}={str(v).lower() if isinstance(v, bool) else repr(v)}")
    return name + (":" + ",".join(parts) if parts else "")


def math_of(cls: type) -> str:
    """The LaTeX of the ``.. math::`` block in ``cls``'s docstring (the update rule)."""
    doc = cls.__doc__ or ""
    _, found, rest = doc.partition(".. math::")
    if not found:
        return ""
    lines: list[str] = []
    for line in rest.splitlines()[1:]:
        if not line.strip():
            if lines:
                break
            continue
        lines.append(line.strip())
    return " ".join(lines)
