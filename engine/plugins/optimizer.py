"""A student's file as an optimizer of the registry, stepped in its child process.

:func:`load_plugin` starts the file's :class:`~engine.plugins.host.PluginProcess`,
reads its ``NAME``/``HPARAMS``/``HESSIAN``/docstring and registers an
:class:`~engine.optimizers.OptimizerSpec` whose class is a
:class:`PluginOptimizer`: from then on the name works wherever a built-in does
(``RacerConfig``, ``name:key=value`` specs, the MNIST trainer), with a
hyper-parameter table generated from ``HPARAMS``.

The optimizer object is a proxy: ``init`` creates the state in the child and
``step`` sends params, gradient and hyper-parameters there and copies the new
params back.  When the student's code fails (exception, endless loop, crash,
NaN) the error is kept in :attr:`PluginOptimizer.error` and the params become
NaN, which the race records as the racer's divergence: the race goes on
without that racer.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from engine.messages import msg
from engine.optimizers import REGISTRY, HParam, Optimizer, OptimizerSpec
from engine.optimizers.state import OptimizerState
from engine.plugins.host import LIMITS, Limits, PluginError, PluginInfo, PluginProcess

__all__ = ["PluginOptimizer", "hparam_table", "load_plugin", "plugin_of", "plugin_specs",
           "register_plugin", "start_plugin", "unload_plugin"]

#: Where a racer's state keeps its handle in the child.


def hparam_table(defaults: Mapping[str, float | int | bool]) -> tuple[HParam, ...]:
    """Hyper-parameter specs from ``HPARAMS`` (so editors and CLI flags are generated).

    torch's usual names get torch's ranges: ``lr`` and ``eps`` are >= 0 on a log
    scale, ``beta*``/``momentum``/``alpha``/``dampening`` lie in [0, 1].
    """
    table = []
    for name, value in defaults.items():
        help_text = "from HPARAMS of the student's file"
        if isinstance(value, bool):
            table.append(HParam(name, value, help_text, kind="bool"))
        elif isinstance(value, int):
            table.append(HParam(name, value, help_text, kind="int"))
        elif name in ("lr", "eps") or name.startswith("eps"):
            table.append(HParam(name, float(value), help_text, low=0.0,
                                log=value > 0))
        elif name.startswith("beta") or name in ("momentum", "alpha", "dampening", "rho"):
            table.append(HParam(name, float(value), help_text, low=0.0, high=1.0))
        else:
            table.append(HParam(name, float(value), help_text))
    return tuple(table)


@dataclass(eq=False, kw_only=True)
class PluginState(OptimizerState):
    """The step count here; the student's own state lives in the child process."""

    #: The child's handle of this state (None if the child could not create it).
    plugin_handle: Any = None


class PluginOptimizer(Optimizer[PluginState]):
    """An optimizer whose ``step`` runs a student's file in its child process."""

    process: ClassVar[PluginProcess]
    info: ClassVar[PluginInfo]

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        self.error: str | None = None
        #: Steps computed ahead (:func:`engine.plugins.ahead.compute_ahead`):
        #: step -> (inputs, new params, or the error of the student's code).
        self.ahead: dict[int, tuple[bytes, np.ndarray | str]] = {}
        self.record: dict[int, tuple[bytes, np.ndarray | str]] | None = None
        self._pending: list[tuple[np.ndarray, np.ndarray, np.ndarray | None, dict]] = []

    def init_state(self, params: np.ndarray) -> PluginState:
        try:
            handle = self.process.new_state(params)
        except PluginError as exc:
            self.error = str(exc)
            return PluginState()
        return PluginState(plugin_handle=handle)

    def describe_state(self, state: PluginState) -> dict[str, Any]:
        """The step count (the student's state lives in the child process)."""
        return {"step": state.step}

    @staticmethod
    def handle_of(state: OptimizerState) -> Any:
        """The child's handle of ``state`` (None if the child could not create it)."""
        return getattr(state, "plugin_handle", None)

    def hparam_values(self, lr: float) -> dict[str, Any]:
        """The keyword arguments of the student's ``step`` (floats, ints, bools)."""
        values = dict(self.config)
        if "lr" in values:
            values["lr"] = float(lr)
        return values

    def update(self, params: np.ndarray, grad: np.ndarray, state: PluginState, lr: float,
               hessian: np.ndarray | None) -> None:
        handle = state.plugin_handle
        if self.error is not None or handle is None:
            params[...] = np.nan
            return
        hp = self.hparam_values(lr)
        hessian = hessian if self.needs_hessian else None
        step = state.step
        key = _inputs(params, grad, hp, hessian)
        ahead = self.ahead.get(step)
        if ahead is not None and ahead[0] == key:  # computed ahead: no round trip
            if isinstance(ahead[1], str):
                self.error = ahead[1]
                params[...] = np.nan
                return
            self._pending.append((params.copy(), grad.copy(), hessian, hp))
            params[...] = ahead[1]
            return
        try:
            for p, g, h, values in self._pending:  # bring this state up to date first
                self.process.step(handle, p, g, values, h)
            self._pending.clear()
            new = self.process.step(handle, params, grad, hp, hessian)
        except PluginError as exc:
            self.error = str(exc)
            if self.record is not None:
                self.record[step] = (key, self.error)
            params[...] = np.nan
            return
        if self.record is not None:
            self.record[step] = (key, new.copy())
        params[...] = new


def _inputs(params: np.ndarray, grad: np.ndarray, hp: dict[str, Any],
            hessian: np.ndarray | None) -> bytes:
    """What a step depends on, exactly (a step computed ahead is used only for these)."""
    parts = [params.tobytes(), grad.tobytes(), repr(sorted(hp.items())).encode()]
    if hessian is not None:
        parts.append(np.asarray(hessian).tobytes())
    return b"|".join(parts)


def load_plugin(path: str | os.PathLike[str], limits: Limits = LIMITS) -> OptimizerSpec:
    """Start ``path`` in its child process and register it under its ``NAME``.

    Loading the same file again (after an edit) replaces its registration and its
    process; ``PluginError`` (one line with file and line) if the file fails or
    its NAME is a built-in optimizer's (the previous version stays registered).
    """
    return register_plugin(start_plugin(path, limits))


def start_plugin(path: str | os.PathLike[str], limits: Limits = LIMITS) -> PluginProcess:
    """The slow half of :func:`load_plugin` (any thread): a running child, described."""
    process = PluginProcess(Path(path).resolve(), limits)
    process.start()
    return process


def register_plugin(process: PluginProcess) -> OptimizerSpec:
    """The quick half of :func:`load_plugin`: register a started process's file.

    ``PluginError`` (and the process is stopped) if its NAME is taken by a built-in
    or by another file; a previous version of the same file is replaced and stopped.
    """
    info = process.info
    path = process.path
    if info is None:
        raise PluginError(msg("{file}: not started", file=path.name))
    old = REGISTRY.get(info.name)
    if old is not None and not _is_plugin(old):
        process.close()
        raise PluginError(msg("{file}: NAME '{name}' is a built-in optimizer; choose another "
                              "name", file=path.name, name=info.name))
    if old is not None and plugin_of(old).path != path:
        process.close()
        raise PluginError(msg("{file}: NAME '{name}' is already used by {other}",
                              file=path.name, name=info.name, other=str(plugin_of(old).path)))
    cls = type(f"Plugin_{info.name}", (PluginOptimizer,), {
        "hparams": hparam_table(info.hparams),
        "needs_hessian": info.hessian,
        "process": process,
        "info": info,
        "__doc__": info.doc,
    })
    first = (info.doc.strip().splitlines() or [""])[0]
    spec = OptimizerSpec(
        info.name, info.name, cls, f"student file {path.name}", "",
        first or f"the optimizer of {path.name}",
        family="second-order" if info.hessian else "first-order")
    if old is not None and plugin_of(old) is not process:
        plugin_of(old).close()
    REGISTRY[info.name] = spec
    return spec


def _is_plugin(spec: OptimizerSpec) -> bool:
    return isinstance(spec.cls, type) and issubclass(spec.cls, PluginOptimizer)


def plugin_of(spec: OptimizerSpec) -> PluginProcess:
    """The process behind a plugin's spec (``ValueError`` for a built-in)."""
    if not _is_plugin(spec):
        raise ValueError(msg("{name} is not a student's file", name=spec.name))
    return spec.cls.process  # type: ignore[attr-defined,no-any-return]


def unload_plugin(name: str) -> None:
    """Forget a plugin's registration and stop its process (no-op for unknown names)."""
    spec = REGISTRY.get(name)
    if spec is not None and _is_plugin(spec):
        del REGISTRY[name]
        plugin_of(spec).close()


def plugin_specs() -> list[OptimizerSpec]:
    """The registered student files."""
    return [s for s in REGISTRY.values() if _is_plugin(s)]
