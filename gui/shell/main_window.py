"""The main window: it only assembles panels, menus and file dialogs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTabWidget,
    QWidget,
)

from engine.messages import message_of
from engine.platform.files import write_atomic
from engine.presets import PRESETS
from engine.session import SessionError, parse_session_text, prepare, read_session_text
from gui.plugins.lab import Lab
from gui.race.curves import CurvesView
from gui.race.export import export_gif, write_error_text
from gui.race.inspector import InspectorPanel
from gui.race.leaderboard import LeaderboardView
from gui.race.playback import PlaybackPanel
from gui.race.racers_panel import RacersPanel
from gui.race.replay import SessionLoader
from gui.race.surface_panel import SurfacePanel
from gui.services import workers
from gui.services.i18n import Texts, engine_error, engine_text
from gui.services.session_bridge import SessionBridge
from gui.services.theme import all_widgets
from gui.shell.desktop_app import Desktop
from gui.views.contour import ContourView
from gui.views.surface3d import Surface3DView
from gui.widgets.layout import LazyMenu, LazyWidget

if TYPE_CHECKING:
    from gui.mnist.panel import MnistPanel
    from gui.sweep.panel import SweepPanel

#: Seconds the window waits on close for workers to reach a checkpoint.
CLOSE_WAIT_S = 1.0


def _mnist_panel() -> QWidget:
    from gui.mnist.panel import MnistPanel

    return MnistPanel()


def _landscape_panel() -> QWidget:
    from gui.landscape.panel import LandscapePanel

    return LandscapePanel()

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Race view: contour and 3-D views, curves, panels in docks, playback toolbar."""

    def __init__(self, bridge: SessionBridge | None = None) -> None:
        super().__init__()
        self.texts = Texts()
        self.texts.bind(self.setWindowTitle, lambda: self.tr("Optimizer Race"))
        self.resize(1480, 920)
        self.bridge = bridge if bridge is not None else SessionBridge(parent=self)
        self.session = self.bridge.session
        self.path: Path | None = None
        self._base_font = QApplication.font()

        self.contour = ContourView(self.bridge)
        self.surface3d = Surface3DView(self.bridge)
        self.curves = CurvesView(self.bridge)
        self.surface_panel = SurfacePanel(self.bridge)
        self.racers_panel = RacersPanel(self.bridge)
        self.playback = PlaybackPanel(self.bridge)
        self.leaderboard = LeaderboardView(self.bridge)
        self.inspector = InspectorPanel(self.bridge)

        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.contour, "")
        self.views.addTab(self.surface3d, "")
        self.texts.bind(lambda t: self.views.setTabText(0, t), lambda: self.tr("2-D contour"))
        self.texts.bind(lambda t: self.views.setTabText(1, t), lambda: self.tr("3-D surface"))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.views)
        split.addWidget(self.curves)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([880, 480])

        self.mnist_tab = LazyWidget(_mnist_panel)  # built (and imported) when first shown
        self.sweep_tab = LazyWidget(self._sweep_panel)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "")
        self.tabs.addTab(self.mnist_tab, "MNIST")
        self.landscape_tab = LazyWidget(_landscape_panel)
        self.tabs.addTab(self.landscape_tab, "")
        self.texts.bind(lambda t: self.tabs.setTabText(2, t), lambda: self.tr("Landscape"))
        self.texts.bind(lambda t: self.tabs.setTabToolTip(2, t), lambda: self.tr(
            "The MNIST network's loss on a slice through weight space, with the optimizers' "
            "paths"))
        self.tabs.addTab(self.sweep_tab, "")
        self.texts.bind(lambda t: self.tabs.setTabText(3, t), lambda: self.tr("Sweep"))
        self.texts.bind(lambda t: self.tabs.setTabToolTip(3, t),
                        lambda: self.tr("Every hyper-parameter value or every start at once: "
                                        "heatmaps and basins of attraction"))
        self.texts.bind(lambda t: self.tabs.setTabText(0, t), lambda: self.tr("Race"))
        self.texts.bind(lambda t: self.tabs.setTabToolTip(0, t),
                        lambda: self.tr("Optimizers racing on a 2-D loss surface"))
        self.texts.bind(lambda t: self.tabs.setTabToolTip(1, t),
                        lambda: self.tr("The same optimizers training a neural network on MNIST"))
        self.setCentralWidget(self.tabs)
        self._race_docks_visible: dict[str, bool] = {}

        self.docks: dict[str, QDockWidget] = {}
        self._dock("Surface", lambda: self.tr("Surface"), self.surface_panel,
                   Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("Racers", lambda: self.tr("Racers"), self.racers_panel,
                   Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("Leaderboard", lambda: self.tr("Leaderboard"), self.leaderboard,
                   Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("Inside the optimizer", lambda: self.tr("Inside the optimizer"),
                   self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("Playback", lambda: self.tr("Playback"), self.playback,
                   Qt.DockWidgetArea.BottomDockWidgetArea)

        self.loader = SessionLoader(self.session, self)  # long replays run in a worker
        self.lab = Lab(self.bridge, self, lambda text: self.statusBar().showMessage(text, 15000))
        self.desktop = Desktop(self)  # settings, theme, language, autosave and recovery, help
        self._build_menus()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.statusBar().showMessage(self._hint())
        self.desktop.restore()  # the last race, or the textbook ravine

    @property
    def mnist(self) -> MnistPanel:
        """The MNIST panel, built now if its tab was never shown."""
        return cast("MnistPanel", self.mnist_tab.widget())

    def _sweep_panel(self) -> QWidget:
        from gui.sweep.panel import SweepPanel

        panel = SweepPanel()
        panel.racer_requested.connect(self._race_swept_cell)
        panel.fan_requested.connect(self._race_fan)
        return panel

    def _race_fan(self, surface: str, optimizer: str, racers: list, start: object,
                  colors: list) -> None:
        """A row of a heatmap as racers coloured along a ramp (a learning-rate fan)."""
        from engine.race import RacerConfig

        try:
            configs = [RacerConfig(optimizer, dict(v), start=tuple(start))  # type: ignore[arg-type]
                       for v in racers]
            if self.session.config.surface != surface:
                self.session.set_surface(surface, keep_start=True)
            for config, color in zip(configs, colors, strict=True):
                self.session.add_racer(config, color)
        except ValueError as exc:
            self.statusBar().showMessage(engine_error(exc), 15000)
            return
        self.tabs.setCurrentIndex(0)
        self.statusBar().showMessage(self.tr("Added a fan of {0} racers from the sweep")
                                     .format(len(configs)), 8000)

    @property
    def sweep(self) -> SweepPanel:
        """The Sweep panel, built now if its tab was never shown."""
        return cast("SweepPanel", self.sweep_tab.widget())

    def _race_swept_cell(self, surface: str, optimizer: str, values: dict, start: object) -> None:
        """A clicked heatmap or basin cell joins the race (on the sweep's surface)."""
        from engine.race import RacerConfig

        try:
            racer = RacerConfig(optimizer, dict(values),
                                start=None if start is None else tuple(start))  # type: ignore[arg-type]
            if self.session.config.surface != surface:
                self.session.set_surface(surface, keep_start=True)
            index = self.session.add_racer(racer)
        except ValueError as exc:
            self.statusBar().showMessage(engine_error(exc), 15000)
            return
        self.session.select(index)
        self.tabs.setCurrentIndex(0)
        self.statusBar().showMessage(self.tr("Added {0} from the sweep").format(racer.name), 8000)

    @property
    def mnist_built(self) -> bool:
        return self.mnist_tab.content is not None

    def forget_data_folder(self) -> None:
        """Back to the best available MNIST source (Reset to defaults); an MNIST tab never
        shown has nothing to forget: it reads the (cleared) setting when it is built."""
        if self.mnist_built:
            self.mnist.clear_folder()

    # -- layout ------------------------------------------------------------------
    def _dock(self, key: str, title: Callable[[], str], widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        """A dock known as ``docks[key]`` (English, also its saved-state name)."""
        dock = QDockWidget(self)
        dock.setObjectName(key.replace(" ", "_").lower())
        self.texts.bind(dock.setWindowTitle, title)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def _menu(self, parent, title: Callable[[], str]) -> QMenu:
        menu = parent.addMenu("")
        self.texts.bind(menu.setTitle, title)
        return menu

    def _action(self, menu, text: Callable[[], str], slot, shortcut=None,
                tip: Callable[[], str] | None = None, checkable: bool = False) -> QAction:
        """A menu action whose text (and status tip) follow the language."""
        action = QAction(self)
        self.texts.bind(action.setText, text)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip is not None:
            self.texts.bind(action.setStatusTip, tip)
            self.texts.bind(action.setToolTip, tip)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = self._menu(bar, lambda: self.tr("&File"))
        self._action(file, lambda: self.tr("&Open session…"), self.open_session,
                     QKeySequence.StandardKey.Open,
                     lambda: self.tr("Load a saved race (surface, racers, hyper-parameters, step)"))
        self._action(file, lambda: self.tr("&Save session"), self.save_session,
                     QKeySequence.StandardKey.Save)
        self._action(file, lambda: self.tr("Save session &as…"), self.save_session_as,
                     QKeySequence.StandardKey.SaveAs)
        file.addSeparator()
        export = self._menu(file, lambda: self.tr("&Export"))
        self._action(export, lambda: self.tr("Contour view as &PNG…"),
                     lambda: self.export_view("png"), "Ctrl+E")
        self._action(export, lambda: self.tr("Contour view as &SVG…"),
                     lambda: self.export_view("svg"))
        self._action(export, lambda: self.tr("Trajectories as &CSV…"), self.export_csv)
        self._action(export, lambda: self.tr("Race as animated &GIF…"), self.export_gif)
        file.addSeparator()
        self._action(file, lambda: self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        race = self._menu(bar, lambda: self.tr("&Race"))
        for action in self.playback.actions():
            race.addAction(action)
            self.addAction(action)
        race.addSeparator()
        self._action(race, lambda: self.tr("&Fit view"), self.contour.fit_view, "F",
                     lambda: self.tr("Reset zoom and pan to the surface's domain"))

        racers = self._menu(bar, lambda: self.tr("Ra&cers"))
        self.add_racer_menu = self._menu(racers, lambda: self.tr("&Add"))
        self.add_from_file_action = self._action(
            self.add_racer_menu, lambda: self.tr("From &file…"), lambda: self.lab.add_from_file(),
            tip=lambda: self.tr("Race your own optimizer, written in Python (reloaded when you "
                                "save it)"))
        self.add_racer_menu.aboutToShow.connect(self._fill_add_racer_menu)
        self._action(racers, lambda: self.tr("&Check my optimizer…"),
                     lambda: self._show_lab_dialog(self.lab.check_dialog()),
                     tip=lambda: self.tr("Compare your optimizer file with a built-in one, "
                                         "step by step"))

        presets = self._menu(bar, lambda: self.tr("&Presets"))
        for i, preset in enumerate(PRESETS.values(), 1):
            self._action(presets, lambda p=preset: engine_text(p.title),
                         lambda _=False, n=preset.name: self.load_preset(n),
                         f"Ctrl+{i}" if i < 10 else None,
                         lambda p=preset: engine_text(p.description))
        presets.setToolTipsVisible(True)

        view = self._menu(bar, lambda: self.tr("&View"))
        self.gradient_action = self._action(
            view, lambda: self.tr("&Gradient field"), self.contour.set_gradient_field, "G",
            lambda: self.tr("Overlay the normalised gradient field on the contour map"),
            checkable=True)
        self.large_font_action = self._action(
            view, lambda: self.tr("&Large fonts (projector)"), self.set_large_fonts, "Ctrl+L",
            lambda: self.tr("Bigger text everywhere, readable on a projector"), checkable=True)
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        self.desktop.populate_view_menu(view)

        # Filled when first opened: the demos' modules are not needed for the first frame.
        self.demos_menu = LazyMenu(self._fill_demos_menu, bar)
        self.texts.bind(self.demos_menu.setTitle, lambda: self.tr("&Demos"))
        self.demos_menu.setToolTipsVisible(True)
        bar.addMenu(self.demos_menu)

        helpm = self._menu(bar, lambda: self.tr("&Help"))
        self.desktop.populate_help_menu(helpm)
        self._action(helpm, lambda: self.tr("Lab &exercises"),
                     lambda: self._show_lab_dialog(self.lab.exercises_dialog()),
                     tip=lambda: self.tr("Implement optimizers yourself and check them"))
        self._action(helpm, lambda: self.tr("&Keyboard shortcuts"), self.show_shortcuts)
        self._action(helpm, lambda: self.tr("&About Optimizer Race"), self.show_about)

    def _fill_add_racer_menu(self) -> None:
        """From file…, then the built-in optimizers of the racers panel's Add menu."""
        menu = self.add_racer_menu
        for action in menu.actions():
            if action is not self.add_from_file_action:
                menu.removeAction(action)
        menu.addSeparator()
        menu.addActions(self.racers_panel.add_menu.actions())

    def _show_lab_dialog(self, dialog: QWidget) -> None:
        self.lab_dialog = dialog  # kept: a non-modal dialog lives on
        dialog.show()

    def _fill_demos_menu(self, menu: QMenu) -> None:
        from gui.demos.view import populate_demos_menu

        populate_demos_menu(menu, self, self.load_preset)

    def _hint(self) -> str:
        return self.tr("Click on the contour map to set the start; Space to play.")

    # -- language -------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every text of the window again, in the language now installed."""
        self.texts.apply()
        self.demos_menu.refill()
        self.desktop.retranslate()
        self.statusBar().showMessage(self._hint())

    def _tab_changed(self, index: int) -> None:
        """Race docks and playback keys belong to the race tab only."""
        on_race = index == 0
        if not on_race and not self._race_docks_visible:
            self.playback.pause()
            self._race_docks_visible = {t: d.isVisible() for t, d in self.docks.items()}
            for dock in self.docks.values():
                dock.hide()
        elif on_race and self._race_docks_visible:
            for title, visible in self._race_docks_visible.items():
                self.docks[title].setVisible(visible)
            self._race_docks_visible = {}
        for action in self.playback.actions():
            action.setEnabled(on_race)

    # -- presets and files ---------------------------------------------------------
    def load_preset(self, name: str, *, announce: bool = True) -> None:
        """Load a race preset; ``announce`` says so in the status bar."""
        preset = PRESETS[name]
        self.playback.pause()
        self.session.apply(preset.config())
        self.playback.set_max_steps(preset.steps)
        self.contour.fit_view()
        if announce:
            self.statusBar().showMessage(self.tr("Preset: {0}. Press Space to play.").format(
                engine_text(preset.title)), 8000)

    def _session_filter(self) -> str:
        return self.tr("Optimizer Race session (*.json)")

    def open_session(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open session"), self._dir(),
                                              self._session_filter())
        if name:
            self.load_session(Path(name))

    def load_session(self, path: Path) -> bool:
        """Open a session file: True if it is shown, or being replayed (a progress dialog).

        A file that cannot be read or is not a valid session is a message, and the
        race shown stays as it is; so does it when the replay is cancelled.
        """
        self.playback.pause()
        try:
            data = parse_session_text(read_session_text(path), path.name)
            # A student's file the session races runs only if the user allows it.
            trust = self.lab.confirm_session(data, lambda: self.load_session(path))
            if trust != "now":
                return trust == "later"
            self.loader.load(
                prepare(data),
                lambda p: self.tr("Replaying {0}: {1} racers × {2} steps…").format(
                    path.name, len(p.config.racers), f"{p.steps:,}"),
                lambda outcome, message: self._opened(path, outcome, message), data=data)
        except SessionError as exc:
            self._cannot_open(message_of(exc))
            return False
        return True

    def _opened(self, path: Path, outcome: str, message: str) -> None:
        if outcome == "failed":
            self._cannot_open(message)
        elif outcome == "cancelled":
            self.statusBar().showMessage(
                self.tr("Opening {0} was cancelled; the race is unchanged.").format(path.name),
                8000)
        else:
            self.path = path
            self.contour.fit_view()
            self.statusBar().showMessage(
                self.tr("Opened {0} at step {1}").format(path.name, self.session.cursor), 8000)

    def _cannot_open(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Cannot open session"), engine_error(message))

    def save_session(self) -> bool:
        if self.path is None:
            return self.save_session_as()
        return self._save(self.path)

    def save_session_as(self) -> bool:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save session"),
                                              self._dir("race.json"), self._session_filter())
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(".json")
        return self._save(path)

    def _save(self, path: Path) -> bool:
        try:
            self.session.save(path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Cannot save session"), write_error_text(path, exc))
            return False
        self.path = path
        self.statusBar().showMessage(self.tr("Saved {0}").format(path.name), 5000)
        return True

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

    def export_view(self, kind: str, path: Path | None = None) -> bool:
        path = path or self._ask_path(self.tr("Export {0}").format(kind.upper()),
                                      f"race.{kind}", f"{kind.upper()} (*.{kind})")
        if path is None:
            return False
        try:  # rendered in memory, then written atomically: a failure cannot go unseen
            data = self.contour.png_bytes() if kind == "png" else self.contour.svg_bytes()
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

    def export_gif(self, path: Path | None = None) -> bool:
        path = path or self._ask_path(self.tr("Export {0}").format("GIF"), "race.gif",
                                      self.tr("Animated GIF (*.gif)"))
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

        self.views.setCurrentWidget(self.contour)
        try:
            frames = export_gif(self.session, self.contour, path, progress=progress)
        except Exception as exc:  # Pillow raises various types; writing raises OSError
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
    def set_large_fonts(self, on: bool) -> None:
        font = QFont(self._base_font)
        if on:
            font.setPointSizeF(max(self._base_font.pointSizeF(), 9.0) * 1.5)
        QApplication.setFont(font)
        with all_widgets() as widgets:
            for w in widgets:
                w.setFont(font)

    def show_shortcuts(self) -> None:
        self.desktop.show_help("shortcuts")  # the table is read from the menus

    def show_about(self) -> None:
        name = self.tr("Optimizer Race")
        QMessageBox.about(
            self, self.tr("About Optimizer Race"),
            f"<h3>{name}</h3><p>"
            + self.tr("Gradient-descent optimizers racing on 2-D loss surfaces. Each optimizer "
                      "reproduces its PyTorch reference step for step.")
            + "</p><p>" + self.tr("Click the map to set the start, press Space to play.")
            + "</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Stop every worker, store the settings and the session, and go, quickly.

        Every worker is cancelled first (each stops at its next checkpoint), the
        settings and the session are stored, then the workers get at most
        :data:`CLOSE_WAIT_S` to end.  One still inside a step it cannot interrupt
        (a long numpy call) is left running, referenced, and :func:`gui.shell.app.run`
        leaves the process without destructors (:func:`gui.services.workers.exit_process`).
        """
        self.playback.pause()
        workers.cancel_all()
        self.desktop.shutdown()
        workers.wait_all(CLOSE_WAIT_S)
        if self.mnist_built:
            self.mnist.shutdown(timeout=0)
        if self.landscape_tab.content is not None:
            self.landscape_tab.content.shutdown(timeout=0)  # type: ignore[attr-defined]
        if self.sweep_tab.content is not None:
            self.sweep.shutdown(timeout=0)
        super().closeEvent(event)
