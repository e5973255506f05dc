"""Every optimizer against its reference implementation (golden trajectories).

``tools/make_golden.py`` ran ``torch.optim`` / ``pytorch_optimizer`` in float64 on
the surfaces of :mod:`engine.surfaces` and stored the trajectories in
``tests/fixtures/golden``; these tests replay every case with the engine, so they
need neither torch nor pytorch-optimizer.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from engine.optimizers import REGISTRY, create, get_spec
from engine.optimizers.base import HParam, math_of
from engine.surfaces import get_surface

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
MANIFEST = json.loads((GOLDEN / "manifest.json").read_text())
CASES = MANIFEST["cases"]
RTOL = 1e-9
NO_REFERENCE = {"newton"}  # no torch.optim / pytorch_optimizer equivalent


@cache
def trajectories() -> dict[str, np.ndarray]:
    with np.load(GOLDEN / "trajectories.npz") as data:
        return {key: data[key] for key in data.files}


def _case_id(case: dict) -> str:
    values = ",".join(f"{k}={v}" for k, v in case["values"].items())
    return f"{case['id']}-{case['optimizer']}-{case['surface']}-{values}"


def _run(case: dict, start: np.ndarray, *, batched: bool = False) -> np.ndarray:
    """The engine's trajectory, shape ``(steps + 1,) + start.shape``."""
    opt = create(case["optimizer"], **case["values"])
    surface = get_surface(case["surface"])
    params = np.array(start, dtype=np.float64)
    state = opt.init(params, batched=batched)
    out = np.empty((case["steps"] + 1,) + params.shape)
    out[0] = params
    with np.errstate(all="ignore"):
        for k in range(1, case["steps"] + 1):
            opt.step(params, surface.grad_at(params), state)
            out[k] = params
    return out


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_matches_reference(case: dict) -> None:
    golden = trajectories()[case["id"]]
    ours = _run(case, np.array(case["start"]))
    tol = RTOL * max(1.0, float(np.abs(golden).max()))
    diff = np.abs(ours - golden).max(axis=1)
    bad = np.flatnonzero(~(diff <= tol))
    assert bad.size == 0, (
        f"{case['optimizer']} {case['values']} on {case['surface']} leaves "
        f"{case['reference']} at step {bad[0]}: engine {ours[bad[0]]}, "
        f"reference {golden[bad[0]]} (max diff {np.nanmax(diff):.3g}, tol {tol:.3g})"
    )


def _one_case_per_variant() -> list[dict]:
    """One case per (optimizer, hyper-parameter set), on the surface where it is listed first."""
    seen, out = set(), []
    for case in CASES:
        key = (case["optimizer"], json.dumps(case["values"], sort_keys=True))
        if key not in seen:
            seen.add(key)
            out.append(case)
    return out


@pytest.mark.parametrize("case", _one_case_per_variant(), ids=_case_id)
def test_batched_rows_are_independent(case: dict) -> None:
    """A batch of particles moves exactly like single points (per-row reductions)."""
    start = np.array(case["start"])
    single = _run(case, start)
    batch = np.tile(start, (9, 1))
    batch[4] = start + np.array([0.3, -0.2])  # a different particle in the middle
    ours = _run(case, batch, batched=True)
    for row in (0, 1, 2, 3, 5, 6, 7, 8):
        np.testing.assert_array_equal(ours[:, row], single, err_msg=f"row {row}")
    other = _run(case, batch[4])
    np.testing.assert_array_equal(ours[:, 4], other, err_msg="the different row")


@pytest.mark.parametrize("case", _one_case_per_variant(), ids=_case_id)
def test_blockwise_step_equals_whole_array_step(case: dict) -> None:
    """Elementwise optimizers may step a big batch block by block: same numbers."""
    rng = np.random.default_rng(0)
    start = np.array(case["start"]) + rng.uniform(-0.1, 0.1, size=(20_000, 2))
    surface = get_surface(case["surface"])
    runs = []
    for blockwise in (True, False):
        opt = create(case["optimizer"], **case["values"])
        if not blockwise:
            opt.elementwise = False  # instance override: one whole-array update
        params = start.copy()
        state = opt.init(params, batched=True)
        with np.errstate(all="ignore"):
            for _ in range(5):
                opt.step(params, surface.grad_at, state)
        runs.append(params)
    np.testing.assert_array_equal(runs[0], runs[1])


def test_manifest_covers_every_optimizer() -> None:
    surfaces, variants = defaultdict(set), defaultdict(set)
    for case in CASES:
        surfaces[case["optimizer"]].add(case["surface"])
        variants[case["optimizer"]].add(json.dumps(case["values"], sort_keys=True))
        assert case["reference"] == get_spec(case["optimizer"]).reference
    for name in REGISTRY:
        if name in NO_REFERENCE:
            continue
        assert len(surfaces[name]) >= 3, f"{name}: golden data on {sorted(surfaces[name])}"
        n_sets = {json.dumps({k: v for k, v in json.loads(s).items() if k != "lr"})
                  for s in variants[name]}
        assert len(n_sets) >= 2, f"{name}: only {len(n_sets)} hyper-parameter set(s)"
    assert set(MANIFEST["versions"]) >= {"torch", "pytorch_optimizer"}
    assert MANIFEST["dtype"] == "float64"


def _bad_value(p: HParam):
    if p.kind == "bool":
        return "maybe"
    if p.low is not None:
        return p.low if p.low_open else p.low - 1
    if p.high is not None:
        return p.high if p.high_open else p.high + 1
    return "abc"


@pytest.mark.parametrize("name", list(REGISTRY))
def test_registry_entry_is_documented_and_validated(name: str) -> None:
    spec = get_spec(name)
    doc = spec.cls.__doc__ or ""
    assert math_of(spec.cls).strip(), f"{name}: no '.. math::' block in the docstring"
    assert spec.update_rule == math_of(spec.cls)
    assert "Defaults:" in doc, f"{name}: docstring does not list the defaults"
    assert spec.title and spec.reference and spec.paper and spec.summary
    assert spec.hparams, f"{name}: no hyper-parameters"
    for p in spec.hparams:
        assert p.help.strip(), f"{name}.{p.name}: no help text"
        assert p.kind in ("float", "int", "bool")
        assert p.validate(p.default) == p.default, f"{name}.{p.name}: default is invalid"
    opt = create(name)  # defaults pass the cross-checks too
    assert opt.config == {p.name: p.default for p in spec.hparams}
    with pytest.raises(ValueError, match=r"^lr must be in \[0, inf\), got -1"):
        create(name, lr=-1)
    for p in spec.hparams:
        with pytest.raises(ValueError, match=rf"^{re.escape(p.name)} must be"):
            create(name, **{p.name: _bad_value(p)})
    with pytest.raises(ValueError, match="unknown hyper-parameter 'betas'"):
        create(name, betas=(0.9, 0.999))


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        ("ademamix", {"t_alpha_beta3": 100, "beta1": 0.0}, "t_alpha_beta3 > 0 needs beta1 > 0"),
        ("sgd", {"nesterov": True}, "nesterov requires momentum > 0"),
        ("rprop", {"step_min": 1.0, "step_max": 0.5}, "step_min must not exceed step_max"),
    ],
)
def test_cross_checks(name: str, values: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        create(name, **values)


def test_swats_switches_to_sgd_and_records_where() -> None:
    """The golden SWATS cases with eps=0.01 go through the SGD phase; the state shows when."""
    case = next(c for c in CASES if c["optimizer"] == "swats" and c["values"].get("eps") == 0.01)
    opt = create("swats", **case["values"])
    surface = get_surface(case["surface"])
    params = np.array(case["start"], dtype=np.float64)
    state = opt.init(params)
    for _ in range(case["steps"]):
        opt.step(params, surface.grad_at(params), state)
    assert state["switched"].shape == (1,) and state["switched"][0]
    assert 1 < state["switch_step"][0] < case["steps"]
    assert state["sgd_lr"][0] > 0


def test_schedule_free_eval_params_match_reference_eval() -> None:
    """``eval_params`` is the averaged point the reference's ``eval()`` puts in the weights."""
    cases = [c for c in CASES if "eval_final" in c]
    assert {c["optimizer"] for c in cases} == {"schedulefree_sgd", "schedulefree_adamw"}
    for case in cases:
        surface = get_surface(case["surface"])
        opt = create(case["optimizer"], **case["values"])
        params = np.array(case["start"], dtype=np.float64)
        state = opt.init(params)
        for _ in range(case["steps"]):
            opt.step(params, surface.grad_at(params), state)
        np.testing.assert_allclose(opt.eval_params(params, state), case["eval_final"],
                                   rtol=1e-9, atol=1e-9)
