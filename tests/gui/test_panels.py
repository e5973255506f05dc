"""The race window's panels, driven through their real widgets (pytest-qt).

Each test builds a session, wraps it in a SessionBridge, builds the panel under
test and asserts what the user would see and what the session now holds.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QColorDialog,
    QStyle,
    QStyleOptionButton,
)

from engine.formula import parse_formula
from engine.race import RaceConfig, RacerConfig
from engine.session import Session
from gui.race.curves import FLOOR, CurvesView
from gui.race.inspector import InspectorPanel
from gui.race.leaderboard import LeaderboardView
from gui.race.playback import PlaybackPanel
from gui.race.racers_panel import RacersPanel
from gui.race.surface_panel import CUSTOM, SurfacePanel
from gui.services.session_bridge import SessionBridge
from gui.widgets.controls import ERROR_COLOR, LogSpinSlider
from gui.widgets.mathtext import latex_to_unicode
from gui.widgets.numbers import format_value


def make_bridge(surface: str = "ravine", racers: list[RacerConfig] | None = None,
                **kwargs) -> SessionBridge:
    return SessionBridge(Session(RaceConfig(surface=surface, racers=racers or [], **kwargs)))


def type_into(qtbot, spin: QAbstractSpinBox, text: str) -> None:
    """Select the spin box's text, type ``text`` and press Enter, as a user would."""
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def click_checkbox(qtbot, box: QCheckBox) -> None:
    """Click the check box's indicator."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def racers_panel(qtbot):
    bridge = make_bridge(racers=[RacerConfig("sgd", {"lr": 0.1})])
    panel = RacersPanel(bridge)
    qtbot.addWidget(panel)
    panel.show()
    return panel


# -- racers panel ---------------------------------------------------------------------------------
def test_add_racer_from_the_menu_adds_and_selects_it(racers_panel):
    session = racers_panel.bridge.session
    action = next(a for a in racers_panel.add_menu.actions() if a.data() == "adam")
    assert "RMSprop" in action.toolTip()  # the registry summary
    action.trigger()
    action.trigger()  # several racers may use the same optimizer
    assert [r.optimizer for r in session.config.racers] == ["sgd", "adam", "adam"]
    assert session.selected == 2
    assert racers_panel.list.count() == 3
    assert racers_panel.list.currentRow() == 2
    assert racers_panel.title_label.text() == "Adam"


def test_every_registry_optimizer_is_offered(racers_panel):
    from engine.optimizers import REGISTRY

    def names(menu):
        out = []
        for a in menu.actions():
            if a.menu() is not None:
                out += names(a.menu())
            elif a.data():
                out.append(a.data())
        return out

    assert sorted(names(racers_panel.add_menu)) == sorted(REGISTRY)


def test_selecting_a_row_selects_the_racer(racers_panel):
    session = racers_panel.bridge.session
    racers_panel.add_racer("momentum")
    racers_panel.list.setCurrentRow(0)
    assert session.selected == 0
    assert racers_panel.title_label.text() == "SGD"
    session.select(1)  # the session speaks: the list follows without echoing back
    assert racers_panel.list.currentRow() == 1
    assert racers_panel.title_label.text() == "Momentum"


def test_form_is_generated_from_the_registry_with_tooltips(racers_panel):
    racers_panel.add_racer("adam")
    lr = racers_panel.editor("lr")
    assert isinstance(lr, LogSpinSlider)
    assert lr.value() == 1e-3
    assert "Valid range: [0, inf)" in lr.toolTip() and "Default: 0.001" in lr.toolTip()
    assert racers_panel.editor("eps").spin.text() == "1e-8"
    assert racers_panel.editor("beta1").maximum() == 1.0
    assert racers_panel.editor("amsgrad").isChecked() is False


def test_changing_lr_in_the_form_updates_the_racer(qtbot, racers_panel):
    session = racers_panel.bridge.session
    racers_panel.add_racer("adam")
    with qtbot.waitSignal(racers_panel.bridge.racersChanged):
        type_into(qtbot, racers_panel.editor("lr").spin, "0.05")
    assert session.config.racers[1].values == {"lr": 0.05}
    assert racers_panel.error_text() == ""


def test_one_edit_makes_exactly_one_update(qtbot, racers_panel):
    session = racers_panel.bridge.session
    session.select(0)
    emitted = []
    racers_panel.bridge.racersChanged.connect(lambda: emitted.append(1))
    type_into(qtbot, racers_panel.editor("momentum"), "0.5")
    assert emitted == [1]  # the write-back did not echo into a second update
    assert session.config.racers[0].values == {"lr": 0.1, "momentum": 0.5}


def test_lr_slider_is_logarithmic(racers_panel):
    session = racers_panel.bridge.session
    session.select(0)
    lr = racers_panel.editor("lr")
    lr.slider.setValue(-200)  # 10 ** (-200 / 100)
    assert session.config.racers[0].values["lr"] == pytest.approx(0.01)
    assert lr.spin.text() == "0.01"


def test_log_spin_box_arrows_walk_one_two_five(racers_panel):
    session = racers_panel.bridge.session
    session.select(0)
    spin = racers_panel.editor("lr").spin
    spin.stepBy(1)
    assert session.config.racers[0].values["lr"] == 0.2
    spin.stepBy(-2)
    assert session.config.racers[0].values["lr"] == 0.05


def test_cross_parameter_error_is_shown_in_red_and_nothing_changes(qtbot, racers_panel):
    session = racers_panel.bridge.session
    session.select(0)
    before = session.config.racers[0]
    nesterov = racers_panel.editor("nesterov")
    click_checkbox(qtbot, nesterov)
    assert nesterov.isChecked()
    with pytest.raises(ValueError) as engine_error:
        RacerConfig("sgd", {"lr": 0.1, "nesterov": True})
    assert racers_panel.error_text() == str(engine_error.value)
    assert "nesterov requires momentum > 0" in racers_panel.error_text()
    assert racers_panel.error_label.isVisible()
    assert ERROR_COLOR in racers_panel.error_label.styleSheet()
    assert session.config.racers[0] is before  # config unchanged
    # Fixing the other parameter applies both edits and clears the message.
    type_into(qtbot, racers_panel.editor("momentum"), "0.9")
    assert session.config.racers[0].values == {"lr": 0.1, "momentum": 0.9, "nesterov": True}
    assert racers_panel.error_text() == ""
    assert not racers_panel.error_label.isVisible()


def test_open_bound_is_rejected_with_the_engine_message(qtbot, racers_panel):
    session = racers_panel.bridge.session
    racers_panel.add_racer("adam")
    type_into(qtbot, racers_panel.editor("beta1"), "1")
    assert racers_panel.error_text() == "beta1 must be in [0, 1), got 1"
    assert session.config.racers[1].values == {}


def test_an_out_of_range_value_typed_shows_the_engine_message(qtbot, racers_panel):
    session = racers_panel.bridge.session
    racers_panel.add_racer("adam")
    type_into(qtbot, racers_panel.editor("lr").spin, "-0.5")  # below the range (0, inf)
    with pytest.raises(ValueError) as engine_error:
        RacerConfig("adam", {"lr": -0.5})
    assert racers_panel.error_text() == str(engine_error.value)
    assert racers_panel.error_label.isVisible()
    assert racers_panel.editor("lr").value() == 0.001  # the value in use stays
    assert session.config.racers[1].values == {}
    type_into(qtbot, racers_panel.editor("lr").spin, "0.01")  # a good value clears it
    assert racers_panel.error_text() == ""
    assert session.config.racers[1].values == {"lr": 0.01}
    type_into(qtbot, racers_panel.editor("weight_decay"), "-1")  # a plain spin box too
    assert racers_panel.error_text().startswith("weight_decay must be")


def test_label_schedule_and_own_start(qtbot, racers_panel):
    session = racers_panel.bridge.session
    session.select(0)
    racers_panel.label_edit.setFocus()
    qtbot.keyClicks(racers_panel.label_edit, "slow SGD")
    qtbot.keyClick(racers_panel.label_edit, Qt.Key.Key_Return)
    assert session.config.racers[0].label == "slow SGD"
    assert racers_panel.row_widget(0).name.text() == "slow SGD"

    racers_panel.schedule_combo.setCurrentIndex(racers_panel.schedule_combo.findData("cosine"))
    assert session.config.racers[0].schedule.kind == "cosine"
    type_into(qtbot, racers_panel.schedule_editor("t_max"), "50")
    assert session.config.racers[0].schedule.params == {"t_max": 50, "eta_min": 0.0}

    assert racers_panel.common_start.isChecked()
    assert not racers_panel.start_x.isEnabled()
    racers_panel.common_start.setChecked(False)
    type_into(qtbot, racers_panel.start_x, "1.5")
    assert session.config.racers[0].start == (1.5, session.start[1])
    racers_panel.common_start.setChecked(True)
    assert session.config.racers[0].start is None


def test_recolor_through_the_colour_dialog(qtbot, racers_panel):
    session = racers_panel.bridge.session
    row = racers_panel.row_widget(0)
    qtbot.mouseClick(row.swatch, Qt.MouseButton.LeftButton)
    dialog = racers_panel.findChild(QColorDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.setCurrentColor(QColor("#123456"))
    dialog.accept()
    assert session.display[0].color == "#123456"
    racers_panel.recolor(0, "#abcdef")  # what colorSelected calls
    assert session.display[0].color == "#abcdef"


def test_hide_and_remove(qtbot, racers_panel):
    session = racers_panel.bridge.session
    racers_panel.add_racer("adam")
    box = racers_panel.row_widget(0).visible
    click_checkbox(qtbot, box)
    assert session.display[0].visible is False
    assert session.display[1].visible is True
    session.set_display(0, visible=True)  # and back from the session
    assert box.isChecked()

    session.select(0)
    qtbot.mouseClick(racers_panel.remove_button, Qt.MouseButton.LeftButton)
    assert [r.optimizer for r in session.config.racers] == ["adam"]
    assert racers_panel.list.count() == 1
    assert session.selected is None
    assert racers_panel.stack.currentIndex() == 0  # the "select a racer" placeholder
    assert not racers_panel.remove_button.isEnabled()


# -- surface panel -----------------------------------------------------------------------------
@pytest.fixture
def surface_panel(qtbot):
    panel = SurfacePanel(make_bridge(racers=[RacerConfig("sgd", {"lr": 0.1})]))
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_surface_combo_switches_surface(qtbot, surface_panel):
    session = surface_panel.bridge.session
    combo = surface_panel.combo
    assert combo.currentData() == "ravine"
    assert combo.itemData(combo.findData("sphere"), Qt.ItemDataRole.ToolTipRole) == (
        "f(x, y) = x**2 + y**2")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next catalogue entry
    assert session.config.surface == "sphere"
    assert surface_panel.formula_edit.text() == "x**2 + y**2"
    assert "Global minimum f* = 0 at (0, 0)" in surface_panel.description_label.text()
    surface_panel.select_surface("saddle")
    assert combo.currentData() == "saddle"
    assert "unbounded below" in surface_panel.description_label.text()


def test_bad_formula_shows_inline_error_and_keeps_the_surface(qtbot, surface_panel):
    session = surface_panel.bridge.session
    edit = surface_panel.formula_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "x**2 + ")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    with pytest.raises(ValueError) as parser_error:
        parse_formula("x**2 + ")
    assert surface_panel.error_text() == str(parser_error.value)
    assert surface_panel.error_label.isVisible()
    assert session.config.surface == "ravine"
    assert session.surface.name == "ravine"


def test_good_formula_applies(qtbot, surface_panel):
    session = surface_panel.bridge.session
    edit = surface_panel.formula_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "x**2 + 3*y**2")
    assert surface_panel.combo.currentData() == CUSTOM
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert session.config.surface == "x**2 + 3*y**2"
    assert not session.surface.builtin
    assert surface_panel.error_text() == ""
    assert surface_panel.combo.currentData() == CUSTOM
    assert surface_panel.apply_formula("log(") is False
    assert session.config.surface == "x**2 + 3*y**2"


def test_custom_entry_only_focuses_the_field(surface_panel):
    session = surface_panel.bridge.session
    combo = surface_panel.combo
    combo.setCurrentIndex(combo.findData(CUSTOM))
    combo.activated.emit(combo.findData(CUSTOM))
    assert session.config.surface == "ravine"


def test_noise_sigma_and_seed(qtbot, surface_panel):
    session = surface_panel.bridge.session
    type_into(qtbot, surface_panel.sigma_spin, "0.25")
    type_into(qtbot, surface_panel.seed_spin, "7")
    assert (session.config.noise_sigma, session.config.seed) == (0.25, 7)
    session.apply(RaceConfig(surface="booth", noise_sigma=0.5, seed=3))  # e.g. a preset
    assert surface_panel.sigma_spin.value() == 0.5
    assert surface_panel.seed_spin.value() == 3
    assert surface_panel.combo.currentData() == "booth"


# -- playback panel ----------------------------------------------------------------------------
@pytest.fixture
def playback(qtbot):
    panel = PlaybackPanel(make_bridge(racers=[RacerConfig("sgd", {"lr": 0.1}),
                                              RacerConfig("adam", {"lr": 0.1})]))
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_step_step_back_and_reset_buttons(qtbot, playback):
    session = playback.bridge.session
    click = qtbot.mouseClick
    assert playback.step_label.text() == "step 0 / 0"
    assert not playback.step_back_button.isEnabled()
    click(playback.step_button, Qt.MouseButton.LeftButton)
    click(playback.step_button, Qt.MouseButton.LeftButton)
    assert session.cursor == 2
    assert playback.step_label.text() == "step 2 / 2"
    click(playback.step_back_button, Qt.MouseButton.LeftButton)
    assert session.cursor == 1
    assert playback.step_label.text() == "step 1 / 2"
    assert playback.timeline.maximum() == 2 and playback.timeline.value() == 1
    click(playback.reset_button, Qt.MouseButton.LeftButton)
    assert (session.cursor, session.race.step_count) == (0, 0)
    assert playback.step_label.text() == "step 0 / 0"


def test_actions_have_the_main_window_shortcuts(playback):
    assert playback.play_action.shortcut().toString() == "Space"
    assert playback.step_action.shortcut().toString() == "Right"
    assert playback.step_back_action.shortcut().toString() == "Left"
    assert playback.reset_action.shortcut().toString() == "R"
    assert playback.actions() == [playback.play_action, playback.step_back_action,
                                  playback.step_action, playback.reset_action]
    playback.step_action.trigger()
    assert playback.bridge.session.cursor == 1


def test_play_then_pause_advances_the_cursor(qtbot, playback):
    session = playback.bridge.session
    playback.set_speed(200)
    qtbot.mouseClick(playback.play_button, Qt.MouseButton.LeftButton)
    assert playback.is_playing()
    assert playback.play_action.text() == "Pause"
    qtbot.wait(300)
    qtbot.mouseClick(playback.play_button, Qt.MouseButton.LeftButton)
    assert not playback.is_playing()
    assert playback.play_action.text() == "Play"
    cursor = session.cursor
    assert 5 < cursor < 200
    qtbot.wait(100)
    assert session.cursor == cursor  # paused means paused


def test_play_stops_at_max_steps(qtbot, playback):
    session = playback.bridge.session
    playback.set_max_steps(12)
    playback.set_speed(1000)
    with qtbot.waitSignal(playback.playingChanged, timeout=3000) as stopped:
        playback.play()
    assert stopped.args == [True]
    qtbot.waitUntil(lambda: not playback.is_playing(), timeout=3000)
    assert session.cursor == 12
    assert "12" in playback.status_label.text()
    playback.play()  # at the stop: replays from 0
    assert playback.is_playing()
    playback.pause()


def test_play_pauses_when_every_racer_diverged(qtbot):
    panel = PlaybackPanel(make_bridge("sphere", [RacerConfig("sgd", {"lr": 1.5})]))
    qtbot.addWidget(panel)
    panel.set_speed(2000)
    panel.play()
    qtbot.waitUntil(lambda: not panel.is_playing(), timeout=5000)
    racer = panel.bridge.session.race.racers[0]
    assert racer.diverged_at is not None
    assert panel.bridge.session.cursor < 100
    assert panel.status_label.text() == "every racer diverged"


def test_timeline_seeks_and_speed_control(qtbot, playback):
    session = playback.bridge.session
    session.step(40)
    assert playback.timeline.maximum() == 40
    playback.timeline.setValue(15)
    assert session.cursor == 15
    assert playback.step_label.text() == "step 15 / 40"
    type_into(qtbot, playback.speed_control.spin, "250")
    assert playback.speed() == 250
    assert playback.speed_control.slider.value() == round(np.log10(250) * 100)
    playback.speed_control.slider.setValue(300)  # log slider: 10**3 steps/s
    assert playback.speed() == 1000


def test_close_stops_the_timer(qtbot, playback):
    playback.play()
    assert playback.is_playing()
    playback.close()
    assert not playback.is_playing()


# -- leaderboard -------------------------------------------------------------------------------
def test_leaderboard_reports_divergence_as_of_the_cursor(qtbot):
    bridge = make_bridge("sphere", [RacerConfig("sgd", {"lr": 1.5}),
                                    RacerConfig("sgd", {"lr": 0.1})])
    view = LeaderboardView(bridge)
    qtbot.addWidget(view)
    session = bridge.session
    session.step(40)
    k = session.race.racers[0].diverged_at
    assert k is not None and 5 < k < 40
    rows = view.rows()
    assert [r[1] for r in rows] == ["sgd:lr=0.1", "sgd:lr=1.5"]  # the diverged one last
    assert rows[1][2] == f"diverged at step {k}"
    assert view.table.item(1, 3).foreground().color() == QColor(ERROR_COLOR)
    session.seek(k - 5)
    assert view.rows()[1][2] == "running"
    assert view.rows()[1][4] == str(k - 5)


def test_leaderboard_newton_converges_at_step_1(qtbot):
    bridge = make_bridge("ravine", [RacerConfig("sgd", {"lr": 0.1}), RacerConfig("newton")])
    view = LeaderboardView(bridge)
    qtbot.addWidget(view)
    assert [r[2] for r in view.rows()] == ["running", "running"]
    bridge.session.step(3)
    rows = view.rows()
    assert rows[0][:3] == ("1", "newton", "converged at step 1")
    assert rows[1][2] == "running"
    view.table.setCurrentCell(1, 2)  # clicking a row selects that racer
    assert bridge.session.selected == 0


def test_leaderboard_shows_newton_at_the_saddle_point_not_converged(qtbot):
    bridge = make_bridge("saddle", [RacerConfig("sgd", {"lr": 0.05}), RacerConfig("newton")],
                         start=(-1.8, 0.02))
    view = LeaderboardView(bridge)
    qtbot.addWidget(view)
    bridge.session.step(60)
    newton = next(r for r in view.rows() if r[1] == "newton")
    assert newton[2] == "at a saddle point (step 1)"
    assert not any(r[2].startswith("converged") for r in view.rows())
    assert view.rows()[0][1] == "sgd:lr=0.05"  # escaping downhill beats sitting on the saddle
    bridge.session.seek(0)
    assert [r[2] for r in view.rows()] == ["running", "running"]


# -- curves ------------------------------------------------------------------------------------
def test_curves_one_per_racer_up_to_the_cursor(qtbot):
    bridge = make_bridge("ravine", [RacerConfig("sgd", {"lr": 0.1}),
                                    RacerConfig("adam", {"lr": 0.3})])
    view = CurvesView(bridge)
    qtbot.addWidget(view)
    session = bridge.session
    session.step(7)
    assert view.loss_is_log() and view.has_distance()
    for curves in (view.loss_curves, view.distance_curves):
        assert len(curves) == 2
        assert [len(c.getData()[0]) for c in curves] == [8, 8]
    assert [len(c.getData()[0]) for c in view.step_curves] == [7, 7]
    assert all(line.value() == 7 for line in view.cursor_lines)
    x, _ = view.loss_curves[0].getData()
    assert list(x) == list(range(8))
    assert view.loss_curves[0].opts["pen"].color().name() == session.display[0].color.lower()
    session.seek(3)
    assert [len(c.getData()[0]) for c in view.loss_curves] == [4, 4]
    assert all(line.value() == 3 for line in view.cursor_lines)
    session.set_display(1, visible=False)
    assert not view.loss_curves[1].isVisible()
    session.reset()
    assert [len(c.getData()[0]) for c in view.loss_curves] == [1, 1]


def test_curves_plot_excess_loss_and_floor_exact_hits(qtbot):
    bridge = make_bridge("six_hump_camel", [RacerConfig("newton")], start=(0.1, -0.7))
    view = CurvesView(bridge)
    qtbot.addWidget(view)
    bridge.session.step(6)
    fmin = min(m.f for m in bridge.session.surface.minima)
    assert fmin < 0  # negative minimum: the raw loss could not go on a log axis
    assert "f* = -1.03163" in view.loss_plot.titleLabel.text
    series = view._series[0]
    loss = bridge.session.race.racers[0].trajectory.column("loss")
    expected = np.maximum(loss - fmin, FLOOR)
    np.testing.assert_allclose(series.loss[: series.n], expected)
    assert np.all(series.loss[: series.n] > 0)


def test_curves_on_a_surface_without_minima(qtbot):
    bridge = make_bridge("saddle", [RacerConfig("sgd", {"lr": 0.1})])
    view = CurvesView(bridge)
    qtbot.addWidget(view)
    bridge.session.step(5)
    assert not view.loss_is_log()
    assert "linear: no known minimum" in view.loss_plot.titleLabel.text
    assert view.distance_stack.currentIndex() == 1
    assert "no known global minimum" in view.no_minimum_label.text()
    assert len(view.loss_curves[0].getData()[0]) == 6
    bridge.session.set_surface("sphere")
    assert view.loss_is_log() and view.distance_stack.currentIndex() == 0


def _left_ticks(plot) -> tuple[str, list[str]]:
    """The left axis's label text and the tick labels it draws now."""
    axis = plot.getAxis("left")
    low, high = axis.range
    strings = []
    for spacing, values in axis.tickValues(low, high, axis.size().height()):
        strings += [t for t in axis.tickStrings(values, axis.autoSIPrefixScale, spacing) if t]
    return axis.label.toPlainText(), strings


def test_log_loss_axis_has_no_si_scale_after_a_divergence(qtbot):
    bridge = make_bridge("beale", [RacerConfig("sgd", {"lr": 0.05}),
                                   RacerConfig("adam", {"lr": 0.05})])
    view = CurvesView(bridge)
    qtbot.addWidget(view)
    view.resize(400, 600)
    view.show()
    qtbot.waitExposed(view)
    bridge.session.step(60)
    assert bridge.session.race.racers[0].diverged_at is not None  # SGD blew up on Beale
    view.loss_plot.getViewBox().updateAutoRange()
    label, ticks = _left_ticks(view.loss_plot)
    assert label.strip() == "f − f*" and "x1e" not in label
    assert ticks and all("e+" not in t for t in ticks)


def test_log_ticks_read_as_plain_numbers_where_sensible():
    from gui.race.curves import log_tick_text

    assert [log_tick_text(np.log10(v)) for v in (60, 0.02, 1, 2000)] == ["60", "0.02", "1", "2000"]
    assert [log_tick_text(np.log10(v)) for v in (1e-8, 2e5, 1e4)] == ["10⁻⁸", "2·10⁵", "10⁴"]


def test_rastrigin_loss_ticks_are_plain(qtbot):
    bridge = make_bridge("rastrigin", [RacerConfig("sgd", {"lr": 0.002})], start=(3.3, -4.3))
    view = CurvesView(bridge)
    qtbot.addWidget(view)
    view.resize(400, 600)
    view.show()
    qtbot.waitExposed(view)
    bridge.session.step(50)
    view.loss_plot.getViewBox().updateAutoRange()
    _, ticks = _left_ticks(view.loss_plot)
    assert ticks and not any("·10¹" in t or "10⁰" in t for t in ticks)


def test_a_runaway_racer_does_not_flatten_the_linear_loss_plot(qtbot):
    bridge = make_bridge("x^2 + y^2", [RacerConfig("sgd", {"lr": 0.1}),
                                       RacerConfig("sgd", {"lr": 1.1}, label="runaway")],
                         start=(1.0, 1.0))
    view = CurvesView(bridge)
    qtbot.addWidget(view)
    assert not view.loss_is_log()
    bridge.session.step(40)
    assert bridge.session.race.racers[1].loss > 1e5
    (_, _), (low, high) = view.loss_plot.getViewBox().viewRange()
    assert high < 3 and low > -1  # fitted to the calm racer (loss from 2 down to 0)
    assert "runaway runs off the scale" in view.loss_plot.titleLabel.text
    bridge.session.seek(1)  # before the runaway took off: every curve fits again
    assert "off the scale" not in view.loss_plot.titleLabel.text


def test_curves_follow_added_racers(qtbot):
    bridge = make_bridge("ravine", [RacerConfig("sgd", {"lr": 0.1})])
    view = CurvesView(bridge)
    qtbot.addWidget(view)
    bridge.session.add_racer(RacerConfig("momentum", {"lr": 0.05}))
    bridge.session.step(4)
    assert [len(c.getData()[0]) for c in view.loss_curves] == [5, 5]


# -- inspector ---------------------------------------------------------------------------------
def test_inspector_shows_adam_state_and_rule(qtbot):
    bridge = make_bridge("ravine", [RacerConfig("momentum", {"lr": 0.1}),
                                    RacerConfig("adam", {"lr": 0.3})])
    panel = InspectorPanel(bridge)
    qtbot.addWidget(panel)
    assert panel.stack.currentIndex() == 0  # nothing selected yet
    bridge.session.select(1)
    assert panel.stack.currentIndex() == 1
    assert "β" in panel.rule_label.text()
    assert "\\beta" not in panel.rule_label.text()
    bridge.session.step(3)
    items = dict(panel.items())
    assert "exp_avg" in items and "exp_avg_sq" in items
    racer = bridge.session.race.racers[1]
    assert items["exp_avg"] == format_value(racer.state["exp_avg"])
    assert items["learning rate"] == "0.3"
    assert "Live state at step 3" in panel.note_label.text()
    bridge.session.step_back(2)
    assert "state shown at step 3 (the latest simulated)" in panel.note_label.text()
    bridge.session.select(0)
    items = dict(panel.items())
    assert "momentum_buffer" in items and "exp_avg" not in items
    assert panel.title_label.text().endswith("momentum:lr=0.1</span>")


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\beta_1 m_{t-1}", "β₁ mₜ₋₁"),
        (r"\theta_t = \theta_{t-1} - \gamma \nabla f", "θₜ = θₜ₋₁ − γ ∇f"),
        (r"g_t^2 + \epsilon", "gₜ² + ε"),
        (r"\lambda \mu \rho \alpha \eta", "λ μ ρ α η"),
        (r"\frac{\gamma}{1-\beta_1^t}", "γ/(1−β₁ᵗ)"),
        (r"\sqrt{\hat v_t} + \epsilon", "√v̂ₜ + ε"),
        (r"\sqrt{v_t + \epsilon}", "√(vₜ + ε)"),
        (r"\tfrac12", "½"),
        (r"a &= b \\ c &= d", "a = b\nc = d"),
        (r"x \text{ if nesterov else } y", "x if nesterov else y"),
        (r"\operatorname{sign}(g_t)", "sign(gₜ)"),
        (r"\Gamma_{max}", "Γₘₐₓ"),
        (r"t^{1/4}", "t¹⁄⁴"),
        (r"0.96^{t\psi}", "0.96^(tψ)"),
        (r"\hat g_t + \hat v_t", "ĝₜ + v̂ₜ"),
        (r"\begin{cases} a & x > 0 \\ b & \text{otherwise}\end{cases}",
         "{ a if x > 0; b otherwise }"),
        (r"\bigl(x\bigr)", "(x)"),
    ],
)
def test_latex_to_unicode(latex, text):
    assert latex_to_unicode(latex) == text


def test_every_update_rule_converts_without_latex_left():
    from engine.optimizers import REGISTRY

    for spec in REGISTRY.values():
        text = latex_to_unicode(spec.update_rule)
        assert text, spec.name
        assert "\\" not in text and "{" not in text.replace("{ ", ""), (spec.name, text)


def test_format_value():
    assert format_value(np.array([1.23456789, -0.000123456])) == "[1.235, -0.0001235]"
    assert format_value(3) == "3"
    assert format_value(1e-8) == "1e-8"
    assert format_value(None) == "—"
    assert format_value(np.float64(0.5)) == "0.5"


def test_shortcut_keys_drive_playback(qtbot, playback):
    session = playback.bridge.session
    playback.activateWindow()
    qtbot.waitUntil(playback.isActiveWindow, timeout=2000)
    qtbot.keyClick(playback.timeline, Qt.Key.Key_Right)
    qtbot.keyClick(playback.timeline, Qt.Key.Key_Right)
    assert session.cursor == 2
    qtbot.keyClick(playback.timeline, Qt.Key.Key_Left)
    assert session.cursor == 1
    qtbot.keyClick(playback.timeline, Qt.Key.Key_Space)
    assert playback.is_playing()
    qtbot.keyClick(playback.timeline, Qt.Key.Key_Space)
    assert not playback.is_playing()
    qtbot.keyClick(playback.timeline, Qt.Key.Key_R)
    assert (session.cursor, session.race.step_count) == (0, 0)
