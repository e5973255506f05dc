"""Geometry for the views, computed in numpy (and contourpy) once per change.

Nothing here imports Qt: the views hand these arrays to pyqtgraph items and
only draw.  Every function is vectorised and cheap enough to run on a surface
switch or a zoom (a 400 x 400 grid with its contours takes a few milliseconds).

Colour scale
    Loss surfaces span many orders of magnitude (Rosenbrock: 0 ... 2 500,
    Goldstein-Price: 3 ... 10^6), so values are shown on a log scale
    ``t = log(f - fmin + eps)``, normalised to ``[0, 1]`` between ``log(eps)``
    and a high percentile, and clipped there so a few huge values do not wash
    out the picture.  The same :class:`LogScale` compresses heights in the 3-D
    view, so trails and surface share one transform.

Lines
    Contour lines, gradient arrows and trails are single ``(n,)`` x / y arrays
    with NaN separators, drawn as ONE pyqtgraph curve with ``connect='finite'``.
"""

from __future__ import annotations

from dataclasses import dataclass

import contourpy
import numpy as np

from engine.surface import Surface

Rect = tuple[float, float, float, float]  # xmin, xmax, ymin, ymax

#: Percentile of the (shifted) values mapped to the top of the colour scale.
HIGH_PERCENTILE = 99.5
#: Percentile of the (shifted) values used as the floor ``eps`` of the log.
LOW_PERCENTILE = 0.5


@dataclass(frozen=True)
class LogScale:
    """The map ``f -> clip((log(f - fmin + eps) - lo) / (hi - lo), 0, 1)``.

    Attributes:
        fmin: the smallest finite sampled value.
        eps: floor added before the log (a low percentile of ``f - fmin``).
        lo, hi: ``log(eps)`` and ``log(f_high - fmin + eps)``.
    """

    fmin: float
    eps: float
    lo: float
    hi: float

    @classmethod
    def fit(cls, z: np.ndarray, low: float = LOW_PERCENTILE, high: float = HIGH_PERCENTILE
            ) -> LogScale:
        """A scale fitted to the finite values of ``z``; a constant ``z`` gives a flat scale.

        ``eps`` is the ``low`` percentile of ``z - fmin`` (a larger one rounds
        off the deep log funnel at a minimum); ``high`` is the clip percentile.
        """
        finite = z[np.isfinite(z)]
        if finite.size == 0:
            return cls(0.0, 1.0, 0.0, 1.0)
        fmin = float(finite.min())
        d = finite - fmin
        top = float(np.percentile(d, high))
        if not top > 0:
            top = float(d.max())
        if not top > 0:  # constant surface
            return cls(fmin, 1.0, 0.0, 1.0)
        eps = max(min(float(np.percentile(d, low)), top), top * 1e-9, 1e-300)
        lo, hi = float(np.log(eps)), float(np.log(top + eps))
        if not hi > lo:
            hi = lo + 1.0
        return cls(fmin, eps, lo, hi)

    @classmethod
    def for_grid(cls, grid: Grid, log: bool | None = None) -> LogScale:
        """The scale for a sampled surface: logarithmic when ``log``, else almost linear.

        ``log=None`` decides from the samples: logarithmic if the smallest value
        lies inside the grid (a minimum in view, where the log shows the depth
        of the basin), almost linear (``eps`` = the clip value) if it lies on
        the border, as for a saddle or any surface unbounded below.
        """
        if log is None:
            log = has_interior_minimum(grid)
        return cls.fit(grid.z, low=LOW_PERCENTILE if log else 100.0)

    def log(self, f: np.ndarray | float) -> np.ndarray:
        """``log(f - fmin + eps)`` (unclipped; NaN where ``f`` is not finite)."""
        with np.errstate(all="ignore"):
            d = np.asarray(f, dtype=np.float64) - self.fmin
            return np.log(np.maximum(d, 0.0) + self.eps)

    def __call__(self, f: np.ndarray | float) -> np.ndarray:
        """Normalised value in ``[0, 1]`` (NaN stays NaN)."""
        with np.errstate(all="ignore"):
            return np.clip((self.log(f) - self.lo) / (self.hi - self.lo), 0.0, 1.0)

    def levels(self, n: int = 16) -> np.ndarray:
        """``n`` increasing contour levels of ``f``, evenly spaced in ``log(f - fmin + eps)``.

        The ends of the scale are excluded (a line at the very minimum or at the
        clip value is either a dot or the whole saturated region).
        """
        t = np.linspace(self.lo, self.hi, n + 2)[1:-1]
        return self.fmin - self.eps + np.exp(t)

    def to_dict(self) -> dict[str, float]:
        return {"fmin": self.fmin, "eps": self.eps, "lo": self.lo, "hi": self.hi}


@dataclass(frozen=True)
class Grid:
    """A surface sampled at pixel centres of ``rect``.

    ``z`` has shape ``(ny, nx)`` (row = y), so ``z[j, i] = f(x[i], y[j])``.
    """

    rect: Rect
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.z.shape  # type: ignore[return-value]


def has_interior_minimum(grid: Grid) -> bool:
    """True when the smallest finite sample is not on the border of the grid."""
    z = grid.z
    if not np.isfinite(z).any():
        return False
    j, i = np.unravel_index(np.nanargmin(z), z.shape)
    return 0 < i < z.shape[1] - 1 and 0 < j < z.shape[0] - 1


def grid_shape(rect: Rect, resolution: int) -> tuple[int, int]:
    """``(ny, nx)``: ``resolution`` samples along the longer side, square cells, at least 8."""
    w, h = rect[1] - rect[0], rect[3] - rect[2]
    if w >= h:
        nx = resolution
        ny = int(np.clip(round(resolution * h / w), 8, resolution))
    else:
        ny = resolution
        nx = int(np.clip(round(resolution * w / h), 8, resolution))
    return ny, nx


def sample(surface: Surface, rect: Rect, resolution: int = 400,
           shape: tuple[int, int] | None = None, *, vertices: bool = False) -> Grid:
    """Sample ``surface`` on ``rect`` (non-finite values become NaN).

    By default at the centres of ``resolution`` pixels along the longer side
    (an image placed on ``rect`` is then exact); with ``vertices`` on a grid
    that includes the edges of ``rect`` (a mesh spanning ``rect``).
    """
    xmin, xmax, ymin, ymax = (float(v) for v in rect)
    ny, nx = shape if shape is not None else grid_shape(rect, resolution)
    if vertices:
        x, y = np.linspace(xmin, xmax, nx), np.linspace(ymin, ymax, ny)
    else:
        x = xmin + (np.arange(nx) + 0.5) * ((xmax - xmin) / nx)
        y = ymin + (np.arange(ny) + 0.5) * ((ymax - ymin) / ny)
    with np.errstate(all="ignore"):
        z = surface.value(x[np.newaxis, :], y[:, np.newaxis])
    z[~np.isfinite(z)] = np.nan
    return Grid((xmin, xmax, ymin, ymax), x, y, z)


def image(grid: Grid, scale: LogScale) -> np.ndarray:
    """The normalised ``(ny, nx)`` float32 image in ``[0, 1]`` (NaN where undefined)."""
    return scale(grid.z).astype(np.float32)


def contour_lines(grid: Grid, scale: LogScale, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All contour lines of ``levels`` as one x / y pair with NaN separators.

    The field is contoured in the log domain of ``scale`` (a monotone map, so the
    lines are the same, but linear interpolation between samples is much more
    accurate for log-spaced levels).
    """
    t = scale.log(grid.z)
    finite = np.isfinite(t)
    z = t if finite.all() else np.ma.masked_array(np.where(finite, t, 0.0), ~finite)
    gen = contourpy.contour_generator(grid.x, grid.y, z,
                                      line_type=contourpy.LineType.ChunkCombinedNan)
    tl = scale.log(np.asarray(levels, dtype=np.float64))
    parts = [chunk for (chunks,) in gen.multi_lines(tl[np.isfinite(tl)]) for chunk in chunks
             if chunk is not None and len(chunk)]
    if not parts:
        return np.empty(0), np.empty(0)
    sep = np.full((1, 2), np.nan)
    pts = np.concatenate([p for part in parts for p in (part, sep)][:-1])
    return np.ascontiguousarray(pts[:, 0]), np.ascontiguousarray(pts[:, 1])


def arrows(tails: np.ndarray, vectors: np.ndarray, head: float = 0.3,
           head_max: float | None = None, angle: float = 25.0) -> tuple[np.ndarray, np.ndarray]:
    """Arrows ``tail -> tail + vector`` as one x / y pair with NaN breaks.

    Each arrow is 7 points: shaft (tail, tip), NaN, head (left, tip, right), NaN.
    ``head`` is the head length as a fraction of the arrow's length, capped at
    ``head_max`` (data units).  Zero-length or non-finite arrows are all NaN.
    """
    tails = np.asarray(tails, dtype=np.float64).reshape(-1, 2)
    v = np.asarray(vectors, dtype=np.float64).reshape(-1, 2)
    tips = tails + v
    length = np.hypot(v[:, 0], v[:, 1])
    hl = head * length
    if head_max is not None:
        hl = np.minimum(hl, head_max)
    with np.errstate(all="ignore"):
        u = -v / length[:, None]  # from tip back to tail
    a = np.deg2rad(angle)
    c, s = np.cos(a), np.sin(a)
    ux, uy = u[:, 0], u[:, 1]
    left = tips + hl[:, None] * np.stack([c * ux - s * uy, s * ux + c * uy], 1)
    right = tips + hl[:, None] * np.stack([c * ux + s * uy, -s * ux + c * uy], 1)
    nan = np.full_like(tails, np.nan)
    pts = np.stack([tails, tips, nan, left, tips, right, nan], axis=1)  # (n, 7, 2)
    bad = ~(np.isfinite(length) & (length > 0))
    pts[bad] = np.nan
    pts = pts.reshape(-1, 2)
    return pts[:, 0].copy(), pts[:, 1].copy()


def gradient_field(surface: Surface, rect: Rect, n: int = 24,
                   descent: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """A coarse field of unit-direction arrows of ``-∇f`` (``descent``) or ``∇f``.

    ``n`` arrows along the longer side of ``rect``, square cells; each arrow is
    0.7 cell long (direction only: magnitudes span too many decades to be
    drawn to scale), so the field shows where a plain gradient step points.
    """
    xmin, xmax, ymin, ymax = rect
    ny, nx = grid_shape(rect, n)
    cell = max(xmax - xmin, ymax - ymin) / n
    x = xmin + (np.arange(nx) + 0.5) * ((xmax - xmin) / nx)
    y = ymin + (np.arange(ny) + 0.5) * ((ymax - ymin) / ny)
    gx_, gy_ = np.meshgrid(x, y)
    with np.errstate(all="ignore"):
        gx, gy = surface.grad(gx_, gy_)
        norm = np.hypot(gx, gy)
        d = np.stack([gx / norm, gy / norm], -1).reshape(-1, 2)
    if descent:
        d = -d
    length = 0.7 * cell
    centres = np.stack([gx_, gy_], -1).reshape(-1, 2)
    return arrows(centres - 0.5 * length * d, length * d, head=0.35)


def cursor_index(steps: np.ndarray, cursor: int) -> int:
    """Number of recorded rows with ``step <= cursor`` (``steps`` is increasing)."""
    return int(np.searchsorted(steps, cursor, side="right"))


def trail(trajectory, cursor: int) -> tuple[np.ndarray, np.ndarray]:
    """x and y of the rows of ``trajectory`` with ``step <= cursor`` (views, no copy)."""
    n = cursor_index(trajectory.column("step"), cursor)
    return trajectory.column("x")[:n], trajectory.column("y")[:n]


def new_cells(x: np.ndarray, y: np.ndarray, cell: float,
              previous: tuple[float, float] | None = None) -> np.ndarray:
    """Indices of the points that enter a new ``cell``-sized square of a fixed grid.

    A point is kept when its grid square differs from that of the point before
    it (``previous`` is the point before ``x[0]``, if any); runs
    of points inside one square, e.g. a racer crawling along a valley floor
    less than a pixel per step, collapse to their first point.  With ``cell``
    one screen pixel a polyline through the kept points is off by at most
    ~1.4 px.  Squares are on a grid anchored at 0, so extending a trail later
    gives the same result as decimating it whole.
    """
    q = np.floor(np.column_stack([x, y]) / cell)
    if len(q) == 0:
        return np.empty(0, dtype=np.intp)
    keep = np.empty(len(q), dtype=bool)
    keep[0] = previous is None or bool(np.any(q[0] != np.floor(np.asarray(previous) / cell)))
    keep[1:] = np.any(q[1:] != q[:-1], axis=1)
    return np.flatnonzero(keep)


def mesh_height(grid: Grid, heights: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Heights of the triangle mesh that pyqtgraph's ``GLSurfacePlotItem`` builds on ``grid``.

    ``heights`` has the grid's shape ``(ny, nx)``; each cell ``(i, j)`` is split
    along the diagonal from ``(x[i], y[j+1])`` to ``(x[i+1], y[j])``, as in
    ``GLSurfacePlotItem.generateFaces``, and interpolated linearly on each
    triangle, so a line drawn at these heights lies exactly on the drawn mesh.
    Points outside the grid get NaN.
    """
    px = np.asarray(px, dtype=np.float64)
    py = np.asarray(py, dtype=np.float64)
    gx, gy = grid.x, grid.y
    with np.errstate(all="ignore"):
        fx = (px - gx[0]) / (gx[-1] - gx[0]) * (len(gx) - 1)
        fy = (py - gy[0]) / (gy[-1] - gy[0]) * (len(gy) - 1)
    inside = (fx >= 0) & (fx <= len(gx) - 1) & (fy >= 0) & (fy <= len(gy) - 1)
    i = np.clip(np.nan_to_num(fx).astype(np.intp), 0, len(gx) - 2)
    j = np.clip(np.nan_to_num(fy).astype(np.intp), 0, len(gy) - 2)
    u, v = fx - i, fy - j
    z00, z10 = heights[j, i], heights[j, i + 1]
    z01, z11 = heights[j + 1, i], heights[j + 1, i + 1]
    lower = u + v <= 1
    z = np.where(lower, z00 + u * (z10 - z00) + v * (z01 - z00),
                 z11 + (1 - u) * (z01 - z11) + (1 - v) * (z10 - z11))
    return np.where(inside, z, np.nan)


def drape(x: np.ndarray, y: np.ndarray, height, max_len: float,
          max_parts: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """A polyline laid onto a surface: ``(points (m, 3) float32, rows (n,) int)``.

    Each segment between consecutive points ``(x[i], y[i])`` is split into
    pieces no longer than ``max_len`` (at most ``max_parts``) and every piece
    end gets ``height(px, py)``, so the line follows the surface instead of
    cutting through it.  ``points[rows[i]]`` is the ``i``-th input point; the
    polyline up to input point ``i`` is ``points[: rows[i] + 1]``.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = len(x)
    if n == 0:
        return np.empty((0, 3), dtype=np.float32), np.empty(0, dtype=np.intp)
    dx, dy = np.diff(x), np.diff(y)
    with np.errstate(all="ignore"):
        parts = np.ceil(np.hypot(dx, dy) / max_len)
    parts = np.clip(np.nan_to_num(parts, nan=1.0), 1, max_parts).astype(np.intp)
    rows = np.zeros(n, dtype=np.intp)
    np.cumsum(parts, out=rows[1:])
    seg = np.repeat(np.arange(n - 1), parts)
    t = (np.arange(rows[-1]) - np.repeat(rows[:-1], parts) + 1) / parts[seg]
    px = np.concatenate([x[:1], x[seg] + t * dx[seg]])
    py = np.concatenate([y[:1], y[seg] + t * dy[seg]])
    pts = np.empty((len(px), 3), dtype=np.float32)
    pts[:, 0], pts[:, 1], pts[:, 2] = px, py, height(px, py)
    return pts, rows


def segments(xs: np.ndarray, ys: np.ndarray, z: np.ndarray | float = 0.0) -> np.ndarray:
    """NaN-separated polylines as ``(2m, 3)`` line-segment end points (GL ``mode='lines'``).

    ``z`` is a constant or one height per point.
    """
    pts = np.empty((len(xs), 3), dtype=np.float32)
    pts[:, 0], pts[:, 1], pts[:, 2] = xs, ys, z
    ok = np.isfinite(pts).all(axis=1)
    pair = ok[:-1] & ok[1:]
    out = np.empty((2 * int(pair.sum()), 3), dtype=np.float32)
    out[0::2] = pts[:-1][pair]
    out[1::2] = pts[1:][pair]
    return out


def expand(rect: Rect, factor: float) -> Rect:
    """``rect`` grown by ``factor`` of its size on every side."""
    xmin, xmax, ymin, ymax = rect
    dx, dy = (xmax - xmin) * factor, (ymax - ymin) * factor
    return (xmin - dx, xmax + dx, ymin - dy, ymax + dy)
