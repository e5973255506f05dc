"""The one worker for long work: signals, checkpoints, pause, cancel, the registry."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer

from gui.services import workers
from gui.services.workers import Cancelled, Control, Worker


@pytest.fixture(autouse=True)
def no_worker_left(qtbot):  # type: ignore[no-untyped-def]
    yield
    workers.cancel_all()
    assert workers.wait_all(10.0)
    qtbot.waitUntil(lambda: not workers.live(), timeout=5000)


def record(worker: Worker) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []
    worker.started.connect(lambda: seen.append(("started", None)))
    worker.yielded.connect(lambda v: seen.append(("yielded", v)))
    worker.returned.connect(lambda v: seen.append(("returned", v)))
    worker.errored.connect(lambda m: seen.append(("errored", m)))
    worker.cancelled.connect(lambda: seen.append(("cancelled", None)))
    worker.finished.connect(lambda: seen.append(("finished", None)))
    return seen


def count(n: int):  # type: ignore[no-untyped-def]
    total = 0
    for i in range(n):
        total += i
        yield i
        yield  # a checkpoint only: nothing is emitted
    return total


def test_a_generator_yields_in_order_then_returns_in_the_gui_thread(qtbot) -> None:
    worker = Worker(count, 5)
    seen = record(worker)
    gui = threading.get_ident()
    threads: list[int] = []
    worker.yielded.connect(lambda _v: threads.append(threading.get_ident()))
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        worker.start()
        assert worker.is_running and worker in workers.live()
    assert seen == [("started", None), *[("yielded", i) for i in range(5)],
                    ("returned", 10), ("finished", None)]
    assert set(threads) == {gui} and worker.outcome == "returned"
    assert not worker.is_running
    qtbot.waitUntil(lambda: worker not in workers.live(), timeout=5000)  # released after
    with pytest.raises(RuntimeError, match="already started"):
        worker.start()


def test_an_exception_is_one_line_and_the_traceback_goes_to_the_log(qtbot, caplog) -> None:
    def fail():  # type: ignore[no-untyped-def]
        yield 1
        raise ValueError("bad value\n  on two lines")

    worker = Worker(fail)
    seen = record(worker)
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        worker.start()
    assert seen[-2:] == [("errored", "bad value on two lines"), ("finished", None)]
    assert "Traceback" in caplog.text and "ValueError" in caplog.text


def test_cancel_is_seen_at_the_next_yield_and_finally_blocks_run(qtbot) -> None:
    steps: list[int] = []
    cleaned = threading.Event()

    def endless():  # type: ignore[no-untyped-def]
        try:
            while True:
                steps.append(1)
                time.sleep(0.001)
                yield
        finally:
            cleaned.set()

    worker = Worker(endless)
    seen = record(worker)
    worker.start()
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=10_000)
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        worker.cancel()
    assert cleaned.is_set() and worker.outcome == "cancelled"
    assert ("cancelled", None) in seen and not any(k == "returned" for k, _ in seen)
    done = len(steps)
    qtbot.wait(50)
    assert len(steps) == done


def test_pause_holds_the_worker_at_a_checkpoint_until_resumed(qtbot) -> None:
    steps: list[int] = []

    def endless():  # type: ignore[no-untyped-def]
        while True:
            steps.append(1)
            yield

    worker = Worker(endless).start()
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=10_000)
    worker.pause()
    assert worker.is_paused
    qtbot.wait(50)
    held = len(steps)
    qtbot.wait(100)
    assert len(steps) <= held + 1  # at most the step that was under way
    worker.resume()
    qtbot.waitUntil(lambda: len(steps) > held + 10, timeout=10_000)
    worker.pause()
    with qtbot.waitSignal(worker.cancelled, timeout=10_000):
        worker.cancel()  # a paused worker wakes up to stop


def test_callback_style_work_reports_and_stops_through_its_control(qtbot) -> None:
    def job(control: Control, n: int) -> int:
        for i in range(n):
            control.report(i)
        while not control.should_stop():
            time.sleep(0.001)
        raise Cancelled

    worker = Worker(job, 3, control=True)
    seen = record(worker)
    worker.start()
    qtbot.waitUntil(lambda: ("yielded", 2) in seen, timeout=10_000)
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        worker.cancel()
    assert [v for k, v in seen if k == "yielded"] == [0, 1, 2]
    assert worker.outcome == "cancelled"


def test_a_yield_says_whether_the_gui_has_handled_everything(qtbot) -> None:
    answers: list[bool] = []
    first, handled = threading.Event(), threading.Event()

    def snapshots():  # type: ignore[no-untyped-def]
        answers.append((yield "big snapshot"))  # the GUI thread is not looking yet
        first.set()
        handled.wait(10)
        answers.append((yield))

    worker = Worker(snapshots)
    # set once the delivery is over (a later turn of the event loop), not during it
    worker.yielded.connect(lambda _v: QTimer.singleShot(0, handled.set))
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        worker.start()
        assert first.wait(10)  # blocks the GUI thread: nothing is delivered meanwhile
    assert answers == [False, True]


def test_shutdown_leaves_an_uninterruptible_step_running_and_referenced(qtbot) -> None:
    release = threading.Event()

    def stuck():  # type: ignore[no-untyped-def]
        yield
        release.wait(30)  # like one long numpy call: no checkpoint inside
        yield

    quick = Worker(count, 10_000_000).start()
    slow = Worker(stuck).start()
    qtbot.waitUntil(lambda: slow.is_running, timeout=5000)
    time.sleep(0.05)
    assert not workers.shutdown(0.3)  # bounded: it does not wait for the stuck step
    assert slow in workers.running() and slow in workers.live()
    # the quick one stops at its next checkpoint (on a busy machine maybe after the 0.3 s)
    assert quick.wait(5.0) and not quick.is_running
    assert workers.running() == [slow]
    with qtbot.waitSignal(slow.cancelled, timeout=10_000):
        release.set()
    qtbot.waitUntil(lambda: not workers.live(), timeout=5000)


def test_a_finished_worker_goes_with_its_last_reference_not_with_the_cycle_collector(
        qtbot) -> None:
    """No reference cycle: the worker (a QObject) is freed in the GUI thread by _release."""
    import gc
    import weakref

    from gui.services import collector

    timer = collector.install().timer
    timer.stop()  # no collection by the timer meanwhile (the automatic one is off)
    try:
        worker = Worker(count, 3)
        ref = weakref.ref(worker)
        with qtbot.waitSignal(worker.finished, timeout=5000):
            worker.start()
        del worker
        qtbot.waitUntil(lambda: ref() is None, timeout=2000)
        assert not gc.isenabled()
    finally:
        timer.start()
