"""Colouring sweep and basin results: pure numpy, no widgets.

A heatmap cell shows one metric (:data:`METRICS`) on a shared colour ramp;
diverged cells and cells not computed yet get their own colours.  A basin cell
shows the minimum it reached (one colour per minimum or endpoint cluster).
"""

from __future__ import annotations

import numpy as np

from engine.sweep.batch import CONVERGED, DIVERGED

#: Metric keys, in the order of the metric box.
METRICS = ("loss", "steps", "diverged_at")
#: RGBA of a diverged cell, of a cell not computed yet and of a start that reached no minimum.
DIVERGED_RGBA = (214, 39, 40, 255)
PENDING_RGBA = (0, 0, 0, 0)
NOWHERE_RGBA = (140, 140, 140, 255)
#: Basin colours (Tableau 10 without red, which marks divergence).
BASIN_COLORS = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (148, 103, 189),
                (140, 86, 75), (227, 119, 194), (188, 189, 34), (23, 190, 207))


def metric_values(metric: str, final_loss: np.ndarray, status: np.ndarray,
                  status_step: np.ndarray, fmin: float) -> np.ndarray:
    """The number a cell shows (NaN: no value, e.g. steps of a run that never converged).

    ``loss``: log10 of the final loss above f*; ``steps``: steps to converge;
    ``diverged_at``: the step at which the run diverged.
    """
    out = np.full(final_loss.shape, np.nan)
    if metric == "loss":
        ok = status != DIVERGED
        with np.errstate(all="ignore"):
            out[ok] = np.log10(np.maximum(final_loss[ok] - fmin, 1e-300))
    elif metric == "steps":
        ok = status == CONVERGED
        out[ok] = status_step[ok]
    else:
        ok = status == DIVERGED
        out[ok] = status_step[ok]
    return out


def colorize(values: np.ndarray, status: np.ndarray, done: np.ndarray, lut: np.ndarray,
             span: tuple[float, float] | None = None) -> np.ndarray:
    """RGBA ``(..., 4)`` uint8: ``values`` through ``lut`` (256 x 4), diverged and pending apart.

    ``span`` fixes the ends of the ramp (two maps on one scale); by default the
    finite values' range.
    """
    rgba = np.zeros((*values.shape, 4), dtype=np.uint8)
    finite = np.isfinite(values) & done
    if finite.any():
        lo, hi = span if span is not None else (float(values[finite].min()),
                                                float(values[finite].max()))
        t = (values[finite] - lo) / (hi - lo) if hi > lo else np.zeros(int(finite.sum()))
        rgba[finite] = lut[np.clip((t * 255).round(), 0, 255).astype(np.intp)]
    rgba[done & ~finite] = NOWHERE_RGBA
    rgba[done & (status == DIVERGED)] = DIVERGED_RGBA
    rgba[~done] = PENDING_RGBA
    return rgba


def basin_colors(which: np.ndarray, status: np.ndarray, done: np.ndarray,
                 alpha: int = 170) -> np.ndarray:
    """RGBA of a basin map: minimum ``k`` in colour ``k``, -1 grey, diverged red."""
    rgba = np.zeros((*which.shape, 4), dtype=np.uint8)
    palette = np.array([(*c, alpha) for c in BASIN_COLORS], dtype=np.uint8)
    found = done & (which >= 0)
    rgba[found] = palette[which[found] % len(palette)]
    rgba[done & (which < 0)] = (*NOWHERE_RGBA[:3], alpha)
    rgba[done & (status == DIVERGED)] = (*DIVERGED_RGBA[:3], alpha)
    return rgba


def fan_colors(n: int, lut: np.ndarray) -> list[str]:
    """``n`` colours ``#rrggbb`` along a sequential ramp (``lut``: 256 x 3 or 4), ends kept
    away from the extremes so both stay visible on the contour."""
    t = np.linspace(0.1, 0.9, n) if n > 1 else np.array([0.5])
    rows = lut[np.round(t * 255).astype(np.intp)]
    return ["#{:02x}{:02x}{:02x}".format(*(int(c) for c in row[:3])) for row in rows]
