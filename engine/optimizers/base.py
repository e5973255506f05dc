"""The optimizer protocol: validated hyper-parameters, ``init`` and ``step``.

An optimizer here is math, not a widget.  Each class holds only its validated
hyper-parameters; everything that changes while optimizing lives in an explicit,
typed *state* (a dataclass per optimizer, see :mod:`engine.optimizers.state`)
that the caller owns::

    opt = create("adam", lr=0.1)
    state = opt.init(params)              # params: any float array
    for _ in range(100):
        opt.step(params, grad_of(params), state)   # updates params and state in place

``step`` works like ``torch.optim``'s functional kernels: it updates ``params``
and the arrays in ``state`` in place and returns nothing, which is what makes a
100 000-particle race fast and a numpy MLP cheap.  Copy the state
(:func:`copy_state`) to keep a snapshot; read it through :meth:`Optimizer.describe_state`.

Parameters may be *batched*: ``init(params, batched=True)`` says that the
leading axis of ``params`` indexes independent problems (``N`` racers of shape
``(N, 2)``).  Optimizers whose update reduces over a tensor (a norm, a dot
product) then reduce per row, so every particle moves exactly as if it were
optimized alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

import numpy as np

from engine.checks import clip
from engine.messages import msg
from engine.optimizers.hparams import (
    HParam,
    Number,
    beta_param,
    eps_param,
    lr_param,
    weight_decay_param,
)
from engine.optimizers.state import (
    BLOCK,
    Cache,
    OptimizerState,
    S,
    blocks,
    copy_state,
    optional,
    per_row,
    scratch,
)

__all__ = [
    "BLOCK",
    "Cache",
    "HParam",
    "Number",
    "Optimizer",
    "OptimizerState",
    "State",
    "beta_param",
    "copy_state",
    "eps_param",
    "lerp_",
    "lr_param",
    "math_of",
    "nonzero",
    "optional",
    "per_row",
    "scratch",
    "weight_decay_param",
]

Opt = TypeVar("Opt", bound="Optimizer")

#: The state type every optimizer's state derives from.
State = OptimizerState


class Optimizer(Generic[S]):
    """Base class: validated hyper-parameters plus ``init`` and ``step``.

    Subclasses set ``hparams`` (the spec table), name their state dataclass as the
    type parameter (``class Adam(Optimizer[AdamState])``) and implement
    :meth:`init_state` and :meth:`update`.  Instances are immutable values: two optimizers with the
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
    #: Hyper-parameters ``update`` accepts as per-row columns (arrays shaped ``(N, 1)``) for
    #: batched particles: a sweep steps N configurations as one array (see :meth:`with_rows`).
    row_hparams: ClassVar[frozenset[str]] = frozenset()

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

    def with_rows(self: Opt, rows: Mapping[str, np.ndarray], width: int = 1) -> Opt:
        """A copy whose hyper-parameters in ``rows`` differ per row of batched particles.

        Each value of ``rows`` has one entry per row (shape ``(N,)``); every distinct
        value is validated (and every distinct combination checked) as a scalar would
        be, and the optimizer then sees a column ``(N, 1)``, or ``(N, width)`` with each
        value repeated (``width=2`` for particles ``(N, 2)``: same-shape operands keep
        numpy's inner loops long, several times faster than broadcasting).  Only names in
        :attr:`row_hparams` may vary.  Row ``i`` steps bit for bit as the optimizer
        with row ``i``'s values stepping alone: the arithmetic is elementwise, and the
        scalar functions of a hyper-parameter (``1 - beta1 ** step``) are computed in
        Python once per distinct value (:meth:`per_value`), as the scalar path does.
        A row whose value is zero where another's is not takes the non-zero branch
        (``g + 0 * θ``); a sweep keeps those rows apart.
        """
        table = {p.name: p for p in self.hparams}
        bad = sorted(set(rows) - set(self.row_hparams))
        if bad:
            raise ValueError(msg("{optimizer} cannot vary '{key}' per row; it can vary: {known}",
                                 optimizer=type(self).__name__, key=clip(bad[0]),
                                 known=", ".join(sorted(self.row_hparams)) or "-"))
        columns = {k: np.asarray(v, dtype=np.float64).reshape(-1) for k, v in rows.items()}
        names = list(columns)
        if names and type(self).check is not Optimizer.check:
            stacked = np.stack([columns[k] for k in names], axis=1)
            combos = np.unique(stacked, axis=0)
            for combo in combos:
                config = dict(self.config)
                for k, v in zip(names, combo.tolist(), strict=True):
                    config[k] = table[k].validate(v)
                self.check(config)
        out = object.__new__(type(self))
        out.__dict__.update(self.__dict__)
        out.config = dict(self.config)
        unique: dict[str, tuple[list[float], np.ndarray]] = {}
        for k, v in columns.items():
            values, inverse = np.unique(v, return_inverse=True)
            wide = np.repeat(inverse.reshape(-1, 1), width, axis=1)
            unique[k] = ([table[k].validate(x) for x in values.tolist()], wide)
            out.config[k] = np.repeat(v.reshape(-1, 1), width, axis=1)
        out.__dict__["_unique"] = unique
        return out

    def per_value(self, name: str, fn: Callable[[Any], float]) -> Any:
        """``fn(value)`` of hyper-parameter ``name``: a float, or a column for per-row values.

        The function runs in Python once per distinct value (numpy's vectorised
        ``pow`` may round differently from Python's), so a row gets the very float
        its configuration would get alone.
        """
        found = self.__dict__.get("_unique", {}).get(name)
        if found is None:
            return fn(self.config[name])
        values, inverse = found
        return np.array([fn(v) for v in values])[inverse]

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
    def init(self, params: np.ndarray, *, batched: bool = False) -> S:
        """Fresh state for ``params`` (a float array, not modified).

        With ``batched=True`` the leading axis indexes independent problems.
        """
        params = np.asarray(params)
        axes = tuple(range(1 if batched else 0, params.ndim))
        state = self.init_state(params)
        state.axes = axes
        return state

    def step(
        self,
        params: np.ndarray,
        grad: np.ndarray | Callable[[np.ndarray], np.ndarray],
        state: S,
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
        state.step += 1
        if lr is None:
            lr = self.config.get("lr", 0.0)
        if not isinstance(lr, np.ndarray):
            lr = float(lr)  # type: ignore[arg-type]
        if (
            self.elementwise
            and "_unique" not in self.__dict__  # per-row columns are not split into blocks
            # With a gradient function each block's gradient is computed in cache: worth it
            # from two blocks on.  With a ready gradient array only much larger arrays gain.
            # (The cheap test first: a racer's two coordinates stop here.)
            and params.size >= (2 if callable(grad) else 8) * BLOCK
            and hessian is None
            and params.ndim >= 1
            and params.flags.c_contiguous
        ):
            for rows, sub in blocks(params, state):
                block = params[rows]
                g = grad(block) if callable(grad) else grad[rows]
                self.update(block, np.asarray(g, dtype=params.dtype), sub, lr, None)
            return
        if callable(grad):
            grad = grad(params)
        self.update(params, np.asarray(grad, dtype=params.dtype), state, lr, hessian)

    def init_state(self, params: np.ndarray) -> S:
        """The optimizer's own state for ``params`` (step 0; ``init`` sets the axes)."""
        raise NotImplementedError

    def update(
        self,
        params: np.ndarray,
        grad: np.ndarray,
        state: S,
        lr: float,
        hessian: np.ndarray | None,
    ) -> None:
        raise NotImplementedError

    # -- helpers for subclasses ---------------------------------------------
    @staticmethod
    def tensor_sum(x: np.ndarray, state: OptimizerState) -> np.ndarray:
        """Sum over each parameter tensor (per row when batched), keeping dims."""
        return np.sum(x, axis=state.axes, keepdims=True)

    def describe_state(self, state: S) -> dict[str, Any]:
        """The live values worth showing (the "inside the optimizer" panel, demos, plots).

        The one door through which views read a state: the step, the moments and
        whatever an optimizer derives from them (AdaBelief's SMA length, AdEMAMix's
        schedules); never the caches.
        """
        return state.describe()


def nonzero(value: Any) -> bool:
    """``value != 0`` for a hyper-parameter, or whether any row's value is non-zero."""
    if isinstance(value, np.ndarray):
        return bool(value.any())
    return bool(value != 0)


def lerp_(start: np.ndarray, end: np.ndarray, weight: Any, tmp: np.ndarray | None = None) -> None:
    """``start += weight * (end - start)`` in place, rounded exactly like ``torch.lerp``.

    ``tmp`` (same shape as ``start``) avoids a temporary allocation.  ``weight``
    may be a per-row column: each row is then rounded as its own weight would be.
    """
    diff = np.subtract(end, start, out=tmp)
    if isinstance(weight, np.ndarray):
        small = np.abs(weight) < 0.5
        if small.all():
            diff *= weight
            start += diff
        else:
            low = np.multiply(weight, diff)
            low += start
            diff *= 1.0 - weight
            np.subtract(end, diff, out=start)  # the rows with a large weight
            np.copyto(start, low, where=small)
        return
    if abs(weight) < 0.5:
        diff *= weight
        start += diff
    else:
        diff *= 1.0 - weight
        np.subtract(end, diff, out=start)



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
