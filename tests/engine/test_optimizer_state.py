"""Typed optimizer state: a dataclass per update rule, caches apart, one door for views."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from engine.optimizers import REGISTRY, OptimizerState, copy_state, create, optimizer_names
from engine.optimizers.base import BLOCK
from engine.surfaces import get_surface

ROOT = Path(__file__).resolve().parents[2]
FIRST_ORDER = optimizer_names(first_order_only=True)


def _grad(p: np.ndarray) -> np.ndarray:
    return 2.0 * p + np.sin(p)


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_optimizer_has_its_own_typed_state(name: str) -> None:
    opt = create(name)
    state = opt.init(np.array([0.5, -1.0]))
    assert isinstance(state, OptimizerState) and dataclasses.is_dataclass(state)
    own = {f.name for f in dataclasses.fields(state)} - {"step", "axes", "cache"}
    if name != "newton":  # Newton keeps nothing between steps
        assert type(state) is not OptimizerState and own
    shown = opt.describe_state(state)
    assert list(shown)[0] == "step" and shown["step"] == 0
    assert "cache" not in shown and "axes" not in shown


@pytest.mark.parametrize("name", [n for n in FIRST_ORDER if create(n).elementwise])
def test_caches_stay_out_of_descriptions_and_copies(name: str) -> None:
    opt = create(name)
    params = np.random.default_rng(0).standard_normal((BLOCK + 5, 2))
    state = opt.init(params, batched=True)
    for _ in range(2):
        opt.step(params, _grad, state)  # blockwise: the block views live in the cache
    assert state.cache.blocks is not None
    shown = opt.describe_state(state)
    assert all(not isinstance(v, list | tuple) for v in shown.values())
    snap = copy_state(state)
    assert type(snap) is type(state) and snap.cache.blocks is None and snap.cache.scratch is None
    for key, value in shown.items():
        if isinstance(value, np.ndarray):
            assert snap[key] is not value and np.array_equal(snap[key], value)
    # the copy steps on exactly as the original does
    a, b = params.copy(), params.copy()
    opt.step(a, _grad, state)
    opt.step(b, _grad, snap)
    np.testing.assert_array_equal(a, b)


def test_absent_entries_are_not_shown() -> None:
    plain = create("adam").init(np.zeros(2))
    ams = create("amsgrad").init(np.zeros(2))
    assert "max_exp_avg_sq" not in plain and "max_exp_avg_sq" in ams
    assert "max_exp_avg_sq" not in create("adam").describe_state(plain)
    with pytest.raises(KeyError):
        plain["max_exp_avg_sq"]
    with pytest.raises(KeyError):
        plain["cache"]


def test_swats_state_tells_views_when_it_switched() -> None:
    opt = create("swats", lr=0.3, eps=0.01)
    ravine = get_surface("ravine")
    p = np.array([-7.0, 2.0])
    state = opt.init(p)
    assert not opt.describe_state(state)["switched"].any()
    for _ in range(200):
        opt.step(p, ravine.grad_at(p), state)
    shown = opt.describe_state(state)
    assert shown["switched"].shape == (1,) and bool(shown["switched"][0])
    assert 1 < int(shown["switch_step"][0]) < 200 and shown["sgd_lr"][0] > 0


def test_views_read_state_only_through_describe_state() -> None:
    """No raw key reads of an optimizer state outside engine/optimizers."""
    raw = re.compile(r"\bstates?(\[\d+\])?(\[\s*[\"']|\.get\(\s*[\"'])")
    found = []
    for folder in ("gui", "engine"):
        for path in (ROOT / folder).rglob("*.py"):
            if "optimizers" in path.relative_to(ROOT).parts:
                continue
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if raw.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    assert not found, "\n".join(found)
