"""Legends on the map and on each curves plot: the racers' names in their colours."""

from __future__ import annotations

import pytest

from engine.race import RacerConfig
from gui.shell.main_window import MainWindow
from gui.views.legend import legends_visible, set_legends_visible


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    set_legends_visible(True)


def _legends(w: MainWindow):
    return [w.contour.legend, *w.curves.legends]


def test_every_plot_names_every_racer_and_follows_the_race(window: MainWindow) -> None:
    w = window
    names = [r.name for r in w.session.race.racers]
    for legend in _legends(w):
        assert legend.item.isVisible()
        assert legend.labels() == names
    # Racers of one optimizer are told apart by their hyper-parameters.
    w.session.add_racer(RacerConfig("adam", {"lr": 0.01}))
    labels = w.contour.legend.labels()
    assert "adam:lr=0.01" in labels and "adam:lr=0.3" in labels
    colours = [pen.color().name() for pen in
               (sample.opts["pen"] for sample in w.contour.legend._samples)]
    assert colours == [d.color.lower() for d in w.session.display]


def test_legends_toggle_together_and_an_entry_click_hides_its_racer(window: MainWindow) -> None:
    w = window
    w.legends_action.trigger()
    assert not legends_visible()
    assert not any(legend.item.isVisible() for legend in _legends(w))
    w.legends_action.trigger()
    assert all(legend.item.isVisible() for legend in _legends(w))

    legend = w.contour.legend
    sample, _label = legend.item.items[1]
    sample.sigClicked.emit(sample.item)
    assert not w.session.display[1].visible
    assert not w.contour.trails[1].history.isVisible()


def test_fit_view_resets_the_map_and_the_3d_camera(window: MainWindow, qtbot) -> None:
    w = window
    w.views.setCurrentWidget(w.surface3d)
    qtbot.waitUntil(lambda: w.surface3d.view is not None, timeout=5000)
    assert w.surface3d.available, w.surface3d.reason
    w.fit_views()
    home = dict(w.surface3d.view.opts)
    w.surface3d.view.setCameraPosition(azimuth=30, elevation=10, distance=3)
    w.contour.viewbox.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
    fit = next(a for a in w.findChildren(type(w.presentation_action))
               if a.shortcut().toString() == "F")
    fit.trigger()
    opts = w.surface3d.view.opts
    assert (opts["azimuth"], opts["elevation"], opts["distance"]) == \
        (home["azimuth"], home["elevation"], home["distance"])
    (x0, x1), _ = w.contour.viewbox.viewRange()
    xmin, xmax, _, _ = w.session.domain
    assert x0 <= xmin and x1 >= xmax
