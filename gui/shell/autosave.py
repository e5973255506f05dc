"""Autosave for recovery after a crash.

:class:`Autosaver` writes the session (``session.to_dict()`` as JSON) to
``<data>/autosave/session.json`` every 45 s and shortly after the surface or the
racers change, only when it changed, atomically.  A clean exit removes it; if
it is still there at the next start, the last run crashed and the window offers
to restore it.  A lock file keeps a second running instance from taking a live
autosave for a crashed one.

API::

    saver = Autosaver(bridge, folder)          # folder injectable (tests: tmp_path)
    data = saver.acquire()                     # the crashed run's session dict, or None
    saver.start(); saver.save_now(); saver.discard()
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from engine.platform.files import write_atomic
from engine.session import SessionError, parse_session_text, prepare, read_session_text
from gui.services.session_bridge import SessionBridge
from gui.services.settings import app_data_dir

__all__ = ["AUTOSAVE_DEBOUNCE_MS", "AUTOSAVE_INTERVAL_MS", "Autosaver", "autosave_dir"]

log = logging.getLogger(__name__)

AUTOSAVE_INTERVAL_MS = 45_000
AUTOSAVE_DEBOUNCE_MS = 2_000


def autosave_dir() -> Path:
    return app_data_dir() / "autosave"


# -- autosave ---------------------------------------------------------------------------
class Autosaver(QObject):
    """Autosaves the session while the app runs; what is left after a crash is offered back.

    ``acquire()`` takes the folder's lock and returns the crashed run's session (a
    dict) if one was left behind.  ``start()`` begins saving: every ``interval_ms``
    and ``AUTOSAVE_DEBOUNCE_MS`` after the surface or racers change, only when the
    JSON differs from the last one written.  ``discard()`` (clean exit) stops, removes
    the file and releases the lock.
    """

    saved = Signal(str)

    FILE = "session.json"
    DECLINED = "declined-session.json"
    LOCK = "session.lock"

    def __init__(self, bridge: SessionBridge, folder: Path | None = None, *,
                 interval_ms: int = AUTOSAVE_INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.folder = folder if folder is not None else autosave_dir()
        self.path = self.folder / self.FILE
        self._lock: QLockFile | None = None
        self._last: str | None = None
        self._listening = False
        self.enabled = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(AUTOSAVE_DEBOUNCE_MS)
        self.debounce.timeout.connect(self.save_now)

    def acquire(self) -> dict[str, Any] | None:
        """Lock the folder; the session a crashed run left behind, or ``None``."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("autosave disabled: cannot create %s (%s)", self.folder, exc)
            return None
        lock = QLockFile(str(self.folder / self.LOCK))
        if not lock.tryLock(0):
            log.info("autosave disabled: another Optimizer Race is running (%s)", self.folder)
            return None
        self._lock = lock
        self.enabled = True
        if not self.path.exists():
            return None
        try:
            data = parse_session_text(read_session_text(self.path), self.FILE)
            prepare(data)  # a damaged or hostile autosave is not offered
        except SessionError as exc:
            log.warning("ignoring an unreadable autosave %s: %s", self.path, exc)
            try:
                self.path.unlink(missing_ok=True)
            except OSError as err:
                log.warning("could not remove the autosave: %s", err)
            return None
        return cast(dict[str, Any], data)

    def set_aside(self) -> None:
        """Keep the crashed run's autosave as ``declined-session.json`` (user said no)."""
        if self.enabled and self.path.exists():
            try:
                os.replace(self.path, self.folder / self.DECLINED)
            except OSError as exc:
                log.warning("could not set the autosave aside: %s", exc)

    def start(self) -> None:
        """Begin autosaving; the current session is the baseline (not written now)."""
        if not self.enabled:
            return
        self._last = self._text()
        if not self._listening:
            self.bridge.surfaceChanged.connect(self._changed)
            self.bridge.racersChanged.connect(self._changed)
            self._listening = True
        self.timer.start()

    def _changed(self) -> None:
        self.debounce.start()

    def _text(self) -> str | None:
        try:
            return json.dumps(self.bridge.session.to_dict(), indent=1) + "\n"
        except Exception as exc:  # a broken session must not break autosave's caller
            log.warning("autosave skipped: %s", exc)
            return None

    def save_now(self) -> bool:
        """Write the session if it changed since the last write; True if written."""
        if not self.enabled:
            return False
        text = self._text()
        if text is None or text == self._last:
            return False
        try:
            write_atomic(self.path, text)
        except OSError as exc:
            log.warning("autosave failed: %s", exc)
            return False
        self._last = text
        self.saved.emit(str(self.path))
        return True

    def discard(self) -> None:
        """Clean exit: stop saving, remove the autosave, release the lock."""
        self.timer.stop()
        self.debounce.stop()
        if not self.enabled:
            return
        self.enabled = False
        if self._listening:
            self.bridge.surfaceChanged.disconnect(self._changed)
            self.bridge.racersChanged.disconnect(self._changed)
            self._listening = False
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove the autosave: %s", exc)
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
