"""LaTeX math as readable text, with no TeX engine.

:func:`latex_to_unicode` turns the subset of LaTeX the optimizers' update rules use
into Unicode text (β₁, θₜ₋₁, √v̂ₜ, fractions as ``a/(b)``); the inspector panel and
the help show it.  :func:`prose_texts` lists the prose in ``\\text{...}`` groups, which
``tools/i18n.py`` collects for translation (it is shown in the installed language).
"""

from __future__ import annotations

import html
import re

from gui.services.i18n import engine_text, translate

__all__ = ["latex_to_html", "latex_to_unicode", "prose_texts"]

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
SYMBOLS = {
    "nabla": "∇", "partial": "∂", "cdot": "·", "times": "×", "le": "≤", "leq": "≤",
    "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "infty": "∞", "in": "∈",
    "sum": "∑", "prod": "∏", "leftarrow": "←", "rightarrow": "→", "to": "→",
    "gets": "←", "pm": "±", "ast": "∗", "star": "⋆", "top": "⊤", "odot": "⊙",
    "circ": "∘", "propto": "∝", "ldots": "…", "cdots": "⋯", "lvert": "|", "rvert": "|",
    "lVert": "‖", "rVert": "‖", "mid": "|", "langle": "⟨", "rangle": "⟩", "sim": "∼",
    "{": "{", "}": "}", "_": "_", "%": "%", "&": "&", "#": "#", "|": "‖",
    ",": "\u2009", ";": " ", ":": " ", "!": "", " ": " ", "quad": "  ", "qquad": "    ",
}
NAMED_FUNCTIONS = {"max", "min", "log", "ln", "exp", "sin", "cos", "tan", "tanh", "sign",
                   "arg", "argmin", "argmax", "det", "sup", "inf", "lim"}
#: Words in these are prose ("otherwise", "if nesterov else"): shown translated.
PROSE_COMMANDS = {"text", "textrm", "textit", "textbf", "mbox"}
TEXT_COMMANDS = {"text", "mathrm", "operatorname", "textrm", "textit", "mathit", "mathbf",
                 "textbf", "mathsf", "texttt", "mbox"}
SIZING = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
          "biggl", "biggr", "Biggl", "Biggr", "displaystyle", "textstyle", "limits"}
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304",
           "tilde": "\u0303", "widetilde": "\u0303", "dot": "\u0307", "ddot": "\u0308",
           "vec": "\u20d7"}
FRACTIONS = {"frac", "tfrac", "dfrac", "cfrac"}
VULGAR = {("1", "2"): "½", ("1", "3"): "⅓", ("2", "3"): "⅔", ("1", "4"): "¼",
          ("3", "4"): "¾"}

SUBSCRIPT = dict(zip("0123456789+-−=()aehijklmnoprstuvxβγρφχ",
                     "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ", strict=True))
SUPERSCRIPT = dict(zip(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχει∗⊤/",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡᵋᶥ*ᵀ⁄",
    strict=True))
#: Letters with a hat as one character (no combining mark to misplace).
PRECOMPOSED = {("a", "\u0302"): "â", ("c", "\u0302"): "ĉ", ("e", "\u0302"): "ê",
               ("g", "\u0302"): "ĝ", ("h", "\u0302"): "ĥ", ("i", "\u0302"): "î",
               ("j", "\u0302"): "ĵ", ("o", "\u0302"): "ô", ("s", "\u0302"): "ŝ",
               ("u", "\u0302"): "û", ("w", "\u0302"): "ŵ", ("y", "\u0302"): "ŷ",
               ("z", "\u0302"): "ẑ", ("a", "\u0304"): "ā", ("e", "\u0304"): "ē",
               ("g", "\u0304"): "ḡ", ("o", "\u0304"): "ō", ("u", "\u0304"): "ū",
               ("a", "\u0303"): "ã", ("n", "\u0303"): "ñ", ("o", "\u0303"): "õ",
               ("v", "\u0303"): "ṽ", ("x", "\u0307"): "ẋ", ("y", "\u0307"): "ẏ"}
#: A script that has no Unicode form is kept between these marks until the end:
#: ``^(…)`` in plain text, ``<sup>…</sup>`` in HTML.
_OPEN, _CLOSE = "\x01", "\x02"
_SCRIPT = re.compile(f"{_OPEN}([\\^_])([^{_OPEN}{_CLOSE}]*){_CLOSE}")


def latex_to_unicode(latex: str) -> str:
    r"""Readable Unicode text for the LaTeX math the optimizer docstrings use.

    Greek letters and operators become their symbols (``\beta`` → β, ``\nabla`` → ∇),
    sub- and superscripts become Unicode ones where they exist (``\theta_{t-1}`` →
    θₜ₋₁, ``g_t^2`` → gₜ²; otherwise ``_(…)``/``^(…)``), ``\frac{a}{b}`` becomes
    ``a/b`` with parentheses where needed, ``\sqrt{x}`` → √x, accents combine
    (``\hat v`` → v̂), ``\text{…}`` is kept verbatim, alignment ``&`` is dropped, each
    ``\\`` starts a new line and a ``cases`` block becomes ``{ a if c; b otherwise }``.
    """
    return "\n".join(_lines(latex, _plain_script))


def latex_to_html(latex: str) -> str:
    r"""The update rule as HTML for a rich-text label: like :func:`latex_to_unicode`, but
    a script with no Unicode form is set with ``<sup>``/``<sub>`` (``0.96^{t\psi}`` →
    0.96<sup>tψ</sup>) instead of ``^(…)``, and lines are joined by ``<br>``."""
    return "<br>".join(_lines(latex, _html_script, escape=True))


def _lines(latex: str, script, escape: bool = False) -> list[str]:
    text = _Parser(latex).parse()
    if escape:
        text = html.escape(text, quote=False)
    while _SCRIPT.search(text):  # innermost first
        text = _SCRIPT.sub(lambda m: script(m.group(1), m.group(2)), text)
    lines = [_tidy(line) for line in text.split("\n")]
    return [line for line in lines if line]


def _plain_script(mark: str, text: str) -> str:
    return mark + (text if len(text) == 1 else f"({text})")


def _html_script(mark: str, text: str) -> str:
    tag = "sup" if mark == "^" else "sub"
    return f"<{tag}>{text}</{tag}>"


def _tidy(line: str) -> str:
    """Collapse runs of blanks and drop those just inside parentheses."""
    line = " ".join(line.split())
    return re.sub(r"\s+\)", ")", re.sub(r"\(\s+", "(", line))


def prose_texts(latex: str) -> list[str]:
    """The prose of ``\\text{...}`` groups in ``latex``, as :func:`latex_to_unicode` shows it
    (what ``tools/i18n.py`` collects for translation)."""
    pattern = r"\\(?:" + "|".join(sorted(PROSE_COMMANDS)) + r")\s*\{([^{}]*)\}"
    return [m.replace("\\_", "_").replace("\\", "") for m in re.findall(pattern, latex)]


class _Parser:
    """A tiny recursive-descent converter over the LaTeX source.

    With ``translate`` the prose in ``\\text{...}`` is shown in the installed language.
    """

    def __init__(self, text: str, translate: bool = True) -> None:
        self.s = text
        self.i = 0
        self.translate = translate

    def parse(self, stop: str | None = None) -> str:
        out: list[str] = []
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if stop is not None and c == stop:
                self.i += 1
                break
            if c == "{":
                self.i += 1
                out.append(self.parse("}"))
            elif c == "}":
                self.i += 1
            elif c in "^_":
                self.i += 1
                arg = self.argument()
                out.append(_script(arg, SUPERSCRIPT if c == "^" else SUBSCRIPT, c))
            elif c == "\\":
                out.append(self.command())
            elif c == "&":
                self.i += 1
            elif c == "~":
                self.i += 1
                out.append(" ")
            elif c == "-":
                self.i += 1
                out.append("−")
            elif c.isspace():
                self.i += 1
                out.append(" ")
            else:
                self.i += 1
                out.append(c)
        return "".join(out)

    def raw_group(self) -> str:
        """The source text of the next ``{…}`` group (or of the next character)."""
        self._skip_spaces()
        if self.i >= len(self.s):
            return ""
        if self.s[self.i] != "{":
            self.i += 1
            return self.s[self.i - 1]
        depth, start = 0, self.i
        while self.i < len(self.s):
            ch = self.s[self.i]
            if ch == "\\":
                self.i += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    self.i += 1
                    return self.s[start + 1 : self.i - 1]
            self.i += 1
        return self.s[start + 1 :]

    def argument(self) -> str:
        """The converted next argument: a group, a command or one character."""
        self._skip_spaces()
        if self.i >= len(self.s):
            return ""
        c = self.s[self.i]
        if c == "{":
            self.i += 1
            return self.parse("}")
        if c == "\\":
            return self.command()
        self.i += 1
        return "−" if c == "-" else c

    def command(self) -> str:
        s = self.s
        self.i += 1  # the backslash
        if self.i >= len(s):
            return ""
        if not s[self.i].isalpha():
            ch = s[self.i]
            self.i += 1
            if ch == "\\":
                return "\n"
            return SYMBOLS.get(ch, ch)
        start = self.i
        while self.i < len(s) and s[self.i].isalpha():
            self.i += 1
        name = s[start : self.i]
        if name in GREEK:
            return GREEK[name]
        if name in SYMBOLS:
            if name in ("nabla", "partial"):  # prefix operators: \nabla f → ∇f
                self._skip_spaces()
            return SYMBOLS[name]
        if name in NAMED_FUNCTIONS:
            return name
        if name in TEXT_COMMANDS:
            text = self.raw_group().replace("\\_", "_").replace("\\", "")
            if self.translate and name in PROSE_COMMANDS:
                return engine_text(text)
            return text
        if name in SIZING:
            self._skip_spaces()
            if self.i < len(s) and s[self.i] == ".":  # \left. is an invisible delimiter
                self.i += 1
            return ""
        if name in ACCENTS:
            arg = self.argument()
            if len(arg) == 1:  # the mark on that letter, precomposed where it exists
                return PRECOMPOSED.get((arg, ACCENTS[name]), arg + ACCENTS[name])
            return f"({arg}){ACCENTS[name]}"
        if name in FRACTIONS:
            num, den = self.argument(), self.argument()
            if (num, den) in VULGAR:
                return VULGAR[(num, den)]
            return f"{_wrap(num)}/{_wrap(den)}"
        if name == "sqrt":
            self._skip_spaces()
            index = ""
            if self.i < len(s) and s[self.i] == "[":
                end = s.find("]", self.i)
                index, self.i = s[self.i + 1 : end], end + 1
            arg = self.argument()
            root = {"": "√", "3": "∛", "4": "∜"}.get(index, f"{index}√")
            return root + _wrap(arg)
        if name == "begin":
            env = self.raw_group()
            end = s.find(f"\\end{{{env}}}", self.i)
            end = len(s) if end < 0 else end
            body, self.i = s[self.i : end], min(len(s), end + len(f"\\end{{{env}}}"))
            return _cases(body) if env == "cases" else _Parser(body, self.translate).parse()
        if name == "end":
            self.raw_group()
            return ""
        return name  # unknown command: its name is the most readable fallback

    def _skip_spaces(self) -> None:
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1


def _script(text: str, table: dict[str, str], mark: str) -> str:
    text = "".join(text.split())  # scripts are set tight: _{i \le t} → (i≤t)
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    return f"{_OPEN}{mark}{text}{_CLOSE}"


_ATOMIC = re.compile(r"^[\w.\u0300-\u036f\u2080-\u209c\u00b2\u00b3\u00b9\u2070-\u207f"
                     r"\u1d2c-\u1dbf\u2c7c\u02b0-\u02ff\u2044∗*]+$")


def _wrap(text: str) -> str:
    """``text`` in parentheses unless it is one atom (a symbol with its scripts)."""
    text = text.strip()
    body = text.lstrip("√∛∜")
    if _ATOMIC.match(body) or (body.startswith("(") and body.endswith(")")
                               and _balanced(body[1:-1])):
        return text
    return f"({text})"


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def _split_top(text: str, sep: str) -> list[str]:
    """Split ``text`` at ``sep`` outside braces."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        if text.startswith(sep, i) and depth == 0:
            parts.append(text[start:i])
            i += len(sep)
            start = i
            continue
        ch = text[i]
        if ch == "\\" and not text.startswith(sep, i):
            i += 2
            continue
        depth += (ch == "{") - (ch == "}")
        i += 1
    parts.append(text[start:])
    return parts


def _cases(body: str) -> str:
    rows = []
    for row in _split_top(body, "\\\\"):
        if not row.strip():
            continue
        value, _, condition = row.partition("&")
        value_text = " ".join(_Parser(value).parse().split())
        cond_text = " ".join(_Parser(condition, translate=False).parse().split())
        if not cond_text:
            rows.append(value_text)
        elif cond_text.startswith(("otherwise", "else")):
            rows.append(translate("InspectorPanel", "{0} otherwise").format(value_text))
        else:
            rows.append(translate("InspectorPanel", "{0} if {1}").format(
                value_text, cond_text.removeprefix("if ")))
    return "{ " + "; ".join(rows) + " }"


