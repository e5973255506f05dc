"""Which minimum each run reaches: the listed minima, or clusters of endpoints.

Surfaces list their global minima and, where they are few, their local ones
(``Surface.all_minima``: globals first).  An endpoint is assigned the listed
minimum within ``radius`` of it (-1 if none, or if the run diverged).  Where the
minima are too many to list (Rastrigin's grid of dimples), :func:`cluster`
groups the endpoints instead.
"""

from __future__ import annotations

import numpy as np

from engine.surface import Surface
from engine.sweep.batch import DIVERGED

#: Default distance within which an endpoint counts as having reached a minimum.
RADIUS = 1e-2


def assign_minima(surface: Surface, points: np.ndarray, status: np.ndarray,
                  radius: float = RADIUS) -> np.ndarray:
    """0-based index in ``surface.all_minima`` of the minimum each point reached, or -1."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    out = np.full(len(points), -1, dtype=np.int64)
    best = np.full(len(points), np.inf)
    for i, m in enumerate(surface.all_minima):
        d = np.hypot(points[:, 0] - m.x, points[:, 1] - m.y)
        closer = (d <= radius) & (d < best)
        out[closer] = i
        best[closer] = d[closer]
    out[np.asarray(status) == DIVERGED] = -1
    return out


def cluster(points: np.ndarray, radius: float, valid: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
    """Greedy clustering of endpoints: ``(labels, centres)``; label -1 where not ``valid``.

    Points are quantised to a grid of cell ``radius`` and neighbouring cells are
    merged into the first cluster met, so endpoints within about ``radius`` of
    each other share a label; clusters are numbered by size (largest first).
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    ok = np.ones(len(points), dtype=bool) if valid is None else np.asarray(valid, dtype=bool)
    ok &= np.isfinite(points).all(axis=1)
    labels = np.full(len(points), -1, dtype=np.int64)
    if not ok.any():
        return labels, np.zeros((0, 2))
    keys = np.floor(points[ok] / radius).astype(np.int64)
    cells, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    index = {tuple(c): i for i, c in enumerate(cells.tolist())}
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (cx, cy) in enumerate(cells.tolist()):
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                j = index.get((cx + dx, cy + dy))
                if j is not None:
                    a, b = root(i), root(j)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    roots = np.array([root(i) for i in range(len(cells))])[inverse]
    uniq, raw, counts = np.unique(roots, return_inverse=True, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    lab = rank[raw.reshape(-1)]
    labels[ok] = lab
    pts = points[ok]
    centres = np.array([pts[lab == k].mean(axis=0) for k in range(len(uniq))])
    return labels, centres
