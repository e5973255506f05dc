"""Languages: English and Simplified Chinese, switchable while the app runs.

Every user-visible string of the GUI goes through Qt's translation system
(``self.tr`` in QObject subclasses, ``translate("Context", ...)`` elsewhere).
The compiled catalogue ``resources/i18n/optimizer-race_zh_CN.qm`` is built by
``tools/i18n.py`` from ``optimizer-race_zh_CN.ts``, the source of truth.

The engine never imports Qt, so its texts (optimizer titles and summaries,
hyper-parameter help, surfaces, presets, demos) are translated here, at
display time: :func:`engine_text` looks the English text up in the context
``"engine"`` (``tools/i18n.py`` collects them from the registries), and
:func:`engine_error` translates the engine's parameterised error messages
(``"lr must be in [0, inf), got -1"``) by pattern, falling back to English.

Switching language (:func:`install_language`) replaces the installed
translators; Qt then sends ``QEvent.LanguageChange`` to every widget, and each
widget that shows text sets it again in its ``changeEvent`` (see
:class:`Texts`).  Nothing is rebuilt, so a running training or demo goes on.

Settings: ``ui/language`` is ``"system"`` (default: the system locale decides),
``"en"`` or ``"zh_CN"``.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QTranslator,
)
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from engine.platform.resources import ResourceNotFound, resource_path
from gui.services.settings import Settings

__all__ = [
    "CATALOG",
    "ENGINE_CONTEXT",
    "LANGUAGES",
    "LanguageMenu",
    "Texts",
    "current_language",
    "engine_error",
    "engine_text",
    "install_language",
    "qm_path",
    "resolve_language",
    "translate",
]

log = logging.getLogger(__name__)

#: Stem of the translation files: ``resources/i18n/optimizer-race_<locale>.qm``.
CATALOG = "optimizer-race"
#: Context of the engine's texts in the catalogue.
ENGINE_CONTEXT = "engine"
#: Context of the engine's error-message templates.
ERROR_CONTEXT = "EngineError"
#: The choices of View ▸ Language, in menu order, each named in its own language.
LANGUAGES: dict[str, str] = {"system": "", "en": "English", "zh_CN": "简体中文"}
#: Locales with a translation catalogue (English is the source language).
TRANSLATED = ("zh_CN",)

#: ``translate("Context", "text")``; ``pyside6-lupdate`` recognises the bare name.
translate = QCoreApplication.translate

_installed: list[QTranslator] = []
_current = "en"


# -- choosing and installing a language --------------------------------------------------
def resolve_language(language: str, system: QLocale | None = None) -> str:
    """The locale to show for the setting ``language``: ``"en"`` or ``"zh_CN"``.

    ``"system"`` (or anything unknown) follows ``system`` (default: the system
    locale): any Chinese locale gets Simplified Chinese, everything else English.
    """
    if language in TRANSLATED or language == "en":
        return language
    locale = system if system is not None else QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        return "zh_CN"
    return "en"


def qm_path(locale: str) -> Path:
    """The app's compiled catalogue for ``locale`` (it need not exist)."""
    return resource_path(f"i18n/{CATALOG}_{locale}.qm")


def current_language() -> str:
    """The locale shown now: ``"en"`` or ``"zh_CN"``."""
    return _current


def install_language(language: str | None = None) -> str:
    """Show the app in ``language`` (default: the stored setting); returns the locale shown.

    Replaces the translators installed before (the app's and Qt's own, for
    standard buttons and dialogs) and delivers the ``LanguageChange`` events at
    once, so every widget shows the new language when this returns.
    """
    global _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language() needs a QApplication")
    if language is None:
        language = Settings().language
    locale = resolve_language(language)
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    if locale in TRANSLATED:
        for path in _catalogues(locale):
            translator = QTranslator(app)
            if translator.load(str(path)):
                QCoreApplication.installTranslator(translator)
                _installed.append(translator)
            else:
                log.warning("cannot load the translation %s", path)
        if not _installed:
            locale = "en"
    _current = locale
    if isinstance(app, QGuiApplication):  # window titles end with it on some desktops
        QGuiApplication.setApplicationDisplayName(translate("MainWindow", "Optimizer Race"))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange.value)
    log.info("language: %s (setting %r)", locale, language)
    return locale


def _catalogues(locale: str) -> list[Path]:
    paths = []
    try:
        paths.append(qm_path(locale))
    except ResourceNotFound as exc:
        log.warning("%s", exc)
    qt = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qtbase = qt / f"qtbase_{locale}.qm"
    if qtbase.is_file():
        paths.append(qtbase)
    return [p for p in paths if p.is_file()]


class LanguageMenu(QMenu):
    """View ▸ Language: System, English, 简体中文 (exclusive; stored in ``ui/language``)."""

    def __init__(self, parent: QWidget | None = None,
                 on_changed: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self._on_changed = on_changed
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.setData(code)
            self.group.addAction(action)
            self.addAction(action)
            self.language_actions[code] = action
        self.group.triggered.connect(self._on_triggered)
        self._retranslate()
        self.sync()

    def choose(self, code: str) -> None:
        """Store ``code`` and show the app in it (what the menu's actions do)."""
        Settings().language = code
        install_language(code)
        self.sync()
        if self._on_changed is not None:
            self._on_changed(code)

    def sync(self) -> None:
        """Check the stored choice."""
        code = Settings().language
        action = self.language_actions.get(code, self.language_actions["system"])
        if not action.isChecked():
            action.setChecked(True)

    def _on_triggered(self, action: QAction) -> None:
        self.choose(str(action.data()))

    def _retranslate(self) -> None:
        self.setTitle(self.tr("&Language"))
        system = self.language_actions["system"]
        system.setText(self.tr("&System language"))
        system.setStatusTip(self.tr("Chinese if the system language is Chinese, else English"))
        for code in ("en", "zh_CN"):
            self.language_actions[code].setStatusTip(LANGUAGES[code])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


# -- retranslating widgets ----------------------------------------------------------------
class Texts:
    """How each fixed text of a widget is set, to set it again in another language::

        self.texts = Texts()
        self.texts.bind(button.setText, lambda: self.tr("Run"))   # sets it now
        ...
        def changeEvent(self, event):                              # on LanguageChange
            if event.type() == QEvent.Type.LanguageChange:
                self.texts.apply()
    """

    def __init__(self) -> None:
        self._bindings: list[tuple[Callable[[str], object], Callable[[], str]]] = []

    def bind(self, setter: Callable[[str], object], text: Callable[[], str]) -> None:
        self._bindings.append((setter, text))
        setter(text())

    def apply(self) -> None:
        for setter, text in self._bindings:
            setter(text())


# -- the engine's texts ---------------------------------------------------------------------
def engine_text(text: str) -> str:
    """The engine's fixed ``text`` (a title, summary, help, description) in the shown language."""
    if not text:
        return text
    return translate(ENGINE_CONTEXT, text)


def range_text(p: object) -> str:
    """A hyper-parameter's valid range (``[0, 1)``; booleans: "true or false")."""
    if getattr(p, "kind", "") == "bool":
        return translate("HParam", "true or false")
    return p.range_text()  # type: ignore[attr-defined]


def bool_text(value: bool) -> str:
    return translate("HParam", "true") if value else translate("HParam", "false")


#: (pattern, template) pairs for the engine's messages.  The templates are looked up
#: in the context ``"EngineError"``; the groups named in :data:`_NESTED` are messages
#: themselves and translated in turn.  A message no rule matches is shown in English.
#: Order matters: the first full match wins.
_RULES: list[tuple[str, str]] = [
    # hyper-parameters and optimizer specs (engine/optimizers/base.py)
    (r"(?P<name>[\w ]+) must be in (?P<range>.+), got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be in {range}, got {value}")),
    (r"(?P<name>[\w ]+) must be true or false, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be true or false, got {value}")),
    (r"(?P<name>[\w ]+) must be a number, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be a number, got {value}")),
    (r"(?P<name>[\w ]+) must be finite, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be finite, got {value}")),
    (r"(?P<name>[\w ]+) must be a whole number, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be a whole number, got {value}")),
    (r"(?P<name>[\w ]+) must be two numbers, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be two numbers, got {value}")),
    (r"(?P<name>[\w ]+) must be text, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be text, got {value}")),
    (r"unknown hyper-parameter '(?P<key>[^']*)' for (?P<optimizer>[^;]+); known: (?P<known>.*)",
     QT_TRANSLATE_NOOP("EngineError", "unknown hyper-parameter '{key}' for {optimizer}; known: "
                                      "{known}")),
    (r"unknown optimizer '(?P<name>[^']*)'; known: (?P<known>.*)",
     QT_TRANSLATE_NOOP("EngineError", "unknown optimizer '{name}'; known: {known}")),
    (r"expected key=value in optimizer spec '(?P<spec>.*)', got '(?P<item>.*)'",
     QT_TRANSLATE_NOOP("EngineError", "expected key=value in optimizer spec '{spec}', got "
                                      "'{item}'")),
    (r"(?P<key>\S+) is given twice in optimizer spec '(?P<spec>.*)'",
     QT_TRANSLATE_NOOP("EngineError", "{key} is given twice in optimizer spec '{spec}'")),
    (r"nesterov requires momentum > 0 and dampening = 0, got (?P<values>.*)",
     QT_TRANSLATE_NOOP("EngineError", "nesterov requires momentum > 0 and dampening = 0, got "
                                      "{values}")),
    (r"step_min must not exceed step_max, got (?P<values>.*)",
     QT_TRANSLATE_NOOP("EngineError", "step_min must not exceed step_max, got {values}")),
    (r"t_alpha_beta3 > 0 needs beta1 > 0 and beta3 > 0 \(their logarithms are used\), got "
     r"(?P<values>.*)",
     QT_TRANSLATE_NOOP("EngineError", "t_alpha_beta3 > 0 needs beta1 > 0 and beta3 > 0 (their "
                                      "logarithms are used), got {values}")),
    (r"newton needs the Hessian: use it on 2-D surfaces only",
     QT_TRANSLATE_NOOP("EngineError", "newton needs the Hessian: use it on 2-D surfaces only")),
    # learning-rate schedules (engine/schedules.py)
    (r"unknown schedule '(?P<kind>[^']*)'; known: (?P<known>.*)",
     QT_TRANSLATE_NOOP("EngineError", "unknown schedule '{kind}'; known: {known}")),
    (r"unknown parameter '(?P<key>[^']*)' for schedule (?P<kind>[^;]+); known: (?P<known>.*)",
     QT_TRANSLATE_NOOP("EngineError", "unknown parameter '{key}' for schedule {kind}; known: "
                                      "{known}")),
    (r"expected key=value in schedule '(?P<text>.*)', got '(?P<item>.*)'",
     QT_TRANSLATE_NOOP("EngineError", "expected key=value in schedule '{text}', got '{item}'")),
    (r"(?P<key>\S+) is given twice in schedule '(?P<text>.*)'",
     QT_TRANSLATE_NOOP("EngineError", "{key} is given twice in schedule '{text}'")),
    # races and sessions (engine/race.py, engine/session.py, engine/surfaces.py)
    (r"f is not defined \(or not finite\) at the start (?P<point>\(.*\)) of (?P<racer>.+); choose "
     r"another start",
     QT_TRANSLATE_NOOP("EngineError", "f is not defined (or not finite) at the start {point} of "
                                      "{racer}; choose another start")),
    (r"start (?P<point>\(.*\)) is beyond the bound (?P<bound>.+)",
     QT_TRANSLATE_NOOP("EngineError", "start {point} is beyond the bound {bound}")),
    (r"unknown surface '(?P<name>[^']*)'; known: (?P<known>.*)",
     QT_TRANSLATE_NOOP("EngineError", "unknown surface '{name}'; known: {known}")),
    (r"not an Optimizer Race session file",
     QT_TRANSLATE_NOOP("EngineError", "not an Optimizer Race session file")),
    (r"session file version (?P<version>.+) is not supported",
     QT_TRANSLATE_NOOP("EngineError", "session file version {version} is not supported")),
    (r"invalid session: (?P<detail>.+)",
     QT_TRANSLATE_NOOP("EngineError", "invalid session: {detail}")),
    (r"cannot read (?P<file>.+?): (?P<reason>.+)",
     QT_TRANSLATE_NOOP("EngineError", "cannot read {file}: {reason}")),
    (r"(?P<file>.+) is not valid JSON \(line (?P<line>\d+): (?P<reason>.+)\)",
     QT_TRANSLATE_NOOP("EngineError", "{file} is not valid JSON (line {line}: {reason})")),
    (r"(?P<file>.+) is not valid JSON \((?P<detail>.+)\)",
     QT_TRANSLATE_NOOP("EngineError", "{file} is not valid JSON ({detail})")),
    (r"(?P<name>\S+) is not a number in JSON",
     QT_TRANSLATE_NOOP("EngineError", "{name} is not a number in JSON")),
    (r"(?P<file>.+) is too large for a session file \(more than (?P<max>\d+) characters\)",
     QT_TRANSLATE_NOOP("EngineError", "{file} is too large for a session file (more than {max} "
                                      "characters)")),
    (r"(?P<file>.+) is nested too deeply \(more than (?P<max>\d+) levels\)",
     QT_TRANSLATE_NOOP("EngineError", "{file} is nested too deeply (more than {max} levels)")),
    (r"(?P<name>.+) is not text",
     QT_TRANSLATE_NOOP("EngineError", "{name} is not text")),
    (r"racers must be a list",
     QT_TRANSLATE_NOOP("EngineError", "racers must be a list")),
    (r"a race must be a JSON object",
     QT_TRANSLATE_NOOP("EngineError", "a race must be a JSON object")),
    (r"racer (?P<n>\d+): (?P<detail>.+)",
     QT_TRANSLATE_NOOP("EngineError", "racer {n}: {detail}")),
    (r"a racer must be an object with an 'optimizer', got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "a racer must be an object with an 'optimizer', got "
                                      "{value}")),
    (r"a race has at most (?P<max>\d+) racers, got (?P<n>\d+)",
     QT_TRANSLATE_NOOP("EngineError", "a race has at most {max} racers, got {n}")),
    (r"too long to replay: (?P<steps>\d+) steps x (?P<n>\d+) racers = (?P<total>\d+) "
     r"racer-steps, at most (?P<max>\d+)",
     QT_TRANSLATE_NOOP("EngineError", "too long to replay: {steps} steps x {n} racers = {total} "
                                      "racer-steps, at most {max}")),
    (r"display has (?P<n>\d+) entries for (?P<racers>\d+) racers",
     QT_TRANSLATE_NOOP("EngineError", "display has {n} entries for {racers} racers")),
    (r"colour must be #RRGGBB, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "colour must be #RRGGBB, got {value}")),
    (r"label is too long \((?P<n>\d+) characters, at most (?P<max>\d+)\)",
     QT_TRANSLATE_NOOP("EngineError", "label is too long ({n} characters, at most {max})")),
    (r"surface must be a name or a formula, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "surface must be a name or a formula, got {value}")),
    (r"minima must be at most (?P<max>\d+) \(x, y, f\) triples, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "minima must be at most {max} (x, y, f) triples, got "
                                      "{value}")),
    (r"(?P<name>[\w ]+) must be three numbers, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be three numbers, got {value}")),
    (r"(?P<name>[\w ]+) must be four numbers, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be four numbers, got {value}")),
    (r"(?P<name>[\w ]+) must be an object, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be an object, got {value}")),
    (r"(?P<name>[\w ]+) must be a list, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be a list, got {value}")),
    (r"(?P<name>[\w ]+) must have text keys, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must have text keys, got {value}")),
    (r"(?P<name>[\w ]+) must be one line of text, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be one line of text, got {value}")),
    # formulas (engine/formula.py): "<what> at column <n>< (hint)>"
    (r"(?P<what>.+?) at column (?P<col>\d+)(?: (?P<hint>\(.+\)))?",
     QT_TRANSLATE_NOOP("EngineError", "{what} at column {col} {hint}")),
    (r"\(did you mean '(?P<name>[^']*)'\?\)",
     QT_TRANSLATE_NOOP("EngineError", "(did you mean '{name}'?)")),
    (r"\(write (?P<name>\w+)\(\.\.\.\) with parentheses\)",
     QT_TRANSLATE_NOOP("EngineError", "(write {name}(...) with parentheses)")),
    (r"\(missing operator\?\)",
     QT_TRANSLATE_NOOP("EngineError", "(missing operator?)")),
    (r"\(write (?P<name>\w+)\*\(\.\.\.\)\)",
     QT_TRANSLATE_NOOP("EngineError", "(write {name}*(...))")),
    (r"line breaks are not allowed",
     QT_TRANSLATE_NOOP("EngineError", "line breaks are not allowed")),
    (r"unexpected character (?P<char>.+)",
     QT_TRANSLATE_NOOP("EngineError", "unexpected character {char}")),
    (r"brackets are nested too deeply \(more than (?P<n>\d+) levels\)",
     QT_TRANSLATE_NOOP("EngineError", "brackets are nested too deeply (more than {n} levels)")),
    (r"formula ends unexpectedly",
     QT_TRANSLATE_NOOP("EngineError", "formula ends unexpectedly")),
    (r"unclosed (?P<char>.+)",
     QT_TRANSLATE_NOOP("EngineError", "unclosed {char}")),
    (r"unmatched (?P<char>.+)",
     QT_TRANSLATE_NOOP("EngineError", "unmatched {char}")),
    (r"invalid number (?P<token>.+)",
     QT_TRANSLATE_NOOP("EngineError", "invalid number {token}")),
    (r"unexpected (?P<token>.+)",
     QT_TRANSLATE_NOOP("EngineError", "unexpected {token}")),
    (r"unknown name '(?P<name>[^']*)'",
     QT_TRANSLATE_NOOP("EngineError", "unknown name '{name}'")),
    (r"unknown function '(?P<name>[^']*)'",
     QT_TRANSLATE_NOOP("EngineError", "unknown function '{name}'")),
    (r"'(?P<name>[^']*)' is not a function",
     QT_TRANSLATE_NOOP("EngineError", "'{name}' is not a function")),
    (r"function '(?P<name>[^']*)' needs an argument in parentheses, e\.g\. (?P<example>\S+?),?",
     QT_TRANSLATE_NOOP("EngineError", "function '{name}' needs an argument in parentheses, e.g. "
                                      "{example}")),
    (r"strings are not allowed",
     QT_TRANSLATE_NOOP("EngineError", "strings are not allowed")),
    (r"bytes are not allowed",
     QT_TRANSLATE_NOOP("EngineError", "bytes are not allowed")),
    (r"complex numbers are not allowed",
     QT_TRANSLATE_NOOP("EngineError", "complex numbers are not allowed")),
    (r"empty parentheses '\(\)' are not allowed",
     QT_TRANSLATE_NOOP("EngineError", "empty parentheses '()' are not allowed")),
    (r"keyword arguments are not allowed",
     QT_TRANSLATE_NOOP("EngineError", "keyword arguments are not allowed")),
    (r"attribute access is not allowed",
     QT_TRANSLATE_NOOP("EngineError", "attribute access is not allowed")),
    (r"missing operator before '\('",
     QT_TRANSLATE_NOOP("EngineError", "missing operator before '('")),
    (r"only decimal numbers are allowed, not (?P<literal>.+)",
     QT_TRANSLATE_NOOP("EngineError", "only decimal numbers are allowed, not {literal}")),
    (r"number too large",
     QT_TRANSLATE_NOOP("EngineError", "number too large")),
    (r"exponent too large",
     QT_TRANSLATE_NOOP("EngineError", "exponent too large")),
    (r"division by zero",
     QT_TRANSLATE_NOOP("EngineError", "division by zero")),
    (r"power is undefined \(not a real number\)",
     QT_TRANSLATE_NOOP("EngineError", "power is undefined (not a real number)")),
    (r"power is undefined",
     QT_TRANSLATE_NOOP("EngineError", "power is undefined")),
    (r"(?P<name>\w+)\(\) is undefined here",
     QT_TRANSLATE_NOOP("EngineError", "{name}() is undefined here")),
    (r"(?P<name>\w+)\(\) takes exactly one argument",
     QT_TRANSLATE_NOOP("EngineError", "{name}() takes exactly one argument")),
    (r"formula is nested too deeply \(more than (?P<n>\d+) levels\)",
     QT_TRANSLATE_NOOP("EngineError", "formula is nested too deeply (more than {n} levels)")),
    (r"formula is too complex to parse",
     QT_TRANSLATE_NOOP("EngineError", "formula is too complex to parse")),
    (r"formula is too complex to differentiate",
     QT_TRANSLATE_NOOP("EngineError", "formula is too complex to differentiate")),
    (r"formula is too complex \(more than (?P<n>\d+) numbers, names and operations\)",
     QT_TRANSLATE_NOOP("EngineError", "formula is too complex (more than {n} numbers, names and "
                                      "operations)")),
    (r"formula is too complex \(nested too deeply\)",
     QT_TRANSLATE_NOOP("EngineError", "formula is too complex (nested too deeply)")),
    (r"formula is too complex \(out of memory\)",
     QT_TRANSLATE_NOOP("EngineError", "formula is too complex (out of memory)")),
    (r"formula could not be processed \((?P<error>.+)\)",
     QT_TRANSLATE_NOOP("EngineError", "formula could not be processed ({error})")),
    (r"formula cannot be differentiated",
     QT_TRANSLATE_NOOP("EngineError", "formula cannot be differentiated")),
    (r"formula is not a real number",
     QT_TRANSLATE_NOOP("EngineError", "formula is not a real number")),
    (r"formula is too long \((?P<n>\d+) characters, at most (?P<max>\d+)\)",
     QT_TRANSLATE_NOOP("EngineError", "formula is too long ({n} characters, at most {max})")),
    (r"empty formula",
     QT_TRANSLATE_NOOP("EngineError", "empty formula")),
    (r"domain must satisfy xmin < xmax and ymin < ymax",
     QT_TRANSLATE_NOOP("EngineError", "domain must satisfy xmin < xmax and ymin < ymax")),
    (r"(?P<what>.+) is not allowed",
     QT_TRANSLATE_NOOP("EngineError", "{what} is not allowed")),
    (r"comparison",
     QT_TRANSLATE_NOOP("EngineError", "comparison")),
    (r"comprehension",
     QT_TRANSLATE_NOOP("EngineError", "comprehension")),
    (r"subscript",
     QT_TRANSLATE_NOOP("EngineError", "subscript")),
    (r"slice",
     QT_TRANSLATE_NOOP("EngineError", "slice")),
    (r"list",
     QT_TRANSLATE_NOOP("EngineError", "list")),
    (r"set",
     QT_TRANSLATE_NOOP("EngineError", "set")),
    (r"dict",
     QT_TRANSLATE_NOOP("EngineError", "dict")),
    (r"operator (?P<op>.+)",
     QT_TRANSLATE_NOOP("EngineError", "operator {op}")),
    (r"assignment \(':='\)",
     QT_TRANSLATE_NOOP("EngineError", "assignment (':=')")),
    (r"'\*' unpacking",
     QT_TRANSLATE_NOOP("EngineError", "'*' unpacking")),
    (r"'\*\*' unpacking",
     QT_TRANSLATE_NOOP("EngineError", "'**' unpacking")),
    # demos (engine/demos/base.py)
    (r"unknown setting '(?P<name>[^']*)' for demo (?P<demo>[^;]+); known: (?P<known>.*)",
     QT_TRANSLATE_NOOP("EngineError", "unknown setting '{name}' for demo {demo}; known: {known}")),
    (r"optimizers must be a list of specs, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "optimizers must be a list of specs, got {value}")),
    (r"at least one optimizer is needed",
     QT_TRANSLATE_NOOP("EngineError", "at least one optimizer is needed")),
    (r"(?P<name>\S+) needs a Hessian, which demo (?P<demo>\S+) does not provide; choose a "
     r"first-order optimizer",
     QT_TRANSLATE_NOOP("EngineError", "{name} needs a Hessian, which demo {demo} does not "
                                      "provide; choose a first-order optimizer")),
    # MNIST training (engine/mnist/trainer.py, data.py, download.py)
    (r"(?P<name>\S+) needs the Hessian and cannot train a network; choose a first-order optimizer",
     QT_TRANSLATE_NOOP("EngineError", "{name} needs the Hessian and cannot train a network; "
                                      "choose a first-order optimizer")),
    (r"at most (?P<max>\d+) optimizers can train side by side, got (?P<n>\d+)",
     QT_TRANSLATE_NOOP("EngineError", "at most {max} optimizers can train side by side, got "
                                      "{n}")),
    # MNIST memory (engine/mnist/memory.py)
    (r"this training needs about (?P<need>.+?) of memory, but only (?P<available>.+?) is "
     r"available; use fewer or smaller hidden layers, fewer optimizers or a smaller batch",
     QT_TRANSLATE_NOOP("EngineError", "this training needs about {need} of memory, but only "
                                      "{available} is available; use fewer or smaller hidden "
                                      "layers, fewer optimizers or a smaller batch")),
    (r"out of memory while training; use fewer or smaller hidden layers, fewer optimizers or a "
     r"smaller batch",
     QT_TRANSLATE_NOOP("EngineError", "out of memory while training; use fewer or smaller "
                                      "hidden layers, fewer optimizers or a smaller batch")),
    (r"hidden sizes must be whole numbers >= 1, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "hidden sizes must be whole numbers >= 1, got {value}")),
    (r"hidden sizes too large \(at most 16 layers of 4096\), got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "hidden sizes too large (at most 16 layers of 4096), got "
                                      "{value}")),
    (r"activation must be one of (?P<known>.+), got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "activation must be one of {known}, got {value}")),
    (r"init must be one of (?P<known>.+), got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "init must be one of {known}, got {value}")),
    (r"weight decay must be >= 0, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "weight decay must be >= 0, got {value}")),
    (r"batch size must be a whole number >= (?P<low>\d+), got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "batch size must be a whole number >= {low}, got {value}")),
    (r"iterations must be a whole number >= (?P<low>\d+), got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "iterations must be a whole number >= {low}, got {value}")),
    (r"eval every must be a whole number >= (?P<low>\d+), got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "eval every must be a whole number >= {low}, got {value}")),
    (r"seed must be a whole number >= (?P<low>\d+), got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "seed must be a whole number >= {low}, got {value}")),
    (r"(?P<name>[\w ]+) must be a whole number >= (?P<low>\d+), got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name} must be a whole number >= {low}, got {value}")),
    (r"(?P<name>\S+) needs the Hessian; choose a first-order optimizer",
     QT_TRANSLATE_NOOP("EngineError", "{name} needs the Hessian; choose a first-order optimizer")),
    (r"hidden sizes must be comma-separated whole numbers, got '(?P<value>.*)'",
     QT_TRANSLATE_NOOP("EngineError", "hidden sizes must be comma-separated whole numbers, got "
                                      "'{value}'")),
    (r"give at least one hidden layer size, e\.g\. 100",
     QT_TRANSLATE_NOOP("EngineError", "give at least one hidden layer size, e.g. 100")),
    (r"(?P<name>[\w-]+), bundled 5k sample \((?P<train>[\d,]+) train / (?P<test>[\d,]+) test\)",
     QT_TRANSLATE_NOOP("EngineError", "{name}, bundled 5k sample ({train} train / {test} test)")),
    (r"(?P<name>[\w-]+), (?P<train>[\d,]+) train / (?P<test>[\d,]+) test from (?P<source>.+)",
     QT_TRANSLATE_NOOP("EngineError", "{name}, {train} train / {test} test from {source}")),
    (r"batch size must be <= 8192, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "batch size must be <= 8192, got {value}")),
    (r"epochs must be > 0, got (?P<value>.+)",
     QT_TRANSLATE_NOOP("EngineError", "epochs must be > 0, got {value}")),
    (r"could not download (?P<file>\S+): (?P<reasons>.+)",
     QT_TRANSLATE_NOOP("EngineError", "could not download {file}: {reasons}")),
    (r"download of (?P<file>\S+) cancelled",
     QT_TRANSLATE_NOOP("EngineError", "download of {file} cancelled")),
    (r"connection closed after (?P<done>\d+) of (?P<total>\d+) bytes",
     QT_TRANSLATE_NOOP("EngineError", "connection closed after {done} of {total} bytes")),
    (r"checksum mismatch (?P<detail>\(.+\))",
     QT_TRANSLATE_NOOP("EngineError", "checksum mismatch {detail}")),
    (r"(?P<file>[^:]+): not an IDX file (?P<detail>\(.+\))",
     QT_TRANSLATE_NOOP("EngineError", "{file}: not an IDX file {detail}")),
    (r"(?P<file>[^:]+): is a folder, not an IDX file",
     QT_TRANSLATE_NOOP("EngineError", "{file}: is a folder, not an IDX file")),
    (r"(?P<file>[^:]+): truncated header \((?P<n>\d+) bytes\)",
     QT_TRANSLATE_NOOP("EngineError", "{file}: truncated header ({n} bytes)")),
    (r"(?P<file>[^:]+): truncated gzip file",
     QT_TRANSLATE_NOOP("EngineError", "{file}: truncated gzip file")),
]
#: Groups that hold a message (or a phrase) of their own.
_NESTED = frozenset({"detail", "hint", "what"})


@functools.cache
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    """The rules, compiled on first use (not at start-up: English needs none)."""
    return [(re.compile(p, re.DOTALL), t) for p, t in _RULES]


def engine_error(message: str, _depth: int = 0) -> str:
    """An engine error message in the shown language (English when no rule knows it).

    Parameterised messages are matched against :data:`_RULES`; the values (names,
    numbers, ranges, file names) are kept as they are.
    """
    text = " ".join(str(message).split())
    if _current == "en":
        return str(message)
    if not text or _depth > 4:
        return text
    for pattern, template in _compiled():
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = {k: v or "" for k, v in match.groupdict().items()}
        for key in _NESTED & values.keys():
            if values[key]:
                values[key] = engine_error(values[key], _depth + 1)
        result = translate(ERROR_CONTEXT, template).format(**values)
        return " ".join(result.split()) if "{hint}" in template else result
    return text
