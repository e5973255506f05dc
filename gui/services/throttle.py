"""Refresh a view at most ~10 times a second while the race plays, at once otherwise.

The map follows every frame (60 Hz); curves, the leaderboard, the inspector and
the step counter are read, not watched, and repainting them 60 times a second
costs most of a frame.  :class:`Throttled` wraps such a refresh: while
``bridge.playing`` it runs on the first call, then at most once per interval
(the latest call wins, nothing is queued); when playback stops, a pending
refresh runs at once.  When nothing plays (a step, a scrub, a test) every call
refreshes immediately, so what is shown is always current once playback is idle.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from gui.services.session_bridge import SessionBridge

__all__ = ["SLOW_REFRESH_MS", "Throttled"]

#: Interval of the slow refreshes while playing (~10 Hz).
SLOW_REFRESH_MS = 100


class Throttled(QObject):
    """A callable that runs ``callback()`` at most once per ``interval_ms`` while playing.

    ``calls`` counts the refreshes actually run (tests read it).
    """

    def __init__(self, bridge: SessionBridge, callback: Callable[[], None],
                 interval_ms: int = SLOW_REFRESH_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.callback = callback
        self.calls = 0
        self._pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timeout)
        bridge.playingChanged.connect(self._on_playing)

    def trigger(self, *_: object) -> None:
        """Ask for a refresh (connect signals here: a bound slot of this QObject)."""
        if not self.bridge.playing:
            self._timer.stop()
            self._pending = False
            self._run()
        elif self._timer.isActive():
            self._pending = True
        else:
            self._run()
            self._timer.start()

    __call__ = trigger

    def flush(self) -> None:
        """Run a pending refresh now."""
        self._timer.stop()
        if self._pending:
            self._pending = False
            self._run()

    def _run(self) -> None:
        self.calls += 1
        self.callback()

    def _on_timeout(self) -> None:
        if self._pending:
            self._pending = False
            self._run()
            self._timer.start()

    def _on_playing(self, playing: bool) -> None:
        if not playing:
            self.flush()
