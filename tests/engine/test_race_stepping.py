"""Race stepping: one gradient per racer-step, and reusing it changes no number."""

from __future__ import annotations

import numpy as np
import pytest

from engine.race import Race, RaceConfig, RacerConfig

RACERS = [RacerConfig("adam", {"lr": 0.05}), RacerConfig("swats", {"lr": 0.05}),
          RacerConfig("newton", {"lr": 0.5}), RacerConfig("sgd", {"lr": 5.0})]  # sgd diverges


def _rows(race: Race) -> list[np.ndarray]:
    return [r.trajectory._data[: r.trajectory._n].copy() for r in race.racers]


def test_each_step_evaluates_the_gradient_once(monkeypatch) -> None:
    race = Race(RaceConfig("rosenbrock", racers=[RacerConfig("adam", {"lr": 1e-3})]))
    calls = []
    grad_at = type(race.surface).grad_at

    def counted(surface, points):
        calls.append(1)
        return grad_at(surface, points)

    monkeypatch.setattr(type(race.surface), "grad_at", counted)
    race.step(50)
    assert len(calls) == 50 + 1  # the first step also needs the gradient at the start


@pytest.mark.parametrize("noise", [0.0, 0.5])
def test_reusing_the_gradient_changes_no_number(noise: float) -> None:
    config = RaceConfig("himmelblau", racers=RACERS, noise_sigma=noise, seed=7)
    reused = Race(config)
    reused.step(300)
    fresh = Race(config)
    for _ in range(300):
        for racer in fresh.racers:
            racer._grad_here = None  # forget it: every step computes its gradient anew
        fresh.step(1)
    assert [r.status for r in reused.racers] == [r.status for r in fresh.racers]
    assert any(r.diverged_at for r in reused.racers)
    for a, b in zip(_rows(reused), _rows(fresh), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_reset_or_a_new_surface_recomputes_the_gradient() -> None:
    race = Race(RaceConfig("ravine", racers=[RacerConfig("adam", {"lr": 0.1})]))
    race.step(20)
    first = _rows(race)
    race.run_to(5)  # a reset, then 5 steps
    race.step(15)
    for a, b in zip(first, _rows(race), strict=True):
        np.testing.assert_array_equal(a, b)
    other = Race(RaceConfig("booth", racers=[RacerConfig("adam", {"lr": 0.1})]))
    other.racers = race.racers  # same racer objects, another surface
    for r in other.racers:
        assert r._grad_here is not None and r._grad_here[1] is race.surface
    other.step(1)
    p_before = other.racers[0].trajectory.positions[-2]
    np.testing.assert_array_equal(other.racers[0].last_grad, other.surface.grad_at(p_before))
