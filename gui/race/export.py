"""Exports: an animated GIF of a race, the exact CSV of a long race (replayed in a worker),
and the message shown when a file cannot be written.

Every file the GUI writes goes through ``engine.platform.files`` (atomic: the old file
stays until the new one is complete, and no temporary is left behind); images
are rendered in memory first, so a failure to write is always seen and reported.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QDir, QObject, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from engine.platform.files import open_atomic
from engine.race_io import stream_csv
from engine.session import Session
from gui.services.workers import Worker

translate = QCoreApplication.translate

MAX_FRAMES = 150


def frame_steps(last: int, max_frames: int = MAX_FRAMES) -> list[int]:
    """Steps to render for a race of ``last`` steps: every step, or evenly spaced."""
    if last + 1 <= max_frames:
        return list(range(last + 1))
    return sorted(set(np.linspace(0, last, max_frames).round().astype(int).tolist()))


def qimage_to_array(image: QImage) -> np.ndarray:
    """RGB uint8 array (h, w, 3) of a QImage."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    buf = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * h)
    return buf.reshape(h, stride)[:, : 3 * w].reshape(h, w, 3).copy()


def export_gif(
    session: Session,
    widget: QWidget,
    path: str | Path,
    *,
    fps: int = 15,
    progress: Callable[[int, int], bool] | None = None,
) -> int:
    """Write an animated GIF of steps 0..cursor of ``session`` as drawn by ``widget``.

    ``progress(done, total)`` is called after each frame; returning False cancels
    (nothing is written).  The cursor is restored afterwards.  Returns the number
    of frames written.
    """
    from PIL import Image

    path = Path(path)
    end = session.cursor
    steps = frame_steps(end)
    frames = []
    try:
        for i, step in enumerate(steps):
            session.seek(step)
            QApplication.processEvents()
            frames.append(Image.fromarray(qimage_to_array(widget.grab().toImage())))
            if progress is not None and not progress(i + 1, len(steps)):
                return 0
    finally:
        session.seek(end)
    durations = [int(1000 / fps)] * len(frames)
    durations[-1] = 2000  # hold the final frame
    with open_atomic(path, "wb") as f:
        frames[0].save(f, format="GIF", save_all=True, append_images=frames[1:],
                       duration=durations, loop=0, optimize=False)
    return len(frames)


# -- the exact CSV of a long race ---------------------------------------------------------
def _write_csv(config, surface, steps: int, path: Path):
    """Worker: replay the race into ``path`` (atomically); returns None or the OSError."""
    try:
        with open_atomic(path, "w") as f:
            yield from stream_csv(config, surface, steps, f)
    except OSError as exc:
        return exc
    return None


class CsvExport(QObject):
    """Writes the exact CSV of a race whose history was thinned for display.

    The session keeps a long race's history decimated (``engine.session_file.MAX_POINTS``),
    so its exact rows are made again: the race is replayed from its configuration
    (races are deterministic) in a :class:`~gui.services.workers.Worker`, rows
    streamed to the file as they come, with a cancellable progress dialog.
    ``done(error)`` is called with None when the file is written, the ``OSError``
    when writing failed; nothing is called when cancelled (the old file is kept).
    """

    finished = Signal()

    def __init__(self, session: Session, path: Path, parent: QWidget,
                 done: Callable[[BaseException | None], None]) -> None:
        super().__init__(parent)
        self.path, self.done = path, done
        race = session.race
        self.worker = Worker(_write_csv, session.config, session.surface, race.step_count,
                             path, name="csv-export")
        self.dialog = QProgressDialog(
            translate("Export", "Writing the exact trajectories of {0} steps…").format(
                race.step_count), translate("Export", "Cancel"), 0, 1000, parent)
        self.dialog.setWindowTitle(translate("Export", "Export CSV"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.worker.cancel)
        self.dialog.setValue(0)
        self.worker.yielded.connect(self._on_progress)
        self.worker.returned.connect(self._on_returned)
        self.worker.errored.connect(lambda message: self._on_returned(RuntimeError(message)))
        self.worker.finished.connect(self._on_finished)
        self.worker.start()

    @property
    def busy(self) -> bool:
        return self.worker.outcome is None

    def cancel(self) -> None:
        self.worker.cancel()

    def _on_progress(self, progress: tuple[int, int]) -> None:
        done, total = progress
        self.dialog.setValue(int(1000 * done / max(total, 1)))

    def _on_returned(self, error: BaseException | None) -> None:
        self.dialog.close()
        self.done(error)

    def _on_finished(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()
        self.finished.emit()


# -- messages ---------------------------------------------------------------------------
def write_error_text(path: str | os.PathLike[str], exc: BaseException) -> str:
    """One translated line saying that ``path`` was not written, and why.

    ``exc`` is what the writer raised: an ``OSError`` (usually
    ``engine.platform.files.WriteError``) is explained by its error code; anything else
    failed while the content was being made, before any file was touched.
    """
    name = QDir.toNativeSeparators(str(path))
    if isinstance(exc, OSError):
        return translate("Export", "Could not write {0}: {1}. A file already there is "
                                   "unchanged.").format(name, _reason(exc))
    detail = " ".join(str(exc).split()) or type(exc).__name__
    return translate("Export", "Could not create {0}: {1}. Nothing was written.").format(
        name, detail)


def _reason(exc: OSError) -> str:
    """Why a write failed, in the shown language; the system's words when unusual."""
    reasons = {
        errno.ENOSPC: lambda: translate("Export", "the disk is full"),
        errno.EDQUOT: lambda: translate("Export", "your disk quota is used up"),
        errno.EFBIG: lambda: translate("Export", "the file is larger than allowed here"),
        errno.EACCES: lambda: translate("Export", "permission denied"),
        errno.EPERM: lambda: translate("Export", "permission denied"),
        errno.EROFS: lambda: translate("Export", "the disk is read-only"),
        errno.ENOENT: lambda: translate("Export", "the folder does not exist"),
        errno.ENOTDIR: lambda: translate("Export", "the folder does not exist"),
        errno.EISDIR: lambda: translate("Export", "a folder has that name"),
        errno.ENAMETOOLONG: lambda: translate("Export", "the name is too long"),
        errno.EIO: lambda: translate("Export", "the disk reported an error"),
    }
    if exc.errno in reasons:
        return reasons[exc.errno]()
    return exc.strerror or " ".join(str(exc).split()) or type(exc).__name__
