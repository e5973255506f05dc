"""Optimizer Race: ``python main.py`` opens the window; subcommands run headless.

    python main.py                      # the desktop app
    python main.py race --help          # the command line (no display needed)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

CLI_COMMANDS = {"race", "surfaces", "optimizers", "mnist", "demo", "-h", "--help"}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in CLI_COMMANDS:
        from engine.cli import main as cli_main

        return cli_main(args)
    from gui.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
