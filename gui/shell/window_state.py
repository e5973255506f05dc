"""The main window's layout and last race, stored on close and restored on start.

The keys are those of :mod:`gui.services.settings`; this class knows the window
(its docks, tabs, playback and loader), so it sits in the shell, above the features.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from engine.session import SessionError, prepare
from gui.services.i18n import engine_error
from gui.services.settings import (
    GEOMETRY,
    RESTORE_MAX_STEPS,
    RESTORE_MESSAGE_MS,
    STATE,
    STATE_VERSION,
    STOP_AT,
    Settings,
)

if TYPE_CHECKING:
    from gui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


class WindowSettings:
    """Saves a main window's geometry, docks and race on close, restores them on start.

    Construct it once the window has its docks but before the stored state is
    restored: it remembers the window's *default* layout for "Reset to defaults".
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._default_geometry = window.saveGeometry()
        self._default_state = window.saveState(STATE_VERSION)
        self._default_size = window.size()

    def restore(self, settings: Settings | None = None) -> bool:
        """Geometry, dock layout and the last race; broken values are logged and skipped.

        True if the last race is shown now (False: nothing stored, broken, or a long
        race that is replayed once the window is up).
        """
        s = settings or Settings()
        w = self.window
        geometry = s.byte_array(GEOMETRY)
        if geometry is not None and not w.restoreGeometry(geometry):
            log.warning("ignoring the stored window geometry: Qt could not read it")
        state = s.byte_array(STATE)
        if state is not None and not w.restoreState(state, STATE_VERSION):
            log.warning("ignoring the stored dock layout: Qt could not read it")
        return self.restore_session(s)

    def restore_session(self, settings: Settings) -> bool:
        """The last race: shown at once when short, else replayed once the window is up.

        True if it is shown now; False if nothing is stored, if it is replayed in a
        worker (a progress dialog), or if it cannot be restored (damaged, hostile, or
        refused by a newer validation): then it is reported once in the status bar
        and removed from the settings, so the next start is a clean one.
        """
        w = self.window
        try:
            data = settings.session_data()
            if data is None:
                return False
            prepared = prepare(data)
            if prepared.steps > RESTORE_MAX_STEPS:  # a quick start: the tape restarts at 0
                prepared = replace(prepared, steps=0, cursor=0)
                data = {**data, "steps": 0, "cursor": 0}
            return w.loader.load(
                prepared, lambda p: QCoreApplication.translate(
                    "WindowSettings", "Restoring the last race: {0} racers × {1} steps…"
                ).format(len(p.config.racers), f"{p.steps:,}"),
                lambda outcome, message: self._restored(settings, outcome, message),
                data=data, start_when=w)
        except Exception as exc:  # a stored value must never stop the start, nor every start
            self._discard_session(settings, exc)
            return False

    def _restored(self, settings: Settings, outcome: str, message: str) -> None:
        w = self.window
        if outcome == "failed":
            self._discard_session(settings, SessionError(message))
        if outcome != "adopted":
            return
        stop_at = settings.integer(STOP_AT, 0)
        if stop_at > 0:
            w.playback.set_max_steps(max(stop_at, w.session.cursor))
        w.contour.fit_view()

    def _discard_session(self, settings: Settings, exc: Exception) -> None:
        log.warning("ignoring the stored session: %s", exc)
        settings.discard_session()
        reason = engine_error(exc) if isinstance(exc, SessionError) else type(exc).__name__
        self.window.statusBar().showMessage(QCoreApplication.translate(
            "WindowSettings", "The last race could not be restored ({0}); starting with the "
            "default race.").format(reason), RESTORE_MESSAGE_MS)

    def save(self, settings: Settings | None = None) -> None:
        s = settings or Settings()
        w = self.window
        # The race docks are hidden while another tab is shown: store them as on the race tab.
        if w.tabs.currentIndex() != 0:
            w.tabs.setCurrentIndex(0)
        s.store.setValue(GEOMETRY, w.saveGeometry())
        s.store.setValue(STATE, w.saveState(STATE_VERSION))
        try:
            # A session still replaying is the one the user asked for: store that one.
            pending = w.loader.pending_data
            s.set_session_data(pending if pending is not None else w.session.to_dict())
        except Exception as exc:  # closing must not fail on a bad race
            log.warning("the session was not stored: %s", exc)
        s.store.setValue(STOP_AT, w.playback.max_steps())
        s.sync()

    def restore_defaults(self) -> None:
        """The window's layout as it was built, the default race (settings untouched)."""
        w = self.window
        if w.tabs.currentIndex() != 0:
            w.tabs.setCurrentIndex(0)
        w.restoreState(self._default_state, STATE_VERSION)
        if w.isMaximized() or w.isFullScreen():
            w.showNormal()
        w.restoreGeometry(self._default_geometry)
        w.resize(self._default_size)
        w.load_preset("ravine")
