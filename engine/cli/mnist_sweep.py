"""``python main.py mnist-sweep``: the heatmap over a real training configuration.

    python main.py mnist-sweep [--data DIR | --sample] --optimizer SPEC \\
        --x PARAM=LO:HI:COUNT[:log] [--y ...] --epochs E [--workers K] \\
        [--scheduler ADDR] --out f.csv

Each cell is a full MNIST training run of E epochs (:class:`engine.mnist.trainer.Trainer`,
seeded, so a cell gives the same numbers on any executor).  PARAM is a
hyper-parameter of the optimizer, ``batch_size``, or ``l2`` (the trainer's L2
penalty, kept apart from the optimizer's own ``weight_decay``).  The CSV header
is the swept names, then ``train_loss,test_loss,test_accuracy,seconds``.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.cli.common import CliError, check_out
from engine.cli.sweep import _csv, _target, executor_for

#: Training parameters a sweep may vary besides the optimizer's own.
TRAINING = ("batch_size", "l2")
HEADER = ("train_loss", "test_loss", "test_accuracy", "seconds")
#: Most cells of one MNIST sweep (each is a full training run).
MAX_CELLS = 10_000

_datasets: dict[tuple[Any, ...], Any] = {}  # per worker process: loaded once


@dataclass(frozen=True)
class Cell:
    """One training run, by value (shipped to worker processes or a Dask cluster)."""

    index: int
    data: str | None
    sample: bool
    optimizer: str
    values: dict[str, Any]
    l2: float
    batch_size: int
    epochs: float
    hidden: tuple[int, ...]
    seed: int


def run_cell(cell: Cell) -> tuple[int, list[float]]:
    """Train one cell; ``(index, [train_loss, test_loss, test_accuracy, seconds])``."""
    from engine.mnist.data import find_dataset, load_sample
    from engine.mnist.trainer import TrainConfig, Trainer
    from engine.optimizers import spec_string

    key = (cell.data, cell.sample)
    if key not in _datasets:
        _datasets[key] = load_sample() if cell.sample else find_dataset("mnist", cell.data)
    dataset = _datasets[key]
    config = TrainConfig(
        optimizers=(spec_string(cell.optimizer, cell.values),), hidden=cell.hidden,
        weight_decay=cell.l2, batch_size=cell.batch_size, seed=cell.seed,
        iterations=TrainConfig.iterations_for(cell.epochs, dataset.n_train, cell.batch_size))
    trainer = Trainer(dataset, config)
    trainer.run_all()
    trainer.finish()
    run = trainer.runs[0]
    last = run.last
    if last is None:
        return cell.index, [math.nan, math.nan, math.nan, run.seconds]
    return cell.index, [last.train_loss, last.test_loss, last.test_accuracy, run.seconds]


def add_arguments(sub: Any) -> None:
    p = sub.add_parser("mnist-sweep", help="heatmap of full MNIST trainings")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--data", metavar="DIR", help="folder with the four IDX files")
    src.add_argument("--sample", action="store_true", help="the bundled 5k sample")
    p.add_argument("--optimizer", required=True, metavar="SPEC", help="NAME[:key=value,...]")
    p.add_argument("--x", required=True, metavar="PARAM=LO:HI:COUNT[:log]")
    p.add_argument("--y", metavar="PARAM=LO:HI:COUNT[:log]")
    p.add_argument("--epochs", type=float, required=True, metavar="E")
    p.add_argument("--hidden", default="100", metavar="SIZES", help="default 100")
    p.add_argument("--batch-size", type=int, default=100, metavar="B")
    p.add_argument("--l2", type=float, default=0.0, metavar="LAMBDA")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, metavar="K")
    p.add_argument("--scheduler", metavar="ADDRESS")
    p.add_argument("--out", help="write FILE.csv (default: stdout)")
    p.add_argument("--quiet", "-q", action="store_true")


def _axis(text: str, optimizer: str) -> tuple[str, np.ndarray]:
    from engine.sweep.plan import Axis, parse_axis

    name = text.partition("=")[0].strip()
    if name not in TRAINING:
        axis = parse_axis(text, optimizer)
        return axis.name, axis.values()
    # a training parameter: the same syntax, its own range
    probe = parse_axis(text.replace(name, "lr", 1), "sgd")
    axis = Axis(name, probe.low, probe.high, probe.count, probe.log)
    values = axis.values()
    if name == "batch_size":
        if axis.low < 1:
            raise CliError(f"batch_size must be >= 1, got {axis.low:g}")
        values = np.unique(np.round(values)).astype(int)
    return name, values


def cmd_mnist_sweep(args: argparse.Namespace) -> int:
    from engine.cli.progress import Progress
    from engine.optimizers import get_spec, parse_spec
    from engine.sweep.plan import check_total

    out = check_out(args.out, (".csv",))
    name, values = parse_spec(args.optimizer)
    if get_spec(name).needs_hessian:
        raise CliError(f"{name} needs the Hessian and cannot train a network")
    try:
        hidden = tuple(int(h) for h in args.hidden.split(","))
    except ValueError:
        raise CliError(f"--hidden must be comma-separated whole numbers, got '{args.hidden}'"
                       ) from None
    axes = [_axis(args.x, name)] + ([_axis(args.y, name)] if args.y else [])
    if len(axes) == 2 and axes[0][0] == axes[1][0]:
        raise CliError(f"the two swept parameters must differ, got {axes[0][0]} twice")
    if not (math.isfinite(args.epochs) and args.epochs > 0):
        raise CliError(f"--epochs must be > 0, got {args.epochs:g}")
    cells = math.prod(len(v) for _, v in axes)
    check_total(cells, 1)
    if cells > MAX_CELLS:
        raise CliError(f"{cells} cells is too many for MNIST (at most {MAX_CELLS})")
    grid = []
    for index in range(cells):
        point = {axes[0][0]: axes[0][1][index % len(axes[0][1])]}
        if len(axes) == 2:
            point[axes[1][0]] = axes[1][1][index // len(axes[0][1])]
        grid.append(point)
    tasks = []
    for index, point in enumerate(grid):
        opt_values = {**values, **{k: float(v) for k, v in point.items() if k not in TRAINING}}
        get_spec(name).create(**opt_values)  # a bad combination fails now, with one line
        tasks.append(Cell(index, args.data, bool(args.sample), name, opt_values,
                          float(point.get("l2", args.l2)),
                          int(point.get("batch_size", args.batch_size)), args.epochs, hidden,
                          args.seed))
    names = [n for n, _ in axes]
    progress = Progress(sys.stderr, cells, what="cell", enabled=not args.quiet)
    began = time.perf_counter()
    with executor_for(args, cells, inline=1) as executor, _target(out) as f:
        f.write(",".join([*names, *HEADER]) + "\n")
        results = (map(run_cell, tasks) if executor is None
                   else executor.map(run_cell, tasks))
        for done, (index, metrics) in enumerate(results, 1):
            point = grid[index]
            f.write(",".join([*(_csv(float(point[n]) if n != "batch_size" else int(point[n]))
                                for n in names), *(_csv(float(m)) for m in metrics)]) + "\n")
            progress.update(done)
    progress.close()
    print(f"mnist-sweep: {cells} cells x {args.epochs:g} epochs in "
          f"{time.perf_counter() - began:.1f} s", file=sys.stderr)
    return 0
