"""The paper demo views: run each for real in its worker thread and check what is plotted.

Every test drives the real widgets (pytest-qt); runs finish through the view's
``finished`` signal, and the thread is joined before the widget goes away.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget

from engine.demos import DEMOS
from gui.demos.plots import (
    GeneralizationPlots,
    NonconvergencePlots,
    SwatsPlots,
    log_peak_decimate,
)
from gui.demos.view import DemoDialog, DemoView, populate_demos_menu

TIMEOUT = 30_000


def run_view(qtbot, view: DemoView) -> None:
    with qtbot.waitSignal(view.finished, timeout=TIMEOUT):
        qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.is_running(), timeout=TIMEOUT)
    assert view.run_button.isEnabled() and not view.cancel_button.isEnabled()


@pytest.fixture
def make_view(qtbot):
    def make(name: str) -> DemoView:
        view = DemoView(name)
        qtbot.addWidget(view)
        view.resize(1360, 840)
        view.show()
        return view

    return make


def test_log_peak_decimate_keeps_ends_and_extremes() -> None:
    t = np.arange(1, 100_001, dtype=float)
    y = np.sin(t / 7.0) + t * 1e-5
    td, yd = log_peak_decimate(t, y, bins=500)
    assert len(td) <= 1002 + 2
    assert (td[0], yd[0], td[-1], yd[-1]) == (t[0], y[0], t[-1], y[-1])
    assert np.all(np.diff(td) >= 0)
    assert yd.max() == y.max() and yd.min() == y.min()
    short = np.arange(1, 11, dtype=float)
    np.testing.assert_array_equal(log_peak_decimate(short, short)[1], short)


def test_nonconvergence_view_plots_adam_at_plus_one_and_amsgrad_at_minus_one(
        qtbot, make_view) -> None:
    view = make_view("adam-nonconvergence")
    assert isinstance(view.plots, NonconvergencePlots)
    assert "Reddi" in view.explanation.text() and "What to watch" in view.explanation.text()
    view.fields["steps"].setValue(30_000)
    run_view(qtbot, view)
    plots = view.plots
    adam_x = plots.x_curves["adam"].yData
    ams_x = plots.x_curves["amsgrad"].yData
    assert adam_x[-1] > 0.9 and ams_x[-1] < -0.9
    assert plots.x_curves["adam"].xData[-1] == 30_000  # data in rounds; the axis is log
    assert "+0.99" in plots.final_labels["adam"].textItem.toPlainText()
    assert plots.regret_curves["amsgrad"].yData[-1] < plots.regret_curves["adam"].yData[-1]
    assert "at the worst point" in view.message.text()
    assert view.progress.value() == 1000
    assert view.result is not None and view.result.settings["steps"] == 30_000


def test_generalization_view_shows_the_test_error_gap_and_the_weights(qtbot,
                                                                      make_view) -> None:
    view = make_view("adaptive-generalization")
    assert isinstance(view.plots, GeneralizationPlots)
    view.fields["steps"].setValue(100)
    run_view(qtbot, view)
    plots = view.plots
    frac = view.result.summary["test_negative_fraction"]
    assert plots.negative_line.value() == pytest.approx(frac)
    for label in ("sgd", "momentum", "adagrad", "rmsprop", "adam"):
        assert plots.train_curves[label].yData[-1] == 0.0
    assert plots.test_curves["sgd"].yData[-1] == 0.0
    assert plots.test_curves["adam"].yData[-1] == pytest.approx(frac)
    heights = plots.bars["adam"].opts["height"]
    assert heights[0] == pytest.approx(heights[1], rel=0.1)
    assert plots.bars["sgd"].opts["height"][0] > 10 * plots.bars["sgd"].opts["height"][1]
    assert plots.table.rowCount() == 5
    assert plots.table.item(4, 0).text() == "adam"
    assert plots.table.item(4, 3).text() == f"{frac:.3f}"


def test_swats_view_marks_the_switch_steps(qtbot, make_view) -> None:
    view = make_view("swats")
    assert isinstance(view.plots, SwatsPlots)
    view.fields["epochs"].setText("3")
    run_view(qtbot, view)
    plots = view.plots
    label = view.demo.default_optimizers[0]
    switches = view.result.summary["switches"][label]
    assert plots.table.rowCount() == len(switches) == 4
    switched = [s for s in switches if s["switched"]]
    assert switched and plots.switch_lines
    per_epoch = view.result.summary["steps_per_epoch"]
    first = min(s["step"] for s in switched) / per_epoch
    assert min(line.value() for line in plots.switch_lines) == pytest.approx(first)
    assert len(plots.accuracy_curves[label].yData) == 3
    assert "first switched at step" in view.message.text()


def test_bad_settings_are_reported_next_to_the_form_and_nothing_runs(qtbot, make_view) -> None:
    view = make_view("adam-nonconvergence")
    view.fields["beta2"].setText("1.5")
    with qtbot.waitSignal(view.failed, timeout=1000) as blocker:
        view.run()
    assert blocker.args == ["beta2 must be in [0, 1), got 1.5"]
    assert "beta2 must be in [0, 1)" in view.message.text()
    assert not view.is_running() and view.run_button.isEnabled()
    view.fields["beta2"].setText("0.99")
    view.optimizers_edit.setText("adam newton")
    view.run()
    assert "needs a Hessian" in view.message.text()


def test_cancel_stops_the_worker_and_the_view_can_run_again(qtbot, make_view) -> None:
    view = make_view("adam-nonconvergence")
    view.fields["steps"].setValue(5_000_000)
    with qtbot.waitSignal(view.failed, timeout=TIMEOUT) as blocker:
        view.run()
        assert view.is_running() and not view.run_button.isEnabled()
        qtbot.waitUntil(lambda: view.progress.value() > 0, timeout=TIMEOUT)
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["cancelled"]
    qtbot.waitUntil(lambda: not view.is_running())
    assert view.message.text() == "Cancelled." and view.result is None
    view.fields["steps"].setValue(2000)
    run_view(qtbot, view)
    assert view.result.settings["steps"] == 2000


def test_closing_a_running_view_joins_its_thread(qtbot) -> None:
    view = DemoView("adam-nonconvergence")
    qtbot.addWidget(view)
    view.fields["steps"].setValue(5_000_000)
    view.run()
    assert view.is_running()
    view.close()
    assert not view.is_running()


def test_dialog_and_menu_open_paper_demos_and_load_presets(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = QMenu(parent)
    loaded: list[str] = []
    populate_demos_menu(menu, parent, loaded.append)
    actions = [a for a in menu.actions() if not a.isSeparator()]
    titles = [a.text() for a in actions]
    paper = [d for d in DEMOS.values() if d.preset is None]
    assert titles[: len(paper)] == [f"{d.title}…" for d in paper]
    assert len(actions) == len(DEMOS)
    actions[-1].trigger()
    assert loaded == ["ravine-zigzag"]
    actions[0].trigger()
    dialogs = parent.findChildren(DemoDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert dialogs[0].view.demo.name == "adam-nonconvergence"
    dialogs[0].close()
    with pytest.raises(ValueError, match="race preset"):
        DemoView("momentum-overshoot")
