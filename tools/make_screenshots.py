"""Regenerate the README screenshots from the real window.

    xvfb-run -a -s "-screen 0 1600x1000x24" python tools/make_screenshots.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "resources" / "screenshots"


def landscape_shots(app, settle) -> None:
    """The landscape lab on the bundled sample: a PCA slice with three paths, a line."""
    from engine.mnist.data import load_sample
    from gui.landscape.panel import LandscapePanel

    panel = LandscapePanel()
    panel.resize(1400, 820)
    panel.show()
    panel.dataset = load_sample()
    panel.optimizers.setText("sgd:lr=0.1 momentum:lr=0.01 adam:lr=0.001")
    panel.epochs.setValue(5)
    panel.directions.setCurrentIndex(1)  # PCA
    panel.examples.setValue(1000)
    for start, shot in ((panel.compute_slice, "landscape.png"),
                        (panel.compute_line, "landscape-interpolation.png")):
        if shot == "landscape-interpolation.png":
            panel.t_from.setValue(-0.5)
            panel.t_to.setValue(1.5)
            panel.points.setValue(41)  # t = 0 and t = 1 on the grid
        start()
        while panel.busy:
            app.processEvents()
        settle()
        panel.grab().save(str(OUT / shot))
    panel.close()


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

    landscape_shots(app, settle)

    from engine.demos import DEMOS
    from gui.demos.view import PLOTS, DemoView

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
    print(f"wrote screenshots to {OUT}")


if __name__ == "__main__":
    main()
