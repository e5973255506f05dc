"""Two race presets as demos: ``momentum-overshoot`` and ``ravine-zigzag``.

The races themselves are entries of :data:`engine.presets.PRESETS`; the GUI opens
them in the race view.  Here they also run headless (``python main.py demo
momentum-overshoot``), with the numbers that tell the story:

* ``momentum-overshoot`` — which basin each racer ends in.  The surface is a
  formula, so the engine does not know its minima; they are stated in
  :data:`OVERSHOOT_MINIMA` (found numerically and checked in the tests: zero
  gradient, positive-definite Hessian, and no other minimum on a fine grid).
* ``ravine-zigzag`` — how often the sign of ``y`` flips from one step to the
  next (SGD: every step; Momentum, AdaGrad, Adam: rarely or never).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.demos.base import Demo, DemoResult, Progress, ShouldStop, Ticker, Trace, label_width
from engine.optimizers.base import HParam
from engine.presets import PRESETS
from engine.race import Race


@dataclass(frozen=True)
class StatedMinimum:
    label: str
    x: float
    y: float
    f: float


#: The minima of the momentum-overshoot formula (the engine cannot know them).
OVERSHOOT_MINIMA = (
    StatedMinimum("narrow global minimum", -0.99553603, 0.0, -1.4714751571466382),
    StatedMinimum("wide local minimum", 3.0, 0.0, -1.0),
)

CSV_HEADER = ("optimizer", "step", "x", "y", "loss")


def _steps_setting(default: int) -> tuple[HParam, ...]:
    return (HParam("steps", default, "number of race steps", kind="int", low=1,
                   high=1_000_000),)


def run_race(preset: str, steps: int, progress: Progress | None,
             should_stop: ShouldStop | None) -> Race:
    race = Race(PRESETS[preset].config(), max_points=steps + 2)
    ticker = Ticker(steps, progress, should_stop, 100)
    done = 0
    while done < steps:
        n = min(ticker.every, steps - done)
        race.step(n)
        done += n
        ticker.tick(done)
    return race


def _traces(race: Race) -> list[Trace]:
    traces = []
    for r in race.racers:
        t = r.trajectory
        traces.append(Trace(r.name, {
            "step": t.steps, "x": t.column("x").copy(), "y": t.column("y").copy(),
            "loss": t.column("loss").copy(),
        }, {"status": r.status, "final": [float(v) for v in r.position], "loss": r.loss}))
    return traces


def basin_of(x: float, y: float) -> StatedMinimum:
    """The stated minimum nearest to ``(x, y)``."""
    return min(OVERSHOOT_MINIMA, key=lambda m: float(np.hypot(x - m.x, y - m.y)))


def run_overshoot(settings: dict[str, Any], progress: Progress | None = None,
                  should_stop: ShouldStop | None = None) -> DemoResult:
    race = run_race("momentum-overshoot", settings["steps"], progress, should_stop)
    traces = _traces(race)
    for t in traces:
        x, y = t.info["final"]
        m = basin_of(x, y)
        t.info["basin"] = m.label
        t.info["distance"] = float(np.hypot(x - m.x, y - m.y))
    return DemoResult(DEMO_OVERSHOOT.name, settings, traces, {
        "basin": {t.label: t.info["basin"] for t in traces},
        "final": {t.label: t.info["final"] for t in traces},
        "minima": [m.__dict__ for m in OVERSHOOT_MINIMA],
    })


def sign_flips(y: np.ndarray) -> int:
    """How many consecutive pairs of ``y`` have opposite signs."""
    s = np.sign(y)
    return int(np.count_nonzero(s[1:] * s[:-1] < 0))


def run_zigzag(settings: dict[str, Any], progress: Progress | None = None,
               should_stop: ShouldStop | None = None) -> DemoResult:
    race = run_race("ravine-zigzag", settings["steps"], progress, should_stop)
    traces = _traces(race)
    for t in traces:
        flips = sign_flips(t.columns["y"])
        t.info["sign_flips"] = flips
        t.info["flip_fraction"] = flips / max(1, len(t.columns["y"]) - 1)
    return DemoResult(DEMO_ZIGZAG.name, settings, traces, {
        "sign_flips": {t.label: t.info["sign_flips"] for t in traces},
        "flip_fraction": {t.label: t.info["flip_fraction"] for t in traces},
        "final": {t.label: t.info["final"] for t in traces},
    })


def _head(demo: Demo, result: DemoResult) -> list[str]:
    preset = PRESETS[demo.preset or demo.name]
    return [f"{demo.title} — race preset '{preset.name}'",
            f"f(x, y) = {preset.surface}, start {preset.start}, {result.settings['steps']} steps"]


def format_overshoot(result: DemoResult) -> str:
    lines = _head(DEMO_OVERSHOOT, result)
    lines += [f"{m.label}: f = {m.f:.4f} at ({m.x:g}, {m.y:g})" for m in OVERSHOOT_MINIMA]
    width = label_width([t.label for t in result.traces])
    for t in result.traces:
        x, y = t.info["final"]
        lines.append(f"{t.label.ljust(width)}  ends at ({x:+.4f}, {y:+.4f}), "
                     f"f = {t.info['loss']:.4f}  -> {t.info['basin']}")
    return "\n".join(lines)


def format_zigzag(result: DemoResult) -> str:
    lines = _head(DEMO_ZIGZAG, result)
    width = label_width([t.label for t in result.traces])
    for t in result.traces:
        x, y = t.info["final"]
        lines.append(f"{t.label.ljust(width)}  sign of y flipped in {t.info['sign_flips']:3d} of "
                     f"{len(t.columns['y']) - 1} steps; ends at ({x:+.4f}, {y:+.4f}), "
                     f"f = {t.info['loss']:.2e}")
    return "\n".join(lines)


DEMO_OVERSHOOT = Demo(
    name="momentum-overshoot",
    title="Momentum overshoots a narrow global minimum",
    paper="Race preset: the “momentum can miss the global optimum” argument",
    setup=PRESETS["momentum-overshoot"].setup,
    watch=PRESETS["momentum-overshoot"].watch,
    why=PRESETS["momentum-overshoot"].why,
    settings=_steps_setting(PRESETS["momentum-overshoot"].steps),
    csv_header=CSV_HEADER,
    runner=run_overshoot,
    format_summary=format_overshoot,
    preset="momentum-overshoot",
)

DEMO_ZIGZAG = Demo(
    name="ravine-zigzag",
    title="SGD zig-zags across a ravine",
    paper="Race preset after Saitoh, “Deep Learning from Scratch”, ch. 6",
    setup=PRESETS["ravine-zigzag"].setup,
    watch=PRESETS["ravine-zigzag"].watch,
    why=PRESETS["ravine-zigzag"].why,
    settings=_steps_setting(PRESETS["ravine-zigzag"].steps),
    csv_header=CSV_HEADER,
    runner=run_zigzag,
    format_summary=format_zigzag,
    preset="ravine-zigzag",
)

DEMOS = (DEMO_OVERSHOOT, DEMO_ZIGZAG)
