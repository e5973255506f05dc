"""Opening a long session in the window: how late a 10 ms timer gets, and the cost.

Issue 9's defect 5: a 1.6 KB file of 20 racers × 20 000 steps froze the window
for 41 s (the replay ran in the GUI thread).  This opens such a file in the
real window (offscreen by default, throw-away settings) and prints, side by
side in one run:

* the replay alone, synchronously, as ``Session.load`` does (the reference), and
  the same file through File ▸ Open, until the race is adopted and drawn:
  alternated ``--repeat`` times, medians and their ratio (the cost of replaying
  in a worker, in step with the GUI thread, plus the views' redraw);
* once more with a 10 ms timer (a busy GUI thread: it costs the replay some
  time): the timer's lateness while the replay runs, worst, 99th percentile and
  median, and the ticks seen against the ticks expected;
* the adoption itself (the views redraw 20 long trails; GUI thread).

    python benchmarks/bench_load.py [--racers 20] [--steps 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--racers", type=int, default=20)
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="alternated runs of the two ways to load (default 3)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    os.environ["OPTIMIZER_RACE_SETTINGS_DIR"] = str(tmp / "settings")
    os.environ["OPTIMIZER_RACE_DATA_DIR"] = str(tmp / "data")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QEventLoop, QTimer

    from engine.optimizers import optimizer_names
    from engine.race import RacerConfig
    from engine.session import Session
    from gui.shell.app import create_app
    from gui.shell.main_window import MainWindow

    app = create_app()
    session = Session()
    session.set_racers([RacerConfig(n) for n in
                        optimizer_names(first_order_only=True)[: args.racers]])
    data = session.to_dict()
    data["steps"] = data["cursor"] = args.steps
    path = tmp / "long.json"
    path.write_text(json.dumps(data))
    print(f"{args.racers} racers × {args.steps:,} steps ({path.stat().st_size:,} bytes)")

    def load_alone() -> float:
        t0 = time.perf_counter()
        Session().load(path)
        return time.perf_counter() - t0

    window = MainWindow()
    window.show()
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    adopt_s: list[float] = []
    adopt = window.session.adopt

    def timed_adopt(prepared):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        adopt(prepared)
        adopt_s.append(time.perf_counter() - t)

    window.session.adopt = timed_adopt  # type: ignore[method-assign]
    late: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        if window.loader.busy:
            late.append(now - last[0] - 0.010)
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)

    def open_in_window() -> float:
        loop = QEventLoop()  # the event loop runs in C++, as in the app (not a Python loop)
        poll = QTimer()
        poll.setInterval(50)
        poll.timeout.connect(lambda: None if window.loader.busy else loop.quit())
        t0 = time.perf_counter()
        window.load_session(path)
        poll.start()
        loop.exec()
        return time.perf_counter() - t0

    alone, inside = [], []
    for i in range(args.repeat):  # alternated, so both see the same machine load
        alone.append(load_alone())
        inside.append(open_in_window())
        print(f"  run {i + 1}: replay alone (Session.load, synchronously) {alone[-1]:.2f} s, "
              f"through File ▸ Open {inside[-1]:.2f} s (of which adopting "
              f"{1000 * adopt_s[-1]:.0f} ms)")
    a, b = statistics.median(alone), statistics.median(inside)
    print(f"median: replay alone {a:.2f} s, through File ▸ Open (worker, in step with the GUI "
          f"thread, views redrawn) {b:.2f} s: ratio {b / a:.2f}")
    print(f"adopting the replayed race (views redraw, GUI thread): median "
          f"{1000 * statistics.median(adopt_s):.0f} ms")
    last[0] = time.perf_counter()
    timer.start()
    with_timer = open_in_window()
    timer.stop()
    late.sort()
    expected = (with_timer - adopt_s[-1]) / 0.010
    print(f"with a 10 ms timer running: {with_timer:.2f} s; the timer was at worst "
          f"{1000 * late[-1]:.1f} ms late, 99th percentile "
          f"{1000 * late[int(0.99 * (len(late) - 1))]:.1f} ms, median "
          f"{1000 * statistics.median(late):.1f} ms; {len(late)} ticks of ~{expected:.0f}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
