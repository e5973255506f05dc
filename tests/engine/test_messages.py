"""Engine messages carry an id and parameters; ``str()`` stays English."""

from __future__ import annotations

import pickle

import pytest

from engine.messages import Message, msg, template_fields


def test_a_message_is_its_english_text_and_remembers_id_and_parameters() -> None:
    m = msg("{name} must be in {range}, got {value}", name="lr", range="[0, inf)", value=-1)
    assert isinstance(m, str) and isinstance(m, Message)
    assert m == "lr must be in [0, inf), got -1"
    assert m.template == "{name} must be in {range}, got {value}"
    assert m.params == {"name": "lr", "range": "[0, inf)", "value": -1}
    assert str(ValueError(m)) == "lr must be in [0, inf), got -1"


def test_nested_messages_are_kept_as_messages() -> None:
    inner = msg("unknown name '{name}'", name="z")
    outer = msg("invalid formula: {detail}", detail=inner)
    assert outer == "invalid formula: unknown name 'z'"
    assert outer.params["detail"] is inner


def test_a_template_is_always_formatted_so_literal_braces_are_doubled() -> None:
    m = msg("use {{x}} in formulas")
    assert m == "use {x} in formulas" and m.params == {}


def test_messages_survive_pickling_inside_exceptions() -> None:
    exc = ValueError(msg("{a} and {b}", a=1, b=msg("nested {c}", c="x")))
    back = pickle.loads(pickle.dumps(exc))
    (m,) = back.args
    assert isinstance(m, Message) and m == "1 and nested x"
    assert m.template == "{a} and {b}" and m.params["b"].template == "nested {c}"


def test_template_fields() -> None:
    assert template_fields("{name} must be in {range}, got {value}") == {"name", "range", "value"}
    assert template_fields("no fields") == set()


def test_a_missing_parameter_fails_at_the_raise_site() -> None:
    with pytest.raises(KeyError):
        msg("{name} is missing")  # caught in tests, never shipped: the template needs name


def test_message_of_finds_the_message_an_exception_carries() -> None:
    import errno

    from engine.messages import message_of
    from engine.platform.files import WriteError

    m = msg("racer {n}: {detail}", n=1, detail=ValueError(msg("bad {x}", x=2)))
    assert message_of(ValueError(m)) is m
    assert message_of(ValueError("two\n  lines")) == "two lines"  # plain text: one line
    assert message_of(ValueError()) == "ValueError"
    written = message_of(WriteError(errno.ENOSPC, "No space left on device", "race.png"))
    assert isinstance(written, Message) and written.template == "cannot write {file}: {reason}"
    assert written == "cannot write race.png: No space left on device"


def test_joined_messages_show_joined_and_survive_pickling() -> None:
    from engine.messages import Joined, joined

    reasons = joined("; ", [msg("{url}: {reason}", url="a", reason="HTTP 404"), "b: timeout"])
    m = msg("could not download {file}: {reasons}", file="f.gz", reasons=reasons)
    assert m == "could not download f.gz: a: HTTP 404; b: timeout"
    back = pickle.loads(pickle.dumps(m))
    assert isinstance(back.params["reasons"], Joined) and back == m
    assert back.params["reasons"][0].template == "{url}: {reason}"
