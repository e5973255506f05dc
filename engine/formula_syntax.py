"""The formula syntax in words: what :mod:`engine.formula` accepts, without sympy.

Kept apart from the parser so the GUI can show the help text (a tooltip of the
surface panel) at startup without importing sympy, which takes ~0.3 s; sympy is
imported when the first custom formula is parsed.
"""

from __future__ import annotations

__all__ = ["ALLOWED_FUNCTIONS", "MAX_LENGTH", "SYNTAX_HELP"]

MAX_LENGTH = 500
"""Longest accepted formula, in characters (after stripping surrounding blanks)."""

ALLOWED_FUNCTIONS: tuple[str, ...] = (
    "sin",
    "cos",
    "tan",
    "exp",
    "log",
    "sqrt",
    "tanh",
    "sinh",
    "cosh",
    "arctan",
    "atan",
    "abs",
)
"""Function names accepted in formulas (``atan`` is an alias of ``arctan``)."""

SYNTAX_HELP = (
    "Type f(x, y) using the variables x and y, numbers (3, 0.5, 2e-3), the constants "
    "pi and e, the operators + - * / and ^ or ** for powers (x^2, 2^-x), parentheses, "
    "and the functions sin cos tan exp log sqrt tanh sinh cosh arctan (or atan) abs, "
    "each with one argument. log is the natural logarithm; write products "
    "explicitly (2*x, not 2x). Example: (1 - x)^2 + 100*(y - x^2)^2"
)
"""One-paragraph description of the formula syntax for tooltips and ``--help``."""
