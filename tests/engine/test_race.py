"""Race core: determinism, status, divergence without NaN, noise, schedules, memory bound."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.optimizers import create
from engine.race import (
    CONVERGED,
    DIVERGED,
    RUNNING,
    Race,
    RaceConfig,
    RacerConfig,
    Trajectory,
)
from engine.schedules import Schedule
from engine.surfaces import get_surface


def race_of(*specs: tuple[str, dict], surface: str = "ravine", **kw) -> Race:
    return Race(RaceConfig(surface=surface, racers=[RacerConfig(n, v) for n, v in specs], **kw))


def test_race_matches_stepping_the_optimizer_by_hand() -> None:
    race = race_of(("adam", {"lr": 0.3}), ("sgd", {"lr": 0.95}), start=(-7.0, 2.0))
    race.step(30)
    surf = get_surface("ravine")
    for racer, (name, values) in zip(race.racers, [("adam", {"lr": 0.3}), ("sgd", {"lr": 0.95})],
                                     strict=True):
        opt = create(name, **values)
        p = np.array([-7.0, 2.0])
        state = opt.init(p)
        expected = [p.copy()]
        for _ in range(30):
            opt.step(p, surf.grad_at(p), state)
            expected.append(p.copy())
        np.testing.assert_array_equal(racer.trajectory.positions, np.array(expected))
        np.testing.assert_array_equal(racer.trajectory.column("loss"), surf.value_at(expected))
        assert racer.steps == 30 and racer.trajectory.steps.tolist() == list(range(31))


def test_step_lengths_and_grad_norms_are_recorded() -> None:
    race = race_of(("momentum", {"lr": 0.05}), surface="rosenbrock")
    race.step(10)
    t = race.racers[0].trajectory
    pos = t.positions
    np.testing.assert_allclose(t.column("step_len")[1:], np.hypot(*np.diff(pos, axis=0).T))
    g = get_surface("rosenbrock").grad_at(pos)
    np.testing.assert_allclose(t.column("grad_norm"), np.hypot(g[:, 0], g[:, 1]))


def test_newton_converges_in_one_step_on_a_quadratic() -> None:
    race = race_of(("newton", {}), surface="ravine", start=(-7.0, 2.0))
    race.step(1)
    r = race.racers[0]
    np.testing.assert_allclose(r.position, [0.0, 0.0], atol=1e-15)
    assert r.status == CONVERGED and r.converged_at == 1


def test_convergence_is_the_first_step_within_tolerance() -> None:
    race = race_of(("sgd", {"lr": 0.5}), surface="sphere", start=(1.0, 1.0), x_tol=1e-3)
    race.step(40)
    r = race.racers[0]
    # x_k = (1 - 2 lr)^k = 0 after one step for lr = 0.5
    assert r.status == CONVERGED and r.converged_at == 1
    race = race_of(("sgd", {"lr": 0.1}), surface="sphere", start=(1.0, 1.0), x_tol=1e-3)
    race.step(100)
    dists = np.hypot(*race.racers[0].trajectory.positions.T)
    first = int(np.argmax(dists <= 1e-3))
    assert race.racers[0].converged_at == first > 0
    assert race.racers[0].steps == 100  # a converged racer keeps running


def test_divergence_stops_at_last_finite_point_and_never_records_nan() -> None:
    race = race_of(("sgd", {"lr": 1.5}), ("adam", {"lr": 0.1}), surface="sphere",
                   start=(1.0, 1.0), bound=1e6)
    race.step(200)
    bad, good = race.racers
    assert bad.status == DIVERGED
    # |x_k| = 2^k: beyond 1e6 at k = 20
    assert bad.diverged_at == 20 and bad.steps == 20
    t = bad.trajectory
    assert len(t) == 20 and np.all(np.isfinite(t.positions))
    assert np.all(np.isfinite(t.column("loss")))
    np.testing.assert_array_equal(bad.position, t.positions[-1])
    assert good.status in (RUNNING, CONVERGED) and good.steps == 200
    race.step(5)
    assert bad.steps == 20 and len(bad.trajectory) == 20


def test_non_finite_value_is_divergence() -> None:
    race = race_of(("sgd", {"lr": 1.0}), surface="log(x) + y^2", start=(0.5, 1.0))
    race.step(5)  # x -> 0.5 - 1/0.5 = -1.5: log undefined
    r = race.racers[0]
    assert r.status == DIVERGED and r.diverged_at == 1
    assert all(math.isfinite(v) for row in race.summary() for v in (row["x"], row["loss"]))


def test_start_where_f_is_undefined_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not defined"):
        race_of(("sgd", {}), surface="sqrt(x)", start=(-1.0, 0.0))


def test_replay_is_deterministic_with_noise() -> None:
    cfg = RaceConfig(surface="rosenbrock", noise_sigma=0.5, seed=7,
                     racers=[RacerConfig("adam", {"lr": 0.05}), RacerConfig("rmsprop", {})])
    a, b = Race(cfg), Race(cfg)
    a.step(100)
    b.step(60)
    b.step(40)
    for ra, rb in zip(a.racers, b.racers, strict=True):
        np.testing.assert_array_equal(ra.trajectory.positions, rb.trajectory.positions)
    a.run_to(50)
    b.reset()
    b.step(50)
    np.testing.assert_array_equal(a.racers[0].position, b.racers[0].position)


def test_noise_changes_the_path_and_each_racer_has_its_own_stream() -> None:
    base = [RacerConfig("sgd", {"lr": 0.01})]
    quiet = Race(RaceConfig(surface="rosenbrock", racers=base))
    noisy = Race(RaceConfig(surface="rosenbrock", racers=base, noise_sigma=1.0, seed=1))
    two = Race(RaceConfig(surface="rosenbrock", noise_sigma=1.0, seed=1,
                          racers=base + [RacerConfig("adam", {})]))
    other_seed = Race(RaceConfig(surface="rosenbrock", racers=base, noise_sigma=1.0, seed=2))
    for r in (quiet, noisy, two, other_seed):
        r.step(20)
    assert not np.allclose(quiet.racers[0].position, noisy.racers[0].position)
    np.testing.assert_array_equal(noisy.racers[0].position, two.racers[0].position)
    assert not np.allclose(noisy.racers[0].position, other_seed.racers[0].position)
    # The recorded loss is the true, noise-free loss at the recorded point.
    t = noisy.racers[0].trajectory
    np.testing.assert_array_equal(t.column("loss"),
                                  get_surface("rosenbrock").value_at(t.positions))


def test_schedule_applies_to_the_racer() -> None:
    sched = Schedule("step", {"step_size": 3, "gamma": 0.5})
    race = Race(RaceConfig(surface="sphere", start=(1.0, 0.0),
                           racers=[RacerConfig("sgd", {"lr": 0.1}, schedule=sched)]))
    race.step(7)
    xs = race.racers[0].trajectory.column("x")
    lrs = [0.1] * 3 + [0.05] * 3 + [0.025]
    expected = [1.0]
    for lr in lrs:
        expected.append(expected[-1] - lr * 2 * expected[-1])
    np.testing.assert_allclose(xs, expected, rtol=0, atol=1e-15)
    assert race.racers[0].lr == 0.025


def test_per_racer_start_and_labels() -> None:
    cfg = RaceConfig(surface="himmelblau", start=(0.0, 0.0), racers=[
        RacerConfig("adam", {"lr": 0.1}, label="fast"),
        RacerConfig("adam", {"lr": 0.1}, start=(-1.0, -1.0)),
    ])
    race = Race(cfg)
    assert race.racers[0].name == "fast" and race.racers[1].name == "adam:lr=0.1"
    np.testing.assert_array_equal(race.racers[1].trajectory.positions[0], [-1.0, -1.0])


def test_leaderboard_order() -> None:
    race = race_of(("sgd", {"lr": 1.5}), ("sgd", {"lr": 0.01}), ("sgd", {"lr": 0.5}),
                   surface="sphere", start=(1.0, 1.0))
    race.step(50)
    names = [r.config.values["lr"] for r in race.leaderboard()]
    assert names == [0.5, 0.01, 1.5]


def test_config_json_round_trip_and_bad_input() -> None:
    cfg = RaceConfig(surface="x^2 + y^2", start=(1.0, -2.0), noise_sigma=0.1, seed=3,
                     racers=[RacerConfig("rmsprop", {"centered": True}, label="r",
                                         schedule=Schedule("cosine", {"t_max": 20}))])
    data = json.loads(json.dumps(cfg.to_dict()))
    again = RaceConfig.from_dict(data)
    assert again.to_dict() == cfg.to_dict()
    a, b = Race(cfg), Race(again)
    a.step(25)
    b.step(25)
    np.testing.assert_array_equal(a.racers[0].position, b.racers[0].position)
    for bad, msg in [
        ([], "object"),
        ({"racers": [{"optimizer": "nope"}]}, "unknown optimizer 'nope'"),
        ({"racers": [{"optimizer": "adam", "values": {"beta1": 2}}]}, "beta1 must be in"),
        ({"start": [1, "a"]}, "start must be two numbers"),
        ({"noise_sigma": -1}, "noise_sigma"),
        ({"racers": [{"optimizer": "adam", "schedule": {"kind": "zigzag"}}]}, "unknown schedule"),
    ]:
        with pytest.raises(ValueError, match=msg):
            RaceConfig.from_dict(bad)


def test_trajectory_memory_is_bounded_and_keeps_the_ends() -> None:
    t = Trajectory(max_points=100)
    for k in range(10_000):
        t.append(k, float(k), 0.0, 0.0, 0.0, 0.0)
    assert len(t) <= 100
    steps = t.steps
    assert steps[0] == 0 and steps[-1] == 9_999 and np.all(np.diff(steps) > 0)
    race = race_of(("adam", {}), surface="sphere")
    race.max_points = 64
    race.reset()
    race.step(1000)
    assert len(race.racers[0].trajectory) <= 64
    assert race.racers[0].trajectory.steps[-1] == 1000


def test_a_local_minimum_converges_but_does_not_win() -> None:
    # Rastrigin from (3.3, -4.3): small SGD steps stop in the nearest ripple.
    race = race_of(("sgd", {"lr": 0.002}), ("adam", {"lr": 0.05}), surface="rastrigin",
                   start=(3.3, -4.3))
    race.step(300)
    stuck, other = race.racers
    assert stuck.status == CONVERGED and not stuck.at_minimum
    row = race.summary()[0]
    assert row["at_minimum"] is False and row["distance_to_minimum"] > 1
    ranked = race.leaderboard()
    assert ranked.index(stuck) == (0 if stuck.loss < other.loss else 1)


def test_newton_on_the_saddle_preset_sits_at_a_saddle_not_converged() -> None:
    from engine.presets import PRESETS
    from engine.race import SADDLE

    race = Race(PRESETS["saddle"].config())
    race.step(PRESETS["saddle"].steps)
    newton = next(r for r in race.racers if r.config.optimizer == "newton")
    assert newton.status == SADDLE and newton.converged_at is None
    assert newton.saddle_since(1) == 1 and newton.saddle_since(0) is None
    assert race.leaderboard()[0] is not newton  # never ranked #1 as converged
    row = next(r for r in race.summary() if r["optimizer"] == newton.name)
    assert row["status"] == "saddle" and row["saddle_at"] == 1 and row["converged_at"] is None


def test_monkey_saddle_is_a_saddle_though_its_hessian_vanishes() -> None:
    from engine.formula import parse_formula
    from engine.race import SADDLE

    monkey = get_surface("monkey_saddle")
    assert np.all(monkey.hessian_at(np.zeros(2)) == 0)
    assert monkey.is_saddle(np.zeros(2))
    # A degenerate minimum is not a saddle: the same probe finds nothing lower.
    assert not parse_formula("x^4 + y^4").is_saddle(np.zeros(2))
    race = race_of(("newton", {}), ("sgd", {"lr": 0.1}), surface="monkey_saddle",
                   start=(1.5, 0.0))
    race.step(40)
    newton = race.racers[0]
    assert newton.status == SADDLE and newton.converged_at is None
    exact = race_of(("sgd", {"lr": 0.1}), surface="monkey_saddle", start=(0.0, 0.0))
    assert exact.racers[0].status == SADDLE and exact.racers[0].saddle_since(0) == 0


def test_a_true_minimum_still_converges_and_a_degenerate_one_too() -> None:
    from engine.formula import parse_formula

    race = race_of(("newton", {}), surface="ravine", start=(-7.0, 2.0))
    race.step(3)
    assert race.racers[0].status == CONVERGED and race.racers[0].saddle_spans == []
    quartic = Race(RaceConfig(surface="x^4 + y^4", start=(1.0, 1.0),
                              racers=[RacerConfig("newton", {})]),
                   surface=parse_formula("x^4 + y^4"))
    quartic.step(60)
    assert quartic.racers[0].status == CONVERGED


def test_a_racer_that_leaves_the_saddle_runs_again() -> None:
    from engine.race import SADDLE

    race = race_of(("momentum", {"lr": 0.05}), surface="saddle", start=(0.0, 0.0),
                   noise_sigma=0.01, seed=3)
    racer = race.racers[0]
    assert racer.status == SADDLE
    race.step(5)
    assert racer.status == RUNNING and racer.saddle_spans == [[0, 1]]
    assert racer.saddle_since(0) == 0 and racer.saddle_since(1) is None
    race.step(200)
    assert racer.loss < -1  # it escaped downhill along y
