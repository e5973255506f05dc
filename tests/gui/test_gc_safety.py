"""Python's cycle collector never deletes Qt objects in a worker thread or inside a paint.

A widget that Python owns and that only a reference cycle keeps alive is deleted
whenever the cycle collector runs.  Left automatic, it runs at whatever allocation
crosses its threshold: in a worker thread (the widget's C++ side is then deleted
off the GUI thread) or inside a paint (the widget being painted is deleted under
Qt's feet).  Both crashed the test suite now and then in a later paint.  The
scripts run in a subprocess, where such a crash is a clean failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

COMMON = """
    import gc, os, sys, threading
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    class Sentinel:
        \"\"\"Notes where (which thread, inside a paint or not) its cycle was freed.\"\"\"
        freed = None
        def __del__(self):
            Sentinel.freed = (threading.current_thread().name, Painted.inside)

    class Painted(QWidget):
        inside = False
        kept = []
        def paintEvent(self, event):
            Painted.inside = True
            # What a real paint does: allocate (pyqtgraph builds paths, pens, lists...).
            Painted.kept.append([[] for _ in range(20_000)])
            Painted.inside = False
"""

WORKER_SCRIPT = COMMON + """
    app = QApplication([])
    from gui.services.workers import Worker

    kept = []

    def allocate():
        # Enough allocations that an automatic collection would run here, in this thread.
        kept.append([[] for _ in range(200_000)])

    gc.collect()
    widget = QWidget()
    widget.cycle = (widget, Sentinel())  # only the cycle keeps it: garbage from here on
    del widget
    worker = Worker(allocate, name="allocate")
    worker.finished.connect(app.quit)
    worker.start()
    app.exec()
    QTimer.singleShot(3000, app.quit)
    timer = QTimer()
    timer.timeout.connect(lambda: Sentinel.freed is not None and app.quit())
    timer.start(20)
    app.exec()
    print("freed", Sentinel.freed)
"""

PAINT_SCRIPT = COMMON + """
    import weakref
    from gui.shell.app import create_app
    app = create_app([])
    gc.collect()
    widget = QWidget()  # a window that only a cycle keeps, with a painted child
    widget.resize(200, 200)
    Painted(widget).resize(200, 200)
    widget.cycle = (widget, Sentinel())
    widget.show()
    ref = weakref.ref(widget.children()[0])
    del widget
    repaint = QTimer()
    repaint.timeout.connect(lambda: ref() is not None and ref().update())
    repaint.start(5)
    done = QTimer()
    done.timeout.connect(lambda: Sentinel.freed is not None and app.quit())
    done.start(20)
    QTimer.singleShot(5000, app.quit)
    app.exec()
    print("freed", Sentinel.freed)
"""


def _run(script: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-X", "faulthandler", "-c", textwrap.dedent(script)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_cycle_holding_a_widget_is_freed_in_the_gui_thread_not_in_a_worker() -> None:
    done = _run(WORKER_SCRIPT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split("\n")[-2] == "freed ('MainThread', False)", done.stdout


def test_a_widget_kept_only_by_a_cycle_is_not_deleted_inside_its_paint() -> None:
    done = _run(PAINT_SCRIPT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split("\n")[-2] == "freed ('MainThread', False)", done.stdout
