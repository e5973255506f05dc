"""The race core: one surface, several racers, stepped together and recorded.

A :class:`RaceConfig` is plain data (JSON round-trips through ``to_dict`` /
``from_dict``); a :class:`Race` is the running simulation built from it.  The
race is deterministic: the same config stepped ``k`` times always gives the same
trajectories, gradient noise included (each racer draws from its own seeded
stream, so adding a racer does not change the others).

Racer status:

``running``
    still moving.
``converged``
    at step ``converged_at`` it first came within ``x_tol`` of a known minimum,
    or its gradient norm fell below ``grad_tol`` at a local minimum; it keeps
    moving (the race runs every racer for the same number of steps) but its rank
    is fixed.  ``at_minimum`` tells the two apart: a racer whose gradient vanished
    at a local minimum far from every known global minimum converged, but did not
    win, and ranks by its loss among the running racers.
``saddle``
    its gradient norm is below ``grad_tol`` at a point that is not a local minimum
    (:meth:`Surface.is_saddle`: a negative Hessian eigenvalue, or a lower point
    close by where the Hessian is degenerate).  It is never ranked as converged,
    and a racer that leaves the saddle (noise, momentum) is ``running`` again;
    ``saddle_spans`` records every stay as ``[first step, step it left or None]``.
``diverged``
    at step ``diverged_at`` the update left the finite world (non-finite value
    or gradient, or a coordinate beyond ``bound``); the racer stays at its last
    finite point and takes no further steps.  No NaN or inf is ever recorded.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from engine.checks import clip, describe, line, numbers_of, real, whole
from engine.formula_syntax import MAX_LENGTH
from engine.messages import msg
from engine.optimizers import (
    Optimizer,
    OptimizerSpec,
    State,
    copy_state,
    create,
    get_spec,
    spec_string,
)
from engine.schedules import Schedule
from engine.surface import Minimum, Surface

RUNNING, CONVERGED, DIVERGED, SADDLE = "running", "converged", "diverged", "saddle"
#: One recorded row of a trajectory: ``(step, x, y, loss, grad_norm, step_len)``.
Row = tuple[int, float, float, float, float, float]


def resolve_surface(text: str, domain: tuple[float, float, float, float] | None = None) -> Surface:
    """A catalogue surface by name, or else a custom formula (``FormulaError`` if bad)."""
    from engine.surfaces import SURFACES

    key = text.strip()
    if key in SURFACES:
        return SURFACES[key]
    from engine.formula import parse_formula

    if domain is None:
        return parse_formula(key)
    return parse_formula(key, domain=domain)


def surface_for(config: RaceConfig) -> Surface:
    """The surface of ``config``, with the minima the config declares (formula surfaces)."""
    surface = resolve_surface(config.surface, config.domain)
    if config.minima is not None:
        surface = replace(surface, minima=tuple(Minimum(*m) for m in config.minima))
    return surface


#: Longest racer label (a name in the legend and the leaderboard).
MAX_LABEL = 200
#: Largest coordinate of a start, a domain or a minimum in a configuration.
COORD_LIMIT = 1e9
#: Most known minima a formula surface may declare.
MAX_MINIMA = 64
#: Seeds are non-negative 63-bit integers (what every numpy generator accepts).
SEED_LIMIT = 2**63


def _point(value: Any, what: str) -> tuple[float, float]:
    x, y = numbers_of(value, what, 2, limit=COORD_LIMIT)
    return x, y


def _text_keys(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(msg("{name} must be an object, got {value}", name=what,
                             value=describe(value)))
    for key in value:
        if not isinstance(key, str):
            raise ValueError(msg("{name} must have text keys, got {value}", name=what,
                                 value=describe(key)))
    return value


def _known_keys(spec: OptimizerSpec, values: dict[str, Any]) -> dict[str, Any]:
    names = [p.name for p in spec.hparams]
    unknown = sorted(set(values) - set(names))
    if unknown:
        raise ValueError(msg("unknown hyper-parameter '{key}' for {optimizer}; known: {known}",
                             key=clip(unknown[0]), optimizer=spec.name, known=", ".join(names)))
    return values


@dataclass
class RacerConfig:
    """One racer: an optimizer with its hyper-parameters, an optional own start.

    Everything is validated on construction (``ValueError`` naming the bad value):
    the values against the optimizer's hyper-parameter table, the label is one
    line of at most :data:`MAX_LABEL` characters, the start two finite numbers.
    """

    optimizer: str
    values: dict[str, Any] = field(default_factory=dict)
    label: str | None = None
    start: tuple[float, float] | None = None
    schedule: Schedule = field(default_factory=Schedule)

    def __post_init__(self) -> None:
        spec = get_spec(self.optimizer)  # the name must be text and registered
        _known_keys(spec, _text_keys(self.values, "racer values"))
        spec.create(**self.values)  # validates, names the bad value
        if self.label is not None:
            self.label = line(self.label, "label", limit=MAX_LABEL)
        if self.start is not None:
            self.start = _point(self.start, "racer start")
        if not isinstance(self.schedule, Schedule):
            raise ValueError(msg("schedule must be a Schedule, got {value}",
                                 value=describe(self.schedule)))

    @property
    def spec(self) -> str:
        """The ``name:key=value`` spec string of this racer."""
        return spec_string(self.optimizer, self.values)

    @property
    def name(self) -> str:
        return self.label or self.spec

    def build(self) -> Optimizer:
        return create(self.optimizer, **self.values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "optimizer": self.optimizer,
            "values": dict(self.values),
            "label": self.label,
            "start": None if self.start is None else list(self.start),
            "schedule": self.schedule.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Any) -> RacerConfig:
        """A racer from parsed JSON; ``ValueError`` for any wrong type, value or shape.

        The values are checked against the optimizer's table and stored as the
        numbers and booleans it accepted (``"0.1"`` or ``1`` become ``0.1`` and ``1.0``).
        """
        if not isinstance(data, dict) or "optimizer" not in data:
            raise ValueError(msg("a racer must be an object with an 'optimizer', got {value}",
                                 value=describe(data)))
        spec = get_spec(data["optimizer"])
        raw = data.get("values")
        values = _known_keys(spec, _text_keys({} if raw is None else raw, "racer values"))
        table = {p.name: p for p in spec.hparams}
        return cls(
            optimizer=spec.name,
            values={k: table[k].validate(v) for k, v in values.items()},
            label=data.get("label"),
            start=data.get("start"),
            schedule=Schedule.from_dict(data.get("schedule")),
        )


@dataclass
class RaceConfig:
    """Everything that defines a race: surface, start, racers, noise and tolerances.

    Validated on construction (``ValueError`` naming the bad value): the surface
    is text (a catalogue name or a formula, resolved by :func:`surface_for`),
    numbers are finite and in range, coordinates within :data:`COORD_LIMIT`, the
    seed in ``[0, 2**63)``.
    """

    surface: str = "ravine"
    start: tuple[float, float] | None = None
    racers: list[RacerConfig] = field(default_factory=list)
    noise_sigma: float = 0.0
    seed: int = 0
    x_tol: float = 1e-3
    grad_tol: float = 1e-8
    bound: float = 1e6
    domain: tuple[float, float, float, float] | None = None
    #: Known global minima ``(x, y, f)`` of a formula surface (the parser cannot know them).
    minima: tuple[tuple[float, float, float], ...] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.surface, str):
            raise ValueError(msg("surface must be a name or a formula, got {value}",
                                 value=describe(self.surface)))
        if len(self.surface.strip()) > MAX_LENGTH:  # the formula parser's own limit
            raise ValueError(msg("formula is too long ({n} characters, at most {max})",
                                 n=len(self.surface.strip()), max=MAX_LENGTH))
        if not isinstance(self.racers, list) or not all(
                isinstance(r, RacerConfig) for r in self.racers):
            raise ValueError(msg("racers must be a list"))
        if self.start is not None:
            self.start = _point(self.start, "start")
        for name in ("noise_sigma", "x_tol", "grad_tol"):
            setattr(self, name, real(getattr(self, name), name, low=0.0))
        self.bound = real(self.bound, "bound", low=0.0, low_open=True)
        self.seed = whole(self.seed, "seed", low=0, high=SEED_LIMIT, high_open=True)
        if self.domain is not None:
            d = numbers_of(self.domain, "domain", 4, limit=COORD_LIMIT)
            if not (d[0] < d[1] and d[2] < d[3]):
                raise ValueError(msg("domain must satisfy xmin < xmax and ymin < ymax"))
            self.domain = d  # type: ignore[assignment]
        if self.minima is not None:
            if (isinstance(self.minima, str | bytes) or not isinstance(self.minima, list | tuple)
                    or len(self.minima) > MAX_MINIMA):
                raise ValueError(msg("minima must be at most {max} (x, y, f) triples, got "
                                     "{value}", max=MAX_MINIMA, value=describe(self.minima)))
            minima = []
            for m in self.minima:
                x, y, f = numbers_of(m, "minimum", 3, limit=sys.float_info.max)
                minima.append((*_point((x, y), "minimum"), f))
            self.minima = tuple(minima)

    def to_dict(self) -> dict[str, Any]:
        return {
            "surface": self.surface,
            "start": None if self.start is None else list(self.start),
            "racers": [r.to_dict() for r in self.racers],
            "noise_sigma": self.noise_sigma,
            "seed": self.seed,
            "x_tol": self.x_tol,
            "grad_tol": self.grad_tol,
            "bound": self.bound,
            "domain": None if self.domain is None else list(self.domain),
            "minima": None if self.minima is None else [list(m) for m in self.minima],
        }

    @classmethod
    def from_dict(cls, data: Any, *, max_racers: int | None = None) -> RaceConfig:
        """A race from parsed JSON; ``ValueError`` for any wrong type, value or shape.

        A racer's error is prefixed with its number (``racer 2: lr must be finite, ...``).
        ``max_racers`` refuses longer racer lists before building any racer.
        """
        if not isinstance(data, dict):
            raise ValueError(msg("a race must be a JSON object"))
        racers = data.get("racers", [])
        if not isinstance(racers, list):
            raise ValueError(msg("racers must be a list"))
        if max_racers is not None and len(racers) > max_racers:
            raise ValueError(msg("a race has at most {max} racers, got {n}",
                                 max=max_racers, n=len(racers)))
        kwargs = {k: data[k] for k in ("surface", "start", "noise_sigma", "seed", "x_tol",
                                       "grad_tol", "bound", "domain", "minima")
                  if data.get(k) is not None}
        built = []
        for i, r in enumerate(racers, 1):
            try:
                built.append(RacerConfig.from_dict(r))
            except ValueError as exc:
                raise ValueError(msg("racer {n}: {detail}", n=i, detail=exc)) from None
        return cls(racers=built, **kwargs)


def rank_key(status: str, at: int | None, loss: float, at_minimum: bool = True) -> tuple:
    """Sort key of the leaderboard: the one ranking rule of the race and the window.

    Converged at a known minimum first (earliest first), then every racer still in
    the game by loss (running, or stuck at a local minimum or saddle), then the
    diverged ones (latest divergence first).
    """
    if status == CONVERGED and at_minimum:
        return (0, at if at is not None else 0, loss)
    if status in (RUNNING, CONVERGED):
        return (1, 0, loss)
    return (2, -(at or 0), 0.0)


class Trajectory:
    """Growable, bounded record of one racer: step, x, y, loss, |∇f|, step length.

    Memory is bounded by ``max_points`` rows: when full, every other row is
    dropped (the first and the latest are always kept), so a very long race
    keeps its whole shape at a coarser resolution.
    """

    FIELDS = ("step", "x", "y", "loss", "grad_norm", "step_len")

    def __init__(self, max_points: int = 200_000) -> None:
        if max_points < 4:
            raise ValueError(msg("max_points must be at least 4, got {max_points}",
                                 max_points=max_points))
        self.max_points = max_points
        self._data = np.empty((min(1024, max_points), len(self.FIELDS)))
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, step: int, x: float, y: float, loss: float, gnorm: float, slen: float) -> None:
        if self._n == len(self._data):
            if self._n >= self.max_points:
                keep = np.r_[0 : self._n - 1 : 2, self._n - 1]
                kept = self._data[keep]
                self._data[: len(kept)] = kept
                self._n = len(kept)
            else:
                grown = np.empty((min(2 * len(self._data), self.max_points), len(self.FIELDS)))
                grown[: self._n] = self._data[: self._n]
                self._data = grown
        self._data[self._n] = (step, x, y, loss, gnorm, slen)
        self._n += 1

    def column(self, name: str) -> np.ndarray:
        """A read-only view of one field over the recorded rows."""
        view = self._data[: self._n, self.FIELDS.index(name)]
        view.flags.writeable = False
        return view

    @property
    def steps(self) -> np.ndarray:
        return self.column("step").astype(np.int64)

    def last(self) -> Row:
        """The latest row: ``(step, x, y, loss, grad_norm, step_len)``."""
        step, x, y, loss, gnorm, slen = self._data[self._n - 1].tolist()
        return int(step), x, y, loss, gnorm, slen

    @property
    def positions(self) -> np.ndarray:
        """``(n, 2)`` array of recorded positions."""
        return self._data[: self._n, 1:3].copy()

    def truncate(self, step: int) -> None:
        """Forget every row after ``step``."""
        self._n = int(np.searchsorted(self._data[: self._n, 0], step, side="right"))


class Racer:
    """One optimizer moving on the race's surface (state lives here, not in a widget)."""

    def __init__(self, index: int, config: RacerConfig, race: Race) -> None:
        self.index = index
        self.config = config
        self.optimizer = config.build()
        start = config.start if config.start is not None else race.start
        self.start = np.array(start, dtype=np.float64)
        self.position = self.start.copy()
        self.state: State = self.optimizer.init(self.position)
        self.status = RUNNING
        self.converged_at: int | None = None
        self.at_minimum = False  # converged within x_tol of a known global minimum
        self.diverged_at: int | None = None
        #: Stays at a saddle point: ``[first step, step it left (None while there)]``.
        self.saddle_spans: list[list[int | None]] = []
        self.steps = 0
        self.lr = float(self.optimizer.config.get("lr", 0.0))
        self.base_lr = self.lr  # the configured rate, which schedules scale
        self.last_grad = np.zeros(2)
        self.last_update = np.zeros(2)
        self.trajectory = Trajectory(race.max_points)
        self._seed = (race.config.seed, index)
        self._rng: np.random.Generator | None = None  # made on the first noisy step
        #: ``(position, surface, gradient there)`` from the last step, so the next
        #: step does not compute the same gradient again
        self._grad_here: tuple[np.ndarray, Surface, np.ndarray] | None = None

    @property
    def rng(self) -> np.random.Generator:
        """This racer's own seeded noise stream (created when first needed: importing
        ``numpy.random`` costs a noticeable part of the app's start-up)."""
        if self._rng is None:
            self._rng = np.random.default_rng(list(self._seed))
        return self._rng

    @property
    def name(self) -> str:
        return self.config.name

    def saddle_since(self, step: int) -> int | None:
        """The step this racer reached the saddle it sits on at ``step``, or None."""
        for first, left in self.saddle_spans:
            if first is not None and first <= step and (left is None or step < left):
                return first
        return None

    @property
    def loss(self) -> float:
        return float(self.trajectory.column("loss")[-1])

    def snapshot(self) -> dict[str, Any]:
        """Live values for an "inside the optimizer" view (copies)."""
        return {
            "step": self.steps,
            "lr": self.lr,
            "position": self.position.copy(),
            "grad": self.last_grad.copy(),
            "update": self.last_update.copy(),
            "state": copy_state(self.optimizer.describe_state(self.state)),
        }


class Race:
    """A running race built from a :class:`RaceConfig`."""

    def __init__(
        self, config: RaceConfig, surface: Surface | None = None, *, max_points: int = 200_000
    ) -> None:
        self.config = config
        self.surface = surface if surface is not None else surface_for(config)
        self.start = np.array(
            config.start if config.start is not None else self.surface.start, dtype=np.float64
        )
        self.max_points = max_points
        self.reset()

    def reset(self) -> None:
        """Back to step 0 with fresh optimizer states."""
        self.step_count = 0
        self.racers = [Racer(i, rc, self) for i, rc in enumerate(self.config.racers)]
        for racer in self.racers:
            self._record_start(racer)

    def _record_start(self, racer: Racer) -> None:
        p = racer.position
        with np.errstate(all="ignore"):
            loss = float(self.surface.value(p[0], p[1]))
            gnorm = float(np.hypot(*self.surface.grad_at(p)))
        if not (math.isfinite(loss) and math.isfinite(gnorm)):
            raise ValueError(
                msg("f is not defined (or not finite) at the start {point} of {racer}; choose "
                    "another start", point=f"({p[0]:g}, {p[1]:g})", racer=racer.name)
            )
        if float(np.max(np.abs(p))) > self.config.bound:
            raise ValueError(
                msg("start {point} is beyond the bound {bound}", point=f"({p[0]:g}, {p[1]:g})",
                    bound=f"{self.config.bound:g}")
            )
        racer.trajectory.append(0, p[0], p[1], loss, gnorm, 0.0)
        self._check_converged(racer, p, gnorm)

    def _check_converged(self, racer: Racer, p: np.ndarray, gnorm: float) -> None:
        if racer.converged_at is not None:
            return
        _, dist = self.surface.nearest_minimum(p)
        near = dist <= self.config.x_tol
        flat = gnorm <= self.config.grad_tol
        if racer.status == SADDLE:
            if flat and not near:
                return  # still on it
            racer.saddle_spans[-1][1] = racer.steps
            racer.status = RUNNING
        if flat and not near and self.surface.is_saddle(p):
            racer.status = SADDLE
            racer.saddle_spans.append([racer.steps, None])
        elif near or flat:
            racer.status, racer.converged_at = CONVERGED, racer.steps
            racer.at_minimum = near or not self.surface.minima

    def step(self, n: int = 1) -> None:
        """Advance every racer by ``n`` steps."""
        with np.errstate(all="ignore"):  # once, not per racer-step
            for _ in range(n):
                self.step_count += 1
                for racer in self.racers:
                    if racer.status != DIVERGED:
                        self._step_racer(racer)

    def stream(self, n: int) -> Iterator[tuple[Racer, Row]]:
        """Advance by ``n`` steps racer after racer, yielding each row as it is recorded.

        For each racer in turn: its current row (step :attr:`step_count`), then
        every row its ``n`` steps record (none after it diverges).  Racers never
        interact (each draws from its own noise stream), so the trajectories are
        exactly those of :meth:`step` ``(n)``; but a caller can write every row
        away at once, so a long race costs no more memory than ``max_points``
        rows per racer (how the command line streams CSV and JSON).
        :attr:`step_count` advances when the last racer is done; a stream
        abandoned half-way leaves the race inconsistent (call :meth:`reset`).
        """
        for racer in self.racers:
            yield racer, racer.trajectory.last()
            for _ in range(n):
                if racer.status == DIVERGED:
                    break
                with np.errstate(all="ignore"):  # not across the yield: the caller's own
                    stepped = self._step_racer(racer)
                if stepped:
                    yield racer, racer.trajectory.last()
        self.step_count += n

    def run_to(self, step: int) -> None:
        """Reset if needed, then step until ``step_count == step`` (deterministic replay)."""
        if step < self.step_count:
            self.reset()
        self.step(step - self.step_count)

    def _step_racer(self, racer: Racer) -> bool:
        """One step of ``racer``; False if it diverged (no row recorded).

        Called under ``np.errstate(all="ignore")``: a diverging racer overflows.
        """
        surf, cfg = self.surface, self.config
        p = racer.position
        here = racer._grad_here
        if here is not None and here[0] is p and here[1] is surf:
            grad = here[2]  # computed at the end of the previous step (never modified)
        else:
            grad = surf.grad_at(p)
        if cfg.noise_sigma > 0:
            grad = grad + cfg.noise_sigma * racer.rng.standard_normal(2)
        hess = surf.hessian_at(p) if racer.optimizer.needs_hessian else None
        lr = racer.config.schedule.lr(racer.base_lr, racer.steps + 1)
        new = p.copy()
        state_before = copy_state(racer.state)
        racer.optimizer.step(new, grad, racer.state, lr=lr, hessian=hess)
        loss = float(surf.value(new[0], new[1]))
        new_grad = surf.grad_at(new)
        gnorm = float(np.hypot(*new_grad))
        racer.steps += 1
        x, y = new.tolist()
        ok = (
            math.isfinite(x)
            and math.isfinite(y)
            and max(abs(x), abs(y)) <= cfg.bound
            and math.isfinite(loss)
            and math.isfinite(gnorm)
        )
        if not ok:
            racer.status, racer.diverged_at = DIVERGED, racer.steps
            racer.state = state_before
            return False
        racer.last_grad = grad
        racer.last_update = new - p
        racer.lr = lr
        racer.position = new
        racer._grad_here = (new, surf, new_grad)
        racer.trajectory.append(
            racer.steps, x, y, loss, gnorm, float(np.hypot(*racer.last_update))
        )
        self._check_converged(racer, new, gnorm)
        return True

    # -- results -----------------------------------------------------------
    def leaderboard(self) -> list[Racer]:
        """Racers ranked by :func:`rank_key` at the simulation head."""
        return sorted(
            self.racers,
            key=lambda r: rank_key(r.status, r.converged_at if r.status == CONVERGED
                                   else r.diverged_at, r.loss, r.at_minimum),
        )

    def summary(self) -> list[dict[str, Any]]:
        """One JSON-ready row per racer."""
        rows = []
        for r in self.racers:
            m, dist = self.surface.nearest_minimum(r.position)
            rows.append(
                {
                    "optimizer": r.name,
                    "status": r.status,
                    "converged_at": r.converged_at,
                    "at_minimum": r.at_minimum,
                    "diverged_at": r.diverged_at,
                    "saddle_at": r.saddle_since(r.steps),
                    "steps": r.steps,
                    "x": float(r.position[0]),
                    "y": float(r.position[1]),
                    "loss": r.loss,
                    "distance_to_minimum": None if m is None else dist,
                }
            )
        return rows
