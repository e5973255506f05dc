"""What every command shares: one-line errors, exit statuses, values that start with ``-``.

A user error is a :class:`CliError` (or a ``ValueError``/``OSError`` from the engine):
``main`` prints it as one line on stderr and exits with :data:`EXIT_USAGE`.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

from engine.platform.files import open_atomic

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A user error: reported as one line on stderr, exit status 2."""


class Parser(argparse.ArgumentParser):
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


def one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror or exc}: {exc.filename}"
    return " ".join(str(exc).split())


def floats(text: str, n: int, what: str) -> Any:
    parts = text.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != n or not all(math.isfinite(v) for v in values):
        raise CliError(f"{what} must be {n} comma-separated finite numbers, got '{text}'")
    return values


@contextmanager
def open_output(path: Path) -> Iterator[IO[str]]:
    """:func:`engine.platform.files.open_atomic`, with a failure to start as a one-line CLI error.

    The temporary is created at once, so an unwritable folder fails before any work;
    if the block raises (or Ctrl+C), the temporary is deleted and ``path`` is untouched.
    """
    with ExitStack() as stack:
        try:
            f = stack.enter_context(open_atomic(path, "w"))
        except OSError as exc:
            raise CliError(str(exc)) from None
        yield f


def check_out(path: str | None, suffixes: Sequence[str] = (".csv", ".json")) -> Path | None:
    """``--out``: a file ending in one of ``suffixes``, in an existing folder (writability
    is tried later, before the work starts)."""
    if path is None:
        return None
    out = Path(path)
    if out.suffix.lower() not in suffixes:
        names = ", ".join(suffixes[:-1]) + " or " + suffixes[-1] if len(suffixes) > 1 \
            else suffixes[0]
        raise CliError(f"--out must end in {names}, got '{path}'")
    if not out.parent.resolve().is_dir():
        raise CliError(f"cannot write '{path}': folder does not exist")
    return out
