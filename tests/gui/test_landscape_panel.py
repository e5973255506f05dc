"""The landscape lab tab: a slice drawn progressively with the paths, cancel, interpolation."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui.landscape.panel import LandscapePanel


@pytest.fixture
def panel(qtbot):
    p = LandscapePanel()
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    p.optimizers.setText("sgd:lr=0.1 momentum:lr=0.01 adam:lr=0.001")
    p.epochs.setValue(0.25)  # 10 steps on the bundled sample
    p.hidden.setText("16")
    p.grid.setValue(9)
    p.examples.setValue(200)
    yield p
    p.shutdown(5.0)
    qtbot.waitUntil(lambda: not p.busy, timeout=10_000)


def test_a_slice_is_computed_in_the_worker_and_drawn_with_every_path(qtbot, panel) -> None:
    seen = []
    panel.progress.valueChanged.connect(seen.append)
    qtbot.mouseClick(panel.slice_button, Qt.MouseButton.LeftButton)
    assert panel.busy and panel.cancel_button.isEnabled()
    assert not panel.slice_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert panel.error.isHidden(), panel.error.text()
    assert seen and 0 < min(v for v in seen if v > 0) < 1000 and panel.progress.value() == 1000
    result = panel.slice
    assert result is not None and result.loss.shape == (9, 9)
    assert panel.slice_plot.cells_drawn == 81
    assert panel.slice_plot.image_item.image is not None
    assert len(panel.slice_plot.path_items) == 3
    # The first optimizer's path ends at the centre of the slice.
    x, y = panel.slice_plot.path_items[0].getData()
    assert (x[-1], y[-1]) == (0.0, 0.0)
    assert "centre loss" in panel.status.text()
    # The step slider replays the paths: at step 0 every marker is at the common start.
    assert panel.step_slider.isEnabled() and panel.step_slider.maximum() == 10
    panel.step_slider.setValue(0)
    pos = panel.slice_plot.marker_item.getData()
    assert np.allclose(pos[0], pos[0][0]) and np.allclose(pos[1], pos[1][0])
    x0, _ = panel.slice_plot.path_items[2].getData()
    assert len(x0) == 1
    panel.step_slider.setValue(10)
    assert len(panel.slice_plot.path_items[2].getData()[0]) == len(result.paths[2].steps)


def test_pca_slice_shows_the_explained_variance(qtbot, panel) -> None:
    panel.directions.setCurrentIndex(1)
    panel.compute_slice()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert panel.slice is not None and panel.slice.explained is not None
    assert "PCA explained variance" in panel.status.text()


def test_cancel_stops_the_work_and_says_so(qtbot, panel) -> None:
    panel.epochs.setValue(20)  # long enough to cancel while training
    panel.compute_slice()
    qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=30_000)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=30_000)
    assert panel.status.text() == "Cancelled."
    assert panel.slice is None
    assert panel.slice_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_interpolation_curve_reuses_the_trained_paths(qtbot, panel) -> None:
    panel.compute_slice()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    traj = panel.traj
    panel.t_from.setValue(-1)
    panel.t_to.setValue(2)
    panel.points.setValue(13)
    panel.compute_line()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert panel.traj is traj  # not trained again
    t, loss = panel.line_plot.loss_item.getData()
    assert len(t) == 13 and t[0] == -1 and t[-1] == 2
    assert np.all(np.isfinite(loss))
    assert panel.views.currentIndex() == 2


def test_bad_input_is_one_line_next_to_the_buttons(qtbot, panel) -> None:
    panel.optimizers.setText("")
    panel.compute_slice()
    assert not panel.busy and panel.error.isVisible()
    assert "optimizer" in panel.error.text() and "\n" not in panel.error.text()
    panel.optimizers.setText("sgd nosuchopt")
    panel.compute_slice()
    assert not panel.busy and "unknown optimizer 'nosuchopt'" in panel.error.text()
    panel.optimizers.setText("sgd")
    panel.hidden.setText("ten")
    panel.compute_slice()
    assert not panel.busy and "Hidden" in panel.error.text()
    panel.hidden.setText("16")
    panel.center.setCurrentIndex(5)  # optimizer 4 of 1
    panel.compute_slice()
    assert not panel.busy and "0..0" in panel.error.text()


def test_sharpness_is_compared_with_the_optimizers_threshold(qtbot, panel) -> None:
    panel.optimizers.setText("sgd:lr=0.1")
    panel.compute_sharpness()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert panel.sharp is not None and panel.sharp.threshold == pytest.approx(20)
    assert "Sharpness at final:0" in panel.status.text()
    assert "2/lr = 20" in panel.status.text()


def test_the_landscape_tab_is_built_on_first_show_and_closing_joins_its_worker(qtbot) -> None:
    from gui.shell.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    assert w.tabs.tabText(2) == "Landscape"
    assert w.landscape_tab.content is None  # not built (nor imported) until shown
    w.tabs.setCurrentIndex(2)
    panel = w.landscape_tab.content
    assert isinstance(panel, LandscapePanel)
    assert not w.docks["Racers"].isVisible()
    panel.optimizers.setText("sgd:lr=0.1")
    panel.epochs.setValue(50)
    panel.compute_slice()
    worker = panel.worker
    qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=30_000)
    w.close()
    qtbot.waitUntil(lambda: not worker.is_running, timeout=10_000)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert worker.outcome == "cancelled"


def test_the_3d_view_shows_the_slice_and_replays_the_paths(qtbot, panel) -> None:
    panel.directions.setCurrentIndex(1)  # PCA: the span covers every path
    panel.compute_slice()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    panel.views.setCurrentIndex(1)
    surface = panel.surface
    if not surface.available:  # no OpenGL here: the tab says why instead
        assert "3-D view unavailable" in surface.message.text()
        return
    assert surface.surface_item is not None
    assert len(surface.line_items) == 3
    panel.step_slider.setValue(0)
    assert all(len(item.pos) == 2 for item in surface.line_items)
    panel.step_slider.setValue(panel.step_slider.maximum())
    assert [len(item.pos) for item in surface.line_items] == [len(p.steps) for p in
                                                              panel.slice.paths]


def test_the_contour_fills_in_while_the_worker_computes(qtbot, panel, monkeypatch) -> None:
    import threading

    from engine.landscape.study import Progress
    from gui.landscape import panel as panel_module

    drawn: list[int] = []
    set_loss = panel.slice_plot.set_loss

    def spy(a, b, loss):
        drawn.append(int(np.isfinite(loss).sum()))
        set_loss(a, b, loss)

    # Hold the computation (in the worker thread) right after its first partial slice,
    # whatever the machine's load: the window must draw that partial slice meanwhile.
    held, release = threading.Event(), threading.Event()
    compute = panel_module.compute_slice

    def holding(*args, **kwargs):
        gen = compute(*args, **kwargs)
        value = next(gen)
        while True:
            yield value
            if (isinstance(value, Progress) and value.partial is not None and value.done > 0
                    and not held.is_set()):
                held.set()
                release.wait(60)
            try:
                value = next(gen)
            except StopIteration as stop:
                return stop.value

    monkeypatch.setattr(panel_module, "compute_slice", holding)
    panel.slice_plot.set_loss = spy
    panel.grid.setValue(41)
    panel.compute_slice()
    try:
        qtbot.waitUntil(held.is_set, timeout=60_000)
        # While the computation waits, the pending partial slice is drawn.
        qtbot.waitUntil(lambda: any(0 < n < 41 * 41 for n in drawn), timeout=10_000)
        assert 0 < panel.slice_plot.cells_drawn < 41 * 41
    finally:
        release.set()
    qtbot.waitUntil(lambda: not panel.busy, timeout=120_000)
    assert drawn[-1] == 41 * 41 and panel.slice_plot.cells_drawn == 41 * 41
    assert drawn == sorted(drawn)
