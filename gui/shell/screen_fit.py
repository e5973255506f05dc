"""Fit the main window to the screen it opens on.

The first start (and "Reset to defaults") sizes the window to the screen's
*available* geometry (without task bars), up to a comfortable maximum; a stored
geometry from a bigger screen is pulled back inside the screen.  On short
screens (a 1366×768 laptop, a 1280×720 projector) the Surface and Racers docks
share the left column as tabs, so the racer editor gets the column's full height.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

#: The window's size on a big screen; smaller screens get their available size.
PREFERRED_SIZE = QSize(1480, 920)
#: Below this available height the left docks are tabbed rather than stacked.
SHORT_SCREEN_HEIGHT = 900
#: At most this share (%) of the left column goes to the Surface dock when stacked.
SURFACE_SHARE = 38


def available_geometry(widget: QWidget) -> QRect:
    """The available geometry of the screen ``widget`` is on (or the primary one)."""
    screen = widget.screen() if widget.screen() is not None else QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def first_size(available: QRect) -> QSize:
    """The window's first size on a screen whose available area is ``available``."""
    return PREFERRED_SIZE.boundedTo(available.size())


def fit_window(window: QMainWindow) -> None:
    """Size and place ``window`` inside its screen's available area."""
    area = available_geometry(window)
    frame = window.frameGeometry().size() - window.geometry().size()  # title bar, borders
    size = first_size(area.adjusted(0, 0, -frame.width(), -frame.height()))
    window.resize(size)
    window.move(area.topLeft() + _centre_offset(area.size(), size + frame))


def keep_on_screen(window: QMainWindow) -> None:
    """Shrink and move a (restored) window back inside its screen's available area."""
    if window.isMaximized() or window.isFullScreen():
        return
    area = available_geometry(window)
    frame = window.frameGeometry()
    if area.contains(frame):
        return
    margins = frame.size() - window.geometry().size()
    size = window.size().boundedTo(area.size() - margins)
    window.resize(size)
    left = min(max(frame.left(), area.left()), area.right() - (size + margins).width() + 1)
    top = min(max(frame.top(), area.top()), area.bottom() - (size + margins).height() + 1)
    window.move(left, top)


def _centre_offset(area: QSize, outer: QSize) -> QPoint:
    return QPoint(max((area.width() - outer.width()) // 2, 0),
                  max((area.height() - outer.height()) // 2, 0))


def tab_left_docks(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """On a short screen Surface and Racers become tabs of the left column."""
    if available_geometry(window).height() < SHORT_SCREEN_HEIGHT:
        window.tabifyDockWidget(docks["Surface"], docks["Racers"])


def size_docks(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """The first layout's proportions for the window's size (once it is shown).

    Side columns get a share of the width, so the plots in the middle keep room on a
    small screen; the leaderboard gets a third of the right column, the inspector the
    rest; of tabbed left docks, Racers is in front.
    """
    width, height = window.width(), window.height()
    left, right = docks["Surface"], docks["Leaderboard"]
    window.resizeDocks([left, right], [max(240, width * 22 // 100), max(260, width * 26 // 100)],
                       Qt.Orientation.Horizontal)
    window.resizeDocks([right, docks["Inside the optimizer"]],
                       [height // 4, height // 2], Qt.Orientation.Vertical)
    racers = docks["Racers"]
    if window.tabifiedDockWidgets(racers):
        racers.raise_()
    else:  # stacked: the racer editor gets most of the column (more than two hyper-parameters)
        column = left.height() + racers.height()
        surface = min(left.widget().sizeHint().height(), column * SURFACE_SHARE // 100)
        window.resizeDocks([left, racers], [surface, column - surface], Qt.Orientation.Vertical)
