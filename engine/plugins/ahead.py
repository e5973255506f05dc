"""Compute a student's racer ahead of playback, so the window never waits for its child.

Racers never interact, so a racer's whole trajectory can be computed on its own:
:func:`compute_ahead` runs a *shadow* race with that racer alone (same surface,
start, schedule, noise stream) in any thread, and stores each step's exact
inputs and result in the racer's optimizer (:attr:`PluginOptimizer.ahead`).
When the real race reaches that step with the very same inputs, the racer
takes the stored result without a round trip to the child.  A step whose
inputs differ (the race was changed meanwhile) is computed as usual.  An error
found ahead (exception, endless loop, crash, NaN) is kept and reported when the
race reaches that step with the same inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from engine.plugins.optimizer import PluginOptimizer
from engine.race import Race

__all__ = ["compute_ahead", "plugin_racers"]


def plugin_racers(race: Race) -> list[int]:
    """Indices of the racers whose optimizer is a student's file."""
    return [r.index for r in race.racers if isinstance(r.optimizer, PluginOptimizer)]


def compute_ahead(race: Race, index: int, steps: int,
                  should_stop: Callable[[], bool] | None = None) -> Iterator[int]:
    """Fill racer ``index``'s optimizer with ``steps`` steps; yields the steps done.

    Safe to run in a worker thread while the race is played in another: it only
    reads the race's configuration and writes the optimizer's ``ahead`` table.
    """
    racer = race.racers[index]
    target = racer.optimizer
    if not isinstance(target, PluginOptimizer):
        return
    config = replace(race.config, racers=[racer.config], start=tuple(racer.start))
    shadow = Race(config, race.surface, max_points=16)
    twin = shadow.racers[0]
    twin._seed = racer._seed  # the same noise stream as the real racer
    opt = twin.optimizer
    assert isinstance(opt, PluginOptimizer)
    opt.record = target.ahead
    for done in range(1, steps + 1):
        if should_stop is not None and should_stop():
            break
        shadow.step(1)
        if twin.status == "diverged":
            break
        yield done
    if opt.process.alive:
        handle = opt.handle_of(twin.state)
        if handle is not None:
            opt.process.free(handle)
