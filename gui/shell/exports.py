"""The main window's file dialogs and exports: the map as PNG/SVG, the race as CSV,
animated GIF or MP4 (a mixin of :class:`gui.shell.main_window.MainWindow`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from engine.platform.files import write_atomic
from gui.race.export import (
    DEFAULT_SIZE,
    export_gif,
    export_mp4,
    export_size,
    write_error_text,
)

log = logging.getLogger("gui.shell.main_window")  # the window's log, as before


class ExportActions:
    """File ▸ Export: where to write (remembered per kind) and how to report failures."""

    def _dir(self, name: str = "") -> str:
        base = QSettings().value("last_dir", str(Path.home()))
        return str(Path(str(base)) / name) if name else str(base)

    def _ask_path(self, title: str, default: str, filt: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, title, self._dir(default), filt)
        if not name:
            return None
        path = Path(name)
        QSettings().setValue("last_dir", str(path.parent))
        return path

    def export_view(self, kind: str, path: Path | None = None,
                    size: tuple[int, int] | None = None) -> bool:
        """The contour map drawn for print (File ▸ Export ▸ Picture size, or ``size``)."""
        path = path or self._ask_path(self.tr("Export {0}").format(kind.upper()),
                                      f"race.{kind}", f"{kind.upper()} (*.{kind})")
        if path is None:
            return False
        from gui.race.figure import RaceFigure, png_bytes

        chosen, dpi = export_size(QSettings().value("export_size", DEFAULT_SIZE))
        try:  # rendered in memory, then written atomically: a failure cannot go unseen
            with RaceFigure(self.session, size or chosen) as figure:
                data = (png_bytes(figure.image(), None if size else dpi) if kind == "png"
                        else figure.svg_bytes())
            write_atomic(path, data)
        except Exception as exc:  # renderers raise various types; writing raises OSError
            return self._export_failed(path, exc)
        self.statusBar().showMessage(self.tr("Exported {0}").format(path.name), 5000)
        return True

    def export_csv(self, path: Path | None = None) -> bool:
        path = path or self._ask_path(self.tr("Export {0}").format("CSV"), "race.csv",
                                      "CSV (*.csv)")
        if path is None:
            return False
        from engine.race_io import is_exact, race_csv  # not needed before the first export

        if not is_exact(self.session.race):  # history thinned for display: replay it
            from gui.race.export import CsvExport

            def done(error: BaseException | None, path: Path = path) -> None:
                if error is not None:
                    self._export_failed(path, error)
                else:
                    self.statusBar().showMessage(
                        self.tr("Exported {0}").format(path.name), 5000)

            self.csv_export = CsvExport(self.session, path, self, done)
            return True  # written by a worker; the status bar says when
        try:
            write_atomic(path, race_csv(self.session.race))
        except OSError as exc:
            return self._export_failed(path, exc)
        self.statusBar().showMessage(self.tr("Exported {0}").format(path.name), 5000)
        return True

    def export_gif(self, path: Path | None = None, size: tuple[int, int] | None = None) -> bool:
        return self._export_movie("gif", path, size)

    def export_mp4(self, path: Path | None = None, size: tuple[int, int] | None = None) -> bool:
        return self._export_movie("mp4", path, size)

    def _export_movie(self, kind: str, path: Path | None, size: tuple[int, int] | None) -> bool:
        if kind == "mp4":
            from gui.race.export import mp4_available

            if not mp4_available():
                QMessageBox.information(self, self.tr("MP4 export"), self.tr(
                    "MP4 export needs the optional imageio-ffmpeg package: "
                    "pip install \"optimizer-race[video]\". The animated GIF needs nothing."))
                return False
        filters = {"gif": self.tr("Animated GIF (*.gif)"), "mp4": self.tr("MP4 video (*.mp4)")}
        path = path or self._ask_path(self.tr("Export {0}").format(kind.upper()),
                                      f"race.{kind}", filters[kind])
        if path is None:
            return False
        self.playback.pause()
        dialog = QProgressDialog(self.tr("Rendering frames…"), self.tr("Cancel"), 0, 100, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)

        def progress(done: int, total: int) -> bool:
            dialog.setMaximum(total)
            dialog.setValue(done)
            return not dialog.wasCanceled()

        if size is None:
            chosen, _ = export_size(QSettings().value("export_size", DEFAULT_SIZE))
            # A GIF is for slides and web pages: at most 1280 wide keeps it a few MB.
            scale = min(1.0, 1280 / chosen[0]) if kind == "gif" else 1.0
            size = (round(chosen[0] * scale), round(chosen[1] * scale))
        writer = export_gif if kind == "gif" else export_mp4
        try:
            frames = writer(self.session, path, size, progress=progress)
        except Exception as exc:  # Pillow and ffmpeg raise various types; writing OSError
            return self._export_failed(path, exc)
        finally:
            dialog.close()
        if frames:
            self.statusBar().showMessage(
                self.tr("Exported {0} ({1} frames)").format(path.name, frames), 5000)
        return bool(frames)

    def _export_failed(self, path: Path, exc: BaseException) -> bool:
        """Tell the user which file was not written and why; the old file is intact."""
        if not isinstance(exc, OSError):  # a bug rather than the disk: keep the traceback
            log.warning("export to %s failed", path, exc_info=exc)
        self.statusBar().clearMessage()
        QMessageBox.warning(self, self.tr("Export failed"), write_error_text(path, exc))
        return False

    # -- view options ------------------------------------------------------------------
