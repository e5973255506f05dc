"""What makes the main window behave like a desktop app, in one object.

:class:`Desktop` ties the window to the settings (:mod:`gui.services.settings`), the
theme (:mod:`gui.services.theme`), crash safety and autosave (:mod:`gui.shell.crash`) and the
help window (:mod:`gui.shell.help`), so that ``main_window.py`` needs only a few
lines::

    self.desktop = Desktop(self)                 # after the docks exist
    self.desktop.populate_view_menu(view)        # Theme ▸, Language ▸, Reset to defaults…
    self.desktop.populate_help_menu(helpm)       # Optimizers and lab guide (F1)
    self.desktop.restore()                       # end of __init__: layout, race, recovery
    self.desktop.shutdown()                      # closeEvent: store, remove the autosave

Paths are injectable for tests (``data_dir``); by default they come from
:func:`gui.services.settings.app_data_dir`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from engine.messages import message_of
from engine.session import prepare
from gui.services.i18n import LanguageMenu, engine_error, install_language
from gui.services.settings import Settings, app_data_dir
from gui.services.theme import ThemeManager, ThemeMenu
from gui.shell.autosave import Autosaver
from gui.shell.crash import CrashHandler
from gui.shell.window_state import WindowSettings

if TYPE_CHECKING:
    from gui.shell.help import HelpDialog
    from gui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


class Desktop(QObject):
    """Settings, theme, autosave/recovery and help for one main window."""

    def __init__(self, window: MainWindow, *, data_dir: Path | None = None,
                 autosave_interval_ms: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.window_settings = WindowSettings(window)
        self.theme = ThemeManager.instance()
        folder = (data_dir if data_dir is not None else app_data_dir()) / "autosave"
        kwargs: dict[str, Any] = {}
        if autosave_interval_ms is not None:
            kwargs["interval_ms"] = autosave_interval_ms
        self.autosaver = Autosaver(window.bridge, folder, parent=self, **kwargs)
        self.help_dialog: HelpDialog | None = None
        self.recovered: dict[str, Any] | None = None
        self._shut_down = False
        handler = CrashHandler.current()
        if handler is not None:
            handler.crashed.connect(self._on_crash)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- menus ----------------------------------------------------------------------
    def populate_view_menu(self, menu: QMenu) -> None:
        menu.addSeparator()
        self.theme_menu = ThemeMenu(menu, self.theme)
        menu.addMenu(self.theme_menu)
        self.language_menu = LanguageMenu(menu)
        menu.addMenu(self.language_menu)
        self.reset_action = QAction(self.window)
        self.reset_action.triggered.connect(lambda: self.reset_to_defaults())
        menu.addAction(self.reset_action)
        self._retranslate_view_menu()

    def populate_help_menu(self, menu: QMenu) -> None:
        self.help_action = QAction(self.window)
        self.help_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        if self.help_action.shortcut().isEmpty():
            self.help_action.setShortcut(QKeySequence("F1"))
        self.help_action.triggered.connect(lambda: self.show_help())
        menu.addAction(self.help_action)
        self._retranslate_help_menu()

    def retranslate(self) -> None:
        """Set the texts of the actions again (the window calls this on LanguageChange)."""
        if hasattr(self, "reset_action"):
            self._retranslate_view_menu()
        if hasattr(self, "help_action"):
            self._retranslate_help_menu()

    def _retranslate_view_menu(self) -> None:
        self.reset_action.setText(self.tr("&Reset to defaults…"))
        self.reset_action.setStatusTip(self.tr(
            "Window layout, theme, language, the last race and the data folder back to their "
            "defaults"))

    def _retranslate_help_menu(self) -> None:
        self.help_action.setText(self.tr("&Optimizers and lab guide"))
        self.help_action.setStatusTip(self.tr(
            "How every optimizer works, its update rule, and a guide for lab sessions"))

    # -- start and exit --------------------------------------------------------------
    def restore(self) -> None:
        """Stored layout and race (else the textbook ravine), then the crashed run's autosave.

        A crashed run's autosave is offered once the event loop runs; otherwise
        autosaving starts now.
        """
        if not self.window_settings.restore():
            # Also while a long last race is replayed.  Quietly: the status bar keeps the
            # start hint, or says why the last race could not be restored.
            self.window.load_preset("ravine", announce=False)
        self.recovered = self.autosaver.acquire()
        if self.recovered is not None:
            QTimer.singleShot(0, self.offer_recovery)
        else:
            self.autosaver.start()

    def offer_recovery(self) -> bool:
        """Ask whether to restore the crashed run's race; True if it is restored (or replaying).

        Autosaving starts once the answer is settled (after a long replay: when it
        ends); a declined, cancelled or damaged autosave is set aside, not lost.
        """
        data, self.recovered = self.recovered, None
        if data is None:
            return False
        answer = QMessageBox.question(
            self.window, self.tr("Recover the last race?"),
            self.tr("Optimizer Race did not close properly last time. Restore the race "
                    "that was autosaved ({summary})?").format(summary=_describe(data)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            self._recovered("declined", "")
            return False
        self.window.playback.pause()
        try:
            self.window.loader.load(
                prepare(data),
                lambda p: self.tr("Recovering the autosaved race: {0} racers × {1} "
                                  "steps…").format(len(p.config.racers), f"{p.steps:,}"),
                self._recovered, data=data)
        except Exception as exc:  # a damaged autosave must not stop the app
            self._recovered("failed", message_of(exc))
            return False
        return True

    def _recovered(self, outcome: str, message: str) -> None:
        if outcome == "adopted":
            self.window.contour.fit_view()
            self.window.statusBar().showMessage(self.tr("Recovered the autosaved race."), 8000)
        else:
            if outcome == "failed":
                log.warning("could not restore the autosave: %s", message)
                QMessageBox.warning(self.window, self.tr("Cannot recover the race"),
                                    engine_error(message))
            self.autosaver.set_aside()
        self.autosaver.start()

    def shutdown(self) -> None:
        """Clean exit: store the settings, remove the autosave (idempotent)."""
        if self._shut_down:
            return
        self._shut_down = True
        try:
            self.window_settings.save()
        finally:
            self.autosaver.discard()

    def _on_crash(self, _report: str) -> None:
        try:
            self.window.playback.pause()  # a failing frame would repeat at every tick
        except RuntimeError:
            return
        self.autosaver.save_now()

    # -- actions ------------------------------------------------------------------------
    def reset_to_defaults(self, *, confirm: bool = True) -> bool:
        """Clear every setting and restore the default layout, race and theme now."""
        if confirm:
            answer = QMessageBox.question(
                self.window, self.tr("Reset to defaults"),
                self.tr("Reset the window layout, the theme, the language, the last race and "
                        "the data folder to their defaults? Saved session files are not "
                        "touched."),
                QMessageBox.StandardButton.Reset | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Reset:
                return False
        Settings().clear()
        w = self.window
        w.playback.pause()
        # Fonts, theme and language first: they decide the widgets' minimum sizes,
        # and so whether the default geometry fits.
        w.presentation.set_active(False)
        if w.large_font_action.isChecked():
            w.large_font_action.trigger()
        self.theme.set_theme("system", save=False)
        install_language("system")  # the setting is gone: follow the system again
        if hasattr(self, "language_menu"):
            self.language_menu.sync()
        self.window_settings.restore_defaults()
        w.forget_data_folder()  # the setting itself went with the others
        w.path = None
        w.statusBar().showMessage(self.tr("Settings reset to their defaults."), 6000)
        log.info("settings reset to defaults")
        return True

    def show_help(self, page: str | None = None) -> HelpDialog:
        from gui.shell.help import HelpDialog

        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self.window)
        if page is not None:
            self.help_dialog.show_page(page)
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()
        return self.help_dialog


def _describe(data: dict[str, Any]) -> str:
    race = data.get("race") if isinstance(data.get("race"), dict) else {}
    surface = race.get("surface", "?") if isinstance(race, dict) else "?"
    racers = race.get("racers", []) if isinstance(race, dict) else []
    n = len(racers) if isinstance(racers, list) else 0
    step = data.get("cursor", 0)
    return QCoreApplication.translate("Desktop", "{surface}, {n} racers, step {step}").format(
        surface=surface, n=n, step=step)
