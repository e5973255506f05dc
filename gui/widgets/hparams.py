"""Editors generated from an optimizer's (or a schedule's) :class:`~engine.optimizers.HParam`
table: a checkbox, a spin box, or a log slider with a spin box, with the engine's help,
range and default as tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QSpinBox, QWidget

from engine.optimizers import HParam
from gui.services.i18n import bool_text, engine_text, range_text, translate
from gui.widgets.controls import UNBOUNDED, LogSpinSlider, SciSpinBox
from gui.widgets.numbers import format_number

__all__ = ["connect_editor", "connect_rejected", "editor_value", "hparam_tooltip",
           "make_editor", "schedule_name", "set_editor_value"]

#: Shown names of the learning-rate schedules (the keys are the engine's kinds).
#: Shown names of the learning-rate schedules (the keys are the engine's kinds).
SCHEDULE_NAMES = {
    "constant": QT_TRANSLATE_NOOP("Schedules", "constant"),
    "step": QT_TRANSLATE_NOOP("Schedules", "step decay"),
    "cosine": QT_TRANSLATE_NOOP("Schedules", "cosine annealing"),
    "warmup": QT_TRANSLATE_NOOP("Schedules", "linear warm-up"),
}


def hparam_tooltip(p: HParam) -> str:
    """Help text, valid range and default of one hyper-parameter (in the shown language)."""
    default = p.default
    if isinstance(default, bool):
        default_text = bool_text(default)
    elif isinstance(default, float):
        default_text = format_number(default, 6)
    else:
        default_text = str(default)
    lines = [f"{p.name}: {engine_text(p.help)}"]
    if p.kind != "bool":
        lines.append(translate("RacersPanel", "Valid range: {0}").format(range_text(p)))
    lines.append(translate("RacersPanel", "Default: {0}").format(default_text))
    return "\n".join(lines)



def _slider_span(p: HParam) -> tuple[float, float]:
    """The decades a log slider should cover for ``p`` (learning rates: 1e-5 … 10)."""
    if p.name == "lr":
        return 1e-5, 10.0
    default = float(p.default) if p.default else 1e-3
    low = 10.0 ** (math.floor(math.log10(default)) - 3)
    high = 10.0 ** (math.ceil(math.log10(default)) + 3)
    if p.high is not None:
        high = min(high, p.high)
    if p.low is not None and p.low > 0:
        low = max(low, p.low)
    return low, high


def make_editor(p: HParam) -> QWidget:
    """The control for one hyper-parameter: checkbox, spin box or log slider + spin box.

    Every editor emits ``valueChanged``/``toggled`` once per committed change, and
    :func:`editor_value`/:func:`set_editor_value` read and write it.
    """
    if p.kind == "bool":
        editor: QWidget = QCheckBox()
    elif p.kind == "int":
        spin = QSpinBox()
        spin.setKeyboardTracking(False)
        spin.setRange(int(p.low) if p.low is not None else -(2**31) + 1,
                      int(min(p.high, 2**31 - 1)) if p.high is not None else 2**31 - 1)
        spin.setAccelerated(True)
        editor = spin
    elif p.log:
        low, high = _slider_span(p)
        editor = LogSpinSlider(
            float(p.default), slider_low=low, slider_high=high,
            minimum=p.low if p.low is not None else -UNBOUNDED,
            maximum=p.high if p.high is not None else UNBOUNDED,
        )
    else:
        spin = SciSpinBox()
        spin.setRange(p.low if p.low is not None else -UNBOUNDED,
                      p.high if p.high is not None else UNBOUNDED)
        spin.setSingleStep(0.01 if (p.high is not None and p.high <= 1) else 0.1)
        spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("0.000000") + 28)
        editor = spin
    editor.setToolTip(hparam_tooltip(p))
    editor.setObjectName(p.name)
    set_editor_value(editor, p.default)
    return editor


def editor_value(editor: QWidget) -> Any:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox):
        return int(editor.value())
    return float(editor.value())  # SciSpinBox or LogSpinSlider


def set_editor_value(editor: QWidget, value: Any) -> None:
    """Write ``value`` into ``editor`` without emitting anything."""
    with QSignalBlocker(editor):
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        else:
            editor.setValue(float(value))


def connect_editor(editor: QWidget, slot: Any) -> None:
    if isinstance(editor, QCheckBox):
        editor.toggled.connect(slot)
    else:
        editor.valueChanged.connect(slot)


def connect_rejected(editor: QWidget, p: HParam, show: Callable[[ValueError], None]) -> None:
    """Call ``show`` with the engine's own error when a value outside ``p``'s range is
    typed into ``editor`` (the editor keeps its value: nothing is reverted silently)."""
    spin = editor.spin if isinstance(editor, LogSpinSlider) else editor
    if not isinstance(spin, SciSpinBox):
        return

    def rejected(value: float) -> None:
        try:
            p.validate(value)
        except ValueError as exc:
            show(exc)

    spin.outOfRange.connect(rejected)


def schedule_name(kind: str) -> str:
    """The shown name of a learning-rate schedule kind."""
    name = SCHEDULE_NAMES.get(kind)
    return translate("Schedules", name) if name else kind
