"""Animation costs that must not grow: per-tick work, static layers, playback under load.

These tests count work (points handed to pyqtgraph, paints, rebuilds, steps per
tick), never time: the playback clock is a fake one advanced by the test.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.race import RaceConfig, RacerConfig
from engine.session import Session
from gui.race.curves import DISPLAY_POINTS, CurvesView, _Series, nice_ceiling
from gui.race.playback import MAX_BACKLOG_S, TICK_BUDGET_S, PlaybackPanel
from gui.services.session_bridge import SessionBridge
from gui.views.contour import ContourView


def make_bridge(surface: str = "rosenbrock", n: int = 1) -> SessionBridge:
    racers = [RacerConfig("sgd", {"lr": 1e-4 * (i + 1)}) for i in range(n)]
    return SessionBridge(Session(RaceConfig(surface=surface, racers=racers)))


def spy_set_data(items) -> list[int]:
    """Record the number of points of every ``setData`` on ``items``."""
    sizes: list[int] = []
    for item in items:
        original = item.setData

        def set_data(*args, _original=original, **kwargs):
            sizes.append(len(args[0]) if args else 0)
            return _original(*args, **kwargs)

        item.setData = set_data
    return sizes


# -- curves --------------------------------------------------------------------------
def test_points_per_refresh_do_not_grow_with_the_race(qtbot):
    bridge = make_bridge()
    view = CurvesView(bridge)
    qtbot.addWidget(view)
    curves = view.loss_curves + view.distance_curves + view.step_curves
    sizes = spy_set_data(curves)
    session = bridge.session
    session.step(1_000)
    early = max(sizes)
    assert early == 1_001  # every row while the race is short
    sizes.clear()
    session.step(49_000)
    session.step(1)
    assert sizes and max(sizes) <= DISPLAY_POINTS + 1
    # The curve still starts at step 0 and ends exactly at the cursor.
    x, y = view.loss_curves[0].getData()
    assert x[0] == 0 and x[-1] == session.cursor == 50_001
    loss = session.race.racers[0].trajectory.column("loss")
    fmin = min(m.f for m in session.surface.minima)
    assert 10 ** y[-1] == pytest.approx(max(loss[-1] - fmin, 1e-16))  # y is log10


def test_display_series_keeps_a_regular_subsample():
    bridge = make_bridge()
    session = bridge.session
    session.step(5_000)
    traj = session.race.racers[0].trajectory
    series = _Series(traj, session.surface, capacity=64)
    series.update()
    assert series.n <= 64
    kept = series.steps[: series.n]
    assert kept[0] == 0 and np.all(np.diff(kept) == series.stride)
    session.step(3)  # incremental updates give the same rows as one update
    series.update()
    fresh = _Series(traj, session.surface, capacity=64)
    fresh.update()
    np.testing.assert_array_equal(series.steps[: series.n], fresh.steps[: fresh.n])
    np.testing.assert_array_equal(series.loss[: series.n], fresh.loss[: fresh.n])


def test_axes_grow_in_steps_not_every_tick(qtbot):
    bridge = make_bridge()
    view = CurvesView(bridge)
    qtbot.addWidget(view)
    session = bridge.session
    session.step(1_001)
    calls = {"x": 0, "y": 0}
    for plot in (view.loss_plot, view.distance_plot, view.step_plot):
        for axis in ("x", "y"):
            original = getattr(plot, f"set{axis.upper()}Range")

            def counted(*args, _original=original, _axis=axis, **kwargs):
                calls[_axis] += 1
                return _original(*args, **kwargs)

            setattr(plot, f"set{axis.upper()}Range", counted)
    for _ in range(100):
        session.step(1)
    assert calls["x"] == 0  # 1 001 … 1 100 all fit the axis set for 1 001 (… 1 250)
    assert calls["y"] <= 3  # a decade crossed now and then, not 100 times
    (x0, x1), _ = view.loss_plot.viewRange()
    assert x1 >= session.cursor


def test_nice_ceiling():
    assert [nice_ceiling(v) for v in (10, 11, 1_001, 1_250, 2_600, 9_000)] == [
        10, 12.5, 1_250, 1_250, 3_000, 10_000]


# -- the map -------------------------------------------------------------------------
def test_static_layers_are_not_repainted_when_only_racers_move(qtbot):
    bridge = make_bridge(n=3)
    view = ContourView(bridge)
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)  # layouts settle and the view is fitted
    view.plot.viewport().repaint()
    paints = {"image": 0, "contours": 0, "trail": 0}
    for name, item in (("image", view.image_item), ("contours", view.contour_item),
                       ("trail", view.trails[0].tail.curve)):
        original = item.paint

        def paint(*args, _original=original, _name=name):
            paints[_name] += 1
            return _original(*args)

        item.paint = paint
    rebuilds = {"image": 0, "contours": 0}
    for name, method in (("image", "setImage"), ("contours", "setData")):
        item = view.image_item if name == "image" else view.contour_item
        original = getattr(item, method)

        def rebuilt(*args, _original=original, _name=name, **kwargs):
            rebuilds[_name] += 1
            return _original(*args, **kwargs)

        setattr(item, method, rebuilt)
    for _ in range(20):
        bridge.session.step(1)
        view.plot.viewport().repaint()
    assert paints["trail"] >= 20  # the frames were painted ...
    assert paints["image"] == paints["contours"] == 0  # ... over the cached layers
    assert rebuilds == {"image": 0, "contours": 0}
    bridge.session.set_surface("himmelblau")  # a new surface is drawn anew
    view.plot.viewport().repaint()
    assert rebuilds["image"] == 1 and paints["image"] >= 1


# -- playback --------------------------------------------------------------------------
class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def slow_playback(qtbot, monkeypatch):
    """A playback panel whose engine takes ``panel.cost`` (10 ms) of fake time per step."""
    bridge = make_bridge(n=2)
    panel = PlaybackPanel(bridge)
    qtbot.addWidget(panel)
    clock = FakeClock()
    panel.clock = clock
    race = bridge.session.race
    step = race.step

    def slow_step(n: int = 1) -> None:
        clock.t += panel.cost * n
        step(n)

    panel.cost = 0.010

    monkeypatch.setattr(race, "step", slow_step)
    panel.set_max_steps(100_000)
    panel._timer.setInterval(10**6)  # the test ticks by hand
    return panel, clock


def test_playback_degrades_to_a_sustainable_speed(slow_playback):
    panel, clock = slow_playback
    panel.set_speed(100_000)
    panel.play()
    session = panel.session
    per_tick = []
    for _ in range(60):
        clock.t += 0.016  # a frame
        before = session.cursor
        panel._tick()
        per_tick.append(session.cursor - before)
        # The tick stopped simulating once its budget was spent (one chunk may overrun).
        assert per_tick[-1] <= TICK_BUDGET_S / 0.010 + panel._chunk + 1
        assert panel._owed <= 100_000 * MAX_BACKLOG_S + 1  # the debt does not pile up
    assert min(per_tick) >= 1  # but it always moves
    assert panel.is_engine_limited()
    text = panel.status_label.text()
    assert text.startswith("engine-limited:") and text.endswith("steps/s")
    assert 50 <= panel.achieved_speed() <= 100  # ~ 1 step per 10 ms of engine time
    panel.pause()
    assert panel.status_label.text() == ""


def test_playback_is_driven_by_time_not_by_ticks(slow_playback, monkeypatch):
    panel, clock = slow_playback
    panel.cost = 0.0001  # a fast engine; painting is what is slow
    panel.set_speed(60)
    panel.play()
    session = panel.session
    clock.t += 0.016
    panel._tick()  # the first step at once
    start = session.cursor
    for _ in range(4):  # painting is slow: 0.5 s between ticks
        clock.t += 0.5
        panel._tick()
    assert session.cursor - start == pytest.approx(4 * 0.5 * 60, abs=1)
    assert not panel.is_engine_limited()


def test_slow_refreshes_are_throttled_while_playing(qtbot):
    bridge = make_bridge()
    view = CurvesView(bridge)
    qtbot.addWidget(view)
    sizes = spy_set_data(view.loss_curves)
    bridge.set_playing(True)
    for _ in range(10):
        bridge.session.step(1)  # ten frames within the throttle interval
    assert len(sizes) == 1  # the first at once, the others coalesced
    bridge.set_playing(False)  # stopping shows the latest step at once
    assert len(sizes) == 2
    assert view.loss_curves[0].getData()[0][-1] == bridge.session.cursor == 10


def test_3d_mesh_is_built_only_when_the_surface_changes(qtbot):
    from gui.views.surface3d import Surface3DView

    bridge = make_bridge(n=2)
    view = Surface3DView(bridge)
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    qtbot.waitExposed(view)
    assert view.available, view.reason
    builds = view.mesh_builds
    assert builds == 1
    session = bridge.session
    for _ in range(20):
        session.step(1)
    view.hide()  # playing while the 3-D tab is not shown ...
    session.step(10)
    view.show()  # ... then showing it again redraws the trails, not the mesh
    qtbot.waitExposed(view)
    assert view.mesh_builds == builds
    assert len(view.line_items[0].pos) >= 31
    session.set_surface("himmelblau")
    assert view.mesh_builds == builds + 1


# -- memory bound and exact exports -------------------------------------------------------
def test_history_is_bounded_and_the_csv_export_stays_exact(qtbot, tmp_path, monkeypatch):
    from engine.race import Race
    from engine.race_io import race_csv
    from gui.services import workers
    from gui.shell.main_window import MainWindow

    monkeypatch.setattr("engine.session.MAX_POINTS", 64)  # a short race stands for a long one
    window = MainWindow()
    qtbot.addWidget(window)
    config = RaceConfig(surface="rosenbrock", noise_sigma=0.05, racers=[
        RacerConfig("adam", {"lr": 0.05}), RacerConfig("sgd", {"lr": 0.5})])  # sgd diverges
    window.session.apply(config, step=500)
    race = window.session.race
    assert all(len(r.trajectory) <= 64 for r in race.racers)  # thinned for display
    path = tmp_path / "race.csv"
    assert window.export_csv(path)
    qtbot.waitUntil(lambda: window.csv_export.worker.outcome is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
    exact = Race(config, max_points=10_000)
    exact.step(500)
    assert path.read_text() == race_csv(exact)  # every row, bit for bit
    assert "Exported race.csv" in window.statusBar().currentMessage()


def test_the_map_strokes_a_bounded_tail_per_frame(qtbot):
    from gui.views.trails import TAIL

    bridge = SessionBridge(Session(RaceConfig(  # noise: a new pixel at every step
        surface="sphere", noise_sigma=2.0, racers=[RacerConfig("sgd", {"lr": 0.1})])))
    view = ContourView(bridge)
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)
    view.refresh()
    session = bridge.session
    session.step(3_000)
    trail = view.trails[0]
    assert len(view.trail_points(0)[0]) > 4 * trail.limit  # a long trail ...
    sizes = spy_set_data([trail.tail])
    updates = trail.history_updates
    for _ in range(100):
        session.step(1)
    assert max(sizes) <= trail.limit + 1  # ... of which a frame hands over the tail only
    assert trail.history_updates - updates <= 100 // TAIL + 1
    x, y = view.trail_points(0)  # history + tail is the whole decimated trail
    ex, ey = view._decimated[0].points(session.cursor + 1)
    np.testing.assert_array_equal(x, ex)
    np.testing.assert_array_equal(y, ey)
    session.seek(1_000)  # scrubbing back cuts the history
    x, _ = view.trail_points(0)
    np.testing.assert_array_equal(x, view._decimated[0].points(1_001)[0])


def test_a_history_redraw_strokes_a_bounded_number_of_points(qtbot, monkeypatch):
    import pyqtgraph as pg

    from gui.views import trails

    monkeypatch.setattr(trails, "HISTORY_POINTS", 100)
    plot = pg.PlotItem()
    pair = trails.TrailPair(plot, 0)
    x = np.arange(5_000.0)
    y = np.sin(x)  # a zigzag
    for m in range(600, 5_000, 50):
        pair.set_points(x[:m], y[:m], ("same trail",))
        hx, _ = pair.history.getData()
        tx, _ = pair.tail.getData()
        assert hx is None or len(hx) <= 101
        assert len(tx) <= pair.limit + 1
    assert pair.history_updates <= 4_400 // trails.TAIL + 1
    # Still one continuous line from the start to the latest point.
    assert hx[0] == 0 and hx[-1] == tx[0] and tx[-1] == 4_949
