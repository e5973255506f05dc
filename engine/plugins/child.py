"""The child process that runs a student's optimizer file (never imported by the app).

:func:`main` is the target of a ``multiprocessing`` process started with the
``spawn`` context (:mod:`engine.plugins.host`).  It limits itself first (one
BLAS thread, an address-space cap, no core dumps), then imports numpy and the
student's file, answers with the file's description and serves requests on
its pipe until the parent closes it:

``("init", key, params)``
    ``state[key] = init(params)``.
``("step", key, params, grad, hparams, hessian)``
    one step; answers the new params.
``("run", key, params, grads, hparams, hessians)``
    one step per gradient of ``grads``, answering each new params as soon as it
    is computed (the parent's per-step time limit applies to every answer).
``("free", key)``
    forget a state.

Every answer is ``("ok", value)`` or ``("error", one_line)``; an exception in the
student's code is described with the file name and line number.  This module
imports only :mod:`engine.messages` from the engine (no numpy before the limits).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from engine.messages import msg

#: Environment for one BLAS thread: set before numpy is imported in the child.
ONE_THREAD = {name: "1" for name in (
    "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS")}


def limit_resources(memory_bytes: int | None, cpu_seconds: int | None) -> None:
    """Address-space and CPU-time caps and no core files (POSIX; nothing elsewhere)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    for what, value in ((resource.RLIMIT_AS, memory_bytes), (resource.RLIMIT_CPU, cpu_seconds),
                        (resource.RLIMIT_CORE, 0)):
        if value is None:
            continue
        soft, hard = resource.getrlimit(what)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            resource.setrlimit(what, (value, hard))
        except (ValueError, OSError):  # pragma: no cover - a stricter limit already applies
            pass


def where(exc: BaseException, path: str) -> str:
    """``my_adam.py, line 12: ZeroDivisionError: division by zero`` (the last line of
    the student's file in the traceback, or the file alone)."""
    name = os.path.basename(path)
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if os.path.abspath(tb.tb_frame.f_code.co_filename) == os.path.abspath(path):
            line = tb.tb_lineno
        tb = tb.tb_next
    if isinstance(exc, SyntaxError) and exc.lineno is not None:
        line = exc.lineno
        text = f"SyntaxError: {exc.msg}"
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    text = " ".join(text.split())
    if len(text) > 300:
        text = text[:299] + "…"
    return f"{name}, line {line}: {text}" if line is not None else f"{name}: {text}"


def describe(module: Any, path: str) -> dict[str, Any]:
    """NAME, HPARAMS, HESSIAN and the docstring, checked; ``ValueError`` if wrong."""
    import inspect

    name = os.path.basename(path)
    title = getattr(module, "NAME", os.path.splitext(name)[0])
    if not isinstance(title, str) or not title.isidentifier():
        raise ValueError(msg("{file}: NAME must be a word of letters, digits and _, got "
                             "{value}", file=name, value=repr(title)))
    hparams = getattr(module, "HPARAMS", {})
    if not isinstance(hparams, dict):
        raise ValueError(msg("{file}: HPARAMS must be a dict of name: default, got {kind}",
                             file=name, kind=type(hparams).__name__))
    for key, value in hparams.items():
        if not isinstance(key, str) or not key.isidentifier():
            raise ValueError(msg("{file}: HPARAMS has a key that is not a name: {key}",
                                 file=name, key=repr(key)))
        if not isinstance(value, bool | int | float):
            raise ValueError(msg("{file}: HPARAMS['{key}'] must be a float, int or bool, got "
                                 "{kind}", file=name, key=key, kind=type(value).__name__))
    for fn in ("init", "step"):
        if not callable(getattr(module, fn, None)):
            raise ValueError(msg("{file}: defines no function {function}()", file=name,
                                 function=fn))
    hessian = bool(getattr(module, "HESSIAN", False))
    try:
        sig = inspect.signature(module.step)
    except (TypeError, ValueError):  # pragma: no cover - a builtin
        sig = None
    if sig is not None:
        params = sig.parameters
        var_kw = any(p.kind is p.VAR_KEYWORD for p in params.values())
        wanted = list(hparams) + (["hessian"] if hessian else [])
        missing = [k for k in wanted if k not in params and not var_kw]
        if missing:
            line = module.step.__code__.co_firstlineno
            raise ValueError(msg("{file}, line {line}: step() has no parameter '{key}' "
                                 "(every HPARAMS key is passed by name)", file=name, line=line,
                                 key=missing[0]))
    return {"name": title, "hparams": {k: hparams[k] for k in hparams}, "hessian": hessian,
            "doc": inspect.cleandoc(module.__doc__ or "")}


class Runner:
    """The student's module and its states."""

    def __init__(self, module: Any, path: str, hessian: bool) -> None:
        self.module, self.path, self.hessian = module, path, hessian
        self.states: dict[int, Any] = {}

    def init(self, key: int, params: Any) -> None:
        self.states[key] = self.module.init(params.copy())

    def step(self, key: int, params: Any, grad: Any, hparams: dict, hessian: Any) -> Any:
        import numpy as np

        if key not in self.states:
            raise KeyError(msg("no state {key}", key=key))
        kwargs = dict(hparams)
        if self.hessian:
            kwargs["hessian"] = hessian
        work = params.copy()
        out = self.module.step(work, grad.copy(), self.states[key], **kwargs)
        if isinstance(out, tuple) and len(out) == 2:
            out, self.states[key] = out
        if out is None:  # updated in place
            out = work
        new = np.asarray(out, dtype=np.float64)
        if new.shape != params.shape:
            raise Result(msg("step() returned shape {shape}, expected {expected}",
                             shape=str(new.shape), expected=str(params.shape)))
        if np.isnan(new).any():
            raise Result(msg("step() returned NaN"))
        return new


class Result(Exception):
    """The student's step returned something unusable (no line to point at)."""


def main(conn: Any, path: str, memory_bytes: int | None, cpu_seconds: int | None) -> None:
    """Entry point of the child: limit, load the file, serve the pipe."""
    os.environ.update(ONE_THREAD)
    limit_resources(memory_bytes, cpu_seconds)
    sys.dont_write_bytecode = True  # never leave __pycache__ next to the student's file
    name = os.path.basename(path)
    try:
        import importlib.util

        import numpy as np  # noqa: F401  (imported under the limits, before the student's code)

        spec = importlib.util.spec_from_file_location("student_optimizer", path)
        if spec is None or spec.loader is None:
            raise ValueError(msg("{file}: not a Python file", file=name))
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
        spec.loader.exec_module(module)
        info = describe(module, path)
    except ValueError as exc:
        conn.send(("error", str(exc) if str(exc).startswith(name) else where(exc, path)))
        return
    except BaseException as exc:  # noqa: BLE001 - any failure of the student's file
        conn.send(("error", where(exc, path)))
        return
    conn.send(("ok", info))
    runner = Runner(module, path, info["hessian"])
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        op = request[0]
        try:
            if op == "init":
                runner.init(request[1], request[2])
                conn.send(("ok", None))
            elif op == "step":
                conn.send(("ok", runner.step(*request[1:])))
            elif op == "run":
                key, params, grads, hparams, hessians = request[1:]
                for i in range(len(grads)):
                    params = runner.step(key, params, grads[i], hparams,
                                         None if hessians is None else hessians[i])
                    conn.send(("ok", params))
            elif op == "free":
                runner.states.pop(request[1], None)
            else:
                conn.send(("error", f"unknown request {op!r}"))
        except Result as exc:
            conn.send(("error", f"{name}: {exc}"))
        except BaseException as exc:  # noqa: BLE001 - any failure of the student's code
            conn.send(("error", where(exc, path)))
