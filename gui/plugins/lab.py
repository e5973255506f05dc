"""Students' own optimizers in the window: add from file, reload on save, compute ahead, trust.

:class:`Lab` is created by the main window, which hooks it into its menus
(Racers ▸ Add ▸ From file…, Racers ▸ Check my optimizer…, Help ▸ Lab exercises)
and asks it before opening a session that races a student's file.

* A file is started in its own process (:mod:`engine.plugins`) in a
  :class:`~gui.services.workers.Worker` (a fresh interpreter takes about a
  second), then registered as an optimizer and added as a racer.
* A :class:`QFileSystemWatcher` reloads the file when it is saved; an error is
  one line with file and line, and the previous version keeps racing.
* Every race that holds a student's racer has it computed ahead of playback in
  a worker (:func:`engine.plugins.ahead.compute_ahead`), so playing never waits
  for the child; an error found there is shown when the race reaches it.
* Trust: a session that references a student's file by path asks before that
  code runs, showing the path; the answer is remembered per file hash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QVBoxLayout, QWidget

from engine.optimizers import REGISTRY, get_spec
from engine.plugins import PluginError, file_hash, plugin_of, register_plugin, start_plugin
from engine.plugins.ahead import compute_ahead, plugin_racers
from engine.plugins.references import session_plugins
from engine.race import Race, RacerConfig
from gui.services.session_bridge import SessionBridge
from gui.services.workers import Worker

__all__ = ["AHEAD_STEPS", "Lab", "TRUST_KEY"]

#: Steps computed ahead of playback for each student's racer.
AHEAD_STEPS = 20_000
#: Settings group of the remembered trust answers (``TRUST_KEY/<sha256>`` = true/false).
TRUST_KEY = "plugins/trusted"
#: Quiet time after a save before reloading (editors write in several steps).
RELOAD_DELAY_MS = 300


def _start(path: str) -> Any:
    """Worker body: the started process, or the error's one line."""
    try:
        return start_plugin(path)
    except PluginError as exc:
        return str(exc)


def _ahead(race: Race, index: int, steps: int):  # a generator: each yield is a checkpoint
    for _ in compute_ahead(race, index, steps):
        yield


class Lab(QObject):
    """The window's side of students' files (see the module docstring).

    Public API: ``add_from_file(path=None)``, ``reload(path)``, ``files`` (path -> NAME),
    ``last_error`` (the latest one-line error), ``watcher``, ``check_dialog()``,
    ``exercises_dialog()``, ``confirm_session(data, proceed)``;
    signals ``errorShown(str)``, ``loaded(str)`` (the NAME).
    """

    errorShown = Signal(str)
    loaded = Signal(str)

    def __init__(self, bridge: SessionBridge, window: QWidget,
                 show_status: Callable[[str], None] | None = None) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.window = window
        self.show_status = show_status or (lambda text: None)
        self.files: dict[Path, str] = {}
        self.last_error = ""
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self._timers: dict[Path, QTimer] = {}
        self._loading: dict[Path, Worker] = {}
        self._ahead: list[Worker] = []
        self._race: Race | None = None
        self._reported: set[tuple[int, int]] = set()
        bridge.cursorChanged.connect(self._race_changed)
        bridge.racersChanged.connect(self._race_changed)
        bridge.surfaceChanged.connect(self._race_changed)

    @property
    def session(self) -> Any:
        return self.bridge.session

    # -- loading ---------------------------------------------------------------------
    def add_from_file(self, path: Path | None = None) -> None:
        """Racers ▸ Add ▸ From file…: load ``path`` (asked if None) and add it as a racer."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self.window, self.tr("Add a racer from your optimizer file"),
                str(QSettings().value("plugins/last_dir", str(Path.home()))),
                self.tr("Python (*.py)"))
            if not name:
                return
            path = Path(name)
            QSettings().setValue("plugins/last_dir", str(path.parent))
        self._load(Path(path).resolve(), add=True)

    def reload(self, path: Path) -> None:
        """Load ``path`` again (after a save); on error the previous version keeps racing."""
        self._load(Path(path).resolve(), add=False)

    def _load(self, path: Path, *, add: bool,
              then: Callable[[bool], None] | None = None) -> None:
        old = self._loading.pop(path, None)
        if old is not None:
            old.cancel()
        self.show_status(self.tr("Loading {0}…").format(path.name))
        worker = Worker(_start, str(path), name="plugin-load")
        worker.returned.connect(lambda result: self._loaded(path, result, add, then))
        worker.errored.connect(lambda text: self._failed(text, then))
        self._loading[path] = worker
        worker.start()

    def _loaded(self, path: Path, result: Any, add: bool,
                then: Callable[[bool], None] | None) -> None:
        self._loading.pop(path, None)
        if isinstance(result, str):
            self._failed(result, then)
            return
        result.auto_restart = False  # a stopped child comes back when the file is saved
        try:
            spec = register_plugin(result)
        except PluginError as exc:
            self._failed(str(exc), then)
            return
        self.files[path] = spec.name
        if str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))
        self.last_error = ""
        if add:
            index = self.session.add_racer(RacerConfig(spec.name))
            self.session.select(index)
        else:
            self._rebuild_racers(spec.name)
        self.show_status(self.tr("Loaded {0} from {1}").format(spec.name, path.name))
        self.loaded.emit(spec.name)
        if then is not None:
            then(True)

    def _failed(self, text: str, then: Callable[[bool], None] | None = None) -> None:
        self.show_error(text)
        if then is not None:
            then(False)

    def show_error(self, text: str) -> None:
        self.last_error = text
        self.show_status(text)
        self.errorShown.emit(text)

    def _rebuild_racers(self, name: str) -> None:
        """Racers of ``name`` run the new version (values its new HPARAMS no longer has go)."""
        config = self.session.config
        if not any(r.optimizer == name for r in config.racers):
            return
        known = {p.name for p in get_spec(name).hparams}
        racers = []
        for r in config.racers:
            if r.optimizer == name:
                values = {k: v for k, v in r.values.items() if k in known}
                try:
                    r = replace(r, values=values)
                except ValueError:
                    r = replace(r, values={})
            racers.append(r)
        colors = [d.color for d in self.session.display]
        self.session.set_racers(racers, colors)

    def _file_changed(self, name: str) -> None:
        path = Path(name)
        if path.exists() and name not in self.watcher.files():
            self.watcher.addPath(name)  # editors that replace the file drop the watch
        timer = self._timers.get(path)
        if timer is None:
            timer = self._timers[path] = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(RELOAD_DELAY_MS)
            timer.timeout.connect(lambda p=path: self.reload(p) if p.exists() else None)
        timer.start()

    # -- ahead of playback ---------------------------------------------------------------
    def _race_changed(self, *_: object) -> None:
        race = self.session.race
        if race is not self._race:
            self._race = race
            for worker in self._ahead:
                worker.cancel()
            self._ahead = []
            steps = min(AHEAD_STEPS, self.session.step_limit)
            for index in plugin_racers(race):
                worker = Worker(_ahead, race, index, steps, name="plugin-ahead")
                self._ahead.append(worker.start())
        for racer in race.racers:  # a student's racer that failed: one line, once
            error = getattr(racer.optimizer, "error", None)
            key = (id(race), racer.index)
            if error and key not in self._reported:
                self._reported.add(key)
                self.show_error(self.tr("{0} stopped at step {1}: {2}").format(
                    racer.name, racer.steps, error))

    def shutdown(self) -> None:
        for worker in [*self._ahead, *self._loading.values()]:
            worker.cancel()

    # -- dialogs ---------------------------------------------------------------------------
    def check_dialog(self) -> QDialog:
        """Racers ▸ Check my optimizer…: a file, a built-in, the Check button and the plot."""
        from gui.plugins.check_panel import CheckPanel

        dialog = QDialog(self.window)
        dialog.setWindowTitle(self.tr("Check my optimizer"))
        dialog.resize(720, 520)
        panel = CheckPanel(dialog)
        if self.files:
            panel.set_file(next(reversed(self.files)))
        QVBoxLayout(dialog).addWidget(panel)
        dialog.panel = panel  # type: ignore[attr-defined]
        dialog.finished.connect(lambda _: panel.cancel())
        return dialog

    def exercises_dialog(self) -> QDialog:
        """Help ▸ Lab exercises."""
        from gui.plugins.exercises_dialog import ExercisesDialog

        dialog = ExercisesDialog(self.window)
        dialog.addToRace.connect(lambda path: self._load(Path(path).resolve(), add=True))
        return dialog

    # -- trust -------------------------------------------------------------------------------
    def confirm_session(self, data: Any, proceed: Callable[[], None]) -> str:
        """Before a session is opened: ask about every student's file it references.

        ``"now"``: the session can be opened now (no student's file, or all
        already loaded from the same path).  ``"later"``: the files the user
        allowed are being loaded in a worker and ``proceed()`` is called once
        they all are.  ``"refused"``: a file was refused or is missing (a
        message says so; the race shown stays).
        """
        try:
            refs = session_plugins(data)
        except ValueError as exc:
            self.show_error(str(exc))
            QMessageBox.warning(self.window, self.tr("Cannot open session"), str(exc))
            return "refused"
        missing = []
        for ref in refs:
            spec = REGISTRY.get(ref.name)
            if spec is not None and getattr(spec.cls, "info", None) is not None \
                    and plugin_of(spec).path == ref.path.resolve():
                continue
            missing.append(ref)
        if not missing:
            return "now"
        for ref in missing:
            if not self._trusted(ref.path):
                return "refused"
        pending = {ref.path.resolve() for ref in missing}
        failed: list[bool] = []

        def one_done(path: Path, ok: bool) -> None:
            pending.discard(path)
            if not ok:
                failed.append(True)
            if not pending and not failed:
                proceed()

        for ref in missing:
            path = ref.path.resolve()
            self._load(path, add=False, then=lambda ok, p=path: one_done(p, ok))
        return "later"

    def _trusted(self, path: Path) -> bool:
        """Ask (or remember) whether code from ``path`` may run; False also if it is gone."""
        if not path.is_file():
            QMessageBox.warning(self.window, self.tr("Cannot open session"), self.tr(
                "The session races your optimizer file {0}, which does not exist.").format(path))
            return False
        digest = file_hash(path)
        settings = QSettings()
        key = f"{TRUST_KEY}/{digest}"
        remembered = settings.value(key)
        if remembered is not None:
            allowed = str(remembered).lower() == "true"
        else:
            answer = QMessageBox.question(
                self.window, self.tr("Run code from this file?"),
                self.tr("This session races an optimizer written in Python:\n\n{0}\n\nRun "
                        "code from this file? Only say yes if you trust it (it runs in a "
                        "separate process, but it can read and write your files).").format(path),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            allowed = answer == QMessageBox.StandardButton.Yes
            settings.setValue(key, "true" if allowed else "false")
        if not allowed:
            self.show_error(self.tr("Not opened: you did not allow code from {0}.").format(path))
        return allowed
