"""Throughput of the sweep lab: batched cells against single races and against torch.

Three measurements, side by side in one run:

1. The sweep of the issue: Adam's lr x beta1 on Rosenbrock, ``--size`` squared
   cells (default 512 x 512), ``--steps`` steps each, run as ``python main.py
   sweep`` runs it (chunks on a local process pool, ``--workers``); compute time
   and particle-steps/s, the end-to-end time of the command, its peak memory.
2. The same cells as a loop of single races (``Race`` with one racer each) on a
   sample of ``--loop`` cells: cells/s, and the ratio batched / loop.
3. ``torch.optim.Adam`` stepping one ``(size², 2)`` float64 tensor for the same
   steps, the Rosenbrock gradient computed in torch each step, with the default
   (foreach) and the fused kernel, at the best of 1 thread and torch's default;
   the ratios sweep / torch.  (Torch has one lr and beta1 for the whole tensor:
   it does less work than the sweep, which has a value per row.)

    python benchmarks/bench_sweep.py [--size 512] [--steps 300] [--workers K] [--loop 300]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))


def engine_sweep(size: int, steps: int, workers: int | None) -> tuple[float, float, float]:
    """(compute seconds, end-to-end seconds, peak MB) of the CLI sweep."""
    out = Path(tempfile.gettempdir()) / f"bench_sweep_{os.getpid()}.csv"
    cmd = [sys.executable, "main.py", "sweep", "--surface", "rosenbrock", "--start", "-1.5,2",
           "--steps", str(steps), "--optimizer", "adam", "--x", f"lr=1e-4:1:{size}:log",
           "--y", f"beta1=0:0.99:{size}", "--out", str(out), "-q"]
    if workers:
        cmd += ["--workers", str(workers)]
    began = time.perf_counter()
    done = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True, check=True)
    total = time.perf_counter() - began
    out.unlink(missing_ok=True)
    line = done.stderr.strip().splitlines()[-1]
    print(f"  {line}")
    compute = float(line.split(" in ")[1].split(" s ")[0])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return compute, total, peak


def loop_of_races(cells: int, steps: int, size: int) -> float:
    """Cells per second of single races over a sample of the same grid."""
    import numpy as np

    from engine.race import Race, RaceConfig, RacerConfig

    lrs = np.geomspace(1e-4, 1, size)
    betas = np.linspace(0, 0.99, size)
    rng = np.random.default_rng(0)
    picks = rng.integers(0, size, (cells, 2))
    began = time.perf_counter()
    for i, j in picks:
        race = Race(RaceConfig("rosenbrock", start=(-1.5, 2.0), racers=[
            RacerConfig("adam", {"lr": float(lrs[i]), "beta1": float(betas[j])})]))
        race.step(steps)
    return cells / (time.perf_counter() - began)


def torch_adam(n: int, steps: int) -> dict[str, float]:
    """Seconds of torch Adam (foreach, fused) at its best thread setting."""
    try:
        import torch
    except ImportError:
        return {}
    best: dict[str, float] = {}
    default_threads = torch.get_num_threads()
    for threads in sorted({1, default_threads}):
        torch.set_num_threads(threads)
        for kind in ("foreach", "fused"):
            p = torch.tensor([[-1.5, 2.0]], dtype=torch.float64).repeat(n, 1).requires_grad_()
            opt = torch.optim.Adam([p], lr=1e-3, **{kind: True})
            began = time.perf_counter()
            for _ in range(steps):
                with torch.no_grad():
                    x, y = p[:, 0], p[:, 1]
                    r = y - x * x
                    g = torch.empty_like(p)
                    g[:, 0] = -2.0 * (1.0 - x) - 400.0 * x * r
                    g[:, 1] = 200.0 * r
                p.grad = g
                opt.step()
            seconds = time.perf_counter() - began
            best[kind] = min(best.get(kind, float("inf")), seconds)
    torch.set_num_threads(default_threads)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--workers", type=int)
    ap.add_argument("--loop", type=int, default=300)
    args = ap.parse_args()
    cells = args.size**2
    work = cells * args.steps
    print(f"sweep: {args.size} x {args.size} cells x {args.steps} steps "
          f"({work / 1e6:.1f} M particle-steps), {os.cpu_count()} cores")
    compute, total, peak = engine_sweep(args.size, args.steps, args.workers)
    rate = work / compute
    print(f"  engine sweep: {compute:.2f} s compute, {total:.2f} s end to end, "
          f"{rate / 1e6:.2f} M particle-steps/s, {cells / compute:,.0f} cells/s, "
          f"peak memory of one process {peak:.0f} MB")
    loop = loop_of_races(args.loop, args.steps, args.size)
    print(f"  loop of single races: {loop:,.1f} cells/s -> batched / loop = "
          f"{cells / compute / loop:.1f}x")
    for kind, seconds in torch_adam(cells, args.steps).items():
        print(f"  torch.optim.Adam {kind}: {seconds:.2f} s ({work / seconds / 1e6:.2f} M "
              f"particle-steps/s) -> sweep / torch = {seconds / compute:.2f}x")


if __name__ == "__main__":
    main()
