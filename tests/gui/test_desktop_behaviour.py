"""Desktop behaviour of the real window: settings, themes, crash safety, autosave, help.

Settings and the data folder are per-test temporary folders (tests/gui/conftest.py).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from engine.optimizers import REGISTRY
from engine.presets import PRESETS
from engine.session import Session
from gui.services import settings as settings_mod
from gui.services.session_bridge import SessionBridge
from gui.services.settings import Settings
from gui.services.theme import ThemeManager
from gui.shell.autosave import Autosaver
from gui.shell.crash import CrashDialog, CrashHandler, setup_logging
from gui.shell.help import GUIDE, SHORTCUTS, HelpDialog
from gui.shell.main_window import MainWindow
from gui.widgets.mathtext import latex_to_html

ROOT = Path(__file__).resolve().parents[2]
WINDOW = QPalette.ColorRole.Window
BASE = QPalette.ColorRole.Base


@pytest.fixture
def make_window(qtbot):
    def make() -> MainWindow:
        w = MainWindow()
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        return w

    return make


@pytest.fixture
def answers(monkeypatch):
    """Patch QMessageBox.question: pop the next answer, record the question."""
    asked: list[str] = []
    queue: list[QMessageBox.StandardButton] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(f"{title}: {text}")
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked, queue


def data_dir() -> Path:
    return settings_mod.app_data_dir()


def is_dark(color) -> bool:
    return color.lightness() < 100


# -- settings ------------------------------------------------------------------------
def test_settings_live_in_the_test_folder(isolated_settings: Path) -> None:
    assert Path(QSettings().fileName()).is_relative_to(isolated_settings)
    assert data_dir().is_relative_to(isolated_settings)


def test_settings_persist_across_two_windows(make_window, qtbot) -> None:
    w1 = make_window()
    assert w1.session.surface.name == "ravine"  # nothing stored yet
    w1.resize(1300, 780)  # at least the window's minimum size
    size = w1.size()
    assert size != QSize(1480, 920)
    w1.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, w1.docks["Leaderboard"])
    w1.docks["Inside the optimizer"].hide()
    w1.load_preset("himmelblau")
    w1.session.step(15)
    w1.session.set_display(1, color="#123456")
    racers = [r.name for r in w1.session.race.racers]
    w1.desktop.theme_menu.theme_actions["dark"].trigger()
    w1.close()

    assert Settings().theme == "dark"
    w2 = make_window()
    assert w2.size() == size
    assert w2.dockWidgetArea(w2.docks["Leaderboard"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert not w2.docks["Inside the optimizer"].isVisible()
    assert w2.session.surface.name == "himmelblau"
    assert [r.name for r in w2.session.race.racers] == racers
    assert w2.session.cursor == 15
    assert w2.session.display[1].color == "#123456"
    assert w2.playback.max_steps() == PRESETS["himmelblau"].steps
    assert w2.desktop.theme_menu.theme_actions["dark"].isChecked()
    assert is_dark(w2.palette().color(WINDOW))


def test_layout_is_stored_as_on_the_race_tab(make_window) -> None:
    w1 = make_window()
    w1.tabs.setCurrentIndex(1)  # the MNIST tab hides the race docks
    w1.close()
    w2 = make_window()
    assert all(d.isVisible() for d in w2.docks.values())


def test_broken_stored_values_are_ignored(make_window, caplog) -> None:
    store = QSettings()
    store.setValue(settings_mod.GEOMETRY, "not a geometry")
    store.setValue(settings_mod.STATE, b"\x00garbage")
    store.setValue(settings_mod.SESSION, "{not json")
    store.setValue(settings_mod.THEME, "purple")
    store.sync()
    with caplog.at_level(logging.WARNING):
        w = make_window()
    assert w.session.surface.name == "ravine"
    assert ThemeManager.instance().theme() == "system"
    text = caplog.text
    assert "ignoring the stored session" in text and "ignoring the stored dock layout" in text

    # A well-formed session that no longer validates (an optimizer that does not exist).
    bad = Session().to_dict()
    bad["race"]["racers"] = [{"optimizer": "no-such-optimizer"}]
    Settings().set_session_data(bad)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        w2 = make_window()
    assert w2.session.surface.name == "ravine"
    assert "ignoring the stored session" in caplog.text


def _stored(mutate) -> str:
    data = Session(PRESETS["ravine"].config()).to_dict()
    mutate(data)
    return json.dumps(data)


def _racer(key, value):
    def mutate(data):
        data["race"]["racers"] = [{"optimizer": "adam", key: value}]
    return mutate


@pytest.mark.parametrize(("text", "reason"), [
    (_stored(_racer("label", 12345)), "label must be text, got 12345"),
    (_stored(_racer("label", {"a": 1})), "label must be text"),
    (_stored(_racer("label", "x" * 10_000_000)), "too large"),
    (_stored(_racer("values", {"lr": 10**400})), "lr must be finite, got 1e+400"),
    (_stored(lambda d: d.update(display=[{"color": "javascript:alert(1)<b>x</b>"}])),
     "colour must be #RRGGBB"),
    (_stored(lambda d: d.update(steps=10)).replace('"steps": 10', '"steps": Infinity'),
     "Infinity is not a number in JSON"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("{not json", "not valid JSON"),
], ids=["label-int", "label-dict", "label-10MB", "lr-1e400", "colour", "steps-inf", "deep",
        "not-json"])
def test_a_bad_stored_race_is_reported_once_then_forgotten(make_window, caplog, text: str,
                                                           reason: str) -> None:
    Settings().store.setValue(settings_mod.SESSION, text)
    Settings().store.setValue(settings_mod.STOP_AT, 500)
    Settings().sync()
    with caplog.at_level(logging.WARNING):
        w = make_window()
    assert w.session.surface.name == "ravine" and len(w.session.race.racers) == 4
    message = w.statusBar().currentMessage()
    assert "could not be restored" in message and reason in message
    assert len(message) < 400
    assert "ignoring the stored session" in caplog.text
    store = QSettings()
    assert not store.contains(settings_mod.SESSION) and not store.contains(settings_mod.STOP_AT)
    w2 = make_window()  # the next start is a clean one: no message again
    assert "could not be restored" not in w2.statusBar().currentMessage()
    assert w2.session.surface.name == "ravine"


def test_a_good_stored_race_shows_no_message(make_window) -> None:
    s = Session()
    s.apply(PRESETS["saddle"].config(), step=7)
    Settings().set_session_data(s.to_dict())
    w = make_window()
    assert w.session.surface.name == "saddle" and w.session.cursor == 7
    assert "could not be restored" not in w.statusBar().currentMessage()
    assert QSettings().contains(settings_mod.SESSION)


def test_language_and_data_folder_are_stored() -> None:
    s = Settings()
    assert s.language == "system" and s.data_folder is None
    s.language = "zh_CN"
    s.data_folder = "/srv/mnist"
    assert Settings().language == "zh_CN"
    assert QSettings().value("mnist/folder") == "/srv/mnist"  # the MNIST panel's own key
    with pytest.raises(ValueError, match="theme must be one of"):
        s.theme = "purple"


def test_reset_to_defaults(make_window, answers) -> None:
    asked, queue = answers
    w = make_window()
    default_size = w.size()
    w.resize(900, 640)
    w.docks["Racers"].hide()
    w.load_preset("rosenbrock")
    w.desktop.theme_menu.theme_actions["dark"].trigger()
    w.large_font_action.trigger()
    w.mnist.set_folder(str(Path.home()))
    w.desktop.window_settings.save()
    assert QSettings().allKeys()

    queue.append(QMessageBox.StandardButton.Cancel)
    w.desktop.reset_action.trigger()
    assert asked and asked[-1].startswith("Reset to defaults")
    assert w.session.surface.name == "rosenbrock" and Settings().theme == "dark"

    queue.append(QMessageBox.StandardButton.Reset)
    w.desktop.reset_action.trigger()
    assert w.session.surface.name == "ravine"
    assert w.docks["Racers"].isVisible()
    assert w.size() == default_size
    assert ThemeManager.instance().theme() == "system"
    assert w.desktop.theme_menu.theme_actions["system"].isChecked()
    assert not is_dark(w.palette().color(WINDOW))
    assert not w.large_font_action.isChecked()
    assert w.mnist.source_combo.currentIndex() == 0
    assert QSettings().allKeys() == []


# -- themes ---------------------------------------------------------------------------
def test_theme_switch_changes_palette_and_plots(make_window) -> None:
    w = make_window()
    menu = w.desktop.theme_menu
    assert menu.theme_actions["system"].isChecked()  # the default
    assert menu.group.isExclusive()
    contour_bg = w.contour.plot.backgroundBrush().color().name()

    menu.theme_actions["dark"].trigger()
    assert is_dark(QApplication.palette().color(WINDOW))
    assert is_dark(w.palette().color(WINDOW)) and is_dark(w.curves.palette().color(BASE))
    # Plots built from the palette follow; the contour map keeps its own dark image area.
    assert w.curves.loss_widget.backgroundBrush().color() == QApplication.palette().color(BASE)
    assert is_dark(w.mnist.loss_widget.backgroundBrush().color())
    axis = w.curves.loss_plot.getAxis("left")
    assert not is_dark(axis.textPen().color())
    assert w.contour.plot.backgroundBrush().color().name() == contour_bg
    # Texts coloured from the old palette follow too: table items, secondary labels.
    assert not is_dark(w.leaderboard.table.item(0, 2).foreground().color())
    secondary = w.inspector.reference_label.palette().color(QPalette.ColorRole.WindowText)
    assert 130 < secondary.lightness() < 200  # between the text and the background
    assert menu.theme_actions["dark"].isChecked() and not menu.theme_actions["light"].isChecked()
    assert Settings().theme == "dark"

    menu.theme_actions["light"].trigger()
    assert not is_dark(w.palette().color(WINDOW))
    secondary = w.inspector.reference_label.palette().color(QPalette.ColorRole.WindowText)
    assert 60 < secondary.lightness() < 130
    assert w.curves.loss_widget.backgroundBrush().color().name() == "#ffffff"
    assert is_dark(axis.textPen().color())
    assert Settings().theme == "light"


def test_system_theme_follows_the_system(make_window, monkeypatch) -> None:
    import gui.services.theme as theme

    w = make_window()
    manager = ThemeManager.instance()
    assert manager.theme() == "system"
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    manager._on_system_scheme(Qt.ColorScheme.Dark)  # what colorSchemeChanged calls
    assert is_dark(w.palette().color(WINDOW))
    monkeypatch.setattr(theme, "system_is_dark", lambda: False)
    manager._on_system_scheme(Qt.ColorScheme.Light)
    assert not is_dark(w.palette().color(WINDOW))
    manager.set_theme("dark")
    monkeypatch.setattr(theme, "system_is_dark", lambda: False)
    manager._on_system_scheme(Qt.ColorScheme.Light)  # an explicit choice wins
    assert is_dark(w.palette().color(WINDOW))


# -- crash safety ------------------------------------------------------------------------
@pytest.fixture
def crash_handler(tmp_path):
    handler = CrashHandler(tmp_path / "logs").install()
    yield handler
    handler.uninstall()
    dialog = handler._live_dialog()
    if dialog is not None:
        dialog.close()


def _boom() -> None:
    raise RuntimeError("boom in a slot")


@pytest.mark.qt_no_exception_capture
def test_slot_exception_shows_dialog_and_app_keeps_running(
        make_window, qtbot, crash_handler: CrashHandler, tmp_path: Path) -> None:
    w = make_window()
    button = QPushButton("crash", w)
    button.clicked.connect(_boom)
    with qtbot.waitSignal(crash_handler.dialogShown, timeout=3000) as shown:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = shown.args[0]
    assert isinstance(dialog, CrashDialog) and dialog.isVisible()
    assert dialog.summary_label.text() == "RuntimeError: boom in a slot"
    report = dialog.report_text()
    assert "Traceback (most recent call last)" in report and "_boom" in report

    # The report is in a crash file, and "Copy report" puts it on the clipboard.
    files = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(files) == 1 and "RuntimeError: boom in a slot" in files[0].read_text()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == report

    # The same error again: counted in the open dialog, no second dialog or file.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert crash_handler._live_dialog() is dialog
    assert "3 times" in dialog.count_label.text()
    assert len(list((tmp_path / "logs").glob("crash-*.log"))) == 1
    # A different error while the dialog is open is logged and mentioned.
    QTimer.singleShot(0, lambda: 1 / 0)
    qtbot.waitUntil(lambda: "1 other error" in dialog.count_label.text(), timeout=2000)

    dialog.close_button.click()
    qtbot.waitUntil(lambda: crash_handler._live_dialog() is None, timeout=2000)
    # Shortly after closing, the same error is only logged (no flood of dialogs).
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert crash_handler._live_dialog() is None
    assert crash_handler.counts[next(iter(crash_handler.counts))] == 4

    # The window still works.
    w.session.reset()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    qtbot.keyClick(w, Qt.Key.Key_Right)
    assert w.session.cursor == 1


@pytest.mark.qt_no_exception_capture
def test_worker_thread_exception_reaches_the_dialog(qtbot, crash_handler) -> None:
    def work() -> None:
        raise ValueError("bad value in a worker")

    with qtbot.waitSignal(crash_handler.dialogShown, timeout=3000) as shown:
        t = threading.Thread(target=work, name="worker")
        t.start()
        t.join()
    dialog = shown.args[0]
    assert dialog.summary_label.text() == "ValueError: bad value in a worker"
    assert "Thread:   worker" in dialog.report_text()


@pytest.mark.qt_no_exception_capture
def test_crash_autosaves_and_pauses(make_window, qtbot, crash_handler) -> None:
    w = make_window()
    w.load_preset("saddle")
    w.session.step(4)
    w.playback.play()
    with qtbot.waitSignal(crash_handler.dialogShown, timeout=3000):
        QTimer.singleShot(0, _boom)
    assert not w.playback.is_playing()
    saved = json.loads(w.desktop.autosaver.path.read_text())
    assert saved["race"]["surface"] == "saddle"


def test_app_log_is_written(tmp_path: Path) -> None:
    handler = setup_logging(tmp_path)
    assert handler is not None
    try:
        logging.getLogger("gui.test").warning("something to remember")
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    text = (tmp_path / "optimizer-race.log").read_text()
    assert "WARNING gui.test" in text and "something to remember" in text


# -- autosave and recovery ---------------------------------------------------------------------
def test_autosave_writes_only_changes(qtbot, tmp_path: Path) -> None:
    bridge = SessionBridge()
    saver = Autosaver(bridge, tmp_path, interval_ms=60_000)
    assert saver.acquire() is None
    saver.start()
    assert not saver.path.exists()  # the start state is the baseline
    assert not saver.save_now()
    with qtbot.waitSignal(saver.saved, timeout=5000):  # a racer change, after the debounce
        bridge.session.apply(PRESETS["himmelblau"].config())
    data = json.loads(saver.path.read_text())
    assert data == json.loads(json.dumps(bridge.session.to_dict()))
    assert not saver.save_now()
    bridge.session.step(3)
    assert saver.save_now()
    assert json.loads(saver.path.read_text())["cursor"] == 3
    saver.discard()
    assert not saver.path.exists()


def _crashed_run_leaves(folder: Path, session: Session) -> None:
    """A process that took the autosave lock and died: a stale lock and the autosave."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / Autosaver.FILE).write_text(json.dumps(session.to_dict()))
    script = textwrap.dedent(f"""
        import os
        from PySide6.QtCore import QLockFile
        lock = QLockFile({str(folder / Autosaver.LOCK)!r})
        assert lock.tryLock(0)
        os._exit(1)  # no clean-up: like a crash
    """)
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert (folder / Autosaver.LOCK).exists()


def test_crashed_run_is_offered_for_recovery(make_window, qtbot, answers) -> None:
    asked, queue = answers
    crashed = Session()
    crashed.apply(PRESETS["himmelblau"].config(), step=25)
    folder = data_dir() / "autosave"
    _crashed_run_leaves(folder, crashed)

    queue.append(QMessageBox.StandardButton.Yes)
    w = make_window()
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    assert "did not close properly" in asked[0] and "himmelblau" in asked[0]
    assert w.session.surface.name == "himmelblau" and w.session.cursor == 25
    assert w.desktop.autosaver.enabled
    w.close()  # a clean exit removes the autosave
    assert not (folder / Autosaver.FILE).exists()


def test_declined_recovery_keeps_a_copy(make_window, qtbot, answers) -> None:
    asked, queue = answers
    crashed = Session()
    crashed.apply(PRESETS["saddle"].config(), step=5)
    folder = data_dir() / "autosave"
    _crashed_run_leaves(folder, crashed)
    queue.append(QMessageBox.StandardButton.No)
    w = make_window()
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    assert w.session.surface.name == "ravine"
    assert not (folder / Autosaver.FILE).exists()
    kept = json.loads((folder / Autosaver.DECLINED).read_text())
    assert kept["race"]["surface"] == "saddle"


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,
    json.dumps({**Session().to_dict(), "steps": 10**400}),
    json.dumps({**Session(PRESETS["saddle"].config()).to_dict(),
                "display": [{"color": "<b>x</b>"}]}),
], ids=["deep", "huge-steps", "colour"])
def test_a_hostile_autosave_is_not_offered_and_the_app_starts(make_window, answers,
                                                             text: str) -> None:
    asked, _queue = answers
    folder = data_dir() / "autosave"
    _crashed_run_leaves(folder, Session())
    (folder / Autosaver.FILE).write_text(text)
    w = make_window()
    QApplication.processEvents()
    assert asked == [] and w.session.surface.name == "ravine"
    assert not (folder / Autosaver.FILE).exists() and w.desktop.autosaver.enabled


def test_second_instance_does_not_take_a_live_autosave(make_window, answers) -> None:
    asked, _queue = answers
    w1 = make_window()
    w1.load_preset("saddle")
    assert w1.desktop.autosaver.save_now()
    w2 = make_window()  # the first one is still running: its autosave is not a crash
    QApplication.processEvents()
    assert asked == [] and not w2.desktop.autosaver.enabled
    assert w2.session.surface.name == "ravine"
    w2.close()
    assert w1.desktop.autosaver.path.exists()
    w1.close()
    assert not w1.desktop.autosaver.path.exists()


def test_clean_exit_removes_the_autosave(make_window) -> None:
    w = make_window()
    w.load_preset("rastrigin")
    assert w.desktop.autosaver.save_now()
    path = w.desktop.autosaver.path
    assert json.loads(path.read_text())["race"]["surface"] == "rastrigin"
    w.close()
    assert not path.exists() and not (path.parent / Autosaver.LOCK).exists()


# -- help -------------------------------------------------------------------------------------
def test_help_lists_every_optimizer_with_its_update_rule(make_window, qtbot) -> None:
    w = make_window()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    qtbot.keyClick(w, Qt.Key.Key_F1)
    dialog = w.desktop.help_dialog
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    assert dialog.visible_pages() == [GUIDE, SHORTCUTS, *REGISTRY]
    assert all(spec.explanation for spec in REGISTRY.values())  # a paragraph for every optimizer
    for name, spec in REGISTRY.items():
        dialog.show_page(name)
        text = dialog.browser.toPlainText()
        assert spec.title in text and spec.paper in text
        rule = QTextDocument()
        rule.setHtml(latex_to_html(spec.update_rule))
        for line in rule.toPlainText().splitlines():
            assert line in text, (name, line)
        assert " ".join(spec.explanation.split()[:8]) in " ".join(text.split())
        for p in spec.hparams:
            assert p.name in text


def test_help_search_guide_and_shortcuts(make_window) -> None:
    w = make_window()
    dialog = w.desktop.show_help()
    assert dialog.current_page() == GUIDE
    guide = dialog.browser.toPlainText()
    assert "Guide for lab sessions" in guide and "5k sample" in guide
    from engine.mnist.data import user_data_dir

    assert str(user_data_dir()) in guide and "Ctrl+L" in guide
    assert PRESETS["ravine"].title in guide

    dialog.search.setText("adam")
    pages = dialog.visible_pages()
    assert "adam" in pages and "adamw" in pages and "sgd" not in pages
    dialog.search.setText("hessian")
    assert dialog.visible_pages() == ["newton"]
    assert dialog.current_page() == "newton"
    dialog.search.setText("")

    w.show_shortcuts()  # Help ▸ Keyboard shortcuts: the same window, another page
    assert dialog.current_page() == SHORTCUTS
    shortcuts = dialog.browser.toPlainText()
    for keys in ("Ctrl+L", "F1", "Space", "Ctrl+1"):
        assert keys in shortcuts


def test_help_follows_the_theme(make_window) -> None:
    w = make_window()
    dialog = w.desktop.show_help("adam")
    ThemeManager.instance().set_theme("dark")
    assert is_dark(dialog.browser.palette().color(BASE))
    assert dialog.current_page() == "adam"
