"""The main window: it only assembles panels, menus and file dialogs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QWidget,
)

from engine.messages import message_of
from engine.presets import PRESETS
from engine.session import SessionError, parse_session_text, prepare, read_session_text
from gui.plugins.lab import Lab
from gui.race.bookmarks import Bookmarks
from gui.race.curves import CurvesView
from gui.race.export import (
    DEFAULT_SIZE,
    EXPORT_SIZES,
    write_error_text,
)
from gui.race.inspector import InspectorPanel
from gui.race.leaderboard import LeaderboardView
from gui.race.playback import PlaybackPanel
from gui.race.racers_panel import RacersPanel
from gui.race.replay import SessionLoader
from gui.race.surface_panel import SurfacePanel
from gui.services import workers
from gui.services.i18n import Texts, engine_error, engine_text
from gui.services.session_bridge import SessionBridge
from gui.services.settings import STATE, Settings
from gui.services.theme import all_widgets
from gui.shell.desktop_app import Desktop
from gui.shell.exports import ExportActions
from gui.shell.presentation import Presentation
from gui.shell.screen_fit import (
    available_geometry,
    fit_window,
    keep_on_screen,
    size_docks,
    tab_left_docks,
)
from gui.shell.views_layout import SIDE_BY_SIDE_WIDTH, ViewsLayout
from gui.views.contour import ContourView
from gui.views.legend import legends_visible, set_legends_visible
from gui.views.surface3d import Surface3DView
from gui.widgets.layout import LazyMenu, LazyWidget, vertical_scroll

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


class MainWindow(ExportActions, QMainWindow):
    """Race view: contour and 3-D views, curves, panels in docks, playback toolbar."""

    def __init__(self, bridge: SessionBridge | None = None) -> None:
        super().__init__()
        self.texts = Texts()
        self.texts.bind(self.setWindowTitle, lambda: self.tr("Optimizer Race"))
        fit_window(self)  # the screen's available area, up to 1480×920
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
        self.bookmarks = Bookmarks(self.bridge, self)
        self.playback.add_button(self.bookmarks.button)
        self.bookmarks.changed.connect(
            lambda: self.playback.timeline.set_marks(self.bookmarks.steps()))
        self.leaderboard = LeaderboardView(self.bridge)
        self.inspector = InspectorPanel(self.bridge)

        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.contour, "")
        self.views.addTab(self.surface3d, "")
        self.texts.bind(lambda t: self.views.setTabText(0, t), lambda: self.tr("2-D contour"))
        self.texts.bind(lambda t: self.views.setTabText(1, t), lambda: self.tr("3-D surface"))
        self.views_layout = ViewsLayout(
            self.views, self.contour, self.surface3d,
            lambda: [self.views.setTabText(0, self.tr("2-D contour")),
                     self.views.setTabText(1, self.tr("3-D surface"))])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.views_layout.stack)
        split.addWidget(self.curves)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([880, 480])

        self.mnist_tab = LazyWidget(_mnist_panel)  # built (and imported) when first shown
        self.sweep_tab = LazyWidget(self._sweep_panel)
        self.landscape_tab = LazyWidget(_landscape_panel)
        # A hidden page must not widen the race tab (a QTabWidget is as wide as its
        # widest page): each takes the width the race leaves it.
        for page in (self.mnist_tab, self.landscape_tab, self.sweep_tab):
            page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "")
        self.tabs.addTab(self.mnist_tab, "MNIST")
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
        self._race_layout = self.saveState()

        self.docks: dict[str, QDockWidget] = {}
        self._dock("Surface", lambda: self.tr("Surface"), vertical_scroll(self.surface_panel),
                   Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("Racers", lambda: self.tr("Racers"), self.racers_panel,
                   Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("Leaderboard", lambda: self.tr("Leaderboard"), self.leaderboard,
                   Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("Inside the optimizer", lambda: self.tr("Inside the optimizer"),
                   vertical_scroll(self.inspector), Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("Playback", lambda: self.tr("Playback"), self.playback,
                   Qt.DockWidgetArea.BottomDockWidgetArea)
        tab_left_docks(self, self.docks)

        self.presentation = Presentation(self)
        self.loader = SessionLoader(self.session, self)  # long replays run in a worker
        self.lab = Lab(self.bridge, self, lambda text: self.statusBar().showMessage(text, 15000))
        self.desktop = Desktop(self)  # settings, theme, language, autosave and recovery, help
        self._build_menus()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.statusBar().showMessage(self._hint())
        if available_geometry(self).width() >= SIDE_BY_SIDE_WIDTH:
            self.side_by_side_action.trigger()  # room for both views at once
        # The first layout's proportions, once shown; a stored layout keeps its own.
        self._size_docks_on_show = Settings().byte_array(STATE) is None
        self.desktop.restore()  # the last race, or the textbook ravine
        keep_on_screen(self)  # a layout stored on a bigger screen

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
        self._action(export, lambda: self.tr("Race as &MP4 video…"), self.export_mp4,
                     tip=lambda: self.tr("Needs the optional imageio-ffmpeg package"))
        sizes = self._menu(export, lambda: self.tr("Picture &size"))
        self.size_actions = QActionGroup(self)
        chosen = str(QSettings().value("export_size", DEFAULT_SIZE))
        for key, w, h, dpi in EXPORT_SIZES:
            action = self._action(
                sizes, (lambda w=w, h=h: f"{w} × {h}") if dpi is None else
                (lambda dpi=dpi: self.tr("A4 landscape at {0} dpi").format(dpi)),
                lambda _=False, k=key: QSettings().setValue("export_size", k), checkable=True)
            action.setData(key)
            action.setChecked(key == chosen)
            self.size_actions.addAction(action)
        file.addSeparator()
        self._action(file, lambda: self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        race = self._menu(bar, lambda: self.tr("&Race"))
        for action in self.playback.actions():
            race.addAction(action)
            self.addAction(action)
        race.addMenu(self.bookmarks.menu)
        race.addSeparator()
        self._action(race, lambda: self.tr("&Fit view"), self.fit_views, "F",
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
        self.side_by_side_action = self._action(
            view, lambda: self.tr("2-D and 3-D &side by side"),
            self.views_layout.set_side_by_side, "Ctrl+T",
            lambda: self.tr("Show the contour map and the 3-D surface next to each other "
                            "(linked: the point under the mouse on the map is marked on the "
                            "surface)"),
            checkable=True)
        self.gradient_action = self._action(
            view, lambda: self.tr("&Gradient field"), self.contour.set_gradient_field, "G",
            lambda: self.tr("Overlay the normalised gradient field on the contour map"),
            checkable=True)
        self.large_font_action = self._action(
            view, lambda: self.tr("&Large fonts (projector)"), self.set_large_fonts, "Ctrl+L",
            lambda: self.tr("Bigger text everywhere, readable on a projector"), checkable=True)
        self.presentation_action = self._action(
            view, lambda: self.tr("&Presentation"), self.presentation.set_active, "F5",
            lambda: self.tr("For a projector: hide the editing panels, enlarge text, "
                            "plots, trails and markers (F5 again to leave)"), checkable=True)
        self.legends_action = self._action(
            view, lambda: self.tr("L&egends"), set_legends_visible, None,
            lambda: self.tr("Show the racers' names and colours on the map and the curves"),
            checkable=True)
        self.legends_action.setChecked(legends_visible())
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

    def fit_views(self) -> None:
        """Fit view (F): the map and the 3-D camera back to the whole domain."""
        self.contour.fit_view()
        self.surface3d.fit_view()

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
        self.bookmarks.retranslate()
        self.demos_menu.refill()
        self.desktop.retranslate()
        self.statusBar().showMessage(self._hint())

    def _tab_changed(self, index: int) -> None:
        """Race docks and playback keys belong to the race tab only."""
        on_race = index == 0
        if not on_race and not self._race_docks_visible:
            self.playback.pause()
            self._race_docks_visible = {t: d.isVisible() for t, d in self.docks.items()}
            self._race_layout = self.saveState()  # sizes and the tab in front, too
            for dock in self.docks.values():
                dock.hide()
        elif on_race and self._race_docks_visible:
            for title, visible in self._race_docks_visible.items():
                self.docks[title].setVisible(visible)
            self.restoreState(self._race_layout)
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
        self.playback.set_speed(preset.speed)  # slow enough to follow in class
        self.surface_panel.show_lesson(name)
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

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._size_docks_on_show:
            self._size_docks_on_show = False
            QTimer.singleShot(0, lambda: size_docks(self, self.docks))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Stop every worker, store the settings and the session, and go, quickly.

        Every worker is cancelled first (each stops at its next checkpoint), the
        settings and the session are stored, then the workers get at most
        :data:`CLOSE_WAIT_S` to end.  One still inside a step it cannot interrupt
        (a long numpy call) is left running, referenced, and :func:`gui.shell.app.run`
        leaves the process without destructors (:func:`gui.services.workers.exit_process`).
        """
        self.playback.pause()
        self.presentation.set_active(False)  # the layout and fonts are stored as they were
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
