"""Loading in three steps: prepare (validate), replay (any thread, chunked), adopt."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from engine.presets import PRESETS
from engine.session import REPLAY_CHUNK, Session, SessionError, prepare


def played(steps: int, cursor: int | None = None) -> Session:
    s = Session()
    s.apply(PRESETS["ravine"].config())
    s.set_display(2, color="#123456", visible=False)
    s.step(steps)
    if cursor is not None:
        s.seek(cursor)
    return s


def saved(steps: int, cursor: int | None = None) -> dict:
    return played(steps, cursor).to_dict()


def test_replay_yields_chunked_progress_and_matches_the_played_race() -> None:
    original = played(900, cursor=700)
    data = original.to_dict()
    prepared = prepare(data)
    assert prepared.race is None and prepared.total_racer_steps == 900 * 4
    progress = list(prepared.replay())
    done = [d for d, _ in progress]
    assert all(t == 900 * 4 for _, t in progress)
    assert done == sorted(done) and done[-1] == 900 * 4
    assert max(np.diff([0, *done])) <= REPLAY_CHUNK  # a chunk is bounded in racer-steps
    assert len(progress) >= 900 * 4 // REPLAY_CHUNK
    for a, b in zip(prepared.race.racers, original.race.racers, strict=True):
        np.testing.assert_array_equal(a.trajectory.positions, b.trajectory.positions)


def test_replay_in_a_thread_then_adopt_emits_each_event_once() -> None:
    prepared = prepare(saved(300, cursor=120))
    worker = threading.Thread(target=lambda: list(prepared.replay()))
    worker.start()
    worker.join(60)
    session = Session()
    seen: list[tuple[str, tuple]] = []
    for event in ("surface", "racers", "cursor", "display"):
        session.subscribe(event, lambda *a, e=event: seen.append((e, a)))
    session.adopt(prepared)
    assert seen == [("surface", ()), ("racers", ()), ("cursor", (120,)), ("display", (-1,))]
    assert session.cursor == 120 and session.race.step_count == 300
    assert session.display[2].color == "#123456" and not session.display[2].visible
    assert session.selected is None


def test_stopping_the_replay_leaves_nothing_to_adopt() -> None:
    prepared = prepare(saved(2000))
    calls = []

    def should_stop() -> bool:
        calls.append(1)
        return len(calls) > 2

    steps = list(prepared.replay(should_stop))
    assert len(steps) == 2 and prepared.race is None
    session = Session()
    before = session.race
    with pytest.raises(ValueError, match="not been replayed"):
        session.adopt(prepared)
    assert session.race is before


def test_prepare_rejects_bad_data_and_builds_no_race() -> None:
    with pytest.raises(SessionError, match="not an Optimizer Race session"):
        prepare({"format": "other"})
    bad = saved(3)
    bad["cursor"] = 99
    with pytest.raises(SessionError, match="bad step counts"):
        prepare(bad)
    bad = saved(3)
    bad["race"]["racers"] = [{"optimizer": "no-such-optimizer"}]
    with pytest.raises(SessionError, match="invalid session"):
        prepare(bad)
