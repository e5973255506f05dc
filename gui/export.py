"""Export a race as an animated GIF: replay the tape and grab a widget per frame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from engine.session import Session

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
    tmp = path.with_name(f".{path.name}.tmp")
    durations = [int(1000 / fps)] * len(frames)
    durations[-1] = 2000  # hold the final frame
    frames[0].save(tmp, format="GIF", save_all=True, append_images=frames[1:],
                   duration=durations, loop=0, optimize=False)
    tmp.replace(path)
    return len(frames)
