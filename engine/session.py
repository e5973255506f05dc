"""The Qt-free session model behind the race window.

A :class:`Session` owns the race (surface, racers, start, noise), the playback
position and per-racer display settings (colour, visibility).  Views never hold
simulation state: they subscribe to the session's events and redraw, and they
change the session only through its methods.

Playback works like a tape.  ``race.step_count`` is how far the simulation
has gone; ``cursor`` is the step being shown.  Stepping back or scrubbing moves
the cursor over the recorded trajectories; stepping forward from the end runs
the simulation.  Because races are deterministic, a saved session records only
its configuration and step counts; loading replays it exactly.

Loading is three steps, so that the replay (seconds for a long race) can run
in a worker thread while the window stays responsive::

    prepared = prepare(data)        # validate completely (SessionError); cheap
    for done, total in prepared.replay(should_stop):   # any thread; cancellable
        ...
    session.adopt(prepared)         # swap the replayed race in (cheap), emit events

:meth:`Session.load` and :meth:`Session.load_dict` do all three synchronously.

Events (callbacks with the arguments shown):

=================  ===========================================================
``surface``        ``()`` the surface or domain changed (trajectories reset)
``racers``         ``()`` racers were added, removed or re-configured
``display``        ``(index)`` a racer's colour, visibility or selection changed
``cursor``         ``(step)`` the shown step changed (play, step, scrub, reset)
=================  ===========================================================
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .files import write_atomic
from .race import Race, RaceConfig, RacerConfig, resolve_surface, surface_for
from .surface import Surface

FORMAT = "optimizer-race-session"
VERSION = 1
MAX_STEPS = 1_000_000

#: Okabe-Ito colour-blind-safe palette (black omitted), then Paul Tol's bright set.
PALETTE = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB",
)


class SessionError(ValueError):
    """A session file that cannot be loaded (corrupt, foreign or invalid)."""


@dataclass
class RacerDisplay:
    """How a racer is drawn: not part of the simulation."""

    color: str
    visible: bool = True


@dataclass
class _Events:
    surface: list[Callable[[], None]] = field(default_factory=list)
    racers: list[Callable[[], None]] = field(default_factory=list)
    display: list[Callable[[int], None]] = field(default_factory=list)
    cursor: list[Callable[[int], None]] = field(default_factory=list)


class Session:
    """Race + playback cursor + display settings, with change events."""

    def __init__(self, config: RaceConfig | None = None) -> None:
        self.events = _Events()
        self.config = config if config is not None else RaceConfig()
        self.surface: Surface = surface_for(self.config)
        self.display: list[RacerDisplay] = []
        self.selected: int | None = None
        self._sync_display()
        self.race = Race(self.config, self.surface, max_points=MAX_STEPS + 1)
        self.cursor = 0

    # -- events --------------------------------------------------------------
    def subscribe(self, event: str, callback: Callable[..., None]) -> None:
        getattr(self.events, event).append(callback)

    def unsubscribe(self, event: str, callback: Callable[..., None]) -> None:
        callbacks = getattr(self.events, event)
        if callback in callbacks:
            callbacks.remove(callback)

    def _emit(self, event: str, *args: Any) -> None:
        for callback in list(getattr(self.events, event)):
            callback(*args)

    # -- configuration ---------------------------------------------------------
    @property
    def start(self) -> tuple[float, float]:
        s = self.config.start if self.config.start is not None else self.surface.start
        return (float(s[0]), float(s[1]))

    @property
    def domain(self) -> tuple[float, float, float, float]:
        return self.config.domain if self.config.domain is not None else self.surface.domain

    def set_surface(self, text: str, domain: tuple[float, float, float, float] | None = None,
                    *, keep_start: bool = False) -> None:
        """Switch to a catalogue surface or a formula; on error nothing changes.

        Raises ``FormulaError`` (a ``ValueError``) with the parser's message.
        """
        surface = resolve_surface(text, domain)
        start = self.config.start if keep_start else None
        config = replace(self.config, surface=text.strip(), domain=domain, start=start,
                         minima=None)
        race = Race(config, surface, max_points=MAX_STEPS + 1)  # may raise: start undefined
        self.config, self.surface, self.race = config, surface, race
        self.cursor = 0
        self._emit("surface")
        self._emit("cursor", 0)

    def set_start(self, x: float, y: float) -> None:
        """Common start point of every racer without its own; resets the race."""
        self._rebuild(replace(self.config, start=(float(x), float(y))))

    def set_noise(self, sigma: float, seed: int) -> None:
        self._rebuild(replace(self.config, noise_sigma=float(sigma), seed=int(seed)))

    def add_racer(self, racer: RacerConfig, color: str | None = None) -> int:
        racers = [*self.config.racers, racer]
        self.display.append(RacerDisplay(color or self._next_color()))
        try:
            self._rebuild(replace(self.config, racers=racers), event="racers")
        except ValueError:
            self.display.pop()
            raise
        return len(racers) - 1

    def remove_racer(self, index: int) -> None:
        racers = list(self.config.racers)
        del racers[index]
        del self.display[index]
        if self.selected is not None:
            self.selected = None if self.selected == index else (
                self.selected - (self.selected > index))
        self._rebuild(replace(self.config, racers=racers), event="racers")

    def update_racer(self, index: int, racer: RacerConfig) -> None:
        racers = list(self.config.racers)
        racers[index] = racer
        self._rebuild(replace(self.config, racers=racers), event="racers")

    def set_racers(self, racers: list[RacerConfig], colors: list[str] | None = None) -> None:
        self.display = [RacerDisplay(c) for c in (colors or [])][: len(racers)]
        self._sync_display()
        self.selected = None
        self._rebuild(replace(self.config, racers=list(racers)), event="racers")

    def set_display(self, index: int, *, color: str | None = None,
                    visible: bool | None = None) -> None:
        d = self.display[index]
        if color is not None:
            d.color = color
        if visible is not None:
            d.visible = visible
        self._emit("display", index)

    def select(self, index: int | None) -> None:
        self.selected = index
        self._emit("display", -1 if index is None else index)

    def apply(self, config: RaceConfig, colors: list[str] | None = None, step: int = 0) -> None:
        """Replace the whole configuration (presets, loading) and run to ``step``."""
        surface = surface_for(config)
        race = Race(config, surface, max_points=MAX_STEPS + 1)
        race.run_to(min(step, MAX_STEPS))
        self.config, self.surface, self.race = config, surface, race
        self.display = [RacerDisplay(c) for c in (colors or [])][: len(config.racers)]
        self._sync_display()
        self.selected = None
        self.cursor = race.step_count
        self._emit("surface")
        self._emit("racers")
        self._emit("cursor", self.cursor)

    def _rebuild(self, config: RaceConfig, event: str | None = None) -> None:
        race = Race(config, self.surface, max_points=MAX_STEPS + 1)  # validate first
        self.config, self.race = config, race
        self._sync_display()
        self.cursor = 0
        if event:
            self._emit(event)
        self._emit("cursor", 0)

    def _sync_display(self) -> None:
        while len(self.display) < len(self.config.racers):
            self.display.append(RacerDisplay(self._next_color()))
        del self.display[len(self.config.racers):]

    def _next_color(self) -> str:
        used = {d.color for d in self.display}
        for c in PALETTE:
            if c not in used:
                return c
        return PALETTE[len(self.display) % len(PALETTE)]

    # -- playback ----------------------------------------------------------------
    @property
    def at_end(self) -> bool:
        return self.cursor >= self.race.step_count

    def step(self, n: int = 1) -> None:
        """Show ``n`` steps more: replay the tape, then simulate beyond its end."""
        target = min(self.cursor + max(n, 0), MAX_STEPS)
        if target > self.race.step_count:
            self.race.step(target - self.race.step_count)
        self._move(target)

    def step_back(self, n: int = 1) -> None:
        self._move(max(self.cursor - n, 0))

    def seek(self, step: int) -> None:
        """Show step ``step`` (clamped to what has been simulated)."""
        self._move(min(max(int(step), 0), self.race.step_count))

    def reset(self) -> None:
        self.race.reset()
        self._move(0)

    def _move(self, step: int) -> None:
        if step != self.cursor:
            self.cursor = step
            self._emit("cursor", step)

    def all_finished(self) -> bool:
        """True when no racer is still moving (all diverged)."""
        return all(r.status == "diverged" for r in self.race.racers)

    # -- files -----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "race": self.config.to_dict(),
            "display": [{"color": d.color, "visible": d.visible} for d in self.display],
            "steps": self.race.step_count,
            "cursor": self.cursor,
        }

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the session as JSON atomically (temp file + replace)."""
        write_atomic(path, json.dumps(self.to_dict(), indent=1) + "\n")

    def load(self, path: str | os.PathLike[str]) -> None:
        """Load a session file; on any problem raise ``SessionError`` and change nothing."""
        self.load_dict(read_session(path))

    def load_dict(self, data: Any) -> None:
        """Load a parsed session synchronously: :func:`prepare`, replay, :meth:`adopt`."""
        prepared = prepare(data)
        for _ in prepared.replay():
            pass
        self.adopt(prepared)

    def adopt(self, prepared: PreparedSession) -> None:
        """Swap in a replayed session (cheap; the GUI thread calls it after the replay).

        Display settings, visibility and the cursor are set before the events go
        out, so every listener sees the finished state: ``surface``, ``racers``,
        ``cursor`` once each, then one ``display(-1)`` (nothing selected).
        """
        race = prepared.race
        if race is None:
            raise ValueError("the session has not been replayed yet")
        self.config, self.surface, self.race = prepared.config, prepared.surface, race
        self.display = [RacerDisplay(c, v) for c, v in
                        zip(prepared.colors, prepared.visible, strict=False)]
        self._sync_display()
        self.selected = None
        self.cursor = min(prepared.cursor, race.step_count)
        self._emit("surface")
        self._emit("racers")
        self._emit("cursor", self.cursor)
        self._emit("display", -1)


#: Racer-steps replayed between two yields of :meth:`PreparedSession.replay`: about
#: 20 ms (a racer-step costs 60-100 µs), so a GUI that replays in step with its
#: event loop is never kept waiting longer than that.
REPLAY_CHUNK = 250


@dataclass
class PreparedSession:
    """A validated session, not yet replayed (see :func:`prepare`)."""

    config: RaceConfig
    surface: Surface
    colors: list[str]
    visible: list[bool]
    steps: int
    cursor: int
    #: The replayed race, set when :meth:`replay` ran to the end.
    race: Race | None = None

    @property
    def total_racer_steps(self) -> int:
        """Steps to replay, counted per racer (the unit of the replay's progress)."""
        return self.steps * len(self.config.racers)

    def replay(self, should_stop: Callable[[], bool] | None = None
               ) -> Iterator[tuple[int, int]]:
        """Build the race at step 0 and step it to the saved step count, in chunks.

        Yields ``(done_racer_steps, total_racer_steps)`` after each chunk of about
        :data:`REPLAY_CHUNK` racer-steps.  It touches no live :class:`Session`, so
        it may run in a worker thread; stop iterating (or let ``should_stop``
        return True) to cancel.  When it ends normally, :attr:`race` holds the race.
        """
        self.race = None
        race = Race(self.config, self.surface, max_points=MAX_STEPS + 1)
        n = max(1, len(self.config.racers))
        chunk = max(1, REPLAY_CHUNK // n)
        total = self.total_racer_steps
        while race.step_count < self.steps:
            if should_stop is not None and should_stop():
                return
            race.step(min(chunk, self.steps - race.step_count))
            yield race.step_count * len(self.config.racers), total
        self.race = race


def prepare(data: Any) -> PreparedSession:
    """Validate a parsed session dict completely (``SessionError``); nothing heavy is built."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionError("not an Optimizer Race session file")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise SessionError(f"session file version {data.get('version')!r} is not supported")
    try:
        config = RaceConfig.from_dict(data.get("race"))
        steps = int(data.get("steps", 0))
        cursor = int(data.get("cursor", steps))
        display = data.get("display") or []
        if not isinstance(display, list):
            raise ValueError("display must be a list")
        colors = [str(d.get("color")) for d in display if isinstance(d, dict)]
        visible = [bool(d.get("visible", True)) for d in display if isinstance(d, dict)]
        if not 0 <= steps <= MAX_STEPS or not 0 <= cursor <= steps:
            raise ValueError(f"bad step counts (steps={steps}, cursor={cursor})")
        surface = surface_for(config)
        Race(config, surface, max_points=4)  # every racer and the start validate
    except (ValueError, TypeError, AttributeError) as exc:
        raise SessionError(f"invalid session: {exc}") from None
    return PreparedSession(config, surface, colors[: len(config.racers)],
                           visible[: len(config.racers)], steps, cursor)


def read_session(path: str | os.PathLike[str]) -> Any:
    """The parsed JSON of a session file (``SessionError`` if unreadable); not validated."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SessionError(f"cannot read {Path(path).name}: {exc}") from None
    return _parse_json(raw, Path(path).name)


def _parse_json(raw: str, name: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SessionError(f"{name} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
