"""The map and the 3-D surface side by side (View ▸ 2-D and 3-D side by side), linked."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from gui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_side_by_side_shows_both_and_hovering_the_map_marks_the_surface(
        window: MainWindow, qtbot) -> None:
    w = window
    w.load_preset("himmelblau")
    w.side_by_side_action.trigger()
    qtbot.waitUntil(lambda: w.surface3d.view is not None and w.surface3d.marks is not None,
                    timeout=5000)
    assert w.surface3d.available, w.surface3d.reason
    assert w.views_layout.side_by_side
    assert w.contour.isVisible() and w.surface3d.isVisible()
    assert w.views.indexOf(w.contour) < 0  # out of the tabs, into the splitter
    qtbot.waitUntil(lambda: min(w.views_layout.pair.sizes()) > 50, timeout=2000)

    # The known minima are marked on the 3-D surface.
    marks = w.surface3d.marks
    assert len(marks.minima_item.pos) == len(w.session.surface.minima) == 4

    scene = w.contour.viewbox.mapViewToScene(QPointF(3.0, 2.0))
    w.contour.plot.scene().sigMouseMoved.emit(scene)
    x, y, z = marks.hover_position()
    assert (x, y) == pytest.approx((3.0, 2.0))
    assert z == pytest.approx(float(w.surface3d.height_at(np.array([3.0]), np.array([2.0]))[0]))
    w.contour.plot.scene().sigMouseMoved.emit(QPointF(-50, -50))  # off the map
    assert marks.hover_position() is None

    w.side_by_side_action.trigger()  # back to tabs, titles and all
    assert not w.views_layout.side_by_side
    assert [w.views.tabText(i) for i in range(w.views.count())] == ["2-D contour",
                                                                   "3-D surface"]
    assert w.views.currentWidget() is w.contour and w.contour.isVisible()
