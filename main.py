"""Optimizer Race: ``python main.py`` opens the window; subcommands run headless.

    python main.py                      # the desktop app
    python main.py race --help          # the command line (no display needed)
    python main.py --install-desktop    # add it to the desktop menu (Linux; --uninstall-desktop)
    python main.py --smoke-test         # open the window, load the MNIST sample, print "ok", exit

Options (``-platform offscreen``, ``-style fusion``, ``--smoke-test``...) go to the
window; a first word that is neither an option nor a command is a typo
(``racee``): one line on stderr naming the commands, exit status 2, no window.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

STARTED = time.perf_counter()  # startup is measured from here (benchmarks/bench_startup.py)
COMMANDS = ("race", "surfaces", "optimizers", "mnist", "demo", "landscape", "check", "exercise",
            "sweep", "basins", "mnist-sweep")
CLI_COMMANDS = {*COMMANDS, "-h", "--help"}
DESKTOP_FLAGS = {"--install-desktop", "--uninstall-desktop"}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in CLI_COMMANDS:
        from engine.cli import main as cli_main

        return cli_main(args, renderer=_render)
    if args and args[0] in DESKTOP_FLAGS:
        from engine.platform.xdg import main as desktop_main

        return desktop_main(args[0])
    if args and not args[0].startswith("-"):
        print(f"optimizer-race: error: unknown command '{args[0]}'; known: "
              f"{', '.join(COMMANDS)} (or no command to open the window)", file=sys.stderr)
        return 2
    from gui.shell.app import run

    return run(args, started=STARTED)


def _render(config: object, steps: int, out: object, size: tuple[int, int]) -> str:
    """``race --out FILE.png|svg|gif|mp4``: the GUI's renderer, imported only now (the
    engine never imports the GUI; the CLI gets this function from here)."""
    from gui.race.render_cli import render

    return render(config, steps, out, size)


if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # a bundle: a student's file runs in a spawned copy of it
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
