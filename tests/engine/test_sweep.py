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
    "lion": {"lr": [1e-3, 1e-2, 0.1, 0.5, 0.05], "beta1": [0.9, 0.3, 0.6, 0.99, 0.0],
             "beta2": [0.99, 0.2, 0.5, 0.9, 0.7]},
    "adamax": {"lr": [2e-3, 1e-2, 0.1, 0.5, 0.05], "beta1": [0.9, 0.3, 0.6, 0.99, 0.0],
               "weight_decay": [0, 0.1, 0, 0.01, 0]},
    "yogi": {"lr": [1e-3, 1e-2, 0.1, 0.5, 0.05]},  # no per-row support: grouped rows
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


def _minimum_is_stationary_and_strict(surface, m):
    gx, gy = surface.grad(m.x, m.y)
    hxx, hxy, hyy = (float(h) for h in surface.hessian(m.x, m.y))
    scale = max(1.0, abs(m.x), abs(m.y))
    assert np.hypot(gx, gy) < 1e-10 * scale**5
    assert hxx > 0 and hxx * hyy - hxy * hxy > 0  # positive definite
    assert float(surface.value(m.x, m.y)) == pytest.approx(m.f, abs=1e-12)


@pytest.mark.parametrize("name, total, globals_", [
    ("six_hump_camel", 6, 2), ("three_hump_camel", 3, 1), ("styblinski_tang", 4, 1),
    ("himmelblau", 4, 4),
])
def test_catalogue_lists_local_minima_and_marks_the_global_ones(name, total, globals_):
    surface = SURFACES[name]
    minima = surface.all_minima
    assert len(minima) == total
    assert [m.is_global for m in minima] == [True] * globals_ + [False] * (total - globals_)
    best = min(m.f for m in minima)
    for m in minima:
        _minimum_is_stationary_and_strict(surface, m)
        assert (m.f == pytest.approx(best, abs=1e-9)) == m.is_global
    # all distinct
    pts = np.array([(m.x, m.y) for m in minima])
    d = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    assert (d + np.eye(total) > 0.1).all()
    assert surface.to_dict()["local_minima"] == [
        {"x": m.x, "y": m.y, "f": m.f} for m in surface.local_minima]


# -- heatmaps against closed forms -------------------------------------------------

from engine.sweep.plan import Axis, BasinPlan, SweepPlan, parse_axis  # noqa: E402
from engine.sweep.runner import collect  # noqa: E402


def test_sgd_on_the_ravine_diverges_exactly_when_lr_exceeds_one():
    # f = x²/20 + y²: y_k = (1 - 2 lr)^k y_0 and x_k = (1 - lr/10)^k x_0, so the
    # run converges iff |1 - 2 lr| < 1 (lr < 1) and leaves the bound 1e6 at the
    # first k with |2 lr - 1|^k |y_0| > 1e6 when lr > 1.
    steps = 2000
    plan = SweepPlan("ravine", (1.0, 1.0), "sgd", {}, Axis("lr", 0.075, 1.475, 29), None, steps)
    result = collect(plan.chunks(size=7))  # several chunks
    lrs = plan.x.values()
    assert ((lrs < 1) == (result.status == CONVERGED)).all()
    assert ((lrs > 1) == (result.status == DIVERGED)).all()
    for lr, at in zip(lrs[lrs > 1], result.status_step[lrs > 1], strict=True):
        expected = np.log(1e6) / np.log(2 * lr - 1)  # |y_k| > 1e6 from this k on
        assert at == int(np.floor(expected)) + 1
    # the boundary lies between the two columns around lr = 1
    assert np.flatnonzero(result.status == DIVERGED)[0] == np.searchsorted(lrs, 1.0)


def _heavy_ball_rate(alpha, beta, lam):
    roots = np.roots([1.0, -(1.0 + beta - alpha * lam), beta])
    return float(np.max(np.abs(roots)))


def test_momentum_heatmap_on_the_ravine_matches_the_heavy_ball_closed_form():
    # Goh (Distill 2017): per eigen-direction the rate is the largest root modulus
    # of z² - (1 + β - αλ) z + β; the ravine has λ = 0.1 and 2.
    steps = 400
    plan = SweepPlan("ravine", (1.0, 1.0), "momentum", {}, Axis("lr", 0.02, 1.6, 24),
                     Axis("momentum", 0.05, 0.95, 19), steps, x_tol=0.0, grad_tol=0.0)
    result = collect(plan.chunks())
    values = plan.row_values(0, plan.cells)
    f0 = 1.0 / 20 + 1.0
    checked = 0
    for i in range(plan.cells):
        a, b = values["lr"][i], values["momentum"][i]
        rate = max(_heavy_ball_rate(a, b, 0.1), _heavy_ball_rate(a, b, 2.0))
        if rate < 0.97:
            assert result.status[i] != DIVERGED
            measured = (result.final_loss[i] / f0) ** (1 / (2 * steps))
            if result.final_loss[i] > 1e-280:  # not flushed to zero
                assert measured == pytest.approx(rate, abs=0.02), (a, b)
                checked += 1
        elif rate > 1.03:
            assert result.status[i] == DIVERGED, (a, b)
    assert checked > 100


def test_basins_of_gradient_descent_on_himmelblau_belong_to_the_nearest_minimum():
    from engine.sweep.basins import assign_minima

    surface = SURFACES["himmelblau"]
    plan = BasinPlan("himmelblau", "sgd", {"lr": 0.002}, 12, 12, (-5, 5, -5, 5), 3000)
    result = collect(plan.chunks())
    which = assign_minima(surface, result.position, result.status)
    assert (which >= 0).all()  # every start reaches one of the four minima
    assert set(which.tolist()) == {0, 1, 2, 3}
    starts = plan.starts(0, plan.cells)
    for m_index, m in enumerate(surface.all_minima):
        # the start closest to each minimum flows into it (gradient flow)
        k = int(np.argmin(np.hypot(starts[:, 0] - m.x, starts[:, 1] - m.y)))
        assert which[k] == m_index


def test_rastrigin_endpoints_are_clustered_into_dimples():
    from engine.sweep.basins import cluster

    plan = BasinPlan("rastrigin", "sgd", {"lr": 0.001}, 20, 20, (-3, 3, -3, 3), 2000)
    result = collect(plan.chunks())
    labels, centres = cluster(result.position, 0.05, result.status != DIVERGED)
    assert len(centres) > 9  # many local minima, none listed
    # every centre sits on a dimple: the gradient vanishes there
    gx, gy = SURFACES["rastrigin"].grad(centres[:, 0], centres[:, 1])
    assert np.hypot(gx, gy).max() < 1e-3
    assert (labels >= 0).all()


@pytest.mark.parametrize("text, error", [
    ("lr=1:2", "PARAM=LOW:HIGH:COUNT"),
    ("foo=1:2:3", "unknown hyper-parameter 'foo'"),
    ("beta1=0.5:1.5:3", "beta1 must be in"),
    ("lr=0:1:3:log", "LOW > 0"),
    ("lr=0.1:1:0", "at least 1"),
    ("amsgrad=0:1:2", "cannot be swept"),
])
def test_bad_axes_are_refused_with_one_clear_message(text, error):
    with pytest.raises(ValueError, match=error.replace("(", r"\(")):
        parse_axis(text, "adam")


def test_plan_cells_are_row_major_and_the_total_is_capped():
    plan = SweepPlan("rosenbrock", (0, 0), "adam", {}, parse_axis("lr=1e-3:1:4:log", "adam"),
                     parse_axis("beta1=0:0.9:3", "adam"), 10)
    v = plan.row_values(0, plan.cells)
    assert plan.shape == (3, 4)
    assert v["lr"][:4] == pytest.approx([1e-3, 1e-2, 1e-1, 1.0])
    assert list(v["beta1"]) == [0.0] * 4 + [0.45] * 4 + [0.9] * 4
    with pytest.raises(ValueError, match="too many"):
        SweepPlan("rosenbrock", (0, 0), "adam", {}, Axis("lr", 1e-3, 1, 3000),
                  Axis("beta1", 0, 0.9, 3000), 10)
