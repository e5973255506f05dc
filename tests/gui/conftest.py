"""Every GUI test gets its own settings and data folders, never the real user's.

QSettings become INI files in a fresh temporary folder, and the app's data folder
(autosave, logs) moves there too.  Both are also exported as environment variables,
so an app started in a subprocess is isolated the same way.  A theme or a language
switched by a test is switched back to the default afterwards.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from engine.platform.resources import ENV_DATA_DIR
from gui.services.settings import ENV_SETTINGS_DIR, use_ini_folder


@pytest.fixture(autouse=True, scope="session")
def cycles_collected_in_the_gui_thread(qapp):
    """As in the application (``create_app``): the cycle collector runs between events.

    Never in a worker thread or inside a paint, where deleting a widget that only a
    cycle kept (a test's view once the test has returned) crashed the suite now and then.
    """
    from gui.services.collector import install

    install()
    yield


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory, monkeypatch):
    root = tmp_path_factory.mktemp("app-home")
    monkeypatch.setenv(ENV_SETTINGS_DIR, str(root / "settings"))
    monkeypatch.setenv(ENV_DATA_DIR, str(root / "data"))
    if not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName("OptimizerRace")
        QCoreApplication.setApplicationName("Optimizer Race")
    use_ini_folder(root / "settings")
    yield root
    from gui.services import i18n

    if i18n.current_language() != "en":  # a test switched language: back to English
        i18n.install_language("en")
    from gui.services.theme import ThemeManager

    manager = ThemeManager._instance
    if manager is not None:
        try:
            if manager.theme() != "system":
                manager.set_theme("system", save=False)
        except RuntimeError:  # the application it belonged to is gone
            pass
