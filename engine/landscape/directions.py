r"""Directions that span a slice through weight space, and paths projected onto it.

A slice is the plane :math:`\theta(a, b) = \theta_c + a\,d_1 + b\,d_2` through a
centre :math:`\theta_c` (flat parameter vectors laid out as :attr:`engine.mnist.mlp.MLP.flat`).

* :func:`filter_normalized` (Li, Xu, Taylor, Studer & Goldstein, *Visualizing the
  Loss Landscape of Neural Nets*, NeurIPS 2018, section 4): a Gaussian direction
  rescaled neuron by neuron, :math:`d_{:,j} \leftarrow d_{:,j}\,\lVert W_{:,j}\rVert
  / \lVert d_{:,j}\rVert`.  ``W`` is stored ``(fan_in, fan_out)``, so neuron
  ``j``'s incoming weights are the column ``W[:, j]``.  Bias directions are zero.
  The same seed gives the same directions.
* :func:`pca_directions` (Li et al., section 7): the first two principal
  components of the trajectories' snapshots taken relative to the centre,
  :math:`\theta_i - \theta_c`, with their explained variance ratios (as their
  code does with scikit-learn's ``PCA``: the differences are mean-centred, the
  axes are orthonormal).
* :func:`project` gives a path's plane coordinates: the least-squares
  :math:`(a, b)` of :math:`\theta - \theta_c` (for orthonormal PCA axes, the dot
  products), so the centre itself projects to exactly ``(0, 0)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.messages import msg

__all__ = ["filter_normalized", "pca_directions", "project", "random_directions",
           "weight_mask"]


def _views(flat: np.ndarray, shapes: Sequence[tuple[int, ...]]) -> list[np.ndarray]:
    out, offset = [], 0
    for shape in shapes:
        n = int(np.prod(shape))
        out.append(flat[offset : offset + n].reshape(shape))
        offset += n
    if offset != flat.size:
        raise ValueError(msg("a parameter vector of {size} values does not fit the network "
                             "({expected} parameters)", size=flat.size, expected=offset))
    return out


def weight_mask(shapes: Sequence[tuple[int, ...]]) -> np.ndarray:
    """True where the flat vector holds a weight (2-D tensor), False for biases."""
    return np.concatenate([np.full(int(np.prod(s)), len(s) == 2) for s in shapes])


def filter_normalized(center: np.ndarray, shapes: Sequence[tuple[int, ...]],
                      rng: np.random.Generator) -> np.ndarray:
    """One filter-normalised Gaussian direction for the network ``shapes`` at ``center``.

    Every column of every weight matrix of the result has the norm of the same
    column of ``center``; the bias entries are zero.
    """
    center = np.asarray(center)
    direction = np.zeros(center.size, dtype=center.dtype)
    for d, w in zip(_views(direction, shapes), _views(center, shapes), strict=True):
        if d.ndim != 2:
            continue  # biases: zero (Li et al.'s "biasbn" choice)
        d[...] = rng.standard_normal(d.shape, dtype=np.float64)
        d_norm = np.linalg.norm(d.astype(np.float64), axis=0)
        w_norm = np.linalg.norm(w.astype(np.float64), axis=0)
        scale = np.divide(w_norm, d_norm, out=np.zeros_like(w_norm), where=d_norm > 0)
        d *= scale.astype(d.dtype)
    return direction


def random_directions(center: np.ndarray, shapes: Sequence[tuple[int, ...]], seed: int,
                      count: int = 2) -> np.ndarray:
    """``count`` filter-normalised directions drawn from ``seed``; shape ``(count, P)``."""
    if int(seed) != seed or seed < 0:
        raise ValueError(msg("seed must be a whole number >= 0, got {value}", value=seed))
    rng = np.random.default_rng(int(seed))
    return np.stack([filter_normalized(center, shapes, rng) for _ in range(count)])


def pca_directions(snapshots: np.ndarray, center: np.ndarray,
                   count: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """The first ``count`` principal axes of ``snapshots - center`` and their explained variance.

    ``snapshots`` is ``(N, P)``: every optimizer's snapshots stacked.  Returns the
    axes ``(count, P)`` (orthonormal, float64) and the explained variance ratio
    of each (they sum to at most 1).  The sign of each axis is fixed so that
    its largest entry is positive (deterministic output).
    """
    snapshots = np.asarray(snapshots)
    if snapshots.ndim != 2 or len(snapshots) < count + 1:
        raise ValueError(msg("PCA directions need at least {n} weight snapshots, got {got}",
                             n=count + 1, got=len(snapshots) if snapshots.ndim == 2 else 0))
    diffs = snapshots.astype(np.float64) - np.asarray(center, np.float64)
    diffs -= diffs.mean(axis=0)
    # Through the small Gram matrix (N x N, N <= a few thousand), not the P x P covariance.
    gram = diffs @ diffs.T
    values, vectors = np.linalg.eigh(gram)
    order = np.argsort(values)[::-1]
    values, vectors = np.clip(values[order], 0.0, None), vectors[:, order]
    total = float(values.sum())
    if not total > 0:
        raise ValueError(msg("the trajectories do not move: PCA directions are undefined"))
    axes = np.empty((count, diffs.shape[1]))
    for i in range(count):
        if not values[i] > 1e-12 * total:
            raise ValueError(msg("the trajectories span fewer than {n} dimensions: "
                                 "PCA directions are undefined", n=count))
        axis = vectors[:, i] @ diffs
        axis /= np.linalg.norm(axis)
        if axis[np.argmax(np.abs(axis))] < 0:
            axis = -axis
        axes[i] = axis
    # Orthonormalise once more against round-off (Gram eigenvectors lose a few digits).
    q, r = np.linalg.qr(axes.T)
    axes = (q * np.sign(np.diag(r))).T
    return axes, values[:count] / total


def project(points: np.ndarray, center: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """Plane coordinates ``(N, k)`` of ``points`` ``(N, P)``: least squares on ``directions``."""
    points = np.atleast_2d(np.asarray(points, np.float64))
    dirs = np.asarray(directions, np.float64)
    diffs = points - np.asarray(center, np.float64)
    gram = dirs @ dirs.T
    rhs = diffs @ dirs.T
    return np.linalg.solve(gram, rhs.T).T
