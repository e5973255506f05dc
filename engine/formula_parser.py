"""Formula text to a checked syntax tree: characters, brackets, a node whitelist, limits.

Stages 1-3 of :func:`engine.formula.parse_formula` (see its module docstring):
the text is scanned character by character (line breaks, non-ASCII, bracket
depth) before :func:`ast.parse` sees it, and the tree is then checked node by
node against a whitelist and bounded in size and depth.  Nothing is evaluated.
Every failure is a :class:`FormulaError` whose message (an
:func:`engine.messages.msg`) names the problem and, where there is one, the
1-based column in the user's original text.
"""

from __future__ import annotations

import ast
import math
import re
import warnings

from engine.formula_syntax import ALLOWED_FUNCTIONS
from engine.messages import Message, msg

__all__ = ["BINOPS", "MAX_DEPTH", "MAX_NODES", "MAX_PAREN_DEPTH", "FormulaError", "Parser"]

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

VARIABLES = ("x", "y")
CONSTANTS = ("pi", "e")


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



# -- syntax-tree whitelist ----------------------------------------------------
BINOPS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
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



class Parser:
    """Stages 1-3 of one parse of one (stripped) formula; ``lead`` is the stripped prefix length.

    :meth:`scan`, :meth:`parse` and :meth:`validate` turn the text into a syntax tree
    that holds only whitelisted nodes, of bounded size and depth.
    """

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
            if words and words[0] in ALLOWED_FUNCTIONS:
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
            if op not in BINOPS:
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
        if node.id in VARIABLES or node.id in CONSTANTS:
            return
        if node.id in ALLOWED_FUNCTIONS:
            raise self.node_error(msg("function '{name}' needs an argument in parentheses, e.g. "
                                      "{example},", name=node.id, example=f"{node.id}(x)"), node)
        hint = _hint_for(node.id, VARIABLES + CONSTANTS + ALLOWED_FUNCTIONS)
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
        if name not in ALLOWED_FUNCTIONS:
            col = self.col_of_src(func.col_offset)
            if name in VARIABLES or name in CONSTANTS:
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

