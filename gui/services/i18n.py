"""Languages: English and Simplified Chinese, switchable while the app runs.

Every user-visible string of the GUI goes through Qt's translation system
(``self.tr`` in QObject subclasses, ``translate("Context", ...)`` elsewhere).
The compiled catalogue ``resources/i18n/optimizer-race_zh_CN.qm`` is built by
``tools/i18n.py`` from ``optimizer-race_zh_CN.ts``, the source of truth.

The engine never imports Qt, so its texts (optimizer titles and summaries,
hyper-parameter help, surfaces, presets, demos) are translated here, at
display time: :func:`engine_text` looks the English text up in the context
``"engine"`` (``tools/i18n.py`` collects them from the registries), and
:func:`engine_error` translates the engine's messages: exceptions and texts
built with :func:`engine.messages.msg` carry their id (the English template,
looked up in the context ``"EngineError"``) and their parameters, so nothing is
ever matched back from English (``tools/i18n.py`` collects every ``msg("...")``
template of ``engine/``).

Switching language (:func:`install_language`) replaces the installed
translators; Qt then sends ``QEvent.LanguageChange`` to every widget, and each
widget that shows text sets it again in its ``changeEvent`` (see
:class:`Texts`).  Nothing is rebuilt, so a running training or demo goes on.

Settings: ``ui/language`` is ``"system"`` (default: the system locale decides),
``"en"`` or ``"zh_CN"``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QTranslator,
)
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from engine.messages import Joined, Message, message_of
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


def engine_error(error: object) -> str:
    """An engine message (an exception, a :class:`~engine.messages.Message` or text) shown
    in the current language.

    A message built with :func:`engine.messages.msg` is translated by its id (its
    English template, context ``"EngineError"``) and formatted with its
    parameters; parameters that are messages themselves (or exceptions carrying
    one) are translated in turn.  Plain text, or a template nobody translated, is
    shown in English unchanged.
    """
    message = message_of(error) if isinstance(error, BaseException) else error
    if not isinstance(message, Message):
        return str(message)
    if _current == "en":
        return str(message)
    return _translated(message, 0)


def _translated(message: Message, depth: int) -> str:
    template = translate(ERROR_CONTEXT, message.template)
    params = {key: _param(value, depth) for key, value in message.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation: show the English
        return str(message)


def _param(value: object, depth: int) -> object:
    if depth > 8:  # messages nest a few levels at most
        return str(value)
    if isinstance(value, BaseException):
        value = message_of(value)
    if isinstance(value, Message):
        return _translated(value, depth + 1)
    if isinstance(value, Joined):
        return value.sep.join(str(_param(item, depth + 1)) for item in value)
    return value
