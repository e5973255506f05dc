"""The parent's side of a student's file: a limited child process and its pipe.

A :class:`PluginProcess` starts :func:`engine.plugins.child.main` with the
``spawn`` context (a fresh interpreter: nothing of the app is shared, and the
child sets one BLAS thread before numpy is imported), waits for the file's
description and then forwards requests.  Every answer must come within
``step_timeout`` seconds (5 s by default): a slower step, an infinite loop, a
crash of the child (a segfault in an extension), an exception or a NaN all end
as a :class:`PluginError` whose text is one line naming the file (and the line,
when the student's code raised).  A child that timed out or died is gone; the
next request starts a fresh one (with fresh states: whoever held a state gets
an error).

The student's file is never imported or executed in this process.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from engine.messages import msg

__all__ = ["LIMITS", "Limits", "PluginError", "PluginInfo", "PluginProcess", "file_hash"]


class PluginError(ValueError):
    """A student's file failed: the message is one line with the file (and line)."""


@dataclass(frozen=True)
class Limits:
    """What a student's code may use: seconds per step (and to load), memory, CPU."""

    step_timeout: float = 5.0
    load_timeout: float = 60.0  # a fresh interpreter importing numpy on a busy machine
    memory_bytes: int | None = 4 << 30  # address space: numpy with one thread needs ~1 GiB
    cpu_seconds: int | None = 3600


#: The default limits (tests pass smaller ones).
LIMITS = Limits()


@dataclass
class PluginInfo:
    """What a student's file declares: NAME, HPARAMS, HESSIAN, the docstring."""

    path: Path
    sha256: str
    name: str
    hparams: dict[str, float | int | bool]
    hessian: bool = False
    doc: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def file_hash(path: str | os.PathLike[str]) -> str:
    """SHA-256 of the file's bytes (what trust is remembered by)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _signal_name(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


class PluginProcess:
    """One child process running one student's file; thread-safe (one request at a time)."""

    _keys = itertools.count(1)

    def __init__(self, path: str | os.PathLike[str], limits: Limits = LIMITS) -> None:
        self.path = Path(path).resolve()
        self.limits = limits
        self._lock = threading.RLock()
        self._proc: Any = None
        self._conn: Any = None
        self.info: PluginInfo | None = None
        self.generation = 0  # counts child starts: a state is valid in one generation only
        #: Start a fresh child when a stopped one is needed again (the CLI).  The window
        #: turns it off: starting takes a second, so it reloads only when the file is saved.
        self.auto_restart = True

    # -- life cycle --------------------------------------------------------------------
    def start(self) -> PluginInfo:
        """Start the child (if not running) and return the file's description."""
        with self._lock:
            if self._proc is not None and self._proc.is_alive():
                assert self.info is not None
                return self.info
            self._close()
            if not self.path.is_file():
                raise PluginError(msg("{file}: no such file", file=str(self.path)))
            digest = file_hash(self.path)
            import multiprocessing  # not needed before the first student's file

            from engine.plugins import child

            ctx = multiprocessing.get_context("spawn")
            parent, there = ctx.Pipe()
            proc = ctx.Process(
                target=child.main,
                args=(there, str(self.path), self.limits.memory_bytes, self.limits.cpu_seconds),
                name=f"plugin-{self.path.name}", daemon=True)
            saved = {k: os.environ.get(k) for k in child.ONE_THREAD}
            os.environ.update(child.ONE_THREAD)  # inherited by the fresh interpreter
            try:
                proc.start()
            finally:
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
            there.close()
            self._proc, self._conn = proc, parent
            self.generation += 1
            status, value = self._receive(self.limits.load_timeout, "loading")
            if status != "ok":
                self._close()
                raise PluginError(msg("{error}", error=value))
            self.info = PluginInfo(self.path, digest, value["name"], value["hparams"],
                                   value["hessian"], value["doc"])
            return self.info

    def close(self) -> None:
        """Stop the child (its states are lost)."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is not None:
            if proc.is_alive():
                proc.kill()
            proc.join(5)
            proc.close()

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    # -- requests ------------------------------------------------------------------------
    def _receive(self, timeout: float, doing: str) -> tuple[str, Any]:
        name = self.path.name
        try:
            ready = self._conn.poll(timeout)
        except (OSError, EOFError):
            ready = True
        if not ready:
            self._close()
            raise PluginError(msg("{file}: {doing} took longer than {seconds} s (an endless "
                                  "loop?); stopped", file=name, doing=doing,
                                  seconds=f"{timeout:g}"))
        try:
            return self._conn.recv()  # type: ignore[no-any-return]
        except (EOFError, OSError):
            proc = self._proc
            proc.join(5)
            code = proc.exitcode
            self._close()
            raise PluginError(msg("{file}: the process running it crashed ({status}) while "
                                  "{doing}", file=name, status=_signal_name(code),
                                  doing=doing)) from None

    def _send(self, request: tuple[Any, ...]) -> None:
        try:
            self._conn.send(request)
        except (OSError, EOFError, BrokenPipeError):
            code = self._proc.exitcode if self._proc is not None else None
            self._close()
            raise PluginError(msg("{file}: the process running it crashed ({status})",
                                  file=self.path.name, status=_signal_name(code))) from None

    def _request(self, request: tuple[Any, ...], doing: str) -> Any:
        self._send(request)
        status, value = self._receive(self.limits.step_timeout, doing)
        if status != "ok":
            raise PluginError(msg("{error}", error=value))
        return value

    def new_state(self, params: np.ndarray) -> tuple[int, int]:
        """A fresh state in the child: ``(generation, key)``."""
        with self._lock:
            if not self.auto_restart and self.generation > 0 and not self.alive:
                raise PluginError(msg("{file}: its process was stopped after an error; save "
                                      "the file to load it again", file=self.path.name))
            self.start()
            key = next(self._keys)
            self._request(("init", key, np.asarray(params, dtype=np.float64)), "init()")
            return self.generation, key

    def _check(self, handle: tuple[int, int]) -> None:
        if handle[0] != self.generation or not self.alive:
            raise PluginError(msg("{file}: its process was stopped (after an error or a "
                                  "reload); restart the race", file=self.path.name))

    def step(self, handle: tuple[int, int], params: np.ndarray, grad: np.ndarray,
             hparams: dict[str, Any], hessian: np.ndarray | None = None) -> np.ndarray:
        """The new params after one step (the child's state ``handle`` is updated)."""
        with self._lock:
            self._check(handle)
            return self._request(("step", handle[1], params, grad, hparams, hessian),  # type: ignore[no-any-return]
                                 "step()")

    def run(self, handle: tuple[int, int], params: np.ndarray, grads: np.ndarray,
            hparams: dict[str, Any], hessians: np.ndarray | None = None) -> list[np.ndarray]:
        """The params after each of ``len(grads)`` steps, one gradient per step.

        The child answers step by step, so the time limit holds for every step.
        """
        out = []
        with self._lock:
            self._check(handle)
            self._send(("run", handle[1], params, grads, hparams, hessians))
            for _ in range(len(grads)):
                status, value = self._receive(self.limits.step_timeout, "step()")
                if status != "ok":
                    raise PluginError(msg("{error}", error=value))
                out.append(value)
        return out

    def free(self, handle: tuple[int, int]) -> None:
        with self._lock:
            if handle[0] == self.generation and self.alive:
                try:
                    self._conn.send(("free", handle[1]))
                except (OSError, EOFError):
                    pass
