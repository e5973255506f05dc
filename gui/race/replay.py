"""Loading a session without freezing the window (File ▸ Open, recovery, the last race).

A session file records only the configuration and the step counts; loading it
replays every step, which takes seconds for a long race with many racers (20
racers × 20,000 steps: about half a minute).  :class:`SessionLoader` splits the
load in the engine's three steps (:mod:`engine.session`):

1. the caller validates the data with :func:`~engine.session.prepare` in the
   GUI thread, at once: a bad file is refused before anything changes;
2. :meth:`SessionLoader.load` runs the replay in a :class:`gui.services.workers.Worker`,
   behind a window-modal progress dialog with a Cancel button (shown when the
   replay lasts longer than :data:`DIALOG_AFTER_MS`).  A replay of at most
   :data:`INLINE_RACER_STEPS` racer-steps (a few milliseconds) is done at once;
3. :meth:`~engine.session.Session.adopt` swaps the replayed race in.

Until then the window keeps showing the previous race; Cancel leaves it
untouched.  A new load cancels one still replaying.  ``done(outcome, message)``
tells the caller how it ended: ``"adopted"``, ``"cancelled"`` or ``"failed"``
(with the engine's English message).

``start_when`` delays the worker until a widget has been shown and painted: the
startup restore does not compete with the first frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from engine.session import PreparedSession, Session
from gui.services.workers import Worker
from gui.widgets.layout import on_first_expose

__all__ = ["DIALOG_AFTER_MS", "INLINE_RACER_STEPS", "SessionLoader"]

#: Replays up to this many racer-steps (steps × racers) run at once in the GUI thread:
#: at most about 30 ms (a racer-step costs 60-100 µs here), within the 50 ms budget.
INLINE_RACER_STEPS = 300
#: The progress dialog appears when the replay is expected to last longer than this.
DIALOG_AFTER_MS = 400
#: Seconds of replay between two hand-overs to the GUI thread (see :func:`replay`).
SLICE_S = 0.02

Done = Callable[[str, str], None]


def replay(prepared: PreparedSession) -> Generator[tuple[int, int] | None, bool, PreparedSession]:
    """The worker's job: replay ``prepared``, in step with the GUI thread.

    Every :data:`SLICE_S` seconds of replay it reports the progress and waits until
    the GUI thread has handled it: the replay runs only while the GUI thread is
    idle, a slice at a time.  Without that, this pure-Python loop would take the
    GIL back for up to a switch interval every time the GUI thread lets go of it
    (every Qt call while painting), and one repaint of the plots could take seconds.
    Each engine chunk (a few ms) ends at a checkpoint: cancel is seen there.
    """
    handed_over = time.monotonic()
    for progress in prepared.replay():
        if time.monotonic() - handed_over < SLICE_S and prepared.race is None:
            yield  # a checkpoint only
            continue
        idle = yield progress
        while not idle:
            time.sleep(0.001)  # the GIL is free: the GUI thread runs at full speed
            idle = yield
        handed_over = time.monotonic()
    return prepared


class SessionLoader(QObject):
    """Loads sessions into ``session``, replaying long ones in a worker; see the module."""

    def __init__(self, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self.dialog: QProgressDialog | None = None
        self._worker: Worker | None = None
        self._done: Done | None = None
        self._data: Any = None

    @property
    def busy(self) -> bool:
        """True while a replay runs (or waits to start)."""
        return self._worker is not None

    @property
    def pending_data(self) -> Any:
        """The session being replayed (what the user asked for), or None."""
        return self._data if self.busy else None

    def load(self, prepared: PreparedSession, label: Callable[[PreparedSession], str],
             done: Done | None = None, *, data: Any, start_when: QWidget | None = None
             ) -> bool:
        """Replay ``prepared`` and adopt it: True if done at once, False if a worker runs.

        ``label(prepared)`` gives the dialog's text (translated by the caller);
        ``data`` is the session as a dict, stored instead of the race shown if the
        window closes during the replay (:attr:`pending_data`).
        """
        self.cancel()
        if prepared.total_racer_steps <= INLINE_RACER_STEPS:
            prepared.run()
            self.session.adopt(prepared)
            if done is not None:
                done("adopted", "")
            return True
        worker = Worker(replay, prepared, name="session-replay")
        worker.yielded.connect(self._on_progress)
        worker.returned.connect(self._on_replayed)
        worker.errored.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        self._worker, self._done, self._data = worker, done, data
        self._open_dialog(label(prepared))
        if start_when is not None and not start_when.isVisible():
            _StartOnExpose(start_when, worker)
        else:
            worker.start()
        return False

    def cancel(self) -> None:
        """Cancel the replay under way, if any (its ``done`` says ``"cancelled"``)."""
        worker = self._worker
        if worker is None:
            return
        self._finish("cancelled", "")
        worker.cancel()

    # -- worker → window --------------------------------------------------------------
    def _open_dialog(self, label: str) -> None:
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, 1000, self.window)
        dialog.setWindowTitle(self.tr("Opening a session"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(DIALOG_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)  # starts the clock of the minimum duration
        self.dialog = dialog

    def _current(self) -> bool:
        return self._worker is not None and self.sender() is self._worker

    def _on_progress(self, progress: tuple[int, int]) -> None:
        if self._current() and self.dialog is not None:
            done, total = progress
            self.dialog.setValue(int(1000 * done / max(1, total)))

    def _on_replayed(self, prepared: PreparedSession) -> None:
        if self._current():
            self._close_dialog()
            self.session.adopt(prepared)
            self._finish("adopted", "")

    def _on_failed(self, message: str) -> None:
        if self._current():
            self._finish("failed", message)

    def _on_cancelled(self) -> None:
        if self._current():
            self._finish("cancelled", "")

    def _finish(self, outcome: str, message: str) -> None:
        done = self._done
        self._worker = self._done = self._data = None
        self._close_dialog()
        if done is not None:
            done(outcome, message)

    def _close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.close()
            dialog.deleteLater()


class _StartOnExpose(QObject):
    """Starts ``worker`` once ``widget`` has been shown and painted."""

    def __init__(self, widget: QWidget, worker: Worker) -> None:
        super().__init__(worker)
        self.widget, self.worker = widget, worker
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if obj is self.widget and event.type() == QEvent.Type.Show:
            self.widget.removeEventFilter(self)
            on_first_expose(self.widget, self._start)
        return False

    def _start(self) -> None:
        if not self.worker.control.cancelled:
            self.worker.start()
