"""The 2-D and 3-D race views and the numpy geometry behind them.

Geometry is tested as plain numpy; the views are built for real (pytest-qt,
under a virtual X server with Mesa's OpenGL) and driven through the session
and the mouse, asserting what the user sees.  A subprocess checks that the 3-D
view degrades to a message where OpenGL is unavailable.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from engine.presets import PRESETS
from engine.race import RaceConfig, RacerConfig, Trajectory
from engine.session import Session
from engine.surface import Surface
from engine.surfaces import SURFACES
from gui.services.session_bridge import SessionBridge
from gui.views import geometry
from gui.views.contour import ContourView
from gui.views.surface3d import Surface3DView

ROOT = Path(__file__).resolve().parents[2]


# -- geometry ----------------------------------------------------------------------------


def _nan_surface() -> Surface:
    """``f = log(x)``: undefined (NaN) for x <= 0."""
    with np.errstate(all="ignore"):
        return Surface(
            name="log_x", title="log x", formula="log(x)", latex=r"\log x",
            domain=(-1.0, 3.0, -1.0, 1.0), start=(1.0, 0.0), minima=(),
            value_fn=lambda x, y: np.log(x) + 0 * y,
            grad_fn=lambda x, y: (1 / x + 0 * y, 0 * x * y),
            hessian_fn=lambda x, y: (-1 / x**2 + 0 * y, 0 * x * y, 0 * x * y),
            builtin=False)


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_levels_are_increasing_and_evenly_spaced_in_log(name: str) -> None:
    surface = SURFACES[name]
    grid = geometry.sample(surface, surface.domain, 120)
    scale = geometry.LogScale.for_grid(grid)
    levels = scale.levels(16)
    assert len(levels) == 16
    assert np.all(np.diff(levels) > 0)
    t = scale.log(levels)
    np.testing.assert_allclose(np.diff(t), np.diff(t)[0], rtol=1e-6)
    assert scale.lo < t[0] and t[-1] < scale.hi


def test_bowls_get_log_levels_and_saddles_almost_linear_ones() -> None:
    def ratio(name: str) -> float:  # gap between the two lowest levels / the two highest
        s = SURFACES[name]
        levels = geometry.LogScale.for_grid(geometry.sample(s, s.domain, 120)).levels(16)
        return (levels[1] - levels[0]) / (levels[-1] - levels[-2])

    assert ratio("rosenbrock") < 0.01  # log-spaced: dense near the minimum
    assert 0.3 < ratio("saddle") < 1.0  # unbounded below: nearly evenly spaced


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_image_is_finite_and_normalised(name: str) -> None:
    surface = SURFACES[name]
    grid = geometry.sample(surface, surface.domain, 200)
    assert grid.z.shape == geometry.grid_shape(surface.domain, 200)
    img = geometry.image(grid, geometry.LogScale.for_grid(grid))
    assert img.shape == grid.z.shape and img.dtype == np.float32
    assert np.isfinite(img).all()
    assert img.min() >= 0.0 and img.max() <= 1.0
    assert img.max() - img.min() > 0.5  # uses the colour range


def test_huge_values_do_not_wash_out_the_image() -> None:
    surface = SURFACES["goldstein_price"]  # 3 ... 10^6
    grid = geometry.sample(surface, surface.domain, 200)
    img = geometry.image(grid, geometry.LogScale.for_grid(grid))
    assert 0.25 < float(np.median(img)) < 0.9
    assert np.mean(img >= 1.0) < 0.01  # only the clipped top half-percent saturates


def test_undefined_values_stay_nan_and_contours_skip_them() -> None:
    surface = _nan_surface()
    grid = geometry.sample(surface, surface.domain, 100)
    scale = geometry.LogScale.for_grid(grid)
    img = geometry.image(grid, scale)
    assert np.isnan(img[:, grid.x <= 0]).all()
    assert np.isfinite(img[:, grid.x > 0]).all()
    xs, ys = geometry.contour_lines(grid, scale, scale.levels(8))
    assert len(xs) > 0
    assert np.nanmin(xs) > 0


@pytest.mark.parametrize("name", ["rosenbrock", "himmelblau", "rastrigin", "saddle"])
def test_contour_lines_are_one_nan_separated_array_on_the_levels(name: str) -> None:
    surface = SURFACES[name]
    grid = geometry.sample(surface, surface.domain, 200)
    scale = geometry.LogScale.for_grid(grid)
    levels = scale.levels(16)
    xs, ys = geometry.contour_lines(grid, scale, levels)
    assert xs.shape == ys.shape and xs.ndim == 1 and len(xs) > 100
    gaps = np.isnan(xs)
    np.testing.assert_array_equal(gaps, np.isnan(ys))
    assert gaps.sum() >= len(levels) - 1  # at least one line per level
    assert not gaps[0] and not gaps[-1] and not (gaps[1:] & gaps[:-1]).any()
    x, y = xs[~gaps], ys[~gaps]
    xmin, xmax, ymin, ymax = surface.domain
    assert x.min() >= xmin and x.max() <= xmax and y.min() >= ymin and y.max() <= ymax
    # Every vertex lies on one of the levels (up to interpolation between samples).
    t = scale.log(surface.value(x, y))
    nearest = np.min(np.abs(t[:, None] - scale.log(levels)[None, :]), axis=1)
    step = np.diff(scale.log(levels))[0]
    assert np.median(nearest) < 0.02 * step
    assert np.percentile(nearest, 99) < 0.5 * step


def test_gradient_field_is_unit_arrows_along_minus_the_gradient() -> None:
    surface = SURFACES["sphere"]
    rect = (-5.0, 5.0, -2.5, 2.5)
    xs, ys = geometry.gradient_field(surface, rect, n=20)
    ny, nx = geometry.grid_shape(rect, 20)
    assert (ny, nx) == (10, 20)
    assert xs.shape == ys.shape == (7 * nx * ny,)
    pts = np.stack([xs, ys], -1).reshape(-1, 7, 2)
    assert np.isnan(pts[:, [2, 6]]).all()
    ok = np.isfinite(pts[:, 0, 0])
    assert ok.all()  # no arrow at an exact zero of the gradient on this grid
    tails, tips = pts[:, 0], pts[:, 1]
    np.testing.assert_allclose(tips, pts[:, 4])  # both head strokes meet at the tip
    v = tips - tails
    length = np.hypot(v[:, 0], v[:, 1])
    np.testing.assert_allclose(length, 0.7 * 10 / 20)
    centre = (tails + tips) / 2
    np.testing.assert_allclose(v / length[:, None],
                               -centre / np.hypot(centre[:, 0], centre[:, 1])[:, None],
                               atol=1e-12)


def test_arrows_of_zero_length_are_not_drawn() -> None:
    xs, ys = geometry.arrows(np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0, 0.0], [1, 0]]))
    assert np.isnan(xs[:7]).all()
    assert xs[7] == 1.0 and xs[8] == 2.0 and ys[8] == 1.0


def test_trail_is_sliced_at_the_cursor_step() -> None:
    traj = Trajectory(max_points=64)
    for k in range(50):
        traj.append(k, float(k), -float(k), 1.0, 1.0, 1.0)
    for cursor, n in [(0, 1), (3, 4), (49, 50), (500, 50)]:
        x, y = geometry.trail(traj, cursor)
        assert len(x) == len(y) == n
        np.testing.assert_array_equal(x, np.arange(n))
        np.testing.assert_array_equal(y, -np.arange(n))
    for k in range(50, 100):  # the record thins out: steps are no longer row numbers
        traj.append(k, float(k), -float(k), 1.0, 1.0, 1.0)
    x, _ = geometry.trail(traj, 60)
    assert x[-1] <= 60 and len(x) == geometry.cursor_index(traj.column("step"), 60)
    assert np.all(traj.column("step")[: len(x)] <= 60)


def test_trails_drape_onto_the_drawn_mesh() -> None:
    surface = SURFACES["himmelblau"]
    grid = geometry.sample(surface, surface.domain, 40, vertices=True)
    heights = geometry.LogScale.for_grid(grid)(grid.z) * 3.0
    # At the vertices the mesh height is the vertex height ...
    xx, yy = np.meshgrid(grid.x, grid.y)
    np.testing.assert_allclose(geometry.mesh_height(grid, heights, xx, yy), heights, atol=1e-12)
    # ... and inside a cell it is linear on each of the two triangles.
    i, j = 7, 11
    x0, x1, y0, y1 = grid.x[i], grid.x[i + 1], grid.y[j], grid.y[j + 1]
    lower = geometry.mesh_height(grid, heights, x0 + 0.25 * (x1 - x0), y0 + 0.25 * (y1 - y0))
    expected = (heights[j, i] + 0.25 * (heights[j, i + 1] - heights[j, i])
                + 0.25 * (heights[j + 1, i] - heights[j, i]))
    assert lower == pytest.approx(expected)
    assert np.isnan(geometry.mesh_height(grid, heights, 99.0, 0.0))

    x, y = np.array([-4.0, 0.0, 0.5]), np.array([-4.0, 1.0, 1.0])
    pts, rows = geometry.drape(x, y, lambda px, py: geometry.mesh_height(grid, heights, px, py),
                               max_len=0.25)
    np.testing.assert_allclose(pts[rows, 0], x, atol=1e-6)
    np.testing.assert_allclose(pts[rows, 1], y, atol=1e-6)
    seg = np.hypot(np.diff(pts[:, 0]), np.diff(pts[:, 1]))
    assert seg.max() <= 0.25 + 1e-6
    np.testing.assert_allclose(pts[:, 2], geometry.mesh_height(grid, heights, pts[:, 0],
                                                               pts[:, 1]), atol=1e-5)


def test_new_cells_keeps_one_point_per_cell_and_extends_consistently() -> None:
    rng = np.random.default_rng(1)
    xy = np.cumsum(rng.normal(scale=0.02, size=(500, 2)), axis=0)
    whole = geometry.new_cells(xy[:, 0], xy[:, 1], 0.1)
    assert whole[0] == 0 and 50 < len(whole) < 400
    cells = np.floor(xy / 0.1)
    kept_cells = cells[whole]
    assert (np.diff(kept_cells, axis=0) != 0).any(axis=1).all()
    part = geometry.new_cells(xy[300:, 0], xy[300:, 1], 0.1, previous=tuple(xy[299])) + 300
    np.testing.assert_array_equal(np.concatenate([whole[whole < 300], part]), whole)
    assert len(geometry.new_cells(np.empty(0), np.empty(0), 0.1)) == 0


def test_segments_split_polylines_at_nan() -> None:
    xs = np.array([0.0, 1.0, 2.0, np.nan, 5.0, 6.0])
    seg = geometry.segments(xs, xs * 0, 1.0)
    np.testing.assert_array_equal(seg[:, 0], [0, 1, 1, 2, 5, 6])
    assert (seg[:, 2] == 1.0).all()


# -- the 2-D view --------------------------------------------------------------------------


@pytest.fixture
def bridge() -> SessionBridge:
    return SessionBridge(Session())


@pytest.fixture
def view(qtbot, bridge) -> ContourView:
    v = ContourView(bridge)
    qtbot.addWidget(v)
    v.resize(800, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


def _trail(view: ContourView, i: int) -> np.ndarray:
    x, y = view.trail_points(i)
    return np.column_stack([x, y])


def _viewport_point(qtbot, view: ContourView, x: float, y: float) -> QPoint:
    qtbot.wait(30)  # let the layout settle: axis widths change the aspect-locked range
    view.plot.scene().prepareForPaint()  # the view's transform is updated lazily
    scene = view.viewbox.mapViewToScene(QPointF(x, y))
    return view.plot.mapFromScene(scene)


def test_trails_show_the_trajectory_up_to_the_cursor(view, bridge) -> None:
    session = bridge.session
    session.apply(PRESETS["ravine"].config())
    session.step(10)
    assert len(view.trails) == len(session.race.racers) == 4
    for i, racer in enumerate(session.race.racers):
        np.testing.assert_array_equal(_trail(view, i), racer.trajectory.positions[:11])
    markers = view.marker_item.getData()
    np.testing.assert_allclose(np.column_stack(markers),
                               [r.trajectory.positions[10] for r in session.race.racers])
    session.seek(3)
    for i, racer in enumerate(session.race.racers):
        np.testing.assert_array_equal(_trail(view, i), racer.trajectory.positions[:4])
    session.seek(10)
    assert all(len(_trail(view, i)) == 11 for i in range(4))


def test_hiding_a_racer_hides_its_trail_and_marker(view, bridge) -> None:
    session = bridge.session
    session.apply(PRESETS["ravine"].config())
    session.step(5)
    session.set_display(1, visible=False)
    assert not view.trails[1].tail.isVisible()
    assert all(view.trails[i].tail.isVisible() for i in (0, 2, 3))
    assert len(view.marker_item.getData()[0]) == 3
    session.set_display(1, color="#ff00ff", visible=True)
    assert view.trails[1].tail.isVisible()
    assert view.trails[1].tail.opts["pen"].color().name() == "#ff00ff"


def test_racers_added_and_removed_get_and_lose_trails(view, bridge) -> None:
    session = bridge.session
    session.set_racers([RacerConfig("sgd", {"lr": 0.1})])
    assert len(view.trails) == 1
    session.add_racer(RacerConfig("adam", {"lr": 0.1}))
    session.step(3)
    assert len(view.trails) == 2 and len(_trail(view, 1)) == 4
    session.remove_racer(0)
    assert len(view.trails) == 1
    trails = [i for i in view.plot_item.items if type(i).__name__ == "PlotDataItem"]
    assert trails == [view.trails[0].history, view.trails[0].tail]


def test_a_diverged_racer_is_marked_with_an_x(view, bridge) -> None:
    session = bridge.session
    session.apply(RaceConfig(surface="ravine", start=(-7.0, 2.0),
                             racers=[RacerConfig("sgd", {"lr": 1.5}),
                                     RacerConfig("sgd", {"lr": 0.1})]))
    session.step(60)
    assert session.race.racers[0].status == "diverged"
    symbols = list(view.marker_item.data["symbol"])
    assert symbols == ["x", "o"]
    session.seek(1)  # before it diverged
    assert list(view.marker_item.data["symbol"]) == ["o", "o"]


def test_selected_racer_shows_its_step_and_the_gradient(view, bridge) -> None:
    session = bridge.session
    session.apply(PRESETS["ravine"].config())
    session.step(5)
    assert view.step_arrow.getData()[0] is None or len(view.step_arrow.getData()[0]) == 0
    session.select(3)
    racer = session.race.racers[3]
    xs, ys = view.step_arrow.getData()
    pos = racer.trajectory.positions
    assert (xs[0], ys[0]) == pytest.approx(tuple(pos[4]))  # from where the step began
    assert (xs[1], ys[1]) == pytest.approx(tuple(pos[5]))  # to the racer
    gx, gy = view.grad_arrow.getData()
    direction = np.array([gx[1] - gx[0], gy[1] - gy[0]])
    expected = -racer.last_grad / np.hypot(*racer.last_grad)
    np.testing.assert_allclose(direction / np.hypot(*direction), expected, atol=1e-9)
    session.seek(2)  # scrubbing back: arrows follow the cursor
    xs, ys = view.step_arrow.getData()
    assert (xs[1], ys[1]) == pytest.approx(tuple(pos[2]))
    session.select(None)
    assert len(view.step_arrow.getData()[0]) == 0


def test_left_click_sets_the_start(qtbot, view, bridge) -> None:
    session = bridge.session
    session.apply(PRESETS["ravine"].config())
    session.step(5)
    target = _viewport_point(qtbot, view, -3.0, 1.5)
    qtbot.mouseMove(view.plot.viewport(), target)
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=target)
    (x0, x1), _ = view.viewbox.viewRange()
    pixel = (x1 - x0) / view.viewbox.width()
    assert session.start == pytest.approx((-3.0, 1.5), abs=2 * pixel)
    assert session.cursor == 0
    assert all(len(_trail(view, i)) == 1 for i in range(4))
    start = view.start_item.pos()
    assert (start.x(), start.y()) == pytest.approx(session.start)


def test_right_click_does_not_set_the_start(qtbot, view, bridge) -> None:
    before = bridge.session.start
    target = _viewport_point(qtbot, view, 2.0, 1.0)
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.RightButton, pos=target)
    view.plot_item.getViewBox().menu.hide()
    assert bridge.session.start == before


def test_readout_shows_f_and_gradient_under_the_mouse(qtbot, view, bridge) -> None:
    surface = bridge.session.surface
    qtbot.mouseMove(view.plot.viewport(), _viewport_point(qtbot, view, 4.0, -2.0))
    qtbot.waitUntil(lambda: "f=" in view.readout.text(), timeout=2000)
    text = view.readout.text().replace("−", "-")
    m = re.fullmatch(r"x=(\S+)\s+y=(\S+)\s+f=(\S+)\s+∇f=\((\S+), (\S+)\)", text)
    assert m, text
    x, y, f, gx, gy = map(float, m.groups())
    assert (x, y) == pytest.approx((4.0, -2.0), abs=0.1)
    assert f == pytest.approx(float(surface.value(x, y)), rel=1e-3, abs=1e-3)
    assert (gx, gy) == pytest.approx(tuple(float(g) for g in surface.grad(x, y)), rel=2e-3,
                                     abs=1e-3)
    assert view.readout.isVisible()


def test_surface_change_redraws_image_minima_and_fits_the_view(view, bridge) -> None:
    bridge.session.set_surface("himmelblau")
    domain = (-5.0, 5.0, -5.0, 5.0)
    rect = view.image_item.mapRectToView(view.image_item.boundingRect())
    assert (rect.left(), rect.right(), rect.top(), rect.bottom()) == pytest.approx(
        view.image_rect)
    x0, x1, y0, y1 = view.image_rect
    assert x0 < domain[0] and x1 > domain[1] and y0 < domain[2] and y1 > domain[3]
    (vx0, vx1), (vy0, vy1) = view.viewbox.viewRange()
    assert vx0 <= -5 and vx1 >= 5 and vy0 <= -5 and vy1 >= 5
    assert min(vx1 - vx0, vy1 - vy0) < 11  # fitted (one axis tight), not zoomed out
    assert len(view.minima_item.data) == 4
    assert np.isfinite(view.image_item.image).all()
    assert view.image_item.image.shape == geometry.grid_shape(view.image_rect, 400)


def test_zooming_recomputes_the_image_for_the_visible_range(qtbot, view, bridge) -> None:
    bridge.session.set_surface("rosenbrock")
    full = view.image_rect
    view.viewbox.setRange(xRange=(0.9, 1.1), yRange=(0.9, 1.1), padding=0)
    assert view.image_rect == full  # debounced: not yet
    qtbot.waitUntil(lambda: view.image_rect != full, timeout=2000)
    x0, x1, y0, y1 = view.image_rect
    assert x1 - x0 < 0.5 and x0 < 0.9 and x1 > 1.1
    assert view.image_item.image.shape[1] == 400  # full detail for the small range
    view.fit_view()
    view.refresh()
    assert view.image_rect[1] - view.image_rect[0] > 4


def test_gradient_field_toggle(view, bridge) -> None:
    assert not view.field_item.isVisible()
    view.set_gradient_field(True)
    assert view.gradient_field and view.field_item.isVisible()
    xs, _ = view.field_item.getData()
    assert len(xs) % 7 == 0 and len(xs) > 7 * 100
    view.set_gradient_field(False)
    assert not view.field_item.isVisible()


def test_export_png_and_svg(view, bridge, tmp_path) -> None:
    bridge.session.apply(PRESETS["himmelblau"].config())
    bridge.session.step(20)
    png, svg = tmp_path / "race.png", tmp_path / "race.svg"
    view.export_png(str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    view.export_svg(str(svg))
    assert "<svg" in svg.read_text(encoding="utf-8")


def test_cursor_updates_recompute_nothing_but_the_trails(view, bridge, monkeypatch) -> None:
    session = bridge.session
    racers = [RacerConfig("momentum", {"lr": 1e-4 * (k + 1)}) for k in range(10)]
    session.apply(RaceConfig(surface="rosenbrock", start=(-1.5, 2.0), racers=racers), step=2000)
    assert all(r.status != "diverged" for r in session.race.racers)
    calls: list[str] = []
    for name in ("sample", "contour_lines", "gradient_field"):
        real = getattr(geometry, name)
        monkeypatch.setattr(geometry, name,
                            lambda *a, _n=name, _f=real, **k: (calls.append(_n), _f(*a, **k))[1])
    n = 120
    for k in range(n):
        session.seek(1000 + 8 * k)
    assert calls == []  # the surface image, contours and field are not recomputed per frame
    positions = session.race.racers[9].trajectory.positions
    np.testing.assert_array_equal(_trail(view, 9)[-1], positions[1000 + 8 * (n - 1)])


def test_long_trails_are_drawn_through_one_point_per_pixel(qtbot, view, bridge) -> None:
    session = bridge.session
    racers = [RacerConfig("sgd", {"lr": 1e-3}), RacerConfig("momentum", {"lr": 1e-3})]
    session.apply(RaceConfig(surface="rosenbrock", start=(-1.5, 2.0), racers=racers), step=1500)
    view.refresh()
    (x0, x1), _ = view.viewbox.viewRange()
    cell = (x1 - x0) / view.viewbox.width()
    for seek in (1500, 700, 1500):
        session.seek(seek)
        for i, racer in enumerate(session.race.racers):
            rows = racer.trajectory.positions[: seek + 1]
            drawn = _trail(view, i)
            assert len(drawn) < 0.7 * len(rows)  # the crawl along the valley collapses
            np.testing.assert_array_equal(drawn[0], rows[0])
            np.testing.assert_array_equal(drawn[-1], rows[-1])
            # drawn points are rows, in order, and every row is within ~1.4 px of the
            # last drawn point at or before it
            idx = np.flatnonzero((rows[:, None, :] == drawn[None, :, :]).all(-1).any(1))
            assert len(idx) >= len(drawn) - 1
            owner = np.searchsorted(idx, np.arange(len(rows)), side="right") - 1
            gap = np.hypot(*(rows - rows[idx[owner]]).T)
            assert gap.max() <= np.sqrt(2) * cell * 1.001
    # zooming in redraws the trails at the finer pixel size
    before = len(_trail(view, 0))
    view.viewbox.setRange(xRange=(-1.2, -0.8), yRange=(0.6, 1.4), padding=0)
    view.refresh()
    assert len(_trail(view, 0)) > before


# -- the 3-D view ----------------------------------------------------------------------


@pytest.fixture
def view3d(qtbot, bridge) -> Surface3DView:
    v = Surface3DView(bridge)
    qtbot.addWidget(v)
    v.resize(600, 500)
    v.show()
    qtbot.waitExposed(v)
    return v


def test_3d_view_draws_surface_and_one_line_per_racer(qtbot, view3d, bridge) -> None:
    assert view3d.available, view3d.reason
    assert view3d.message is None
    assert view3d.surface_item in view3d.view.items
    session = bridge.session
    session.apply(PRESETS["ravine"].config())
    session.step(10)
    qtbot.wait(20)  # let it paint: drawing errors would fail the test as warnings
    assert len(view3d.line_items) == 4
    assert all(item in view3d.view.items for item in view3d.line_items)
    for racer, item in zip(session.race.racers, view3d.line_items, strict=True):
        pts = item.pos
        assert len(pts) >= 11
        np.testing.assert_allclose(pts[0, :2], racer.trajectory.positions[0], atol=1e-5)
        np.testing.assert_allclose(pts[-1, :2], racer.trajectory.positions[10], atol=1e-5)
        # on the mesh, lifted by the same small epsilon everywhere
        lift = pts[:, 2] - geometry.mesh_height(view3d._grid, view3d._heights,
                                                pts[:, 0].astype(float), pts[:, 1].astype(float))
        np.testing.assert_allclose(lift, lift[0], atol=1e-4)
        assert 0 < lift[0] < 0.05 * view3d.height_scale
    assert len(view3d.marker_item.pos) == 4
    full = len(view3d.line_items[0].pos)
    session.seek(3)
    assert 4 <= len(view3d.line_items[0].pos) < full
    np.testing.assert_allclose(view3d.line_items[0].pos[-1, :2],
                               session.race.racers[0].trajectory.positions[3], atol=1e-5)
    session.set_display(2, visible=False)
    assert not view3d.line_items[2].visible()
    assert len(view3d.marker_item.pos) == 3
    session.set_racers([RacerConfig("adam", {"lr": 0.1})])
    assert len(view3d.line_items) == 1


def test_3d_view_mesh_heights_use_the_shared_log_scale(view3d, bridge) -> None:
    bridge.session.set_surface("rosenbrock")
    grid = view3d._grid
    expected = view3d.scale(grid.z) * view3d.height_scale
    np.testing.assert_allclose(view3d._heights, expected)
    assert view3d._heights.min() == pytest.approx(0, abs=1e-9)
    assert view3d._heights.max() == pytest.approx(view3d.height_scale)


def test_3d_view_hidden_does_no_work_until_shown(qtbot, bridge) -> None:
    v = Surface3DView(bridge)
    qtbot.addWidget(v)
    bridge.session.apply(PRESETS["ravine"].config())
    bridge.session.step(5)
    assert v.line_items == []  # not shown yet: nothing computed
    v.show()
    qtbot.waitExposed(v)
    assert len(v.line_items) == 4 and len(v.line_items[0].pos) >= 6


OFFSCREEN = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from engine.presets import PRESETS
    from engine.session import Session
    from gui.services.session_bridge import SessionBridge
    from gui.views.surface3d import Surface3DView
    bridge = SessionBridge(Session())
    view = Surface3DView(bridge)
    view.resize(400, 300)
    view.show()
    bridge.session.apply(PRESETS["ravine"].config())
    bridge.session.step(10)
    for _ in range(5):
        app.processEvents()
    print("available", view.available)
    print("message", view.message.text())
    print("visible", view.message.isVisible())
    """
)


def test_3d_view_without_opengl_shows_a_message(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-c", OFFSCREEN], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["available"] == "False"
    assert lines["message"].startswith("3-D view unavailable: OpenGL could not be initialised (")
    assert lines["message"].endswith("Everything else works.")
    assert lines["visible"] == "True"
    assert "Traceback" not in done.stderr and "QOpenGLWidget" not in done.stderr


def test_start_change_and_replay_keep_both_views_in_sync(qtbot, view, view3d, bridge) -> None:
    session = bridge.session
    session.apply(replace(PRESETS["himmelblau"].config(), start=(1.0, 1.0)))
    session.step(15)
    session.set_start(-1.0, -1.0)
    session.step(4)
    for i, racer in enumerate(session.race.racers):
        np.testing.assert_array_equal(_trail(view, i), racer.trajectory.positions[:5])
        np.testing.assert_allclose(view3d.line_items[i].pos[-1, :2],
                                   racer.trajectory.positions[4], atol=1e-5)
    assert math.isclose(view.start_item.pos().x(), -1.0)


def test_dragging_the_start_marker_sets_the_start(qtbot, view, bridge) -> None:
    session = bridge.session
    session.set_racers([RacerConfig("sgd", {"lr": 0.1})])
    x0, y0 = session.start
    viewport = view.plot.viewport()
    a = _viewport_point(qtbot, view, x0, y0)
    b = _viewport_point(qtbot, view, 2.0, -1.0)
    before = view.viewbox.viewRange()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
    for k in range(1, 11):
        qtbot.mouseMove(viewport, a + (b - a) * (k / 10))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)
    qtbot.waitUntil(lambda: session.start != (x0, y0), timeout=2000)
    (vx0, vx1), _ = view.viewbox.viewRange()
    pixel = (vx1 - vx0) / view.viewbox.width()
    assert session.start == pytest.approx((2.0, -1.0), abs=3 * pixel)
    np.testing.assert_allclose(view.viewbox.viewRange(), before)  # the marker moved, not the view


def test_swats_racer_shows_where_it_switched(qtbot) -> None:
    from engine.race import RaceConfig, RacerConfig
    from gui.services.session_bridge import SessionBridge
    from gui.views.contour import ContourView

    bridge = SessionBridge()
    view = ContourView(bridge)
    qtbot.addWidget(view)
    bridge.session.apply(RaceConfig(surface="rosenbrock", start=(-1.5, 2.0), racers=[
        RacerConfig("swats", {"lr": 0.05, "eps": 0.01}), RacerConfig("adam", {"lr": 0.05})]))
    bridge.session.step(200)
    racer = bridge.session.race.racers[0]
    k = int(racer.state["switch_step"][0])
    assert 0 < k < 200
    points = view.switch_points(200)
    assert [(i, step) for i, _, _, step in points] == [(0, k)]
    x, y = racer.trajectory.positions[k]
    assert points[0][1:3] == (x, y)
    assert view.switch_item.data["data"].tolist() == [k]
    bridge.session.seek(k - 1)
    assert view.switch_points(k - 1) == [] and len(view.switch_item.data) == 0
