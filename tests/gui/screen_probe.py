"""Open the main window as a user starts it and print where its controls are, as JSON.

Run by ``test_screen_fit.py`` in a subprocess under its own ``xvfb-run`` screen
(1280×720, 1366×768 …): the window must fit whatever screen it starts on.  For
each dock and each top-level control it prints the rectangle in screen
coordinates and whether any part is hidden (clipped by a parent or off-screen).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _where(widget) -> dict:
    from PySide6.QtCore import QPoint, QRect

    top_left = widget.mapToGlobal(QPoint(0, 0))
    full = QRect(top_left, widget.size())
    shown, parent = QRect(full), widget.parentWidget()
    while parent is not None:  # what every ancestor (a scroll area, a dock) lets through
        shown &= QRect(parent.mapToGlobal(QPoint(0, 0)), parent.size())
        parent = parent.parentWidget()
    return {"rect": [full.x(), full.y(), full.width(), full.height()],
            "visible": widget.isVisible(), "clipped": shown != full}


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from gui.shell.app import create_app
    from gui.shell.main_window import MainWindow

    app = create_app()
    w = MainWindow()
    w.show()
    _settle(app)
    screen = app.primaryScreen().availableGeometry()
    frame = w.frameGeometry()
    out: dict = {"screen": [screen.x(), screen.y(), screen.width(), screen.height()],
                 "window": [frame.x(), frame.y(), frame.width(), frame.height()],
                 "race": {}, "mnist": {}, "widths": [frame.width()]}
    race_controls = {
        "play": w.playback.play_button, "step": w.playback.step_button,
        "step back": w.playback.step_back_button, "timeline": w.playback.timeline,
        "speed": w.playback.speed_control, "stop at": w.playback.max_steps_spin,
        "add racer": w.racers_panel.add_button, "views": w.views, "curves": w.curves,
    }
    for i in range(len(w.session.config.racers)):  # selecting a racer must not widen it
        w.session.select(i)
        _settle(app, 0.1)
        out["widths"].append(w.frameGeometry().width())
    for key, dock in w.docks.items():
        if not w.tabifiedDockWidgets(dock) or not dock.visibleRegion().isEmpty():
            out["race"][f"dock {key}"] = _where(dock)
    for key, widget in race_controls.items():
        out["race"][key] = _where(widget)
    w.tabs.setCurrentWidget(w.mnist_tab)
    _settle(app)
    out["widths"].append(w.frameGeometry().width())
    mnist = w.mnist
    for key, widget in {"start": mnist.start_button, "pause": mnist.pause_button,
                        "stop": mnist.stop_button, "progress": mnist.progress_bar,
                        "status": mnist.status_label}.items():
        out["mnist"][key] = _where(widget)
    w.tabs.setCurrentIndex(0)
    _settle(app)
    out["widths"].append(w.frameGeometry().width())
    w.close()
    QApplication.processEvents()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
