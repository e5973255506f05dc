"""The race timeline: a slider that jumps where it is clicked and shows bookmarks.

A plain :class:`QSlider` moves one page towards a click on its groove; a teacher who
clicks on step 120 wants step 120.  Bookmarked steps are drawn as small marks under
the groove.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QWidget

__all__ = ["Timeline"]

MARK_COLOR = "#d55e00"


class Timeline(QSlider):
    """A horizontal slider: a left click on the groove jumps there (and can drag on)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._marks: list[int] = []

    def set_marks(self, steps: Iterable[int]) -> None:
        """Draw a mark under each of ``steps`` (bookmarks)."""
        self._marks = sorted(set(int(s) for s in steps))
        self.update()

    def marks(self) -> list[int]:
        return list(self._marks)

    def _geometry(self) -> tuple[QStyleOptionSlider, object, object]:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                      QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                      QStyle.SubControl.SC_SliderHandle, self)
        return option, groove, handle

    def value_at(self, x: float) -> int:
        """The value under the horizontal position ``x`` (widget coordinates)."""
        option, groove, handle = self._geometry()
        span = max(1, groove.width() - handle.width())
        pos = round(x - groove.x() - handle.width() / 2)
        return QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), pos, span,
                                              option.upsideDown)

    def _x_of(self, value: int) -> float:
        option, groove, handle = self._geometry()
        span = max(1, groove.width() - handle.width())
        return (groove.x() + handle.width() / 2
                + QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), value, span,
                                                 option.upsideDown))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > self.minimum():
            _, _, handle = self._geometry()
            if not handle.contains(event.position().toPoint()):
                self.setValue(self.value_at(event.position().x()))  # the handle comes here,
        super().mousePressEvent(event)  # so the press grabs it and a drag goes on from here

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        if not self._marks or self.maximum() <= self.minimum():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(MARK_COLOR))
        bottom = float(self.height() - 1)
        size = max(3.0, self.height() / 5)
        for step in self._marks:
            if self.minimum() <= step <= self.maximum():
                x = self._x_of(step)
                painter.drawPolygon(QPolygonF([QPointF(x, bottom - size), QPointF(x - size, bottom),
                                               QPointF(x + size, bottom)]))
        painter.end()
