"""Python's cyclic garbage collector, run only in the GUI thread between events.

Left automatic, the collector runs whenever some allocation crosses its
threshold: in a worker thread, or inside a paint.  A Qt object that Python owns
(a top-level widget, a view built without a parent) and that is reachable only
through a reference cycle is then deleted *there*: its C++ side goes from a
thread that does not own it, or while Qt is in the middle of painting it.  Both
corrupt memory and crash later, in some unrelated paint (a segmentation fault
in pyqtgraph's ``GraphicsView.paintEvent``).

:func:`install` turns the automatic collection off and collects instead from a
timer of the GUI thread, with the thresholds the automatic collection would have
used (pyqtgraph's ``GarbageCollector`` recipe): a timer event is delivered by the
event loop between other events, never inside one.  :class:`~gui.services.workers.Worker`
installs it before its first thread starts; the application installs it at
start-up.  Reference counting still frees everything that is not in a cycle at
once, in whatever thread drops the last reference.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

__all__ = ["INTERVAL_MS", "Collector", "install", "installed"]

#: How often the GUI thread looks at the collector's counts.
INTERVAL_MS = 500


class Collector(QObject):
    """Collects the generations whose counts are over their thresholds, on a timer."""

    def __init__(self, interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        threshold = gc.get_threshold()
        # Thresholds of 0 mean "never collect automatically": keep that choice.
        self.threshold = threshold
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        gc.disable()
        self.timer.start()

    def check(self) -> int:
        """Collect what the automatic collector would have by now; returns the objects found."""
        t0, t1, t2 = self.threshold
        if t0 <= 0:
            return 0
        c0, c1, c2 = gc.get_count()
        if c0 <= t0:
            return 0
        generation = 0
        if c1 > t1:
            generation = 2 if c2 > t2 else 1
        return gc.collect(generation)


_installed: Collector | None = None


def installed() -> Collector | None:
    """The collector installed in this process, if any (and its application still lives)."""
    if _installed is not None and not shiboken6.isValid(_installed):
        return None
    return _installed


def install() -> Collector | None:
    """Collect only in the GUI thread from now on (idempotent); call it from the GUI thread.

    Returns the collector, or None without a ``QCoreApplication`` (no event
    loop to run the timer: the automatic collection is left on).
    """
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        return None
    if QThread.currentThread() is not app.thread():
        raise RuntimeError("the garbage collector must be installed from the GUI thread")
    if installed() is None:
        # A child of the application: it lives (and its timer runs) in the GUI thread
        # for as long as the application does.
        _installed = Collector(parent=app)
    return _installed
