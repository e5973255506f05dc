"""Messages with an id and parameters: English for the CLI, translatable by the GUI.

The engine never imports Qt, yet its error messages and texts are shown in the
GUI in the user's language.  Following napari's deferred translations
(``trans._("...{x}", deferred=True, x=...)``), every user-facing message is
built with :func:`msg`::

    raise ValueError(msg("{name} must be in {range}, got {value}",
                         name="lr", range="[0, inf)", value=-1))

The result is a :class:`Message`: a ``str`` holding the English text, so
``str(exc)`` and the CLI print English unchanged, that also remembers its *id*
(the English template, as in gettext) and its parameters.  The GUI looks the id
up in its catalogue and formats the translated template with the parameters;
parameters that are messages themselves are translated in turn.  Nothing is
ever matched back from the English text.

``tools/i18n.py`` collects every ``msg("...")`` template of ``engine/`` into the
translation catalogue, and a test fails when a ``raise`` in ``engine/`` carries
a message that is not built with :func:`msg` or whose id has no translation.
"""

from __future__ import annotations

import string
from typing import Any

__all__ = ["Joined", "Message", "english", "joined", "message_of", "msg", "template_fields"]

_FORMATTER = string.Formatter()


class Message(str):
    """English text (the ``str`` value) plus its template (the id) and parameters.

    Pickles with its id and parameters (messages cross process boundaries with the
    exceptions that carry them).
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        text = template.format(**{k: english(v) for k, v in params.items()})
        self = super().__new__(cls, text)
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.params))

    def __repr__(self) -> str:
        return f"msg({self.template!r}{''.join(f', {k}={v!r}' for k, v in self.params.items())})"


def _rebuild(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


def msg(template: str, /, **params: Any) -> Message:
    """A message whose id is ``template`` (English, ``str.format`` fields) and ``params``.

    ``template`` must be a string literal at the call site, so that the translation
    tools can collect it.
    """
    return Message(template, **params)


def english(value: Any) -> str:
    """A parameter as shown in English: messages as their text, anything else by ``str``."""
    return str(value)


def template_fields(template: str) -> set[str]:
    """The names of the ``{fields}`` of a template (to check translations keep them)."""
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


class Joined(tuple):  # type: ignore[type-arg]
    """Several messages shown one after the other, separated by ``sep`` (a parameter value)."""

    sep: str

    def __new__(cls, sep: str, items: Any) -> Joined:
        self = super().__new__(cls, items)
        self.sep = sep
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (self.sep, tuple(self)))

    def __str__(self) -> str:
        return self.sep.join(english(item) for item in self)


def joined(sep: str, items: Any) -> Joined:
    """``items`` (messages or text) as one parameter, shown joined by ``sep``."""
    return Joined(sep, items)


def message_of(exc: BaseException) -> str:
    """The one line an exception shows: the :class:`Message` it carries, if any.

    The message is the exception's first argument, or its ``message`` attribute
    (:class:`~engine.platform.files.WriteError` builds it from ``errno`` and
    ``filename``); anything else gives its text on one line, or its type's name.
    """
    if exc.args and isinstance(exc.args[0], Message):
        return exc.args[0]
    carried = getattr(exc, "message", None)
    if isinstance(carried, Message):
        return carried
    return " ".join(str(exc).split()) or type(exc).__name__
