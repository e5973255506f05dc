"""Regenerate the README screenshots from the real window.

    xvfb-run -a -s "-screen 0 1600x1000x24" python tools/make_screenshots.py
    xvfb-run -a -s "-screen 0 1600x1000x24" python tools/make_screenshots.py --lab   # lab only
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "resources" / "screenshots"


def _isolate() -> Path:
    import os
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix="optimizer-race-shots-"))
    os.environ["OPTIMIZER_RACE_SETTINGS_DIR"] = str(scratch / "settings")
    os.environ["OPTIMIZER_RACE_DATA_DIR"] = str(scratch / "data")
    os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"
    return scratch


def lab() -> None:
    """The lab exercises: a student's Adam without bias correction, checked and raced."""
    scratch = _isolate()
    from PySide6.QtWidgets import QApplication

    from engine.plugins.exercises import start_exercise
    from engine.race import RacerConfig
    from gui.plugins.exercises_dialog import ExercisesDialog
    from gui.shell.app import create_app
    from gui.shell.main_window import MainWindow

    app = create_app()
    OUT.mkdir(parents=True, exist_ok=True)
    folder = scratch / "exercises"
    path = start_exercise("adam", folder)

    def settle() -> None:
        for _ in range(20):
            app.processEvents()

    dialog = ExercisesDialog(folder=folder)
    dialog.resize(1100, 720)
    dialog.exercise_list.setCurrentRow(3)
    dialog.check.set_file(path)
    dialog.folder_label.setText("Exercises folder: ~/.local/share/optimizer-race/exercises")
    dialog.show()
    done: list[bool] = []
    dialog.check.checked.connect(lambda ok: done.append(ok))
    dialog.check.check()
    while not done:
        app.processEvents()
    settle()
    dialog.grab().save(str(OUT / "lab-exercise-check.png"))
    dialog.close()

    w = MainWindow()
    w.resize(1600, 1000)
    w.show()
    w.load_preset("rosenbrock", announce=False)
    w.lab.add_from_file(path)
    while "my_adam" not in [r.optimizer for r in w.session.config.racers]:
        app.processEvents()
    index = len(w.session.config.racers) - 1
    w.session.update_racer(index, RacerConfig("my_adam", {"lr": 0.05}))
    w.session.step(300)
    w.session.select(index)
    settle()
    w.grab().save(str(OUT / "lab-race.png"))
    w.close()
    QApplication.processEvents()
    print(f"wrote lab screenshots to {OUT}")


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
    print(f"wrote screenshots to {OUT}")


if __name__ == "__main__":
    lab() if "--lab" in sys.argv[1:] else main()
