"""The sweep lab's engine: batched runs, plans, statuses, basins."""

from __future__ import annotations

import numpy as np
import pytest

from engine.optimizers import create
from engine.race import Race, RaceConfig, RacerConfig
from engine.surfaces import SURFACES
from engine.sweep.batch import CONVERGED, DIVERGED, RUNNING, STATUS_NAMES, run_batch

#: Per-row values for each optimizer: mixing small and large weights (lerp's two
#: roundings), zero and non-zero decay (two branches), stable and diverging rates.
CASES = {
    "sgd": {"lr": [1e-4, 3e-4, 1e-3, 2e-3, 5e-3]},
    "momentum": {"lr": [1e-4, 3e-4, 1e-3, 2e-3, 5e-4], "momentum": [0.5, 0.9, 0.99, 0.3, 0.7],
                 "dampening": [0.0, 0.1, 0.0, 0.5, 0.9]},
    "nesterov": {"lr": [1e-4, 3e-4, 1e-3, 2e-3, 5e-4], "momentum": [0.5, 0.9, 0.99, 0.3, 0.7]},
    "adam": {"lr": [1e-3, 1e-2, 0.1, 0.5, 2.0], "beta1": [0.1, 0.5, 0.9, 0.99, 0.0],
             "beta2": [0.9, 0.999, 0.3, 0.99, 0.5], "eps": [1e-8, 1e-3, 1e-8, 1e-6, 1e-8]},
    "adamw": {"lr": [1e-3, 1e-2, 0.1, 0.5, 0.05], "weight_decay": [0.0, 0.1, 0.01, 0.0, 1.0]},
    "amsgrad": {"lr": [1e-3, 1e-2, 0.1, 0.5, 0.05], "beta1": [0.6, 0.4, 0.9, 0.0, 0.95]},
    "rmsprop": {"lr": [1e-3, 1e-2, 0.1, 0.5, 0.05], "alpha": [0.1, 0.5, 0.9, 0.99, 0.7],
                "momentum": [0.0, 0.0, 0.5, 0.9, 0.1], "weight_decay": [0, 0.1, 0, 0, 0.2]},
    "adagrad": {"lr": [1e-3, 1e-2, 0.1, 0.5, 5.0], "lr_decay": [0, 0.1, 0.01, 1.0, 0],
                "initial_accumulator_value": [0, 0.1, 1, 0, 2]},
    "lion": {"lr": [1e-3, 1e-2, 0.1, 0.5, 0.05]},  # no per-row support: grouped rows
}
STARTS = np.array([[-1.5, 2.0], [0.5, -0.5], [-1.0, 1.0], [1.5, 1.5], [0.0, 0.0]])


def _alone(surface: str, name: str, values: dict, start, steps: int) -> Race:
    race = Race(RaceConfig(surface=surface, start=tuple(start),
                           racers=[RacerConfig(name, values)]))
    race.step(steps)
    return race


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_row_of_a_batch_is_the_racer_alone_bit_for_bit(name):
    rows = {k: np.array(v, dtype=float) for k, v in CASES[name].items()}
    steps = 150
    result = run_batch(SURFACES["rosenbrock"], name, {}, rows, STARTS, steps)
    statuses = set()
    for i, start in enumerate(STARTS):
        values = {k: float(v[i]) for k, v in rows.items()}
        racer = _alone("rosenbrock", name, values, start, steps).racers[0]
        # elementwise IEEE arithmetic and per-value Python powers: no rounding apart
        assert racer.position.tobytes() == result.position[i].tobytes(), (name, i)
        assert racer.loss == result.final_loss[i]
        assert racer.status == STATUS_NAMES[result.status[i]]
        at = racer.converged_at if racer.status == "converged" else racer.diverged_at
        assert (-1 if at is None else at) == result.status_step[i]
        statuses.add(racer.status)
    assert "running" in statuses


def test_a_diverging_row_stops_where_the_racer_stops():
    rows = {"lr": np.array([1e-3, 0.9, 1.1, 5.0])}
    start = np.tile([2.0, 1.0], (4, 1))
    result = run_batch(SURFACES["ravine"], "sgd", {}, rows, start, 400)
    for i, lr in enumerate(rows["lr"]):
        racer = _alone("ravine", "sgd", {"lr": float(lr)}, start[i], 400).racers[0]
        assert racer.position.tobytes() == result.position[i].tobytes()
        assert racer.status == STATUS_NAMES[result.status[i]]
    assert list(result.status) == [RUNNING, CONVERGED, DIVERGED, DIVERGED]
    assert result.status_step[3] < result.status_step[2]  # the larger rate leaves sooner
    assert np.isfinite(result.final_loss).all()


def test_per_row_values_are_validated_like_scalars():
    opt = create("adam")
    with pytest.raises(ValueError, match="beta1"):
        opt.with_rows({"beta1": np.array([0.5, 1.5])})
    with pytest.raises(ValueError, match="amsgrad"):
        opt.with_rows({"amsgrad": np.array([0.0, 1.0])})
    with pytest.raises(ValueError, match="nesterov requires"):
        create("nesterov").with_rows({"momentum": np.array([0.5, 0.0])})
