"""Frames of the race window: CPU per painted frame, frames/s and steps/s against a floor.

A *frame* is one paint of the map's viewport (counted by an event filter).  CPU is
the process's user + system time, its children's included (``getrusage``), over
the measured stretch.  Every scenario runs in its own process, one after the
other, at 1600×1000:

``floor``
    a bare pyqtgraph window with the same visible content as the race window,
    updated at 60 Hz with decimated data: the map (a 400² image, a ~3 000-point
    contour path, 10 trails and their markers) and 3 log plots × 10 curves.
``floor map`` / ``floor map, cached``
    the map alone, repainting everything / with the static layers (image,
    contours) cached as device pixmaps: what an idle surface with moving
    racers costs against a full repaint.
``app …``
    the app (``MainWindow``) on Rosenbrock with 10 racers of different
    optimizers at 60 steps/s; fresh, after 10 000 and after 100 000 steps
    (the history is simulated once in this process and handed over); and 20
    racers at the speed slider's maximum (2 000 steps/s) and at 100 000
    steps/s typed, for the worst lateness of a 10 ms timer (how long the event
    loop was held).

``--before DIR`` also runs the app scenarios from another checkout (e.g. main as
it was, unpacked with ``git archive``) in the same run, for a before/after table.

    xvfb-run -a -s "-screen 0 1600x1000x24" python benchmarks/bench_frames.py \\
        [--seconds 6] [--before DIR] [--long-steps 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1600, 1000
RACERS = 10


def cpu_seconds() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# -- measuring inside a child process ----------------------------------------------------------
class Probe:
    """Counts paints of one viewport and the worst lateness of a 10 ms timer."""

    def __init__(self, viewport) -> None:
        from PySide6.QtCore import QObject, Qt, QTimer

        class Filter(QObject):
            def __init__(self) -> None:
                super().__init__()
                self.paints = 0

            def eventFilter(self, _obj, event):  # noqa: N802 (Qt override)
                from PySide6.QtCore import QEvent

                if event.type() == QEvent.Type.Paint:
                    self.paints += 1
                return False

        self.filter = Filter()
        viewport.installEventFilter(self.filter)
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._late)
        self.worst = 0.0
        self._last = 0.0

    def _late(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last - 0.010)
        self._last = now

    def measure(self, app, seconds: float, steps=lambda: 0) -> dict:

        paints0, cpu0, steps0 = self.filter.paints, cpu_seconds(), steps()
        t0 = self._last = time.perf_counter()
        self.worst = 0.0
        self.timer.start()
        run_for(seconds)
        self.timer.stop()
        wall = time.perf_counter() - t0
        return {"wall": wall, "cpu": cpu_seconds() - cpu0,
                "frames": self.filter.paints - paints0, "steps": steps() - steps0,
                "late": self.worst}


def run_for(seconds: float) -> None:
    """Run the event loop for ``seconds`` (a fresh local loop: the application's
    own loop, once quit, stops delivering paints on some platforms)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def settle(app, seconds: float) -> None:
    run_for(seconds)


def child_floor(seconds: float, *, curves: bool, cached: bool) -> dict:
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication, QGraphicsItem, QHBoxLayout, QVBoxLayout, QWidget

    app = QApplication.instance() or QApplication(["bench-floor"])
    pg.setConfigOptions(antialias=True, imageAxisOrder="row-major")
    rng = np.random.default_rng(0)
    window = QWidget()
    layout = QHBoxLayout(window)
    plot = pg.PlotWidget(background="#1d2026")
    plot.getViewBox().setAspectLocked(True)
    layout.addWidget(plot, 3)
    # The map: Rosenbrock's log values as a 400² image, a ~3 000-point contour path.
    xs, ys = np.linspace(-2, 2, 400), np.linspace(-1, 3, 400)
    gx, gy = np.meshgrid(xs, ys)
    z = np.log10(1 + (1 - gx) ** 2 + 100 * (gy - gx**2) ** 2)
    image = pg.ImageItem((z - z.min()) / np.ptp(z))
    image.setLookupTable(pg.colormap.get("viridis").getLookupTable(0, 0.85, 256))
    image.setRect(-2, -1, 4, 4)
    plot.addItem(image)
    t = np.linspace(0, 2 * np.pi, 187)
    parts = []
    for k in range(16):
        r = 0.1 + 0.11 * k
        parts.append(np.c_[r * np.cos(t), 1 + 0.8 * r * np.sin(t)])
        parts.append([[np.nan, np.nan]])
    path = np.vstack(parts)
    contour = pg.PlotCurveItem(path[:, 0], path[:, 1], connect="finite",
                               pen=pg.mkPen(255, 255, 255, 90))
    plot.addItem(contour)
    if cached:
        for item in (image, contour):
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    walks = [np.cumsum(rng.normal(0, 0.01, (4000, 2)), axis=0) + (-1.5, 2) for _ in range(10)]
    colours = [pg.intColor(i, 10) for i in range(10)]
    trails = []
    for c in colours:
        item = pg.PlotDataItem(pen=pg.mkPen(c, width=2), shadowPen=pg.mkPen("#15171c", width=4),
                               antialias=True)
        plot.addItem(item)
        trails.append(item)
    markers = pg.ScatterPlotItem(size=11)
    plot.addItem(markers)
    plot.setRange(xRange=(-2, 2), yRange=(-1, 3), padding=0.02)
    plots = []
    if curves:
        column = QVBoxLayout()
        layout.addLayout(column, 2)
        series = [np.abs(rng.normal(0, 1, 4000)).cumsum()[::-1] + 1e-3 for _ in range(10)]
        for _ in range(3):
            p = pg.PlotWidget()
            p.setLogMode(y=True)
            p.getPlotItem().setDownsampling(auto=True, mode="peak")
            p.getPlotItem().setClipToView(True)
            column.addWidget(p)
            plots.append([p.plot(pen=pg.mkPen(c, width=1.8)) for c in colours])
    window.resize(WIDTH, HEIGHT)
    window.show()
    frame = [0]

    def update() -> None:
        n = 300 + frame[0] % 3000
        stride = max(1, n // 300)  # trails decimated to ~300 points
        pos = []
        for walk, item in zip(walks, trails, strict=True):
            item.setData(walk[:n:stride, 0], walk[:n:stride, 1])
            pos.append(walk[n - 1])
        markers.setData(pos=pos, brush=colours)
        for curves_of_plot in plots:
            for s, item in zip(series, curves_of_plot, strict=True):
                item.setData(np.arange(0, n, stride), s[:n:stride])  # ~300-1 000 points
        frame[0] += 1

    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.setInterval(16)
    timer.timeout.connect(update)
    timer.start()
    settle(app, 1.0)
    return Probe(plot.viewport()).measure(app, seconds)


def child_app(seconds: float, *, racers: int, speed: float, history: str | None) -> dict:
    sys.path.insert(0, os.getcwd())
    from gui.shell.app import create_app

    app = create_app()
    from gui.services.i18n import install_language

    install_language("en")
    from gui.services.theme import ThemeManager

    ThemeManager.instance()
    from engine.optimizers import optimizer_names
    from engine.race import RaceConfig, RacerConfig
    from gui.shell.main_window import MainWindow

    window = MainWindow()
    window.resize(WIDTH, HEIGHT)
    window.show()
    session = window.session
    names = optimizer_names(first_order_only=True)[:racers]
    config = RaceConfig(surface="rosenbrock", racers=[RacerConfig(n) for n in names])
    if history:  # simulated once by the parent: handed over as a replayed session
        from engine.session import prepare

        session.apply(config)
        race = pickle.loads(Path(history).read_bytes())
        data = session.to_dict()
        data["steps"] = data["cursor"] = race.step_count
        prepared = prepare(data)
        prepared.race = race
        session.adopt(prepared)
    else:
        session.apply(config)
    window.playback.set_max_steps(session.step_limit)
    settle(app, 1.5)
    window.playback.set_speed(speed)
    window.playback.play()
    settle(app, 0.5)
    probe = Probe(window.contour.plot.viewport())
    result = probe.measure(app, seconds, lambda: session.cursor)
    result["playing"] = window.playback.is_playing()
    result["status"] = window.playback.status_label.text()
    window.playback.pause()
    window.close()
    return result


# -- the parent: runs every scenario and prints the table ---------------------------------------
def history_file(folder: Path, steps: int) -> str:
    """A pickled 10-racer Rosenbrock race simulated to ``steps`` (made once, reused)."""
    path = folder / f"rosenbrock-{RACERS}-{steps}.pickle"
    if not path.exists():
        sys.path.insert(0, str(ROOT))
        from engine.optimizers import optimizer_names
        from engine.race import Race, RaceConfig, RacerConfig
        from engine.session import MAX_POINTS

        names = optimizer_names(first_order_only=True)[:RACERS]
        race = Race(RaceConfig(surface="rosenbrock", racers=[RacerConfig(n) for n in names]),
                    max_points=MAX_POINTS)
        t0 = time.perf_counter()
        race.step(steps)
        print(f"  (simulated {RACERS} racers × {steps} steps in "
              f"{time.perf_counter() - t0:.0f} s)", flush=True)
        path.write_bytes(pickle.dumps(race))
    return str(path)


def run_child(args: list[str], root: Path, home: Path) -> dict:
    # A fresh settings and data folder for every run: no autosave left by one run
    # makes the next one ask (modally) whether to recover it.
    home = Path(tempfile.mkdtemp(prefix="run-", dir=home))
    env = dict(os.environ, PYTHONPATH=str(root), OPTIMIZER_RACE_SETTINGS_DIR=str(home / "s"),
               OPTIMIZER_RACE_DATA_DIR=str(home / "d"))
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", *args],
                         cwd=root, env=env, capture_output=True, text=True, timeout=900)
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"scenario {args} failed:\n{out.stderr[-3000:]}")


def row(name: str, r: dict, floor: dict | None) -> str:
    fps = r["frames"] / r["wall"]
    cpu = 100 * r["cpu"] / r["wall"]
    per_frame = 1000 * r["cpu"] / max(r["frames"], 1)
    steps = r["steps"] / r["wall"] if r.get("steps") else float("nan")
    ratio = ""
    if floor is not None:
        floor_pf = 1000 * floor["cpu"] / max(floor["frames"], 1)
        floor_fps = floor["frames"] / floor["wall"]
        ratio = f"{per_frame / floor_pf:5.2f}× {fps / floor_fps:5.2f}×"
    note = r.get("status", "")
    return (f"{name:<34} {cpu:5.0f} % {fps:7.1f} {per_frame:8.1f} {steps:9.0f} "
            f"{1000 * r['late']:9.0f}  {ratio:<14} {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="measured time per scenario")
    parser.add_argument("--before", type=Path, help="another checkout to measure too")
    parser.add_argument("--long-steps", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, help="folder for the simulated histories")
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        kind, *rest = args.child
        if kind == "floor":
            result = child_floor(args.seconds, curves=rest[0] == "1", cached=rest[1] == "1")
        else:
            result = child_app(args.seconds, racers=int(rest[0]), speed=float(rest[1]),
                               history=rest[2] if len(rest) > 2 else None)
        print(json.dumps(result))
        return

    home = Path(tempfile.mkdtemp(prefix="bench-frames-"))
    cache = args.cache or home
    cache.mkdir(parents=True, exist_ok=True)
    s = str(args.seconds)
    print(f"{WIDTH}×{HEIGHT}, {args.seconds:g} s per scenario, CPU incl. children; "
          "ratios: CPU per frame and frames/s against the floor", flush=True)
    floor = run_child(["--seconds", s, "--child", "floor", "1", "0"], ROOT, home)
    floor_map = run_child(["--seconds", s, "--child", "floor", "0", "0"], ROOT, home)
    floor_cached = run_child(["--seconds", s, "--child", "floor", "0", "1"], ROOT, home)
    scenarios = [("10 racers, 60 steps/s", ["10", "60"]),
                 ("10 racers after 10 000 steps, 60/s", ["10", "60", history_file(cache, 10_000)]),
                 (f"10 racers after {args.long_steps:,} steps, 60/s".replace(",", " "),
                  ["10", "60", history_file(cache, args.long_steps)]),
                 ("20 racers, 2 000 steps/s (slider max)", ["20", "2000"]),
                 ("20 racers, 100 000 steps/s typed", ["20", "100000"])]
    roots = [("after", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    results = {}
    for name, child in scenarios:
        for label, root in roots:
            results[name, label] = run_child(["--seconds", s, "--child", "app", *child],
                                             root, home)
    print(f"\n{'scenario':<34} {'CPU':>7} {'fps':>7} {'ms/frame':>8} {'steps/s':>9} "
          f"{'worst ms':>9}  ratio cpu/frame, fps")
    print(row("floor (map + 3×10 curves)", floor, None))
    print(row("floor: map alone", floor_map, None))
    print(row("floor: map alone, static cached", floor_cached, floor_map))
    for label, _ in roots:
        print(f"-- {label}")
        for name, _ in scenarios:
            print(row(name, results[name, label], floor))


if __name__ == "__main__":
    main()
