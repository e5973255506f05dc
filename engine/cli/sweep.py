"""``python main.py sweep`` and ``basins``: every hyper-parameter, every start, at once.

    python main.py sweep --surface rosenbrock --steps 300 --optimizer adam \\
        --x lr=1e-4:1:64:log --y beta1=0:0.99:32 --out sweep.csv
    python main.py basins --surface himmelblau --optimizer sgd:lr=0.002 --grid 100x100 \\
        --steps 2000 --out basins.csv

Rows stream to the file as chunks finish (in cell order).  Chunks run in this
process (``--workers 1``), a local process pool (``--workers K``; default every
core for big maps) or on a Dask cluster (``--scheduler tcp://HOST:PORT``).  The
run ends with one line on stderr: cells, steps, compute seconds and particle-steps/s.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from engine.cli.common import CliError, check_out, floats, open_output

#: Below this many cells a sweep runs in this process (a pool's start-up is not worth it).
INLINE_CELLS = 16_384


def add_arguments(sub: Any) -> None:
    p = sub.add_parser("sweep", help="heatmap of one or two hyper-parameters")
    p.add_argument("--surface", required=True, help="a catalogue surface or a formula")
    p.add_argument("--start", help="start point X,Y (default: the surface's own)")
    p.add_argument("--steps", type=int, required=True, help="steps of every run")
    p.add_argument("--optimizer", required=True, metavar="SPEC",
                   help="NAME[:key=value,...]: the optimizer and its fixed values")
    p.add_argument("--x", required=True, metavar="PARAM=LO:HI:COUNT[:log]",
                   help="the swept hyper-parameter (columns)")
    p.add_argument("--y", metavar="PARAM=LO:HI:COUNT[:log]", help="a second one (rows)")
    _common(p)
    b = sub.add_parser("basins", help="which minimum each start of a grid reaches")
    b.add_argument("--surface", required=True, help="a catalogue surface or a formula")
    b.add_argument("--optimizer", required=True, metavar="SPEC", help="NAME[:key=value,...]")
    b.add_argument("--grid", required=True, metavar="NX[xNY]", help="starts per axis")
    b.add_argument("--domain", help="xmin,xmax,ymin,ymax (default: the surface's)")
    b.add_argument("--steps", type=int, required=True, help="steps of every run")
    _common(b)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, metavar="K",
                   help="local worker processes (default: every core for big maps; 1: here)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run the chunks on a Dask distributed scheduler (tcp://HOST:PORT)")
    p.add_argument("--out", help="write FILE.csv or FILE.json (default: CSV on stdout)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")


@contextmanager
def executor_for(args: argparse.Namespace, cells: int,
                 inline: int = INLINE_CELLS) -> Iterator[Executor | None]:
    """The executor the options ask for (None: run here, also for ``inline`` cells or
    fewer), closed afterwards."""
    if args.workers is not None and args.workers < 1:
        raise CliError(f"--workers must be at least 1, got {args.workers}")
    if args.scheduler:
        from engine.sweep.runner import dask_executor

        try:
            executor, client = dask_executor(args.scheduler)
        except OSError as exc:
            raise CliError(f"cannot reach the scheduler {args.scheduler}: {exc}") from None
        try:
            yield executor
        finally:
            client.close()
        return
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers == 1 or cells <= inline:
        yield None
        return
    from engine.sweep.runner import local_executor

    executor = local_executor(workers)
    # start the processes now: the rate line counts compute, not interpreter start-up
    for future in [executor.submit(os.getpid) for _ in range(workers)]:
        future.result()
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _spec(text: str) -> tuple[str, dict[str, Any]]:
    from engine.optimizers import parse_spec

    return parse_spec(text)


def cmd_sweep(args: argparse.Namespace) -> int:
    from engine.race import resolve_surface
    from engine.sweep.plan import SweepPlan, parse_axis

    out = check_out(args.out)
    name, values = _spec(args.optimizer)
    surface = resolve_surface(args.surface)
    start = floats(args.start, 2, "--start") if args.start else surface.start
    plan = SweepPlan(args.surface, tuple(start), name, values, parse_axis(args.x, name),
                     parse_axis(args.y, name) if args.y else None, args.steps)
    header = [*plan.names, "final_loss", "best_loss", "status", "status_step"]

    def rows(lo: int, hi: int, result: Any) -> Iterator[list[Any]]:
        swept = plan.row_values(lo, hi)
        for i in range(hi - lo):
            yield [*(float(swept[k][i]) for k in plan.names), *_outcome(result, i)]

    meta = {"surface": args.surface, "start": list(start), "optimizer": args.optimizer,
            "steps": plan.steps, "shape": list(plan.shape),
            "axes": [a.text() for a in (plan.x, plan.y) if a is not None]}
    return _run("sweep", args, plan.chunks(), plan.cells, plan.steps, header, rows, out, meta)


def cmd_basins(args: argparse.Namespace) -> int:
    from engine.race import resolve_surface
    from engine.sweep.basins import assign_minima
    from engine.sweep.plan import BasinPlan

    out = check_out(args.out)
    name, values = _spec(args.optimizer)
    surface = resolve_surface(args.surface)
    nx, ny = _grid(args.grid)
    domain = floats(args.domain, 4, "--domain") if args.domain else surface.domain
    plan = BasinPlan(args.surface, name, values, nx, ny, tuple(domain), args.steps)
    header = ["x0", "y0", "x", "y", "loss", "minimum", "status"]

    def rows(lo: int, hi: int, result: Any) -> Iterator[list[Any]]:
        from engine.sweep.batch import STATUS_NAMES

        starts = plan.starts(lo, hi)
        which = assign_minima(surface, result.position, result.status)
        for i in range(hi - lo):
            x, y = result.position[i].tolist()
            yield [*starts[i].tolist(), x, y, float(result.final_loss[i]), int(which[i]),
                   STATUS_NAMES[result.status[i]]]

    meta = {"surface": args.surface, "optimizer": args.optimizer, "steps": plan.steps,
            "shape": list(plan.shape), "domain": list(domain),
            "minima": [{"x": m.x, "y": m.y, "f": m.f, "global": m.is_global}
                       for m in surface.all_minima]}
    return _run("basins", args, plan.chunks(), plan.cells, plan.steps, header, rows, out, meta)


def _grid(text: str) -> tuple[int, int]:
    parts = text.lower().split("x")
    try:
        counts = [int(p) for p in parts]
    except ValueError:
        counts = []
    if len(counts) not in (1, 2) or min(counts) < 1:
        raise CliError(f"--grid must be NX or NXxNY with counts >= 1, got '{text}'")
    return counts[0], counts[-1]


def _outcome(result: Any, i: int) -> list[Any]:
    from engine.sweep.batch import STATUS_NAMES

    return [float(result.final_loss[i]), float(result.best_loss[i]),
            STATUS_NAMES[result.status[i]], int(result.status_step[i])]


def _run(what: str, args: argparse.Namespace, chunks: list[Any], cells: int, steps: int,
         header: list[str], rows: Any, out: Path | None, meta: dict[str, Any]) -> int:
    from engine.cli.progress import Progress
    from engine.sweep.runner import run_plan

    progress = Progress(sys.stderr, cells, what="cell", enabled=not args.quiet)
    compute = 0.0
    json_out = out is not None and out.suffix.lower() == ".json"
    with executor_for(args, cells) as executor, _target(out) as f:
        records: list[list[Any]] = []
        if not json_out:
            f.write(",".join(header) + "\n")
        began = time.perf_counter()
        for lo, hi, result in run_plan(chunks, executor,
                                       ahead=None if executor is None else 64):
            compute = time.perf_counter() - began
            for row in rows(lo, hi, result):
                if json_out:
                    records.append(row)
                else:
                    f.write(",".join(_csv(v) for v in row) + "\n")
            progress.update(hi)
            began = time.perf_counter() - compute  # writing is not compute
        if json_out:
            json.dump({**meta, "columns": header,
                       "rows": [[_json(v) for v in r] for r in records]}, f)
            f.write("\n")
    progress.close()
    rate = cells * steps / max(compute, 1e-9) / 1e6
    print(f"{what}: {cells} cells x {steps} steps in {compute:.3f} s compute "
          f"({rate:.2f} M particle-steps/s)", file=sys.stderr)
    return 0


@contextmanager
def _target(out: Path | None) -> Iterator[IO[str]]:
    if out is None:
        yield sys.stdout
        return
    with open_output(out) as f:
        yield f


def _csv(v: Any) -> str:
    return repr(v) if isinstance(v, float) else str(v)


def _json(v: Any) -> Any:
    return v if not isinstance(v, float) or math.isfinite(v) else None
