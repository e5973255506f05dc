"""Optimizer protocol: validation, spec strings, batching, blockwise stepping, Newton."""

from __future__ import annotations

import numpy as np
import pytest

from engine.optimizers import (
    REGISTRY,
    copy_state,
    create,
    create_from_spec,
    get_spec,
    optimizer_names,
    parse_spec,
    spec_string,
)
from engine.optimizers.base import BLOCK
from engine.surfaces import get_surface

FIRST_ORDER = optimizer_names(first_order_only=True)


def test_registry_has_the_required_names() -> None:
    required = {
        "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw",
        "amsgrad", "nadam", "radam", "adamax", "rprop", "newton",
    }
    assert required <= set(REGISTRY)
    assert "newton" not in FIRST_ORDER


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        ("adam", {"lr": -1}, "lr must be in [0, inf), got -1"),
        ("adam", {"beta1": 1.0}, "beta1 must be in [0, 1), got 1"),
        ("adam", {"beta2": -0.1}, "beta2 must be in [0, 1), got -0.1"),
        ("adam", {"eps": float("nan")}, "eps must be finite"),
        ("adam", {"amsgrad": 3}, "amsgrad must be true or false"),
        ("sgd", {"nesterov": True}, "nesterov requires momentum > 0"),
        ("momentum", {"momentum": 1.5}, "momentum must be in [0, 1], got 1.5"),
        ("rmsprop", {"alpha": 2}, "alpha must be in [0, 1], got 2"),
        ("rprop", {"step_min": 2.0, "step_max": 1.0}, "step_min must not exceed step_max"),
        ("adam", {"gamma": 1}, "unknown hyper-parameter 'gamma'"),
    ],
)
def test_bad_values_are_named(name: str, values: dict, message: str) -> None:
    with pytest.raises(ValueError) as info:
        create(name, **values)
    assert message in str(info.value)


def test_variants_are_recipes_with_their_own_defaults() -> None:
    assert create("momentum").config["momentum"] == 0.9
    assert create("nesterov").config["nesterov"] is True
    assert create("amsgrad").config["amsgrad"] is True
    assert create("adamw").config["weight_decay"] == 0.01
    assert {p.name: p.default for p in get_spec("momentum").hparams}["momentum"] == 0.9
    assert type(create("momentum")) is type(create("sgd"))


def test_spec_strings_round_trip() -> None:
    name, values = parse_spec("adam:lr=0.1, beta2=0.99,amsgrad=true")
    assert (name, values) == ("adam", {"lr": 0.1, "beta2": 0.99, "amsgrad": True})
    assert spec_string(name, values) == "adam:lr=0.1,beta2=0.99,amsgrad=true"
    assert parse_spec(spec_string(name, values)) == (name, values)
    assert spec_string("momentum", {"momentum": 0.9}) == "momentum"
    assert create_from_spec("rprop:eta_plus=1.5").config["eta_plus"] == 1.5


def _run(name: str, params: np.ndarray, steps: int, *, batched: bool, fn: bool) -> np.ndarray:
    surf = get_surface("rosenbrock")
    small_lr = ("sgd", "momentum", "nesterov", "qhm", "schedulefree_sgd")
    values = {"lr": 1e-4} if name in small_lr else {}
    opt = create(name, **values)
    params = params.copy()
    state = opt.init(params, batched=batched)
    for _ in range(steps):
        opt.step(params, surf.grad_at if fn else surf.grad_at(params), state)
    return params


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_batched_particles_move_as_if_alone(name: str) -> None:
    rng = np.random.default_rng(0)
    cloud = rng.uniform(-1.5, 1.5, size=(5, 2))
    together = _run(name, cloud, 25, batched=True, fn=False)
    for i in range(len(cloud)):
        alone = _run(name, cloud[i], 25, batched=False, fn=False)
        np.testing.assert_array_equal(together[i], alone)


@pytest.mark.parametrize("name", FIRST_ORDER)
def test_blockwise_stepping_gives_identical_numbers(name: str) -> None:
    rng = np.random.default_rng(1)
    n = 2 * BLOCK  # (n, 2): four blocks
    cloud = rng.uniform(-1.5, 1.5, size=(n, 2))
    blocked = _run(name, cloud, 5, batched=True, fn=True)
    plain = _run(name, cloud, 5, batched=True, fn=False)
    np.testing.assert_array_equal(blocked, plain)
    small = _run(name, cloud[-7:], 5, batched=True, fn=False)
    np.testing.assert_array_equal(blocked[-7:], small)


def test_copy_state_is_independent() -> None:
    opt = create("adam", lr=0.1)
    p = np.array([1.0, -1.0])
    state = opt.init(p)
    opt.step(p, 2 * p, state)
    snap = copy_state(state)
    opt.step(p, 2 * p, state)
    assert snap["step"] == 1 and state["step"] == 2
    assert not np.array_equal(snap["exp_avg"], state["exp_avg"])


def test_scheduled_lr_overrides_the_configured_one() -> None:
    opt = create("sgd", lr=0.1)
    p = np.array([1.0])
    state = opt.init(p)
    opt.step(p, np.array([1.0]), state, lr=0.5)
    assert p[0] == 0.5


def test_newton_solves_a_quadratic_in_one_step_and_is_drawn_to_saddles() -> None:
    surf = get_surface("booth")  # a quadratic with minimum (1, 3)
    opt = create("newton")
    p = np.array([-8.0, 6.0])
    state = opt.init(p)
    opt.step(p, surf.grad_at(p), state, hessian=surf.hessian_at(p))
    np.testing.assert_allclose(p, [1.0, 3.0], atol=1e-12)
    saddle = get_surface("saddle")
    q = np.array([-1.8, 0.5])
    opt.step(q, saddle.grad_at(q), opt.init(q), hessian=saddle.hessian_at(q))
    np.testing.assert_allclose(q, [0.0, 0.0], atol=1e-15)


def test_newton_singular_hessian_falls_back_to_a_gradient_step() -> None:
    opt = create("newton", lr=0.5)
    p = np.array([[1.0, 1.0]])
    opt.step(p, np.array([[2.0, 0.0]]), opt.init(p, batched=True), hessian=np.zeros((1, 2, 2)))
    np.testing.assert_array_equal(p, [[0.0, 1.0]])
    with pytest.raises(ValueError, match="needs the Hessian"):
        opt.step(p, np.array([[1.0, 1.0]]), opt.init(p))
