"""One scale factor for what plots draw: text, line widths and marker sizes.

Presentation mode (a projector) sets it to about 1.6; every plot that draws
pens, markers or text multiplies its sizes by :func:`factor` and listens to
:data:`SCALE`'s ``changed`` signal to restyle.  Widgets follow the application
font instead; pyqtgraph's items do not, hence this.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

#: Point size of plot text (axis ticks and labels) at scale 1.
BASE_TEXT_PT = 9.0


class _Scale(QObject):
    changed = Signal(float)

    def __init__(self) -> None:
        super().__init__()
        self.value = 1.0

    def set(self, value: float) -> None:
        value = float(value)
        if value != self.value:
            self.value = value
            self.changed.emit(value)


#: The shared scale (``SCALE.changed.connect(restyle)``).
SCALE = _Scale()


def factor() -> float:
    """The current scale (1.0 normally)."""
    return SCALE.value


def set_factor(value: float) -> None:
    """Scale every plot's text, lines and markers by ``value`` (1.0: normal)."""
    SCALE.set(value)


def text_pt(base: float = BASE_TEXT_PT) -> float:
    """A plot text size ``base`` (points at scale 1) at the current scale."""
    return base * SCALE.value


def style_axes(plot: pg.PlotItem, base: float = BASE_TEXT_PT) -> None:
    """Tick and label text of ``plot``'s axes at ``base`` points times the scale."""
    font = QFont(QApplication.font())
    font.setPointSizeF(text_pt(base))
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.setTickFont(font)
        axis.setStyle(tickTextOffset=max(2, round(3 * SCALE.value)))
        axis.labelStyle = {**axis.labelStyle, "font-size": f"{text_pt(base):.1f}pt"}
        axis._updateLabel()  # pyqtgraph re-renders the label with the new style


def shrinkable_title(plot: pg.PlotItem) -> None:
    """Let ``plot``'s title be narrower than its text, so it never widens the plot.

    pyqtgraph's LabelItem sets its minimum size to its text's on every resize
    (``updateMin``): a long title made the plot wider than its widget, and the
    right edge (curves, legend) was cut off.  The title is clipped instead; its
    full text is the tooltip.
    """
    label = plot.titleLabel
    original = label.updateMin

    def update_min() -> None:
        original()
        label.setMinimumWidth(0)
        hint = label._sizeHint
        hint[Qt.SizeHint.MinimumSize] = (0, hint[Qt.SizeHint.MinimumSize][1])
        label.updateGeometry()

    label.updateMin = update_min
    update_min()
