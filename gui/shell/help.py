"""The help window: every optimizer explained, keyboard shortcuts and a lab-session guide.

A searchable list on the left (guides first, then every optimizer in the
registry), rich text on the right.  An optimizer's page holds a paragraph on
how it behaves, its update rule (the registry's LaTeX rendered with
:func:`~gui.widgets.mathtext.latex_to_html`), its hyper-parameters with
their help, range and default, and the paper.  The shortcut table is read
from the main window's actions, so it cannot go stale.

Every text goes through ``translate("Help", ...)``; the registry's texts through
:func:`gui.services.i18n.engine_text`.  The pages are rebuilt on ``LanguageChange``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.optimizers import REGISTRY
from engine.optimizers.base import OptimizerSpec
from gui.services.i18n import bool_text, engine_text, range_text, translate
from gui.widgets.mathtext import latex_to_html

GUIDE = "guide"
SHORTCUTS = "shortcuts"
PAGE_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


#: How each optimizer behaves, one paragraph each (the registry holds the one-line summary).
EXPLANATIONS: dict[str, str] = {
    "sgd": QT_TRANSLATE_NOOP(
        "Help",
        "Gradient descent takes a step of the learning rate γ times the gradient, straight "
        "downhill, and remembers nothing between steps. Its behaviour is set entirely by γ "
        "and the local curvature: along a direction of curvature h each step multiplies the "
        "distance to the minimum by (1 − γh). With γh between 1 and 2 it overshoots and "
        "zig-zags, as across the ravine preset; above 2 it diverges; in flat directions it "
        "crawls. Momentum > 0 turns it into the Momentum racer; weight decay λ adds λθ to "
        "the gradient (L2 regularisation)."),
    "momentum": QT_TRANSLATE_NOOP(
        "Help",
        "Momentum, the heavy ball, keeps a velocity b: the sum of past gradients, each "
        "decayed by μ per step (0.9 here), and steps along it. Where successive gradients "
        "agree the velocity grows to about 1/(1 − μ) = 10 plain steps, so it rolls quickly "
        "along long gentle valleys; where they alternate in sign, as across a ravine, they "
        "largely cancel. The price is inertia: it overshoots a minimum and swings around it "
        "before settling, and it can roll straight over a narrow basin. Dampening τ scales "
        "down each new gradient's share of the velocity."),
    "nesterov": QT_TRANSLATE_NOOP(
        "Help",
        "Nesterov momentum steps with the current gradient plus μ times the new velocity, "
        "a look-ahead that corrects the velocity before it carries the point too far. On "
        "smooth convex problems it provably converges faster than plain gradient descent; "
        "in the race it overshoots and oscillates less than heavy-ball Momentum with the "
        "same learning rate and μ. This is PyTorch's formulation (Sutskever et al.), which "
        "folds the look-ahead into the step instead of taking the gradient at a shifted "
        "point."),
    "adagrad": QT_TRANSLATE_NOOP(
        "Help",
        "AdaGrad gives every coordinate its own step size: it divides the step by the square "
        "root of the sum of all squared gradients seen so far on that coordinate. Steep "
        "directions get small steps and flat ones large steps, which is why it crosses the "
        "ravine without zig-zagging and why it suited sparse features. Because the sum only "
        "grows, the steps keep shrinking, roughly like 1/√t: on long runs AdaGrad slows down "
        "and can stall before reaching the minimum. lr_decay further divides the learning "
        "rate by 1 + (t − 1)·lr_decay."),
    "rmsprop": QT_TRANSLATE_NOOP(
        "Help",
        "RMSprop cures AdaGrad's ever-shrinking steps by dividing by a running average of "
        "squared gradients (decay α, 0.99) instead of their sum: old gradients are "
        "forgotten, and each coordinate's step follows the recent scale of its gradient. "
        "Steps therefore stay close to the learning rate even where the gradient is small, "
        "so RMSprop may circle around a minimum unless the learning rate is lowered. "
        "'centered' divides by an estimate of the gradient's variance instead; 'momentum' "
        "adds a velocity on top of the normalised gradient."),
    "adadelta": QT_TRANSLATE_NOOP(
        "Help",
        "Adadelta makes RMSprop's step carry the right units: the gradient is multiplied by "
        "the ratio of a running RMS of past updates to a running RMS of past gradients, both "
        "decayed with ρ. The first steps are tiny (of the order of √ε) and grow as updates "
        "accumulate, so it starts slowly but needs almost no tuning of the learning rate, "
        "which PyTorch keeps as a plain factor on the update (1.0 by default)."),
    "adam": QT_TRANSLATE_NOOP(
        "Help",
        "Adam combines momentum and RMSprop: it keeps running averages of the gradient "
        "(β₁) and of its square (β₂), corrects both for starting at zero, and steps along "
        "their ratio. Every coordinate then moves by roughly the learning rate per step, "
        "whatever the gradient's scale, which makes Adam robust and easy to tune: the "
        "default choice of deep learning. On the race surfaces it first heads almost "
        "diagonally (both coordinates take similar steps) and, with a large learning rate, "
        "circles around the minimum before settling. amsgrad = true gives AMSGrad."),
    "adamw": QT_TRANSLATE_NOOP(
        "Help",
        "AdamW is Adam with decoupled weight decay: instead of adding λθ to the gradient, "
        "where Adam's normalisation would rescale it coordinate by coordinate, it shrinks "
        "the weights directly by the factor (1 − γλ) each step. The decay then acts as "
        "intended, which regularises deep networks better than L2 in Adam. On a 2-D surface "
        "the decay pulls the racer gently towards the origin, so with weight_decay > 0 it "
        "settles slightly off the minimum."),
    "amsgrad": QT_TRANSLATE_NOOP(
        "Help",
        "AMSGrad is Adam with one change: the denominator uses the largest second-moment "
        "estimate seen so far, so no coordinate's step size can grow again after a burst "
        "of large gradients. Reddi et al. showed that Adam can fail to converge even on "
        "simple convex problems because its estimate can shrink too fast; keeping the "
        "maximum restores the convergence proof. In practice it behaves like a more "
        "cautious Adam."),
    "nadam": QT_TRANSLATE_NOOP(
        "Help",
        "NAdam brings Nesterov's look-ahead into Adam: each step mixes the current gradient "
        "with the momentum it is about to apply, with a momentum coefficient μₜ that warms "
        "up over the first few hundred steps (momentum_decay ψ). It reacts a little faster "
        "than Adam when the direction changes and overshoots less. "
        "decoupled_weight_decay = true applies weight decay the AdamW way."),
    "radam": QT_TRANSLATE_NOOP(
        "Help",
        "RAdam (rectified Adam) tames Adam's first steps, when the squared-gradient average "
        "rests on very few samples and the adaptive step can be far too large. While the "
        "estimated length ρₜ of that average is at most 5 it takes plain momentum steps; "
        "afterwards it uses Adam's step times a rectification factor rₜ that rises towards "
        "1. This acts as a built-in learning-rate warm-up."),
    "adamax": QT_TRANSLATE_NOOP(
        "Help",
        "Adamax, from the same paper as Adam, replaces the root-mean-square denominator with "
        "an exponentially weighted maximum: u is the larger of the decayed previous u and "
        "the current |g|. The denominator reacts at once to a large gradient and forgets it "
        "slowly, and it needs no bias correction, which makes Adamax steadier when gradients "
        "are occasionally very large."),
    "rprop": QT_TRANSLATE_NOOP(
        "Help",
        "Rprop (resilient backpropagation) ignores the size of the gradient and uses only its "
        "sign. Every coordinate has its own step size, which grows by η⁺ (1.2) while the sign "
        "holds and is halved (η⁻) when it flips, that is when the minimum was overshot, "
        "within [step_min, step_max]. It is fast and robust with exact gradients, as in the "
        "race without noise, but not meant for noisy mini-batch gradients whose signs flip "
        "at random."),
    "lion": QT_TRANSLATE_NOOP(
        "Help",
        "Lion (evolved sign momentum) was found by an automated search over programs. It "
        "steps by the sign of a blend of the momentum and the current gradient (β₁), so "
        "every coordinate moves by exactly the learning rate, and updates its momentum with "
        "a slower coefficient β₂. With a single state array it is cheaper than Adam; since "
        "its steps have a fixed size, its learning rate is usually 3 to 10 times smaller "
        "than Adam's. On 2-D surfaces it moves along diagonals and ends by jittering around "
        "the minimum by about the learning rate."),
    "signsgd": QT_TRANSLATE_NOOP(
        "Help",
        "signSGD steps by the sign of the gradient only; with momentum > 0 (the default "
        "here) by the sign of a running average of gradients, a variant also called "
        "Signum. Every coordinate moves by the same amount, so badly scaled gradients do "
        "not matter, but it cannot slow down near a minimum and ends up oscillating around "
        "it by the learning rate. In distributed training its appeal is that a sign takes "
        "one bit to send."),
    "yogi": QT_TRANSLATE_NOOP(
        "Help",
        "Yogi changes how Adam's squared-gradient estimate v adapts: instead of moving v a "
        "fraction of the way to g², it adds or subtracts (1 − β₂)·g² depending on whether v "
        "is below or above g². v then changes by bounded steps, so a sudden drop in the "
        "gradient cannot make the effective learning rate jump up. It starts from a small "
        "positive initial_accumulator and uses a larger ε (10⁻³) than Adam."),
    "adabelief": QT_TRANSLATE_NOOP(
        "Help",
        "AdaBelief is Adam with a different denominator: the running average of the squared "
        "deviation of the gradient from its momentum, (g − m)², instead of g². When the "
        "gradient is predictable, as along a smooth valley, the deviation is small and "
        "AdaBelief takes large steps; when it jumps around, it takes small cautious ones. "
        "Options add AdamW-style decay, RAdam's rectification and AMSGrad's bound."),
    "adabound": QT_TRANSLATE_NOOP(
        "Help",
        "AdaBound starts like Adam and gradually turns into SGD: each coordinate's adaptive "
        "step size is clipped into a band around final_lr that is wide at first (from 0 to "
        "∞) and narrows over time, at a speed set by gamma (κ). Early on it enjoys Adam's "
        "fast progress; later every coordinate gets nearly the same step size, final_lr, "
        "like SGD, which Luo et al. argue generalises better."),
    "swats": QT_TRANSLATE_NOOP(
        "Help",
        "SWATS (switching from Adam to SGD) runs Adam and, at every step, estimates the SGD "
        "learning rate that would have produced Adam's step along the gradient. It keeps a "
        "running average of that estimate; once the average stops changing, it switches for "
        "good to SGD with momentum at that learning rate. In the race the path changes "
        "character at the moment of the switch."),
    "qhm": QT_TRANSLATE_NOOP(
        "Help",
        "Quasi-hyperbolic momentum steps along a weighted average of the momentum buffer and "
        "the current gradient: ν·b + (1 − ν)·g. With ν = 1 it is (normalised) momentum, with "
        "ν = 0 plain SGD; mixing in the raw gradient keeps SGD's responsiveness while "
        "keeping much of momentum's averaging. The defaults here (β = 0, ν = 1) are plain "
        "SGD; Ma & Yarats recommend ν = 0.7 with β = 0.999. Nesterov momentum and several "
        "other methods are special cases."),
    "qhadam": QT_TRANSLATE_NOOP(
        "Help",
        "QHAdam applies the quasi-hyperbolic idea to Adam: the numerator mixes the momentum "
        "with the current gradient (ν₁) and the denominator mixes the squared-gradient "
        "average with the current g² (ν₂). With ν₁ = ν₂ = 1, the defaults here, it is Adam; "
        "the paper suggests ν₁ = 0.7, ν₂ = 1, and recovers NAdam and other variants as "
        "special cases."),
    "adan": QT_TRANSLATE_NOOP(
        "Help",
        "Adan (adaptive Nesterov momentum) keeps three running averages: of the gradient "
        "(β₁), of the gradient's change from the previous step (β₂), and of the square of "
        "the gradient corrected by that change (β₃). The change term is a cheap stand-in "
        "for Nesterov's look-ahead that needs no gradient at a second point. Weight decay "
        "is applied as a proximal step, dividing by 1 + γλ."),
    "adopt": QT_TRANSLATE_NOOP(
        "Help",
        "ADOPT fixes Adam's convergence problem differently from AMSGrad: it divides the "
        "current gradient by the squared-gradient estimate of the previous step, so the two "
        "are independent, clips the result, and only then averages it into the momentum. "
        "With this order it converges for any β₂, with no ever-growing maximum. Its first "
        "step only initialises the estimate, so the racer does not move at step 1."),
    "madgrad": QT_TRANSLATE_NOOP(
        "Help",
        "MADGRAD is a dual-averaging method: instead of stepping from the current point it "
        "adds up all past gradients, weighted more and more (like √t), and jumps from the "
        "starting point θ₀ by that sum divided by the cube root of the accumulated squared "
        "gradients; the point then moves towards this target with momentum. It was designed "
        "to match SGD's results with Adam's ease of tuning; its paths on 2-D surfaces look "
        "quite unlike those of step-based methods."),
    "ademamix": QT_TRANSLATE_NOOP(
        "Help",
        "AdEMAMix adds to Adam a second, very slow momentum (β₃ = 0.9999 remembers roughly "
        "the last 10 000 gradients) and steps along the fast momentum plus α times the slow "
        "one. Pagliardini et al. found that such old gradients stay useful for a long time "
        "when training language models. α and β₃ can be warmed up over t_alpha_beta3 steps; "
        "without warm-up the slow term takes over gradually in long races."),
    "laprop": QT_TRANSLATE_NOOP(
        "Help",
        "LaProp swaps two operations of Adam: it first divides each gradient by the running "
        "RMS of gradients, as RMSprop does, and then averages these normalised gradients "
        "into the momentum. Separating momentum from adaptivity removes Adam's instability "
        "when β₁ is large compared with β₂, so the two can be chosen independently."),
    "schedulefree_sgd": QT_TRANSLATE_NOOP(
        "Help",
        "Schedule-free SGD needs no learning-rate schedule and no planned number of steps: it "
        "runs a fast SGD sequence z, averages it on the fly into x, the answer, and takes "
        "gradients at a point y between the two. The averaging does what a decaying "
        "schedule would do, so the learning rate stays constant. r and weight_lr_power set "
        "how the average weights later points; warmup_steps ramps the learning rate up."),
    "schedulefree_adamw": QT_TRANSLATE_NOOP(
        "Help",
        "Schedule-free AdamW applies the same averaging to AdamW: the fast sequence z takes "
        "AdamW-normalised steps, gradients are taken between z and its running average x "
        "(β₁ sets where), and x is the answer. It was the core of the winning entry of the "
        "2024 AlgoPerf self-tuning track, with no learning-rate schedule at all. Use a few "
        "warm-up steps for a smooth start."),
    "newton": QT_TRANSLATE_NOOP(
        "Help",
        "Newton's method uses second derivatives: it fits the local quadratic model with the "
        "exact Hessian H and jumps to its stationary point, a step of −H⁻¹g. On a quadratic "
        "bowl it lands on the minimum in one step (lr = 1), and near a minimum it converges "
        "quadratically, doubling the number of correct digits at each step. But where H is "
        "not positive definite the stationary point is a saddle or a maximum, so Newton "
        "walks into saddles (see the saddle preset). Damping δ adds δI to H (Levenberg) and "
        "turns the step towards a short gradient step. For neural networks H is far too "
        "large to form, which is why first-order methods rule there."),
}

NOTATION = QT_TRANSLATE_NOOP(
    "Help",
    "θ: the parameters, here the racer's position (x, y); gₜ = ∇f(θₜ₋₁): the gradient at "
    "step t; γ: the learning rate (lr); λ: weight decay; ε: a small constant that prevents "
    "division by zero. Squares, roots, products and divisions of vectors are taken "
    "coordinate by coordinate.")


class HelpDialog(QDialog):
    """Optimizers and lab guide (F1): a searchable list and a rich-text page."""

    def __init__(self, parent: QWidget | None = None,
                 shortcuts: Callable[[], list[tuple[str, str]]] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(1040, 700)
        self._shortcuts = shortcuts or (lambda: window_shortcuts(parent))
        self._page = GUIDE

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setObjectName("helpIndex")
        self.list.setUniformItemSizes(False)
        self.list.currentItemChanged.connect(self._on_current)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpPage")
        self.browser.setOpenExternalLinks(True)
        self.browser.document().setDocumentMargin(16)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        lay.addWidget(self.search)
        lay.addWidget(self.list, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 780])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self._retranslate()
        self._fill()
        self.show_page(GUIDE)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Optimizer Race: optimizers and lab guide"))
        self.search.setPlaceholderText(self.tr("Search optimizers and guides…"))

    # -- index ------------------------------------------------------------------------
    def _fill(self) -> None:
        self.list.clear()
        self._header(self.tr("Guides"))
        self._entry(GUIDE, self.tr("Guide for lab sessions"), guide_search_text())
        self._entry(SHORTCUTS, self.tr("Keyboard shortcuts"), self.tr("keyboard shortcuts keys"))
        self._header(self.tr("Optimizers"))
        for name, spec in REGISTRY.items():
            # English and translated words both find a page
            text = " ".join([spec.name, spec.title, spec.summary, spec.paper, spec.reference,
                             engine_text(spec.summary), explanation(name),
                             *(p.name for p in spec.hparams)])
            item = self._entry(name, engine_text(spec.title), f"{spec.title} {text}")
            item.setToolTip(engine_text(spec.summary))

    def _header(self, text: str) -> None:
        item = QListWidgetItem(text.upper())
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        item.setFont(font)
        item.setData(PAGE_ROLE, None)
        self.list.addItem(item)

    def _entry(self, page: str, title: str, search: str) -> QListWidgetItem:
        item = QListWidgetItem("   " + title)
        item.setData(PAGE_ROLE, page)
        item.setData(SEARCH_ROLE, f"{title} {search}".lower())
        self.list.addItem(item)
        return item

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        first: QListWidgetItem | None = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            page = item.data(PAGE_ROLE)
            if page is None:
                item.setHidden(bool(words))
                continue
            hay = item.data(SEARCH_ROLE)
            hidden = any(w not in hay for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.list.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.list.setCurrentItem(first)

    def visible_pages(self) -> list[str]:
        """The pages the list shows now (after the search filter)."""
        return [self.list.item(i).data(PAGE_ROLE) for i in range(self.list.count())
                if self.list.item(i).data(PAGE_ROLE) is not None
                and not self.list.item(i).isHidden()]

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None and item.data(PAGE_ROLE) is not None:
            self._render(item.data(PAGE_ROLE))

    # -- pages ------------------------------------------------------------------------
    def current_page(self) -> str:
        return self._page

    def show_page(self, page: str) -> None:
        """Show ``page``: ``"guide"``, ``"shortcuts"`` or an optimizer's registry name."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(PAGE_ROLE) == page:
                if item.isHidden():
                    self.search.clear()
                self.list.setCurrentItem(item)
                break
        self._render(page)

    def _render(self, page: str) -> None:
        self._page = page
        style = page_style(self.palette())
        if page == GUIDE:
            body = guide_html()
        elif page == SHORTCUTS:
            body = shortcuts_html(self._shortcuts())
        else:
            body = optimizer_html(REGISTRY[page])
        self.browser.setHtml(f"<html><head>{style}</head><body>{body}</body></html>")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.LanguageChange):
            if event.type() == QEvent.Type.LanguageChange:
                self._retranslate()
                page = self._page
                with QSignalBlocker(self.list):
                    self._fill()
                self._filter(self.search.text())
                self.show_page(page)
                return
            self._render(self._page)


# -- page contents ---------------------------------------------------------------------
def explanation(name: str) -> str:
    """How optimizer ``name`` behaves, one paragraph (its summary if there is none)."""
    text = EXPLANATIONS.get(name)
    if text is None:
        return engine_text(REGISTRY[name].summary)
    return translate("Help", text)


def page_style(p: QPalette) -> str:
    text = p.color(QPalette.ColorRole.Text).name()
    link = p.color(QPalette.ColorRole.Link).name()
    box = p.color(QPalette.ColorRole.AlternateBase).name()
    line = p.color(QPalette.ColorRole.Mid).name()
    fg, bg = p.color(QPalette.ColorRole.Text), p.color(QPalette.ColorRole.Base)
    muted_name = QColor(round(0.6 * fg.red() + 0.4 * bg.red()),
                        round(0.6 * fg.green() + 0.4 * bg.green()),
                        round(0.6 * fg.blue() + 0.4 * bg.blue())).name()
    return f"""<style>
body {{ color: {text}; line-height: 135%; }}
h1 {{ font-size: x-large; margin-bottom: 2px; }}
h2 {{ font-size: large; margin-top: 18px; margin-bottom: 4px; }}
a {{ color: {link}; }}
p.summary {{ font-style: italic; margin-top: 0; }}
p.muted {{ color: {muted_name}; }}
table.rule {{ background-color: {box}; border: 1px solid {line}; margin: 6px 0; }}
table.rule td {{ padding: 10px 14px; font-family: 'DejaVu Serif', 'STIX Two Math',
                 'Cambria Math', serif; font-size: large; }}
table.grid {{ border-collapse: collapse; margin-top: 4px; }}
table.grid th {{ text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid {line}; }}
table.grid td {{ padding: 3px 10px 3px 0; vertical-align: top; }}
code, kbd {{ font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; }}
pre {{ font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; background-color: {box};
       padding: 8px; }}
</style>"""


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _fill_html(text: str, **html_values: str) -> str:
    """``text`` escaped, then its ``{name}`` placeholders replaced by ready HTML."""
    return _e(text).format(**html_values)


def optimizer_html(spec: OptimizerSpec) -> str:
    rule_html = latex_to_html(spec.update_rule)  # escaped, with <sup>/<sub> where needed
    rows = []
    for p in spec.hparams:
        default = bool_text(bool(p.default)) if p.kind == "bool" else f"{p.default:g}"
        rows.append(f"<tr><td><code>{_e(p.name)}</code></td><td>{_e(default)}</td>"
                    f"<td>{_e(range_text(p))}</td><td>{_e(engine_text(p.help))}</td></tr>")
    family = ""
    if spec.family != "first-order":
        family = " · " + _e(translate("Help", "second-order: uses the exact Hessian"))
    update_rule = translate("Help", "Update rule")
    hyper = translate("Help", "Hyper-parameters")
    header = (translate("Help", "name"), translate("Help", "default"),
              translate("Help", "valid range"), translate("Help", "meaning"))
    source = translate("Help", "Source")
    paper = translate("Help", "Paper: {paper}")
    reference = translate("Help", "Reference implementation: {code}")
    cli = translate("Help", "Command line: {code}")
    return (
        f"<h1>{_e(engine_text(spec.title))}</h1>"
        f"<p class='muted'><code>{_e(spec.name)}</code>{family}</p>"
        f"<p class='summary'>{_e(engine_text(spec.summary))}</p>"
        f"<p>{_e(explanation(spec.name))}</p>"
        f"<h2>{_e(update_rule)}</h2>"
        f"<table class='rule' width='100%' cellspacing='0'><tr><td>{rule_html}</td></tr></table>"
        f"<p class='muted'>{_e(translate('Help', NOTATION))}</p>"
        f"<h2>{_e(hyper)}</h2>"
        "<table class='grid' cellspacing='0'><tr>"
        + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>"
        + "".join(rows) + "</table>"
        f"<h2>{_e(source)}</h2>"
        f"<p>{_fill_html(paper, paper=_e(engine_text(spec.paper)))}<br>"
        f"{_fill_html(reference, code=f'<code>{_e(spec.reference)}</code>')}</p>"
        f"<p class='muted'>"
        f"{_fill_html(cli, code=f'<code>--optimizer {_e(spec.name)}:lr=…</code>')}</p>"
    )


def window_shortcuts(window: QWidget | None) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of ``window`` that has a shortcut."""
    if window is None:
        return []
    seen: set[str] = set()
    rows: list[tuple[str, str]] = []
    for action in window.findChildren(QAction):
        keys = action.shortcut()
        if keys.isEmpty() or not action.text():
            continue
        key_text = keys.toString(QKeySequence.SequenceFormat.NativeText)
        if key_text in seen:
            continue
        seen.add(key_text)
        rows.append((key_text, plain_action_text(action.text())))
    return rows


def plain_action_text(text: str) -> str:
    """A menu text without its mnemonic (``&Open…``, ``打开(&O)…`` → ``Open``, ``打开``)."""
    text = re.sub(r"\(&\w\)", "", text)
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").rstrip(".")


def shortcuts_html(rows: list[tuple[str, str]]) -> str:
    mouse = [
        (translate("Help", "Click or drag on the map"),
         translate("Help", "set the common start point")),
        (translate("Help", "Mouse wheel, right-drag"), translate("Help", "zoom the map or a plot")),
        (translate("Help", "Left-drag on a plot"), translate("Help", "pan")),
    ]
    keys = "".join(f"<tr><td><kbd><b>{_e(k)}</b></kbd></td><td>{_e(v)}</td></tr>"
                   for k, v in rows)
    mice = "".join(f"<tr><td><b>{_e(k)}</b></td><td>{_e(v)}</td></tr>" for k, v in mouse)
    title = translate("Help", "Keyboard shortcuts")
    note = translate("Help", "Read from the menus of this window.")
    mouse_title = translate("Help", "Mouse")
    return (f"<h1>{_e(title)}</h1>"
            f"<p class='muted'>{_e(note)}</p>"
            f"<table class='grid' cellspacing='0'>{keys}</table>"
            f"<h2>{_e(mouse_title)}</h2><table class='grid' cellspacing='0'>{mice}</table>")


def _paths() -> tuple[str, str, str]:
    from engine.mnist.data import user_data_dir
    from gui.services.settings import Settings, app_data_dir

    return (str(user_data_dir()), str(app_data_dir()), Settings().location())


def guide_search_text() -> str:
    english = ("lab session class teacher offline mnist data folder presets projector large "
               "fonts theme language save sessions hand out command line cli scripted crash "
               "autosave")
    return english + " " + translate(
        "Help", "lab session class teacher offline mnist data folder presets projector large "
                "fonts theme language save sessions hand out command line cli scripted crash "
                "autosave")


def guide_html() -> str:
    """The lab-session guide; translatable sentences hold ``{placeholders}`` for code."""
    from engine.mnist.data import FILES
    from engine.presets import PRESETS

    mnist_data, app_data, settings = _paths()

    def code(text: str) -> str:
        return f"<code>{_e(text)}</code>"

    files = ", ".join(code(f"{base}.gz") for base in FILES.values())
    presets = "".join(
        f"<tr><td><kbd><b>Ctrl+{i}</b></kbd></td><td>{_e(engine_text(p.title))}</td></tr>"
        if i < 10 else f"<tr><td></td><td>{_e(engine_text(p.title))}</td></tr>"
        for i, p in enumerate(PRESETS.values(), 1))
    h = {
        "title": translate("Help", "Guide for lab sessions"),
        "prepare": translate("Help", "1. Prepare the machines (no internet needed)"),
        "class": translate("Help", "2. In class: presets"),
        "projector": translate("Help", "3. On a projector"),
        "work": translate("Help", "4. Hand out and collect work"),
        "cli": translate("Help", "5. Scripted labs (command line)"),
        "wrong": translate("Help", "6. If something goes wrong"),
    }
    intro = translate(
        "Help", "Optimizer Race runs entirely offline. This page tells you how to prepare the "
                "machines, what to show in class, and how to hand work out and collect it.")
    install = translate(
        "Help", "Install once per machine with the set-up command of the README, or copy the "
                "standalone bundle, which needs no Python. Start it from the desktop menu or "
                "with the optimizer-race command.")
    mnist = translate(
        "Help", "MNIST works out of the box with the bundled 5k sample (4,000 training and "
                "1,000 test digits). For the full set, copy the four files {files} (raw or "
                ".gz) into this folder on each machine: {folder}")
    fashion = translate("Help", "Fashion-MNIST goes into {folder}.")
    source = translate(
        "Help", "Or choose any folder (a USB stick, a network share) in the MNIST tab under "
                "Source.")
    download = translate(
        "Help", "To get the files, run this on one machine with internet, then copy the "
                "folder: {command}")
    stored = translate("Help", "Settings are stored in {settings}; autosave and logs in {data}.")
    reset = translate("Help", "View ▸ Reset to defaults restores a clean machine between "
                              "groups.")
    preset_intro = translate(
        "Help", "Each preset sets the surface, the racers, their hyper-parameters and the "
                "start, ready to play with Space. A good order for a first session:")
    then = translate(
        "Help", "Then let students change one thing at a time: the learning rate, β, the start "
                "point (click on the map), or type their own surface formula.")
    large = translate("Help", "Ctrl+L: large fonts everywhere, readable from the back of the "
                              "room.")
    theme = translate("Help", "View ▸ Theme ▸ Light usually projects best; Dark suits dim "
                              "rooms.")
    language = translate("Help", "View ▸ Language switches between English and Simplified "
                                 "Chinese at once; the race goes on.")
    keys = translate("Help", "G shows the gradient field, F fits the view, ← and → step "
                             "through the race.")
    save = translate(
        "Help", "File ▸ Save session writes a small JSON file with the surface, the racers and "
                "the step; File ▸ Open replays it exactly on any machine. Hand these out as "
                "exercises and collect the students’ answers the same way.")
    export = translate(
        "Help", "File ▸ Export: the map as PNG or SVG for reports, the trajectories as CSV for "
                "spreadsheets, the race as an animated GIF.")
    scripted = translate(
        "Help", "The same engine runs without a window, for exercises in Python or a "
                "spreadsheet:")
    crash = translate(
        "Help", "An unexpected error shows a dialog with a Copy report button and is written "
                "to the logs folder; the app keeps running. The race is autosaved every 45 "
                "seconds, and after a crash the app offers to restore it at the next start.")
    comments = (translate("Help", "every optimizer and its hyper-parameters"),
                translate("Help", "the surface catalogue"))
    return f"""
<h1>{_e(h["title"])}</h1>
<p>{_e(intro)}</p>

<h2>{_e(h["prepare"])}</h2>
<ul>
<li>{_e(install)}</li>
<li>{_fill_html(mnist, files=files, folder="<br>" + code(mnist_data + "/mnist") + "<br>")}
{_fill_html(fashion, folder=code(mnist_data + "/fashion-mnist"))}
{_e(source)}
</li>
<li>{_fill_html(download, command="<br>" + code("python main.py mnist --download"))}</li>
<li>{_fill_html(stored, settings=code(settings), data=code(app_data))}
{_e(reset)}</li>
</ul>

<h2>{_e(h["class"])}</h2>
<p>{_e(preset_intro)}</p>
<table class='grid' cellspacing='0'>{presets}</table>
<p>{_e(then)}</p>

<h2>{_e(h["projector"])}</h2>
<ul>
<li>{_e(large)}</li>
<li>{_e(theme)}</li>
<li>{_e(language)}</li>
<li>{_e(keys)}</li>
</ul>

<h2>{_e(h["work"])}</h2>
<ul>
<li>{_e(save)}</li>
<li>{_e(export)}</li>
</ul>

<h2>{_e(h["cli"])}</h2>
<p>{_e(scripted)}</p>
<pre>python main.py race --surface ravine --start -7,2 --steps 30 \\
    -o sgd:lr=0.95 -o momentum:lr=0.1 -o adam:lr=0.3 --out ravine.csv
python main.py optimizers          # {_e(comments[0])}
python main.py surfaces            # {_e(comments[1])}
python main.py mnist --sample -o sgd:lr=0.1 -o adam:lr=0.001 --epochs 1</pre>

<h2>{_e(h["wrong"])}</h2>
<p>{_e(crash)}</p>
"""
