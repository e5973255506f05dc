"""The catalogue of built-in loss surfaces.

Every surface comes with hand-derived, vectorised value, gradient and Hessian
functions (plain numpy, no symbolic algebra at runtime), a display domain, a
default start and all of its known global minima.  Minima that are not exact
closed forms are polished at import time by a few Newton steps on the
surface's own gradient and Hessian, so the listed points are stationary to
float64 precision.

Domains and minima follow the usual test-function literature (the Virtual
Library of Simulation Experiments and Wikipedia's "Test functions for
optimization"); where the literature domain would hide the interesting
structure, a zoomed domain is used and the reason is noted next to it.

    >>> from engine.surfaces import get_surface
    >>> get_surface("rosenbrock").value(1.0, 1.0)
    array(0.)
"""

from __future__ import annotations

import math

import numpy as np

from engine.messages import msg
from engine.surface import Minimum, Surface

__all__ = ["SURFACES", "get_surface", "surface_names"]

PI = math.pi
TWO_PI = 2.0 * math.pi


def _polish(grad_fn, hessian_fn, x: float, y: float, steps: int = 8) -> tuple[float, float]:
    """Refine a stationary point ``(x, y)`` with a few Newton steps (quadratic convergence)."""
    for _ in range(steps):
        gx, gy = grad_fn(x, y)
        hxx, hxy, hyy = hessian_fn(x, y)
        det = hxx * hyy - hxy * hxy
        x, y = x - (hyy * gx - hxy * gy) / det, y - (hxx * gy - hxy * gx) / det
    return float(x), float(y)


# --- ravine: f = x²/20 + y² -------------------------------------------------


def _ravine_value(x, y):
    return x**2 / 20.0 + y**2


def _ravine_grad(x, y):
    return x / 10.0, 2.0 * y


def _ravine_hessian(x, y):
    return 0.1, 0.0, 2.0


# --- sphere: f = x² + y² ------------------------------------------------------


def _sphere_value(x, y):
    return x**2 + y**2


def _sphere_grad(x, y):
    return 2.0 * x, 2.0 * y


def _sphere_hessian(x, y):
    return 2.0, 0.0, 2.0


# --- matyas: f = 0.26 (x² + y²) - 0.48 x y -----------------------------------


def _matyas_value(x, y):
    return 0.26 * (x**2 + y**2) - 0.48 * x * y


def _matyas_grad(x, y):
    return 0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x


def _matyas_hessian(x, y):
    return 0.52, -0.48, 0.52


# --- booth: f = (x + 2y - 7)² + (2x + y - 5)² ----------------------------------


def _booth_value(x, y):
    return (x + 2.0 * y - 7.0) ** 2 + (2.0 * x + y - 5.0) ** 2


def _booth_grad(x, y):
    a = x + 2.0 * y - 7.0
    b = 2.0 * x + y - 5.0
    return 2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b


def _booth_hessian(x, y):
    return 10.0, 8.0, 10.0


# --- rosenbrock: f = (1 - x)² + 100 (y - x²)² -----------------------------------


def _rosenbrock_value(x, y):
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def _rosenbrock_grad(x, y):
    r = y - x**2
    return -2.0 * (1.0 - x) - 400.0 * x * r, 200.0 * r


def _rosenbrock_hessian(x, y):
    return 2.0 - 400.0 * y + 1200.0 * x**2, -400.0 * x, 200.0


# --- beale: f = Σ_k (c_k - x + x y^k)², k = 1, 2, 3 ---------------------------

_BEALE_C = (1.5, 2.25, 2.625)


def _beale_value(x, y):
    return sum((c - x + x * y**k) ** 2 for k, c in enumerate(_BEALE_C, start=1))


def _beale_grad(x, y):
    gx = gy = 0.0
    for k, c in enumerate(_BEALE_C, start=1):
        t = c - x + x * y**k
        gx = gx + 2.0 * t * (y**k - 1.0)
        gy = gy + 2.0 * t * k * x * y ** (k - 1)
    return gx, gy


def _beale_hessian(x, y):
    hxx = hxy = hyy = 0.0
    for k, c in enumerate(_BEALE_C, start=1):
        t = c - x + x * y**k
        tx = y**k - 1.0  # ∂t/∂x
        ty = k * x * y ** (k - 1)  # ∂t/∂y
        tyy = k * (k - 1) * x * y ** (k - 2) if k >= 2 else 0.0
        hxx = hxx + 2.0 * tx**2
        hxy = hxy + 2.0 * (tx * ty + t * k * y ** (k - 1))
        hyy = hyy + 2.0 * (ty**2 + t * tyy)
    return hxx, hxy, hyy


# --- three-hump camel: f = 2x² - 1.05x⁴ + x⁶/6 + xy + y² -----------------------


def _three_hump_value(x, y):
    return 2.0 * x**2 - 1.05 * x**4 + x**6 / 6.0 + x * y + y**2


def _three_hump_grad(x, y):
    return 4.0 * x - 4.2 * x**3 + x**5 + y, x + 2.0 * y


def _three_hump_hessian(x, y):
    return 4.0 - 12.6 * x**2 + 5.0 * x**4, 1.0, 2.0


# --- six-hump camel: f = (4 - 2.1x² + x⁴/3) x² + xy + (-4 + 4y²) y² -------------


def _six_hump_value(x, y):
    return (4.0 - 2.1 * x**2 + x**4 / 3.0) * x**2 + x * y + (-4.0 + 4.0 * y**2) * y**2


def _six_hump_grad(x, y):
    return 8.0 * x - 8.4 * x**3 + 2.0 * x**5 + y, x - 8.0 * y + 16.0 * y**3


def _six_hump_hessian(x, y):
    return 8.0 - 25.2 * x**2 + 10.0 * x**4, 1.0, -8.0 + 48.0 * y**2


# --- himmelblau: f = (x² + y - 11)² + (x + y² - 7)² ------------------------------


def _himmelblau_value(x, y):
    return (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2


def _himmelblau_grad(x, y):
    a = x**2 + y - 11.0
    b = x + y**2 - 7.0
    return 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


def _himmelblau_hessian(x, y):
    return 12.0 * x**2 + 4.0 * y - 42.0, 4.0 * (x + y), 12.0 * y**2 + 4.0 * x - 26.0


# --- goldstein-price -------------------------------------------------------------
# f = [1 + (x+y+1)² (19 - 14x + 3x² - 14y + 6xy + 3y²)]
#   × [30 + (2x-3y)² (18 - 32x + 12x² + 48y - 36xy + 27y²)]
# The first factor depends only on s = x + y and the second only on t = 2x - 3y:
#   A(s) = 1 + (s+1)² (19 - 14s + 3s²) = 3s⁴ - 8s³ - 6s² + 24s + 20
#   B(t) = 30 + t² (18 - 16t + 3t²)    = 3t⁴ - 16t³ + 18t² + 30
# so the derivatives follow from the chain rule with ∂s = (1, 1), ∂t = (2, -3).


def _gp_a(s):
    return 1.0 + (s + 1.0) ** 2 * (19.0 - 14.0 * s + 3.0 * s**2)


def _gp_b(t):
    return 30.0 + t**2 * (18.0 - 16.0 * t + 3.0 * t**2)


def _gp_parts(x, y):
    s = x + y
    t = 2.0 * x - 3.0 * y
    a, b = _gp_a(s), _gp_b(t)
    da = 12.0 * s**3 - 24.0 * s**2 - 12.0 * s + 24.0
    db = 12.0 * t**3 - 48.0 * t**2 + 36.0 * t
    dda = 36.0 * s**2 - 48.0 * s - 12.0
    ddb = 36.0 * t**2 - 96.0 * t + 36.0
    return a, b, da, db, dda, ddb


def _goldstein_price_value(x, y):
    return _gp_a(x + y) * _gp_b(2.0 * x - 3.0 * y)


def _goldstein_price_grad(x, y):
    a, b, da, db, _, _ = _gp_parts(x, y)
    return da * b + 2.0 * a * db, da * b - 3.0 * a * db


def _goldstein_price_hessian(x, y):
    a, b, da, db, dda, ddb = _gp_parts(x, y)
    return (
        dda * b + 4.0 * da * db + 4.0 * a * ddb,
        dda * b - da * db - 6.0 * a * ddb,
        dda * b - 6.0 * da * db + 9.0 * a * ddb,
    )


# --- mccormick: f = sin(x + y) + (x - y)² - 1.5x + 2.5y + 1 --------------------------


def _mccormick_value(x, y):
    return np.sin(x + y) + (x - y) ** 2 - 1.5 * x + 2.5 * y + 1.0


def _mccormick_grad(x, y):
    c = np.cos(x + y)
    d = 2.0 * (x - y)
    return c + d - 1.5, c - d + 2.5


def _mccormick_hessian(x, y):
    s = np.sin(x + y)
    return 2.0 - s, -2.0 - s, 2.0 - s


# --- styblinski-tang: f = ½ Σ (v⁴ - 16v² + 5v), v = x, y ------------------------------


def _styblinski_tang_value(x, y):
    return ((x**4 - 16.0 * x**2 + 5.0 * x) + (y**4 - 16.0 * y**2 + 5.0 * y)) / 2.0


def _styblinski_tang_grad(x, y):
    return 2.0 * x**3 - 16.0 * x + 2.5, 2.0 * y**3 - 16.0 * y + 2.5


def _styblinski_tang_hessian(x, y):
    return 6.0 * x**2 - 16.0, 0.0, 6.0 * y**2 - 16.0


# --- lévi n.13 -----------------------------------------------------------------------
# f = sin²(3πx) + (x-1)² (1 + sin²(3πy)) + (y-1)² (1 + sin²(2πy))


def _levi13_value(x, y):
    return (
        np.sin(3.0 * PI * x) ** 2
        + (x - 1.0) ** 2 * (1.0 + np.sin(3.0 * PI * y) ** 2)
        + (y - 1.0) ** 2 * (1.0 + np.sin(2.0 * PI * y) ** 2)
    )


def _levi13_grad(x, y):
    u, v = x - 1.0, y - 1.0
    gx = 3.0 * PI * np.sin(6.0 * PI * x) + 2.0 * u * (1.0 + np.sin(3.0 * PI * y) ** 2)
    gy = (
        3.0 * PI * u**2 * np.sin(6.0 * PI * y)
        + 2.0 * v * (1.0 + np.sin(2.0 * PI * y) ** 2)
        + TWO_PI * v**2 * np.sin(4.0 * PI * y)
    )
    return gx, gy


def _levi13_hessian(x, y):
    u, v = x - 1.0, y - 1.0
    hxx = 18.0 * PI**2 * np.cos(6.0 * PI * x) + 2.0 * (1.0 + np.sin(3.0 * PI * y) ** 2)
    hxy = 6.0 * PI * u * np.sin(6.0 * PI * y)
    hyy = (
        18.0 * PI**2 * u**2 * np.cos(6.0 * PI * y)
        + 2.0 * (1.0 + np.sin(2.0 * PI * y) ** 2)
        + 8.0 * PI * v * np.sin(4.0 * PI * y)
        + 8.0 * PI**2 * v**2 * np.cos(4.0 * PI * y)
    )
    return hxx, hxy, hyy


# --- rastrigin: f = 20 + Σ (v² - 10 cos 2πv) -----------------------------------------


def _rastrigin_value(x, y):
    return 20.0 + (x**2 - 10.0 * np.cos(TWO_PI * x)) + (y**2 - 10.0 * np.cos(TWO_PI * y))


def _rastrigin_grad(x, y):
    return 2.0 * x + 20.0 * PI * np.sin(TWO_PI * x), 2.0 * y + 20.0 * PI * np.sin(TWO_PI * y)


def _rastrigin_hessian(x, y):
    k = 40.0 * PI**2
    return 2.0 + k * np.cos(TWO_PI * x), 0.0, 2.0 + k * np.cos(TWO_PI * y)


# --- ackley ----------------------------------------------------------------------------
# f = -20 exp(-0.2 sqrt((x² + y²)/2)) - exp((cos 2πx + cos 2πy)/2) + e + 20
# The first term is a radial cone φ(ρ) = -20 exp(-kρ), ρ = |(x, y)|, k = 0.2/√2,
# whose tip at the origin is not differentiable.  There we return the
# subgradient 0 and drop the (infinite) curvature of the tip from the Hessian,
# so the derivatives are finite everywhere and contain no NaN.

_ACKLEY_K = 0.2 / math.sqrt(2.0)


def _ackley_cone(x, y):
    """ρ (with 1 in place of 0), φ'(ρ), φ''(ρ) and the mask ρ > 0."""
    rho = np.hypot(x, y)
    nonzero = rho > 0.0
    rho = np.where(nonzero, rho, 1.0)
    d1 = 20.0 * _ACKLEY_K * np.exp(-_ACKLEY_K * rho)
    return rho, d1, -_ACKLEY_K * d1, nonzero


def _ackley_value(x, y):
    return (
        -20.0 * np.exp(-0.2 * np.sqrt(0.5 * (x**2 + y**2)))
        - np.exp(0.5 * (np.cos(TWO_PI * x) + np.cos(TWO_PI * y)))
        + math.e
        + 20.0
    )


def _ackley_grad(x, y):
    rho, d1, _, nonzero = _ackley_cone(x, y)
    radial = np.where(nonzero, d1 / rho, 0.0)
    wave = PI * np.exp(0.5 * (np.cos(TWO_PI * x) + np.cos(TWO_PI * y)))
    return radial * x + wave * np.sin(TWO_PI * x), radial * y + wave * np.sin(TWO_PI * y)


def _ackley_hessian(x, y):
    rho, d1, d2, nonzero = _ackley_cone(x, y)
    # Hessian of a radial function: φ'' u uᵀ + (φ'/ρ)(I - u uᵀ), u = (x, y)/ρ.
    ux, uy = x / rho, y / rho
    cxx = np.where(nonzero, d2 * ux**2 + d1 / rho * uy**2, 0.0)
    cxy = np.where(nonzero, (d2 - d1 / rho) * ux * uy, 0.0)
    cyy = np.where(nonzero, d2 * uy**2 + d1 / rho * ux**2, 0.0)
    sx, sy = np.sin(TWO_PI * x), np.sin(TWO_PI * y)
    wave = PI**2 * np.exp(0.5 * (np.cos(TWO_PI * x) + np.cos(TWO_PI * y)))
    return (
        cxx + wave * (2.0 * np.cos(TWO_PI * x) - sx**2),
        cxy - wave * sx * sy,
        cyy + wave * (2.0 * np.cos(TWO_PI * y) - sy**2),
    )


# --- easom: f = -cos x cos y exp(-((x - π)² + (y - π)²)) --------------------------------


def _easom_value(x, y):
    return -np.cos(x) * np.cos(y) * np.exp(-((x - PI) ** 2 + (y - PI) ** 2))


def _easom_grad(x, y):
    u, v = x - PI, y - PI
    g = np.exp(-(u**2 + v**2))
    cx, sx, cy, sy = np.cos(x), np.sin(x), np.cos(y), np.sin(y)
    return g * cy * (sx + 2.0 * u * cx), g * cx * (sy + 2.0 * v * cy)


def _easom_hessian(x, y):
    u, v = x - PI, y - PI
    g = np.exp(-(u**2 + v**2))
    cx, sx, cy, sy = np.cos(x), np.sin(x), np.cos(y), np.sin(y)
    return (
        g * cy * ((3.0 - 4.0 * u**2) * cx - 4.0 * u * sx),
        -g * (sx + 2.0 * u * cx) * (sy + 2.0 * v * cy),
        g * cx * ((3.0 - 4.0 * v**2) * cy - 4.0 * v * sy),
    )


# --- saddle: f = x² - y² ------------------------------------------------------------


def _saddle_value(x, y):
    return x**2 - y**2


def _saddle_grad(x, y):
    return 2.0 * x, -2.0 * y


def _saddle_hessian(x, y):
    return 2.0, 0.0, -2.0


# --- monkey saddle: f = x³ - 3xy² --------------------------------------------------------


def _monkey_saddle_value(x, y):
    return x**3 - 3.0 * x * y**2


def _monkey_saddle_grad(x, y):
    return 3.0 * x**2 - 3.0 * y**2, -6.0 * x * y


def _monkey_saddle_hessian(x, y):
    return 6.0 * x, -6.0 * y, -6.0 * x


# --- minima that need numerical polishing ------------------------------------------------


def _himmelblau_minima() -> tuple[Minimum, ...]:
    # (3, 2) is exact; the other three solve a polynomial system: seeded from the
    # literature values and polished.  All four have f = 0 exactly.
    seeds = (
        (-2.805118086952745, 3.131312518250573),
        (-3.779310253377747, -3.283185991286170),
        (3.584428340330492, -1.848126526964404),
    )
    polished = [_polish(_himmelblau_grad, _himmelblau_hessian, *s) for s in seeds]
    return (Minimum(3.0, 2.0, 0.0), *(Minimum(x, y, 0.0) for x, y in polished))


def _six_hump_minima() -> tuple[Minimum, ...]:
    # f(-x, -y) = f(x, y): polish one minimum and mirror it.
    x, y = _polish(_six_hump_grad, _six_hump_hessian, 0.0898420131003, -0.7126564030207)
    f = float(_six_hump_value(x, y))
    return Minimum(x, y, f), Minimum(-x, -y, f)


def _styblinski_tang_minima() -> tuple[Minimum, ...]:
    # Each coordinate is the smallest root of 2v³ - 16v + 2.5 = 0.
    x, y = _polish(
        _styblinski_tang_grad, _styblinski_tang_hessian, -2.903534027771178, -2.903534027771178
    )
    return (Minimum(x, y, float(_styblinski_tang_value(x, y))),)


def _local(grad_fn, hessian_fn, value_fn, *seeds: tuple[float, float]) -> tuple[Minimum, ...]:
    """Local (non-global) minima polished from literature seeds."""
    out = []
    for seed in seeds:
        x, y = _polish(grad_fn, hessian_fn, *seed)
        out.append(Minimum(x, y, float(value_fn(x, y)), is_global=False))
    return tuple(out)


def _three_hump_local() -> tuple[Minimum, ...]:
    return _local(_three_hump_grad, _three_hump_hessian, _three_hump_value,
                  (1.7475523, -0.8737761), (-1.7475523, 0.8737761))


def _six_hump_local() -> tuple[Minimum, ...]:
    return _local(_six_hump_grad, _six_hump_hessian, _six_hump_value,
                  (-1.7036, 0.7961), (1.7036, -0.7961), (-1.6071, -0.5687), (1.6071, 0.5687))


def _styblinski_tang_local() -> tuple[Minimum, ...]:
    # each coordinate at either root of 2v³ - 16v + 2.5 = 0 that is a minimum
    lo, hi = -2.903534027771178, 2.746802618889114
    return _local(_styblinski_tang_grad, _styblinski_tang_hessian, _styblinski_tang_value,
                  (hi, lo), (lo, hi), (hi, hi))


def _mccormick_minima() -> tuple[Minimum, ...]:
    # ∇f = 0  ⇔  x - y = 1 and cos(x + y) = -1/2; the minimum has x + y = -2π/3,
    # so f = sin(-2π/3) + 1 - 1.5x + 2.5y + 1 = -√3/2 - π/3.
    x = (1.0 - 2.0 * PI / 3.0) / 2.0
    y = (-1.0 - 2.0 * PI / 3.0) / 2.0
    return (Minimum(x, y, -math.sqrt(3.0) / 2.0 - PI / 3.0),)


# --- the catalogue --------------------------------------------------------------------------

_CATALOGUE: tuple[Surface, ...] = (
    Surface(
        name="ravine",
        title="Ravine",
        formula="x**2/20 + y**2",
        latex=r"\frac{x^2}{20} + y^2",
        domain=(-10.0, 10.0, -5.0, 5.0),
        start=(-7.0, 2.0),
        minima=(Minimum(0.0, 0.0, 0.0),),
        value_fn=_ravine_value,
        grad_fn=_ravine_grad,
        hessian_fn=_ravine_hessian,
        description=(
            "An elongated bowl twenty times steeper across than along: plain gradient descent "
            "zig-zags across the ravine and crawls along it, while momentum and adaptive "
            "methods run down the valley floor."
        ),
    ),
    Surface(
        name="sphere",
        title="Sphere",
        formula="x**2 + y**2",
        latex=r"x^2 + y^2",
        domain=(-5.0, 5.0, -5.0, 5.0),  # literature: [-5.12, 5.12]²
        start=(-4.0, 3.0),
        minima=(Minimum(0.0, 0.0, 0.0),),
        value_fn=_sphere_value,
        grad_fn=_sphere_grad,
        hessian_fn=_sphere_hessian,
        description=(
            "The perfectly round bowl: every gradient points straight at the minimum, so all "
            "sensible optimizers converge and only their step-size behaviour differs."
        ),
    ),
    Surface(
        name="matyas",
        title="Matyas",
        formula="0.26*(x**2 + y**2) - 0.48*x*y",
        latex=r"0.26\,(x^2 + y^2) - 0.48\,xy",
        domain=(-10.0, 10.0, -10.0, 10.0),
        start=(-8.0, -4.0),
        minima=(Minimum(0.0, 0.0, 0.0),),
        value_fn=_matyas_value,
        grad_fn=_matyas_grad,
        hessian_fn=_matyas_hessian,
        description=(
            "A nearly flat valley along the diagonal (curvatures 1 and 0.04): the gradient "
            "becomes tiny long before the minimum, so methods that build up speed arrive far "
            "sooner than plain gradient descent."
        ),
    ),
    Surface(
        name="booth",
        title="Booth",
        formula="(x + 2*y - 7)**2 + (2*x + y - 5)**2",
        latex=r"(x + 2y - 7)^2 + (2x + y - 5)^2",
        domain=(-10.0, 10.0, -10.0, 10.0),
        start=(-8.0, 6.0),
        minima=(Minimum(1.0, 3.0, 0.0),),
        value_fn=_booth_value,
        grad_fn=_booth_grad,
        hessian_fn=_booth_hessian,
        description=(
            "A convex quadratic whose valley runs diagonally (curvatures 18 and 2): easy for "
            "everyone, but the rotation blunts the advantage of per-coordinate step sizes."
        ),
    ),
    Surface(
        name="rosenbrock",
        title="Rosenbrock",
        formula="(1 - x)**2 + 100*(y - x**2)**2",
        latex=r"(1 - x)^2 + 100\,(y - x^2)^2",
        domain=(-2.0, 2.0, -1.0, 3.0),
        start=(-1.5, 2.0),
        minima=(Minimum(1.0, 1.0, 0.0),),
        value_fn=_rosenbrock_value,
        grad_fn=_rosenbrock_grad,
        hessian_fn=_rosenbrock_hessian,
        description=(
            "The banana valley: reaching the curved valley is easy, following its flat, bending "
            "floor to (1, 1) is hard, which separates momentum, adaptive and second-order "
            "methods from plain gradient descent."
        ),
    ),
    Surface(
        name="beale",
        title="Beale",
        formula="(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
        latex=r"(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
        domain=(-4.5, 4.5, -4.5, 4.5),
        start=(1.0, 1.5),
        minima=(Minimum(3.0, 0.5, 0.0),),
        value_fn=_beale_value,
        grad_fn=_beale_grad,
        hessian_fn=_beale_hessian,
        description=(
            "Steep walls and a flat, curving valley towards (3, 0.5), with gradients spanning "
            "orders of magnitude: a step size that suits one region explodes or stalls in "
            "another."
        ),
    ),
    Surface(
        name="three_hump_camel",
        title="Three-hump camel",
        formula="2*x**2 - 1.05*x**4 + x**6/6 + x*y + y**2",
        latex=r"2x^2 - 1.05\,x^4 + \frac{x^6}{6} + xy + y^2",
        # literature: [-5, 5]²; the humps live in |x| < 2.5, beyond it x⁶ dominates.
        domain=(-2.5, 2.5, -2.5, 2.5),
        start=(-2.2, 2.0),
        minima=(Minimum(0.0, 0.0, 0.0),),
        local_minima=_three_hump_local(),
        value_fn=_three_hump_value,
        grad_fn=_three_hump_grad,
        hessian_fn=_three_hump_hessian,
        description=(
            "One global minimum flanked by two shallower local minima: started on the side, "
            "most optimizers settle in the nearest hump and only large steps carry one over "
            "into the centre."
        ),
    ),
    Surface(
        name="six_hump_camel",
        title="Six-hump camel",
        formula="(4 - 2.1*x**2 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2",
        latex=r"\left(4 - 2.1\,x^2 + \frac{x^4}{3}\right)x^2 + xy + (-4 + 4y^2)\,y^2",
        # literature: [-3, 3] x [-2, 2]; zoomed as in the VLSE plot to show all six humps.
        domain=(-2.0, 2.0, -1.0, 1.0),
        start=(1.9, 0.9),
        minima=_six_hump_minima(),
        local_minima=_six_hump_local(),
        value_fn=_six_hump_value,
        grad_fn=_six_hump_grad,
        hessian_fn=_six_hump_hessian,
        description=(
            "Six local minima, two of them global mirror images: which basin an optimizer ends "
            "in depends on the path it takes, not only on where it starts."
        ),
    ),
    Surface(
        name="himmelblau",
        title="Himmelblau",
        formula="(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
        latex=r"(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
        domain=(-5.0, 5.0, -5.0, 5.0),
        start=(-0.3, -0.9),  # next to the central maximum
        minima=_himmelblau_minima(),
        value_fn=_himmelblau_value,
        grad_fn=_himmelblau_grad,
        hessian_fn=_himmelblau_hessian,
        description=(
            "Four equally deep global minima around a central hill: from the same start, "
            "different optimizers reach different, equally good answers."
        ),
    ),
    Surface(
        name="goldstein_price",
        title="Goldstein-Price",
        formula=(
            "(1 + (x + y + 1)**2*(19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2))"
            "*(30 + (2*x - 3*y)**2*(18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))"
        ),
        latex=(
            r"\left[1 + (x + y + 1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2)\right]"
            r"\left[30 + (2x - 3y)^2 (18 - 32x + 12x^2 + 48y - 36xy + 27y^2)\right]"
        ),
        domain=(-2.0, 2.0, -2.0, 2.0),
        start=(-1.0, 0.0),
        minima=(Minimum(0.0, -1.0, 3.0),),
        value_fn=_goldstein_price_value,
        grad_fn=_goldstein_price_grad,
        hessian_fn=_goldstein_price_hessian,
        description=(
            "Values span six orders of magnitude across several local minima: raw gradient "
            "steps explode near the edges, so gradient clipping or adaptive scaling is essential."
        ),
    ),
    Surface(
        name="mccormick",
        title="McCormick",
        formula="sin(x + y) + (x - y)**2 - 1.5*x + 2.5*y + 1",
        latex=r"\sin(x + y) + (x - y)^2 - 1.5x + 2.5y + 1",
        domain=(-1.5, 4.0, -3.0, 4.0),
        start=(3.5, -2.0),
        minima=_mccormick_minima(),
        value_fn=_mccormick_value,
        grad_fn=_mccormick_grad,
        hessian_fn=_mccormick_hessian,
        description=(
            "A gently tilted, wavy trough: nearly convex and easy, yet starts on its upper side "
            "drain into a shallow local minimum, and beyond this domain f falls without bound."
        ),
    ),
    Surface(
        name="styblinski_tang",
        title="Styblinski-Tang",
        formula="((x**4 - 16*x**2 + 5*x) + (y**4 - 16*y**2 + 5*y))/2",
        latex=r"\tfrac{1}{2}\left[(x^4 - 16x^2 + 5x) + (y^4 - 16y^2 + 5y)\right]",
        domain=(-5.0, 5.0, -5.0, 5.0),
        start=(0.3, 4.5),
        minima=_styblinski_tang_minima(),
        local_minima=_styblinski_tang_local(),
        value_fn=_styblinski_tang_value,
        grad_fn=_styblinski_tang_grad,
        hessian_fn=_styblinski_tang_hessian,
        description=(
            "Four basins at the corners of a square, only one of them the deepest: descent "
            "goes to the nearest basin, not the best one."
        ),
    ),
    Surface(
        name="levi13",
        title="Lévi N.13",
        formula=(
            "sin(3*pi*x)**2 + (x - 1)**2*(1 + sin(3*pi*y)**2) + (y - 1)**2*(1 + sin(2*pi*y)**2)"
        ),
        latex=(
            r"\sin^2(3\pi x) + (x - 1)^2\left[1 + \sin^2(3\pi y)\right]"
            r" + (y - 1)^2\left[1 + \sin^2(2\pi y)\right]"
        ),
        # literature: [-10, 10]²; zoomed around (1, 1) so the ripples stay resolvable.
        domain=(-2.0, 4.0, -2.0, 4.0),
        start=(-1.2, 3.3),
        minima=(Minimum(1.0, 1.0, 0.0),),
        value_fn=_levi13_value,
        grad_fn=_levi13_grad,
        hessian_fn=_levi13_hessian,
        description=(
            "Dense ripples on a smooth bowl: small steps get stuck between ripples, while "
            "momentum or large steps carry an optimizer over them to (1, 1)."
        ),
    ),
    Surface(
        name="rastrigin",
        title="Rastrigin",
        formula="20 + (x**2 - 10*cos(2*pi*x)) + (y**2 - 10*cos(2*pi*y))",
        latex=r"20 + \left[x^2 - 10\cos(2\pi x)\right] + \left[y^2 - 10\cos(2\pi y)\right]",
        domain=(-5.12, 5.12, -5.12, 5.12),
        start=(3.3, -4.3),
        minima=(Minimum(0.0, 0.0, 0.0),),
        value_fn=_rastrigin_value,
        grad_fn=_rastrigin_grad,
        hessian_fn=_rastrigin_hessian,
        description=(
            "A bowl covered in a regular grid of local minima: gradient methods stop in the "
            "nearest dimple, which is why global optimisation needs more than descent."
        ),
    ),
    Surface(
        name="ackley",
        title="Ackley",
        formula=(
            "-20*exp(-0.2*sqrt(0.5*(x**2 + y**2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20"
        ),
        latex=(
            r"-20\,e^{-0.2\sqrt{(x^2 + y^2)/2}}"
            r" - e^{(\cos 2\pi x + \cos 2\pi y)/2} + e + 20"
        ),
        # literature: [-32.768, 32.768]²; zoomed so the central funnel is visible.
        domain=(-5.0, 5.0, -5.0, 5.0),
        start=(-3.6, 3.2),
        minima=(Minimum(0.0, 0.0, 0.0),),
        value_fn=_ackley_value,
        grad_fn=_ackley_grad,
        hessian_fn=_ackley_hessian,
        description=(
            "An egg-crate of local minima on a funnel with a sharp tip: local gradients point "
            "to the nearest bump, and only momentum or large steps reach the kink at the origin."
        ),
    ),
    Surface(
        name="easom",
        title="Easom",
        formula="-cos(x)*cos(y)*exp(-((x - pi)**2 + (y - pi)**2))",
        latex=r"-\cos x \cos y \; e^{-(x - \pi)^2 - (y - \pi)^2}",
        # literature: [-100, 100]², which is flat to the eye; zoomed around (π, π).
        domain=(-1.0, 7.0, -1.0, 7.0),
        start=(1.5, 4.5),  # on the plateau: |grad f| ~ 2e-3
        minima=(Minimum(PI, PI, -1.0),),
        value_fn=_easom_value,
        grad_fn=_easom_grad,
        hessian_fn=_easom_hessian,
        description=(
            "A flat plateau with one narrow hole at (π, π): from the plateau the gradient is "
            "almost zero, so only methods that rescale tiny gradients (Adam, RMSprop) get going."
        ),
    ),
    Surface(
        name="saddle",
        title="Saddle",
        formula="x**2 - y**2",
        latex=r"x^2 - y^2",
        domain=(-2.0, 2.0, -2.0, 2.0),
        start=(-1.8, 0.02),
        minima=(),
        value_fn=_saddle_value,
        grad_fn=_saddle_grad,
        hessian_fn=_saddle_hessian,
        description=(
            "A saddle point, unbounded below: started almost on the ridge, optimizers slow "
            "down near the origin before escaping along y, and Newton's method is attracted "
            "to the saddle."
        ),
    ),
    Surface(
        name="monkey_saddle",
        title="Monkey saddle",
        formula="x**3 - 3*x*y**2",
        latex=r"x^3 - 3xy^2",
        domain=(-2.0, 2.0, -2.0, 2.0),
        start=(1.5, 0.0),  # on the ridge y = 0, which leads straight into the saddle
        minima=(),
        value_fn=_monkey_saddle_value,
        grad_fn=_monkey_saddle_grad,
        hessian_fn=_monkey_saddle_hessian,
        description=(
            "A degenerate saddle with three downhill valleys, unbounded below: gradient and "
            "Hessian vanish at the origin, so optimizers started on the ridge crawl towards it "
            "and only momentum or normalised steps carry them past."
        ),
    ),
)

SURFACES: dict[str, Surface] = {s.name: s for s in _CATALOGUE}


def surface_names() -> list[str]:
    """Names of the built-in surfaces, in display order."""
    return list(SURFACES)


def get_surface(name: str) -> Surface:
    """The built-in surface called ``name``; ``ValueError`` if there is none."""
    try:
        return SURFACES[name]
    except KeyError:
        known = ", ".join(SURFACES)
        raise ValueError(msg("unknown surface {name}; known: {known}", name=repr(name),
                             known=known)) from None
