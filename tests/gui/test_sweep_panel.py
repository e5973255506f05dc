"""The Sweep tab drives real sweeps: the map fills in, hover shows numbers, a click races."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.sweep.batch import CONVERGED, DIVERGED
from gui.sweep.panel import BASINS, SweepPanel


@pytest.fixture
def panel(qtbot):
    p = SweepPanel()
    qtbot.addWidget(p)
    p.resize(1100, 600)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.shutdown(timeout=5)


def _run(panel, qtbot):
    panel.run()
    qtbot.waitUntil(lambda: panel.worker is None, timeout=30_000)


def test_a_small_heatmap_fills_every_cell_and_shows_the_sgd_boundary(panel, qtbot):
    panel.surface.setCurrentText("ravine")
    panel.start_x.setValue(1.0)
    panel.start_y.setValue(1.0)
    panel.optimizer.setCurrentText("sgd")
    panel.x_param.setCurrentText("lr")
    panel.x_log.setChecked(False)
    panel.x_lo.setValue(0.075)
    panel.x_hi.setValue(1.475)
    panel.x_count.setValue(29)
    panel.y_param.setCurrentIndex(0)  # (none)
    panel.steps.setValue(2000)
    _run(panel, qtbot)
    assert panel.done.all()
    lrs = panel.plan.x.values()
    assert ((panel.status == CONVERGED) == (lrs < 1)).all()
    assert ((panel.status == DIVERGED) == (lrs > 1)).all()
    image = panel.image.image
    assert image.shape == (29, 1, 4)
    assert (image[:, 0, 3] == 255).all()  # every cell painted
    diverged = tuple(image[-1, 0])
    assert diverged == (214, 39, 40, 255)  # diverged cells have their own colour
    assert tuple(image[0, 0]) != diverged
    assert "converged" in panel.message.text() or "1" in panel.message.text()


def test_hover_shows_the_numbers_and_a_click_requests_that_racer(panel, qtbot):
    panel.optimizer.setCurrentText("momentum")
    panel.x_param.setCurrentText("lr")
    panel.x_count.setValue(6)
    panel.y_param.setCurrentText("momentum")
    panel.y_count.setValue(4)
    panel.steps.setValue(50)
    _run(panel, qtbot)
    assert panel.done.all() and len(panel.done) == 24
    cell = 2 * 6 + 3
    pos = panel.cell_center(cell)
    assert panel.cell_at(pos) == cell
    panel._on_hover(pos)
    values = panel.cell_values(cell)
    assert f"lr = {values['lr']:.4g}" in panel.hover.text()
    requests = []
    panel.racer_requested.connect(lambda *a: requests.append(a))
    view = panel.plot.viewport()
    point = panel.plot.mapFromScene(pos)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: bool(requests), timeout=2000)
    surface, optimizer, got, start = requests[-1]
    assert (surface, optimizer) == ("rosenbrock", "momentum")
    assert got == values and start == (panel.start_x.value(), panel.start_y.value())


def test_basins_mode_colours_each_start_by_its_minimum(panel, qtbot):
    panel.mode.setCurrentIndex(BASINS)
    panel.surface.setCurrentText("himmelblau")
    panel.optimizer.setCurrentText("sgd")
    panel.grid.setValue(10)
    panel.steps.setValue(3000)
    # SGD's default lr (1e-3) is a small step: gradient flow
    _run(panel, qtbot)
    assert set(panel.which.tolist()) == {0, 1, 2, 3}
    colors = {tuple(c) for c in panel.image.image.reshape(-1, 4).tolist()}
    assert len(colors) == 4
    assert panel.contour.xData is not None and len(panel.contour.xData) > 10


def test_basins_without_listed_minima_are_coloured_by_endpoint_cluster(panel, qtbot):
    panel.mode.setCurrentIndex(BASINS)
    panel.surface.setCurrentText("rastrigin")
    panel.optimizer.setCurrentText("sgd")
    panel.grid.setValue(12)
    panel.steps.setValue(2000)
    _run(panel, qtbot)
    assert (panel.which >= 0).all()  # the dimples became clusters
    assert len(set(panel.which.tolist())) > 9
    colors = {tuple(c) for c in panel.image.image.reshape(-1, 4).tolist()}
    assert len(colors) >= 8  # the palette's colours, reused beyond eight


def test_recompute_view_zooms_into_the_visible_region_at_full_resolution(panel, qtbot):
    panel.optimizer.setCurrentText("sgd")
    panel.surface.setCurrentText("ravine")
    panel.x_param.setCurrentText("lr")
    panel.x_log.setChecked(True)
    panel.x_lo.setValue(1e-2)
    panel.x_hi.setValue(10.0)
    panel.x_count.setValue(16)
    panel.y_param.setCurrentIndex(0)
    panel.steps.setValue(200)
    _run(panel, qtbot)
    vb = panel.plot.getPlotItem().vb
    vb.setXRange(np.log10(0.9), np.log10(1.1), padding=0)  # around the boundary lr = 1
    panel.recompute_view()
    qtbot.waitUntil(lambda: panel.worker is None, timeout=30_000)
    axis = panel.plan.x
    assert axis.count == 16 and axis.log
    assert axis.low == pytest.approx(0.9, rel=1e-6) and axis.high == pytest.approx(1.1, rel=1e-6)
    assert panel.done.all()
    lrs = axis.values()
    # the boundary, resolved: below lr = 1 nothing diverges, above it nothing converges
    assert (panel.status[lrs < 1] != DIVERGED).all()
    assert (panel.status[lrs > 1] != CONVERGED).all()
    assert (panel.status[lrs > 1.05] == DIVERGED).all()


def test_a_kept_map_stays_beside_the_next_on_one_colour_scale(panel, qtbot):
    panel.optimizer.setCurrentText("momentum")
    panel.x_count.setValue(8)
    panel.y_param.setCurrentText("momentum")
    panel.y_count.setValue(5)
    panel.steps.setValue(100)
    _run(panel, qtbot)
    first = np.where(panel.status == DIVERGED, np.nan, panel.final_loss)
    panel.keep()
    assert panel.ref_plot.isVisible()
    panel.optimizer.setCurrentText("adam")
    panel.x_count.setValue(8)
    panel.y_param.setCurrentText("beta1")
    panel.y_count.setValue(5)
    _run(panel, qtbot)
    assert panel.ref_image.image.shape == (8, 5, 4) and panel.image.image.shape == (8, 5, 4)
    assert panel.ref_plot.getPlotItem().titleLabel.text == "momentum"
    assert panel.plot.getPlotItem().titleLabel.text == "adam"
    # one scale: its ends are the extremes over both maps
    lo, hi = panel.span
    second = np.where(panel.status == DIVERGED, np.nan, panel.final_loss)
    both = np.log10(np.concatenate([first, second]))  # f* = 0 on Rosenbrock
    both = both[np.isfinite(both)]
    assert lo == pytest.approx(both.min()) and hi == pytest.approx(both.max())


def test_cancel_stops_the_map_early(panel, qtbot):
    panel.x_count.setValue(256)
    panel.y_count.setValue(256)
    panel.steps.setValue(2000)
    panel.run()
    panel.cancel()
    assert panel.run_button.isEnabled()
    qtbot.wait(50)
    assert not panel.done.all()


def test_the_window_adds_a_clicked_cell_to_the_race(qtbot):
    from gui.shell.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.sweep_tab.content is None  # built only when first shown
    w.tabs.setCurrentIndex(w.tabs.indexOf(w.sweep_tab))
    assert w.sweep_tab.content is not None
    before = len(w.session.config.racers)
    w.sweep.racer_requested.emit("booth", "adam", {"lr": 0.05, "beta1": 0.8}, (1.0, -2.0))
    racers = w.session.config.racers
    assert len(racers) == before + 1
    assert w.session.config.surface == "booth"
    assert racers[-1].optimizer == "adam" and racers[-1].values == {"lr": 0.05, "beta1": 0.8}
    assert racers[-1].start == (1.0, -2.0)
    assert w.tabs.currentIndex() == 0
    assert w.session.selected == len(racers) - 1


def test_a_row_races_as_a_fan_coloured_along_a_ramp(qtbot):
    from gui.shell.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.tabs.setCurrentIndex(w.tabs.indexOf(w.sweep_tab))
    panel = w.sweep
    panel.optimizer.setCurrentText("sgd")
    panel.surface.setCurrentText("ravine")
    panel.x_param.setCurrentText("lr")
    panel.x_count.setValue(20)
    panel.y_param.setCurrentIndex(0)
    panel.steps.setValue(20)
    _run(panel, qtbot)
    before = len(w.session.config.racers)
    panel.send_fan()
    racers = w.session.config.racers[before:]
    assert len(racers) == 12  # at most MAX_FAN, spread over the row
    lrs = [r.values["lr"] for r in racers]
    assert lrs == sorted(lrs) and lrs[0] == panel.plan.x.values()[0]
    assert lrs[-1] == panel.plan.x.values()[-1]
    colors = [d.color for d in w.session.display[before:]]
    assert len(set(colors)) == 12  # a ramp: every racer its own shade
    assert w.tabs.currentIndex() == 0
