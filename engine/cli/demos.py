"""``python main.py demo NAME [...] [--out FILE.csv]``: the paper demos, headless.

One sub-command per registered demo; its flags are generated from the demo's
settings table (``n_test`` -> ``--n-test``; a boolean setting is a switch), plus
``--optimizer SPEC`` (repeatable) for demos that compare optimizers, ``--out``
for the CSV and ``--every`` for its row interval.  The summary is always
printed.  Bad input is one line on stderr and exit status 2 (see
:mod:`engine.cli`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from engine.demos import DEMOS, get_demo


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def add_arguments(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``demo`` command (with one sub-command per demo) to ``subparsers``."""
    demo_parser = subparsers.add_parser(
        "demo", help="run a paper demo headless (summary, optional CSV)",
        description="Reproduce a published result about optimizers.",
    )
    names = demo_parser.add_subparsers(dest="demo", required=True, metavar="NAME",
                                       parser_class=type(demo_parser))
    for demo in DEMOS.values():
        p = names.add_parser(demo.name, help=f"{demo.title} ({demo.paper})",
                             description=f"{demo.title}. {demo.paper}. {demo.watch}")
        for s in demo.settings:
            default = str(s.default).lower() if s.kind == "bool" else s.default
            if s.kind == "bool":
                p.add_argument(_flag(s.name), dest=f"setting_{s.name}", action="store_true",
                               default=None, help=f"{s.help} (default {default})")
            else:
                p.add_argument(_flag(s.name), dest=f"setting_{s.name}", metavar=s.name.upper(),
                               help=f"{s.help} (default {default}, {s.range_text()})")
        if demo.accepts_optimizers:
            p.add_argument("--optimizer", "-o", action="append", dest="optimizers",
                           metavar="SPEC", default=None,
                           help=f"add an optimizer, name or name:key=value,... (repeatable; "
                                f"default {' '.join(demo.default_optimizers)}). "
                                f"{demo.optimizer_note}")
            p.add_argument("--no-defaults", action="store_true",
                           help="compare only the --optimizer specs")
        p.add_argument("--out", metavar="FILE.csv",
                       help=f"write a CSV with header {','.join(demo.csv_header)}")
        p.add_argument("--every", type=int, metavar="N",
                       help="CSV row every N steps (default: about 1000 rows per optimizer; "
                            "the last step is always written)")
    return demo_parser


def settings_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The demo settings given on the command line, validated (``ValueError`` names the flag)."""
    from engine.cli.common import CliError

    demo = get_demo(args.demo)
    settings: dict[str, Any] = {}
    for s in demo.settings:
        raw = getattr(args, f"setting_{s.name}", None)
        if raw is None:
            continue
        try:
            settings[s.name] = s.validate(raw)
        except ValueError as exc:
            message = str(exc)
            if message.startswith(s.name + " "):
                message = _flag(s.name) + message[len(s.name):]
            raise CliError(message) from None
    if demo.accepts_optimizers:
        extra = list(args.optimizers or [])
        if args.no_defaults and not extra:
            raise CliError("--no-defaults needs at least one --optimizer")
        settings["optimizers"] = extra if args.no_defaults else [*demo.default_optimizers,
                                                                  *extra]
    return settings


def run(args: argparse.Namespace) -> int:
    """Run the demo named by ``args.demo``; print the summary, write the CSV if asked."""
    from engine.cli.common import CliError
    from engine.platform.files import write_atomic

    demo = get_demo(args.demo)
    out = None
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() != ".csv":
            raise CliError(f"--out must end in .csv, got '{args.out}'")
        if not out.parent.resolve().is_dir():
            raise CliError(f"cannot write '{args.out}': folder does not exist")
    if args.every is not None and args.every < 1:
        raise CliError(f"--every must be >= 1, got {args.every}")
    result = demo.run(settings_from_args(args))
    print(demo.format_summary(result))
    if out is not None:
        text = result.to_csv(demo.csv_header, args.every)
        write_atomic(out, text)
        rows = text.count("\n") - 1
        print(f"wrote {out} ({len(result.traces)} optimizers, {rows} rows)")
    return 0
