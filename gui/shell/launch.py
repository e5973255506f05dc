"""Launch helpers: the application icon, the startup-time probe and ``--smoke-test``.

* :func:`app_icon`: the icon from ``resources/icons`` (PNGs rendered from the SVG
  by ``tools/make_icons.py``), for the window and the task bar.
* ``OPTIMIZER_RACE_STARTUP_PROBE=1``: when the main window is first exposed
  (painted on screen), print ``startup <seconds>`` measured from the top of
  ``main.py`` and quit.  ``benchmarks/bench_startup.py`` runs it several times.
* ``--smoke-test``: open the window, check the icon and the bundled MNIST sample,
  print ``ok ...`` and exit 0 (or print ``FAILED ...`` and exit 1).  The test of
  the standalone bundle (``tests/test_bundle.py``) runs the built binary with it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from engine.platform.resources import resource_path
from engine.platform.xdg import APP_ID, ICON_SIZES
from gui.widgets.layout import FirstExpose

PROBE_ENV = "OPTIMIZER_RACE_STARTUP_PROBE"
SMOKE_FLAG = "--smoke-test"
#: Give up (and fail) if the window is not exposed within this many seconds.
EXPOSE_TIMEOUT_S = 60.0


def app_icon() -> QIcon:
    """The application icon in every bundled size (null if the files are missing)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path(f"icons/{APP_ID}-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon


def watch_startup(window: QWidget, argv: Sequence[str] = (),
                  started: float | None = None) -> None:
    """Arm the startup probe and the smoke test if this launch asked for them."""
    smoke = SMOKE_FLAG in argv
    probe = bool(os.environ.get(PROBE_ENV))
    if not (smoke or probe):
        return
    t0 = time.perf_counter() if started is None else started
    app = QApplication.instance()

    def exposed() -> None:
        elapsed = time.perf_counter() - t0
        code = 0
        if probe:
            print(f"startup {elapsed:.3f}", flush=True)
        if smoke:
            code = _smoke_test(window, elapsed)
        window.close()  # a normal close: settings stored, no autosave left to "recover"
        app.exit(code)

    def timeout() -> None:
        if watcher._callback is not None:
            print(f"FAILED: the main window was not exposed within {EXPOSE_TIMEOUT_S:.0f} s",
                  file=sys.stderr, flush=True)
            app.exit(1)

    watcher = FirstExpose(window, exposed)
    QTimer.singleShot(int(EXPOSE_TIMEOUT_S * 1000), timeout)


def _smoke_test(window: QWidget, elapsed: float) -> int:
    """Check what a user needs first; print one line; the exit status."""
    from engine.mnist.data import load_sample

    problems = []
    if not window.isVisible():
        problems.append("the main window is not visible")
    if QApplication.windowIcon().isNull():
        problems.append(f"no application icon ({resource_path('icons')})")
    mnist = formula = ""
    try:
        sample = load_sample()
        mnist = f"MNIST sample {sample.n_train}+{sample.n_test} images"
    except Exception as exc:  # report it, do not crash: this is the check
        problems.append(f"the bundled MNIST sample does not load: {type(exc).__name__}: {exc}")
    # What the app imports only when needed must be there too (a bundle may lack it).
    try:
        from engine.formula import parse_formula

        surface = parse_formula("(1 - x)^2 + 100*(y - x^2)^2")
        gx, gy = surface.grad(1.0, 2.0)
        formula = f"formula gradient ({float(gx):g}, {float(gy):g})"
    except Exception as exc:
        problems.append(f"custom formulas do not work: {type(exc).__name__}: {exc}")
    try:
        import OpenGL.GL  # noqa: F401
        import pyqtgraph.opengl  # noqa: F401
    except Exception as exc:
        problems.append(f"the 3-D view cannot be imported: {type(exc).__name__}: {exc}")
    view3d = _try_3d_view(window)
    if problems:
        print("FAILED: " + "; ".join(problems), file=sys.stderr, flush=True)
        return 1
    print(f"ok: window '{window.windowTitle()}' shown in {elapsed:.2f} s on "
          f"'{QApplication.platformName()}'; {mnist}; {formula}; {view3d}; "
          f"resources in {resource_path('.')}", flush=True)
    return 0


def _try_3d_view(window: QWidget) -> str:
    """Open the 3-D tab once where there may be OpenGL; a machine without it is no failure."""
    view, tabs = getattr(window, "surface3d", None), getattr(window, "views", None)
    if view is None or tabs is None or QApplication.platformName() in ("offscreen", "minimal"):
        return "3-D view importable"
    before = tabs.currentIndex()
    tabs.setCurrentWidget(view)
    QApplication.processEvents()
    state = "works" if view.available else "unavailable"
    tabs.setCurrentIndex(before)
    return f"3-D view {state} ({view.reason})"
