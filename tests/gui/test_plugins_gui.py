"""Students' files in the window: add from file, reload on save, errors, Check, exercises, trust."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from engine.optimizers import REGISTRY, get_spec
from engine.plugins import file_hash, unload_plugin
from engine.plugins.exercises import exercise
from gui.plugins.check_panel import GREEN, RED, CheckPanel
from gui.plugins.exercises_dialog import ExercisesDialog
from gui.plugins.lab import TRUST_KEY
from gui.shell.main_window import MainWindow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plugins"
LOAD_MS = 120_000  # a fresh interpreter importing numpy on a loaded machine


@pytest.fixture(autouse=True)
def forget_plugins():
    yield
    for spec in [s for s in REGISTRY.values() if getattr(s.cls, "info", None) is not None]:
        unload_plugin(spec.name)


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _names(window: MainWindow) -> list[str]:
    return [r.optimizer for r in window.session.config.racers]


def test_racers_menu_adds_from_file_and_the_race_runs(window, qtbot, tmp_path) -> None:
    labels = [a.text() for a in window.add_racer_menu.actions()]
    assert "From &file…" in labels
    window.add_racer_menu.aboutToShow.emit()
    assert len(window.add_racer_menu.actions()) > 5  # the built-ins follow
    path = tmp_path / "my_adam.py"
    shutil.copy(FIXTURES / "solution_adam.py", path)
    window.lab.add_from_file(path)
    qtbot.waitUntil(lambda: "my_adam" in _names(window), timeout=LOAD_MS)
    assert window.statusBar().currentMessage() == "Loaded my_adam from my_adam.py"
    assert str(path) in window.lab.watcher.files()
    window.session.step(20)
    racer = window.session.race.racers[_names(window).index("my_adam")]
    assert racer.status != "diverged" and racer.steps == 20


def test_an_error_is_one_line_and_the_previous_version_keeps_racing(window, qtbot,
                                                                   tmp_path) -> None:
    path = tmp_path / "my_adam.py"
    shutil.copy(FIXTURES / "solution_adam.py", path)
    window.lab.add_from_file(path)
    qtbot.waitUntil(lambda: "my_adam" in _names(window), timeout=LOAD_MS)
    old = get_spec("my_adam")
    path.write_text(path.read_text() + "\ndef broken(:\n")  # saved with a syntax error
    qtbot.waitUntil(lambda: window.lab.last_error != "", timeout=LOAD_MS)
    line = len(path.read_text().splitlines())
    assert window.lab.last_error == f"my_adam.py, line {line}: SyntaxError: invalid syntax"
    assert window.statusBar().currentMessage() == window.lab.last_error
    assert get_spec("my_adam") is old and old.cls.process.alive
    window.session.step(5)
    racer = window.session.race.racers[_names(window).index("my_adam")]
    assert racer.status != "diverged" and racer.steps == 5
    # fixed, with a new default: the racers run the new version
    path.write_text((FIXTURES / "solution_adam.py").read_text().replace('"lr": 0.001',
                                                                         '"lr": 0.002'))
    qtbot.waitUntil(lambda: get_spec("my_adam") is not old, timeout=LOAD_MS)
    assert get_spec("my_adam").hparams[0].default == 0.002
    assert not old.cls.process.alive


def test_a_failing_racer_is_reported_and_the_race_goes_on(window, qtbot, tmp_path) -> None:
    path = tmp_path / "raises.py"
    shutil.copy(FIXTURES / "raises.py", path)
    window.lab.add_from_file(path)
    qtbot.waitUntil(lambda: "raises" in _names(window), timeout=LOAD_MS)
    window.session.step(3)
    qtbot.waitUntil(lambda: "stopped at step" in window.lab.last_error, timeout=LOAD_MS)
    assert window.lab.last_error.endswith(
        "raises.py, line 12: ZeroDivisionError: division by zero")
    others = [r for r in window.session.race.racers if r.config.optimizer != "raises"]
    assert others and all(r.steps == 3 for r in others)


def test_a_stopped_child_is_not_restarted_on_the_gui_thread(window, qtbot, tmp_path) -> None:
    path = tmp_path / "segfault.py"
    shutil.copy(FIXTURES / "segfault.py", path)
    window.lab.add_from_file(path)
    qtbot.waitUntil(lambda: "segfault" in _names(window), timeout=LOAD_MS)
    process = get_spec("segfault").cls.process
    window.session.step(3)
    qtbot.waitUntil(lambda: "crashed" in window.lab.last_error, timeout=LOAD_MS)
    window.session.set_noise(0.1, 1)  # a new race: the racer fails at once, no new child
    window.session.step(1)
    assert not process.alive and process.generation == 1
    racer = window.session.race.racers[_names(window).index("segfault")]
    assert racer.diverged_at == 1 and "save the file to load it again" in racer.optimizer.error


def test_racers_menu_opens_the_check_dialog(window, qtbot) -> None:
    action = next(a for a in window.menuBar().actions() if a.text() == "Ra&cers")
    check = next(a for a in action.menu().actions() if a.text() == "&Check my optimizer…")
    check.trigger()
    dialog = window.lab_dialog
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Check my optimizer"
    assert dialog.panel.check_button.text() == "Check"
    dialog.close()


@pytest.mark.parametrize(("fixture", "ok"), [("solution_adam.py", True),
                                             ("adam_no_bias_correction.py", False)])
def test_check_button_shows_green_or_red_and_plots(qtbot, tmp_path, fixture, ok) -> None:
    panel = CheckPanel()
    qtbot.addWidget(panel)
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    panel.set_file(path)
    panel.set_against("adam")
    with qtbot.waitSignal(panel.checked, timeout=LOAD_MS) as blocker:
        panel.check_button.click()
    assert blocker.args == [ok]
    text = panel.result_label.text()
    qtbot.waitUntil(panel.check_button.isEnabled)  # enabled again when the worker ends
    if ok:
        assert text.startswith("Passed:") and GREEN in panel.result_label.styleSheet()
    else:
        assert text.startswith("Failed:") and RED in panel.result_label.styleSheet()
        assert "the bias correction is missing" in text
    y = panel.curve.yData  # the differences (drawn on a log axis)
    assert len(y) == 200 and (max(y) <= 1e-9) == ok


def test_exercises_dialog_starts_checks_and_hints(qtbot, tmp_path, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = ExercisesDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.exercise_list.count() >= 5
    dialog.exercise_list.setCurrentRow(3)
    ex = exercise("adam")
    assert dialog.current() == ex and ex.text("task") in dialog.task_view.toPlainText()
    assert "HPARAMS" in dialog.task_view.toPlainText()  # the file API is documented
    dialog.start_button.click()
    path = tmp_path / "my_adam.py"
    assert path.read_text() == ex.template.read_text()
    assert [u.toLocalFile() for u in opened] == [str(path)]
    with qtbot.waitSignal(dialog.check.checked, timeout=LOAD_MS) as blocker:
        dialog.check.check_button.click()
    assert blocker.args == [False]
    assert not dialog.check.hint_label.isHidden()
    assert dialog.check.hint_label.text() == f"Hint: {ex.text('hint')}"


def _saved_session(window, qtbot, tmp_path) -> tuple[Path, Path]:
    path = tmp_path / "touches_marker.py"
    shutil.copy(FIXTURES / "touches_marker.py", path)
    window.lab.add_from_file(path)
    qtbot.waitUntil(lambda: "touches_marker" in _names(window), timeout=LOAD_MS)
    window.session.step(4)
    file = tmp_path / "lab.json"
    window.session.save(file)
    unload_plugin("touches_marker")
    window.load_preset("ravine", announce=False)
    marker = path.with_suffix(".ran")
    marker.unlink()
    return file, path


@pytest.mark.parametrize("allow", [True, False])
def test_a_session_with_a_students_file_asks_first(window, qtbot, tmp_path, monkeypatch,
                                                   allow) -> None:
    file, path = _saved_session(window, qtbot, tmp_path)
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if allow else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    result = window.load_session(file)
    assert len(asked) == 1 and str(path) in asked[0]
    key = f"{TRUST_KEY}/{file_hash(path)}"
    assert QSettings().value(key) == ("true" if allow else "false")
    if allow:
        assert result
        qtbot.waitUntil(lambda: "touches_marker" in _names(window), timeout=LOAD_MS)
        qtbot.waitUntil(lambda: window.session.cursor == 4, timeout=LOAD_MS)
        assert path.with_suffix(".ran").exists()
    else:
        assert not result
        assert "touches_marker" not in _names(window)
        assert not path.with_suffix(".ran").exists()
        assert str(path) in window.lab.last_error
    # the answer is remembered for this file's hash: no second question
    window.load_session(file)
    assert len(asked) == 1


def test_the_help_guide_documents_the_file_format(qapp) -> None:
    from gui.shell.help import guide_html

    page = guide_html()
    assert "Help ▸ Lab exercises" in page and "Racers ▸ Add ▸ From file…" in page
    for line in ('NAME = "my_adam"', "HPARAMS = {", "def init(params):",
                 "def step(params, grad, state, lr, beta1, beta2, eps):"):
        assert line in page.replace("&quot;", '"')
    assert "python main.py check my_adam.py --against adam" in page
