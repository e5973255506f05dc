"""Headless command line: the same engine as the window, for labs, scripts and tests.

    python main.py race --surface rosenbrock --start -1.5,2 --steps 500 \\
        --optimizer adam:lr=0.05 --optimizer momentum:lr=0.001 --out race.csv
    python main.py surfaces [--json]
    python main.py optimizers [--json]
    python main.py demo adam-nonconvergence [--steps N] [--stochastic] --out FILE.csv

Bad input prints one line on stderr and exits with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from .files import write_atomic

__all__ = ["main", "race_csv", "race_json", "write_atomic"]

EXIT_USAGE = 2

# Options whose value may start with "-" (a negative start, a formula like "-x^2").
_VALUE_OPTIONS = ("--start", "--surface", "--noise", "--optimizer", "-o")


class CliError(Exception):
    """A user error: reported as one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, no usage dump
        raise CliError(message)


def _join_negative_values(argv: Sequence[str]) -> list[str]:
    """``--start -7,2`` -> ``--start=-7,2`` so argparse accepts negative values."""
    out: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg in _VALUE_OPTIONS:
            value = next(it, None)
            out.append(arg if value is None else f"{arg}={value}")
        else:
            out.append(arg)
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="optimizer-race",
        description="Optimizer Race: gradient-descent optimizers racing on 2-D loss surfaces.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    race = sub.add_parser("race", help="run a race headless and write CSV/JSON")
    race.add_argument("--surface", default="ravine",
                      help="catalogue name (see 'surfaces') or a formula in x and y")
    race.add_argument("--start", help="start point X,Y (default: the surface's own)")
    race.add_argument("--steps", type=int, default=100, help="number of steps (default 100)")
    race.add_argument("--optimizer", "-o", action="append", dest="optimizers", metavar="SPEC",
                      help="name or name:key=value,... (repeat for several racers)")
    race.add_argument("--noise", type=float, default=0.0, metavar="SIGMA",
                      help="standard deviation of Gaussian gradient noise")
    race.add_argument("--seed", type=int, default=0, help="seed of the gradient noise")
    race.add_argument("--schedule", default="constant",
                      help="learning-rate schedule for every racer: constant, step, cosine, "
                           "warmup, optionally with :key=value,...")
    race.add_argument("--domain", help="xmin,xmax,ymin,ymax for a custom formula")
    race.add_argument("--out", help="write FILE.csv or FILE.json (default: print a summary)")

    from .mnist.cli import add_arguments as add_mnist_arguments

    add_mnist_arguments(sub.add_parser("mnist", help="train optimizers side by side on MNIST"))

    for name, what in (("surfaces", "the surface catalogue"), ("optimizers", "the optimizers")):
        p = sub.add_parser(name, help=f"list {what}")
        p.add_argument("--json", action="store_true", help="print JSON")

    from .demos.cli import add_arguments as add_demo_arguments

    add_demo_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(_join_negative_values(argv))
        if args.command == "race":
            return cmd_race(args)
        if args.command == "surfaces":
            return cmd_surfaces(args)
        if args.command == "demo":
            from .demos.cli import run as cmd_demo

            return cmd_demo(args)
        if args.command == "mnist":
            from .mnist.cli import run as cmd_mnist

            return cmd_mnist(args)
        return cmd_optimizers(args)
    except CliError as exc:
        print(f"optimizer-race: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ValueError, OSError) as exc:
        print(f"optimizer-race: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror or exc}: {exc.filename}"
    return " ".join(str(exc).split())


def _floats(text: str, n: int, what: str) -> Any:
    parts = text.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != n or not all(math.isfinite(v) for v in values):
        raise CliError(f"{what} must be {n} comma-separated finite numbers, got '{text}'")
    return values


# -- race ------------------------------------------------------------------
def cmd_race(args: argparse.Namespace) -> int:
    from .optimizers import parse_spec
    from .race import Race, RaceConfig, RacerConfig
    from .schedules import Schedule

    if args.steps < 0:
        raise CliError(f"--steps must be >= 0, got {args.steps}")
    if not math.isfinite(args.noise) or args.noise < 0:
        raise CliError(f"--noise must be >= 0, got {args.noise}")
    specs = args.optimizers or ["sgd", "momentum", "adagrad", "adam"]
    schedule = Schedule.parse(args.schedule)
    racers = []
    for spec in specs:
        name, values = parse_spec(spec)
        racers.append(RacerConfig(name, values, label=spec, schedule=schedule))
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() not in (".csv", ".json"):
            raise CliError(f"--out must end in .csv or .json, got '{args.out}'")
        if not out.parent.resolve().is_dir():
            raise CliError(f"cannot write '{args.out}': folder does not exist")
    config = RaceConfig(
        surface=args.surface,
        start=_floats(args.start, 2, "--start") if args.start else None,
        racers=racers,
        noise_sigma=args.noise,
        seed=args.seed,
        domain=_floats(args.domain, 4, "--domain") if args.domain else None,
    )
    race = Race(config, max_points=args.steps + 2)
    race.step(args.steps)
    if not args.out:
        print(format_summary(race))
        return 0
    text = race_csv(race) if out.suffix.lower() == ".csv" else race_json(race)
    write_atomic(out, text)
    print(f"wrote {out} ({len(race.racers)} racers, {args.steps} steps)")
    return 0


def race_csv(race: Any) -> str:
    """``optimizer,step,x,y,loss`` with shortest round-trip floats."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["optimizer", "step", "x", "y", "loss"])
    for r in race.racers:
        t = r.trajectory
        for step, x, y, loss in zip(
            t.steps.tolist(), t.column("x").tolist(), t.column("y").tolist(),
            t.column("loss").tolist(), strict=True,
        ):
            writer.writerow([r.name, step, repr(x), repr(y), repr(loss)])
    return buf.getvalue()


def race_json(race: Any) -> str:
    payload = {
        "surface": race.config.surface,
        "start": race.start.tolist(),
        "steps": race.step_count,
        "noise_sigma": race.config.noise_sigma,
        "seed": race.config.seed,
        "racers": [],
    }
    for r, row in zip(race.racers, race.summary(), strict=True):
        t = r.trajectory
        payload["racers"].append(
            {
                **row,
                "trajectory": {
                    "step": t.steps.tolist(),
                    "x": t.column("x").tolist(),
                    "y": t.column("y").tolist(),
                    "loss": t.column("loss").tolist(),
                    "grad_norm": t.column("grad_norm").tolist(),
                    "step_len": t.column("step_len").tolist(),
                },
            }
        )
    return json.dumps(payload, indent=1) + "\n"


def format_summary(race: Any) -> str:
    surf = race.surface
    head = (
        f"{surf.title}  f(x, y) = {surf.formula}\n"
        f"start ({race.start[0]:g}, {race.start[1]:g}), {race.step_count} steps\n"
    )
    rows = [("rank", "optimizer", "status", "steps", "x", "y", "loss")]
    for rank, r in enumerate(race.leaderboard(), 1):
        if r.status == "diverged":
            status = f"diverged at {r.diverged_at}"
        elif r.converged_at is not None:
            status = f"converged at {r.converged_at}"
        else:
            status = "running"
        rows.append((str(rank), r.name, status, str(r.steps), f"{r.position[0]:.6g}",
                     f"{r.position[1]:.6g}", f"{r.loss:.6g}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    return head + "\n".join(lines)


# -- catalogues ------------------------------------------------------------
def cmd_surfaces(args: argparse.Namespace) -> int:
    from .surfaces import SURFACES

    if args.json:
        print(json.dumps([s.to_dict() for s in SURFACES.values()], indent=1))
        return 0
    width = max(map(len, SURFACES))
    for s in SURFACES.values():
        mins = ", ".join(f"({m.x:.6g}, {m.y:.6g})" for m in s.minima) or "none (unbounded below)"
        print(f"{s.name.ljust(width)}  {s.formula}")
        print(f"{' ' * width}  domain x[{s.domain[0]:g}, {s.domain[1]:g}] "
              f"y[{s.domain[2]:g}, {s.domain[3]:g}], start ({s.start[0]:g}, {s.start[1]:g}), "
              f"minima {mins}")
    return 0


def cmd_optimizers(args: argparse.Namespace) -> int:
    from .optimizers import REGISTRY

    if args.json:
        print(json.dumps([s.to_dict() for s in REGISTRY.values()], indent=1))
        return 0
    for spec in REGISTRY.values():
        print(f"{spec.name}  ({spec.reference}) - {spec.summary}")
        for p in spec.hparams:
            print(f"    {p.name}={str(p.default).lower() if p.kind == 'bool' else p.default}"
                  f"  {p.range_text()}  {p.help}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
