"""Every optimizer's update rule, as the inspector and the help show it.

What is checked is the text the reader sees (the rich text's plain form): no LaTeX
left, no caret or underscore standing in for a script, and every accent on the
one-letter symbol it belongs to (never on a letter of a word such as "amsgrad").
"""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtGui import QTextDocument

from engine.optimizers import REGISTRY
from gui.widgets.mathtext import latex_to_html, latex_to_unicode

GREEK = "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩ"


def _shown(latex: str) -> str:
    doc = QTextDocument()
    doc.setHtml(latex_to_html(latex))
    return doc.toPlainText()


def _misplaced_accents(text: str) -> list[str]:
    bad = []
    for i, ch in enumerate(text):
        if not unicodedata.combining(ch):
            continue
        base = text[i - 1] if i else ""
        before = text[i - 2] if i >= 2 else ""
        on_a_symbol = base.isascii() and base.isalpha() or base in GREEK
        in_a_word = before.isascii() and before.isalpha()  # "amsgrad" + mark: a word
        if not on_a_symbol or in_a_word:
            bad.append(text[max(0, i - 8): i + 3])
    return bad


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_update_rule_renders_cleanly(qapp, name: str) -> None:
    shown = _shown(REGISTRY[name].update_rule)
    assert shown.strip(), name
    assert "\\" not in shown and "{" not in shown.replace("{ ", ""), shown
    assert "^" not in shown and "_" not in shown.replace("final_lr", ""), shown
    assert _misplaced_accents(shown) == [], shown
    # The plain form (tooltips) is the same text where every script had a Unicode form.
    plain = latex_to_unicode(REGISTRY[name].update_rule)
    if "^" not in plain and "_" not in plain.replace("final_lr", ""):
        assert shown.splitlines() == plain.splitlines()


def test_scripts_without_unicode_become_sup_and_sub() -> None:
    assert latex_to_html(r"0.96^{t\psi}") == "0.96<sup>tψ</sup>"
    assert latex_to_html(r"\rho_\infty > 5") == "ρ<sub>∞</sub> &gt; 5"
    assert latex_to_html(r"t^{1/4}") == "t¹⁄⁴"
    assert latex_to_html("a \\\\ b") == "a<br>b"


def test_hats_are_single_characters_where_unicode_has_them() -> None:
    assert latex_to_unicode(r"\hat{g}_t") == "ĝₜ"
    assert latex_to_unicode(r"\bar g") == "ḡ"
    assert latex_to_unicode(r"\hat v_t") == "v\u0302ₜ"  # no precomposed v̂: the mark follows v
    assert _misplaced_accents("max(v\u0302ₜ) (amsgrad\u0302)") == ["(amsgrad\u0302)"]
