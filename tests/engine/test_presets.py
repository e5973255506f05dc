"""Every preset runs and shows what its description promises."""

from __future__ import annotations

import numpy as np
import pytest

from engine.presets import PRESETS
from engine.race import CONVERGED, Race


def run(name: str) -> Race:
    preset = PRESETS[name]
    race = Race(preset.config())
    race.step(preset.steps)
    return race


def basin(race: Race, racer) -> tuple[float, float] | None:
    m, dist = race.surface.nearest_minimum(racer.position)
    return None if m is None or dist > 1e-2 else (round(m.x, 3), round(m.y, 3))


@pytest.mark.parametrize("name", list(PRESETS))
def test_preset_runs_and_describes_itself(name: str) -> None:
    preset = PRESETS[name]
    race = run(name)
    assert preset.title and len(preset.description) > 80
    assert race.step_count == preset.steps and len(race.racers) == len(preset.racers)


def test_himmelblau_reaches_all_four_basins_and_dynamics_choose_too() -> None:
    race = run("himmelblau")
    by_name = {r.name: basin(race, r) for r in race.racers}
    adams = {by_name[f"adam {d}"] for d in ("NE", "NW", "SW", "SE")}
    assert len(adams) == 4 and None not in adams
    assert by_name["sgd:lr=0.01"] != by_name["momentum:lr=0.01"]
    assert all(r.status == CONVERGED for r in race.racers)


def test_momentum_overshoot_declares_its_global_minimum() -> None:
    race = run("momentum-overshoot")
    assert len(race.surface.minima) == 1
    m = race.surface.minima[0]
    g = race.surface.grad_at(np.array([m.x, m.y]))
    assert np.hypot(*g) < 1e-6 and race.surface.value(m.x, m.y) == pytest.approx(m.f, abs=1e-12)
    by_name = {r.name: r for r in race.racers}
    # Small steps find the narrow global basin; momentum and big Adam steps skip it.
    assert basin(race, by_name["adam:lr=0.05"]) is not None
    assert basin(race, by_name["sgd:lr=0.008"]) is not None
    for name in ("momentum:lr=0.05", "adam:lr=1.0"):
        assert by_name[name].position[0] == pytest.approx(3.0, abs=1e-2)
    ranked = [r.name for r in race.leaderboard()]
    assert ranked[0] == "adam:lr=0.05"  # the ones in the wrong basin no longer win


def test_ravine_textbook_zigzag() -> None:
    race = run("ravine")
    ys = race.racers[0].trajectory.column("y")
    assert np.all(np.sign(ys[1:]) == -np.sign(ys[:-1]))
