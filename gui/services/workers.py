"""One worker for all long work: a generator (or a function) run off the GUI thread.

Modelled on superqt's ``thread_worker`` and napari's ``create_worker``, with two
differences that matter when the window closes:

* every :class:`Worker` has its own ``QThread``.  A ``QThreadPool`` (superqt's
  choice) is joined without a time limit when Qt shuts down, so one numpy call
  that takes minutes would hold the exit for minutes;
* a registry keeps every started worker, and its thread, referenced until the
  thread has ended, so a running ``QThread`` is never destroyed (Qt aborts the
  process when that happens: "QThread: Destroyed while thread is still running").

A generator function is the usual form::

    def replay(prepared):
        for done, total in prepared.replay():
            yield done / total           # progress: emitted as yielded(value)
        return prepared                  # emitted as returned(value)

    worker = Worker(replay, prepared)
    worker.yielded.connect(...)
    worker.returned.connect(...)
    worker.start()

Every ``yield`` is a checkpoint: while the worker is paused its thread waits
there, and after :meth:`Worker.cancel` the generator is closed there (its
``finally`` blocks run) and ``cancelled`` is emitted instead of ``returned``.
``yield value`` emits ``yielded(value)``; a bare ``yield`` (``None``) is only a
checkpoint.  The ``yield`` expression evaluates to ``True`` when the GUI thread
has handled every value yielded so far (back-pressure: yield a large snapshot
only then, and the event queue never floods).

Work written with callbacks (the engine's ``progress=`` and ``should_stop=``
arguments) takes the worker's :class:`Control` as first argument
(``control=True``): ``control.report(value)`` emits ``yielded(value)``,
``control.should_stop()`` is the checkpoint.  Raising :class:`Cancelled` (or
anything after a cancel) ends in ``cancelled``.

Signals, all delivered in the GUI thread, in this order: ``started()``,
``yielded(object)`` any number of times, exactly one of ``returned(object)``,
``errored(object)`` (the exception as one line, a ``str``: the engine's
:class:`~engine.messages.Message` when it carries one, so the GUI can translate it
with ``engine_error``; the traceback goes to the app log)
or ``cancelled()``, then ``finished()``.

On close the window calls :func:`shutdown` (or :func:`cancel_all` and
:func:`wait_all`): every worker is cancelled, and waited for up to a bounded
time.  A worker still inside a step that cannot be interrupted after that is
left running; :func:`running` tells the application to leave the process
without destructors (:func:`exit_process`).
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator
from typing import Any, NoReturn

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal

from engine.messages import message_of

__all__ = ["Cancelled", "Control", "Worker", "cancel_all", "exit_process", "live",
           "running", "shutdown", "wait_all"]

log = logging.getLogger(__name__)

#: Every started worker until its thread has ended (strong references: see the docstring).
_LIVE: set[Worker] = set()


class Cancelled(Exception):
    """Raised by work that saw the stop flag; the worker emits ``cancelled``."""


class Control:
    """The worker as the work sees it, from the worker thread (every method is thread-safe)."""

    def __init__(self, post: Callable[[str, object], None]) -> None:
        self._post = post
        self._stop = threading.Event()
        self._go = threading.Event()  # cleared while paused
        self._go.set()
        self._lock = threading.Lock()
        self._pending = 0

    @property
    def cancelled(self) -> bool:
        """True once :meth:`Worker.cancel` was called."""
        return self._stop.is_set()

    @property
    def paused(self) -> bool:
        return not self._go.is_set()

    def should_stop(self) -> bool:
        """The checkpoint: wait here while paused; True once the worker is cancelled.

        It also lets go of the GIL for a moment: a GUI thread waiting for it (a
        timer, a repaint) runs now instead of after the interpreter's switch
        interval (5 ms), which pure-Python work would otherwise use up every time.
        """
        self._go.wait()
        time.sleep(0)
        return self._stop.is_set()

    def report(self, value: object) -> None:
        """Emit ``yielded(value)`` in the GUI thread (generators simply yield)."""
        with self._lock:
            self._pending += 1
        self._post("yielded", value)

    @property
    def idle(self) -> bool:
        """True when the GUI thread has handled every value reported so far."""
        with self._lock:
            return self._pending == 0

    def _delivered(self) -> None:
        with self._lock:
            self._pending -= 1

    def _cancel(self) -> None:
        self._stop.set()
        self._go.set()  # a paused worker wakes up to stop

    def _pause(self, paused: bool) -> None:
        if self._stop.is_set():
            return
        (self._go.clear if paused else self._go.set)()


class _Thread(QThread):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker

    def run(self) -> None:  # the worker thread
        self._worker._work()


class Worker(QObject):
    """Runs ``func(*args, **kwargs)`` once in its own thread; see the module docstring."""

    started = Signal()
    yielded = Signal(object)
    returned = Signal(object)
    errored = Signal(object)  # str, or an engine Message (a str with its id)
    cancelled = Signal()
    finished = Signal()

    _wake = Signal()  # no arguments: no Python object crosses threads inside Qt

    def __init__(self, func: Callable[..., Any], *args: Any, control: bool = False,
                 name: str | None = None, **kwargs: Any) -> None:
        super().__init__()
        self.name = name or getattr(func, "__qualname__", "worker")
        # What the worker thread reports waits here; the GUI thread takes it out.
        # (Signals carrying Python objects from another thread proved unsafe: with
        # frequent GIL hand-overs PySide could corrupt memory and crash in a paint.)
        self._events: deque[tuple[str, object]] = deque()
        self.control = Control(self._post)
        #: ``"returned"``, ``"errored"`` or ``"cancelled"`` once the outcome was delivered.
        self.outcome: str | None = None
        self._call = (func, args, kwargs, control)
        self._thread: _Thread | None = None
        self._ended = False
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    # -- GUI thread ----------------------------------------------------------------
    def start(self) -> Worker:
        """Start the thread (once) and register the worker; returns ``self``."""
        if self._thread is not None or self._ended:
            raise RuntimeError(f"worker {self.name!r} was already started")
        thread = _Thread(self)
        thread.setObjectName(self.name[:15])
        thread.finished.connect(self._on_thread_finished, Qt.ConnectionType.QueuedConnection)
        self._thread = thread
        _LIVE.add(self)
        thread.start()
        return self

    def cancel(self) -> None:
        """Stop at the next checkpoint (a ``yield`` or ``should_stop()``); never blocks."""
        self.control._cancel()

    def pause(self) -> None:
        """Wait at the next checkpoint until :meth:`resume` (or :meth:`cancel`)."""
        self.control._pause(True)

    def resume(self) -> None:
        self.control._pause(False)

    def set_paused(self, paused: bool) -> None:
        self.control._pause(paused)

    @property
    def is_paused(self) -> bool:
        return self.control.paused

    @property
    def is_running(self) -> bool:
        """True from :meth:`start` until the thread has ended."""
        thread = self._thread
        return thread is not None and not self._ended and not thread.isFinished()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread has ended, at most ``timeout`` seconds; True if it has.

        The outcome signals still arrive later, through the event loop.
        """
        thread = self._thread
        if thread is None or self._ended:
            return True
        if timeout is None:
            return bool(thread.wait())
        return bool(thread.wait(max(0, int(timeout * 1000))))

    def _post(self, kind: str, value: object) -> None:  # any thread
        self._events.append((kind, value))  # deque.append is atomic
        self._wake.emit()

    def _drain(self) -> None:
        while self._events:
            self._deliver(*self._events.popleft())

    def _deliver(self, kind: str, value: object) -> None:
        if kind == "yielded":
            try:
                self.yielded.emit(value)
            finally:
                self.control._delivered()
        elif kind == "started":
            self.started.emit()
        elif kind == "returned":
            self.outcome = kind
            self.returned.emit(value)
        elif kind == "errored":
            message, details = value  # type: ignore[misc]
            log.warning("worker %s failed: %s\n%s", self.name, message, details.rstrip())
            self.outcome = kind
            self.errored.emit(message)
        elif kind == "cancelled":
            self.outcome = kind
            self.cancelled.emit()

    def _on_thread_finished(self) -> None:
        thread, self._ended = self._thread, True
        if thread is not None:
            thread.wait()  # it has left run(): at most a few instructions remain
        self._thread = None
        self.finished.emit()
        # Let go of the worker and its thread on a later turn of the event loop, not
        # here: this slot runs inside an event delivered to the worker, and dropping
        # the last reference now would delete the worker in the middle of it.
        QTimer.singleShot(0, functools.partial(_release, self, thread))

    # -- worker thread -------------------------------------------------------------
    def _work(self) -> None:
        post = self._post
        func, args, kwargs, pass_control = self._call
        self._call = (func, (), {}, pass_control)  # nothing of the job outlives it here
        post("started", None)
        control = self.control
        try:
            if control.cancelled:
                raise Cancelled
            if pass_control:
                args = (control, *args)
            result = func(*args, **kwargs)
            if inspect.isgenerator(result):
                result = self._drive(result)
        except Cancelled:
            post("cancelled", None)
        except Exception as exc:  # reported in the GUI as one line, never a crash
            if control.cancelled:
                post("cancelled", None)
            else:
                message = message_of(exc)  # keeps the engine's Message, if any
                post("errored", (message, traceback.format_exc()))
        else:
            post("returned", result)

    def _drive(self, gen: Generator[Any, Any, Any]) -> Any:
        control = self.control
        sent: bool | None = None
        try:
            while True:
                try:
                    value = gen.send(sent)
                except StopIteration as stop:
                    return stop.value
                if value is not None:
                    control.report(value)
                if control.should_stop():
                    raise Cancelled
                sent = control.idle
        finally:
            gen.close()  # at a checkpoint: GeneratorExit there, its finally blocks run


# -- the registry -------------------------------------------------------------------
def _release(worker: Worker, thread: QThread | None) -> None:
    """Forget a worker whose thread has ended (its last references go with this call)."""
    _LIVE.discard(worker)
    del worker, thread


def live() -> list[Worker]:
    """Every started worker whose end has not been handled yet."""
    return list(_LIVE)


def running() -> list[Worker]:
    """The workers whose thread is still running."""
    return [w for w in _LIVE if w.is_running]


def cancel_all() -> None:
    """Ask every worker to stop at its next checkpoint (never blocks)."""
    for worker in list(_LIVE):
        worker.cancel()


def wait_all(timeout: float) -> bool:
    """Wait for every worker's thread, ``timeout`` seconds in all; True if none still runs."""
    deadline = time.monotonic() + max(0.0, timeout)
    for worker in list(_LIVE):
        worker.wait(max(0.0, deadline - time.monotonic()))
    return not running()


def shutdown(timeout: float) -> bool:
    """:func:`cancel_all`, then :func:`wait_all` (``timeout`` seconds); True if all ended."""
    cancel_all()
    return wait_all(timeout)


def exit_process(code: int) -> NoReturn:
    """Leave the process now, without destructors, after flushing the logs and streams.

    Only for the end of the application, when :func:`running` is not empty:
    Python's normal exit would destroy the ``QThread`` of a worker that is still
    inside a step it cannot interrupt, and Qt aborts the process when a running
    ``QThread`` is destroyed (status 134, the settings lost).  Everything worth
    keeping has been written before (settings, session, autosave removed).
    """
    names = ", ".join(w.name for w in running())
    log.info("leaving while a worker still runs a step it cannot interrupt: %s", names)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # closed or missing (pythonw)
            pass
    os._exit(code)
