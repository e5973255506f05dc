"""The :class:`Surface` type: a 2-D loss surface with its exact derivatives.

A surface is pure data plus three vectorised callables.  ``value``, ``grad``
and ``hessian`` accept ``x`` and ``y`` as numpy arrays of any (broadcastable)
shape and return arrays of the broadcast shape, so the same surface serves a
single racer, a cloud of 100 000 particles and a 400 x 400 contour grid.

The ``*_at`` helpers take points as one array of shape ``(..., 2)``, which is
how the optimizers see parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

ArrayFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
GradFn = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
HessFn = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Minimum:
    """A known minimum ``f(x, y) = f`` (global unless ``is_global`` is False)."""

    x: float
    y: float
    f: float
    is_global: bool = True


@dataclass(frozen=True, eq=False)
class Surface:
    """A named 2-D surface ``f(x, y)`` with analytic gradient and Hessian.

    Attributes:
        name: snake_case identifier used by the CLI and saved sessions.
        title: human-readable name.
        formula: the surface in the formula syntax of :mod:`engine.formula`
            (so that ``parse_formula(surface.formula)`` gives the same values).
        latex: the formula in LaTeX.
        domain: display domain ``(xmin, xmax, ymin, ymax)``.
        start: a sensible default start point.
        minima: every known global minimum (empty when unbounded below).
        description: one or two sentences on what the surface shows.
        local_minima: the non-global local minima, where they are few enough to
            list (``is_global`` False); a race converges only at ``minima``.
    """

    name: str
    title: str
    formula: str
    latex: str
    domain: tuple[float, float, float, float]
    start: tuple[float, float]
    minima: tuple[Minimum, ...]
    value_fn: ArrayFn = field(repr=False)
    grad_fn: GradFn = field(repr=False)
    hessian_fn: HessFn = field(repr=False)
    description: str = ""
    builtin: bool = True
    local_minima: tuple[Minimum, ...] = ()

    @property
    def all_minima(self) -> tuple[Minimum, ...]:
        """The global minima, then the listed local ones (the order basin maps number them)."""
        return self.minima + self.local_minima

    # -- coordinate form -------------------------------------------------
    def value(self, x: np.ndarray | float, y: np.ndarray | float) -> np.ndarray:
        """``f(x, y)`` elementwise; the result has the broadcast shape of x and y."""
        x, y = _as_xy(x, y)
        shape = x.shape if x.shape == y.shape else np.broadcast_shapes(x.shape, y.shape)
        return _full(self.value_fn(x, y), shape)

    def grad(self, x: np.ndarray | float, y: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """``(∂f/∂x, ∂f/∂y)`` elementwise."""
        x, y = _as_xy(x, y)
        shape = np.broadcast_shapes(x.shape, y.shape)
        gx, gy = self.grad_fn(x, y)
        return _full(gx, shape), _full(gy, shape)

    def hessian(
        self, x: np.ndarray | float, y: np.ndarray | float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²)`` elementwise."""
        x, y = _as_xy(x, y)
        shape = np.broadcast_shapes(x.shape, y.shape)
        hxx, hxy, hyy = self.hessian_fn(x, y)
        return _full(hxx, shape), _full(hxy, shape), _full(hyy, shape)

    # -- point form: arrays of shape (..., 2) ----------------------------
    def value_at(self, points: np.ndarray) -> np.ndarray:
        """Values at ``points`` of shape ``(..., 2)``; result has shape ``(...)``."""
        p = np.asarray(points, dtype=np.float64)
        return self.value(p[..., 0], p[..., 1])

    def grad_at(self, points: np.ndarray) -> np.ndarray:
        """Gradients at ``points`` of shape ``(..., 2)``; result has shape ``(..., 2)``."""
        p = np.asarray(points, dtype=np.float64)
        gx, gy = self.grad_fn(p[..., 0], p[..., 1])
        out = np.empty(p.shape, dtype=np.float64)
        out[..., 0] = gx  # broadcasts constants; one pass, no intermediate stack
        out[..., 1] = gy
        return out

    def hessian_at(self, points: np.ndarray) -> np.ndarray:
        """Hessians at ``points`` of shape ``(..., 2)``; result has shape ``(..., 2, 2)``."""
        p = np.asarray(points, dtype=np.float64)
        hxx, hxy, hyy = self.hessian(p[..., 0], p[..., 1])
        return np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2)

    def nearest_minimum(self, point: np.ndarray) -> tuple[Minimum | None, float]:
        """The known minimum closest to ``point`` and its distance (``inf`` if none)."""
        if not self.minima:
            return None, float("inf")
        p = np.asarray(point, dtype=np.float64)
        dists = [float(np.hypot(p[0] - m.x, p[1] - m.y)) for m in self.minima]
        # np.argmin's answer (the first smallest, or the first NaN) without building an array
        i = next((k for k, d in enumerate(dists) if d != d), None)
        if i is None:
            i = min(range(len(dists)), key=dists.__getitem__)
        return self.minima[i], dists[i]

    def is_saddle(self, point: np.ndarray, radius: float | None = None) -> bool:
        """True when ``point`` (where the gradient vanishes) is not a local minimum.

        The Hessian decides when it can: a clearly negative eigenvalue means a
        saddle (or a maximum), all clearly positive ones a minimum.  Where it is
        degenerate (the monkey saddle's origin, the flat bottom of ``x⁴ + y⁴``)
        the surface is probed on a small circle of ``radius`` (a thousandth of
        the domain by default): a lower point there means a saddle.
        """
        p = np.asarray(point, dtype=np.float64)
        with np.errstate(all="ignore"):
            h = self.hessian_at(p)
            if not np.all(np.isfinite(h)):
                return False
            eig = np.linalg.eigvalsh(h)
            scale = max(1.0, float(np.max(np.abs(eig))))
            if eig[0] < -1e-6 * scale:
                return True
            if eig[0] > 1e-6 * scale:
                return False
            if radius is None:
                xmin, xmax, ymin, ymax = self.domain
                radius = 1e-3 * max(xmax - xmin, ymax - ymin)
            angles = np.linspace(0.0, 2 * np.pi, 24, endpoint=False)
            f0 = float(self.value(p[0], p[1]))
            ring = self.value(p[0] + radius * np.cos(angles), p[1] + radius * np.sin(angles))
        tol = 1e-12 * max(1.0, abs(f0))
        return bool(np.any(ring < f0 - tol))

    def to_dict(self) -> dict:
        """JSON-ready description (everything but the callables)."""
        return {
            "name": self.name,
            "title": self.title,
            "formula": self.formula,
            "latex": self.latex,
            "domain": list(self.domain),
            "start": list(self.start),
            "minima": [{"x": m.x, "y": m.y, "f": m.f} for m in self.minima],
            "description": self.description,
            "builtin": self.builtin,
            "local_minima": [{"x": m.x, "y": m.y, "f": m.f} for m in self.local_minima],
        }


def _as_xy(x: np.ndarray | float, y: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


def _full(a: np.ndarray | float, shape: tuple[int, ...]) -> np.ndarray:
    """``a`` as a writeable float64 array of ``shape`` (constants broadcast, no extra copy)."""
    a = np.asarray(a, dtype=np.float64)
    if a.shape == shape and a.flags.writeable and a.flags.owndata:
        return a
    return np.array(np.broadcast_to(a, shape))
