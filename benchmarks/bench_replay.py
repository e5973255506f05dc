"""Replaying a session file: chunked ``PreparedSession.replay`` against one ``Race.step`` call.

A worker thread replays a loaded session chunk by chunk so that it can report
progress and stop; this measures what the chunking costs (the ratio of the two
total times, measured alternately, best of several rounds) and how long one
chunk takes (the gap between two progress reports: median and maximum), which
bounds how late a stop request is noticed.  Also how long ``prepare`` takes
(validation only: nothing is simulated).

    python benchmarks/bench_replay.py [--rounds 3] [--steps 5000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.presets import PRESETS  # noqa: E402
from engine.race import Race  # noqa: E402
from engine.session import MAX_POINTS, Session, prepare  # noqa: E402
from engine.session_file import REPLAY_CHUNK  # noqa: E402


def saved(preset: str, steps: int) -> dict:
    s = Session(PRESETS[preset].config())
    data = s.to_dict()
    data["steps"] = data["cursor"] = steps
    return data


def direct(data: dict) -> float:
    prepared = prepare(data)
    t = time.perf_counter()
    race = Race(prepared.config, prepared.surface, max_points=MAX_POINTS)
    race.step(prepared.steps)
    return time.perf_counter() - t


def chunked(data: dict) -> tuple[float, list[float]]:
    prepared = prepare(data)
    gaps = []
    t = last = time.perf_counter()
    for _ in prepared.replay(lambda: False):
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    return time.perf_counter() - t, gaps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=5000)
    args = parser.parse_args()
    print(f"chunk: {REPLAY_CHUNK} racer-steps; {args.steps} steps; best of {args.rounds}")
    print(f"{'preset':<12} {'racers':>6} {'prepare ms':>10} {'direct s':>9} {'chunked s':>9} "
          f"{'ratio':>6} {'gap med ms':>10} {'gap max ms':>10}")
    for preset in ("ravine", "rosenbrock", "himmelblau", "rastrigin"):
        data = saved(preset, args.steps)
        t = time.perf_counter()
        prepare(data)
        prep = time.perf_counter() - t
        best_direct = best_chunked = float("inf")
        all_gaps: list[float] = []
        for _ in range(args.rounds):
            best_direct = min(best_direct, direct(data))
            total, gaps = chunked(data)
            best_chunked = min(best_chunked, total)
            all_gaps += gaps
        n = len(data["race"]["racers"])
        print(f"{preset:<12} {n:>6} {prep * 1e3:>10.2f} {best_direct:>9.3f} {best_chunked:>9.3f} "
              f"{best_chunked / best_direct:>6.3f} {statistics.median(all_gaps) * 1e3:>10.2f} "
              f"{max(all_gaps) * 1e3:>10.2f}")


if __name__ == "__main__":
    main()
