"""N independent runs of one optimizer as one array of particles ``(N, 2)``.

Every row is a full race of one racer: its own start and its own values of the
swept hyper-parameters (per-row columns, see ``Optimizer.with_rows``).  Rows step
exactly as the same racer alone in :class:`engine.race.Race` (same gradient,
same update, same stopping rules), so a cell of a heatmap or a basin map is the
race a teacher gets by clicking it.

Statuses follow the race: ``converged`` when a row first comes within ``x_tol``
of a known minimum or its gradient norm falls to ``grad_tol`` (and it does not
diverge later), ``diverged`` at the step that leaves the finite world or the
bound (the row then stays at its last finite point), else ``running``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.messages import msg
from engine.optimizers import Optimizer, get_spec
from engine.surface import Surface

RUNNING, CONVERGED, DIVERGED = 0, 1, 2
#: Status codes in the order of their names (the race's words).
STATUS_NAMES = ("running", "converged", "diverged")


@dataclass
class BatchResult:
    """Per-row outcome of a batch (arrays of length N)."""

    #: Last finite position, shape ``(N, 2)``.
    position: np.ndarray
    #: f at the last step (at the last finite point for diverged rows).
    final_loss: np.ndarray
    #: Lowest f met on the way (start included).
    best_loss: np.ndarray
    #: :data:`RUNNING`, :data:`CONVERGED` or :data:`DIVERGED`.
    status: np.ndarray
    #: Step at which the row converged or diverged, -1 while running.
    status_step: np.ndarray

    def __len__(self) -> int:
        return len(self.status)


def _groups(cls: type[Optimizer], rows: Mapping[str, np.ndarray], n: int) -> list[np.ndarray]:
    """Row indices that can share one optimizer object.

    Names the optimizer cannot vary per row, and whether a varying value is zero
    (zero switches a branch off, as ``weight_decay == 0``), split the rows.
    """
    keys = []
    for name, col in rows.items():
        keys.append(col if name not in cls.row_hparams else (col != 0).astype(np.float64))
    if not keys:
        return [np.arange(n)]
    stacked = np.stack(keys, axis=1)
    _, inverse = np.unique(stacked, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    return [np.flatnonzero(inverse == g) for g in range(int(inverse.max()) + 1)]


def run_batch(
    surface: Surface,
    optimizer: str,
    values: Mapping[str, Any],
    rows: Mapping[str, np.ndarray],
    starts: np.ndarray,
    steps: int,
    *,
    x_tol: float = 1e-3,
    grad_tol: float = 1e-8,
    bound: float = 1e6,
) -> BatchResult:
    """Run ``steps`` steps of ``optimizer`` from each row of ``starts`` (shape ``(N, 2)``).

    ``values`` are the fixed hyper-parameters, ``rows`` the per-row ones (each of
    length N).  ``ValueError`` for an unknown name or a value out of range.
    """
    spec = get_spec(optimizer)
    base = spec.create(**values)
    starts = np.array(starts, dtype=np.float64).reshape(-1, 2)
    n = len(starts)
    columns = {k: np.asarray(v, dtype=np.float64).reshape(-1) for k, v in rows.items()}
    for k, v in columns.items():
        if len(v) != n:
            raise ValueError(msg("{name} has {n} values for {count} starts", name=k, n=len(v),
                                 count=n))
    out = BatchResult(
        position=starts.copy(),
        final_loss=np.empty(n),
        best_loss=np.empty(n),
        status=np.zeros(n, dtype=np.int8),
        status_step=np.full(n, -1, dtype=np.int64),
    )
    cls = type(base)
    for idx in _groups(cls, columns, n):
        varying = {k: v[idx] for k, v in columns.items() if k in cls.row_hparams}
        fixed = {k: float(v[idx[0]]) for k, v in columns.items() if k not in cls.row_hparams}
        opt = spec.create(**{**values, **fixed}) if fixed else base
        if varying:
            opt = opt.with_rows(varying, width=2)
        part = _simulate(surface, opt, starts[idx], steps, x_tol, grad_tol, bound)
        out.position[idx] = part.position
        out.final_loss[idx] = part.final_loss
        out.best_loss[idx] = part.best_loss
        out.status[idx] = part.status
        out.status_step[idx] = part.status_step
    return out


def _near_minimum(surface: Surface, p: np.ndarray, x_tol: float) -> np.ndarray:
    near = np.zeros(len(p), dtype=bool)
    for m in surface.minima:
        near |= np.hypot(p[:, 0] - m.x, p[:, 1] - m.y) <= x_tol
    return near


def _simulate(surface: Surface, opt: Any, starts: np.ndarray, steps: int,
              x_tol: float, grad_tol: float, bound: float) -> BatchResult:
    n = len(starts)
    pos = starts.copy()
    status = np.zeros(n, dtype=np.int8)
    status_step = np.full(n, -1, dtype=np.int64)
    with np.errstate(all="ignore"):
        loss = surface.value(pos[:, 0], pos[:, 1])
        grad = surface.grad_at(pos)
        gnorm = np.hypot(grad[:, 0], grad[:, 1])
        best = loss.copy()
        conv = _near_minimum(surface, pos, x_tol) | (gnorm <= grad_tol)
        status[conv] = CONVERGED
        status_step[conv] = 0
        alive = np.ones(n, dtype=bool)
        running = bool((status == RUNNING).any())
        new = pos.copy()
        state = opt.init(new, batched=True)
        needs_hessian = opt.needs_hessian
        everyone = True  # no row has diverged yet: whole-array copies, no masks
        for k in range(1, steps + 1):
            hess = surface.hessian_at(new) if needs_hessian else None
            opt.step(new, grad, state, hessian=hess)
            loss_new = surface.value(new[:, 0], new[:, 1])
            grad = surface.grad_at(new)
            gnorm = np.hypot(grad[:, 0], grad[:, 1])
            # NaN fails every comparison, so this also tests that x and y are finite
            a = np.abs(new)
            ok = (a[:, 0] <= bound) & (a[:, 1] <= bound)
            ok &= np.isfinite(loss_new)
            ok &= np.isfinite(gnorm)
            if everyone and ok.all():
                np.copyto(pos, new)
                loss = loss_new
            else:
                gone = alive & ~ok
                if gone.any():
                    status[gone] = DIVERGED
                    status_step[gone] = k
                    alive &= ok
                    everyone = False
                bad = ~ok
                # a dead row stays at its last finite point (its state no longer matters)
                new[bad] = pos[bad]
                grad[bad] = 0.0
                loss_new[bad] = loss[bad]
                pos[alive] = new[alive]
                loss = np.where(alive, loss_new, loss)
            np.minimum(best, loss, out=best)
            if running:
                fresh = alive & (status == RUNNING)
                hit = fresh & (_near_minimum(surface, new, x_tol) | (gnorm <= grad_tol))
                if hit.any():
                    status[hit] = CONVERGED
                    status_step[hit] = k
                    running = bool((fresh & ~hit).any())
    return BatchResult(position=pos, final_loss=loss, best_loss=best, status=status,
                       status_step=status_step)
