"""The symbolic half of a formula: the sympy expression and its exact derivatives.

Stage 4 of :func:`engine.formula.parse_formula`: :class:`SymbolicParser` builds
the sympy expression *directly* from a validated syntax tree (user text never
reaches sympy's string parser), evaluating constant sub-expressions in float64
alongside so that sympy never starts exact arithmetic on huge numbers; then
:func:`derivatives` differentiates it with :func:`sympy.diff`, within a size
budget (:data:`MAX_GRADIENT_SIZE`, :data:`MAX_HESSIAN_SIZE`).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable

import numpy as np
import sympy

from engine.formula_parser import (
    BINOPS,
    MAX_EXACT_BITS,
    MAX_EXPONENT,
    MAX_MAGNITUDE,
    FormulaError,
    Parser,
)
from engine.formula_syntax import ALLOWED_FUNCTIONS
from engine.messages import msg

__all__ = ["MAX_GRADIENT_SIZE", "MAX_HESSIAN_SIZE", "NUMPY_EXTRAS", "X", "Y", "SymbolicParser",
           "derivatives"]

MAX_GRADIENT_SIZE = 2000
"""Largest accepted gradient, in sympy tree nodes (textbook test functions need < 400)."""
MAX_HESSIAN_SIZE = 30000
"""Largest accepted Hessian (three entries), in sympy tree nodes (test functions need < 1500)."""

# -- sympy pieces -----------------------------------------------------------
_X, _Y = sympy.symbols("x y", real=True)


class _RealSign(sympy.Function):
    """``sign`` of a real argument, with derivative 0 (the Dirac spike is dropped)."""

    nargs = 1

    def _eval_is_extended_real(self):
        return True

    def fdiff(self, argindex=1):
        return sympy.S.Zero

    def _latex(self, printer):
        arg = printer._print(self.args[0])
        return r"\operatorname{sign}{\left(" + arg + r" \right)}"


class _RealAbs(sympy.Function):
    """``|u|`` for real ``u``.

    sympy's ``Abs`` differentiates arguments it cannot prove real (``log(x)``,
    ``sqrt(x)``, ``x**y``) into ``re``/``im``/``atan2`` clutter; surfaces are
    real-valued, so ``d|u|/du = sign(u)`` is what we want.
    """

    nargs = 1

    def _eval_is_extended_real(self):
        return True

    def _eval_is_extended_nonnegative(self):
        return True

    def fdiff(self, argindex=1):
        return _RealSign(self.args[0])

    def _latex(self, printer):
        return r"\left|{" + printer._print(self.args[0]) + r"}\right|"


# Names the numpy printer emits for our own functions, resolved at lambdify time.
_NUMPY_EXTRAS = {"_RealAbs": np.abs, "_RealSign": np.sign}

# name -> (sympy builder, float64 evaluator used for constant arguments)
_FUNCTIONS: dict[str, tuple[Callable, Callable[[float], float]]] = {
    "sin": (sympy.sin, math.sin),
    "cos": (sympy.cos, math.cos),
    "tan": (sympy.tan, math.tan),
    "exp": (sympy.exp, math.exp),
    "log": (sympy.log, math.log),
    "sqrt": (sympy.sqrt, math.sqrt),
    "tanh": (sympy.tanh, math.tanh),
    "sinh": (sympy.sinh, math.sinh),
    "cosh": (sympy.cosh, math.cosh),
    "arctan": (sympy.atan, math.atan),
    "atan": (sympy.atan, math.atan),
    "abs": (_RealAbs, abs),
}
assert tuple(_FUNCTIONS) == ALLOWED_FUNCTIONS

_BAD_ATOMS = (sympy.S.ComplexInfinity, sympy.S.NaN, sympy.S.Infinity, sympy.S.NegativeInfinity)


class SymbolicParser(Parser):
    """A :class:`~engine.formula_parser.Parser` that also builds the sympy expression."""

    def build(self, node: ast.expr) -> tuple[sympy.Expr, float | None]:
        """The sympy expression of ``node`` and, if it is constant, its float64 value.

        Only called on validated trees.  Constant sub-expressions are evaluated in
        float64 first, so sympy never starts exact arithmetic on huge numbers.
        """
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, int):
                return sympy.Integer(v), float(v)
            assert isinstance(v, float)
            return sympy.Float(v), v
        if isinstance(node, ast.Name):
            return {
                "x": (_X, None),
                "y": (_Y, None),
                "pi": (sympy.pi, math.pi),
                "e": (sympy.E, math.e),
            }[node.id]
        if isinstance(node, ast.UnaryOp):
            expr, value = self.build(node.operand)
            if isinstance(node.op, ast.USub):
                return -expr, (None if value is None else -value)
            return expr, value
        if isinstance(node, ast.BinOp):
            return self.build_binop(node)
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        return self.build_call(node)

    def build_binop(self, node: ast.BinOp) -> tuple[sympy.Expr, float | None]:
        a, av = self.build(node.left)
        b, bv = self.build(node.right)
        op = type(node.op)
        op_pos = self.find_in_src(BINOPS[op], node.left.end_col_offset, node.right.col_offset)
        value: float | None = None
        if op is ast.Pow:
            if bv is not None and not abs(bv) <= MAX_EXPONENT:
                raise self.node_error(msg("exponent too large"), node.right)
            if av is not None and bv is not None:
                try:
                    value = math.pow(av, bv)
                except OverflowError:
                    raise self.node_error(msg("number too large"), node) from None
                except (ValueError, ZeroDivisionError):
                    raise self.node_error(msg("power is undefined (not a real number)"),
                                          node) from None
            if b.is_Rational and bv is not None:
                bits = max(
                    (max(abs(r.p), r.q).bit_length() for r in a.atoms(sympy.Rational)), default=0
                )
                if bits * abs(bv) > MAX_EXACT_BITS:
                    raise self.node_error(msg("exponent too large"), node.right)
            expr = sympy.Pow(a, b)
        elif op is ast.Div:
            if bv == 0.0:
                raise self.error(msg("division by zero"), op_pos)
            expr = a / b
            if av is not None and bv is not None:
                value = av / bv
        elif op is ast.Mult:
            expr = a * b
            if av is not None and bv is not None:
                value = av * bv
        elif op is ast.Add:
            expr = a + b
            if av is not None and bv is not None:
                value = av + bv
        else:
            expr = a - b
            if av is not None and bv is not None:
                value = av - bv
        if value is not None and not abs(value) <= MAX_MAGNITUDE:
            raise self.node_error(msg("number too large"), node)
        if op in (ast.Pow, ast.Div) and expr.has(*_BAD_ATOMS):
            if op is ast.Div:
                raise self.error(msg("division by zero"), op_pos)
            raise self.error(msg("power is undefined"), node.col_offset)
        return expr, value

    def build_call(self, node: ast.Call) -> tuple[sympy.Expr, float | None]:
        name = node.func.id  # type: ignore[attr-defined]
        make, evaluate = _FUNCTIONS[name]
        arg, av = self.build(node.args[0])
        value: float | None = None
        if av is not None:
            try:
                value = float(evaluate(av))
            except OverflowError:
                raise self.node_error(msg("number too large"), node) from None
            except (ValueError, ZeroDivisionError):
                raise self.node_error(msg("{name}() is undefined here", name=name), node) from None
            if not abs(value) <= MAX_MAGNITUDE:
                raise self.node_error(msg("number too large"), node)
        # Constants are real (checked above), so sympy's exact Abs is right for them.
        expr = sympy.Abs(arg) if make is _RealAbs and av is not None else make(arg)
        if expr.has(*_BAD_ATOMS):
            raise self.node_error(msg("{name}() is undefined here", name=name), node)
        return expr, value



def derivatives(expr: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr, list[sympy.Expr]]:
    """The gradient ``(df/dx, df/dy)`` and the Hessian ``[fxx, fxy, fyy]`` of ``expr``.

    Raises :class:`FormulaError` when they outgrow the size budget or cannot be
    evaluated numerically.
    """
    gx, gy = sympy.diff(expr, _X), sympy.diff(expr, _Y)
    if _tree_size(gx, MAX_GRADIENT_SIZE) + _tree_size(gy, MAX_GRADIENT_SIZE) > MAX_GRADIENT_SIZE:
        raise FormulaError(msg("formula is too complex to differentiate"))
    gx, gy = _finish(gx), _finish(gy)
    hessian = []
    size = 0
    for g, v in ((gx, _X), (gx, _Y), (gy, _Y)):  # one entry at a time: stop early
        h = sympy.diff(g, v)
        size += _tree_size(h, MAX_HESSIAN_SIZE)
        if size > MAX_HESSIAN_SIZE:
            raise FormulaError(msg("formula is too complex to differentiate"))
        hessian.append(_finish(h))
    return gx, gy, hessian


def _tree_size(expr: sympy.Basic, limit: int) -> int:
    """Number of nodes in ``expr`` (shared sub-trees counted each time), capped at limit+1."""
    n = 0
    stack = [expr]
    while stack:
        e = stack.pop()
        n += 1
        if n > limit:
            break
        stack.extend(e.args)
    return n


def _finish(expr: sympy.Expr) -> sympy.Expr:
    """Make a derivative safe for numpy: no Dirac spikes, no unevaluated objects."""
    if expr.has(sympy.DiracDelta):
        expr = expr.replace(lambda e: isinstance(e, sympy.DiracDelta), lambda e: sympy.S.Zero)
    if expr.has(sympy.Derivative, sympy.Subs, sympy.Integral, *_BAD_ATOMS):
        raise FormulaError(msg("formula cannot be differentiated"))
    return expr



X, Y, NUMPY_EXTRAS = _X, _Y, _NUMPY_EXTRAS
