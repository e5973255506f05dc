""""Inside the optimizer": the selected racer's update rule and its live state.

The update rule comes from the registry as LaTeX; :func:`latex_to_unicode`
turns the subset the docstrings use into readable Unicode text (β₁, θₜ₋₁, √v̂ₜ,
fractions as ``a/(b)``), with no TeX engine.

The live optimizer state (moment estimates, accumulators …) exists only at the
simulation head (``race.step_count``): the race does not keep a copy per step.
When the cursor is behind the head the panel says which step it shows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.optimizers import get_spec
from engine.race import Racer
from engine.session import Session
from gui.race.racers_panel import secondary
from gui.services.i18n import Texts, bool_text, engine_text, translate
from gui.services.session_bridge import SessionBridge
from gui.services.throttle import Throttled

__all__ = ["InspectorPanel", "format_value", "latex_to_unicode"]

# -- LaTeX → Unicode -------------------------------------------------------------------------
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
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχει∗⊤",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡᵋᶥ*ᵀ",
    strict=True))


def latex_to_unicode(latex: str) -> str:
    r"""Readable Unicode text for the LaTeX math the optimizer docstrings use.

    Greek letters and operators become their symbols (``\beta`` → β, ``\nabla`` → ∇),
    sub- and superscripts become Unicode ones where they exist (``\theta_{t-1}`` →
    θₜ₋₁, ``g_t^2`` → gₜ²; otherwise ``_(…)``/``^(…)``), ``\frac{a}{b}`` becomes
    ``a/b`` with parentheses where needed, ``\sqrt{x}`` → √x, accents combine
    (``\hat v`` → v̂), ``\text{…}`` is kept verbatim, alignment ``&`` is dropped, each
    ``\\`` starts a new line and a ``cases`` block becomes ``{ a if c; b otherwise }``.
    """
    lines = [_tidy(line) for line in _Parser(latex).parse().split("\n")]
    return "\n".join(line for line in lines if line)


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
            return arg + ACCENTS[name] if len(arg) == 1 else f"({arg}){ACCENTS[name]}"
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
    return mark + (text if len(text) == 1 else f"({text})")


_ATOMIC = re.compile(r"^[\w.\u0300-\u036f\u2080-\u209c\u00b2\u00b3\u00b9\u2070-\u207f"
                     r"\u1d2c-\u1dbf\u2c7c\u02b0-\u02ff∗*]+$")


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


# -- values ---------------------------------------------------------------------------------------
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


# -- the panel -----------------------------------------------------------------------------------
class InspectorPanel(QWidget):
    """Title, summary, update rule and a live table of the selected racer's optimizer.

    Public API:
        ``rule_label``     the update rule in Unicode
        ``state_tree``     QTreeWidget: "At step N" (step, lr, position, gradient, step)
                           and "Optimizer state" (every entry of describe_state)
        ``note_label``     which step the state is from
        ``items()``        the tree's (name, value) text pairs, top to bottom
    """

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._shown_optimizer: str | None = None
        self._tree_shape: list[list[str]] | None = None
        self._build()
        # At ~10 Hz while playing (the tree is read, not watched).
        bridge.cursorChanged.connect(Throttled(bridge, self._refresh_state, parent=self).trigger)
        bridge.racersChanged.connect(self._refresh)
        bridge.surfaceChanged.connect(self._refresh)
        bridge.displayChanged.connect(self._refresh)
        self._refresh()

    @property
    def session(self) -> Session:
        return self.bridge.session

    def _build(self) -> None:
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.reference_label = QLabel()
        self.reference_label.setWordWrap(True)
        secondary(self.reference_label)
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.rule_label.setTextFormat(Qt.TextFormat.PlainText)
        self.rule_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rule_font = QFont(self.rule_label.font())
        rule_font.setFamilies(["DejaVu Serif", "STIX Two Math", "Cambria Math", "serif"])
        rule_font.setPointSizeF(rule_font.pointSizeF() * 1.08)
        self.rule_label.setFont(rule_font)
        self.rule_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.rule_label.setMargin(8)
        self.rule_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.rule_label.setBackgroundRole(QPalette.ColorRole.Base)
        self.rule_label.setAutoFillBackground(True)

        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        secondary(self.note_label)
        self.state_tree = QTreeWidget()
        self.state_tree.setColumnCount(2)
        self.texts = Texts()
        self.texts.bind(lambda t: self.state_tree.headerItem().setText(0, t),
                        lambda: self.tr("quantity"))
        self.texts.bind(lambda t: self.state_tree.headerItem().setText(1, t),
                        lambda: self.tr("value"))
        self.state_tree.setRootIsDecorated(False)
        self.state_tree.setUniformRowHeights(True)
        self.state_tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.state_tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.state_tree.setAlternatingRowColors(True)
        self.state_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.state_tree.header().setStretchLastSection(True)
        mono = QFont(self.state_tree.font())
        mono.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
        self._mono = mono

        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(6)
        v.addWidget(self.title_label)
        v.addWidget(self.summary_label)
        v.addWidget(self.reference_label)
        v.addWidget(self.rule_label)
        v.addWidget(self.note_label)
        v.addWidget(self.state_tree, 1)

        self.placeholder = QLabel()
        self.texts.bind(self.placeholder.setText,
                        lambda: self.tr("Select a racer to look inside its optimizer."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        secondary(self.placeholder)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.stack)

    # -- public API -------------------------------------------------------------
    def items(self) -> list[tuple[str, str]]:
        out = []
        for i in range(self.state_tree.topLevelItemCount()):
            top = self.state_tree.topLevelItem(i)
            out.append((top.text(0), top.text(1)))
            for j in range(top.childCount()):
                child = top.child(j)
                out.append((child.text(0), child.text(1)))
        return out

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.apply()
            self._tree_shape = None
            self._refresh()
        super().changeEvent(event)

    # -- session → widgets -------------------------------------------------------
    def _selected_racer(self) -> Racer | None:
        i = self.session.selected
        racers = self.session.race.racers
        return racers[i] if i is not None and 0 <= i < len(racers) else None

    def _refresh(self, *_: object) -> None:
        racer = self._selected_racer()
        if racer is None:
            self._shown_optimizer = None
            self.stack.setCurrentIndex(0)
            return
        spec = get_spec(racer.config.optimizer)
        self._shown_optimizer = spec.name
        color = self.session.display[racer.index].color
        self.title_label.setText(f"<span style='color:{color}'>●</span> "
                                 f"{_escape(engine_text(spec.title))}"
                                 f" <span style='font-weight:normal'>— {_escape(racer.name)}"
                                 "</span>")
        self.summary_label.setText(engine_text(spec.summary))
        self.reference_label.setText(self.tr("{paper} · reference: {reference}").format(
            paper=engine_text(spec.paper), reference=spec.reference))
        self.rule_label.setText(latex_to_unicode(spec.update_rule)
                                or self.tr("(no update rule given)"))
        self.rule_label.setToolTip(spec.update_rule)
        self.stack.setCurrentIndex(1)
        self._refresh_state()

    def _refresh_state(self, *_: object) -> None:
        racer = self._selected_racer()
        if racer is None or self.stack.currentIndex() == 0:
            return
        snap = racer.snapshot()
        head, cursor = self.session.race.step_count, self.session.cursor
        if racer.diverged_at is not None:
            note = self.tr("Diverged at step {0}: state shown is the last finite one "
                           "(step {1}).").format(racer.diverged_at, racer.diverged_at - 1)
        elif cursor < head:
            note = self.tr("The cursor is at step {0}; state shown at step {1} "
                           "(the latest simulated).").format(cursor, head)
        else:
            note = self.tr("Live state at step {0}.").format(head)
        self.note_label.setText(note)
        rows_now = [(self.tr("step"), snap["step"]), (self.tr("learning rate"), snap["lr"]),
                    (self.tr("position θ"), snap["position"]),
                    (self.tr("gradient g"), snap["grad"]),
                    (self.tr("update Δθ"), snap["update"]),
                    (self.tr("loss f(θ)"), racer.loss)]
        state = [(k, v) for k, v in snap["state"].items()]
        self._fill([(self.tr("At step {0}").format(snap["step"]), rows_now),
                    (self.tr("Optimizer state"), state)])

    def _fill(self, groups: Iterable[tuple[str, list[tuple[str, Any]]]]) -> None:
        tree = self.state_tree
        groups = list(groups)
        shape = [[name for name, _ in rows] for _, rows in groups]
        if shape != self._tree_shape:
            tree.clear()
            for title, rows in groups:
                top = QTreeWidgetItem([title, ""])
                font = top.font(0)
                font.setBold(True)
                top.setFont(0, font)
                tree.addTopLevelItem(top)
                for name, _ in rows:
                    child = QTreeWidgetItem([name, ""])
                    child.setFont(1, self._mono)
                    top.addChild(child)
                top.setExpanded(True)
            self._tree_shape = shape
        for g, (title, rows) in enumerate(groups):
            top = tree.topLevelItem(g)
            if top.text(0) != title:
                top.setText(0, title)
            for r, (_, value) in enumerate(rows):
                text = format_value(value)
                child = top.child(r)
                if child.text(1) != text:
                    child.setText(1, text)
        if groups and not groups[-1][1]:
            tree.topLevelItem(len(groups) - 1).setText(1, self.tr("(none)"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
