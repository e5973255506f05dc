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

Every failure surfaces as :class:`FormulaError` (a :class:`ValueError`) whose
message names the problem and, where there is one, the 1-based column in the
user's original text.

Evaluating a parsed surface never warns or raises for out-of-domain inputs:
``log`` of a negative number, ``sqrt(-1)``, overflow and so on give NaN or inf,
which the race core treats as divergence.
"""

from __future__ import annotations

import ast
import functools
import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

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

# -- limits ---------------------------------------------------------------
MAX_PAREN_DEPTH = 30
"""Deepest accepted bracket nesting, checked by a character scan before parsing."""
MAX_NODES = 200
"""Most expression nodes (numbers, names, operators, calls) in the syntax tree."""
MAX_DEPTH = 50
"""Deepest accepted syntax tree (``x^x^x^...`` and ``- - - x`` nest without brackets)."""
MAX_EXPONENT = 100.0
"""Largest accepted absolute value of a constant exponent."""
MAX_MAGNITUDE = 1e300
"""Largest accepted absolute value of a number literal or constant sub-expression."""
MAX_EXACT_BITS = 4096
"""Largest exact integer/rational (in bits) that a constant integer power may create."""
MAX_GRADIENT_SIZE = 2000
"""Largest accepted gradient, in sympy tree nodes (textbook test functions need < 400)."""
MAX_HESSIAN_SIZE = 30000
"""Largest accepted Hessian (three entries), in sympy tree nodes (test functions need < 1500)."""

_VARIABLES = ("x", "y")
_CONSTANTS = ("pi", "e")


class FormulaError(ValueError):
    """A formula that cannot be turned into a surface.

    Attributes:
        column: 1-based column in the user's text where the problem is, or ``None``.
        message: the full human-readable message (also ``str(error)``).
    """

    def __init__(self, message: Message, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


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

# -- syntax-tree whitelist ----------------------------------------------------
_BINOPS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_FORBIDDEN_BINOPS: dict[type, str] = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
}
# Node types with a fixed "... is not allowed" description.
_FORBIDDEN_NODES: dict[type, str] = {
    ast.Lambda: msg("lambda"),
    ast.IfExp: msg("'if ... else'"),
    ast.Compare: msg("comparison"),
    ast.BoolOp: msg("'and'/'or'"),
    ast.ListComp: msg("comprehension"),
    ast.SetComp: msg("comprehension"),
    ast.DictComp: msg("comprehension"),
    ast.GeneratorExp: msg("comprehension"),
    ast.JoinedStr: msg("f-string"),
    ast.FormattedValue: msg("f-string"),
    ast.Subscript: msg("subscript"),
    ast.Slice: msg("slice"),
    ast.Starred: msg("'*' unpacking"),
    ast.NamedExpr: msg("assignment (':=')"),
    ast.List: msg("list"),
    ast.Set: msg("set"),
    ast.Dict: msg("dict"),
    ast.Await: msg("await"),
    ast.Yield: msg("yield"),
    ast.YieldFrom: msg("yield"),
}
_DECIMAL_RE = re.compile(r"(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?")
_WORD_RE = re.compile(r"[A-Za-z0-9_.]+")
_OPEN, _CLOSE = "([{", ")]}"


def _chain_kind(op: ast.operator) -> str | None:
    """'add' for + and -, 'mul' for * and /, else None (see :meth:`_Parser.validate`)."""
    if isinstance(op, (ast.Add, ast.Sub)):
        return "add"
    if isinstance(op, (ast.Mult, ast.Div)):
        return "mul"
    return None


def _hint_for(name: str, candidates: tuple[str, ...]) -> Message | None:
    """A '(did you mean ...?)' hint for near-miss names, or ``None``."""
    if name == "ln" and "log" in candidates:
        return msg("(did you mean '{name}'?)", name="log")
    for c in candidates:
        if name.lower() == c:
            return msg("(did you mean '{name}'?)", name=c)
    return None


@dataclass(frozen=True)
class _Compiled:
    """The text-dependent, cacheable part of a parsed formula."""

    latex: str
    value_fn: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad_fn: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    hessian_fn: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]


class _Parser:
    """One parse of one (stripped) formula; ``lead`` is the stripped prefix length."""

    def __init__(self, text: str, lead: int) -> None:
        self.text = text
        self.lead = lead
        self.src = ""  # text with '^' replaced by '**'
        self.colmap: list[int] = []  # src index -> text index

    # -- positions --------------------------------------------------------
    def col_of_text(self, i: int) -> int:
        """1-based column in the original input of index ``i`` of the stripped text."""
        return self.lead + min(max(i, 0), len(self.text)) + 1

    def col_of_src(self, i: int) -> int:
        """1-based column in the original input of index ``i`` of the translated source."""
        if 0 <= i < len(self.colmap):
            return self.col_of_text(self.colmap[i])
        return self.col_of_text(len(self.text))

    def error(self, what: Message, src_index: int | None = None) -> FormulaError:
        if src_index is None:
            return FormulaError(what)
        return self.at(what, self.col_of_src(src_index))

    def node_error(self, what: Message, node: ast.AST) -> FormulaError:
        return self.error(what, getattr(node, "col_offset", None))

    @staticmethod
    def at(what: Message, col: int, hint: Message | None = None) -> FormulaError:
        """``what`` at the 1-based column ``col`` of the user's text, with an optional hint."""
        if hint is None:
            return FormulaError(msg("{what} at column {col}", what=what, col=col), col)
        return FormulaError(msg("{what} at column {col} {hint}", what=what, col=col, hint=hint),
                            col)

    def find_in_src(self, needle: str, start: int | None, stop: int | None = None) -> int:
        """Index of ``needle`` in the source between ``start`` and ``stop`` (or ``start``).

        Used to point at an operator, '.', ',' or '(' between two nodes' positions.
        """
        start = start or 0
        i = self.src.find(needle, start, len(self.src) if stop is None else stop)
        return start if i < 0 else i

    # -- stage 1: characters, brackets, '^' -------------------------------
    def scan(self) -> None:
        depth = 0
        src: list[str] = []
        colmap: list[int] = []
        for i, ch in enumerate(self.text):
            if ch in "\n\r\v\f\x85\u2028\u2029":
                raise self.at(msg("line breaks are not allowed"), self.col_of_text(i))
            if ch != "\t" and not (" " <= ch <= "~"):
                raise self.at(msg("unexpected character {char}", char=repr(ch)),
                              self.col_of_text(i))
            if ch in "#\\":
                raise self.at(msg("unexpected {token}", token=repr(ch)), self.col_of_text(i))
            if ch in _OPEN:
                depth += 1
                if depth > MAX_PAREN_DEPTH:
                    raise self.at(msg("brackets are nested too deeply (more than {n} levels)",
                                      n=MAX_PAREN_DEPTH), self.col_of_text(i))
            elif ch in _CLOSE:
                depth -= 1
            if ch == "^":
                src.append("**")
                colmap += [i, i]
            else:
                src.append(" " if ch == "\t" else ch)
                colmap.append(i)
        self.src = "".join(src)
        self.colmap = colmap

    # -- stage 2: ast.parse -----------------------------------------------
    def parse(self) -> ast.expr:
        try:
            with warnings.catch_warnings():
                # e.g. "1if" warns "invalid decimal literal" before failing
                warnings.simplefilter("ignore")
                tree = ast.parse(self.src, mode="eval")
        except SyntaxError as exc:
            raise self.syntax_error(exc) from None
        except (RecursionError, MemoryError, ValueError, OverflowError):
            raise FormulaError(msg("formula is too complex to parse")) from None
        return tree.body

    def syntax_error(self, exc: SyntaxError) -> FormulaError:
        reason = exc.msg or ""
        offset = exc.offset if isinstance(exc.offset, int) else 0
        i = offset - 1  # 0-based index into src
        if not 0 <= i < len(self.src):
            return self.at(msg("formula ends unexpectedly"), self.col_of_text(len(self.text)))
        col = self.col_of_src(i)
        t = self.colmap[i]  # index into the user's text
        ch = self.text[t]
        if "was never closed" in reason:
            return self.at(msg("unclosed {char}", char=repr(ch)), col)
        if reason.startswith("unmatched") or "does not match" in reason:
            return self.at(msg("unmatched {char}", char=repr(ch)), col)
        if "string" in reason:
            return self.at(msg("strings are not allowed"), col)
        m = _WORD_RE.match(self.text, t)
        token = m.group() if m else ("**" if self.text.startswith("**", t) else ch)
        if "literal" in reason or "leading zeros" in reason:
            return self.at(msg("invalid number {token}", token=repr(token)), col)
        hint = None
        before = self.text[:t].rstrip()
        if before and (m or ch == "("):
            words = re.findall(r"[A-Za-z_]\w*$", before)
            if words and words[0] in _FUNCTIONS:
                hint = msg("(write {name}(...) with parentheses)", name=words[0])
            elif before[-1].isalnum() or before[-1] in "._)":
                hint = msg("(missing operator?)")
        return self.at(msg("unexpected {token}", token=repr(token)), col, hint)

    # -- stage 3: whitelist, size and depth of the tree ----------------------
    def validate(self, root: ast.expr) -> None:
        """Check every node against the whitelist and bound the tree's size and depth.

        Depth does not grow along a left-nested chain of the same kind of operator
        (``a + b - c + ...``, ``a * b / c * ...``): sympy flattens those, so a long
        sum is not "deep".  Traversal is iterative, pre-order, left to right, so
        the reported problem is the leftmost outermost one.
        """
        stack: list[tuple[ast.AST, int]] = [(root, 1)]
        count = 0
        while stack:
            node, depth = stack.pop()
            count += 1
            if count > MAX_NODES:
                raise FormulaError(msg("formula is too complex (more than {n} numbers, names and "
                                       "operations)", n=MAX_NODES))
            if depth > MAX_DEPTH:
                raise self.node_error(
                    msg("formula is nested too deeply (more than {n} levels)", n=MAX_DEPTH), node)
            children = self.check_node(node)
            for child in reversed(children):
                same_chain = (
                    isinstance(node, ast.BinOp)
                    and child is node.left
                    and isinstance(child, ast.BinOp)
                    and _chain_kind(child.op) is not None
                    and _chain_kind(child.op) == _chain_kind(node.op)
                )
                stack.append((child, depth if same_chain else depth + 1))

    def check_node(self, node: ast.AST) -> list[ast.AST]:
        """Raise if ``node`` is not allowed; return its sub-expressions, left to right."""
        if isinstance(node, ast.BinOp):
            op = type(node.op)
            if op not in _BINOPS:
                sym = _FORBIDDEN_BINOPS.get(op, "?")
                pos = self.find_in_src(sym, node.left.end_col_offset, node.right.col_offset)
                raise self.error(msg("{what} is not allowed",
                                     what=msg("operator {op}", op=repr(sym))), pos)
            return [node.left, node.right]
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, (ast.USub, ast.UAdd)):
                return [node.operand]
            what = (msg("'not'") if isinstance(node.op, ast.Not)
                    else msg("operator {op}", op="'~'"))
            raise self.node_error(msg("{what} is not allowed", what=what), node)
        if isinstance(node, ast.Constant):
            self.check_number(node)
            return []
        if isinstance(node, ast.Name):
            self.check_name(node)
            return []
        if isinstance(node, ast.Call):
            return [self.check_call(node)]
        if isinstance(node, ast.Attribute):
            raise self.error(msg("attribute access is not allowed"),
                             self.find_in_src(".", node.value.end_col_offset))
        if isinstance(node, ast.Tuple):
            if not node.elts:
                raise self.node_error(msg("empty parentheses '()' are not allowed"), node)
            pos = self.find_in_src(",", node.elts[0].end_col_offset)
            raise self.error(msg("unexpected {token}", token="','"), pos)
        construct = _FORBIDDEN_NODES.get(type(node), type(node).__name__)
        raise self.node_error(msg("{what} is not allowed", what=construct), node)

    def check_number(self, node: ast.Constant) -> None:
        v = node.value
        if isinstance(v, str):
            raise self.node_error(msg("strings are not allowed"), node)
        if isinstance(v, bytes):
            raise self.node_error(msg("bytes are not allowed"), node)
        if isinstance(v, bool) or v is None or v is Ellipsis:
            raise self.node_error(msg("{what} is not allowed", what=repr(v)), node)
        if isinstance(v, complex):
            raise self.node_error(msg("complex numbers are not allowed"), node)
        if not isinstance(v, (int, float)):  # pragma: no cover - no other literal kinds
            raise self.node_error(msg("{what} is not allowed", what=type(v).__name__), node)
        self.check_decimal(node, v)

    def check_decimal(self, node: ast.Constant, v: float) -> None:
        """Only plain decimal literals (no 0x/0o/0b), at most :data:`MAX_MAGNITUDE`."""
        literal = self.src[node.col_offset : node.end_col_offset]
        if not _DECIMAL_RE.fullmatch(literal):
            raise self.node_error(msg("only decimal numbers are allowed, not {literal}",
                                      literal=repr(literal)), node)
        try:
            fv = float(v)
        except OverflowError:
            fv = math.inf
        if not abs(fv) <= MAX_MAGNITUDE:
            raise self.node_error(msg("number too large"), node)

    def check_name(self, node: ast.Name) -> None:
        if node.id in _VARIABLES or node.id in _CONSTANTS:
            return
        if node.id in _FUNCTIONS:
            raise self.node_error(msg("function '{name}' needs an argument in parentheses, e.g. "
                                      "{example},", name=node.id, example=f"{node.id}(x)"), node)
        hint = _hint_for(node.id, _VARIABLES + _CONSTANTS + ALLOWED_FUNCTIONS)
        raise self.at(msg("unknown name '{name}'", name=node.id),
                      self.col_of_src(node.col_offset), hint)

    def check_call(self, node: ast.Call) -> ast.expr:
        func = node.func
        if isinstance(func, ast.Attribute):
            raise self.error(msg("attribute access is not allowed"),
                             self.find_in_src(".", func.value.end_col_offset))
        if not isinstance(func, ast.Name):
            raise self.error(msg("missing operator before '('"),
                             self.find_in_src("(", func.end_col_offset))
        name = func.id
        if name not in _FUNCTIONS:
            col = self.col_of_src(func.col_offset)
            if name in _VARIABLES or name in _CONSTANTS:
                raise self.at(msg("'{name}' is not a function", name=name), col,
                              msg("(write {name}*(...))", name=name))
            hint = _hint_for(name, ALLOWED_FUNCTIONS)
            raise self.at(msg("unknown function '{name}'", name=name), col, hint)
        if node.keywords:
            kw = node.keywords[0]
            if kw.arg is None:
                if self.text[self.colmap[kw.col_offset]] == "^":
                    raise self.error(msg("unexpected {token}", token="'^'"), kw.col_offset)
                raise self.error(msg("{what} is not allowed", what=msg("'**' unpacking")),
                                 kw.col_offset)
            raise self.error(msg("keyword arguments are not allowed"), kw.col_offset)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.node_error(msg("{what} is not allowed", what=msg("'*' unpacking")),
                                      arg)
        if len(node.args) != 1:
            raise self.node_error(msg("{name}() takes exactly one argument", name=name), func)
        return node.args[0]

    # -- stage 4: sympy expression ----------------------------------------
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
        op_pos = self.find_in_src(_BINOPS[op], node.left.end_col_offset, node.right.col_offset)
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


# -- derivatives and compilation ----------------------------------------------
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
    return sympy.lambdify((_X, _Y), exprs, modules=[_NUMPY_EXTRAS, "numpy"], cse=True)


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
    parser = _Parser(text, lead)
    parser.scan()
    root = parser.parse()
    parser.validate(root)
    expr, _ = parser.build(root)

    if not expr.free_symbols and expr.is_real is False:
        raise FormulaError(msg("formula is not a real number"))

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
