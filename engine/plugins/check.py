"""Check a student's optimizer against a built-in, step by step, in float64.

Both implementations see the *same* gradients: the ones the reference sees
along its own trajectory.  So a chaotic surface cannot amplify a harmless
rounding difference (``lerp`` against ``beta*m + (1 - beta)*g``) into a failure,
and a real difference shows at the step where it first happens.  The student's
params are compared with the reference's after every step; the check passes
when every ``|a - b| <= RTOL * max(1, |b|)``.

The cases: several catalogue surfaces, each from several starts (the surface's
own, one close to a minimum, where gradients are tiny and ``eps`` matters, and
one elsewhere), plus a batch of particles on one surface (``params`` of shape
``(N, 2)``), 200 steps each.  When the check fails, known wrong variants of the
reference (:mod:`engine.plugins.mutants`) run on the same gradients; one that
matches the student's numbers names the mistake.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.messages import msg
from engine.optimizers import HParam, get_spec
from engine.plugins.host import LIMITS, Limits, PluginError, PluginProcess
from engine.plugins.mutants import variants
from engine.plugins.optimizer import hparam_table
from engine.surfaces import SURFACES

__all__ = ["RTOL", "CheckResult", "Failure", "cases", "check_plugin", "resolve_hparams"]

#: Relative tolerance of the comparison (absolute below 1).
RTOL = 1e-9
STEPS = 200
SURFACE_NAMES = ("ravine", "rosenbrock", "himmelblau", "beale")
BATCH_SURFACE = "six_hump_camel"


@dataclass(frozen=True)
class Case:
    surface: str
    start: np.ndarray
    label: str


@dataclass(frozen=True)
class Failure:
    """The first difference: step, surface, case, quantity and both values."""

    step: int
    surface: str
    case: str
    quantity: str
    student: float
    reference: float

    def describe(self) -> str:
        return msg("step {step} on {surface} ({case}): {quantity} is {student}, the reference "
                   "has {reference}", step=self.step, surface=self.surface, case=self.case,
                   quantity=self.quantity, student=repr(self.student),
                   reference=repr(self.reference))


@dataclass
class CheckResult:
    """What :func:`check_plugin` found; ``diff[k]`` is the largest relative difference
    after step ``k + 1`` over all cases (the GUI plots it)."""

    name: str
    against: str
    hparams: dict[str, Any]
    steps: int
    cases: int
    diff: np.ndarray
    failure: Failure | None = None
    diagnosis: str | None = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.failure is None and self.error is None

    def report(self) -> str:
        """Lines for the CLI and the GUI."""
        if self.error is not None:
            return self.error
        if self.ok:
            return msg("{name} matches {against}: {cases} runs of {steps} steps agree within "
                       "{rtol} (largest difference {worst})", name=self.name,
                       against=self.against, cases=self.cases, steps=self.steps,
                       rtol=f"{RTOL:g}", worst=f"{float(np.max(self.diff, initial=0.0)):.3g}")
        assert self.failure is not None
        text = msg("{name} differs from {against} at {where}", name=self.name,
                   against=self.against, where=self.failure.describe())
        if self.diagnosis:
            text = msg("{text}\nlikely cause: {cause}", text=text, cause=self.diagnosis)
        return text


def cases() -> list[Case]:
    """The starts the check runs from (deterministic)."""
    out = []
    for name in SURFACE_NAMES:
        s = SURFACES[name]
        xmin, xmax, ymin, ymax = s.domain
        m = s.minima[0]
        out.append(Case(name, np.array(s.start, dtype=np.float64), "its start"))
        out.append(Case(name, np.array([m.x + 1e-3, m.y - 2e-3]), "next to a minimum"))
        out.append(Case(name, np.array([xmin + 0.7 * (xmax - xmin), ymin + 0.3 * (ymax - ymin)]),
                        "another start"))
    s = SURFACES[BATCH_SURFACE]
    xmin, xmax, ymin, ymax = s.domain
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, 4), np.linspace(ymin, ymax, 3))
    near = [(m.x + d, m.y - d) for m in s.minima for d in (1e-5, 1e-2)]
    batch = np.vstack([np.column_stack([gx.ravel(), gy.ravel()]), np.array(near)])
    out.append(Case(BATCH_SURFACE, batch, f"a batch of {len(batch)} particles"))
    return out


def resolve_hparams(student: Mapping[str, Any], reference: tuple[HParam, ...],
                    overrides: Mapping[str, str | float]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The student's and the reference's hyper-parameters.

    The student's defaults, with the reference's value for every name both have,
    then ``overrides`` (given to both where they know the name).  ``ValueError``
    for an override neither knows.
    """
    ref_table = {p.name: p for p in reference}
    stu_table = {p.name: p for p in hparam_table(student)}
    ref_values = {p.name: p.default for p in reference}
    for key, raw in overrides.items():
        if key not in ref_table and key not in stu_table:
            raise ValueError(msg("unknown hyper-parameter '{key}'; known: {known}", key=key,
                                 known=", ".join(sorted({*ref_table, *stu_table}))))
        if key in ref_table:
            ref_values[key] = ref_table[key].validate(raw)
    stu_values: dict[str, Any] = {}
    for key, default in student.items():
        if key in overrides:
            stu_values[key] = stu_table[key].validate(overrides[key])
        elif key in ref_values:
            stu_values[key] = ref_values[key]
        else:
            stu_values[key] = default
        if isinstance(default, float) and not isinstance(stu_values[key], bool):
            stu_values[key] = float(stu_values[key])
    return stu_values, ref_values


def _reference_run(against: str, values: dict[str, Any], case: Case, steps: int
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The reference's params after each step, the gradients it saw, the Hessians."""
    surface = SURFACES[case.surface]
    opt = get_spec(against).create(**values)
    p = case.start.copy()
    state = opt.init(p, batched=p.ndim == 2)
    params, grads, hessians = [], [], []
    for _ in range(steps):
        with np.errstate(all="ignore"):
            g = surface.grad_at(p)
            h = surface.hessian_at(p)
        grads.append(g)
        hessians.append(h)
        opt.step(p, g, state, hessian=h if opt.needs_hessian else None)
        params.append(p.copy())
    return np.array(params), np.array(grads), np.array(hessians)


def _quantity(case: Case, index: tuple[int, ...]) -> str:
    coord = "xy"[index[-1]]
    if len(index) == 2:
        return msg("particle {n}, {coord}", n=index[0] + 1, coord=coord)
    return coord


def _first_difference(student: np.ndarray, reference: np.ndarray) -> tuple[int, tuple] | None:
    with np.errstate(all="ignore"):
        bad = ~(np.abs(student - reference) <= RTOL * np.maximum(1.0, np.abs(reference)))
    if not bad.any():
        return None
    step = int(np.argmax(bad.reshape(len(bad), -1).any(axis=1)))
    index = tuple(int(i) for i in np.argwhere(bad[step])[0])
    return step, index


def _relative(student: np.ndarray, reference: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        d = np.abs(student - reference) / np.maximum(1.0, np.abs(reference))
    d = np.where(np.isfinite(d), d, np.inf)
    return d.reshape(len(d), -1).max(axis=1)


def check_plugin(path: str | os.PathLike[str], against: str,
                 overrides: Mapping[str, str | float] | None = None, *, steps: int = STEPS,
                 limits: Limits = LIMITS, process: PluginProcess | None = None,
                 progress: Callable[[int, int], None] | None = None) -> CheckResult:
    """Compare the student's file ``path`` with the built-in ``against``.

    ``PluginError`` if the file cannot even be loaded; an error while stepping
    is reported in :attr:`CheckResult.error` (the check failed).  ``progress(i, n)``
    is called after each case (a GUI's progress bar, a worker's checkpoint).
    """
    spec = get_spec(against)
    own = process is None
    proc = process if process is not None else PluginProcess(path, limits)
    try:
        info = proc.start()
        stu_values, ref_values = resolve_hparams(info.hparams, spec.hparams, overrides or {})
        all_cases = cases()
        result = CheckResult(info.name, against, stu_values, steps, len(all_cases),
                             np.zeros(steps))
        failures: list[tuple[int, int, Failure]] = []
        runs: list[tuple[Case, np.ndarray, np.ndarray, np.ndarray]] = []
        for i, case in enumerate(all_cases):
            ref, grads, hessians = _reference_run(against, ref_values, case, steps)
            try:
                handle = proc.new_state(case.start)
                got = np.array(proc.run(handle, case.start, grads, stu_values,
                                        hessians if info.hessian else None))
                proc.free(handle)
            except PluginError as exc:
                result.error = msg("{name} failed on {surface} ({case}): {error}",
                                   name=info.name, surface=case.surface, case=case.label,
                                   error=str(exc))
                result.diff[:] = np.inf
                return result
            result.diff = np.maximum(result.diff, _relative(got, ref))
            first = _first_difference(got, ref)
            if first is not None:
                step, index = first
                failures.append((step, i, Failure(
                    step + 1, case.surface, case.label, _quantity(case, index),
                    float(got[step][index]), float(ref[step][index]))))
            runs.append((case, grads, got, ref))
            if progress is not None:
                progress(i + 1, len(all_cases))
        if failures:
            result.failure = min(failures, key=lambda f: (f[0], f[1]))[2]
            result.diagnosis = _diagnose(against, stu_values, ref_values, runs)
        return result
    finally:
        if own:
            proc.close()


def _diagnose(against: str, stu_values: dict[str, Any], ref_values: dict[str, Any],
              runs: list[tuple[Case, np.ndarray, np.ndarray, np.ndarray]]) -> str | None:
    hp = {**ref_values, **stu_values}
    for cause, variant in variants(against):
        ok = True
        for case, grads, got, _ in runs:
            with np.errstate(all="ignore"):
                expected = np.array(variant(case.start, grads, hp))
            if _first_difference(got, expected) is not None:
                ok = False
                break
        if ok:
            return cause
    return None


def parse_overrides(text: str | None) -> dict[str, str]:
    """``"lr=0.1,eps=1e-6"`` -> ``{"lr": "0.1", "eps": "1e-6"}`` (validated later)."""
    out: dict[str, str] = {}
    if not text or not text.strip():
        return out
    for item in text.split(","):
        key, eq, raw = item.partition("=")
        key = key.strip()
        if not eq or not key:
            raise ValueError(msg("expected key=value in --hparams, got '{item}'", item=item))
        if key in out:
            raise ValueError(msg("{key} is given twice in --hparams", key=key))
        out[key] = raw.strip()
    return out

