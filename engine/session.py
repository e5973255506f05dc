"""The Qt-free session model behind the race window.

A :class:`Session` owns the race (surface, racers, start, noise), the playback
position and per-racer display settings (colour, visibility).  Views never hold
simulation state: they subscribe to the session's events and redraw, and they
change the session only through its methods.

Playback works like a tape.  ``race.step_count`` is how far the simulation
has gone; ``cursor`` is the step being shown.  Stepping back or scrubbing moves
the cursor over the recorded trajectories; stepping forward from the end runs
the simulation, up to :attr:`Session.step_limit` (:data:`MAX_STEPS`, fewer with
many racers: what a session file may hold).  Because races are deterministic, a
saved session records only its configuration and step counts; loading replays
it exactly.  Files are parsed, validated and replayed by
:mod:`engine.session_file`: ``prepare`` + ``replay`` may run in a worker thread,
then :meth:`Session.adopt` swaps the replayed race in.

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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from engine.palette import PALETTE
from engine.platform.files import write_atomic
from engine.race import Race, RaceConfig, RacerConfig, resolve_surface, surface_for
from engine.session_file import (
    FORMAT,
    MAX_POINTS,
    MAX_RACER_STEPS,
    MAX_STEPS,
    VERSION,
    PreparedSession,
    SessionError,
    load_session_file,
    parse_session_text,
    prepare,
    read_session_text,
)
from engine.surface import Surface

__all__ = [
    "FORMAT",
    "MAX_STEPS",
    "VERSION",
    "PreparedSession",
    "RacerDisplay",
    "Session",
    "SessionError",
    "load_session_file",
    "parse_session_text",
    "prepare",
    "read_session_text",
]


def _plugin_refs(config: RaceConfig) -> list[dict[str, str]]:
    """Students' files the racers use, by path and hash (never their code)."""
    from engine.optimizers import REGISTRY

    refs: dict[str, dict[str, str]] = {}
    for racer in config.racers:
        spec = REGISTRY.get(racer.optimizer)
        info = getattr(getattr(spec, "cls", None), "info", None)  # a student's file
        if info is not None:
            refs[info.name] = {"name": info.name, "path": str(info.path), "sha256": info.sha256}
    return list(refs.values())


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
        self.race = Race(self.config, self.surface, max_points=MAX_POINTS)
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
        race = Race(config, surface, max_points=MAX_POINTS)  # may raise: start undefined
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
        race = Race(config, surface, max_points=MAX_POINTS)
        race.run_to(min(step, _step_limit(config)))
        self.config, self.surface, self.race = config, surface, race
        self.display = [RacerDisplay(c) for c in (colors or [])][: len(config.racers)]
        self._sync_display()
        self.selected = None
        self.cursor = race.step_count
        self._emit("surface")
        self._emit("racers")
        self._emit("cursor", self.cursor)

    def _rebuild(self, config: RaceConfig, event: str | None = None) -> None:
        race = Race(config, self.surface, max_points=MAX_POINTS)  # validate first
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

    @property
    def step_limit(self) -> int:
        """The last step playback can reach: what a session file may hold for these racers."""
        return _step_limit(self.config)

    def step(self, n: int = 1) -> None:
        """Show ``n`` steps more: replay the tape, then simulate beyond its end."""
        target = min(self.cursor + max(n, 0), self.step_limit)
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
        data = {
            "format": FORMAT,
            "version": VERSION,
            "race": self.config.to_dict(),
            "display": [{"color": d.color, "visible": d.visible} for d in self.display],
            "steps": self.race.step_count,
            "cursor": self.cursor,
        }
        plugins = _plugin_refs(self.config)
        if plugins:
            data["plugins"] = plugins
        return data

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the session as JSON atomically (temp file + replace)."""
        write_atomic(path, json.dumps(self.to_dict(), indent=1) + "\n")

    def load(self, path: str | os.PathLike[str]) -> None:
        """Load a session file; on any problem raise ``SessionError`` and change nothing."""
        prepared = load_session_file(path)
        prepared.run()
        self.adopt(prepared)

    def load_dict(self, data: Any) -> None:
        """Load a parsed session (``SessionError`` and no change if invalid), synchronously."""
        prepared = prepare(data)
        prepared.run()
        self.adopt(prepared)

    def adopt(self, prepared: PreparedSession) -> None:
        """Swap in a replayed session (:meth:`PreparedSession.replay` ran to the end).

        Call it on the thread that owns the session.  Takes the race over from
        ``prepared`` (its ``race`` becomes ``None``) and emits ``surface``,
        ``racers``, ``cursor`` and ``display`` for every racer.
        """
        race = prepared.race
        if race is None or race.step_count != prepared.steps:
            raise RuntimeError("adopt() needs a session replayed to the end")
        prepared.race = None
        self.config, self.surface, self.race = prepared.config, prepared.surface, race
        self.display = [RacerDisplay(c or "", v)
                        for c, v in zip(prepared.colors, prepared.visible, strict=True)]
        for d in self.display:  # missing colours: the first palette colours not taken
            if not d.color:
                d.color = self._next_color()
        self.selected = None
        self.cursor = prepared.cursor
        self._emit("surface")
        self._emit("racers")
        self._emit("cursor", self.cursor)
        for i in range(len(self.display)):
            self._emit("display", i)


def _step_limit(config: RaceConfig) -> int:
    return min(MAX_STEPS, MAX_RACER_STEPS // max(len(config.racers), 1))
