"""Tests for the built-in surface catalogue (:mod:`engine.surfaces`).

One parametrized matrix over every surface checks the hand-derived
derivatives against finite differences, the listed minima against the
literature and a dense grid, vectorisation, numerical hygiene and metadata.
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest

from engine.surface import Surface
from engine.surfaces import SURFACES, get_surface, surface_names

REQUIRED = {
    "ravine",
    "sphere",
    "rosenbrock",
    "beale",
    "booth",
    "matyas",
    "himmelblau",
    "three_hump_camel",
    "six_hump_camel",
    "goldstein_price",
    "levi13",
    "ackley",
    "rastrigin",
    "easom",
    "styblinski_tang",
    "mccormick",
    "saddle",
    "monkey_saddle",
}

# Global minima as published (VLSE / Wikipedia), independent of the module's
# own Newton polishing.  Values: (x, y, f).
LITERATURE: dict[str, list[tuple[float, float, float]]] = {
    "ravine": [(0.0, 0.0, 0.0)],
    "sphere": [(0.0, 0.0, 0.0)],
    "rosenbrock": [(1.0, 1.0, 0.0)],
    "beale": [(3.0, 0.5, 0.0)],
    "booth": [(1.0, 3.0, 0.0)],
    "matyas": [(0.0, 0.0, 0.0)],
    "himmelblau": [
        (3.0, 2.0, 0.0),
        (-2.805118086952745, 3.131312518250573, 0.0),
        (-3.779310253377747, -3.283185991286170, 0.0),
        (3.584428340330492, -1.848126526964404, 0.0),
    ],
    "three_hump_camel": [(0.0, 0.0, 0.0)],
    "six_hump_camel": [
        (0.0898420131003, -0.7126564030207, -1.0316284534898774),
        (-0.0898420131003, 0.7126564030207, -1.0316284534898774),
    ],
    "goldstein_price": [(0.0, -1.0, 3.0)],
    "levi13": [(1.0, 1.0, 0.0)],
    "ackley": [(0.0, 0.0, 0.0)],
    "rastrigin": [(0.0, 0.0, 0.0)],
    "easom": [(math.pi, math.pi, -1.0)],
    "styblinski_tang": [(-2.903534027771178, -2.903534027771178, -78.33233140754282)],
    "mccormick": [(-0.547197551196598, -1.547197551196598, -1.9132229549810362)],
    "saddle": [],
    "monkey_saddle": [],
}

ALL = list(SURFACES.values())
params = pytest.mark.parametrize("s", ALL, ids=[s.name for s in ALL])

N_RANDOM = 50
GRID = 400


def random_points(s: Surface, n: int = N_RANDOM, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    xmin, xmax, ymin, ymax = s.domain
    rng = np.random.default_rng(seed)
    return rng.uniform(xmin, xmax, n), rng.uniform(ymin, ymax, n)


def domain_grid(s: Surface, n: int = GRID) -> tuple[np.ndarray, np.ndarray]:
    xmin, xmax, ymin, ymax = s.domain
    return np.meshgrid(np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n))


def central_difference(fn, x: np.ndarray, y: np.ndarray, rel: float = 1e-6):
    """``(∂fn/∂x, ∂fn/∂y)`` of a scalar field ``fn`` by central differences."""
    hx, hy = rel * (1.0 + np.abs(x)), rel * (1.0 + np.abs(y))
    xp, xm, yp, ym = x + hx, x - hx, y + hy, y - hy  # divide by the representable steps
    return (fn(xp, y) - fn(xm, y)) / (xp - xm), (fn(x, yp) - fn(x, ym)) / (yp - ym)


def assert_close(actual, expected, scale, rtol: float = 1e-5, atol: float = 1e-7) -> None:
    """|actual - expected| <= rtol |expected| + atol (1 + scale), pointwise."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    bound = rtol * np.abs(expected) + atol * (1.0 + np.abs(scale))
    err = np.abs(actual - expected)
    worst = int(np.argmax(err - bound))
    assert np.all(err <= bound), (
        f"max violation at index {worst}: {actual.flat[worst]!r} vs {expected.flat[worst]!r}"
    )


# --- catalogue and metadata ---------------------------------------------------------


def test_required_names_exactly_present() -> None:
    assert set(SURFACES) == REQUIRED
    assert surface_names() == list(SURFACES)
    assert surface_names()[0] == "ravine"
    assert set(LITERATURE) == REQUIRED


def test_get_surface() -> None:
    for name in surface_names():
        assert get_surface(name) is SURFACES[name]
    with pytest.raises(ValueError, match=r"unknown surface 'foo'; known: ravine, sphere, "):
        get_surface("foo")


@params
def test_metadata(s: Surface) -> None:
    assert SURFACES[s.name] is s
    assert s.builtin
    for text in (s.title, s.formula, s.latex, s.description):
        assert isinstance(text, str) and text.strip()
    xmin, xmax, ymin, ymax = s.domain
    assert xmin < xmax and ymin < ymax
    json.dumps(s.to_dict())


@params
def test_start_inside_domain_and_not_at_a_minimum(s: Surface) -> None:
    xmin, xmax, ymin, ymax = s.domain
    x0, y0 = s.start
    assert xmin < x0 < xmax and ymin < y0 < ymax
    assert s.nearest_minimum(np.array(s.start))[1] > 1e-2
    assert np.hypot(*s.grad(x0, y0)) > 0.0


# --- derivatives against finite differences ---------------------------------------


@params
def test_gradient_matches_central_differences(s: Surface) -> None:
    x, y = random_points(s)
    gx, gy = s.grad(x, y)
    fdx, fdy = central_difference(s.value, x, y)
    scale = s.value(x, y)
    assert_close(gx, fdx, scale)
    assert_close(gy, fdy, scale)


@params
def test_hessian_matches_central_differences_of_gradient(s: Surface) -> None:
    x, y = random_points(s, seed=1)
    hxx, hxy, hyy = s.hessian(x, y)
    dgx_dx, dgx_dy = central_difference(lambda a, b: s.grad(a, b)[0], x, y)
    dgy_dx, dgy_dy = central_difference(lambda a, b: s.grad(a, b)[1], x, y)
    scale = np.hypot(*s.grad(x, y))
    assert_close(hxx, dgx_dx, scale)
    assert_close(hxy, dgy_dx, scale)
    assert_close(hxy, dgx_dy, scale)
    assert_close(hyy, dgy_dy, scale)


# --- minima -------------------------------------------------------------------


@params
def test_minima_match_literature(s: Surface) -> None:
    expected = LITERATURE[s.name]
    assert len(s.minima) == len(expected)
    for x, y, f in expected:
        m, dist = s.nearest_minimum(np.array([x, y]))
        assert m is not None and dist < 1e-10, (x, y, m)
        assert m.f == pytest.approx(f, rel=0.0, abs=1e-12 * (1.0 + abs(f)))
    for m in s.minima:
        assert all(type(v) is float for v in (m.x, m.y, m.f))


@params
def test_minima_are_stationary_convex_points(s: Surface) -> None:
    for m in s.minima:
        assert float(s.value(m.x, m.y)) == pytest.approx(m.f, rel=0.0, abs=1e-9 * (1 + abs(m.f)))
        assert np.hypot(*s.grad(m.x, m.y)) < 1e-7 * (1.0 + abs(m.f))
        eig = np.linalg.eigvalsh(s.hessian_at(np.array([m.x, m.y])))
        assert eig.min() >= -1e-9 * (1.0 + np.abs(eig).max())


@params
def test_minima_are_global_on_the_domain(s: Surface) -> None:
    xmin, xmax, ymin, ymax = s.domain
    for m in s.minima:
        assert xmin <= m.x <= xmax and ymin <= m.y <= ymax
    if not s.minima:
        return
    fmin = min(m.f for m in s.minima)
    assert {m.f for m in s.minima} == {fmin}, "all listed minima must be global"
    grid_min = float(s.value(*domain_grid(s)).min())
    assert grid_min >= fmin - 1e-9 * (1.0 + abs(fmin))


# --- vectorisation and numerical hygiene -------------------------------------------


@pytest.mark.parametrize(
    "shape_x, shape_y, shape",
    [((), (), ()), ((5,), (5,), (5,)), ((3, 4), (3, 4), (3, 4)), ((3, 1), (4,), (3, 4))],
)
@params
def test_vectorised_shapes(s: Surface, shape_x, shape_y, shape) -> None:
    xmin, xmax, ymin, ymax = s.domain
    rng = np.random.default_rng(2)
    x = rng.uniform(xmin, xmax, shape_x)
    y = rng.uniform(ymin, ymax, shape_y)
    if shape_x == ():
        x, y = float(x), float(y)
    f = s.value(x, y)
    g = s.grad(x, y)
    h = s.hessian(x, y)
    assert f.shape == shape and f.dtype == np.float64
    assert len(g) == 2 and all(a.shape == shape and a.dtype == np.float64 for a in g)
    assert len(h) == 3 and all(a.shape == shape and a.dtype == np.float64 for a in h)
    # Elementwise: each entry equals the scalar evaluation at that point.
    xb, yb = np.broadcast_arrays(np.asarray(x), np.asarray(y))
    for i in np.ndindex(shape):
        xi, yi = float(xb[i]), float(yb[i])
        assert f[i] == pytest.approx(float(s.value(xi, yi)), rel=1e-14, abs=1e-300)
        assert np.allclose([a[i] for a in g], [float(a) for a in s.grad(xi, yi)], rtol=1e-14)
        assert np.allclose([a[i] for a in h], [float(a) for a in s.hessian(xi, yi)], rtol=1e-14)


@params
def test_point_form(s: Surface) -> None:
    x, y = random_points(s, n=7)
    pts = np.stack([x, y], axis=-1)
    assert s.value_at(pts).shape == (7,)
    assert s.grad_at(pts).shape == (7, 2)
    assert s.hessian_at(pts).shape == (7, 2, 2)
    np.testing.assert_array_equal(s.value_at(pts), s.value(x, y))
    np.testing.assert_array_equal(s.grad_at(pts), np.stack(s.grad(x, y), axis=-1))
    hxx, hxy, hyy = s.hessian(x, y)
    h = s.hessian_at(pts)
    np.testing.assert_array_equal(h[:, 0, 0], hxx)
    np.testing.assert_array_equal(h[:, 0, 1], hxy)
    np.testing.assert_array_equal(h[:, 1, 0], hxy)
    np.testing.assert_array_equal(h[:, 1, 1], hyy)


@params
def test_finite_and_warning_free_on_the_domain(s: Surface) -> None:
    gx, gy = domain_grid(s)
    special = [s.start, (0.0, 0.0), *((m.x, m.y) for m in s.minima)]
    x = np.concatenate([gx.ravel(), [p[0] for p in special]])
    y = np.concatenate([gy.ravel(), [p[1] for p in special]])
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        outputs = [s.value(x, y), *s.grad(x, y), *s.hessian(x, y)]
    for out in outputs:
        assert np.all(np.isfinite(out))


def test_ackley_origin_is_a_finite_subgradient() -> None:
    s = get_surface("ackley")
    with np.errstate(all="raise"):
        assert s.value(0.0, 0.0) == pytest.approx(0.0, abs=1e-15)
        assert [float(g) for g in s.grad(0.0, 0.0)] == [0.0, 0.0]
        assert all(np.isfinite(h) for h in s.hessian(0.0, 0.0))


# --- formula strings ------------------------------------------------------------------


@params
def test_formula_matches_value(s: Surface) -> None:
    from engine.formula import parse_formula

    parsed = parse_formula(s.formula)
    x, y = domain_grid(s, 60)
    expected = s.value(x, y)
    np.testing.assert_allclose(
        parsed.value(x, y), expected, rtol=1e-9, atol=1e-9 * (1.0 + np.abs(expected).max())
    )
