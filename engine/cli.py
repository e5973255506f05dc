"""Headless command line: the same engine as the window, for labs, scripts and tests.

    python main.py race --surface rosenbrock --start -1.5,2 --steps 500 \\
        --optimizer adam:lr=0.05 --optimizer momentum:lr=0.001 --out race.csv
    python main.py race --session lab1.json [--steps N] --out lab1.csv
    python main.py surfaces [--json]
    python main.py optimizers [--json]
    python main.py demo adam-nonconvergence [--steps N] [--stochastic] --out FILE.csv

Bad input prints one line on stderr and exits with status 2; no traceback.
Ctrl+C prints one line and exits with status 130.

A race is streamed: racers run one after another (they never interact, so the
numbers are those of a race stepped all together) and each row is written as
soon as it is computed, so memory does not grow with ``--steps``.  The output
file appears complete or not at all (temporary file + rename); it is created
before the race starts, so an unwritable ``--out`` fails at once.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

from .files import open_atomic, write_atomic

__all__ = ["main", "race_csv", "race_json", "write_atomic"]

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
#: Rows kept in memory per racer while streaming (only the summary needs the latest).
STREAM_ROWS = 1024
#: Rows between two progress updates (a cheap check, but not free).
PROGRESS_EVERY = 2048
DEFAULT_SURFACE, DEFAULT_STEPS, DEFAULT_SCHEDULE = "ravine", 100, "constant"
DEFAULT_OPTIMIZERS = ("sgd", "momentum", "adagrad", "adam")
#: Race options that describe the race itself (a --session file already does).
_RACE_OPTIONS = {"surface": "--surface", "start": "--start", "optimizers": "--optimizer",
                 "noise": "--noise", "seed": "--seed", "schedule": "--schedule",
                 "domain": "--domain"}


class CliError(Exception):
    """A user error: reported as one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, no usage dump
        raise CliError(message)


def _value_options(parser: argparse.ArgumentParser) -> set[str]:
    """Option strings of ``parser`` that take exactly one value."""
    return {s for a in parser._actions if a.option_strings and a.nargs is None
            for s in a.option_strings}


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices.get(name)
    return None


def join_option_values(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """``--domain -3,3,-3,3`` -> ``--domain=-3,3,-3,3``: values may start with ``-``.

    argparse takes a value that starts with ``-`` for an option unless it looks
    like a plain negative number, so a negative point, a list, a formula like
    ``-x^2`` or a negative seed would fail with "expected one argument".  An
    option that takes one value (found in the sub-command's own parser) takes
    the next word as its value, unless that word is itself one of its options.
    """
    out: list[str] = []
    current = parser
    options = _value_options(parser)
    known = set(parser._option_string_actions)
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            out += argv[i:]
            break
        if not arg.startswith("-"):
            sub = _subparser(current, arg)
            if sub is not None:  # a sub-command: its options from now on
                current = sub
                options, known = _value_options(sub), set(sub._option_string_actions)
        elif arg in options and i + 1 < len(argv):
            value = argv[i + 1]
            if value.startswith("-") and value.split("=", 1)[0] not in known:
                out.append(f"{arg}={value}")
                i += 2
                continue
        out.append(arg)
        i += 1
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="optimizer-race",
        description="Optimizer Race: gradient-descent optimizers racing on 2-D loss surfaces.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    race = sub.add_parser("race", help="run a race headless and write CSV/JSON")
    race.add_argument("--surface",
                      help="catalogue name (see 'surfaces') or a formula in x and y "
                           "(default ravine)")
    race.add_argument("--start", help="start point X,Y (default: the surface's own)")
    race.add_argument("--steps", type=int,
                      help="number of steps (default 100, or the --session file's)")
    race.add_argument("--optimizer", "-o", action="append", dest="optimizers", metavar="SPEC",
                      help="name or name:key=value,... (repeat for several racers)")
    race.add_argument("--noise", type=float, metavar="SIGMA",
                      help="standard deviation of Gaussian gradient noise (default 0)")
    race.add_argument("--seed", type=int, help="seed of the gradient noise, >= 0 (default 0)")
    race.add_argument("--schedule",
                      help="learning-rate schedule for every racer: constant (default), step, "
                           "cosine, warmup, optionally with :key=value,...")
    race.add_argument("--domain", help="xmin,xmax,ymin,ymax for a custom formula")
    race.add_argument("--session", metavar="FILE",
                      help="run the race of a saved session file (then only --steps, --out "
                           "and --quiet may be given)")
    race.add_argument("--out", help="write FILE.csv or FILE.json (default: print a summary)")
    race.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")

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
        parser = build_parser()
        args = parser.parse_args(join_option_values(parser, argv))
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
    except KeyboardInterrupt:
        print("optimizer-race: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


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
    from .race import Race

    if args.steps is not None and args.steps < 0:
        raise CliError(f"--steps must be >= 0, got {args.steps}")
    if args.session is not None:
        given = [flag for name, flag in _RACE_OPTIONS.items() if getattr(args, name) is not None]
        if given:
            raise CliError(f"--session cannot be combined with {', '.join(given)} "
                           "(the session file describes the race)")
        config, session_steps = load_session_config(args.session)
        steps = session_steps if args.steps is None else args.steps
    else:
        config = race_config(args)
        steps = DEFAULT_STEPS if args.steps is None else args.steps
    out = check_out(args.out)
    race = Race(config, max_points=STREAM_ROWS)  # validates the start of every racer
    from .progress import Progress

    progress = Progress(sys.stderr, len(race.racers) * steps, enabled=not args.quiet)
    try:
        if out is None:
            for _ in _with_progress(race.stream(steps), steps, progress):
                pass
        else:
            with _open_atomic(out) as f:
                sink = (_JsonSink(f, race, steps) if out.suffix.lower() == ".json"
                        else _CsvSink(f))
                for racer, row in _with_progress(race.stream(steps), steps, progress):
                    sink.row(racer.index, racer.name, row)
                sink.finish(race)
    finally:
        progress.close()
    if out is None:
        print(format_summary(race))
    else:
        print(f"wrote {out} ({len(race.racers)} racers, {steps} steps)")
    return 0


def race_config(args: argparse.Namespace) -> Any:
    """The :class:`~engine.race.RaceConfig` of the race options."""
    from .optimizers import parse_spec
    from .race import RaceConfig, RacerConfig
    from .schedules import Schedule

    noise = 0.0 if args.noise is None else args.noise
    if not math.isfinite(noise) or noise < 0:
        raise CliError(f"--noise must be >= 0, got {noise}")
    seed = 0 if args.seed is None else args.seed
    if seed < 0:
        raise CliError(f"--seed must be a whole number >= 0, got {seed}")
    schedule = Schedule.parse(DEFAULT_SCHEDULE if args.schedule is None else args.schedule)
    racers = []
    for spec in args.optimizers or DEFAULT_OPTIMIZERS:
        name, values = parse_spec(spec)
        racers.append(RacerConfig(name, values, label=spec, schedule=schedule))
    return RaceConfig(
        surface=DEFAULT_SURFACE if args.surface is None else args.surface,
        start=None if args.start is None else _floats(args.start, 2, "--start"),
        racers=racers,
        noise_sigma=noise,
        seed=seed,
        domain=None if args.domain is None else _floats(args.domain, 4, "--domain"),
    )


def load_session_config(path: str) -> tuple[Any, int]:
    """The race configuration and step count of a session file, validated as the window does.

    Raises ``SessionError`` (a ``ValueError``) with the window's messages; nothing is
    replayed here (the run streams the race afresh).
    """
    from .session import load_session_file

    prepared = load_session_file(path)
    return prepared.config, prepared.steps


def check_out(path: str | None) -> Path | None:
    """``--out``: a .csv or .json file in an existing folder (writability is tried later)."""
    if path is None:
        return None
    out = Path(path)
    if out.suffix.lower() not in (".csv", ".json"):
        raise CliError(f"--out must end in .csv or .json, got '{path}'")
    if not out.parent.resolve().is_dir():
        raise CliError(f"cannot write '{path}': folder does not exist")
    return out


@contextmanager
def _open_atomic(path: Path) -> Iterator[IO[str]]:
    """:func:`engine.files.open_atomic`, with a failure to start as a one-line CLI error.

    The temporary is created at once, so an unwritable folder fails before any work;
    if the block raises (or Ctrl+C), the temporary is deleted and ``path`` is untouched.
    """
    with ExitStack() as stack:
        try:
            f = stack.enter_context(open_atomic(path, "w"))
        except OSError as exc:
            raise CliError(str(exc)) from None
        yield f


def _with_progress(rows: Iterator[Any], steps: int, progress: Any) -> Iterator[Any]:
    """``rows`` unchanged, telling ``progress`` how far the race is now and then."""
    for n, (racer, row) in enumerate(rows):
        if n % PROGRESS_EVERY == 0:
            progress.update(racer.index * steps + row[0])
        yield racer, row
    progress.update(progress.total)


class _CsvSink:
    """``optimizer,step,x,y,loss`` with shortest round-trip floats."""

    def __init__(self, f: IO[str]) -> None:
        self.writer = csv.writer(f, lineterminator="\n")
        self.writer.writerow(["optimizer", "step", "x", "y", "loss"])

    def row(self, index: int, name: str, row: tuple) -> None:
        self.writer.writerow([name, row[0], repr(row[1]), repr(row[2]), repr(row[3])])

    def finish(self, race: Any) -> None:
        pass


class _JsonSink:
    """The race's parameters, each racer's rows, then the summary (see the README).

    Written piece by piece (rows as they come), one row a line; floats are
    shortest round-trip, and never NaN or infinite (a race records none).
    """

    def __init__(self, f: IO[str], race: Any, steps: int) -> None:
        from .race import Trajectory

        self.f, self.index, self.first_row = f, -1, True
        head = {
            "surface": race.config.surface,
            "start": race.start.tolist(),
            "steps": steps,
            "noise_sigma": race.config.noise_sigma,
            "seed": race.config.seed,
            "fields": list(Trajectory.FIELDS),
        }
        f.write("{\n")
        for key, value in head.items():
            f.write(f" {json.dumps(key)}: {json.dumps(value)},\n")
        f.write(' "trajectories": [')

    def row(self, index: int, name: str, row: tuple) -> None:
        f = self.f
        if index != self.index:
            if self.index >= 0:
                f.write("\n  ]},")
            f.write(f'\n  {{"optimizer": {json.dumps(name)}, "rows": [\n   ')
            self.index, self.first_row = index, True
        if not self.first_row:
            f.write(",\n   ")
        self.first_row = False
        f.write(f"[{row[0]}, {row[1]!r}, {row[2]!r}, {row[3]!r}, {row[4]!r}, {row[5]!r}]")

    def finish(self, race: Any) -> None:
        f = self.f
        f.write("\n ]," if self.index < 0 else "\n  ]}\n ],")
        f.write('\n "racers": ' + json.dumps(race.summary(), indent=1).replace("\n", "\n "))
        f.write("\n}\n")


def _recorded(race: Any) -> Iterator[tuple[int, str, tuple]]:
    for r in race.racers:
        t = r.trajectory
        columns = [t.steps.tolist(), *(t.column(c).tolist() for c in t.FIELDS[1:])]
        for row in zip(*columns, strict=True):
            yield r.index, r.name, row


def race_csv(race: Any) -> str:
    """The CSV text of the rows ``race`` recorded (the window's export)."""
    buf = io.StringIO()
    sink = _CsvSink(buf)
    for index, name, row in _recorded(race):
        sink.row(index, name, row)
    return buf.getvalue()


def race_json(race: Any) -> str:
    """The JSON text of the rows ``race`` recorded, in the command line's format."""
    buf = io.StringIO()
    sink = _JsonSink(buf, race, race.step_count)
    for index, name, row in _recorded(race):
        sink.row(index, name, row)
    sink.finish(race)
    return buf.getvalue()


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
