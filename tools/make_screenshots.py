"""Regenerate the README screenshots from the real window.

    xvfb-run -a -s "-screen 0 1600x1000x24" python tools/make_screenshots.py

It also starts itself once more on a 1366×768 virtual screen (``--laptop``, needs
``xvfb-run``) for the laptop screenshot: the window as it opens on such a screen.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "resources" / "screenshots"


def laptop(app, w) -> None:
    """The window as it first opens on this (1366×768) screen, a race under way."""
    w.load_preset("ravine")
    w.session.step(30)
    w.session.select(3)
    for _ in range(40):
        app.processEvents()
    w.grab().save(str(OUT / "laptop-1366x768.png"))


def main() -> None:
    import os
    import tempfile

    # Fresh settings and data folders: no restored layout, no recovery prompt, English.
    scratch = Path(tempfile.mkdtemp(prefix="optimizer-race-shots-"))
    os.environ["OPTIMIZER_RACE_SETTINGS_DIR"] = str(scratch / "settings")
    os.environ["OPTIMIZER_RACE_DATA_DIR"] = str(scratch / "data")
    os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"

    from PySide6.QtWidgets import QApplication

    from gui.shell.app import create_app
    from gui.shell.main_window import MainWindow

    app = create_app()
    OUT.mkdir(parents=True, exist_ok=True)
    w = MainWindow()
    if "--laptop" in sys.argv:
        w.show()
        laptop(app, w)
        w.close()
        return
    w.resize(1600, 1000)
    w.show()

    def settle() -> None:
        for _ in range(20):
            app.processEvents()

    w.load_preset("ravine")
    w.session.step(30)
    w.session.select(3)
    settle()
    w.grab().save(str(OUT / "race.png"))
    w.export_gif(OUT / "race.gif")

    w.presentation.set_active(True)  # View ▸ Presentation (F5), for a projector
    settle()
    w.grab().save(str(OUT / "presentation.png"))
    w.presentation.set_active(False)
    settle()

    w.load_preset("rosenbrock")
    w.session.step(400)
    w.views.setCurrentWidget(w.surface3d)
    settle()
    w.grab().save(str(OUT / "surface3d.png"))
    w.views.setCurrentWidget(w.contour)

    w.load_preset("himmelblau")
    w.session.step(120)
    w.session.select(2)
    w.contour.set_gradient_field(True)
    settle()
    w.grab().save(str(OUT / "himmelblau.png"))
    w.contour.set_gradient_field(False)

    for preset, steps in (("momentum-overshoot", 400), ("ravine-zigzag", 50)):
        w.load_preset(preset)
        w.session.step(steps)
        settle()
        w.grab().save(str(OUT / f"{preset}.png"))

    from PySide6.QtGui import QFontDatabase

    from gui.services.i18n import install_language

    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        install_language("zh_CN")  # the same window in Simplified Chinese
        w.load_preset("ravine")
        w.session.step(30)
        w.session.select(3)
        settle()
        w.grab().save(str(OUT / "zh-main.png"))
        install_language("en")
    else:  # boxes instead of characters: keep the screenshot there is
        print("no Chinese font installed: zh-main.png left as it is")

    # MNIST tab: a short run of the "Optimizer comparison" preset on the bundled sample.
    w.tabs.setCurrentWidget(w.mnist_tab)
    settle()
    finished: list[bool] = []
    w.mnist.trainingFinished.connect(lambda: finished.append(True))
    w.mnist.start_button.click()
    while not finished:
        app.processEvents()
    settle()
    w.grab().save(str(OUT / "mnist.png"))
    w.tabs.setCurrentIndex(0)

    from engine.demos import DEMOS
    from gui.demos.plots import PLOTS
    from gui.demos.view import DemoView

    for name, demo in DEMOS.items():
        if demo.preset is not None or name not in PLOTS:
            continue
        view = DemoView(name)
        view.resize(1400, 860)
        view.show()
        done: list[bool] = []
        view.finished.connect(lambda *_, done=done: done.append(True))
        view.run()
        while not done:
            app.processEvents()
        settle()
        view.grab().save(str(OUT / f"demo-{name}.png"))
        view.close()
    w.close()
    QApplication.processEvents()
    if shutil.which("xvfb-run"):
        subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable,
                        __file__, "--laptop"], check=True)
    print(f"wrote screenshots to {OUT}")


if __name__ == "__main__":
    main()
