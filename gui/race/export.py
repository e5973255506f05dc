"""Exports: an animated GIF or MP4 of a race, the exact CSV of a long race (replayed in a
worker), and the message shown when a file cannot be written.  Frames are drawn by
:class:`~gui.race.figure.RaceFigure` (a fixed size, title, legend, step counter, no
interaction hint).

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
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QProgressDialog, QWidget

from engine.platform.files import open_atomic, write_atomic
from engine.race_io import stream_csv
from engine.session import Session
from gui.race.figure import RaceFigure
from gui.services.workers import Worker

translate = QCoreApplication.translate

MAX_FRAMES = 150

#: Picture sizes offered by File ▸ Export ▸ Size: (key, width, height, dots per inch).
EXPORT_SIZES = (
    ("1280x720", 1280, 720, None),
    ("1920x1080", 1920, 1080, None),
    ("3840x2160", 3840, 2160, None),
    ("a4-300dpi", 3508, 2480, 300),  # A4 landscape at 300 dpi
)
DEFAULT_SIZE = "1920x1080"


def export_size(key: str | None) -> tuple[tuple[int, int], int | None]:
    """``((width, height), dpi)`` of an :data:`EXPORT_SIZES` key (the default if unknown)."""
    table = {k: ((w, h), dpi) for k, w, h, dpi in EXPORT_SIZES}
    return table.get(str(key), table[DEFAULT_SIZE])



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


def render_frames(session: Session, size: tuple[int, int], *,
                  progress: Callable[[int, int], bool] | None = None,
                  max_frames: int = MAX_FRAMES) -> list[np.ndarray] | None:
    """RGB frames (h, w, 3) of steps 0..cursor of ``session`` drawn by a :class:`RaceFigure`.

    ``progress(done, total)`` is called after each frame; returning False cancels
    (None is returned).  The cursor is restored afterwards.
    """
    end = session.cursor
    steps = frame_steps(end, max_frames)
    frames = []
    try:
        with RaceFigure(session, size) as figure:
            for i, step in enumerate(steps):
                session.seek(step)
                frames.append(qimage_to_array(figure.image()))
                if progress is not None and not progress(i + 1, len(steps)):
                    return None
    finally:
        session.seek(end)
    return frames


def racer_colours(session: Session) -> list[tuple[int, int, int]]:
    """The colours of the visible racers, as RGB triples (reserved in the GIF palette)."""
    out = []
    for d in session.display:
        if d.visible:
            c = QColor(d.color)
            rgb = (c.red(), c.green(), c.blue())
            if rgb not in out:
                out.append(rgb)
    return out


def quantise(frames: list[np.ndarray], reserved: list[tuple[int, int, int]]) -> list:
    """Palette images of ``frames`` sharing one palette whose first entries are ``reserved``.

    Every pixel of exactly a reserved colour keeps it (Pillow's nearest-colour
    search alone may give it a neighbour); the other entries are an adaptive
    palette of the last frame, which shows every trail.
    """
    from PIL import Image

    reserved = reserved[:64]
    adaptive = Image.fromarray(frames[-1]).quantize(
        colors=256 - len(reserved), method=Image.Quantize.MEDIANCUT)
    rest = adaptive.getpalette()[: 3 * (256 - len(reserved))]
    palette = [v for rgb in reserved for v in rgb] + rest
    palette += [0] * (768 - len(palette))
    holder = Image.new("P", (1, 1))
    holder.putpalette(palette)
    codes = [(r << 16) | (g << 8) | b for r, g, b in reserved]
    out = []
    for frame in frames:
        image = Image.fromarray(frame).quantize(palette=holder, dither=Image.Dither.NONE)
        if codes:
            index = np.array(image)
            rgb = frame.astype(np.uint32)
            code = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
            for k, c in enumerate(codes):
                index[code == c] = k
            image = Image.fromarray(index, mode="P")
            image.putpalette(palette)
        out.append(image)
    return out


def export_gif(
    session: Session,
    path: str | Path,
    size: tuple[int, int] = (960, 540),
    *,
    fps: int = 15,
    progress: Callable[[int, int], bool] | None = None,
) -> int:
    """Write an animated GIF of steps 0..cursor of ``session``, drawn for print.

    The racers' colours are exact (reserved in the palette).  ``progress(done, total)``
    is called after each frame; returning False cancels (nothing is written).  The
    cursor is restored afterwards.  Returns the number of frames written.
    """
    frames = render_frames(session, size, progress=progress)
    if not frames:
        return 0
    images = quantise(frames, racer_colours(session))
    durations = [int(1000 / fps)] * len(images)
    durations[-1] = 2000  # hold the final frame
    with open_atomic(Path(path), "wb") as f:
        images[0].save(f, format="GIF", save_all=True, append_images=images[1:],
                       duration=durations, loop=0, optimize=False)
    return len(images)


def mp4_available() -> bool:
    """True when the optional ``imageio-ffmpeg`` package (and its ffmpeg) is installed."""
    try:
        import imageio_ffmpeg

        return bool(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        return False


def export_mp4(
    session: Session,
    path: str | Path,
    size: tuple[int, int] = (1280, 720),
    *,
    fps: int = 30,
    progress: Callable[[int, int], bool] | None = None,
) -> int:
    """Write an H.264 MP4 of steps 0..cursor of ``session`` (needs ``imageio-ffmpeg``).

    The video is encoded to a temporary file by the ffmpeg binary that the
    ``imageio-ffmpeg`` wheel ships, then written atomically to ``path``.  Odd sizes
    are rounded down to even (H.264 needs it).  Returns the number of frames.
    """
    import tempfile

    import imageio_ffmpeg  # optional: raises ImportError, shown as one line

    w, h = size[0] // 2 * 2, size[1] // 2 * 2
    frames = render_frames(session, (w, h), progress=progress, max_frames=2 * MAX_FRAMES)
    if not frames:
        return 0
    frames += [frames[-1]] * fps  # hold the final frame for a second
    with tempfile.TemporaryDirectory() as tmp:
        video = Path(tmp) / "race.mp4"
        writer = imageio_ffmpeg.write_frames(str(video), (w, h), fps=fps, macro_block_size=1,
                                             ffmpeg_log_level="error")
        writer.send(None)
        for frame in frames:
            writer.send(np.ascontiguousarray(frame))
        writer.close()
        write_atomic(Path(path), video.read_bytes())
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
