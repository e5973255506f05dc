"""Qt signals for the engine's :class:`~engine.session.Session` events.

Views connect to these signals; they change the session only through its
methods.  The bridge adds no state of its own.
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

    def __init__(self, session: Session | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session if session is not None else Session()
        self.session.subscribe("surface", self.surfaceChanged.emit)
        self.session.subscribe("racers", self.racersChanged.emit)
        self.session.subscribe("display", self.displayChanged.emit)
        self.session.subscribe("cursor", self.cursorChanged.emit)
