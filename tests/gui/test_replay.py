"""Loading a long session replays it in a worker: the window stays responsive.

A session of 20 racers × 20,000 steps takes half a minute to replay.  Opening
it must not block the GUI thread: a 10 ms timer keeps firing on time.  The
worker replays one slice (``SLICE_S`` of work, whole engine chunks) at a time
while the GUI thread is idle, so a tick is never late by much more than a slice
plus a chunk, measured here and now; the bound is twice that, and never below
the project's 50 ms.  A progress dialog appears, and Cancel leaves the race
shown as it was.  The startup restore of such a race waits until the window is
on screen.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton

from engine.optimizers import optimizer_names
from engine.race import RacerConfig
from engine.session import Session, prepare
from gui.race.replay import INLINE_RACER_STEPS, SLICE_S
from gui.services import workers
from gui.services.settings import Settings
from gui.shell.main_window import MainWindow


@pytest.fixture(autouse=True)
def no_worker_left(qtbot):  # type: ignore[no-untyped-def]
    yield
    workers.cancel_all()
    assert workers.wait_all(30.0)
    qtbot.waitUntil(lambda: not workers.live(), timeout=5000)


def long_session(steps: int, racers: int = 20) -> dict:
    s = Session()
    s.set_racers([RacerConfig(n) for n in optimizer_names(first_order_only=True)[:racers]])
    data = s.to_dict()
    data["steps"] = data["cursor"] = steps
    return data


class Lateness:
    """A 10 ms timer that records how late each tick fires."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.worst = 0.0
        self.ticks = 0
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last - 0.010)
        self._last = now
        self.ticks += 1


def chunk_seconds(data: dict) -> float:
    """How long one engine replay chunk of ``data`` takes here, now (the slowest of 20)."""
    replay = prepare(data).replay()
    next(replay)  # builds the race and runs the first chunk
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        next(replay)
        times.append(time.perf_counter() - t0)
    return max(times)


@pytest.fixture
def window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_opening_a_long_session_keeps_the_window_responsive_and_cancel_keeps_the_race(
        window: MainWindow, qtbot, tmp_path: Path) -> None:
    data = long_session(20_000)
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data))
    chunk = chunk_seconds(data)
    window.load_preset("himmelblau")
    window.session.step(12)
    race, cursor = window.session.race, window.session.cursor
    qtbot.wait(300)  # the preset drawn: only the load is measured

    clock = Lateness()
    clock.start()
    started = time.perf_counter()
    assert window.load_session(path)  # returns at once: the replay runs in a worker
    assert window.loader.busy and window.session.race is race
    qtbot.waitUntil(lambda: window.loader.dialog is not None
                    and window.loader.dialog.isVisible(), timeout=10_000)
    dialog = window.loader.dialog
    assert "long.json: 20 racers × 20,000 steps" in dialog.labelText()
    qtbot.waitUntil(lambda: dialog.value() >= 30, timeout=60_000)  # 3 %: about a second
    elapsed = time.perf_counter() - started
    clock.stop()

    assert elapsed > 10 * SLICE_S  # many slices replayed while the clock ran
    assert clock.worst < max(0.050, 2 * (SLICE_S + chunk)), (clock.worst, chunk)
    assert clock.ticks >= 0.5 * elapsed / 0.010 - 5  # the event loop kept turning
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    cancel.click()
    assert not window.loader.busy and window.loader.dialog is None
    assert window.session.race is race and window.session.cursor == cursor
    assert window.session.surface.name == "himmelblau" and window.path is None
    assert "cancelled" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not workers.running(), timeout=30_000)  # stops at its next chunk
    assert window.session.race is race


def test_a_replayed_session_is_adopted_exactly(window: MainWindow, qtbot,
                                               tmp_path: Path) -> None:
    data = long_session(60, racers=12)
    assert 12 * 60 > INLINE_RACER_STEPS  # this one goes through the worker
    path = tmp_path / "medium.json"
    path.write_text(json.dumps({**data, "cursor": 45}))
    reference = Session()
    reference.load(path)
    assert window.load_session(path) and window.loader.busy
    qtbot.waitUntil(lambda: not window.loader.busy, timeout=30_000)
    s = window.session
    assert s.cursor == 45 and s.race.step_count == 60 and window.path == path
    assert [r.name for r in s.race.racers] == [r.name for r in reference.race.racers]
    for a, b in zip(s.race.racers, reference.race.racers, strict=True):
        assert (a.trajectory.positions == b.trajectory.positions).all()
    assert window.leaderboard.table.rowCount() == 12
    assert window.statusBar().currentMessage() == "Opened medium.json at step 45"


def test_a_bad_file_is_refused_before_anything_changes(window: MainWindow, tmp_path: Path,
                                                       monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    bad = long_session(20_000)
    bad["race"]["racers"][3] = {"optimizer": "adam", "values": {"lr": -1}}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    race = window.session.race
    assert not window.load_session(path)
    assert shown and "lr must be in" in shown[0]
    assert not window.loader.busy and window.session.race is race


def test_the_last_race_is_restored_after_the_window_is_up(qtbot) -> None:
    stored = long_session(1_000, racers=8)
    stored["cursor"] = 900
    Settings().set_session_data(stored)
    w = MainWindow()
    qtbot.addWidget(w)
    # Nothing replayed yet, not even in a worker: the first frame comes first.
    assert w.loader.busy and len(w.session.race.racers) != 8
    assert not workers.running()
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not w.loader.busy, timeout=60_000)
    assert len(w.session.race.racers) == 8 and w.session.cursor == 900
    assert w.session.race.step_count == 1_000


def test_closing_while_the_last_race_replays_stores_that_race(qtbot) -> None:
    stored = long_session(20_000, racers=20)
    Settings().set_session_data(stored)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: bool(workers.running()), timeout=10_000)
    w.close()
    again = Settings().session_data()
    assert again is not None and again["steps"] == 20_000
    assert len(again["race"]["racers"]) == 20


def _crashed_run_left(data: dict) -> Path:
    """A crashed run's autosave and its stale lock (the lock's owner process is gone)."""
    import subprocess
    import sys

    from gui.services.settings import app_data_dir
    from gui.shell.autosave import Autosaver

    folder = app_data_dir() / "autosave"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / Autosaver.FILE).write_text(json.dumps(data))
    script = ("import os\nfrom PySide6.QtCore import QLockFile\n"
              f"assert QLockFile({str(folder / Autosaver.LOCK)!r}).tryLock(0)\nos._exit(1)\n")
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    return folder


@pytest.mark.parametrize("cancel", [False, True])
def test_recovering_a_long_autosave_replays_it_in_the_worker(qtbot, monkeypatch,
                                                              cancel: bool) -> None:
    from gui.shell.autosave import Autosaver

    crashed = long_session(1_000, racers=8)
    crashed["cursor"] = 640
    folder = _crashed_run_left(crashed)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.loader.busy and bool(workers.running()), timeout=10_000)
    assert not w.desktop.autosaver.timer.isActive()  # not before the answer is settled
    if cancel:
        race = w.session.race
        w.loader.cancel()
        assert w.session.race is race
        assert json.loads((folder / Autosaver.DECLINED).read_text())["cursor"] == 640
    else:
        qtbot.waitUntil(lambda: not w.loader.busy, timeout=60_000)
        assert len(w.session.race.racers) == 8 and w.session.cursor == 640
        assert w.statusBar().currentMessage() == "Recovered the autosaved race."
    assert w.desktop.autosaver.enabled and w.desktop.autosaver.timer.isActive()
