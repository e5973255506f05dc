"""What a sweep or a basin map computes: plain data, split into picklable chunks.

A :class:`SweepPlan` is one optimizer on one surface from one start, over a grid
of one or two hyper-parameters (:class:`Axis`); a :class:`BasinPlan` is one
optimizer from a grid of starts.  Cells are numbered row-major: ``x`` varies
fastest, so cell ``i`` is at ``(i % nx, i // nx)``.  A :class:`Chunk` is a
contiguous range of cells; it carries everything a worker process (or a Dask
worker) needs, by value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.checks import clip
from engine.messages import msg
from engine.optimizers import get_spec

#: Largest number of cells one sweep or basin map may have.
MAX_CELLS = 4_000_000
#: Largest step count of one run.
MAX_STEPS = 1_000_000
#: Cells per chunk: 8192 particles (16 384 numbers) stay in the L2 cache while stepping.
CHUNK = 8192


@dataclass(frozen=True)
class Axis:
    """``count`` values of ``name`` from ``low`` to ``high``, linear or logarithmic."""

    name: str
    low: float
    high: float
    count: int
    log: bool = False

    def values(self) -> np.ndarray:
        if self.count == 1:
            return np.array([self.low])
        if self.log:
            return np.geomspace(self.low, self.high, self.count)
        return np.linspace(self.low, self.high, self.count)

    def text(self) -> str:
        return f"{self.name}={self.low:g}:{self.high:g}:{self.count}" + (":log" if self.log else "")


def parse_axis(text: str, optimizer: str) -> Axis:
    """``"lr=1e-4:1:64:log"`` checked against ``optimizer``'s hyper-parameter table."""
    name, eq, rest = text.partition("=")
    name = name.strip()
    parts = [p.strip() for p in rest.split(":")]
    if not eq or len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] not in ("log", "lin")):
        raise ValueError(msg("a swept parameter is PARAM=LOW:HIGH:COUNT[:log], got '{value}'",
                             value=clip(text)))
    spec = get_spec(optimizer)
    table = {p.name: p for p in spec.hparams}
    if name not in table:
        raise ValueError(msg("unknown hyper-parameter '{key}' for {optimizer}; known: {known}",
                             key=clip(name), optimizer=spec.name, known=", ".join(table)))
    param = table[name]
    if param.kind != "float":
        raise ValueError(msg("{name} cannot be swept: only real-valued hyper-parameters can",
                             name=name))
    low, high = (float(param.validate(p)) for p in parts[:2])
    try:
        count = int(parts[2])
    except ValueError:
        raise ValueError(msg("count must be a whole number, got '{value}'",
                             value=clip(parts[2]))) from None
    if count < 1:
        raise ValueError(msg("count must be at least 1, got {value}", value=count))
    log = len(parts) == 4 and parts[3] == "log"
    if log and low <= 0:
        raise ValueError(msg("a log range needs LOW > 0, got {value}", value=f"{low:g}"))
    return Axis(name, low, high, count, log)


def check_total(cells: int, steps: int) -> None:
    if cells > MAX_CELLS:
        raise ValueError(msg("{n} cells is too many (at most {max})", n=cells, max=MAX_CELLS))
    if not 1 <= steps <= MAX_STEPS:
        raise ValueError(msg("steps must be in [1, {max}], got {value}", max=MAX_STEPS,
                             value=steps))


@dataclass(frozen=True)
class Chunk:
    """Cells ``[lo, hi)`` of a plan, with their starts and per-row values (by value)."""

    lo: int
    hi: int
    surface: str
    domain: tuple[float, float, float, float] | None
    optimizer: str
    values: dict[str, Any]
    rows: dict[str, np.ndarray]
    starts: np.ndarray
    steps: int
    x_tol: float
    grad_tol: float
    bound: float


@dataclass(frozen=True)
class SweepPlan:
    """A heatmap over one or two hyper-parameters of ``optimizer``."""

    surface: str
    start: tuple[float, float]
    optimizer: str
    values: dict[str, Any]
    x: Axis
    y: Axis | None
    steps: int
    x_tol: float = 1e-3
    grad_tol: float = 1e-8
    bound: float = 1e6
    domain: tuple[float, float, float, float] | None = None

    def __post_init__(self) -> None:
        if self.y is not None and self.y.name == self.x.name:
            raise ValueError(msg("the two swept parameters must differ, got {name} twice",
                                 name=self.x.name))
        fixed = {self.x.name} | ({self.y.name} if self.y else set())
        clash = sorted(fixed & set(self.values))
        if clash:
            raise ValueError(msg("{name} is swept and also given a fixed value", name=clash[0]))
        get_spec(self.optimizer).create(**self.values)
        check_total(self.cells, self.steps)

    @property
    def shape(self) -> tuple[int, int]:
        """``(ny, nx)``: the heatmap's rows and columns."""
        return (self.y.count if self.y else 1, self.x.count)

    @property
    def cells(self) -> int:
        return self.shape[0] * self.shape[1]

    @property
    def names(self) -> list[str]:
        return [self.x.name] + ([self.y.name] if self.y else [])

    def row_values(self, lo: int, hi: int) -> dict[str, np.ndarray]:
        """The swept values of cells ``[lo, hi)``."""
        idx = np.arange(lo, hi)
        nx = self.x.count
        out = {self.x.name: self.x.values()[idx % nx]}
        if self.y is not None:
            out[self.y.name] = self.y.values()[idx // nx]
        return out

    def chunks(self, size: int | None = None) -> list[Chunk]:
        size = size or CHUNK
        out = []
        for lo in range(0, self.cells, size):
            hi = min(lo + size, self.cells)
            out.append(Chunk(lo, hi, self.surface, self.domain, self.optimizer, dict(self.values),
                             self.row_values(lo, hi), np.tile(self.start, (hi - lo, 1)),
                             self.steps, self.x_tol, self.grad_tol, self.bound))
        return out


@dataclass(frozen=True)
class BasinPlan:
    """A grid of ``nx`` x ``ny`` starts over ``domain``, each run with one optimizer."""

    surface: str
    optimizer: str
    values: dict[str, Any]
    nx: int
    ny: int
    domain: tuple[float, float, float, float]
    steps: int
    x_tol: float = 1e-3
    grad_tol: float = 1e-8
    bound: float = 1e6
    formula_domain: tuple[float, float, float, float] | None = field(default=None)

    def __post_init__(self) -> None:
        if self.nx < 1 or self.ny < 1:
            raise ValueError(msg("count must be at least 1, got {value}",
                                 value=min(self.nx, self.ny)))
        x0, x1, y0, y1 = self.domain
        if not (all(map(math.isfinite, self.domain)) and x0 < x1 and y0 < y1):
            raise ValueError(msg("domain must satisfy xmin < xmax and ymin < ymax"))
        get_spec(self.optimizer).create(**self.values)
        check_total(self.cells, self.steps)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.ny, self.nx)

    @property
    def cells(self) -> int:
        return self.nx * self.ny

    def starts(self, lo: int, hi: int) -> np.ndarray:
        """Cell centres of the grid, row-major (x fastest), for cells ``[lo, hi)``."""
        x0, x1, y0, y1 = self.domain
        xs = x0 + (np.arange(self.nx) + 0.5) * (x1 - x0) / self.nx
        ys = y0 + (np.arange(self.ny) + 0.5) * (y1 - y0) / self.ny
        idx = np.arange(lo, hi)
        return np.stack([xs[idx % self.nx], ys[idx // self.nx]], axis=1)

    def chunks(self, size: int | None = None) -> list[Chunk]:
        size = size or CHUNK
        out = []
        for lo in range(0, self.cells, size):
            hi = min(lo + size, self.cells)
            out.append(Chunk(lo, hi, self.surface, self.formula_domain, self.optimizer,
                             dict(self.values), {}, self.starts(lo, hi), self.steps,
                             self.x_tol, self.grad_tol, self.bound))
        return out
