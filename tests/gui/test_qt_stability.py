"""Guard against Qt binding bugs that only show after thousands of calls.

PySide6 6.12.0 on Python 3.11 drops a reference to None/True/False on every
void- or bool-returning call and aborts the process (``none_dealloc``) after
about 8 500 calls, so an animation dies within seconds.  This test makes tens
of thousands of such calls in a subprocess, where an abort is a clean failure.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import os
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication, QCheckBox, QLabel
    app = QApplication([])
    box, label, obj = QCheckBox(), QLabel(), QObject()
    n = 0
    for i in range(20_000):
        box.setChecked(i % 2 == 0)        # void
        n += box.isChecked()              # bool
        label.setText(str(i))             # void
        n += label.isVisible()            # bool (False)
        obj.blockSignals(False)           # bool
    timer = QTimer()
    timer.setSingleShot(True)
    timer.start(0)
    app.processEvents()
    print("ok", n)
    """
)


def test_tens_of_thousands_of_void_and_bool_qt_calls_do_not_abort() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["ok", "10000"]
