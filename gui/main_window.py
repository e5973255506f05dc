"""The main window: it only assembles panels, menus and file dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTabWidget,
    QWidget,
)

from engine.cli import race_csv, write_atomic
from engine.presets import PRESETS
from engine.session import SessionError

from .app import APP_NAME
from .desktop import Desktop
from .export import export_gif
from .panels.inspector import InspectorPanel
from .panels.leaderboard import LeaderboardView
from .panels.playback import PlaybackPanel
from .panels.racers import RacersPanel
from .panels.surface import SurfacePanel
from .session import SessionBridge
from .theme import all_widgets
from .views.contour import ContourView
from .views.curves import CurvesView
from .views.demos import populate_demos_menu
from .views.mnist import MnistPanel
from .views.surface3d import Surface3DView

SESSION_FILTER = "Optimizer Race session (*.json)"


class MainWindow(QMainWindow):
    """Race view: contour and 3-D views, curves, panels in docks, playback toolbar."""

    def __init__(self, bridge: SessionBridge | None = None) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
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
        self.views.addTab(self.contour, "2-D contour")
        self.views.addTab(self.surface3d, "3-D surface")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.views)
        split.addWidget(self.curves)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([880, 480])

        self.mnist = MnistPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "Race")
        self.tabs.addTab(self.mnist, "MNIST")
        self.tabs.setTabToolTip(0, "Optimizers racing on a 2-D loss surface")
        self.tabs.setTabToolTip(1, "The same optimizers training a neural network on MNIST")
        self.setCentralWidget(self.tabs)
        self._race_docks_visible: dict[str, bool] = {}

        self.docks: dict[str, QDockWidget] = {}
        self._dock("Surface", self.surface_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("Racers", self.racers_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("Leaderboard", self.leaderboard, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("Inside the optimizer", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("Playback", self.playback, Qt.DockWidgetArea.BottomDockWidgetArea)

        self.desktop = Desktop(self)  # settings, theme, autosave and crash recovery, help
        self._build_menus()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.statusBar().showMessage("Click on the contour map to set the start; Space to play.")
        self.load_preset("ravine")
        self.desktop.restore()

    # -- layout ------------------------------------------------------------------
    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_").lower())
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        self.docks[title] = dock
        return dock

    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "",
                checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&Open session…", self.open_session, QKeySequence.StandardKey.Open,
                     "Load a saved race (surface, racers, hyper-parameters, step)")
        self._action(file, "&Save session", self.save_session, QKeySequence.StandardKey.Save)
        self._action(file, "Save session &as…", self.save_session_as,
                     QKeySequence.StandardKey.SaveAs)
        file.addSeparator()
        export = file.addMenu("&Export")
        self._action(export, "Contour view as &PNG…", lambda: self.export_view("png"),
                     "Ctrl+E")
        self._action(export, "Contour view as &SVG…", lambda: self.export_view("svg"))
        self._action(export, "Trajectories as &CSV…", self.export_csv)
        self._action(export, "Race as animated &GIF…", self.export_gif)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        race = bar.addMenu("&Race")
        for action in self.playback.actions():
            race.addAction(action)
            self.addAction(action)
        race.addSeparator()
        self._action(race, "&Fit view", self.contour.fit_view, "F",
                     "Reset zoom and pan to the surface's domain")

        presets = bar.addMenu("&Presets")
        for i, preset in enumerate(PRESETS.values(), 1):
            action = self._action(presets, preset.title,
                                  lambda _=False, n=preset.name: self.load_preset(n),
                                  f"Ctrl+{i}" if i < 10 else None, preset.description)
            action.setToolTip(preset.description)
        presets.setToolTipsVisible(True)

        view = bar.addMenu("&View")
        self.gradient_action = self._action(
            view, "&Gradient field", self.contour.set_gradient_field, "G",
            "Overlay the normalised gradient field on the contour map", checkable=True)
        self.large_font_action = self._action(
            view, "&Large fonts (projector)", self.set_large_fonts, "Ctrl+L",
            "Bigger text everywhere, readable on a projector", checkable=True)
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        self.desktop.populate_view_menu(view)

        demos = bar.addMenu("&Demos")
        demos.setToolTipsVisible(True)
        populate_demos_menu(demos, self, self.load_preset)

        helpm = bar.addMenu("&Help")
        self.desktop.populate_help_menu(helpm)
        self._action(helpm, "&Keyboard shortcuts", self.show_shortcuts)
        self._action(helpm, f"&About {APP_NAME}", self.show_about)

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
    def load_preset(self, name: str) -> None:
        preset = PRESETS[name]
        self.playback.pause()
        self.session.apply(preset.config())
        self.playback.set_max_steps(preset.steps)
        self.contour.fit_view()
        self.statusBar().showMessage(f"Preset: {preset.title}. Press Space to play.", 8000)

    def open_session(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open session", self._dir(), SESSION_FILTER)
        if name:
            self.load_session(Path(name))

    def load_session(self, path: Path) -> bool:
        self.playback.pause()
        try:
            self.session.load(path)
        except SessionError as exc:
            QMessageBox.warning(self, "Cannot open session", str(exc))
            return False
        self.path = path
        self.contour.fit_view()
        self.statusBar().showMessage(f"Opened {path.name} at step {self.session.cursor}", 8000)
        return True

    def save_session(self) -> bool:
        if self.path is None:
            return self.save_session_as()
        return self._save(self.path)

    def save_session_as(self) -> bool:
        name, _ = QFileDialog.getSaveFileName(self, "Save session", self._dir("race.json"),
                                              SESSION_FILTER)
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
            QMessageBox.warning(self, "Cannot save session", f"{path}: {exc.strerror or exc}")
            return False
        self.path = path
        self.statusBar().showMessage(f"Saved {path.name}", 5000)
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
        path = path or self._ask_path(f"Export {kind.upper()}", f"race.{kind}",
                                      f"{kind.upper()} (*.{kind})")
        if path is None:
            return False
        try:
            (self.contour.export_png if kind == "png" else self.contour.export_svg)(str(path))
        except Exception as exc:  # exporters raise various types
            QMessageBox.warning(self, "Export failed", f"{path}: {exc}")
            return False
        self.statusBar().showMessage(f"Exported {path.name}", 5000)
        return True

    def export_csv(self, path: Path | None = None) -> bool:
        path = path or self._ask_path("Export CSV", "race.csv", "CSV (*.csv)")
        if path is None:
            return False
        try:
            write_atomic(path, race_csv(self.session.race))
        except OSError as exc:
            QMessageBox.warning(self, "Export failed", f"{path}: {exc.strerror or exc}")
            return False
        self.statusBar().showMessage(f"Exported {path.name}", 5000)
        return True

    def export_gif(self, path: Path | None = None) -> bool:
        path = path or self._ask_path("Export GIF", "race.gif", "Animated GIF (*.gif)")
        if path is None:
            return False
        self.playback.pause()
        dialog = QProgressDialog("Rendering frames…", "Cancel", 0, 100, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)

        def progress(done: int, total: int) -> bool:
            dialog.setMaximum(total)
            dialog.setValue(done)
            return not dialog.wasCanceled()

        self.views.setCurrentWidget(self.contour)
        try:
            frames = export_gif(self.session, self.contour, path, progress=progress)
        except OSError as exc:
            QMessageBox.warning(self, "Export failed", f"{path}: {exc.strerror or exc}")
            return False
        finally:
            dialog.close()
        if frames:
            self.statusBar().showMessage(f"Exported {path.name} ({frames} frames)", 5000)
        return bool(frames)

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
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<h3>{APP_NAME}</h3><p>Gradient-descent optimizers racing on 2-D loss surfaces. "
            "Each optimizer reproduces its PyTorch reference step for step.</p>"
            "<p>Click the map to set the start, press Space to play.</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.playback.pause()
        self.mnist.shutdown()
        self.desktop.shutdown()
        super().closeEvent(event)
