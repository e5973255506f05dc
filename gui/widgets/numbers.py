"""Numbers as text: compact, with a given number of significant digits."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gui.services.i18n import bool_text, translate

__all__ = ["format_number", "format_value"]


def format_number(value: float, significant: int = 4) -> str:
    """``value`` with ``significant`` digits, compact: ``0.001``, ``1e-08`` → ``1e-8``, ``50``."""
    if value == 0:
        return "0"
    text = f"{value:.{significant}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text




def format_value(value: Any, significant: int = 4) -> str:
    """A state value as text: arrays and scalars with ``significant`` digits, None as —."""
    if value is None:
        return "—"
    if isinstance(value, bool | np.bool_):
        return bool_text(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return _fmt_float(float(value), significant)
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return format_value(value.item(), significant)
        if value.size > 16:
            return translate("InspectorPanel", "array of shape {0}").format(value.shape)
        return _fmt_array(value, significant)
    if isinstance(value, tuple | list):
        return "(" + ", ".join(format_value(v, significant) for v in value) + ")"
    return str(value)


def _fmt_float(x: float, significant: int) -> str:
    if not math.isfinite(x):
        return str(x)
    if x == 0:
        return "0"
    text = f"{x:.{significant}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def _fmt_array(a: np.ndarray, significant: int) -> str:
    if a.ndim == 1:
        return "[" + ", ".join(_fmt_float(float(v), significant) for v in a) + "]"
    return "[" + ", ".join(_fmt_array(row, significant) for row in a) + "]"
