"""Start the desktop app: ``python main.py`` or the ``optimizer-race`` launcher."""

from __future__ import annotations

import sys
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
        app = QApplication([sys.argv[0] if sys.argv else "optimizer-race", *argv])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("OptimizerRace")
    app.setDesktopFileName("optimizer-race")

    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="w", foreground="k", imageAxisOrder="row-major")
    return app


def run(argv: Sequence[str] = ()) -> int:
    """Open the main window and run the event loop."""
    app = create_app(argv)
    from .main_window import MainWindow

    window = MainWindow()
    window.show()
    return app.exec()
