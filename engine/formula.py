"""User-typed surfaces: a safe, bounded parser from formula text to a :class:`Surface`.

The user types ``f(x, y)`` in a small calculator syntax (see :data:`SYNTAX_HELP`).
The text is parsed with :func:`ast.parse` and only a whitelist of node types is
accepted; the sympy expression is built *directly* from those nodes, so user
text is never evaluated, executed or handed to sympy's string parser.  The
gradient and Hessian are derived symbolically with :func:`sympy.diff` and
compiled to vectorised numpy code with :func:`sympy.lambdify`.

Hostile or accidental input is rejected cheaply, before the expensive steps:

* text length (:data:`MAX_LENGTH`) and characters are checked first;
* bracket nesting is measured by a character scan *before* :func:`ast.parse`
  (which can exhaust the C stack on thousands of nested parentheses);
* the syntax tree is bounded in size (:data:`MAX_NODES`) and depth
  (:data:`MAX_DEPTH`) before any sympy work;
* constant exponents are bounded (:data:`MAX_EXPONENT`), constant
  sub-expressions are evaluated in float64 alongside the symbolic build and must
  stay finite and at most :data:`MAX_MAGNITUDE` in size, and exact integer
  powers may not produce numbers longer than :data:`MAX_EXACT_BITS` bits, so
  ``9**9**9**9`` or ``exp(exp(exp(1e300)))`` never reach bignum arithmetic;
* the derivatives must stay below a size budget (:data:`MAX_GRADIENT_SIZE`,
  :data:`MAX_HESSIAN_SIZE`), which stops e.g. products of many factors, whose
  Hessians grow cubically, long before compilation or evaluation gets slow.

The work is split in three files: :mod:`engine.formula_parser` (text to a checked
syntax tree), :mod:`engine.formula_symbolic` (the sympy expression and its
derivatives) and this module (compilation to numpy, the cache, the public API).

Every failure surfaces as :class:`FormulaError` (a :class:`ValueError`) whose
message names the problem and, where there is one, the 1-based column in the
user's original text.

Evaluating a parsed surface never warns or raises for out-of-domain inputs:
``log`` of a negative number, ``sqrt(-1)``, overflow and so on give NaN or inf,
which the race core treats as divergence.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from engine.formula_parser import FormulaError
from engine.formula_symbolic import NUMPY_EXTRAS, SymbolicParser, X, Y, derivatives
from engine.formula_syntax import ALLOWED_FUNCTIONS, MAX_LENGTH, SYNTAX_HELP
from engine.messages import Message, msg
from engine.surface import Surface

__all__ = [
    "ALLOWED_FUNCTIONS",
    "MAX_LENGTH",
    "SYNTAX_HELP",
    "FormulaError",
    "parse_formula",
]


@dataclass(frozen=True)
class _Compiled:
    """The text-dependent, cacheable part of a parsed formula."""

    latex: str
    value_fn: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad_fn: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    hessian_fn: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]



# -- compilation --------------------------------------------------------------
def _floatify_big_numbers(expr: sympy.Expr) -> sympy.Expr:
    """Replace integers/rationals beyond float64's exact range by Floats.

    The numpy printer writes exact numbers as Python ints, and ``np.cos(10**300)``
    fails on an int too large for int64.
    """
    big = 2**53
    reps = {r: sympy.Float(r) for r in expr.atoms(sympy.Rational) if abs(r.p) > big or r.q > big}
    return expr.xreplace(reps) if reps else expr


def _lambdify(exprs: sympy.Expr | list[sympy.Expr]) -> Callable:
    """Compile our own sympy expression(s) of ``(x, y)`` to numpy, sharing subexpressions."""
    if isinstance(exprs, list):
        exprs = [_floatify_big_numbers(e) for e in exprs]
    else:
        exprs = _floatify_big_numbers(exprs)
    return sympy.lambdify((X, Y), exprs, modules=[NUMPY_EXTRAS, "numpy"], cse=True)


def _real_array(a: object, shape: tuple[int, ...], inputs: tuple[np.ndarray, ...]) -> np.ndarray:
    """``a`` as a fresh-enough float64 array of ``shape``; complex values become NaN."""
    arr = np.asarray(a)
    if np.iscomplexobj(arr):
        arr = np.where(arr.imag == 0, arr.real, np.nan)
    arr = arr.astype(np.float64, copy=False)
    if arr.shape != shape:
        return np.array(np.broadcast_to(arr, shape))
    if any(np.may_share_memory(arr, i) for i in inputs):
        return arr.copy()
    return arr


def _vectorised(fn: Callable, n: int | None) -> Callable:
    """Wrap a lambdified function: float64 in, float64 arrays of broadcast shape out.

    ``n`` is the number of returned components (``None`` for a single array).
    Evaluation runs with numpy floating-point warnings silenced; arithmetic
    exceptions raised by Python scalars give NaN.
    """

    def wrapped(x, y):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        shape = np.broadcast_shapes(x.shape, y.shape)
        with np.errstate(all="ignore"):
            try:
                out = fn(x, y)
            except ArithmeticError:
                out = np.nan if n is None else [np.nan] * n
            if n is None:
                return _real_array(out, shape, (x, y))
            return tuple(_real_array(o, shape, (x, y)) for o in out)

    return wrapped


def _compile(text: str, lead: int) -> _Compiled:
    parser = SymbolicParser(text, lead)
    parser.scan()
    root = parser.parse()
    parser.validate(root)
    expr, _ = parser.build(root)

    if not expr.free_symbols and expr.is_real is False:
        raise FormulaError(msg("formula is not a real number"))
    gx, gy, hessian = derivatives(expr)

    compiled = _Compiled(
        latex=sympy.latex(expr),
        value_fn=_vectorised(_lambdify(expr), None),
        grad_fn=_vectorised(_lambdify([gx, gy]), 2),
        hessian_fn=_vectorised(_lambdify(hessian), 3),
    )
    # Probe once so that a compilation problem is reported now, not mid-race.
    probe = np.array([[-1.5, 0.0, 0.5], [2.0, -0.25, 1.0]])
    compiled.value_fn(probe[0], probe[1])
    compiled.grad_fn(probe[0], probe[1])
    compiled.hessian_fn(np.array(0.5), np.array(-0.5))
    return compiled


@functools.lru_cache(maxsize=256)
def _compile_cached(text: str, lead: int) -> _Compiled | tuple[Message, int | None]:
    """Compile, remembering failures too (the GUI re-parses on every keystroke).

    A failure is cached as ``(message, column)`` rather than as the exception,
    which would keep its traceback (and the sympy objects in it) alive.
    """
    try:
        return _compile(text, lead)
    except FormulaError as exc:
        return exc.message, exc.column
    except RecursionError:
        return msg("formula is too complex (nested too deeply)"), None
    except MemoryError:
        return msg("formula is too complex (out of memory)"), None
    except Exception as exc:  # sympy/numpy internals: never leak a traceback
        return msg("formula could not be processed ({error})", error=type(exc).__name__), None


def _check_point(p: Any, what: str, n: int) -> tuple[float, ...]:
    try:
        vals = tuple(float(v) for v in p)
    except (TypeError, ValueError) as exc:
        raise FormulaError(msg("{name} must be {n} numbers", name=what, n=n)) from exc
    if len(vals) != n or not all(math.isfinite(v) for v in vals):
        raise FormulaError(msg("{name} must be {n} finite numbers", name=what, n=n))
    return vals


def parse_formula(
    text: str,
    *,
    domain: tuple[float, float, float, float] = (-5.0, 5.0, -5.0, 5.0),
    start: tuple[float, float] | None = None,
    name: str = "custom",
    title: str | None = None,
) -> Surface:
    """Parse a user formula ``f(x, y)`` into a :class:`Surface` with exact derivatives.

    Args:
        text: the formula, e.g. ``"(1 - x)^2 + 100*(y - x^2)^2"``; see :data:`SYNTAX_HELP`.
        domain: display domain ``(xmin, xmax, ymin, ymax)``.
        start: default start point; by default 60 % of the way from the centre
            of the domain to its top-left corner.
        name: the surface's identifier.
        title: the surface's title; by default ``"f(x, y) = <formula>"``.

    Returns:
        A non-builtin surface without known minima whose ``formula`` is the
        stripped text.

    Raises:
        FormulaError: for anything that is not a valid, reasonably sized formula
            (and for a malformed ``domain``/``start``); never any other exception.
    """
    if not isinstance(text, str):
        raise FormulaError(msg("formula must be text, not {type}", type=type(text).__name__))
    stripped = text.strip()
    if len(stripped) > MAX_LENGTH:
        raise FormulaError(msg("formula is too long ({n} characters, at most {max})",
                               n=len(stripped), max=MAX_LENGTH))
    if not stripped:
        raise FormulaError(msg("empty formula"))
    xmin, xmax, ymin, ymax = _check_point(domain, "domain", 4)
    if not (xmin < xmax and ymin < ymax):
        raise FormulaError(msg("domain must satisfy xmin < xmax and ymin < ymax"))
    if start is None:
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        start_pt = (cx + 0.6 * (xmin - cx), cy + 0.6 * (ymax - cy))
    else:
        sx, sy = _check_point(start, "start", 2)
        start_pt = (sx, sy)

    lead = len(text) - len(text.lstrip())
    result = _compile_cached(stripped, lead)
    if isinstance(result, tuple):
        raise FormulaError(*result)
    return Surface(
        name=str(name),
        title=str(title) if title else f"f(x, y) = {stripped}",
        formula=stripped,
        latex=result.latex,
        domain=(xmin, xmax, ymin, ymax),
        start=start_pt,
        minima=(),
        value_fn=result.value_fn,
        grad_fn=result.grad_fn,
        hessian_fn=result.hessian_fn,
        builtin=False,
    )
