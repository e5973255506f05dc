"""``python main.py landscape``: the MNIST network's loss on a slice, or along a line.

Slice (Li et al. 2018), with every optimizer's path projected onto it::

    python main.py landscape --optimizer sgd:lr=0.1 --optimizer adam:lr=0.001 --epochs 1 \\
        --directions pca --grid 41 --examples 2000 --out run

writes ``run-grid.csv`` (``a,b,loss,accuracy``, one row per cell, ``a`` major) and
``run-paths.csv`` (``optimizer,step,a,b,loss``: each snapshot's plane coordinates
and the slice's loss there).

1-D interpolation (Goodfellow et al. 2015; Keskar et al. 2017)::

    python main.py landscape --interpolate init,final --optimizer sgd:lr=0.1 --epochs 1 \\
        --points 51 --range 0,1 --out interp.csv

writes ``t,loss,accuracy`` (t = 0 is A, t = 1 is B) on the test set.  A and B are
``init``, ``final`` (the first optimizer's) or ``final:K`` (the K-th's, from 0).
Bad input prints one line on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any, TextIO

from engine.cli.common import EXIT_USAGE, CliError, floats, one_line
from engine.cli.progress import Progress as Bar
from engine.landscape.study import (
    DIRECTIONS,
    SPLITS,
    InterpolationResult,
    SharpnessResult,
    SliceResult,
    SliceSpec,
    interpolate,
    parse_center,
    train,
)
from engine.mnist.data import Dataset, find_dataset, how_to_get_full_set, load_sample
from engine.mnist.trainer import TrainConfig

GRID_HEADER = ["a", "b", "loss", "accuracy"]
PATHS_HEADER = ["optimizer", "step", "a", "b", "loss"]
INTERP_HEADER = ["t", "loss", "accuracy"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``landscape`` sub-command's options."""
    src = parser.add_mutually_exclusive_group()
    src.add_argument("--data", metavar="DIR", help="folder with the four MNIST IDX files")
    src.add_argument("--sample", action="store_true",
                     help="use the bundled 5k MNIST sample even if the full set is available")
    parser.add_argument("--optimizer", "-o", action="append", dest="optimizers", metavar="SPEC",
                        help="name or name:key=value,... (repeat; all start from the same "
                             "weights and see the same batches)")
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=float, metavar="E", help="passes over the training set")
    length.add_argument("--iterations", type=int, metavar="N", help="mini-batch steps")
    parser.add_argument("--hidden", default="100", metavar="SIZES",
                        help="hidden layer sizes, e.g. 100,100 (default 100)")
    parser.add_argument("--batch-size", type=int, default=100, metavar="B", help="default 100")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the initial weights, the batches and the random "
                             "directions (default 0)")
    parser.add_argument("--directions", default="random", choices=DIRECTIONS,
                        help="filter-normalised random directions (default) or the PCA "
                             "directions of all the trajectories")
    parser.add_argument("--center", default="final", metavar="final|init|K",
                        help="centre of the slice: the first optimizer's final weights "
                             "(default), the initial weights, or the K-th optimizer's final "
                             "weights (from 0)")
    parser.add_argument("--grid", type=int, default=41, metavar="N",
                        help="cells per side (default 41)")
    parser.add_argument("--span", type=float, metavar="S",
                        help="the slice covers [-S, S]^2 in the directions' units (default 1 "
                             "for random directions; the paths plus 20 %% for PCA)")
    parser.add_argument("--examples", type=int, default=10_000, metavar="N",
                        help="evaluate on the first N images (default 10000)")
    parser.add_argument("--split", default="test", choices=SPLITS,
                        help="evaluate on the test (default) or the training images")
    parser.add_argument("--interpolate", metavar="A,B",
                        help="the loss along the line from A to B instead of a slice "
                             "(init, final or final:K)")
    parser.add_argument("--points", type=int, default=51, metavar="N",
                        help="points on the line (default 51)")
    parser.add_argument("--range", dest="t_range", default="0,1", metavar="T0,T1",
                        help="t from T0 to T1 (default 0,1; Keskar et al. use -1,2)")
    parser.add_argument("--sharpness", action="store_true",
                        help="also print the largest Hessian eigenvalue at the centre and "
                             "the stability threshold of the optimizer that got there")
    parser.add_argument("--threads", type=int, metavar="N",
                        help="threads evaluating the slice (default: the cores, at most 4)")
    parser.add_argument("--out", metavar="PREFIX",
                        help="slice: write PREFIX-grid.csv and PREFIX-paths.csv; "
                             "interpolation: the CSV file")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def run(args: argparse.Namespace, *, stdout: TextIO | None = None,
        stderr: TextIO | None = None) -> int:
    """Execute ``python main.py landscape``; returns the exit status (2 on bad input)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        return _run(args, out, err)
    except (CliError, ValueError, OSError) as exc:
        print(f"optimizer-race: error: {one_line(exc)}", file=err)
        return EXIT_USAGE
    except MemoryError:
        print("optimizer-race: error: not enough memory for this landscape; use fewer "
              "--examples, a smaller --grid or fewer optimizers", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("optimizer-race: interrupted", file=err)
        return 130


def _hidden(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        sizes = ()
    if not sizes or min(sizes) < 1:
        raise CliError(f"--hidden must be comma-separated whole numbers >= 1, got '{text}'")
    return sizes


def _config(args: argparse.Namespace, dataset: Dataset) -> TrainConfig:
    if not args.optimizers:
        raise CliError("give at least one --optimizer SPEC (e.g. sgd:lr=0.1)")
    if args.batch_size is None or args.batch_size < 1:
        raise CliError(f"--batch-size must be a whole number >= 1, got {args.batch_size}")
    if args.epochs is not None:
        if not 0 < args.epochs <= 1000:
            raise CliError(f"--epochs must be in (0, 1000], got {args.epochs:g}")
        iterations = TrainConfig.iterations_for(args.epochs, dataset.n_train, args.batch_size)
    elif args.iterations is not None:
        iterations = args.iterations
    else:
        raise CliError("give --epochs E or --iterations N")
    return TrainConfig(optimizers=tuple(args.optimizers), hidden=_hidden(args.hidden),
                       batch_size=args.batch_size, iterations=iterations,
                       seed=args.seed).validate()


def _endpoints(text: str) -> tuple[str, str]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise CliError(f"--interpolate must be A,B (init, final or final:K), got '{text}'")
    return parts[0], parts[1]


def _folder_ok(path: Path, what: str) -> None:
    if not path.parent.resolve().is_dir():
        raise CliError(f"cannot write '{what}': folder does not exist")


def _drive(gen: Generator[Any, object, Any], err: TextIO, quiet: bool, what: str) -> Any:
    bar: Bar | None = None
    try:
        while True:
            try:
                p = next(gen)
            except StopIteration as stop:
                return stop.value
            if bar is None or bar.what != p.stage:
                if bar is not None:
                    bar.close()
                bar = Bar(err, p.total, what=p.stage if p.stage != "slice" else what,
                          enabled=not quiet)
                bar.what = p.stage
            bar.update(p.done)
    finally:
        if bar is not None:
            bar.close()
        gen.close()


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    interp = _endpoints(args.interpolate) if args.interpolate else None
    out_path: Path | None = None
    if args.out is not None:
        out_path = Path(args.out)
        if interp is not None and out_path.suffix.lower() != ".csv":
            raise CliError(f"--out must end in .csv for --interpolate, got '{args.out}'")
        _folder_ok(out_path, args.out)
    if args.threads is not None and args.threads < 1:
        raise CliError(f"--threads must be a whole number >= 1, got {args.threads}")
    t_range = floats(args.t_range, 2, "--range")
    if not t_range[0] < t_range[1]:
        raise CliError(f"--range must be T0,T1 with T0 < T1, got '{args.t_range}'")
    if interp is None:
        spec = SliceSpec(directions=args.directions, center=args.center, grid=args.grid,
                         span=args.span, examples=args.examples, split=args.split,
                         seed=args.seed, threads=args.threads).validate()
        if args.seed < 0:
            raise CliError(f"--seed must be a whole number >= 0, got {args.seed}")
    elif args.points < 2:
        raise CliError(f"--points must be a whole number >= 2, got {args.points}")
    if args.examples is None or args.examples < 1:
        raise CliError(f"--examples must be a whole number >= 1, got {args.examples}")
    dataset = load_sample() if args.sample else find_dataset("mnist", args.data)
    config = _config(args, dataset)
    if interp is None:
        parse_center(args.center, len(config.optimizers))
    else:
        from engine.landscape.study import endpoint  # validated on a stand-in first

        for text in interp:
            _check_endpoint(text, len(config.optimizers), endpoint)
    print(f"data: {dataset.title}", file=err)
    if dataset.is_sample:
        print("note: using the bundled 5k sample. " + how_to_get_full_set("mnist"), file=err)
    n_split = dataset.n_test if args.split == "test" else dataset.n_train
    if args.examples > n_split:
        print(f"note: --examples {args.examples} is more than the {n_split:,} {args.split} "
              f"images; using all {n_split:,}", file=err)
    traj = _drive(train(dataset, config), err, args.quiet, "step")
    for label, diverged in zip(traj.labels, traj.diverged, strict=True):
        if diverged:
            print(f"note: {label} diverged; its path stops there", file=err)
    t0 = time.perf_counter()
    if interp is not None:
        result = _drive(interpolate(traj, dataset, interp[0], interp[1], points=args.points,
                                    t_range=t_range, examples=args.examples, split=args.split,
                                    threads=args.threads), err, args.quiet, "point")
        seconds = time.perf_counter() - t0
        if out_path is not None:
            from engine.platform.files import write_atomic

            write_atomic(out_path, interpolation_csv(result))
            print(f"wrote {out_path} ({len(result.t)} points)", file=out)
        print(format_interpolation(result, seconds), file=out)
        center = interp[0] if interp[0] != "init" else interp[1]
    else:
        from engine.landscape.study import compute_slice

        result = _drive(compute_slice(traj, dataset, spec), err, args.quiet, "cell")
        seconds = time.perf_counter() - t0
        if out_path is not None:
            from engine.platform.files import write_atomic

            prefix = str(out_path)[:-4] if out_path.suffix.lower() == ".csv" else str(out_path)
            grid_path, paths_path = Path(prefix + "-grid.csv"), Path(prefix + "-paths.csv")
            write_atomic(grid_path, grid_csv(result))
            write_atomic(paths_path, paths_csv(result))
            print(f"wrote {grid_path} and {paths_path}", file=out)
        print(format_slice(result, seconds), file=out)
        center = args.center
    if args.sharpness:
        from engine.landscape.study import sharpness

        if center.startswith("final:"):
            center = center[6:]
        found = _drive(sharpness(traj, dataset, center, examples=min(args.examples, 2000)),
                       err, args.quiet, "iteration")
        print(format_sharpness(found), file=out)
    return 0


def _check_endpoint(text: str, count: int, endpoint: Any) -> None:
    class _Stub:  # the spec is checked before any training
        initial = None
        finals = [None] * count

    endpoint(_Stub(), text)


def _r(x: float) -> str:
    return repr(float(x))


def grid_csv(result: SliceResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(GRID_HEADER)
    for i, a in enumerate(result.a):
        for j, b in enumerate(result.b):
            w.writerow([_r(a), _r(b), _r(result.loss[i, j]), _r(result.accuracy[i, j])])
    return buf.getvalue()


def paths_csv(result: SliceResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(PATHS_HEADER)
    for p in result.paths:
        for k in range(len(p.steps)):
            w.writerow([p.label, int(p.steps[k]), _r(p.a[k]), _r(p.b[k]), _r(p.loss[k])])
    return buf.getvalue()


def interpolation_csv(result: InterpolationResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(INTERP_HEADER)
    for t, loss, acc in zip(result.t, result.loss, result.accuracy, strict=True):
        w.writerow([_r(t), _r(loss), _r(acc)])
    return buf.getvalue()


def format_slice(result: SliceResult, seconds: float) -> str:
    n = len(result.a) * len(result.b)
    lines = [f"slice: {len(result.a)} x {len(result.b)} cells on {result.examples:,} "
             f"{result.spec.split} images, {result.spec.directions} directions, centre "
             f"{result.center_label}, span {result.a[-1]:.4g} ({seconds:.2f} s, "
             f"{n / max(seconds, 1e-9):,.0f} cells/s)",
             f"centre loss {result.center_loss:.6f}; slice loss from "
             f"{float(result.loss.min()):.4f} to {float(result.loss.max()):.4f}"]
    if result.explained is not None:
        ev = result.explained
        lines.append(f"PCA explained variance: axis 1 {100 * ev[0]:.2f} %, axis 2 "
                     f"{100 * ev[1]:.2f} % (together {100 * ev.sum():.2f} %)")
    for p in result.paths:
        lines.append(f"path {p.label}: {len(p.steps)} snapshots, ends at "
                     f"({p.a[-1]:.4g}, {p.b[-1]:.4g})")
    return "\n".join(lines)


def format_interpolation(result: InterpolationResult, seconds: float) -> str:
    rises = [float(b - a) / abs(a) for a, b in zip(result.loss[:-1], result.loss[1:],
                                                     strict=True) if a]
    worst = max(rises) if rises else 0.0
    import numpy as np

    at_a, at_b = np.interp([0.0, 1.0], result.t, result.loss)  # t = 0 is A, t = 1 is B
    near = "" if {0.0, 1.0} <= set(result.t.tolist()) else "about "
    return (f"interpolation {result.start} -> {result.end}: {len(result.t)} points, t in "
            f"[{result.t[0]:g}, {result.t[-1]:g}], on {result.examples:,} images "
            f"({seconds:.2f} s)\n"
            f"loss {near}{at_a:.6f} at {result.start} (t = 0), {near}{at_b:.6f} at {result.end} "
            f"(t = 1); "
            f"from {float(result.loss[0]):.6f} to {float(result.loss[-1]):.6f} over the range; "
            f"largest rise between neighbours {100 * max(worst, 0.0):.4f} % "
            f"({'monotone' if worst <= 1e-3 else 'not monotone'})")


def format_sharpness(r: SharpnessResult) -> str:
    lines = [f"sharpness at {r.center_label}: largest Hessian eigenvalue {r.value:.4g} "
             f"(power iteration{'' if r.converged else ', not converged'}, on "
             f"{r.examples:,} training images)"]
    if r.optimizer is not None:
        if r.threshold is None:
            lines.append(f"{r.optimizer}: no simple stability threshold applies")
        elif r.preconditioned is not None:
            lines.append(f"{r.optimizer}: preconditioned sharpness {r.preconditioned:.4g} vs "
                         f"threshold {r.rule} = {r.threshold:.4g}")
        else:
            lines.append(f"{r.optimizer}: threshold {r.rule} = {r.threshold:.4g} "
                         f"({'above' if r.value > r.threshold else 'below'} it)")
    return "\n".join(lines)
