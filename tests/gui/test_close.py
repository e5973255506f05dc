"""Closing the window while a worker is inside a step it cannot interrupt.

The real app runs in a subprocess (offscreen, its own settings and data
folders).  Its MNIST training step is replaced by one that never returns, as a
numpy call on a huge network behaves: no checkpoint is reached again.  Closing
the window must still store the settings, leave no "QThread: Destroyed" abort
(status 134) and end the process with status 0.  The time the close takes is
measured by ``benchmarks/bench_close.py``; here only a generous timeout on the
subprocess guards against a hang.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QSettings

ROOT = Path(__file__).resolve().parents[2]

DRIVER = textwrap.dedent("""
    import sys, threading
    import main
    from gui.shell import launch
    from engine.mnist import trainer

    inside = threading.Event()

    def stuck_step(self):  # one mini-batch that never ends and never checks a flag
        inside.set()
        threading.Event().wait()
        return []

    trainer.Trainer.step = stuck_step

    def drive(window, argv, started):
        from PySide6.QtCore import QTimer

        def start():
            window.load_preset("himmelblau")
            window.session.step(7)
            window.tabs.setCurrentIndex(1)
            window.mnist.start_button.click()
            poll()

        def poll():
            if inside.is_set():
                print("closing while a step runs", flush=True)
                window.close()
            else:
                QTimer.singleShot(20, poll)

        QTimer.singleShot(0, start)

    launch.watch_startup = drive
    code = main.main([])
    print("returned normally", code, flush=True)  # not reached: the step still runs
    sys.exit(code)
""")


def test_closing_during_an_uninterruptible_step_exits_0_and_keeps_the_settings(
        tmp_path: Path) -> None:
    settings, data = tmp_path / "settings", tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "OPTIMIZER_RACE_SETTINGS_DIR": str(settings), "OPTIMIZER_RACE_DATA_DIR": str(data),
           "PYTHONPATH": str(ROOT)}
    env.pop("OPTIMIZER_RACE_STARTUP_PROBE", None)
    done = subprocess.run([sys.executable, "-c", DRIVER], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert "closing while a step runs" in done.stdout, done.stderr[-2000:]
    assert "QThread: Destroyed" not in done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    assert "returned normally" not in done.stdout  # left without destructors

    ini = next(settings.rglob("*.ini"))
    stored = QSettings(str(ini), QSettings.Format.IniFormat)
    session = json.loads(stored.value("session/last"))
    assert session["race"]["surface"] == "himmelblau" and session["cursor"] == 7
    assert stored.value("window/geometry") is not None
    assert not (data / "autosave" / "session.json").exists()  # a clean exit, no "recovery"
    log = (data / "logs" / "optimizer-race.log").read_text()
    assert "still runs a step it cannot interrupt: mnist-training" in log  # flushed
