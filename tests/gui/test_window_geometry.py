"""The window's first size and a stored size from a bigger screen, in this screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from gui.shell.main_window import MainWindow
from gui.shell.screen_fit import PREFERRED_SIZE, available_geometry, first_size, keep_on_screen


def test_first_size_is_the_free_area_up_to_the_preferred_size() -> None:
    assert first_size(QRect(0, 0, 1366, 740)) == QSize(1366, 740)
    assert first_size(QRect(0, 0, 1280, 690)) == QSize(1280, 690)
    assert first_size(QRect(0, 0, 2560, 1400)) == PREFERRED_SIZE


def test_a_window_stored_on_a_bigger_screen_comes_back_inside(qtbot) -> None:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    area = available_geometry(w)
    assert area.contains(w.frameGeometry())  # the first start fits
    w.resize(area.width() + 400, area.height() + 300)
    w.move(area.right() - 200, area.bottom() - 100)
    keep_on_screen(w)
    qtbot.waitUntil(lambda: area.contains(w.frameGeometry()), timeout=2000)
