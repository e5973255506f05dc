"""Startup: the window is on screen fast, and heavy modules wait until they are needed.

Each check starts the app the way users do (``main.main`` / ``python main.py``)
in a fresh process, with the probe that prints the time to the first exposed
window and quits (:mod:`gui.shell.launch`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Modules the first window must not need (the 3-D tab, custom formulas, dev tools, the
#: MNIST tab, the paper demos).
DEFERRED = ("sympy", "OpenGL", "pyqtgraph.opengl", "engine.formula", "torch", "scipy",
            "gui.mnist.panel", "gui.mnist.charts", "gui.mnist.dataset", "engine.mnist.trainer",
            "gui.demos.view", "gui.demos.plots", "engine.demos", "engine.cli")


def probe_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "OPTIMIZER_RACE_STARTUP_PROBE": "1", "LC_MESSAGES": "C.UTF-8",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("LC_ALL", None)  # the system language is English: the window title is checked
    return env


def test_the_first_window_imports_no_sympy_no_opengl_and_reads_no_mnist(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        import main
        code = main.main([])
        from engine.mnist.data import load_sample
        print("deferred-but-loaded", [m for m in {DEFERRED!r} if m in sys.modules])
        print("sample-read", load_sample.cache_info().currsize)
        sys.exit(code)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=probe_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("startup ")
    assert "deferred-but-loaded []" in lines
    assert "sample-read 0" in lines


def test_the_mnist_tab_and_the_demos_menu_are_built_when_first_needed(qtbot) -> None:
    from gui.mnist.panel import MnistPanel
    from gui.shell.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.mnist_tab.content is None and not window.mnist_built
    assert window.demos_menu.isEmpty()
    window.tabs.setCurrentIndex(1)
    assert isinstance(window.mnist_tab.content, MnistPanel)
    qtbot.waitUntil(window.mnist_tab.content.isVisible)
    assert window.mnist is window.mnist_tab.content  # built once
    assert window.mnist.start_button.isEnabled()
    window.demos_menu.aboutToShow.emit()  # what opening it does
    assert not window.demos_menu.isEmpty()


def test_python_main_py_shows_the_window_and_reports_its_startup_time(tmp_path: Path) -> None:
    """The probe prints the time to the first exposed window; the figure itself is
    measured by ``benchmarks/bench_startup.py`` (tests never assert wall-clock times)."""
    done = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=ROOT,
                          env=probe_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    seconds = float(done.stdout.split("startup ", 1)[1].split()[0])
    assert seconds > 0


def test_smoke_test_flag_checks_the_window_and_the_bundled_sample(tmp_path: Path) -> None:
    env = {**probe_env(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("OPTIMIZER_RACE_STARTUP_PROBE")
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--smoke-test"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("ok: window 'Optimizer Race' shown in ")
    assert "MNIST sample 4000+1000 images" in done.stdout
