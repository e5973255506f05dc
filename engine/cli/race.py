"""``python main.py race``: a race headless, streamed to CSV or JSON.

    python main.py race --surface rosenbrock --start -1.5,2 --steps 500 \\
        --optimizer adam:lr=0.05 --optimizer momentum:lr=0.001 --out race.csv
    python main.py race --session lab1.json [--steps N] --out lab1.csv
    python main.py race --plugin my_adam.py --optimizer my_adam:lr=0.1 --optimizer adam:lr=0.1

A race is streamed: racers run one after another (they never interact, so the
numbers are those of a race stepped all together) and each row is written as
soon as it is computed, so memory does not grow with ``--steps``.  The output
file appears complete or not at all (temporary file + rename); it is created
before the race starts, so an unwritable ``--out`` fails at once.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from engine.cli.common import CliError, check_out, floats, open_output
from engine.race_io import CsvSink, JsonSink

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


def add_arguments(sub: Any) -> None:
    """The ``race`` sub-command and its options."""
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
    race.add_argument("--plugin", action="append", metavar="FILE",
                      help="your own optimizer file (.py; repeat for several); race it with "
                           "--optimizer NAME[:key=value,...] or --optimizer FILE. It runs in a "
                           "separate, limited process")
    race.add_argument("--out", help="write FILE.csv or FILE.json (default: print a summary), "
                                    "or draw the race as FILE.png, .svg, .gif or .mp4")
    race.add_argument("--size", metavar="WxH",
                      help="picture size for --out .png/.svg/.gif/.mp4 (default 1920x1080)")
    race.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")


#: ``--out`` suffixes drawn by the window's renderer (``main.py`` passes it in).
PICTURES = (".png", ".svg", ".gif", ".mp4")
#: Draws ``(config, steps, out, size)`` to a picture, returns what it wrote (one line).
Renderer = Callable[[Any, int, Path, tuple[int, int]], str]


def parse_size(text: str | None) -> tuple[int, int]:
    """``--size WxH``: two whole numbers of pixels between 64 and 8192."""
    if text is None:
        return (1920, 1080)
    parts = text.lower().replace("×", "x").split("x")
    try:
        w, h = (int(p) for p in parts)
    except ValueError:
        raise CliError(f"--size must be WIDTHxHEIGHT in pixels, e.g. 1920x1080, got '{text}'")\
            from None
    if not (64 <= w <= 8192 and 64 <= h <= 8192):
        raise CliError(f"--size must be between 64 and 8192 pixels a side, got '{text}'")
    return w, h


def cmd_race(args: argparse.Namespace, renderer: Renderer | None = None) -> int:
    from engine.race import Race

    if args.steps is not None and args.steps < 0:
        raise CliError(f"--steps must be >= 0, got {args.steps}")
    plugins = load_plugins(args.plugin or [])
    if args.session is not None:
        given = [flag for name, flag in _RACE_OPTIONS.items() if getattr(args, name) is not None]
        if given:
            raise CliError(f"--session cannot be combined with {', '.join(given)} "
                           "(the session file describes the race)")
        check_session_plugins(args.session, plugins)
        config, session_steps = load_session_config(args.session)
        steps = session_steps if args.steps is None else args.steps
    else:
        config = race_config(args, plugins)
        steps = DEFAULT_STEPS if args.steps is None else args.steps
    out = check_out(args.out, (".csv", ".json", *PICTURES))
    if out is not None and out.suffix.lower() in PICTURES:
        size = parse_size(args.size)
        if renderer is None:
            raise CliError(f"--out {out.suffix} is drawn by the app's renderer: run "
                           "'python main.py race ...' (or the optimizer-race command)")
        Race(config, max_points=STREAM_ROWS)  # validates every start before Qt starts
        print(renderer(config, steps, out, size))
        return 0
    if args.size is not None:
        raise CliError("--size is for pictures: --out FILE.png, .svg, .gif or .mp4")
    race = Race(config, max_points=STREAM_ROWS)  # validates the start of every racer
    from engine.cli.progress import Progress

    progress = Progress(sys.stderr, len(race.racers) * steps, enabled=not args.quiet)
    try:
        if out is None:
            for _ in _with_progress(race.stream(steps), steps, progress):
                pass
        else:
            with open_output(out) as f:
                sink = (JsonSink(f, race, steps) if out.suffix.lower() == ".json"
                        else CsvSink(f))
                for racer, row in _with_progress(race.stream(steps), steps, progress):
                    sink.row(racer.index, racer.name, row)
                sink.finish(race)
    finally:
        progress.close()
    for racer in race.racers:  # a student's optimizer that failed: the race went on without it
        error = getattr(racer.optimizer, "error", None)
        if error:
            print(f"optimizer-race: {racer.name} stopped at step {racer.steps}: {error}",
                  file=sys.stderr)
    if out is None:
        print(format_summary(race))
    else:
        print(f"wrote {out} ({len(race.racers)} racers, {steps} steps)")
    return 0


def load_plugins(files: list[str]) -> dict[Path, str]:
    """Load every ``--plugin`` file (in its own process): resolved path -> NAME."""
    from engine.plugins import load_plugin

    loaded: dict[Path, str] = {}
    for file in files:
        path = Path(file)
        if not path.is_file():
            raise CliError(f"--plugin: no such file: {file}")
        if path.resolve() not in loaded:
            loaded[path.resolve()] = load_plugin(path).name
    return loaded


def _plugin_name(name: str, plugins: dict[Path, str]) -> str:
    """``--optimizer my_adam.py`` means the plugin in that file (loaded if need be)."""
    if not (name.endswith(".py") or Path(name).is_file()):
        return name
    path = Path(name)
    if not path.is_file():
        raise CliError(f"--optimizer: no such file: {name}")
    if path.resolve() not in plugins:
        plugins.update(load_plugins([name]))
    return plugins[path.resolve()]


def check_session_plugins(path: str, plugins: dict[Path, str]) -> None:
    """A session's student files run only when passed again with ``--plugin``."""
    from engine.plugins import file_hash
    from engine.plugins.references import session_plugins
    from engine.session import parse_session_text, read_session_text

    data = parse_session_text(read_session_text(path), Path(path).name)
    for ref in session_plugins(data):
        resolved = ref.path.resolve()
        if resolved not in plugins:
            raise CliError(f"the session races your optimizer file {ref.path} ({ref.name}); "
                           f"its code is not run unless you pass --plugin {ref.path}")
        if file_hash(resolved) != ref.sha256:
            print(f"optimizer-race: note: {ref.path} changed since the session was saved",
                  file=sys.stderr)


def race_config(args: argparse.Namespace, plugins: dict[Path, str] | None = None) -> Any:
    """The :class:`~engine.race.RaceConfig` of the race options."""
    from engine.optimizers import parse_spec
    from engine.race import RaceConfig, RacerConfig
    from engine.schedules import Schedule

    noise = 0.0 if args.noise is None else args.noise
    if not math.isfinite(noise) or noise < 0:
        raise CliError(f"--noise must be >= 0, got {noise}")
    seed = 0 if args.seed is None else args.seed
    if seed < 0:
        raise CliError(f"--seed must be a whole number >= 0, got {seed}")
    schedule = Schedule.parse(DEFAULT_SCHEDULE if args.schedule is None else args.schedule)
    racers = []
    plugins = {} if plugins is None else plugins
    for spec in args.optimizers or DEFAULT_OPTIMIZERS:
        head, colon, rest = spec.partition(":")
        name, values = parse_spec(_plugin_name(head.strip(), plugins) + colon + rest)
        racers.append(RacerConfig(name, values, label=spec, schedule=schedule))
    return RaceConfig(
        surface=DEFAULT_SURFACE if args.surface is None else args.surface,
        start=None if args.start is None else floats(args.start, 2, "--start"),
        racers=racers,
        noise_sigma=noise,
        seed=seed,
        domain=None if args.domain is None else floats(args.domain, 4, "--domain"),
    )


def load_session_config(path: str) -> tuple[Any, int]:
    """The race configuration and step count of a session file, validated as the window does.

    Raises ``SessionError`` (a ``ValueError``) with the window's messages; nothing is
    replayed here (the run streams the race afresh).
    """
    from engine.session import load_session_file

    prepared = load_session_file(path)
    return prepared.config, prepared.steps


def _with_progress(rows: Iterator[Any], steps: int, progress: Any) -> Iterator[Any]:
    """``rows`` unchanged, telling ``progress`` how far the race is now and then."""
    for n, (racer, row) in enumerate(rows):
        if n % PROGRESS_EVERY == 0:
            progress.update(racer.index * steps + row[0])
        yield racer, row
    progress.update(progress.total)


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
        elif r.status == "saddle":
            status = f"at a saddle point since {r.saddle_since(r.steps)}"
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
