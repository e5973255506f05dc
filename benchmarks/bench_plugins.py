"""What a student's optimizer costs: child start, a step through the pipe, a step computed ahead.

    python benchmarks/bench_plugins.py

Prints the times measured side by side in one run, and their ratios to the built-in Adam.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.plugins import load_plugin, unload_plugin  # noqa: E402
from engine.plugins.ahead import compute_ahead  # noqa: E402
from engine.race import Race, RaceConfig, RacerConfig  # noqa: E402

SOLUTION = (Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "plugins"
            / "solution_adam.py")
STEPS = 2000


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "my_adam.py"
        path.write_text(SOLUTION.read_text())
        start = timed(lambda: load_plugin(path))
        print(f"child start (spawn + numpy + the file): {start * 1e3:.0f} ms")
        builtin = Race(RaceConfig(surface="rosenbrock", racers=[RacerConfig("adam")]))
        student = Race(RaceConfig(surface="rosenbrock", racers=[RacerConfig("my_adam")]))
        ahead = Race(RaceConfig(surface="rosenbrock", racers=[RacerConfig("my_adam")]))
        t_builtin = timed(lambda: builtin.step(STEPS))
        t_student = timed(lambda: student.step(STEPS))
        t_compute = timed(lambda: list(compute_ahead(ahead, 0, STEPS)))
        t_play = timed(lambda: ahead.step(STEPS))
        per = 1e6 / STEPS
        print(f"built-in adam:                 {t_builtin * per:8.1f} us/step")
        print(f"student file, step by step:    {t_student * per:8.1f} us/step "
              f"({t_student / t_builtin:.1f}x)")
        print(f"student file, computed ahead:  {t_compute * per:8.1f} us/step in the worker")
        print(f"  then played:                 {t_play * per:8.1f} us/step "
              f"({t_play / t_builtin:.1f}x)")
        unload_plugin("my_adam")


if __name__ == "__main__":
    main()
