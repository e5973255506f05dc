"""The MNIST tab's long work, as run by :class:`gui.services.workers.Worker`: training and download.

Nothing here touches a widget: the work runs in the worker thread and hands
the panel copies (:class:`Snapshot`) through the worker's ``yielded`` and
``returned`` signals.

* :class:`TrainingJob` -- ``Worker(job.run)``: loads the dataset if needed (yields
  it, so the panel can cache it), then trains one mini-batch at a time.  Every
  mini-batch ends at a checkpoint (pause waits there, cancel ends there without
  a final evaluation: closing); at most ``SNAPSHOT_HZ`` snapshots a second, and
  only when the panel has drawn the last one.  :meth:`TrainingJob.stop` ends the
  run after the current mini-batch *with* the final evaluation on the whole
  test set (the Stop button); the final snapshot is the worker's result.
* :func:`download_dataset` -- ``Worker(download_dataset, kind, control=True)``:
  the full set, with ``(fraction, text)`` progress about ten times a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator
from dataclasses import dataclass, field

import numpy as np

from engine.mnist.data import Dataset, find_dataset, load_sample
from engine.mnist.trainer import Evaluation, TrainConfig, Trainer
from gui.services.workers import Cancelled, Control

__all__ = ["RunSnapshot", "Snapshot", "TrainingJob", "download_dataset"]

#: Test digits shown in the grid (rows × columns).
DIGIT_ROWS, DIGIT_COLS = 4, 8
#: First-layer units shown as images (a square grid).
WEIGHT_UNITS = 16
#: Snapshots per second sent by the training worker (upper bound).
SNAPSHOT_HZ = 12.0

SOURCE_AUTO, SOURCE_SAMPLE, SOURCE_FOLDER = "auto", "sample", "folder"
#: Seconds the MNIST panel waits for a worker (training or download) by default.
SHUTDOWN_WAIT_S = 2.0


@dataclass
class RunSnapshot:
    """What the UI needs of one run; arrays are copies (safe across threads)."""

    label: str
    status: str
    diverged_at: int | None
    loss_start: int
    losses: np.ndarray                 # new per-step losses from ``loss_start``
    evaluations: list[Evaluation]
    confusion: np.ndarray | None
    predictions: np.ndarray | None     # first DIGIT_ROWS*DIGIT_COLS evaluation images
    weights: np.ndarray | None         # (WEIGHT_UNITS, 28, 28) first-layer weights


@dataclass
class Snapshot:
    generation: int
    step: int
    total: int
    epoch: float
    active_seconds: float               # wall time spent training (pauses excluded)
    runs: list[RunSnapshot] = field(default_factory=list)
    final: bool = False
    stopped: bool = False


class TrainingJob:
    """One training run for a worker: ``Worker(job.run)``; see the module docstring."""

    def __init__(self, generation: int, config: TrainConfig, dataset: Dataset | None,
                 request: tuple[str, str, str | None]) -> None:
        self.generation = generation
        self.config = config
        self.dataset = dataset
        self.request = request  # (kind, source, folder) when dataset is None
        self._stop = threading.Event()
        self._last_sent: dict[int, int] = {}

    def stop(self) -> None:
        """End after the current mini-batch, with the final evaluation (thread-safe)."""
        self._stop.set()

    def run(self) -> Generator[Dataset | Snapshot | None, bool, Snapshot | None]:
        try:
            return (yield from self._run())
        except MemoryError:  # the check before the start is an estimate: one line anyway
            from engine.mnist.memory import out_of_memory_message

            raise MemoryError(out_of_memory_message()) from None

    def _run(self) -> Generator[Dataset | Snapshot | None, bool, Snapshot | None]:
        dataset = self.dataset
        if dataset is None:
            kind, source, folder = self.request
            dataset = load_sample() if source == SOURCE_SAMPLE else find_dataset(
                kind, folder if source == SOURCE_FOLDER else None)
            yield dataset
        if self._stop.is_set():
            return None
        trainer = Trainer(dataset, self.config)
        active = 0.0
        last_emit = 0.0
        idle = True
        while not trainer.done and not self._stop.is_set():
            t0 = time.perf_counter()
            events = trainer.step()
            active += time.perf_counter() - t0
            now = time.monotonic()
            if idle and (events or now - last_emit >= 1 / SNAPSHOT_HZ):
                last_emit = now
                idle = yield self._snapshot(trainer, active)
            else:
                idle = yield  # a checkpoint: pause waits here, cancel ends here
        stopped = not trainer.done
        trainer.finish()
        snap = self._snapshot(trainer, active)
        snap.final, snap.stopped = True, stopped
        return snap

    def _snapshot(self, trainer: Trainer, active: float) -> Snapshot:
        snap = Snapshot(self.generation, trainer.step_count, trainer.total_steps, trainer.epoch,
                        active)
        n_digits = DIGIT_ROWS * DIGIT_COLS
        for i, run in enumerate(trainer.runs):
            start = self._last_sent.get(i, 0)
            end = trainer.step_count
            self._last_sent[i] = end
            w = run.net.weights[0]
            units = min(WEIGHT_UNITS, w.shape[1])
            snap.runs.append(RunSnapshot(
                label=run.label, status=run.status, diverged_at=run.diverged_at,
                loss_start=start, losses=run.losses[start:end].copy(),
                evaluations=list(run.evaluations),
                confusion=run.confusion.copy() if run.evaluations else None,
                predictions=(run.predictions[:n_digits].copy()
                             if run.predictions is not None else None),
                weights=np.ascontiguousarray(w[:, :units].T).reshape(units, 28, 28).copy()
                if w.shape[0] == 784 else None,
            ))
        return snap


def download_dataset(control: Control, kind: str) -> Dataset:
    """Download the full ``kind`` set; progress ``(fraction, "file (i/n)")``; cancellable."""
    from engine.mnist.download import DownloadCancelled, download

    last = 0.0

    def progress(p) -> None:  # type: ignore[no-untyped-def]
        nonlocal last
        now = time.monotonic()
        if now - last >= 0.1 or p.fraction >= 1.0:
            last = now
            control.report((float(p.fraction), f"{p.file} ({p.index + 1}/{p.count})"))

    try:
        return download(kind, progress=progress, cancelled=lambda: control.cancelled)
    except DownloadCancelled:
        raise Cancelled from None
