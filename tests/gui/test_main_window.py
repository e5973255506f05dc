"""The real main window: presets, keyboard, save/load, exports, errors, startup."""

from __future__ import annotations

import html
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from gui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def warnings_shown(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: shown.append(f"{title}: {text}"))
    return shown


def test_opens_on_the_ravine_preset(window: MainWindow) -> None:
    assert window.windowTitle() == "Optimizer Race"
    s = window.session
    assert s.surface.name == "ravine" and s.start == (-7.0, 2.0)
    assert [r.name for r in s.race.racers] == ["sgd:lr=0.95", "momentum:lr=0.1",
                                                "adagrad:lr=1.5", "adam:lr=0.3"]
    assert window.leaderboard.table.rowCount() == 4


def test_keyboard_drives_playback(window: MainWindow, qtbot) -> None:
    s = window.session
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert s.cursor == 2
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert s.cursor == 1
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: s.cursor >= 10, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not window.playback.is_playing()
    stopped = s.cursor
    qtbot.wait(100)
    assert s.cursor == stopped
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert s.cursor == 0 and s.race.step_count == 0


def test_textbook_ravine_preset_reproduces_the_figure(window: MainWindow) -> None:
    """Saitoh, Deep Learning from Scratch, fig. 6-8: 30 steps from (-7, 2)."""
    window.load_preset("ravine")
    window.session.step(30)
    end = {r.config.optimizer: r.position for r in window.session.race.racers}
    # The textbook's own update rules, written out here as an independent check.
    x = np.array([-7.0, 2.0])
    grad = lambda p: np.array([p[0] / 10.0, 2.0 * p[1]])  # noqa: E731
    sgd, mom, v, ada, h = x.copy(), x.copy(), np.zeros(2), x.copy(), np.zeros(2)
    adam, m, vv = x.copy(), np.zeros(2), np.zeros(2)
    for t in range(1, 31):
        sgd -= 0.95 * grad(sgd)
        v = 0.9 * v - 0.1 * grad(mom)
        mom += v
        g = grad(ada)
        h += g * g
        ada -= 1.5 * g / (np.sqrt(h) + 1e-7)
        g = grad(adam)
        lr_t = 0.3 * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        m += (1 - 0.9) * (g - m)
        vv += (1 - 0.999) * (g**2 - vv)
        adam -= lr_t * m / (np.sqrt(vv) + 1e-7)
    np.testing.assert_allclose(end["sgd"], sgd, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(end["momentum"], mom, rtol=1e-12, atol=1e-14)
    # AdaGrad and Adam differ from the book only in where eps (1e-10/1e-8 vs 1e-7) enters:
    # far below a pixel of the figure.
    np.testing.assert_allclose(end["adagrad"], ada, atol=1e-6)
    np.testing.assert_allclose(end["adam"], adam, atol=2e-5)
    # SGD zig-zags: the sign of y alternates along its path.
    ys = window.session.race.racers[0].trajectory.column("y")[:10]
    assert np.all(np.sign(ys[1:]) == -np.sign(ys[:-1]))


def test_every_preset_loads_and_runs(window: MainWindow) -> None:
    from engine.presets import PRESETS

    for name in PRESETS:
        window.load_preset(name)
        window.session.step(5)
        assert window.session.cursor == 5
        assert window.leaderboard.table.rowCount() == len(window.session.config.racers)


def test_save_and_load_round_trip(window: MainWindow, tmp_path: Path) -> None:
    s = window.session
    window.load_preset("himmelblau")
    s.step(40)
    path = tmp_path / "race.json"
    assert window._save(path)
    positions = [r.position.copy() for r in s.race.racers]
    window.load_preset("ravine")
    assert s.surface.name == "ravine"
    assert window.load_session(path)
    assert s.surface.name == "himmelblau" and s.cursor == 40
    for r, p in zip(s.race.racers, positions, strict=True):
        np.testing.assert_array_equal(r.position, p)
    assert window.path == path


def test_corrupt_session_shows_a_message_and_changes_nothing(
    window: MainWindow, tmp_path: Path, warnings_shown: list[str]
) -> None:
    window.session.step(7)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}')
    assert not window.load_session(bad)
    assert warnings_shown == ["Cannot open session: not an Optimizer Race session file"]
    assert window.session.cursor == 7 and window.session.surface.name == "ravine"


HOSTILE_FILES = {
    "steps-inf": ('{"format": "optimizer-race-session", "version": 1, "race": {}, '
                  '"steps": Infinity}', "Infinity is not a number in JSON"),
    "seed-inf": ('{"format": "optimizer-race-session", "version": 1, "race": {"seed": 1e999}}',
                 "seed must be a whole number, got inf"),
    "lr-1e400": ('{"format": "optimizer-race-session", "version": 1, "race": {"racers": '
                 '[{"optimizer": "adam", "values": {"lr": 1' + "0" * 400 + '}}]}}',
                 "racer 1: lr must be finite, got 1e+400"),
    "deep": ("[" * 1000 + "]" * 1000, "nested too deeply"),
    "label": ('{"format": "optimizer-race-session", "version": 1, "race": {"racers": '
              '[{"optimizer": "adam", "label": {"a": 1}}]}}', "label must be text"),
}


@pytest.mark.parametrize("case", HOSTILE_FILES)
def test_hostile_session_files_are_refused_with_a_message(
    window: MainWindow, tmp_path: Path, warnings_shown: list[str], case: str
) -> None:
    text, reason = HOSTILE_FILES[case]
    window.session.step(7)
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    assert not window.load_session(bad)  # a SessionError, shown; nothing reaches the crash dialog
    assert len(warnings_shown) == 1 and warnings_shown[0].startswith("Cannot open session: ")
    assert reason in warnings_shown[0]
    assert window.session.cursor == 7 and window.session.surface.name == "ravine"


def test_exports(window: MainWindow, tmp_path: Path) -> None:
    window.session.step(12)
    png, svg, csv, gif = (tmp_path / f"race.{k}" for k in ("png", "svg", "csv", "gif"))
    assert window.export_view("png", png)
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 300
    assert window.export_view("svg", svg)
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()
    assert window.export_csv(csv)
    lines = csv.read_text().splitlines()
    assert lines[0] == "optimizer,step,x,y,loss" and len(lines) == 1 + 4 * 13
    assert window.export_gif(gif)
    from PIL import Image

    with Image.open(gif) as im:
        assert im.n_frames == 13
    assert window.session.cursor == 12  # restored after rendering


def test_export_to_unwritable_place_is_a_message(
    window: MainWindow, tmp_path: Path, warnings_shown: list[str]
) -> None:
    assert not window.export_csv(tmp_path / "missing" / "race.csv")
    assert warnings_shown and warnings_shown[0].startswith("Export failed")


def test_large_fonts_and_gradient_field(window: MainWindow) -> None:
    size = window.font().pointSizeF()
    window.large_font_action.trigger()
    assert window.leaderboard.font().pointSizeF() > size * 1.3
    window.large_font_action.trigger()
    assert abs(window.leaderboard.font().pointSizeF() - size) < 0.01
    window.gradient_action.trigger()
    assert window.contour.gradient_field


def test_app_starts_in_a_subprocess() -> None:
    script = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QTimer
        from gui.shell.app import create_app
        from gui.shell.main_window import MainWindow
        app = create_app()
        w = MainWindow()
        w.show()
        QTimer.singleShot(800, app.quit)
        code = app.exec()
        print("title:", w.windowTitle(), "racers:", len(w.session.race.racers))
        sys.exit(code)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "title: Optimizer Race racers: 4" in done.stdout
    assert "Traceback" not in done.stderr


def test_mnist_tab_hides_race_docks_and_keys(window: MainWindow, qtbot) -> None:
    assert window.tabs.tabText(1) == "MNIST"
    window.tabs.setCurrentIndex(1)
    assert not window.docks["Racers"].isVisible()
    assert not window.playback.play_action.isEnabled()
    window.tabs.setCurrentIndex(0)
    assert window.docks["Racers"].isVisible() and window.playback.play_action.isEnabled()


def test_closing_during_mnist_training_joins_the_worker(qtbot) -> None:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(w.mnist.trainingStarted, timeout=10_000):
        w.mnist.start_button.click()
    assert w.mnist.is_running
    w.close()
    assert not w.mnist.is_running and w.mnist._worker is None


def test_demos_menu_lists_the_paper_demos_and_race_presets(window: MainWindow) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Demos")
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert len(texts) >= 5
    assert any("Reddi" in a.toolTip() or "Adam" in t for a, t in
               zip(menu.actions(), texts, strict=False))
    race_entries = [a for a in menu.actions() if a.text().startswith("Race")]
    assert len(race_entries) == 2
    race_entries[0].trigger()
    assert window.session.config.racers  # a race preset was loaded


def test_every_preset_shows_its_lesson_and_plays_at_a_followable_speed(window) -> None:
    from engine.presets import PRESETS

    panel = window.surface_panel
    for i, preset in enumerate(PRESETS.values(), 1):
        # The Presets menu's Ctrl+i action, as a teacher would press it.
        action = next(a for a in window.findChildren(type(window.gradient_action))
                      if a.shortcut().toString() == f"Ctrl+{i}")
        action.trigger()
        assert panel.lesson_box.isVisible(), preset.name
        text = panel.lesson_label.text()
        for heading in ("Set-up.", "What to watch.", "Why."):
            assert f"<b>{heading}</b>" in text, preset.name
        plain = html.unescape(text)
        assert all(part in plain for part in (preset.setup, preset.watch, preset.why))
        assert panel.lesson_box.title() == preset.title
        # A race lasts long enough to follow: at least 5 s at the preset's speed.
        assert preset.steps / window.playback.speed() >= 5, preset.name
    panel.select_surface("sphere")  # another surface: the lesson no longer applies
    assert not panel.lesson_box.isVisible()


def test_the_race_demos_show_their_lesson_too(window) -> None:
    from engine.demos.races import DEMOS

    for demo in DEMOS:
        window.load_preset(demo.preset)
        text = window.surface_panel.lesson_label.text()
        assert "Custom formula" not in window.surface_panel.lesson_box.title()
        assert demo.watch in html.unescape(text)


def test_clicking_the_timeline_jumps_to_that_step(window, qtbot) -> None:
    window.session.step(200)
    timeline = window.playback.timeline
    window.session.seek(0)
    x = timeline._x_of(150)  # where step 150 is drawn
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton,
                     pos=QPoint(round(x), timeline.height() // 2))
    assert abs(window.session.cursor - 150) <= 2  # not one page (10 steps) from 0
    assert window.playback.step_label.text().startswith(f"step {window.session.cursor} ")


def test_bookmark_a_step_and_jump_back_to_it(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    s = window.session
    s.step(40)
    s.seek(12)
    qtbot.keyClick(window, Qt.Key.Key_B)  # mark step 12
    s.seek(30)
    window.bookmarks.mark_action.trigger()  # and 30, from the menu
    assert window.bookmarks.steps() == [12, 30]
    assert window.playback.timeline.marks() == [12, 30]
    s.seek(40)
    qtbot.keyClick(window, Qt.Key.Key_BracketLeft)
    assert s.cursor == 30
    qtbot.keyClick(window, Qt.Key.Key_BracketLeft)
    assert s.cursor == 12
    qtbot.keyClick(window, Qt.Key.Key_BracketRight)
    assert s.cursor == 30
    window.bookmarks._fill_menu()  # what the Bookmarks menu shows
    go = [a for a in window.bookmarks.menu.actions() if a.text().startswith("Go to step")]
    assert [a.text() for a in go] == ["Go to step 12", "Go to step 30"]
    go[0].trigger()
    assert s.cursor == 12
    qtbot.keyClick(window, Qt.Key.Key_B)  # again on a marked step: unmark it
    assert window.bookmarks.steps() == [30]
