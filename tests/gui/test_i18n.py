"""English and Simplified Chinese: complete catalogue, nothing left in English, live switching.

The main window is built in English, switched to Chinese at run time (as
View ▸ Language does), walked widget by widget (menus and submenus, labels,
buttons, group boxes, tabs, docks, table headers, combo boxes, placeholders,
tooltips and plot titles) and must show no English word except names that are
the same in both languages: optimizer and hyper-parameter names, specs such as
``adam:lr=0.3``, formulas, units and acronyms.  Switching back restores every
English text exactly.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from engine.demos import DEMOS
from engine.formula_syntax import ALLOWED_FUNCTIONS
from engine.mnist.mlp import ACTIVATIONS, INITS
from engine.optimizers import REGISTRY
from engine.presets import PRESETS
from engine.schedules import SCHEDULE_PARAMS
from engine.session import Session
from engine.surfaces import SURFACES
from gui.services import i18n
from gui.services import settings as settings_mod
from gui.services.i18n import (
    current_language,
    engine_error,
    install_language,
    resolve_language,
    translate,
)
from gui.services.settings import Settings
from gui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as i18n_tool  # noqa: E402  (tools/i18n.py)

#: Words that are the same in the Chinese interface: acronyms, file types, keys,
#: proper names, code (spec syntax, formulas), units.
SAME_IN_BOTH = {
    "mnist", "fashion-mnist", "idx", "png", "svg", "csv", "gif", "json", "ctrl", "space",
    "english", "pytorch", "torch.optim", "pytorch-optimizer", "hessian", "l2", "sgd", "mb",
    "he", "xavier", "fan_in", "in", "out", "inf", "true", "false", "rms", "opengl", "pi",
    "lr", "delete", "epoch", "debian", "dataset-fashion-mnist",
    "max", "min", "sign", "clip", "float32",  # in update rules
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1500, 950)
    w.show()
    qtbot.waitExposed(w)
    w.racers_panel.list.setCurrentRow(3)  # the editor and "inside the optimizer" show Adam
    w.session.step(5)
    return w


@pytest.fixture
def chinese():
    """Switch to Simplified Chinese (the conftest switches back after the test)."""
    assert install_language("zh_CN") == "zh_CN"
    yield
    install_language("en")


def allowed_words() -> set[str]:
    """Names that stay as they are in Chinese, from the registries (lower case)."""
    words = set(SAME_IN_BOTH) | {f.lower() for f in ALLOWED_FUNCTIONS}
    words |= {a.lower() for a in ACTIVATIONS} | {i.lower() for i in INITS}
    for spec in REGISTRY.values():
        words.add(spec.name)
        words |= {w.lower() for w in WORD.findall(spec.reference)}  # torch.optim.Adam
        # citations stay in the original: authors, paper titles, venues
        words |= {w.lower() for w in WORD.findall(i18n.engine_text(spec.paper))}
        words |= {p.name.lower() for p in spec.hparams}
        # the titles that are names in Chinese too ("Adam", "Nesterov 动量", "无调度 SGD")
        words |= {w.lower() for w in WORD.findall(i18n.engine_text(spec.title))}
    for params in SCHEDULE_PARAMS.values():
        words |= {p.name.lower() for p in params}
    for demo in DEMOS.values():
        words |= {p.name.lower() for p in demo.settings}
        words |= {w.lower() for w in WORD.findall(i18n.engine_text(demo.paper))}
    for surface in SURFACES.values():
        words |= {w.lower() for w in WORD.findall(surface.formula)}
        words |= {w.lower() for w in WORD.findall(i18n.engine_text(surface.title))}
    return words


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The words of ``text`` that are English (not a name, a number or a formula)."""
    text = re.sub(r"<[^>]+>", " ", text).replace("&", "")
    found = []
    for word in WORD.findall(text):
        word = word.strip(".-")
        if len(word) < 2 or word.lower() in allowed:
            continue
        if re.fullmatch(r"e[-+]?\d+|[A-Za-z]\d*|\d.*", word):  # 1e-08, x1, β2 … numbers
            continue
        found.append(word)
    return found


def shown_texts(window: MainWindow) -> list[tuple[str, str]]:
    """(where, text) of every text the window shows, in a fixed order."""
    out: list[tuple[str, str]] = []

    def menu(m: QMenu, path: str) -> None:
        for action in m.actions():
            if action.isSeparator():
                continue
            where = f"{path} ▸ {action.text()}"
            out.append((where, action.text()))
            if action.statusTip():
                out.append((f"{where} (status tip)", action.statusTip()))
            if action.menu() is not None:
                out.append((where, action.menu().title()))
                menu(action.menu(), where)

    for action in window.menuBar().actions():
        out.append(("menu bar", action.text()))
        menu(action.menu(), action.text())
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        name = f"{type(w).__name__} {w.objectName()}".strip()
        if isinstance(w, QLabel):
            out.append((name, w.text()))
        elif isinstance(w, QAbstractButton):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QDockWidget):
            out.append((name, w.windowTitle()))
        elif isinstance(w, QTabWidget):
            out += [(name, w.tabText(i)) for i in range(w.count())]
            out += [(f"{name} tab tooltip", w.tabToolTip(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            out += [(name, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QLineEdit):
            out.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, QAbstractSpinBox):
            out.append((f"{name} special value", w.specialValueText()))
        if isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                item = w.horizontalHeaderItem(c)
                out += [(f"{name} header", item.text()), (f"{name} header tip", item.toolTip())]
            out += [(f"{name} cell", w.item(r, c).text()) for r in range(w.rowCount())
                    for c in range(w.columnCount()) if w.item(r, c) is not None]
        if isinstance(w, QTreeWidget):
            header = w.headerItem()
            out += [(f"{name} header", header.text(c)) for c in range(w.columnCount())]
            for i in range(w.topLevelItemCount()):
                top = w.topLevelItem(i)
                out += [(f"{name} row", top.text(0))]
                out += [(f"{name} row", top.child(j).text(0)) for j in range(top.childCount())]
        if w.toolTip():
            out.append((f"{name} tooltip", w.toolTip()))
    plots = [window.curves.loss_plot, window.curves.distance_plot, window.curves.step_plot]
    if window.tabs.currentWidget() is window.mnist_tab:
        plots = [window.mnist.loss_plot, window.mnist.acc_plot]
    for plot in plots:
        out.append(("plot title", plot.titleLabel.text))
        for side in ("left", "bottom"):
            out.append((f"plot {side} label", plot.getAxis(side).labelText))
    return [(where, text) for where, text in out if text and text.strip()]


def left_in_english(window: MainWindow) -> list[str]:
    QApplication.processEvents()  # rows added to a shown form appear on the next loop
    formulas = {spec.update_rule for spec in REGISTRY.values()}  # LaTeX source tooltips
    allowed = allowed_words()
    for racer in window.session.race.racers:  # names given by the user, state names
        allowed |= {w.lower() for w in WORD.findall(racer.name)}
        allowed |= {k.lower() for k in racer.snapshot()["state"]}
    return [f"{where}: {text!r} {words}" for where, text in shown_texts(window)
            if text not in formulas and (words := english_words(text, allowed))]


# -- the catalogue ---------------------------------------------------------------------------
def test_the_catalogue_is_complete_translated_and_compiled() -> None:
    """``tools/i18n.py --check``: every tr() string and engine text of today's code is in
    the .ts, translated, with the same {placeholders}, and the .qm is the compiled .ts."""
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "--check"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all translated" in done.stdout


def test_every_tr_call_is_in_the_catalogue_under_the_context_qt_looks_up() -> None:
    """``self.tr`` looks up the class it is written in, ``translate`` its first argument:
    lupdate must have filed every literal under that context (it can lose track of a
    class after a nested one)."""
    catalogue = {(m.context, m.source) for m in i18n_tool.read_ts(i18n_tool.ts_path("zh_CN"))}
    calls: list[tuple[str, int, str, str]] = []

    def visit(node: ast.AST, cls: str, path: Path) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.ClassDef) else cls
            if isinstance(child, ast.Call):
                f, args = child.func, child.args
                literal = [a.value for a in args if isinstance(a, ast.Constant)]
                if (isinstance(f, ast.Attribute) and f.attr == "tr"
                        and isinstance(f.value, ast.Name) and f.value.id == "self"
                        and args and isinstance(args[0], ast.Constant)):
                    calls.append((str(path), child.lineno, cls, args[0].value))
                name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")
                if name in ("translate", "QT_TRANSLATE_NOOP") and len(literal) >= 2 \
                        and len(args) >= 2 and all(isinstance(a, ast.Constant) for a in args[:2]):
                    calls.append((str(path), child.lineno, args[0].value, args[1].value))
            visit(child, inner, path)

    for path in sorted((ROOT / "gui").rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), "", path.relative_to(ROOT))
    assert len(calls) > 400
    missing = [c for c in calls if (c[2], c[3]) not in catalogue]
    assert not missing


def test_the_compiled_translations_ship_with_the_app() -> None:
    qm = i18n.qm_path("zh_CN")
    assert qm.is_file() and qm.stat().st_size > 10_000
    assert "resources/i18n/optimizer-race_zh_CN.qm" in qm.as_posix()


# -- choosing the language --------------------------------------------------------------------
def test_system_language_decides_by_default() -> None:
    assert resolve_language("system", QLocale("zh_CN")) == "zh_CN"
    assert resolve_language("system", QLocale("zh_TW")) == "zh_CN"
    assert resolve_language("system", QLocale("en_US")) == "en"
    assert resolve_language("system", QLocale("de_DE")) == "en"
    assert resolve_language("en", QLocale("zh_CN")) == "en"
    assert resolve_language("zh_CN", QLocale("en_US")) == "zh_CN"
    assert resolve_language("klingon", QLocale("en_US")) == "en"
    assert Settings().language == "system"


def test_the_app_starts_in_the_stored_language(tmp_path: Path) -> None:
    """``python main.py`` with ``ui/language=zh_CN`` stored: the window comes up in Chinese
    (the smoke test prints the window title)."""
    import os

    settings = tmp_path / "settings" / "OptimizerRace"
    settings.mkdir(parents=True)
    (settings / "Optimizer Race.ini").write_text("[ui]\nlanguage=zh_CN\n", encoding="utf-8")
    env = {**os.environ, "OPTIMIZER_RACE_SETTINGS_DIR": str(tmp_path / "settings"),
           "OPTIMIZER_RACE_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--smoke-test"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "window '优化器竞赛' shown" in done.stdout


# -- the main window in Chinese ------------------------------------------------------------------
def test_main_window_switched_to_chinese_shows_no_english(window: MainWindow, chinese) -> None:
    assert current_language() == "zh_CN"
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "竞速(&R)", "选手(&C)", "预设(&P)", "视图(&V)", "演示(&D)",
                      "帮助(&H)"]
    assert window.windowTitle() == "优化器竞赛"
    assert [window.tabs.tabText(i) for i in range(2)] == ["竞速", "MNIST"]
    assert window.docks["Leaderboard"].windowTitle() == "排行榜"
    assert window.docks["Inside the optimizer"].windowTitle() == "优化器内部"
    assert window.playback.play_action.text() == "播放"
    assert window.playback.step_label.text() == "第 5 / 5 步"
    assert window.racers_panel.add_button.text() == "添加"
    assert window.racers_panel.hparam_box.title() == "超参数（Adam）"
    assert window.leaderboard.table.horizontalHeaderItem(3).text() == "状态"
    assert window.leaderboard.rows()[0][2] == "进行中"
    assert "学习率" in window.racers_panel.editor("lr").toolTip()
    assert window.surface_panel.combo.currentText() == "峡谷"
    assert "动量" in window.inspector.summary_label.text()
    assert ("学习率", "0.3") in window.inspector.items()
    assert "损失" in window.curves.loss_plot.titleLabel.text
    texts = shown_texts(window)
    assert len(texts) > 150
    assert sum(bool(CJK.search(t)) for _, t in texts) > 100
    assert left_in_english(window) == []


def test_every_optimizer_surface_and_preset_in_chinese(window: MainWindow, chinese) -> None:
    """Each optimizer's form and inside view, each surface's description, each preset."""
    allowed = allowed_words()
    add_menu = [a.text() for a in window.racers_panel.add_menu.actions()]
    assert "动量法" in add_menu and "牛顿法" in add_menu and "二阶方法" in add_menu
    assert [w for t in add_menu for w in english_words(t, allowed)] == []
    for name in REGISTRY:
        window.racers_panel.add_racer(name)
        window.session.step(2)
        assert left_in_english(window) == [], name
    for name in SURFACES:
        window.surface_panel.select_surface(name)
        assert english_words(window.surface_panel.description_label.text(), allowed) == []
    for name in PRESETS:
        window.load_preset(name)
        assert left_in_english(window) == [], name


def test_mnist_tab_in_chinese_shows_no_english(window: MainWindow, chinese, qtbot) -> None:
    window.tabs.setCurrentIndex(1)
    qtbot.waitUntil(window.mnist.isVisible)
    mnist = window.mnist
    assert mnist.start_button.text() == "开始" and mnist.status_label.text() == "就绪。"
    assert mnist.acc_plot.titleLabel.text == "测试准确率"
    assert "内置" in mnist.banner_label.text()
    assert mnist.preset_buttons["Optimizer comparison"].text() == "优化器对比"
    assert left_in_english(window) == []


def test_the_window_built_in_chinese_matches_the_window_switched_to_it(qtbot, chinese) -> None:
    """The startup path (language installed before the window exists) shows the same texts."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1500, 950)
    w.show()
    qtbot.waitExposed(w)
    assert w.menuBar().actions()[0].text() == "文件(&F)"
    assert left_in_english(w) == []


def test_a_stored_race_that_cannot_be_restored_is_reported_in_chinese(qtbot, chinese) -> None:
    data = Session().to_dict()
    data["race"]["racers"] = [{"optimizer": "adam", "label": 12345}]
    QSettings().setValue(settings_mod.SESSION, json.dumps(data))
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.statusBar().currentMessage() == (
        "无法恢复上次的竞速（会话无效：第 1 名选手：label 必须是文本，实际为 12345）；"
        "将以默认竞速开始。")


def test_switching_back_restores_every_english_text(window: MainWindow) -> None:
    english = shown_texts(window)
    assert ("menu bar", "&File") in english
    install_language("zh_CN")
    QApplication.processEvents()
    chinese = shown_texts(window)
    changed = sum(a != b for a, b in zip(english, chinese, strict=False))
    assert changed > 100
    install_language("en")
    QApplication.processEvents()  # rebuilt forms show their new rows
    assert sorted(shown_texts(window)) == sorted(english)
    assert window.windowTitle() == "Optimizer Race"


def test_view_language_menu_switches_and_remembers(window: MainWindow) -> None:
    menu = window.desktop.language_menu
    assert [a.text() for a in menu.actions()] == ["&System language", "English", "简体中文"]
    assert menu.language_actions["system"].isChecked()
    menu.language_actions["zh_CN"].trigger()
    assert Settings().language == "zh_CN" and current_language() == "zh_CN"
    assert menu.language_actions["zh_CN"].isChecked()
    assert menu.title() == "语言(&L)"
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    menu.language_actions["en"].trigger()
    assert Settings().language == "en" and window.menuBar().actions()[0].text() == "&File"


def test_reset_to_defaults_goes_back_to_the_system_language(window: MainWindow) -> None:
    window.desktop.language_menu.language_actions["zh_CN"].trigger()
    assert current_language() == "zh_CN"
    window.desktop.reset_to_defaults(confirm=False)
    assert Settings().language == "system"
    assert current_language() == resolve_language("system")
    assert window.desktop.language_menu.language_actions["system"].isChecked()


def test_switching_language_keeps_the_race_and_a_running_playback(window: MainWindow,
                                                                  qtbot) -> None:
    # Playback catches up the time a slow switch takes: leave room before "stop at".
    window.playback.set_max_steps(100_000)
    window.playback.play()
    qtbot.waitUntil(lambda: window.session.cursor >= 8, timeout=5000)
    install_language("zh_CN")
    assert window.playback.is_playing() and window.playback.play_action.text() == "暂停"
    cursor = window.session.cursor
    qtbot.waitUntil(lambda: window.session.cursor > cursor, timeout=5000)
    window.playback.pause()
    assert [r.name for r in window.session.race.racers][0] == "sgd:lr=0.95"


# -- help, demos, engine messages ------------------------------------------------------------------
def test_help_window_in_chinese(window: MainWindow, chinese) -> None:
    dialog = window.desktop.show_help()
    assert dialog.windowTitle() == "优化器竞赛：优化器与实验指南"
    guide = dialog.browser.toPlainText()
    assert "实验课指南" in guide and "准备机器" in guide and "Guide for lab" not in guide
    dialog.show_page("adam")
    page = dialog.browser.toPlainText()
    assert "更新规则" in page and "超参数" in page and "偏差修正" in page
    assert "Adam combines" not in page
    dialog.search.setText("动量")
    assert "momentum" in dialog.visible_pages()
    dialog.search.setText("")
    install_language("en")  # open while switching: rebuilt in English, same page
    assert dialog.current_page() == "adam"
    assert "Update rule" in dialog.browser.toPlainText()


def test_demo_in_chinese(window: MainWindow, chinese, qtbot) -> None:
    from gui.demos.view import DemoDialog

    dialog = DemoDialog.open("adam-nonconvergence", window)
    qtbot.addWidget(dialog)
    view = dialog.view
    assert dialog.windowTitle() == "演示 — Adam 的不收敛"
    assert "观察要点" in view.explanation.text() and "What to watch" not in view.explanation.text()
    assert view.run_button.text() == "运行"
    view.fields["beta2"].setText("1.5")
    view.run()
    assert "beta2 必须在 [0, 1) 范围内，实际为 1.5" in view.message.text()
    dialog.close()


def test_engine_errors_are_shown_in_chinese(window: MainWindow, chinese) -> None:
    assert not window.surface_panel.apply_formula("sin(x) + foo(y)")
    assert window.surface_panel.error_text() == "第 10 列：未知的函数 'foo'"
    window.racers_panel.list.setCurrentRow(0)  # sgd: nesterov needs momentum > 0
    window.racers_panel.editor("nesterov").setChecked(True)
    assert window.racers_panel.error_text().startswith(
        "nesterov 要求 momentum > 0 且 dampening = 0，实际为 ")
    window.mnist.spec_edit.setText("adam:lr=-1")
    assert window.mnist.spec_hint.text() == "lr 必须在 [0, inf) 范围内，实际为 -1"
    install_language("en")  # the message shown follows the language
    assert window.surface_panel.error_text() == "unknown function 'foo' at column 10"


def test_a_bad_session_file_is_refused_in_chinese(window: MainWindow, chinese, tmp_path,
                                                   monkeypatch) -> None:
    """File ▸ Open of a hostile file: the dialog shows the nested reason in Chinese."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: shown.append((title, text)))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "optimizer-race-session", "version": 1, "race": {"racers": '
                   '[{"optimizer": "adam", "values": {"lr": 1' + "0" * 400 + '}}]}}')
    assert not window.load_session(bad)
    (title, text), = shown
    assert title == translate("MainWindow", "Cannot open session") != "Cannot open session"
    assert text == "会话无效：第 1 名选手：lr 必须是有限值，实际为 1e+400"
    bad.write_text("{" * 40 + "}" * 40)
    assert not window.load_session(bad)
    assert shown[1][1] == "bad.json 嵌套过深（超过 32 层）"


def test_the_demo_error_follows_the_language(window: MainWindow, chinese, qtbot) -> None:
    from gui.demos.view import DemoDialog

    dialog = DemoDialog.open("adam-nonconvergence", window)
    qtbot.addWidget(dialog)
    dialog.view.fields["beta2"].setText("1.5")
    dialog.view.run()
    assert "beta2 必须在 [0, 1) 范围内，实际为 1.5" in dialog.view.message.text()
    install_language("en")
    assert "beta2 must be in [0, 1), got 1.5" in dialog.view.message.text()
    dialog.view.shutdown()


def _session_with(path: str, value: object) -> dict:
    """A valid session (as saved) with the field at ``path`` ('race/racers/0/label') set."""
    s = Session()
    s.apply(PRESETS["ravine"].config())
    s.step(5)
    data = s.to_dict()
    *parents, last = [int(k) if k.isdigit() else k for k in path.split("/")]
    node = data
    for key in parents:
        node = node[key]
    node[last] = value
    return data


def _raised(attempt) -> BaseException:
    try:
        attempt()
    except Exception as exc:  # the engine's error, exactly as raised
        return exc
    raise AssertionError("no error")


def _engine_errors():
    """(what the engine is asked, the Chinese shown): every error built by the engine itself."""
    from engine.formula import parse_formula
    from engine.optimizers import get_spec, parse_spec
    from engine.race import Race, RaceConfig, RacerConfig
    from engine.schedules import Schedule
    from engine.session_file import parse_session_text, prepare

    def race_at_origin():
        config = RaceConfig(surface="log(x)", racers=[RacerConfig("sgd")], start=(0.0, 0.0))
        Race(config)

    adam = ", ".join(p.name for p in get_spec("adam").hparams)
    return [
        (lambda: parse_spec("adam:lr=-1"), "lr 必须在 [0, inf) 范围内，实际为 -1"),
        (lambda: parse_spec("sgd:nesterov=maybe"),
         "nesterov 必须为 true 或 false，实际为 'maybe'"),
        (lambda: get_spec("adam").hparams[1].validate("x"), "beta1 必须是数字，实际为 'x'"),
        (lambda: get_spec("adamm"), f"未知的优化器 'adamm'；可用的优化器：{', '.join(REGISTRY)}"),
        (lambda: parse_spec("adam:foo=1"), f"adam 没有超参数 'foo'；可用的超参数：{adam}"),
        (lambda: parse_formula("x + X"), "第 5 列：未知的名称 'X'（是否想写 'x'？）"),
        (lambda: parse_formula("x y"), "第 3 列：意外的 'y'（是否缺少运算符？）"),
        (lambda: parse_formula("1 + (x < y)"), "第 6 列：不允许使用比较运算"),
        (race_at_origin, "f 在 sgd 的起点 (0, 0) 处没有定义（或不是有限值）；请另选起点"),
        (lambda: prepare({"format": "something else"}), "不是优化器竞赛的会话文件"),
        (lambda: prepare(_session_with("race/racers/0/values/lr", -1)),
         "会话无效：第 1 名选手：lr 必须在 [0, inf) 范围内，实际为 -1"),
        (lambda: parse_spec("adam:lr=0.1,lr=0.2"),
         "优化器规格 'adam:lr=0.1,lr=0.2' 中 lr 出现了两次"),
        (lambda: Schedule.parse("cosine:t_max=5,t_max=6"),
         "学习率调度 'cosine:t_max=5,t_max=6' 中 t_max 出现了两次"),
        (lambda: prepare(_session_with("race/racers/1/label", 12345)),
         "会话无效：第 2 名选手：label 必须是文本，实际为 12345"),
        (lambda: prepare(_session_with("race/racers/0/values/lr", 10**400)),
         "会话无效：第 1 名选手：lr 必须是有限值，实际为 1e+400"),
        (lambda: prepare(_session_with("display/0/color", "<b>x</b>")),
         "会话无效：第 1 名选手：颜色必须为 #RRGGBB 格式，实际为 '<b>x</b>'"),
        (lambda: parse_session_text('{"a": Infinity}', "race.json"),
         "race.json 不是有效的 JSON（Infinity 在 JSON 中不是数字）"),
        (lambda: parse_session_text('{"a":\n\n ]', "race.json"),
         "race.json 不是有效的 JSON（第 3 行：Expecting value）"),
        (lambda: parse_session_text("[" * 40 + "]" * 40, "race.json"),
         "race.json 嵌套过深（超过 32 层）"),
        (lambda: prepare(_session_with("race/domain", "everywhere")),
         "会话无效：domain 必须是四个数，实际为 'everywhere'"),
    ]


@pytest.mark.parametrize("case", range(20))
def test_engine_errors_are_translated_by_their_id(case: int, qapp, chinese) -> None:
    """The engine's own errors (nested ones too) show the Chinese of their template."""
    attempt, expected = _engine_errors()[case]
    error = _raised(attempt)
    assert engine_error(error) == expected
    install_language("en")
    assert engine_error(error) == str(error)  # English: the CLI's text, unchanged


def test_the_engine_errors_table_is_complete() -> None:
    assert len(_engine_errors()) == 20


def test_text_that_is_not_a_message_stays_english(qapp, chinese) -> None:
    """Nothing is matched back from English: plain text (even a known sentence) is kept."""
    assert engine_error("something nobody translated") == "something nobody translated"
    assert engine_error("not an Optimizer Race session file") == (
        "not an Optimizer Race session file")
    assert engine_error(ValueError("some library's words")) == "some library's words"


def test_too_long_replays_and_long_labels_are_translated(qapp, chinese) -> None:
    from engine.session_file import prepare

    data = _session_with("race/racers/0/label", "x" * 10_000_000)
    assert engine_error(_raised(lambda: prepare(data))) == (
        "会话无效：第 1 名选手：label 过长（10000000 个字符，最多 200）")
    data = _session_with("steps", 200_000)
    racer = data["race"]["racers"][0]
    data["race"]["racers"], data["display"] = [racer] * 20, []
    data["steps"] = data["cursor"] = 200_000
    assert engine_error(_raised(lambda: prepare(data))) == (
        "会话无效：重放过长：200000 步 × 20 名选手 = 4000000 选手步，最多 2000000")


def test_new_engine_messages_are_translated_as_raised(qapp, chinese, monkeypatch) -> None:
    """The memory refusal and the repeated-key errors, exactly as the engine words them."""
    from engine.mnist import memory
    from engine.mnist.trainer import TrainConfig
    from engine.optimizers import parse_spec

    monkeypatch.setattr(memory, "available_memory", lambda: 2**30)
    messages: list[object] = []
    for attempt in (
        lambda: memory.check_memory(TrainConfig(hidden=(4096,) * 16), memory.DataShapes(10, 10)),
        lambda: TrainConfig(optimizers=("sgd",) * 9).validate(),
        lambda: parse_spec("adam:lr=0.1,lr=0.2"),
    ):
        with pytest.raises(ValueError) as info:
            attempt()
        messages.append(info.value)
    messages.append(memory.out_of_memory_message())
    for message in messages:
        translated = engine_error(message)
        assert translated != str(message) and re.search(r"[\u4e00-\u9fff]", translated), message
    assert engine_error(messages[1]) == "最多只能同时训练 8 个优化器，实际为 9 个"
    assert engine_error(messages[3]) == (
        "训练时内存不足；请减少隐藏层的数量或大小、减少优化器或减小批大小")


def test_engine_messages_stay_as_they_are_in_english() -> None:
    assert engine_error("lr must be in [0, inf), got -1") == "lr must be in [0, inf), got -1"
