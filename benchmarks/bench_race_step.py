"""Microseconds per racer-step of ``Race.step`` (the per-step Python overhead).

Two races on ``rosenbrock`` from its own start, stepped with ``Race.step``:
one Adam racer for 50 000 steps, and ten mixed racers (SGD, Momentum, Nesterov,
AdaGrad, RMSprop, Adam, AMSGrad, Lion, SWATS, Newton) for 5 000 steps each.
Each is timed best-of-``--rounds`` (machine noise only ever adds time), and a
digest of every final position is printed, so two versions must give the same numbers.

``--against ROOT`` times another checkout of the project (e.g. ``git worktree add
/tmp/old main``) side by side, rounds alternating, and prints the ratio.

    python benchmarks/bench_race_step.py [--rounds 3] [--steps 50000] [--against ROOT]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

MIXED = [
    ("sgd", {"lr": 1e-4}), ("momentum", {"lr": 1e-4}), ("nesterov", {"lr": 1e-4}),
    ("adagrad", {"lr": 0.05}), ("rmsprop", {"lr": 1e-3}), ("adam", {"lr": 1e-3}),
    ("amsgrad", {"lr": 1e-3}), ("lion", {"lr": 1e-4}), ("swats", {"lr": 1e-3}),
    ("newton", {"lr": 0.5}),
]


def timed(racers: list[tuple[str, dict]], steps: int) -> tuple[float, str]:
    """(µs per racer-step, digest of the final positions) in this process."""
    from engine.race import Race, RaceConfig, RacerConfig

    config = RaceConfig("rosenbrock", racers=[RacerConfig(n, dict(v)) for n, v in racers])
    race = Race(config, max_points=steps + 1)
    t0 = time.perf_counter()
    race.step(steps)
    seconds = time.perf_counter() - t0
    live = sum(r.diverged_at is None for r in race.racers)
    assert live == len(racers), "a racer diverged: the timing would be meaningless"
    digest = hashlib.sha256(b"".join(r.position.tobytes() for r in race.racers)).hexdigest()
    return seconds / (steps * len(racers)) * 1e6, digest[:16]


def cases(steps: int) -> dict[str, tuple[list[tuple[str, dict]], int]]:
    return {
        "1 racer (adam)": ([("adam", {"lr": 1e-3})], steps),
        "10 mixed racers": (MIXED, steps // 10),
    }


def run_in(root: Path, case: str, steps: int) -> tuple[float, str]:
    """One timing in a fresh process that imports the engine from ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, __file__, "--worker", case, "--steps", str(steps)],
                         cwd=root, env=env, capture_output=True, text=True, check=True)
    us, digest = json.loads(out.stdout)
    return us, digest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=50_000)
    parser.add_argument("--against", type=Path, help="root of another checkout to compare")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, os.environ.get("PYTHONPATH", str(HERE)))
        racers, steps = cases(args.steps)[args.worker]
        print(json.dumps(timed(racers, steps)))
        return
    roots = [HERE] + ([args.against.resolve()] if args.against else [])
    for label in cases(args.steps):
        best: dict[Path, tuple[float, str]] = {}
        for _ in range(args.rounds):
            for root in roots:  # alternate, so machine noise affects both alike
                result = run_in(root, label, args.steps)
                best[root] = min(best.get(root, result), result)
        line = f"{label:18s} this: {best[HERE][0]:7.1f} µs per racer-step"
        if args.against:
            other = best[roots[1]]
            same = "same positions" if other[1] == best[HERE][1] else "POSITIONS DIFFER"
            line += (f"   other: {other[0]:7.1f} µs   this/other: "
                     f"{best[HERE][0] / other[0]:.2f}   ({same})")
        print(line)


if __name__ == "__main__":
    main()
