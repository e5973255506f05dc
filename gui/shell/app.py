"""Start the desktop app: ``python main.py`` or the ``optimizer-race`` launcher."""

from __future__ import annotations

from collections.abc import Sequence

APP_NAME = "Optimizer Race"


def create_app(argv: Sequence[str] = ()) -> QApplication:  # noqa: F821
    """The QApplication, configured once (name, pyqtgraph options, style)."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        # One GL context family for every 3-D view (pyqtgraph caches shaders per process).
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        # argv[0] names the X11 window class instance: "optimizer-race" however we were
        # started, to match StartupWMClass in resources/optimizer-race.desktop.
        app = QApplication(["optimizer-race", *argv])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("OptimizerRace")
    app.setDesktopFileName("optimizer-race")
    from gui.services.settings import configure_storage

    configure_storage()  # $OPTIMIZER_RACE_SETTINGS_DIR: settings as INI files there
    from gui.shell.launch import app_icon

    app.setWindowIcon(app_icon())

    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="w", foreground="k", imageAxisOrder="row-major")
    from gui.services.collector import install as install_collector

    install_collector()  # cycles are collected in the GUI thread, between events
    return app


def run(argv: Sequence[str] = (), *, started: float | None = None) -> int:
    """Open the main window and run the event loop (``started``: ``perf_counter`` at launch)."""
    app = create_app(argv)
    from gui.services.i18n import install_language

    install_language()  # ui/language: "system" (the default) follows the system locale
    from gui.shell.crash import install_crash_handler

    install_crash_handler()  # error dialog + crash logs + app log; the app keeps running
    from gui.services.theme import ThemeManager

    ThemeManager.instance()  # the stored theme, before any widget takes its colours
    from gui.shell.main_window import MainWindow

    window = MainWindow()
    window.show()
    from gui.shell.launch import watch_startup

    watch_startup(window, argv, started)  # --smoke-test, OPTIMIZER_RACE_STARTUP_PROBE
    code = app.exec()
    from gui.services import workers

    if workers.running():
        # The window has stored the settings and the session and waited a bounded time,
        # but a worker is still inside a step it cannot interrupt (one numpy call of a
        # big network can take minutes).  Python's normal exit would destroy that
        # worker's QThread while it runs, and Qt then aborts the process ("QThread:
        # Destroyed while thread is still running", status 134).  Nothing is left to
        # save: flush the logs and leave now, without destructors, with the status.
        workers.exit_process(code)
    return code
