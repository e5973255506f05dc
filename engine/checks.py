"""Validation helpers for values that come from outside: files, settings, the command line.

Every check raises ``ValueError`` with a one-line English message that names the
field and shows the bad value *shortly*: :func:`describe` never fails and never
returns more than a few dozen characters, whatever it is given (an integer of
10 000 digits, a 10 MB string, a list nested a thousand levels deep).  Messages
are built with :func:`engine.messages.msg` (``"{name} must be a number, got
{value}"``, ...), so the GUI translates them by their template, not their text.
"""

from __future__ import annotations

import math
import numbers
import reprlib
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.messages import msg

#: Longest text :func:`describe` shows of a value.
SHOWN = 40

_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxstring = SHOWN
_REPR.maxother = SHOWN
_REPR.maxlong = SHOWN
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 4


def describe(value: Any) -> str:
    """A short, safe ``repr`` of ``value`` for an error message.

    Huge integers are shown in scientific notation (``1e+400``), long strings
    and deep or long containers are shortened with ``...``.
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**SHOWN:
        return _big_int(value)
    try:
        return _REPR.repr(value)
    except Exception:  # a repr that fails (e.g. an int too long for str()) must not hide the error
        return f"<{type(value).__name__}>"


def _big_int(value: int) -> str:
    size = abs(value)
    exponent = math.floor(math.log10(size))
    while 10**exponent > size:  # log10 is rounded: make the exponent exact
        exponent -= 1
    while 10 ** (exponent + 1) <= size:
        exponent += 1
    mantissa = size // 10 ** (exponent - 3) / 1000  # four significant digits, truncated
    return f"{'-' if value < 0 else ''}{mantissa:g}e+{exponent}"


def clip(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to ``limit`` characters (with ``...``), on one line, for an error message."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def is_number(value: Any) -> bool:
    """A real number that is not a bool (Python or numpy)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def real(value: Any, name: str, *, low: float | None = None, high: float | None = None,
         low_open: bool = False) -> float:
    """``value`` as a finite float in ``[low, high]`` (``(low, high]`` with ``low_open``)."""
    if not is_number(value):
        raise ValueError(msg("{name} must be a number, got {value}", name=name,
                             value=describe(value)))
    try:
        x = float(value)
    except OverflowError:  # an int beyond the float range
        x = math.inf
    if not math.isfinite(x):
        raise ValueError(msg("{name} must be finite, got {value}", name=name,
                             value=describe(value)))
    too_low = low is not None and (x < low or (low_open and x == low))
    if too_low or (high is not None and x > high):
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        left = "(" if low_open or low is None else "["
        right = ")" if high is None else "]"
        raise ValueError(msg("{name} must be in {range}, got {value}", name=name,
                             range=f"{left}{lo}, {hi}{right}", value=describe(value)))
    return x


def whole(value: Any, name: str, *, low: int, high: int, high_open: bool = False) -> int:
    """``value`` as an int in ``[low, high]`` (``[low, high)`` with ``high_open``).

    Integral floats (``10.0``) are accepted; bools, strings and fractions are not.
    """
    if isinstance(value, float | np.floating) and math.isfinite(value) and value == int(value):
        value = int(value)
    if not isinstance(value, numbers.Integral) or isinstance(value, bool | np.bool_):
        raise ValueError(msg("{name} must be a whole number, got {value}", name=name,
                             value=describe(value)))
    n = int(value)
    if n < low or n > high or (high_open and n == high):
        raise ValueError(
            msg("{name} must be in {range}, got {value}", name=name,
                range=f"[{low}, {high}{')' if high_open else ']'}", value=describe(n)))
    return n


def flag(value: Any, name: str) -> bool:
    """``value`` as a bool (``true`` or ``false`` in JSON, nothing else)."""
    if not isinstance(value, bool | np.bool_):
        raise ValueError(msg("{name} must be true or false, got {value}", name=name,
                             value=describe(value)))
    return bool(value)


def line(value: Any, name: str, *, limit: int) -> str:
    """``value`` as one line of text of at most ``limit`` characters.

    Control characters (line breaks included) and lone surrogates are refused:
    they cannot be shown in one table row, or cannot be encoded at all.
    """
    if not isinstance(value, str):
        raise ValueError(msg("{name} must be text, got {value}", name=name, value=describe(value)))
    if len(value) > limit:
        raise ValueError(msg("{name} is too long ({n} characters, at most {max})", name=name,
                             n=len(value), max=limit))
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise ValueError(msg("{name} must be one line of text, got {value}", name=name,
                             value=describe(value)))
    return value


def numbers_of(value: Any, name: str, count: int, *, limit: float) -> tuple[float, ...]:
    """``value`` as a list of ``count`` finite numbers, each within ``[-limit, limit]``."""
    if (isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray)
            or len(value) != count or not all(is_number(v) for v in value)):
        shown = describe(value)
        if count == 2:
            raise ValueError(msg("{name} must be two numbers, got {value}", name=name, value=shown))
        if count == 3:
            raise ValueError(msg("{name} must be three numbers, got {value}", name=name,
                                 value=shown))
        if count == 4:
            raise ValueError(msg("{name} must be four numbers, got {value}", name=name,
                                 value=shown))
        raise ValueError(msg("{name} must be {count} numbers, got {value}", name=name,
                             count=count, value=shown))
    return tuple(real(v, name, low=-limit, high=limit) for v in value)
