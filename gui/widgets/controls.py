"""Small controls shared by the features: colour swatches, secondary labels, and the
number editors.

:class:`SciSpinBox` is a spin box that shows ``1e-08`` instead of rounding it to
``0.0000``; :class:`LogSpinSlider` is a log-scale slider next to such a spin box,
used for learning rates and for the playback speed.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap, QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QSizePolicy, QSlider, QWidget

from gui.widgets.numbers import format_number

__all__ = ["ERROR_COLOR", "UNBOUNDED", "LogSpinSlider", "SciSpinBox", "color_icon", "secondary"]

#: Colour of inline error messages (readable on light and dark backgrounds).
ERROR_COLOR = "#d32f2f"
#: Stand-in for an unbounded side of a spin box's range.
UNBOUNDED = 1e15


def color_icon(color: str, size: QSize | None = None) -> QIcon:
    """A rounded colour swatch as an icon."""
    size = size or QSize(16, 12)
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(color).darker(140))
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(0, 0, size.width() - 1, size.height() - 1, 3, 3)
    painter.end()
    return QIcon(pixmap)


def secondary(label: QLabel) -> QLabel:
    """Style ``label`` as secondary text: the text colour blended toward the background.

    (A disabled label is too faint to read; this stays legible in light and dark themes.)
    """
    palette = label.palette()
    fg = palette.color(QPalette.ColorRole.WindowText)
    bg = palette.color(QPalette.ColorRole.Window)
    mixed = QColor(
        round(0.62 * fg.red() + 0.38 * bg.red()),
        round(0.62 * fg.green() + 0.38 * bg.green()),
        round(0.62 * fg.blue() + 0.38 * bg.blue()),
    )
    palette.setColor(QPalette.ColorRole.WindowText, mixed)
    palette.setColor(QPalette.ColorRole.Text, mixed)
    label.setPalette(palette)
    return label


class SciSpinBox(QDoubleSpinBox):
    """A double spin box that keeps full precision and shows compact numbers (``1e-8``).

    With ``log=True`` the arrows walk the 1-2-5 sequence (0.001, 0.002, 0.005, 0.01 ...),
    which is how learning rates and epsilons are tuned.  A number typed outside the
    range is not taken (the value stays) but announced by ``outOfRange(value)`` when
    the edit ends (Enter or focus out), so the owner can say why.
    """

    outOfRange = Signal(float)

    def __init__(self, parent: QWidget | None = None, *, log: bool = False,
                 significant: int = 6) -> None:
        super().__init__(parent)
        self._log = log
        self._significant = significant
        self.setDecimals(323)  # no rounding: the value is exactly what was typed or set
        self.setKeyboardTracking(False)
        self.setAccelerated(True)
        self.setCorrectionMode(QDoubleSpinBox.CorrectionMode.CorrectToNearestValue)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt override)
        return format_number(value, self._significant)

    def valueFromText(self, text: str) -> float:  # noqa: N802 (Qt override)
        try:
            return float(self._strip(text))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> QValidator.State:
        body = self._strip(text)
        try:
            value = float(body)
        except ValueError:
            partial = body in ("", "-", "+", ".", "-.", "+.") or body.lower().endswith(
                ("e", "e-", "e+"))
            return QValidator.State.Intermediate if partial else QValidator.State.Invalid
        if not math.isfinite(value):
            return QValidator.State.Invalid
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable
        return QValidator.State.Intermediate

    def fixup(self, text: str) -> str:
        return self.textFromValue(self.value())

    def typed_out_of_range(self) -> float | None:
        """The number in the field if it is finite but outside the range, else None."""
        try:
            value = float(self._strip(self.lineEdit().text()))
        except ValueError:
            return None
        if math.isfinite(value) and not self.minimum() <= value <= self.maximum():
            return value
        return None

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._announce_out_of_range()
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._announce_out_of_range()
        super().focusOutEvent(event)

    def _announce_out_of_range(self) -> None:
        value = self.typed_out_of_range()
        if value is not None:
            self.outOfRange.emit(value)

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt override)
        if not self._log:
            super().stepBy(steps)
            return
        value = self.value()
        for _ in range(abs(steps)):
            value = _next_125(value, up=steps > 0, floor=max(self.minimum(), 1e-12))
        self.setValue(min(max(value, self.minimum()), self.maximum()))

    def _strip(self, text: str) -> str:
        return text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()


def _next_125(value: float, *, up: bool, floor: float) -> float:
    """The next value of the 1-2-5 sequence above (or below) ``value``."""
    if value <= 0:
        return floor if up else 0.0
    exponent = math.floor(math.log10(value))
    candidates = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in (1, 2, 5)]
    candidates = [float(f"{c:.3g}") for c in candidates]
    if up:
        return min(c for c in candidates if c > value * (1 + 1e-9))
    below = [c for c in candidates if c < value * (1 - 1e-9)]
    return max(below) if below and max(below) >= floor else 0.0


class LogSpinSlider(QWidget):
    """A horizontal log-scale slider next to a :class:`SciSpinBox`.

    The slider covers ``[slider_low, slider_high]`` on a log10 scale (100 ticks per
    decade); the spin box accepts anything in ``[minimum, maximum]`` (0 included),
    so values beyond the slider's span can still be typed.  ``valueChanged`` is
    emitted once per committed change: on Enter or focus-out in the spin box, on
    releasing the slider (or while dragging when ``tracking`` is true), and from
    :meth:`setValue` when the value changes.
    """

    valueChanged = Signal(float)

    TICKS_PER_DECADE = 100

    def __init__(
        self,
        value: float,
        *,
        slider_low: float = 1e-5,
        slider_high: float = 10.0,
        minimum: float = 0.0,
        maximum: float = UNBOUNDED,
        tracking: bool = False,
        slider_significant: int = 3,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if not 0 < slider_low < slider_high:
            raise ValueError(f"need 0 < slider_low < slider_high, got {slider_low}, {slider_high}")
        self._significant = slider_significant
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(self._tick(slider_low), self._tick(slider_high))
        self.slider.setPageStep(self.TICKS_PER_DECADE // 2)
        self.slider.setSingleStep(self.TICKS_PER_DECADE // 20)
        self.slider.setTracking(tracking)
        self.slider.setMinimumWidth(48)
        self._span = (slider_low, slider_high)
        self._set_slider_tip()
        self.spin = SciSpinBox(log=True)
        self.spin.setRange(minimum, maximum)
        self.spin.setMinimumWidth(self.spin.fontMetrics().horizontalAdvance("0.000000") + 28)
        self.spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self._value = float(value)
        self._set_widgets(self._value)
        self.slider.sliderMoved.connect(self._on_slider_moved)
        self.slider.valueChanged.connect(self._on_slider_value)
        self.spin.valueChanged.connect(self._on_spin)

    def value(self) -> float:
        return self._value

    def setValue(self, value: float) -> None:  # noqa: N802 (Qt naming)
        value = min(max(float(value), self.spin.minimum()), self.spin.maximum())
        self._set_widgets(value)
        self._commit(value)

    def setToolTip(self, text: str) -> None:  # noqa: N802 (Qt naming)
        super().setToolTip(text)
        self.spin.setToolTip(text)

    def _set_slider_tip(self) -> None:
        low, high = self._span
        self.slider.setToolTip(self.tr("log scale from {0} to {1}").format(
            format_number(low), format_number(high)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._set_slider_tip()
        super().changeEvent(event)

    # -- internals --------------------------------------------------------------
    def _tick(self, value: float) -> int:
        return round(math.log10(value) * self.TICKS_PER_DECADE)

    def _from_tick(self, tick: int) -> float:
        return float(f"{10.0 ** (tick / self.TICKS_PER_DECADE):.{self._significant}g}")

    def _set_widgets(self, value: float) -> None:
        with QSignalBlocker(self.spin):
            self.spin.setValue(value)
        with QSignalBlocker(self.slider):
            tick = self.slider.minimum() if value <= 0 else self._tick(value)
            self.slider.setValue(min(max(tick, self.slider.minimum()), self.slider.maximum()))

    def _commit(self, value: float) -> None:
        if value != self._value:
            self._value = value
            self.valueChanged.emit(value)

    def _on_slider_moved(self, tick: int) -> None:
        if not self.slider.hasTracking():  # show the number under the thumb while dragging
            with QSignalBlocker(self.spin):
                self.spin.setValue(self._from_tick(tick))

    def _on_slider_value(self, tick: int) -> None:
        value = self._from_tick(tick)
        with QSignalBlocker(self.spin):
            self.spin.setValue(value)
        self._commit(value)

    def _on_spin(self, value: float) -> None:
        with QSignalBlocker(self.slider):
            tick = self.slider.minimum() if value <= 0 else self._tick(value)
            self.slider.setValue(min(max(tick, self.slider.minimum()), self.slider.maximum()))
        self._commit(float(value))


