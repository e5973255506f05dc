"""Session files: safe parsing, complete validation, and a replay that may run off the GUI thread.

A session file is JSON holding a race's configuration, the racers' display
settings (colour, visibility) and the step counts: the tape, never the
trajectories.  Races are deterministic, so loading replays the race to the
saved step.  A file is untrusted input: every field is checked for type,
range and length, and anything wrong raises :class:`SessionError` (a
``ValueError``) with one line (an :func:`engine.messages.msg`: English for the
CLI, translated by its id in the GUI's "Cannot open session: <reason>").  No
other exception escapes, for any text or any parsed JSON value.

Loading has three steps, so that the long one can run in a worker thread::

    text = read_session_text(path)                  # SessionError: missing, too large, binary
    prepared = prepare(parse_session_text(text, path.name))   # validates everything, cheap
    for done, total in prepared.replay(should_stop):          # any thread: builds and steps
        report(done, total)                                   # the race, yields often
    session.adopt(prepared)                         # the caller's (GUI) thread: swap it in

:meth:`engine.session.Session.load` and ``load_dict`` do the same synchronously.
The headless CLI replays with ``load_session_file(path).run()`` and reads
``prepared.race``.

Limits (a file asking for more is refused with a message naming the limit):
:data:`MAX_FILE_CHARS` characters, JSON nested at most :data:`MAX_DEPTH`
levels, :data:`MAX_RACERS` racers, :data:`MAX_STEPS` steps and
:data:`MAX_RACER_STEPS` racer-steps (steps × racers) to replay.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.checks import describe, flag, whole
from engine.messages import msg
from engine.race import Race, RaceConfig, surface_for
from engine.surface import Surface

__all__ = [
    "FORMAT",
    "MAX_DEPTH",
    "MAX_FILE_CHARS",
    "MAX_POINTS",
    "MAX_RACERS",
    "MAX_RACER_STEPS",
    "MAX_STEPS",
    "REPLAY_CHUNK",
    "VERSION",
    "PreparedSession",
    "SessionError",
    "load_session_file",
    "parse_session_text",
    "prepare",
    "read_session_text",
]

FORMAT = "optimizer-race-session"
VERSION = 1
#: Most steps a session holds (the tape's length), in a file and in the window.
MAX_STEPS = 200_000
#: Rows of history a racer keeps in memory (for the views and scrubbing): the
#: exact tape up to step 20 000; beyond, every other row is dropped whenever the
#: trajectory is full, so each racer holds at most 20 001 rows of 6 floats
#: (~0.94 MiB) however long the race.  The first and the latest rows are always
#: exact; an exact export of a longer race replays it (see ``race_io.stream_csv``).
MAX_POINTS = 20_001
#: Most racer-steps (steps × racers) a file may ask to replay.
MAX_RACER_STEPS = 2_000_000
#: Most racers in a session file.
MAX_RACERS = 100
#: Longest session text, in characters (a file of 100 racers is under 100 000).
MAX_FILE_CHARS = 1_000_000
#: Deepest JSON nesting (a valid session needs 6 levels).
MAX_DEPTH = 32
#: Racer-steps between two progress reports of :meth:`PreparedSession.replay` (a few ms).
REPLAY_CHUNK = 64

_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


class SessionError(ValueError):
    """A session file that cannot be loaded (corrupt, foreign, invalid or too large)."""


# -- text ---------------------------------------------------------------------------------
def read_session_text(path: str | os.PathLike[str]) -> str:
    """The text of the session file ``path``; ``SessionError`` if it cannot be one."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            raw = f.read(4 * MAX_FILE_CHARS + 1)  # UTF-8: at most 4 bytes a character
    except OSError as exc:
        raise SessionError(msg("cannot read {file}: {reason}", file=p.name,
                               reason=exc.strerror or exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SessionError(msg("cannot read {file}: not UTF-8 text ({reason})", file=p.name,
                               reason=exc.reason)) from None
    if len(raw) > 4 * MAX_FILE_CHARS or len(text) > MAX_FILE_CHARS:
        raise SessionError(msg("{file} is too large for a session file (more than {max} "
                               "characters)", file=p.name, max=MAX_FILE_CHARS))
    return text


def _refuse_constant(name: str) -> float:
    raise ValueError(msg("{name} is not a number in JSON", name=name))


def _integer(text: str) -> int | float:
    # Python refuses to parse integers of more than 4300 digits (a ValueError with a
    # long message); such a number is infinite for our purposes.
    return int(text) if len(text) <= 4000 else math.inf


def parse_session_text(text: str, name: str) -> Any:
    """Parse ``text`` as JSON; ``SessionError`` for anything that is not plain, sane JSON.

    Refused: more than :data:`MAX_FILE_CHARS` characters, nesting deeper than
    :data:`MAX_DEPTH`, the non-standard constants ``NaN``/``Infinity``.  Numbers
    too large for a float parse as infinity (and fail validation with a message).
    ``name`` (a file name) is used in the messages.
    """
    if not isinstance(text, str):
        raise SessionError(msg("{name} is not text", name=name))
    if len(text) > MAX_FILE_CHARS:
        raise SessionError(msg("{file} is too large for a session file (more than {max} "
                               "characters)", file=name, max=MAX_FILE_CHARS))
    if _depth_exceeds(text, MAX_DEPTH):
        raise SessionError(msg("{file} is nested too deeply (more than {max} levels)",
                               file=name, max=MAX_DEPTH))
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise SessionError(msg("{file} is not valid JSON (line {line}: {reason})", file=name,
                               line=exc.lineno, reason=exc.msg)) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise SessionError(msg("{file} is not valid JSON ({detail})", file=name,
                               detail=exc)) from None


#: A JSON string, or the rest of the text after an unclosed quote (linear time, no
#: backtracking: the closing quote is optional).
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _depth_exceeds(text: str, limit: int) -> bool:
    """True if brackets outside strings nest deeper than ``limit`` (no recursion)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for ch in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        if ch in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


# -- validation ---------------------------------------------------------------------------
@dataclass
class PreparedSession:
    """A validated session, ready to replay; built by :func:`prepare`.

    Public fields: ``config`` (the :class:`~engine.race.RaceConfig`), ``surface``
    (resolved), ``steps`` (the tape's length), ``cursor`` (the step shown, <=
    ``steps``), ``colors`` (a ``#RRGGBB`` or ``None`` per racer: ``None`` means
    "pick one") and ``visible`` (a bool per racer).  ``race`` is ``None`` until
    :meth:`replay` has run to the end, then the replayed :class:`~engine.race.Race`
    at step ``steps`` (until a session adopts it).
    """

    config: RaceConfig
    surface: Surface
    steps: int
    cursor: int
    colors: tuple[str | None, ...]
    visible: tuple[bool, ...]
    race: Race | None = field(default=None, repr=False)

    @property
    def total_racer_steps(self) -> int:
        """What the replay costs: steps × racers."""
        return self.steps * len(self.config.racers)

    def replay(self, should_stop: Callable[[], bool] | None = None) -> Iterator[tuple[int, int]]:
        """Build the race at step 0 and step it to ``steps``, yielding ``(done, total)``.

        ``done`` and ``total`` count racer-steps; a report comes every
        :data:`REPLAY_CHUNK` racer-steps (a few milliseconds) and once at the end,
        when ``race`` is set.  To stop, stop iterating, or return ``True`` from
        ``should_stop`` (polled before every chunk): ``race`` then stays ``None``.
        Touches no live session, so it may run in any thread.
        """
        self.race = None
        race = Race(self.config, self.surface, max_points=MAX_POINTS)
        n = len(race.racers)
        total = self.steps * n
        chunk = max(1, REPLAY_CHUNK // n) if n else max(self.steps, 1)
        while race.step_count < self.steps:
            if should_stop is not None and should_stop():
                return
            race.step(min(chunk, self.steps - race.step_count))
            if race.step_count < self.steps:
                yield race.step_count * n, total
        self.race = race
        yield total, total

    def run(self) -> Race:
        """Replay to the end in the calling thread; the replayed race."""
        for _ in self.replay():
            pass
        assert self.race is not None
        return self.race


def prepare(data: Any) -> PreparedSession:
    """Validate a parsed session completely; ``SessionError`` naming what is wrong.

    Cheap: it resolves the surface (a formula is parsed once and cached) and
    checks every racer's start, but simulates nothing.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionError(msg("not an Optimizer Race session file"))
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= VERSION:
        raise SessionError(msg("session file version {version} is not supported",
                               version=describe(version)))
    try:
        config = RaceConfig.from_dict(data.get("race"), max_racers=MAX_RACERS)
        n = len(config.racers)
        steps = whole(data.get("steps", 0), "steps", low=0, high=MAX_STEPS)
        cursor = whole(data.get("cursor", steps), "cursor", low=0, high=steps)
        if steps * n > MAX_RACER_STEPS:
            raise ValueError(
                msg("too long to replay: {steps} steps x {n} racers = {total} racer-steps, at "
                    "most {max}", steps=steps, n=n, total=steps * n, max=MAX_RACER_STEPS))
        colors, visible = _display(data.get("display"), n)
        surface = surface_for(config)
        Race(config, surface, max_points=4)  # every start is defined and within the bound
    except ValueError as exc:
        raise SessionError(msg("invalid session: {detail}", detail=exc)) from None
    return PreparedSession(config, surface, steps, cursor, colors, visible)


def _display(value: Any, n: int) -> tuple[tuple[str | None, ...], tuple[bool, ...]]:
    """Colours and visibility of ``n`` racers from the ``display`` list (may be shorter)."""
    if value is None:
        value = []
    if not isinstance(value, list):
        raise ValueError(msg("display must be a list, got {value}", value=describe(value)))
    if len(value) > n:
        raise ValueError(msg("display has {n} entries for {racers} racers", n=len(value), racers=n))
    colors: list[str | None] = [None] * n
    visible = [True] * n
    for i, entry in enumerate(value):
        try:
            if not isinstance(entry, dict):
                raise ValueError(msg("display must be an object, got {value}",
                                     value=describe(entry)))
            color = entry.get("color")
            if color is not None:
                if not isinstance(color, str) or not _COLOR.fullmatch(color):
                    raise ValueError(msg("colour must be #RRGGBB, got {value}",
                                         value=describe(color)))
                colors[i] = color
            visible[i] = flag(entry.get("visible", True), "visible")
        except ValueError as exc:
            raise ValueError(msg("racer {n}: {detail}", n=i + 1, detail=exc)) from None
    return tuple(colors), tuple(visible)


def load_session_file(path: str | os.PathLike[str]) -> PreparedSession:
    """Read, parse and validate the session file ``path`` (not replayed yet)."""
    return prepare(parse_session_text(read_session_text(path), Path(path).name))
