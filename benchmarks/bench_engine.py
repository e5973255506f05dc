"""Particle-steps per second: the engine against torch.optim, side by side in one run.

Both sides step ``N`` independent particles on ``rosenbrock`` stored as one
``(N, 2)`` array/tensor: each step computes the analytic gradient with its own
array library and applies one optimizer update.  Measurements alternate between
the two sides (best of several rounds), so machine noise affects both alike.
torch is timed with one thread (like the engine, which is single-threaded numpy)
and with its default intra-op pool; both ratios are printed (on a shared 2-core
machine the pool can also be much slower than one thread when the other core
is busy, so "best torch" is the faster of the two).

    python benchmarks/bench_engine.py [--rounds 5] [--sizes 8,10000,100000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.optimizers import create  # noqa: E402
from engine.surfaces import get_surface  # noqa: E402

CASES = {
    "adam": ({"lr": 1e-3}, "Adam", {"lr": 1e-3}),
    "momentum": ({"lr": 1e-4}, "SGD", {"lr": 1e-4, "momentum": 0.9}),
}


def steps_for(n: int) -> int:
    return max(20, min(2000, 2_000_000 // n))


def bench_engine(name: str, n: int, steps: int) -> float:
    values = CASES[name][0]
    surf = get_surface("rosenbrock")
    rng = np.random.default_rng(0)
    params = rng.uniform(-2, 2, size=(n, 2))
    opt = create(name, **values)
    state = opt.init(params, batched=True)
    t0 = time.perf_counter()
    for _ in range(steps):
        opt.step(params, surf.grad_at, state)
    return n * steps / (time.perf_counter() - t0)


def bench_torch(name: str, n: int, steps: int, threads: int) -> float:
    import torch

    torch.set_num_threads(threads)
    _, cls_name, kwargs = CASES[name]
    rng = np.random.default_rng(0)
    p = torch.tensor(rng.uniform(-2, 2, size=(n, 2)), dtype=torch.float64)
    opt = getattr(torch.optim, cls_name)([p], **kwargs)
    t0 = time.perf_counter()
    for _ in range(steps):
        x, y = p[:, 0], p[:, 1]
        r = y - x * x
        gx = -2 * (1 - x) - 400 * x * r
        gy = 200 * r
        p.grad = torch.stack((gx, gy), dim=1)
        opt.step()
    return n * steps / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", default="8,10000,100000")
    args = parser.parse_args()
    import torch

    default_threads = torch.get_num_threads()
    print(f"numpy {np.__version__}, torch {torch.__version__} (1 and {default_threads} "
          f"threads), float64, particle-steps per second, best of {args.rounds} rounds")
    print(f"{'optimizer':<10}{'N':>8}{'engine/s':>14}{'torch 1 thr/s':>16}"
          f"{'torch best/s':>15}{'ratio 1 thr':>12}{'ratio best':>11}")
    for name in CASES:
        for n in map(int, args.sizes.split(",")):
            steps = steps_for(n)
            ours, one, best = 0.0, 0.0, 0.0
            for _ in range(args.rounds):
                ours = max(ours, bench_engine(name, n, steps))
                one = max(one, bench_torch(name, n, steps, 1))
                best = max(best, one, bench_torch(name, n, steps, default_threads))
            print(f"{name:<10}{n:>8}{ours:>14,.0f}{one:>16,.0f}{best:>15,.0f}"
                  f"{ours / one:>12.2f}{ours / best:>11.2f}")


if __name__ == "__main__":
    main()
