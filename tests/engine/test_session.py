"""The Qt-free session model: events, tape playback, save/load round trip."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from engine.palette import PALETTE
from engine.presets import PRESETS
from engine.race import RacerConfig
from engine.session import (
    MAX_STEPS,
    PreparedSession,
    Session,
    SessionError,
    parse_session_text,
    prepare,
)
from engine.session_file import MAX_FILE_CHARS, REPLAY_CHUNK


def ravine() -> Session:
    s = Session()
    s.apply(PRESETS["ravine"].config())
    return s


def test_events_fire_and_tape_replays_without_resimulating() -> None:
    s = ravine()
    seen: list[tuple[str, int]] = []
    s.subscribe("cursor", lambda k: seen.append(("cursor", k)))
    s.subscribe("racers", lambda: seen.append(("racers", -1)))
    s.step(10)
    assert s.cursor == 10 and s.race.step_count == 10
    s.step_back(4)
    assert s.cursor == 6 and s.race.step_count == 10  # the tape, not a re-run
    s.step(2)
    assert s.cursor == 8 and s.race.step_count == 10
    s.step(5)
    assert s.cursor == 13 and s.race.step_count == 13
    s.seek(100)
    assert s.cursor == 13
    s.add_racer(RacerConfig("rmsprop", {"lr": 0.1}))
    assert s.cursor == 0 and len(s.display) == 5
    assert seen == [("cursor", 10), ("cursor", 6), ("cursor", 8), ("cursor", 13),
                    ("racers", -1), ("cursor", 0)]


def test_colours_are_distinct_palette_entries() -> None:
    s = ravine()
    colors = [d.color for d in s.display]
    assert len(set(colors)) == 4 and all(c in PALETTE for c in colors)


def test_bad_surface_keeps_the_last_good_one() -> None:
    s = ravine()
    s.step(5)
    with pytest.raises(ValueError):
        s.set_surface("x + nonsense(")
    assert s.surface.name == "ravine" and s.cursor == 5
    s.set_surface("rosenbrock")
    assert s.surface.name == "rosenbrock" and s.cursor == 0
    assert s.start == (-1.5, 2.0)


def test_invalid_racer_is_rejected_and_nothing_changes() -> None:
    s = ravine()
    with pytest.raises(ValueError, match="beta1"):
        s.add_racer(RacerConfig("adam", {"beta1": 3.0}))
    assert len(s.config.racers) == 4 and len(s.display) == 4


def test_save_load_round_trip_continues_the_same_trajectory(tmp_path: Path) -> None:
    s = ravine()
    s.set_noise(0.3, 11)
    s.set_start(-6.0, 1.5)
    s.set_display(1, color="#123456", visible=False)
    s.step(17)
    s.step_back(3)
    path = tmp_path / "race.json"
    s.save(path)
    loaded = Session()
    loaded.load(path)
    assert loaded.cursor == 14 and loaded.race.step_count == 17
    assert loaded.display[1].color == "#123456" and not loaded.display[1].visible
    for a, b in zip(s.race.racers, loaded.race.racers, strict=True):
        np.testing.assert_array_equal(a.trajectory.positions, b.trajectory.positions)
    # Continuing the loaded race = never having stopped.
    s.seek(17)
    s.step(20)
    loaded.seek(17)
    loaded.step(20)
    for a, b in zip(s.race.racers, loaded.race.racers, strict=True):
        np.testing.assert_array_equal(a.position, b.position)
        np.testing.assert_array_equal(a.state["step"], b.state["step"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"hello": 1}', "not an Optimizer Race session"),
        ('[1, 2]', "not an Optimizer Race session"),
        ('{"format": "optimizer-race-session", "version": 99}', "version 99"),
        ('{"format": "optimizer-race-session", "version": 1, '
         '"race": {"racers": [{"optimizer": "warp"}]}}', "unknown optimizer 'warp'"),
        ('{"format": "optimizer-race-session", "version": 1, "race": {}, "steps": -5}',
         r"steps must be in \[0, 200000\], got -5"),
        ('{"format": "optimizer-race-session", "version": 1, '
         '"race": {"surface": "sqrt(x)", "start": [-1, 0], "racers": [{"optimizer": "sgd"}]}}',
         "not defined"),
    ],
)
def test_corrupt_or_foreign_files_change_nothing(tmp_path: Path, content: str,
                                                 message: str) -> None:
    s = ravine()
    s.step(3)
    before = json.dumps(s.to_dict())
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(SessionError, match=message):
        s.load(path)
    assert json.dumps(s.to_dict()) == before


def test_unreadable_file_is_a_session_error(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match="cannot read"):
        Session().load(tmp_path / "missing.json")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SessionError):
        Session().load(tmp_path / "bin.json")


def test_save_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = ravine()
    path = tmp_path / "s.json"
    s.save(path)
    good = path.read_text()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("engine.platform.files.os.replace", boom)
    s.step(5)
    with pytest.raises(OSError):
        s.save(path)
    assert path.read_text() == good
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


# -- the replay contract: prepare (validate) -> replay (any thread) -> adopt ---------------------
def saved(steps: int = 40, cursor: int | None = None) -> dict:
    s = ravine()
    s.set_noise(0.2, 5)
    s.set_display(2, color="#ABCDEF", visible=False)
    s.step(steps)
    if cursor is not None:
        s.seek(cursor)
    return s.to_dict()


def test_replay_reports_progress_in_small_chunks_then_adopt_swaps_the_race_in() -> None:
    data = saved(40, cursor=31)
    prepared = prepare(data)
    assert isinstance(prepared, PreparedSession) and prepared.race is None
    assert (prepared.steps, prepared.cursor, prepared.total_racer_steps) == (40, 31, 160)
    reports = list(prepared.replay())
    assert reports[-1] == (160, 160) and prepared.race is not None
    done = [d for d, _ in reports]
    assert all(t == 160 for _, t in reports) and done == sorted(done)
    assert all(b - a <= max(REPLAY_CHUNK, 4) for a, b in zip([0, *done], done, strict=False))
    assert len(reports) >= 160 // max(REPLAY_CHUNK, 4)

    target = Session()
    seen: list[str] = []
    for event in ("surface", "racers", "cursor", "display"):
        target.subscribe(event, lambda *a, e=event: seen.append(e))
    race = prepared.race
    target.adopt(prepared)
    assert target.race is race and prepared.race is None  # taken over, not copied
    assert target.cursor == 31 and target.race.step_count == 40
    assert target.display[2].color == "#ABCDEF" and not target.display[2].visible
    assert seen[:3] == ["surface", "racers", "cursor"] and seen.count("display") == 4
    reference = Session()
    reference.load_dict(data)
    for a, b in zip(reference.race.racers, target.race.racers, strict=True):
        np.testing.assert_array_equal(a.trajectory.positions, b.trajectory.positions)


def test_replay_touches_no_session_and_stops_when_asked() -> None:
    s = ravine()
    s.step(3)
    before = json.dumps(s.to_dict())
    events: list[object] = []
    for event in ("surface", "racers", "cursor", "display"):
        s.subscribe(event, lambda *a: events.append(a))
    prepared = prepare(saved(200))
    polls = []

    def should_stop() -> bool:
        polls.append(1)
        return len(polls) > 3

    reports = list(prepared.replay(should_stop))
    assert len(reports) == 3 and reports[-1][0] < reports[-1][1]
    assert prepared.race is None  # stopped: nothing to adopt
    with pytest.raises(RuntimeError):
        s.adopt(prepared)
    # Not iterating further is stopping too.
    gen = prepared.replay()
    next(gen)
    gen.close()
    assert prepared.race is None
    assert events == [] and json.dumps(s.to_dict()) == before


def test_a_session_with_nothing_to_replay_reports_once() -> None:
    prepared = prepare(saved(0))
    assert list(prepared.replay()) == [(0, 0)]
    s = Session()
    s.adopt(prepared)
    assert s.cursor == 0 and len(s.race.racers) == 4


@pytest.mark.parametrize(("text", "message"), [
    ('{"steps": NaN}', "not valid JSON"),
    ('{"steps": Infinity}', "not valid JSON"),
    ('{"steps": -Infinity}', "not valid JSON"),
    ("[" * 1000 + "]" * 1000, "nested too deeply"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"a": "' + "[" * 5000 + '"}' + "[" * 40, "nested too deeply"),
    ("1" * 5000, None),  # more digits than Python parses: a number too large, not a crash
    ("{" * 33, "nested too deeply"),
    ("x" * (MAX_FILE_CHARS + 1), "too large"),
])
def test_parse_refuses_hostile_json_cleanly(text: str, message: str | None) -> None:
    if message is None:
        assert parse_session_text(text, "s.json") == float("inf")
        return
    with pytest.raises(SessionError, match=message):
        parse_session_text(text, "s.json")


def test_strings_do_not_count_as_nesting_and_huge_numbers_become_infinite() -> None:
    data = parse_session_text('{"label": "' + "[{" * 200 + '", "lr": ' + "9" * 500
                              + ', "eps": ' + "9" * 4500 + "}", "s.json")
    assert data["label"] == "[{" * 200 and data["lr"] == 10**500 - 1
    assert data["eps"] == float("inf")
    assert parse_session_text(r'{"a": "\\", "b": ["\"]"]}', "s.json") == {"a": "\\", "b": ['"]']}


def _with(path: str, value: object) -> dict:
    """A valid saved session with the field at ``path`` ('race/racers/0/label') set."""
    data = saved(5)
    *parents, last = [int(k) if k.isdigit() else k for k in path.split("/")]
    node = data
    for key in parents:
        node = node[key]
    node[last] = value
    return data


@pytest.mark.parametrize(("path", "value", "message"), [
    ("steps", float("inf"), r"steps must be a whole number, got inf"),
    ("cursor", float("inf"), r"cursor must be a whole number, got inf"),
    ("steps", float("nan"), r"steps must be a whole number, got nan"),
    ("cursor", 6, r"cursor must be in \[0, 5\], got 6"),
    ("steps", 200_001, r"steps must be in \[0, 200000\], got 200001"),
    ("steps", True, r"steps must be a whole number, got True"),
    ("race/seed", float("inf"), r"seed must be a whole number, got inf"),
    ("race/seed", -1, r"seed must be in \[0, 9223372036854775808\), got -1"),
    ("race/seed", 2**63, r"seed must be in \[0, 9223372036854775808\), got 9223372036854775808"),
    ("race/racers/0/values/lr", 10**400, r"racer 1: lr must be finite, got 1e\+400"),
    ("race/racers/1/values/lr", float("inf"), r"racer 2: lr must be finite, got inf"),
    ("race/racers/0/values/lr", "fast", r"racer 1: lr must be a number, got 'fast'"),
    ("race/racers/0/schedule", {"kind": "step", "params": {"gamma": 10**400}},
     r"racer 1: gamma must be finite, got 1e\+400"),
    ("race/racers/0/schedule", {"kind": "step", "params": {"step_size": 10**400}},
     r"racer 1: step_size must be finite, got 1e\+400"),
    ("race/racers/0/schedule", {"kind": "step", "params": []},
     r"racer 1: schedule params must be an object, got \[\]"),
    ("race/racers/0/label", 12345, r"racer 1: label must be text, got 12345"),
    ("race/racers/0/label", {"a": 1}, r"racer 1: label must be text, got \{'a': 1\}"),
    ("race/racers/0/label", "x" * 10_000_000,
     r"racer 1: label is too long \(10000000 characters, at most 200\)"),
    ("race/racers/0/label", "two\nlines", r"racer 1: label must be one line of text"),
    ("race/racers/0/optimizer", ["adam"], r"racer 1: optimizer must be text, got \['adam'\]"),
    ("race/racers/0/values", {"lr": 0.1, "nope": 1}, r"racer 1: unknown hyper-parameter 'nope'"),
    ("race/racers/0/start", [1, 10**400], r"racer 1: racer start must be finite, got 1e\+400"),
    ("display/0/color", "javascript:alert(1)<b>x</b>",
     r"racer 1: colour must be #RRGGBB, got 'javascript:alert\(1\)<b>x</b>'"),
    ("display/0/color", 0xE69F00, r"racer 1: colour must be #RRGGBB, got 15113984"),
    ("display/1/visible", "no", r"racer 2: visible must be true or false, got 'no'"),
    ("display/1", "red", r"racer 2: display must be an object, got 'red'"),
    ("display", {"color": "#000000"}, r"display must be a list"),
    ("race/surface", 12, r"surface must be a name or a formula, got 12"),
    ("race/surface", "x" * 600, r"formula is too long \(600 characters, at most 500\)"),
    ("race/domain", [0, 1, 0, 10**400], r"domain must be finite, got 1e\+400"),
    ("race/domain", [0, 1e12, 0, 1], r"domain must be in \[-1e\+09, 1e\+09\], got 1000000000000.0"),
    ("race/domain", [1, 0, 0, 1], r"domain must satisfy xmin < xmax and ymin < ymax"),
    ("race/domain", "everywhere", r"domain must be four numbers, got 'everywhere'"),
    ("race/minima", [[0, 0]], r"minimum must be three numbers, got \[0, 0\]"),
    ("race/minima", [[0, 0, 0]] * 65, r"minima must be at most 64"),
    ("race/start", [float("nan"), 0], r"start must be finite, got nan"),
    ("race/noise_sigma", 10**400, r"noise_sigma must be finite, got 1e\+400"),
    ("race/bound", 0, r"bound must be in \(0, inf\), got 0"),
    ("race/racers", {"0": {"optimizer": "sgd"}}, r"racers must be a list"),
    ("version", True, r"session file version True is not supported"),
], ids=lambda v: repr(v)[:40])
def test_every_field_is_validated_with_a_clear_message(path: str, value: object,
                                                       message: str) -> None:
    data = _with(path, value)
    with pytest.raises(SessionError, match=message) as info:
        prepare(data)
    assert "\n" not in str(info.value) and len(str(info.value)) < 400
    s = ravine()
    before = json.dumps(s.to_dict())
    with pytest.raises(SessionError, match=message):
        s.load_dict(data)
    assert json.dumps(s.to_dict()) == before


def test_a_file_may_not_ask_for_too_much_work() -> None:
    data = saved(5)
    racer = data["race"]["racers"][0]
    data["race"]["racers"] = [racer] * 20
    data["display"] = []
    data["steps"] = data["cursor"] = 100_001  # 20 racers x 100 001 steps > 2 000 000
    with pytest.raises(SessionError, match=r"too long to replay: 100001 steps x 20 racers = "
                                           r"2000020 racer-steps, at most 2000000"):
        prepare(data)
    data["steps"] = data["cursor"] = 100_000
    assert prepare(data).total_racer_steps == 2_000_000  # the limit itself is fine
    data["race"]["racers"] = [racer] * 101
    data["steps"] = data["cursor"] = 0
    with pytest.raises(SessionError, match="at most 100 racers, got 101"):
        prepare(data)


def test_playback_stops_where_a_saved_file_could_still_be_loaded() -> None:
    s = Session()
    s.set_racers([RacerConfig("sgd", {"lr": 0.01})] * 20)
    assert s.step_limit == 100_000 < MAX_STEPS
    s.race.step_count = s.cursor = s.step_limit - 1  # skip the long walk: the cap is the point
    for r in s.race.racers:
        r.status = "diverged"
    s.step(10)
    assert s.cursor == s.step_limit
    assert prepare({**s.to_dict(), "steps": s.cursor, "cursor": s.cursor}).steps == s.cursor


def test_huge_or_endless_files_are_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text('{"format": "optimizer-race-session", "pad": "' + "x" * MAX_FILE_CHARS + '"}')
    with pytest.raises(SessionError, match="too large"):
        Session().load(big)
    with pytest.raises(SessionError, match="cannot read"):
        Session().load(tmp_path)  # a folder


def test_values_are_stored_as_the_numbers_the_optimizer_accepted() -> None:
    data = _with("race/racers/0/values", {"lr": "0.5", "momentum": 0})
    s = Session()
    s.load_dict(data)
    assert s.config.racers[0].values == {"lr": 0.5, "momentum": 0.0}
    assert json.loads(json.dumps(s.to_dict()))["race"]["racers"][0]["values"]["lr"] == 0.5
