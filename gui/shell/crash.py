"""Crash safety: error dialog, crash logs and an app log.

An unhandled exception anywhere (a Qt slot, a timer, a worker thread) reaches
``sys.excepthook`` or ``threading.excepthook``; :class:`CrashHandler` replaces
both.  It writes the report to ``<data>/logs/crash-YYYYmmdd-HHMMSS.log`` and
to the rotating app log ``<data>/logs/optimizer-race.log``, then shows a
:class:`CrashDialog` with the details and a "Copy report" button.  The app
keeps running: the dialog is shown without a nested event loop, one at a
time; identical errors while it is open (or shortly after) are counted, not
shown again.

Autosave for recovery is :mod:`gui.shell.autosave`.

API::

    handler = install_crash_handler()          # in gui.shell.app.run(); also sets up logging
    handler.crashed.connect(...)               # (report text) before the dialog shows
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
    QThread,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from engine.platform.files import write_atomic
from gui.services.settings import app_data_dir

log = logging.getLogger(__name__)

APP_LOG_NAME = "optimizer-race.log"
#: An error identical to one whose dialog was closed less than this ago is only logged.
QUIET_SECONDS = 60.0
#: At most this many crash files and dialogs per run; later errors only go to the app log.
MAX_REPORTS_PER_RUN = 20
#: Crash files kept in the log folder (the oldest are deleted).
KEEP_CRASH_FILES = 50


def log_dir() -> Path:
    return app_data_dir() / "logs"


# -- logging --------------------------------------------------------------------------
def setup_logging(folder: Path | None = None, *, level: int = logging.INFO,
                  max_bytes: int = 512_000, backups: int = 3) -> logging.Handler | None:
    """A rotating app log in ``folder`` (default ``<data>/logs``) on the root logger."""
    folder = folder if folder is not None else log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / APP_LOG_NAME, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    except OSError as exc:
        print(f"optimizer-race: no log file in {folder}: {exc}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"))
    handler.setLevel(level)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return handler


# -- reports --------------------------------------------------------------------------
def _versions() -> str:
    parts = [f"Python {platform.python_version()}"]
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        parts.append(f"Qt {qVersion()} (PySide6 {PySide6.__version__})")
    except Exception:  # a report must be written whatever is broken
        pass
    for name in ("pyqtgraph", "numpy"):
        module = sys.modules.get(name)
        if module is not None:
            parts.append(f"{name} {getattr(module, '__version__', '?')}")
    return ", ".join(parts)


def _app_version() -> str:
    try:
        from importlib.metadata import version

        return version("optimizer-race")
    except Exception:  # not installed: a checkout
        return "(source checkout)"


@dataclass
class CrashReport:
    """One unhandled exception, formatted."""

    exc_type: type[BaseException]
    exc: BaseException | None
    tb: TracebackType | None
    thread: str
    when: datetime

    @property
    def summary(self) -> str:
        message = str(self.exc) if self.exc is not None else ""
        name = self.exc_type.__name__
        return f"{name}: {message}" if message else name

    @property
    def signature(self) -> tuple[str, str, str]:
        """What makes two errors "the same": type, message and where it was raised."""
        where = ""
        if self.tb is not None:
            frames = traceback.extract_tb(self.tb)
            if frames:
                last = frames[-1]
                where = f"{last.filename}:{last.lineno}"
        return (self.exc_type.__qualname__, self.summary[:300], where)

    def traceback_text(self) -> str:
        return "".join(traceback.format_exception(self.exc_type, self.exc, self.tb))

    def text(self, count: int = 1) -> str:
        lines = [
            f"Optimizer Race {_app_version()}: error report",
            f"Time:     {self.when:%Y-%m-%d %H:%M:%S}",
            f"Thread:   {self.thread}",
            f"System:   {platform.platform()}",
            f"Versions: {_versions()}",
        ]
        if count > 1:
            lines.append(f"Repeated: {count} times")
        return "\n".join(lines) + "\n\n" + self.traceback_text()


def write_crash_file(report: CrashReport, folder: Path, count: int = 1) -> Path:
    """``folder/crash-YYYYmmdd-HHMMSS[-n].log``; old crash files beyond the limit go."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"crash-{report.when:%Y%m%d-%H%M%S}"
    path = folder / f"{stem}.log"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.log"
        n += 1
    write_atomic(path, report.text(count))
    old = sorted(folder.glob("crash-*.log"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-KEEP_CRASH_FILES]:
        stale.unlink(missing_ok=True)
    return path


# -- the dialog -------------------------------------------------------------------------
class CrashDialog(QDialog):
    """The details of an error, "Copy report", and the reassurance that work is kept."""

    def __init__(self, report: CrashReport, text: str, path: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self._count = 1
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("Optimizer Race: unexpected error"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(720, 480)

        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.headline = QLabel(self.tr("Something went wrong, but the app is still running."))
        bold = QFont(self.headline.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.headline.setFont(bold)
        self.summary_label = QLabel(report.summary)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where = ""
        if path is not None:
            url = QUrl.fromLocalFile(str(path)).toString()
            where = self.tr("The report was saved as {file} in the log folder.").format(
                file=f"<a href='{url}'>{_html_escape(path.name)}</a>")
        self.info_label = QLabel(" ".join(filter(None, [
            self.tr("Your race is autosaved, so you can carry on or save it now."), where,
            self.tr("If it happens again, please send the report to your teacher or to "
                    "the developers.")])))
        self.info_label.setWordWrap(True)
        self.info_label.setTextFormat(Qt.TextFormat.RichText)
        self.info_label.setOpenExternalLinks(True)
        if path is not None:
            self.info_label.setToolTip(str(path))
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.count_label.hide()

        self.details = QPlainTextEdit(text)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFont(self.details.font())
        mono.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.details.setFont(mono)
        self.details.setObjectName("crashDetails")

        self.buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("&Copy report"))
        self.copy_button.setToolTip(self.tr("Copy the full report to the clipboard"))
        self.copy_button.clicked.connect(self.copy_report)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = QPushButton(self.tr("Open &log folder"))
        self.folder_button.setEnabled(path is not None)
        self.folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
            if path is not None else None)
        self.buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Continue"))
        self.close_button.setIcon(QIcon())
        self.close_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)

        head = QVBoxLayout()
        head.setSpacing(6)
        head.addWidget(self.headline)
        head.addWidget(self.summary_label)
        head.addWidget(self.info_label)
        head.addWidget(self.count_label)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(icon)
        top.addLayout(head, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.close_button.setFocus()

    def report_text(self) -> str:
        return self.details.toPlainText()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())
        self.copy_button.setText(self.tr("Copied"))
        QTimer.singleShot(1500, self._restore_copy_label)

    def _restore_copy_label(self) -> None:
        self.copy_button.setText(self.tr("&Copy report"))

    def set_counts(self, same: int, others: int) -> None:
        """Show how often this error repeated and how many others came meanwhile."""
        parts = []
        if same > 1:
            parts.append(self.tr("This error happened {n} times.").format(n=same))
            if same != self._count:
                self._count = same
                self.details.setPlainText(self.report.text(same))
        if others:
            parts.append(self.tr("{n} other error(s) were written to the log.").format(n=others))
        self.count_label.setText(" ".join(parts))
        self.count_label.setVisible(bool(parts))


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- the handler -------------------------------------------------------------------------
class CrashHandler(QObject):
    """Replaces ``sys.excepthook`` and ``threading.excepthook`` while installed."""

    #: The report text, emitted (GUI thread) before the dialog shows: autosave now.
    crashed = Signal(str)
    #: The dialog that was just shown (tests, screenshots).
    dialogShown = Signal(QDialog)
    _deliver = Signal(object)

    _current: CrashHandler | None = None

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder if folder is not None else log_dir()
        self.dialog: CrashDialog | None = None
        self.last_path: Path | None = None
        self.counts: dict[tuple[str, str, str], int] = {}
        self._closed_at: dict[tuple[str, str, str], float] = {}
        self._others = 0
        self._reports = 0
        self._busy = False
        self._previous: tuple[Any, Any] | None = None
        self._deliver.connect(self._handle, Qt.ConnectionType.QueuedConnection)

    @classmethod
    def current(cls) -> CrashHandler | None:
        """The installed handler, if any."""
        return cls._current

    # -- hooks ----------------------------------------------------------------------
    def install(self) -> CrashHandler:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
            sys.excepthook = self.excepthook
            threading.excepthook = self._thread_excepthook
            CrashHandler._current = self
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None
        if CrashHandler._current is self:
            CrashHandler._current = None

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "thread"
        self._receive(args.exc_type, args.exc_value, args.exc_traceback, name)

    def excepthook(self, exc_type: type[BaseException], exc: BaseException | None,
                   tb: TracebackType | None) -> None:
        """``sys.excepthook``: report, and keep running (Ctrl+C quits)."""
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(exc_type, exc, tb)  # type: ignore[arg-type]
            app = QCoreApplication.instance()
            if app is not None:
                app.quit()
            return
        self._receive(exc_type, exc, tb, threading.current_thread().name)

    def _receive(self, exc_type: type[BaseException], exc: BaseException | None,
                 tb: TracebackType | None, thread: str) -> None:
        try:
            report = CrashReport(exc_type, exc, tb, thread, datetime.now())
            app = QCoreApplication.instance()
            if app is None:
                raise RuntimeError("no application")
            if QThread.currentThread() is app.thread():
                self._handle(report)
            else:
                self._deliver.emit(report)  # queued to the GUI thread
        except BaseException:  # never raise from a hook: fall back to printing
            sys.__excepthook__(exc_type, exc, tb)  # type: ignore[arg-type]

    # -- handling (GUI thread) ---------------------------------------------------------
    def _handle(self, report: CrashReport) -> None:
        if self._busy:  # an error while reporting an error: print, do not recurse
            sys.__excepthook__(report.exc_type, report.exc, report.tb)  # type: ignore[arg-type]
            return
        self._busy = True
        try:
            self._handle_report(report)
        except BaseException:
            sys.__excepthook__(report.exc_type, report.exc, report.tb)  # type: ignore[arg-type]
            traceback.print_exc()
        finally:
            self._busy = False

    def _handle_report(self, report: CrashReport) -> None:
        key = report.signature
        count = self.counts[key] = self.counts.get(key, 0) + 1
        if count == 1:
            log.error("unhandled exception in %s: %s\n%s", report.thread, report.summary,
                      report.traceback_text().rstrip())
        elif count <= 10 or count % 100 == 0:
            log.error("unhandled exception again (%d times): %s", count, report.summary)

        dialog = self._live_dialog()
        if dialog is not None:
            if dialog.report.signature == key:
                dialog.set_counts(count, self._others)
            else:
                self._others += 1
                if count == 1:
                    self._write(report)
                dialog.set_counts(self.counts.get(dialog.report.signature, 1), self._others)
            return
        closed = self._closed_at.get(key)
        if closed is not None and time.monotonic() - closed < QUIET_SECONDS:
            return
        if self._reports >= MAX_REPORTS_PER_RUN:
            return
        self._reports += 1
        path = self._write(report, count)
        text = report.text(count)
        self.crashed.emit(text)
        self._show(report, text, path)

    def _write(self, report: CrashReport, count: int = 1) -> Path | None:
        try:
            self.last_path = write_crash_file(report, self.folder, count)
        except OSError as exc:
            log.warning("could not write a crash file in %s: %s", self.folder, exc)
            return None
        log.info("crash report written to %s", self.last_path)
        return self.last_path

    def _live_dialog(self) -> CrashDialog | None:
        if self.dialog is None:
            return None
        try:
            return self.dialog if self.dialog.isVisible() else None
        except RuntimeError:  # deleted on close
            self.dialog = None
            return None

    def _show(self, report: CrashReport, text: str, path: Path | None) -> None:
        if not isinstance(QCoreApplication.instance(), QApplication):
            return
        parent = QApplication.activeWindow()
        if isinstance(parent, CrashDialog):
            parent = None
        self._others = 0
        dialog = CrashDialog(report, text, path, parent)
        dialog.set_counts(self.counts.get(report.signature, 1), 0)
        key = report.signature
        dialog.finished.connect(lambda _r, k=key: self._closed_at.__setitem__(k,
                                                                              time.monotonic()))
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        self.dialogShown.emit(dialog)


def install_crash_handler(folder: Path | None = None, *,
                          app_log: bool = True) -> CrashHandler:
    """Logging to ``<data>/logs`` and the hooks; returns the installed handler."""
    folder = folder if folder is not None else log_dir()
    if app_log:
        setup_logging(folder)
    handler = CrashHandler(folder, parent=QCoreApplication.instance())
    return handler.install()
