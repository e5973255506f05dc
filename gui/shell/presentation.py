"""Presentation mode (View ▸ Presentation, F5): the race for a projector.

Entering hides the editing panels (Surface, Racers), enlarges every widget's
text by :data:`FONT_FACTOR` (each keeps its own family and weight: the formula
stays in its serif font, titles stay bold) and every plot's text, trails and
markers by :data:`PLOT_FACTOR` (:mod:`gui.widgets.plot_scale`).  Leaving
restores the layout, the fonts and the plots exactly as they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from gui.services.theme import all_widgets
from gui.widgets import plot_scale

if TYPE_CHECKING:
    from gui.shell.main_window import MainWindow

#: Text of every widget, times this.
FONT_FACTOR = 1.5
#: Plot text, line widths and marker sizes, times this.
PLOT_FACTOR = 1.6
#: The docks hidden while presenting (keys of ``MainWindow.docks``).
EDITING_DOCKS = ("Surface", "Racers")
#: Share of the window's width the leaderboard and inspector get while presenting.
RIGHT_SHARE = 0.4
_ORIGINAL_PT = "presentationOriginalPt"


def scale_widget_fonts(factor: float) -> None:
    """Every widget's own font at ``factor`` times the size it had before (1: back).

    The original sizes are all noted first (a parent's new font would otherwise
    reach its children before they are noted), so scaling twice or back is exact;
    widgets made later inherit the scaled application font.
    """
    app = QApplication.instance()
    with all_widgets() as widgets:
        for obj in (app, *widgets):
            if obj.property(_ORIGINAL_PT) is None and factor != 1.0:
                size = obj.font().pointSizeF()
                if size > 0:  # a pixel-sized font is left alone
                    obj.setProperty(_ORIGINAL_PT, size)
        base = app.property(_ORIGINAL_PT)
        if base is not None:
            app_font = QFont(QApplication.font())
            app_font.setPointSizeF(float(base) * factor)
            QApplication.setFont(app_font)
        for widget in widgets:
            original = widget.property(_ORIGINAL_PT)
            if original is None:
                continue
            font = QFont(widget.font())
            font.setPointSizeF(float(original) * factor)
            widget.setFont(font)
            if factor == 1.0:
                widget.setProperty(_ORIGINAL_PT, None)
    if factor == 1.0:
        app.setProperty(_ORIGINAL_PT, None)


class Presentation(QObject):
    """Turns presentation mode on and off for ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self._state = window.saveState()
        self._large_fonts = False

    def set_active(self, on: bool) -> None:
        on = bool(on)
        if on == self.active:
            return
        w = self.window
        if on:
            if w.tabs.currentIndex() != 0:
                w.tabs.setCurrentIndex(0)  # the race is what is presented
            self._large_fonts = w.large_font_action.isChecked()
            if self._large_fonts:  # presentation sizes replace large fonts, not multiply
                w.large_font_action.trigger()
            self._state = w.saveState()
            for key in EDITING_DOCKS:
                w.docks[key].hide()
            self.active = True
            scale_widget_fonts(FONT_FACTOR)
            plot_scale.set_factor(PLOT_FACTOR)
            right = w.docks["Leaderboard"]
            w.resizeDocks([right], [round(w.width() * RIGHT_SHARE)], Qt.Orientation.Horizontal)
            QTimer.singleShot(0, self._fit_leaderboard)  # once the rows have their new height
        else:
            self.active = False
            plot_scale.set_factor(1.0)
            scale_widget_fonts(1.0)
            w.restoreState(self._state)
            if self._large_fonts:
                w.large_font_action.trigger()
        action = getattr(w, "presentation_action", None)
        if action is not None and action.isChecked() != on:
            action.setChecked(on)

    def _fit_leaderboard(self) -> None:
        """The leaderboard as tall as its rows (up to half the window), the inspector the rest."""
        w = self.window
        if not self.active:
            return
        table = w.leaderboard.table
        table.resizeRowsToContents()
        height = (table.verticalHeader().length() + table.horizontalHeader().height()
                  + 2 * table.frameWidth() + 8)
        inspector = w.docks["Inside the optimizer"]
        total = w.docks["Leaderboard"].height() + inspector.height()
        height = min(height + 30, total // 2)  # + the dock's title bar
        w.resizeDocks([w.docks["Leaderboard"], inspector], [height, total - height],
                      Qt.Orientation.Vertical)
