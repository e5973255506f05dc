"""Persistent settings: window layout, the last race, theme, language, data folder.

Settings live in :class:`QSettings` under the organisation and application names
that :func:`gui.shell.app.create_app` sets (the registry on Windows, a ``.plist`` on
macOS, ``~/.config/OptimizerRace/Optimizer Race.conf`` on Linux).  Two
environment variables move everything the app writes, for portable installs,
shared lab machines and tests:

``OPTIMIZER_RACE_SETTINGS_DIR``  settings as INI files in this folder
``OPTIMIZER_RACE_DATA_DIR``      the data folder (autosave, logs) instead of
                                 ``platformdirs.user_data_dir("optimizer-race")``

Keys (all optional; a missing or broken value means "default"):

=====================  =======================================================
``window/geometry``    ``QMainWindow.saveGeometry()``
``window/state``       ``QMainWindow.saveState()``: docks and toolbars
``session/last``       the session's ``to_dict()`` as JSON (surface, racers)
``session/stop_at``    the playback "stop at" step
``ui/theme``           ``system``, ``light`` or ``dark``
``ui/language``        ``system`` or a locale name such as ``zh_CN``
``mnist/folder``       the MNIST folder chosen in the MNIST tab
=====================  =======================================================
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from engine.platform.resources import data_dir
from engine.session import SessionError, parse_session_text

log = logging.getLogger(__name__)

ENV_SETTINGS_DIR = "OPTIMIZER_RACE_SETTINGS_DIR"

GEOMETRY = "window/geometry"
STATE = "window/state"
SESSION = "session/last"
STOP_AT = "session/stop_at"
THEME = "ui/theme"
LANGUAGE = "ui/language"
DATA_FOLDER = "mnist/folder"

THEMES = ("system", "light", "dark")
#: Bumped when the dock set changes incompatibly: an older stored layout is then ignored.
STATE_VERSION = 1
#: Restoring a session replays its steps (in a worker once the window is up); longer
#: stored runs restart at step 0.
RESTORE_MAX_STEPS = 20_000
#: How long the status bar says that the stored race could not be restored.
RESTORE_MESSAGE_MS = 30_000


def configure_storage() -> None:
    """Honour ``$OPTIMIZER_RACE_SETTINGS_DIR`` (INI files there); call once at start-up."""
    folder = os.environ.get(ENV_SETTINGS_DIR, "").strip()
    if folder:
        use_ini_folder(Path(folder))


def use_ini_folder(folder: Path) -> None:
    """Store every ``QSettings()`` as an INI file under ``folder`` (tests, portable use)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))


def app_data_dir() -> Path:
    """The app's data folder: autosave, logs and downloaded datasets live below it."""
    return data_dir()


class Settings:
    """Typed access to the keys above; every getter falls back to the default."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings()

    def location(self) -> str:
        """Where the settings are stored (a file path, or a registry key on Windows)."""
        return self.store.fileName()

    def _str(self, key: str, default: str) -> str:
        value = self.store.value(key, default)
        return value if isinstance(value, str) else default

    @property
    def theme(self) -> str:
        theme = self._str(THEME, "system")
        return theme if theme in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        if value not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}, got {value!r}")
        self.store.setValue(THEME, value)

    @property
    def language(self) -> str:
        return self._str(LANGUAGE, "system") or "system"

    @language.setter
    def language(self, value: str) -> None:
        self.store.setValue(LANGUAGE, value or "system")

    @property
    def data_folder(self) -> str | None:
        folder = self._str(DATA_FOLDER, "")
        return folder or None

    @data_folder.setter
    def data_folder(self, value: str | None) -> None:
        if value:
            self.store.setValue(DATA_FOLDER, value)
        else:
            self.store.remove(DATA_FOLDER)

    def session_data(self) -> Any:
        """The stored session parsed (``None``: nothing stored).

        Raises ``SessionError`` when the stored value is not safe, plain JSON;
        :func:`engine.session.prepare` validates the rest.
        """
        text = self.store.value(SESSION)
        if text is None:
            return None
        if not isinstance(text, str):
            raise SessionError(f"{SESSION} is not text")
        return parse_session_text(text, SESSION)

    def set_session_data(self, data: dict[str, Any]) -> None:
        self.store.setValue(SESSION, json.dumps(data, separators=(",", ":")))

    def discard_session(self) -> None:
        """Forget the stored race (and its "stop at" step), on disk at once."""
        self.store.remove(SESSION)
        self.store.remove(STOP_AT)
        self.store.sync()

    def byte_array(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        if isinstance(value, QByteArray):
            return value
        if isinstance(value, bytes | bytearray):
            return QByteArray(bytes(value))
        if value is not None:
            log.warning("ignoring the stored %s: unexpected %s", key, type(value).__name__)
        return None

    def integer(self, key: str, default: int) -> int:
        try:
            return int(self.store.value(key, default))
        except (TypeError, ValueError):
            return default

    def clear(self) -> None:
        self.store.clear()
        self.store.sync()

    def sync(self) -> None:
        self.store.sync()
