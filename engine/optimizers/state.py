"""Typed optimizer state: one dataclass per update rule, caches kept apart.

Each optimizer declares its state as a subclass of :class:`OptimizerState` (as
optax's ``ScaleByAdamState``): the step count, the reduction axes and the
moments it keeps, each a named, typed field.  Work buffers and block views
(:class:`Cache`) are not state: :func:`copy_state` leaves them behind and
:meth:`OptimizerState.describe` never shows them.

Views read a state through ``Optimizer.describe_state`` only; item access
(``state["exp_avg"]``) is a read-only convenience for tests and scripts.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, overload

import numpy as np

#: Field metadata of an entry that exists only with some settings (``None`` = absent).
OPTIONAL = {"optional": True}


def optional() -> Any:
    """A field that is ``None`` (and not shown) unless the settings need it."""
    return field(default=None, metadata=OPTIONAL)


def per_row() -> Any:
    """A field filled by ``Optimizer.init`` once the reduction axes are known."""
    return field(default_factory=lambda: np.zeros(0))


@dataclass(eq=False)
class Cache:
    """Reusable work arrays and blockwise views of one state: speed, not state."""

    #: ``(key, [(rows, sub-state), ...])`` for blockwise elementwise updates.
    blocks: tuple[Any, list[tuple[slice, Any]]] | None = None
    #: Work arrays shaped like the parameters (see :func:`scratch`).
    scratch: list[np.ndarray] | None = None


@dataclass(eq=False, kw_only=True)
class OptimizerState:
    """The state every optimizer has: the step count and the reduction axes.

    ``axes`` are the axes a per-tensor reduction sums over (all of them, or all
    but the leading one for batched particles).
    """

    step: int = 0
    axes: tuple[int, ...] = ()
    cache: Cache = field(default_factory=Cache, repr=False)

    # -- reading -------------------------------------------------------------
    @classmethod
    def entries(cls) -> tuple[tuple[str, bool], ...]:
        """``(name, optional)`` of the fields worth showing, in declaration order."""
        found = cls.__dict__.get("_entries")
        if found is None:
            found = tuple((f.name, bool(f.metadata.get("optional")))
                          for f in fields(cls) if f.name not in ("axes", "cache"))
            cls._entries = found  # type: ignore[attr-defined]
        return found

    def describe(self) -> dict[str, Any]:
        """Every entry (step and moments, no caches), absent optional ones left out."""
        out = {}
        for name, opt in self.entries():
            value = getattr(self, name)
            if not (opt and value is None):
                out[name] = value
        return out

    def __getitem__(self, key: str) -> Any:
        for name, opt in self.entries():
            if name == key:
                value = getattr(self, name)
                if opt and value is None:
                    break
                return value
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        try:
            self[str(key)]
        except KeyError:
            return False
        return True

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    # -- copying -------------------------------------------------------------
    def copy(self: S) -> S:
        """A deep copy (arrays copied) with empty caches.

        Works on ``__dict__`` directly: the race copies a state on every step (to
        restore it if the step diverges), so this is kept cheap.
        """
        entries = {
            k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in self.__dict__.items()
        }
        entries["cache"] = Cache()
        out = object.__new__(type(self))
        out.__dict__ = entries
        return out


S = TypeVar("S", bound=OptimizerState)


@overload
def copy_state(state: S) -> S: ...
@overload
def copy_state(state: dict[str, Any]) -> dict[str, Any]: ...
def copy_state(state: OptimizerState | dict[str, Any]) -> OptimizerState | dict[str, Any]:
    """A deep copy of an optimizer state or of its description (arrays copied)."""
    if isinstance(state, OptimizerState):
        return state.copy()
    return {
        k: (v.copy() if isinstance(v, np.ndarray) else v)
        for k, v in state.items()
        if not k.startswith("_")
    }


def scratch(state: OptimizerState, params: np.ndarray, count: int = 1) -> list[np.ndarray]:
    """``count`` reusable work arrays shaped like ``params``, kept in the state's cache.

    Large temporaries cost page faults on every step; reusing them is what makes
    a 100 000-particle step as fast as torch's in-place kernels.
    """
    bufs = state.cache.scratch
    if bufs is None or len(bufs) < count or bufs[0].shape != params.shape:
        bufs = state.cache.scratch = [np.empty_like(params) for _ in range(count)]
    return bufs[:count]


#: Elements per block when an elementwise update runs blockwise (fits in L2 cache).
BLOCK = 16_384


def blocks(params: np.ndarray, state: S) -> list[tuple[slice, S]]:
    """Row blocks of about ``BLOCK`` elements with matching views of ``state``.

    The views are cached in the state's cache; scalar entries are refreshed on each call.
    """
    names = [f.name for f in fields(state) if f.name != "cache"]
    arrays = {k: v for k in names
              if isinstance(v := getattr(state, k), np.ndarray) and v.shape == params.shape}
    key = (params.shape, tuple((k, id(v)) for k, v in arrays.items()))
    cached = state.cache.blocks
    if cached is None or cached[0] != key:
        rows = max(1, BLOCK * len(params) // params.size)
        found = []
        for lo in range(0, len(params), rows):
            sub = copy.copy(state)
            sub.cache = Cache()
            for k, v in arrays.items():
                setattr(sub, k, v[lo : lo + rows])
            found.append((slice(lo, lo + rows), sub))
        cached = state.cache.blocks = (key, found)
    scalars = [k for k in names if k not in arrays]
    for _, sub in cached[1]:
        for k in scalars:
            setattr(sub, k, getattr(state, k))
    return cached[1]
