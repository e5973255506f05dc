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

from engine.optimizers import REGISTRY, OptimizerSpec
from gui.services.i18n import bool_text, engine_text, range_text, translate
from gui.widgets.mathtext import latex_to_html

GUIDE = "guide"
SHORTCUTS = "shortcuts"
PAGE_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


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
    spec = REGISTRY[name]
    return engine_text(spec.explanation or spec.summary)


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
               "autosave exercises plugin own optimizer check")
    return english + " " + translate(
        "Help", "lab session class teacher offline mnist data folder presets projector large "
                "fonts theme language save sessions hand out command line cli scripted crash "
                "autosave")


def guide_html() -> str:
    """The lab-session guide; translatable sentences hold ``{placeholders}`` for code."""
    from engine.mnist.data import FILES
    from engine.presets import PRESETS
    from gui.plugins.exercises_dialog import API_CODE

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
    lab = translate(
        "Help", "Students’ own optimizers: Help ▸ Lab exercises has five exercises (momentum, "
                "Nesterov, AdaGrad, Adam’s bias correction, a buggy RMSprop) with the task, a "
                "template and a Check button. Racers ▸ Add ▸ From file… races a student’s "
                "file, reloaded on every save; Racers ▸ Check my optimizer… compares it with "
                "the built-in step by step. The file runs in a separate, limited process. Its "
                "format:")
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
<li>{_e(lab)}<pre>{_e(API_CODE)}</pre></li>
</ul>

<h2>{_e(h["cli"])}</h2>
<p>{_e(scripted)}</p>
<pre>python main.py race --surface ravine --start -7,2 --steps 30 \\
    -o sgd:lr=0.95 -o momentum:lr=0.1 -o adam:lr=0.3 --out ravine.csv
python main.py optimizers          # {_e(comments[0])}
python main.py surfaces            # {_e(comments[1])}
python main.py mnist --sample -o sgd:lr=0.1 -o adam:lr=0.001 --epochs 1
python main.py race --plugin my_adam.py -o my_adam:lr=0.1 -o adam:lr=0.1
python main.py check my_adam.py --against adam
python main.py exercise list</pre>

<h2>{_e(h["wrong"])}</h2>
<p>{_e(crash)}</p>
"""
