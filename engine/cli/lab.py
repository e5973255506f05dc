"""``python main.py check`` and ``python main.py exercise``: students' own optimizers.

    python main.py check my_adam.py --against adam [--hparams lr=0.01,eps=1e-6]
    python main.py exercise list
    python main.py exercise start adam [--dir FOLDER]
    python main.py exercise check adam [--dir FOLDER]

``check`` exits 0 when the student's file matches the built-in step by step, 1
when it differs or fails (naming the first step, surface and quantity, the
likely cause, and for an exercise a hint), and 2 for bad usage.  The student's
file only ever runs in a separate, limited process (:mod:`engine.plugins`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from engine.cli.common import CliError

EXIT_DIFFERS = 1


def add_arguments(sub: Any) -> None:
    check = sub.add_parser("check", help="check your optimizer file against a built-in one")
    check.add_argument("file", help="your optimizer file (.py)")
    check.add_argument("--against", required=True, metavar="NAME",
                       help="the built-in optimizer to compare with (see 'optimizers')")
    check.add_argument("--hparams", metavar="K=V,...",
                       help="hyper-parameters for both (default: the built-in's defaults)")
    check.add_argument("--steps", type=int, default=200, help="steps per run (default 200)")
    ex = sub.add_parser("exercise", help="lab exercises: list, start, check")
    ex.add_argument("action", choices=("list", "start", "check"))
    ex.add_argument("name", nargs="?", help="the exercise (see 'exercise list')")
    ex.add_argument("--dir", metavar="FOLDER",
                    help="where your exercise files are (default: the app's data folder)")
    ex.add_argument("--overwrite", action="store_true",
                    help="start: replace an existing file with the template")


def cmd_check(args: argparse.Namespace) -> int:
    from engine.optimizers import get_spec

    if not Path(args.file).is_file():
        raise CliError(f"no such file: {args.file}")
    if args.steps < 1 or args.steps > 100_000:
        raise CliError(f"--steps must be in [1, 100000], got {args.steps}")
    if get_spec(args.against).needs_hessian:
        raise CliError(f"--against {args.against}: second-order optimizers cannot be checked")
    return _check(args.file, args.against, args.hparams, args.steps, hint=None)


def _check(file: str, against: str, hparams: str | None, steps: int, hint: str | None) -> int:
    from engine.plugins import PluginError
    from engine.plugins.check import check_plugin, parse_overrides

    overrides = parse_overrides(hparams)
    try:
        result = check_plugin(file, against, overrides, steps=steps)
    except PluginError as exc:
        print(f"optimizer-race: check failed: {exc}", file=sys.stderr)
        return EXIT_DIFFERS
    print(result.report())
    if not result.ok and hint:
        print(f"hint: {hint}")
    return 0 if result.ok else EXIT_DIFFERS


def cmd_exercise(args: argparse.Namespace) -> int:
    from engine.plugins.exercises import default_folder, exercise, exercises, start_exercise

    if args.action == "list":
        width = max(len(e.name) for e in exercises())
        for e in exercises():
            print(f"{e.name.ljust(width)}  {e.text('title')} (checked against {e.against})")
        return 0
    if not args.name:
        raise CliError(f"exercise {args.action} needs the name of an exercise "
                       "(see 'exercise list')")
    ex = exercise(args.name)
    folder = Path(args.dir) if args.dir else default_folder()
    if args.action == "start":
        target = folder / ex.file
        existed = target.exists()
        path = start_exercise(ex.name, folder, overwrite=args.overwrite)
        print(ex.text("task"))
        print(f"{'kept your' if existed and not args.overwrite else 'wrote the'} file {path}")
        print(f"check it with: python main.py exercise check {ex.name}"
              + (f" --dir {args.dir}" if args.dir else ""))
        return 0
    path = folder / ex.file
    if not path.is_file():
        raise CliError(f"no file {path}; run 'exercise start {ex.name}' first")
    return _check(str(path), ex.against, None, 200, hint=ex.text("hint"))
