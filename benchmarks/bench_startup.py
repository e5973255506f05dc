"""Seconds from launch until the main window is on screen, against the floor, side by side.

Each run starts ``python main.py`` (or ``--command ...``) in a new process with
``OPTIMIZER_RACE_STARTUP_PROBE=1``: the app prints ``startup <s>`` when its
main window is first exposed (painted), measured from the top of ``main.py``,
then quits.  Two figures per run:

* **launch → window**: wall time from spawning the process to that line
  (interpreter start-up included): the figure the goal "shown within 1.5 s"
  is about;
* **in-app**: the app's own figure (imports, window construction, first paint).

The **floor** is what any app of this kind pays: a bare PySide6 + pyqtgraph
window with one ``PlotWidget``, timed the same way.  App and floor runs
alternate, so both see the same machine load; the goal is app / floor ≤ 1.3.
Both are measured twice, on a copy of the source tree: with Python's bytecode
cache (``__pycache__`` written by a first start, how an installed app runs) and
with ``PYTHONDONTWRITEBYTECODE=1`` and no ``__pycache__`` (the app's own modules
compiled from source at every start, as in a fresh or read-only checkout; the
installed libraries keep their bytecode, for the floor too).

Every run is a cold start of the app (a new process, nothing cached in Python);
the operating system's file cache is warm after the first run, which is how a
second launch on a lab machine behaves too.  ``--drop-caches`` (Linux, as root)
empties the page cache before every run: the first launch after a reboot.
Runs with the current ``DISPLAY`` (use ``xvfb-run`` on a headless machine) and
throw-away settings and data folders.

    xvfb-run -a -s "-screen 0 1600x1000x24" python benchmarks/bench_startup.py [--runs 7]
    ... bench_startup.py --command dist/optimizer-race/optimizer-race   # the bundle
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 1.5
GOAL_RATIO = 1.3

#: The floor: PySide6 + pyqtgraph, one PlotWidget in a window of the app's size.
FLOOR = """
import time
STARTED = time.perf_counter()
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph as pg

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(pg.PlotWidget())
window.resize(1480, 920)
window.show()


class FirstExpose(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Expose and obj.isExposed():
            obj.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False


def done():
    print(f"startup {time.perf_counter() - STARTED:.3f}", flush=True)
    app.exit(0)


watcher = FirstExpose()
window.windowHandle().installEventFilter(watcher)
sys.exit(app.exec())
"""


def drop_caches() -> None:
    """Empty the Linux page cache (root only), so the next start reads from disk."""
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def one_run(command: list[str], env: dict[str, str], timeout: float) -> tuple[float, float]:
    """(launch → window, in-app) seconds of one fresh start."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("startup "):
                wall = time.perf_counter() - t0
                inside = float(line.split()[1])
                break
        else:
            raise RuntimeError("the app exited without printing its startup time:\n"
                               + (proc.stderr.read() if proc.stderr else ""))
        proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return wall, inside


def measure(app: list[str], env: dict[str, str], runs: int, timeout: float,
            drop: bool) -> tuple[list[float], list[float], list[float]]:
    """(app launch → window, app in-app, floor launch → window) of ``runs`` alternating runs."""
    floor_cmd = [sys.executable, "-c", FLOOR]
    walls, insides, floors = [], [], []
    for i in range(runs):
        for which in ("app", "floor") if i % 2 == 0 else ("floor", "app"):
            if drop:
                drop_caches()
            wall, inside = one_run(app if which == "app" else floor_cmd, env, timeout)
            (walls if which == "app" else floors).append(wall)
            if which == "app":
                insides.append(inside)
        print(f"  run {i + 1}: app {walls[-1]:.3f} s (in-app {insides[-1]:.3f} s), "
              f"floor {floors[-1]:.3f} s, ratio {walls[-1] / floors[-1]:.2f}")
    return walls, insides, floors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh starts to time (default 7)")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--drop-caches", action="store_true",
                        help="empty the page cache before each run (Linux, root)")
    parser.add_argument("--bytecode", choices=("both", "cached", "none"), default="both",
                        help="with the bytecode cache, without (PYTHONDONTWRITEBYTECODE=1), "
                             "or both (default)")
    parser.add_argument("--command", nargs=argparse.REMAINDER,
                        help="command to time instead of 'python main.py' (e.g. a bundle)")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
            and sys.platform.startswith("linux"):
        print("no DISPLAY: run under xvfb-run (see the module docstring)", file=sys.stderr)
        return 2
    modes = ("cached", "none") if args.bytecode == "both" else (args.bytecode,)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        source = Path(tmp) / "source"
        if not args.command:
            skip = shutil.ignore_patterns("__pycache__", "*.pyc")
            for name in ("engine", "gui", "resources"):
                shutil.copytree(ROOT / name, source / name, ignore=skip)
            shutil.copy2(ROOT / "main.py", source / "main.py")
        command = args.command or [sys.executable, str(source / "main.py")]
        base = {**os.environ, "OPTIMIZER_RACE_STARTUP_PROBE": "1",
                "OPTIMIZER_RACE_SETTINGS_DIR": str(Path(tmp) / "settings"),
                "OPTIMIZER_RACE_DATA_DIR": str(Path(tmp) / "data"),
                "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
                "XDG_DATA_HOME": str(Path(tmp) / "data")}
        for mode in modes:
            env = dict(base)
            if mode == "none":
                env["PYTHONDONTWRITEBYTECODE"] = "1"
                for cache in source.rglob("__pycache__"):
                    shutil.rmtree(cache)
                title = "without the bytecode cache (PYTHONDONTWRITEBYTECODE=1)"
            else:
                env.pop("PYTHONDONTWRITEBYTECODE", None)
                title = "with the bytecode cache"
                one_run(command, env, args.timeout)  # writes __pycache__ once
                one_run([sys.executable, "-c", FLOOR], env, args.timeout)
            print(title)
            walls, insides, floors = measure(command, env, args.runs, args.timeout,
                                             args.drop_caches)
            app, floor = statistics.median(walls), statistics.median(floors)
            ratio = app / floor
            kind = "cold starts (page cache dropped)" if args.drop_caches else "fresh starts"
            print(f"  launch → window over {args.runs} {kind}: app median {app:.3f} s "
                  f"(min {min(walls):.3f}, max {max(walls):.3f}; in-app "
                  f"{statistics.median(insides):.3f} s), floor median {floor:.3f} s "
                  f"(min {min(floors):.3f}): ratio of medians {ratio:.2f}, of minimums "
                  f"{min(walls) / min(floors):.2f}")
            ok = app < GOAL_S and ratio <= GOAL_RATIO
            print(f"  goal: under {GOAL_S} s and at most {GOAL_RATIO}× the floor -> "
                  f"{'met' if ok else 'NOT met'}")
    return 0  # a benchmark reports; it does not fail


if __name__ == "__main__":
    sys.exit(main())
