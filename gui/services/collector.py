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

#: How often the GUI thread looks at the collector's counts.  Short: what piles up
#: between two looks is collected in one go, and that must stay far below 50 ms.
INTERVAL_MS = 100


class Collector(QObject):
    """Collects, on a timer, what the automatic collection would have collected by now.

    The same policy as CPython's: generation 0 when its count is over the first
    threshold, generation 1 when the count of younger collections is over its
    threshold, and the oldest generation (a pass over every object, the slow
    one) only when it has also grown by a quarter since the last full collection.
    """

    def __init__(self, interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self._oldest = len(gc.get_objects(2))  # its size after the last full collection
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        gc.disable()
        self.timer.start()

    def check(self) -> int:
        """Collect what is due; returns the number of unreachable objects found."""
        t0, t1, t2 = self.threshold
        c0, c1, c2 = gc.get_count()
        if t0 <= 0 or c0 <= t0:  # a threshold of 0: never collect automatically
            return 0
        if c1 <= t1:
            return gc.collect(0)
        if c2 <= t2 or len(gc.get_objects(2)) - self._oldest < self._oldest // 4:
            return gc.collect(1)
        found = gc.collect(2)
        self._oldest = len(gc.get_objects(2))
        return found


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
