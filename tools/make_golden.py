"""Generate golden optimizer trajectories from the reference implementations.

Runs ``torch.optim`` (torch 2.13.0) and ``pytorch_optimizer`` (4.1.0) in float64
on several surfaces and hyper-parameter sets, feeding them the *same* numpy
gradients the engine uses (``engine.surfaces``), and writes

    tests/fixtures/golden/manifest.json   the cases (optimizer, values, surface, start)
    tests/fixtures/golden/trajectories.npz one (steps + 1, 2) array per case

so the test suite checks the engine against the references without torch.

    pip install -e .[dev]     # torch==2.13.0, pytorch-optimizer==4.1.0
    python tools/make_golden.py
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.optimizers import REGISTRY, get_spec  # noqa: E402
from engine.surfaces import get_surface  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "golden"
STEPS = 200

Values = dict[str, Any]


def _betas(values: Values, n: int = 2) -> Values:
    """Fold beta1..betaN into torch's ``betas`` tuple."""
    out = dict(values)
    betas = tuple(out.pop(f"beta{i}") for i in range(1, n + 1) if f"beta{i}" in values)
    if betas:
        out["betas"] = betas
    return out


def _rprop(values: Values) -> Values:
    out = dict(values)
    out["etas"] = (out.pop("eta_minus"), out.pop("eta_plus"))
    out["step_sizes"] = (out.pop("step_min"), out.pop("step_max"))
    return out


def _torch(name: str, convert: Callable[[Values], Values] = dict) -> Callable:
    cls = getattr(torch.optim, name)
    return lambda params, values: cls(params, **convert(values))


# How to build the reference for each registered optimizer from the engine's values
# (all hyper-parameters, defaults filled in, so both sides see the same numbers).
REFERENCE: dict[str, Callable] = {
    "sgd": _torch("SGD"),
    "momentum": _torch("SGD"),
    "nesterov": _torch("SGD"),
    "adagrad": _torch("Adagrad"),
    "rmsprop": _torch("RMSprop"),
    "adadelta": _torch("Adadelta"),
    "adam": _torch("Adam", _betas),
    "adamw": _torch("AdamW", _betas),
    "amsgrad": _torch("Adam", _betas),
    "nadam": _torch("NAdam", _betas),
    "radam": _torch("RAdam", _betas),
    "adamax": _torch("Adamax", _betas),
    "rprop": _torch("Rprop", _rprop),
}

# Hooks run before stepping (e.g. schedule-free optimizers need ``.train()``).
PREPARE: dict[str, Callable] = {}

try:  # the community optimizers register their references here
    from tools.golden_community import PREPARE as _P  # noqa: E402
    from tools.golden_community import REFERENCE as _R  # noqa: E402

    REFERENCE.update(_R)
    PREPARE.update(_P)
except ImportError as exc:  # pragma: no cover - only while that table is being written
    print(f"note: no community references ({exc})")

# Surfaces and starts of the matrix.  ``scale`` picks the learning rate: methods whose
# step is proportional to the gradient need a small one on steep surfaces.
SURFACES = {
    "ravine": {"start": (-7.0, 2.0), "lr": {"gradient": 0.1, "adaptive": 0.3}},
    "rosenbrock": {"start": (-1.5, 2.0), "lr": {"gradient": 1e-3, "adaptive": 0.05}},
    "himmelblau": {"start": (0.5, -0.5), "lr": {"gradient": 0.01, "adaptive": 0.1}},
    "beale": {"start": (1.0, 1.5), "lr": {"gradient": 0.01, "adaptive": 0.05}},
}

GRADIENT_SCALED = {"sgd", "momentum", "nesterov", "qhm", "schedulefree_sgd", "newton"}
FIXED_LR = {"adadelta"}  # lr is a unitless multiplier, keep its default

# Extra hyper-parameter sets per optimizer, each run on every surface.
VARIANTS: dict[str, list[Values]] = {
    "sgd": [{"weight_decay": 0.1}, {"momentum": 0.5, "dampening": 0.3}],
    "momentum": [{"momentum": 0.5}],
    "nesterov": [{"momentum": 0.7, "weight_decay": 0.05}],
    "adagrad": [{"lr_decay": 0.01, "initial_accumulator_value": 0.1, "weight_decay": 0.01}],
    "rmsprop": [{"momentum": 0.9}, {"centered": True}, {"centered": True, "momentum": 0.5,
                                                          "weight_decay": 0.01, "alpha": 0.9}],
    "adadelta": [{"rho": 0.5, "lr": 0.5, "weight_decay": 0.01}],
    "adam": [{"beta1": 0.5, "beta2": 0.9, "eps": 1e-3}, {"weight_decay": 0.1}],
    "adamw": [{"weight_decay": 0.5}],
    "amsgrad": [{"beta2": 0.99}],
    "nadam": [{"weight_decay": 0.05}, {"weight_decay": 0.05, "decoupled_weight_decay": True,
                                       "momentum_decay": 0.01}],
    "radam": [{"beta2": 0.9}, {"weight_decay": 0.05, "decoupled_weight_decay": True}],
    "adamax": [{"beta1": 0.8, "weight_decay": 0.01}],
    "rprop": [{"eta_minus": 0.3, "eta_plus": 1.5, "step_min": 1e-4, "step_max": 1.0}],
}

try:
    from tools.golden_community import VARIANTS as _V  # noqa: E402

    VARIANTS.update(_V)
except ImportError:  # pragma: no cover
    pass


def full_values(name: str, overrides: Values) -> Values:
    values = {p.name: p.default for p in get_spec(name).hparams}
    values.update(overrides)
    return values


def run_reference(
    name: str, values: Values, surface: str, start: tuple[float, float]
) -> tuple[np.ndarray, list[float] | None]:
    """The trajectory, and for schedule-free optimizers the averaged point of ``eval()``."""
    surf = get_surface(surface)
    param = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = REFERENCE[name]([param], values)
    if name in PREPARE:
        PREPARE[name](opt)
    out = np.empty((STEPS + 1, 2))
    out[0] = start
    for k in range(1, STEPS + 1):
        with torch.no_grad():
            g = surf.grad_at(param.detach().numpy().copy())
        param.grad = torch.from_numpy(np.ascontiguousarray(g))
        opt.step()
        out[k] = param.detach().numpy()
    eval_point = None
    if hasattr(opt, "eval") and name.startswith("schedulefree"):
        opt.eval()
        eval_point = param.detach().numpy().tolist()
    return out, eval_point


def main() -> None:
    torch.set_default_dtype(torch.float64)
    OUT.mkdir(parents=True, exist_ok=True)
    cases, arrays = [], {}
    for name in REGISTRY:
        if name not in REFERENCE:
            print(f"skip {name}: no reference")
            continue
        scale = "gradient" if name in GRADIENT_SCALED else "adaptive"
        for surface, cfg in SURFACES.items():
            base = {} if name in FIXED_LR else {"lr": cfg["lr"][scale]}
            for variant in [{}] + VARIANTS.get(name, []):
                overrides = {**base, **variant}
                values = full_values(name, overrides)
                traj, eval_point = run_reference(name, values, surface, cfg["start"])
                if not np.all(np.isfinite(traj)):
                    print(f"warning: {name} {overrides} on {surface} is not finite; dropped")
                    continue
                case_id = f"c{len(cases):04d}"
                arrays[case_id] = traj
                cases.append(
                    {
                        "id": case_id,
                        "optimizer": name,
                        "values": overrides,
                        "surface": surface,
                        "start": list(cfg["start"]),
                        "steps": STEPS,
                        "reference": get_spec(name).reference,
                    }
                )
                if eval_point is not None:
                    cases[-1]["eval_final"] = eval_point
    versions = {"torch": torch.__version__}
    try:  # pytorch_optimizer has no __version__ attribute; ask the installed distribution
        from importlib.metadata import PackageNotFoundError, version

        versions["pytorch_optimizer"] = version("pytorch_optimizer")
    except PackageNotFoundError:  # pragma: no cover
        pass
    manifest = {"versions": versions, "dtype": "float64", "cases": cases}
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    np.savez_compressed(OUT / "trajectories.npz", **arrays)
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
