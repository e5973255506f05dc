"""Qt signals for the engine's :class:`~engine.session.Session` events.

Views connect to these signals; they change the session only through its
methods.  The only state the bridge adds is ``playing``: whether the playback
timer is running, so that views can refresh their slower parts (curves, tables,
labels) at a lower rate than the map while the race plays (see
:class:`gui.services.throttle.Throttled`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from engine.session import Session


class SessionBridge(QObject):
    """Re-emits the Qt-free session's events as Qt signals (GUI thread only)."""

    surfaceChanged = Signal()
    racersChanged = Signal()
    displayChanged = Signal(int)
    cursorChanged = Signal(int)
    #: The playback timer started (True) or stopped (False).
    playingChanged = Signal(bool)

    def __init__(self, session: Session | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session if session is not None else Session()
        self.playing = False
        self.session.subscribe("surface", self.surfaceChanged.emit)
        self.session.subscribe("racers", self.racersChanged.emit)
        self.session.subscribe("display", self.displayChanged.emit)
        self.session.subscribe("cursor", self.cursorChanged.emit)

    def set_playing(self, playing: bool) -> None:
        """Called by the playback panel when its timer starts or stops."""
        if playing != self.playing:
            self.playing = playing
            self.playingChanged.emit(playing)
