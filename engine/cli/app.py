"""Headless command line: the same engine as the window, for labs, scripts and tests.

    python main.py race ...            (engine/cli/race.py)
    python main.py surfaces [--json]   python main.py optimizers [--json]
    python main.py mnist ...           (engine/cli/mnist.py)
    python main.py demo NAME ...       (engine/cli/demos.py)
    python main.py check FILE --against NAME; python main.py exercise list|start|check
                                       (engine/cli/lab.py: students' own optimizers)
    python main.py landscape ...       (engine/cli/landscape.py)
    python main.py sweep ...; python main.py basins ...   (engine/cli/sweep.py)
    python main.py mnist-sweep ...     (engine/cli/mnist_sweep.py)

Bad input prints one line on stderr and exits with status 2; no traceback.
Ctrl+C prints one line and exits with status 130.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from engine.cli import catalogue, demos, lab, landscape, mnist, mnist_sweep, race, sweep
from engine.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    CliError,
    Parser,
    join_option_values,
    one_line,
)


def build_parser() -> Parser:
    parser = Parser(
        prog="optimizer-race",
        description="Optimizer Race: gradient-descent optimizers racing on 2-D loss surfaces.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    race.add_arguments(sub)
    mnist.add_arguments(sub.add_parser("mnist", help="train optimizers side by side on MNIST"))
    landscape.add_arguments(sub.add_parser(
        "landscape", help="the MNIST network's loss on a slice through weight space"))
    catalogue.add_arguments(sub)
    demos.add_arguments(sub)
    lab.add_arguments(sub)
    sweep.add_arguments(sub)
    mnist_sweep.add_arguments(sub)
    return parser


#: The status of a command whose reader closed the pipe (128 + SIGPIPE, as the shell shows).
EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None, renderer: race.Renderer | None = None) -> int:
    """Run one command.  ``renderer`` draws ``race --out FILE.png|svg|gif|mp4``: the
    engine cannot import the GUI, so ``main.py`` passes the GUI's renderer in."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(join_option_values(parser, argv))
        if args.command == "race":
            return race.cmd_race(args, renderer)
        if args.command == "surfaces":
            return catalogue.cmd_surfaces(args)
        if args.command == "demo":
            return demos.run(args)
        if args.command == "mnist":
            return mnist.run(args)
        if args.command == "check":
            return lab.cmd_check(args)
        if args.command == "exercise":
            return lab.cmd_exercise(args)
        if args.command == "landscape":
            return landscape.run(args)
        if args.command == "sweep":
            return sweep.cmd_sweep(args)
        if args.command == "basins":
            return sweep.cmd_basins(args)
        if args.command == "mnist-sweep":
            return mnist_sweep.cmd_mnist_sweep(args)
        return catalogue.cmd_optimizers(args)
    except CliError as exc:
        print(f"optimizer-race: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader left (``... | head``): stop quietly, as ``yes | head`` does.  Point
        # stdout at /dev/null so that Python's own flush at exit does not fail again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # no file descriptor behind stdout (tests)
            pass
        return EXIT_BROKEN_PIPE
    except (ValueError, OSError) as exc:
        print(f"optimizer-race: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("optimizer-race: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
