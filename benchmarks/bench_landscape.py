"""Seconds for a 41 x 41 slice of the MNIST network's loss: this lab against two references.

All three evaluate the same filter-normalised plane around the same trained
784-100-10 network, measured side by side in one run:

* **naive**: one full forward pass per cell (``MLP.evaluate`` on the weights
  ``centre + a d1 + b d2``), timed on a sample of cells and scaled to 41 x 41;
* **first layer once, cell by cell**: the first layer's products ``X W`` of the
  centre and of both directions computed once, then every cell in plain numpy
  (``P0 + a Pa + b Pb``, ReLU, the second layer, the loss), timed on a sample of
  cells and scaled;
* **this lab** (:class:`engine.landscape.evaluate.SliceEvaluator`): the same
  algebra, blocks of cells batched and cache-sized, on 1 thread and on every core.

Subsets: the GUI's default 2 000 test images and all 10 000.  The deeper
784-100x4-10 network gets its own figure (2 000 images).  The issue's goals on
its reference machine: <= 1 s for 2 000 images, <= 4 s for 10 000.  Peak memory
(VmHWM) of the whole run is printed at the end.

    python benchmarks/bench_landscape.py [--data DIR] [--sample-cells 24]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.landscape.directions import random_directions  # noqa: E402
from engine.landscape.evaluate import SliceEvaluator, default_threads  # noqa: E402
from engine.mnist.data import find_dataset, to_float  # noqa: E402
from engine.mnist.mlp import MLP, blas_threads  # noqa: E402
from engine.mnist.trainer import TrainConfig, Trainer  # noqa: E402

GRID = 41


def trained(dataset, hidden, steps=300) -> MLP:
    trainer = Trainer(dataset, TrainConfig(optimizers=("sgd:lr=0.1",), hidden=hidden,
                                           iterations=steps, eval_every=steps))
    trainer.run_all()
    return trainer.runs[0].net


def cells() -> np.ndarray:
    axis = np.linspace(-1, 1, GRID)
    a, b = np.meshgrid(axis, axis, indexing="ij")
    return np.stack([a.ravel(), b.ravel()], 1)


def naive(net, dirs, coeffs, images, labels) -> float:
    probe = net.clone()
    t0 = time.perf_counter()
    for a, b in coeffs:
        probe.flat[:] = net.flat + np.float32(a) * dirs[0] + np.float32(b) * dirs[1]
        probe.evaluate(images, labels, chunk=len(labels))
    return (time.perf_counter() - t0) / len(coeffs)


def first_layer_once(net, dirs, coeffs, images, labels) -> float:
    """One hidden layer only: P0 + a Pa + b Pb per cell, plain numpy."""
    x = to_float(images)
    c = net._views(net.flat)
    d = [net._views(v) for v in dirs]
    p0, pa, pb = x @ c[0] + c[1], x @ d[0][0], x @ d[1][0]
    rows = np.arange(len(labels))
    t0 = time.perf_counter()
    for a, b in coeffs:
        a, b = np.float32(a), np.float32(b)
        h = p0 + a * pa + b * pb
        np.maximum(h, 0, out=h)
        z = h @ (c[2] + a * d[0][2] + b * d[1][2]) + c[3]
        z -= z.max(axis=1, keepdims=True)
        float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[rows, labels]))
    return (time.perf_counter() - t0) / len(coeffs)


def ours(net, dirs, coeffs, images, labels, threads) -> float:
    t0 = time.perf_counter()
    SliceEvaluator(net, net.flat, dirs, images, labels, threads=threads).evaluate(coeffs)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="MNIST folder (default: the app's, else the sample)")
    parser.add_argument("--sample-cells", type=int, default=24,
                        help="cells timed for the references (scaled to 41 x 41)")
    args = parser.parse_args()
    dataset = find_dataset("mnist", args.data)
    print(f"data: {dataset.title}; {default_threads()} threads available")
    grid = cells()
    rng = np.random.default_rng(0)
    sample = grid[rng.choice(len(grid), args.sample_cells, replace=False)]
    for hidden, sizes in (((100,), (2000, 10_000)), ((100, 100, 100, 100), (2000,))):
        net = trained(dataset, hidden)
        dirs = random_directions(net.flat, net.shapes, 0)
        name = "784-" + "x".join(str(h) for h in hidden) + "-10"
        for n in sizes:
            n = min(n, dataset.n_test)
            images, labels = dataset.test_images[:n], dataset.test_labels[:n]
            with blas_threads(1):
                t_naive = naive(net, dirs, sample, images, labels) * len(grid)
                t_first = (first_layer_once(net, dirs, sample, images, labels) * len(grid)
                           if len(hidden) == 1 else float("nan"))
            t1 = ours(net, dirs, grid, images, labels, 1)
            tn = ours(net, dirs, grid, images, labels, default_threads())
            goal = {2000: 1.0, 10_000: 4.0}.get(n)
            print(f"{name}, 41 x 41 on {n:,} images: naive {t_naive:7.2f} s | first layer "
                  f"once, cell by cell {t_first:6.2f} s | this lab 1 thread {t1:6.2f} s, "
                  f"{default_threads()} threads {tn:6.2f} s ({len(grid) / tn:,.0f} cells/s; "
                  f"{t_naive / tn:.0f}x naive"
                  + (f", {t_first / tn:.1f}x cell by cell" if t_first == t_first else "")
                  + (f"; goal <= {goal:g} s" if goal else "") + ")")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
