"""The playback panel: play / pause / step / step back / reset, speed, stop-at, timeline.

The session is a tape (see :mod:`engine.session`): ``race.step_count`` steps
have been simulated and ``cursor`` is the step shown.  Playing moves the cursor
forward with a ~60 Hz :class:`QTimer`.  Playback is driven by time: each tick
owes ``speed × elapsed`` steps (however long the last frame took to paint, so no
step is dropped because painting is slow), runs the engine for them in chunks
until they are done or the tick's budget (:data:`TICK_BUDGET_S`) is spent, then
moves the cursor once, so every view redraws once per frame however fast the
race runs and the event loop is never held for long.  When the engine cannot
keep up, the debt is capped at :data:`MAX_BACKLOG_S` of playback, the race runs
at the speed the engine sustains, and the status label says so
("engine-limited: 1340 steps/s").  Playback pauses by itself when every racer
has diverged or the cursor reaches the "stop at" step.

The panel owns no simulation state; the timeline and step counter are redrawn
from the session on ``cursorChanged`` with their signals blocked.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.session import MAX_STEPS, Session
from gui.services.i18n import Texts
from gui.services.session_bridge import SessionBridge
from gui.services.throttle import Throttled
from gui.widgets.controls import LogSpinSlider, secondary

__all__ = ["PlaybackPanel"]

#: Timer interval: one tick per frame at 60 Hz.
TICK_MS = 16
#: Most wall time one tick spends running the engine (the rest of the frame paints).
TICK_BUDGET_S = 0.02
#: Wall time one engine chunk aims at (the budget is checked between chunks).
CHUNK_S = 0.004
#: Steps owed beyond this much playback time are forgiven: the engine is the limit.
MAX_BACKLOG_S = 0.25
#: Longest stretch of wall time one tick may catch up (after a stall, e.g. a modal dialog).
MAX_TICK_SECONDS = 1.0
#: The achieved speed is measured over windows of this length.
RATE_WINDOW_S = 0.5


class PlaybackPanel(QWidget):
    """Transport controls for the race.

    Public API:
        ``play()``, ``pause()``, ``toggle_play()``, ``is_playing()``
        ``speed()`` / ``set_speed(steps_per_second)``   (control: ``speed_control``)
        ``max_steps()`` / ``set_max_steps(n)``     the "stop at" step (presets set it)
        ``playingChanged(bool)``                   signal
        QActions for the main window's menus and shortcuts (also ``actions()``):
            ``play_action`` (Space, checkable), ``step_action`` (Right),
            ``step_back_action`` (Left), ``reset_action`` (R)
        ``timeline`` (QSlider), ``step_label`` (QLabel "step 12 / 30")
    """

    playingChanged = Signal(bool)

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        #: The clock playback reads (seconds); tests replace it with a fake one.
        self.clock: Callable[[], float] = time.perf_counter
        self._owed = 0.0  # steps owed by the elapsed time, not yet shown
        self._last = 0.0  # clock at the previous tick
        self._chunk = 1  # engine steps per chunk, adapted to the measured cost
        self._limited = False  # the engine could not keep up recently
        self._rate = 0.0  # steps per second achieved over the last window
        self._window = (0.0, 0)  # (clock, steps) at the start of the rate window
        self._window_limited = False
        #: Steps shown by the last tick (tests read it).
        self.last_tick_steps = 0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._build()
        self._sync_later = Throttled(bridge, self._sync, parent=self)
        bridge.cursorChanged.connect(self._sync_later.trigger)
        bridge.surfaceChanged.connect(self._sync)
        bridge.racersChanged.connect(self._sync)
        self._sync()

    @property
    def session(self) -> Session:
        return self.bridge.session

    # -- construction ------------------------------------------------------------
    def _build(self) -> None:
        style = self.style()
        icon = style.standardIcon
        sp = QStyle.StandardPixmap
        self._play_icon, self._pause_icon = icon(sp.SP_MediaPlay), icon(sp.SP_MediaPause)

        self.texts = Texts()
        tr = self.texts.bind
        self._stop_code = ""  # why playback stopped (shown in the status label)
        self.play_action = QAction(self._play_icon, self.tr("Play"), self)
        self.play_action.setCheckable(True)
        self.play_action.setShortcut(QKeySequence(Qt.Key.Key_Space))
        tr(self.play_action.setToolTip, lambda: self.tr("Play / pause the race (Space)"))
        self.play_action.toggled.connect(self._on_play_toggled)
        self.step_action = QAction(icon(sp.SP_MediaSkipForward), "", self)
        tr(self.step_action.setText, lambda: self.tr("Step"))
        self.step_action.setShortcut(QKeySequence(Qt.Key.Key_Right))
        tr(self.step_action.setToolTip, lambda: self.tr("One step forward (Right)"))
        self.step_action.triggered.connect(self._on_step)
        self.step_back_action = QAction(icon(sp.SP_MediaSkipBackward), "", self)
        tr(self.step_back_action.setText, lambda: self.tr("Step back"))
        self.step_back_action.setShortcut(QKeySequence(Qt.Key.Key_Left))
        tr(self.step_back_action.setToolTip, lambda: self.tr("One step back (Left)"))
        self.step_back_action.triggered.connect(self._on_step_back)
        self.reset_action = QAction(icon(sp.SP_BrowserReload), "", self)
        tr(self.reset_action.setText, lambda: self.tr("Reset"))
        self.reset_action.setShortcut(QKeySequence(Qt.Key.Key_R))
        tr(self.reset_action.setToolTip,
           lambda: self.tr("Back to step 0 with fresh optimizer states (R)"))
        self.reset_action.triggered.connect(self._on_reset)
        # ``actions()`` lists them for the main window's menu; one QAction each, so the
        # shortcuts are never ambiguous.
        self.addActions([self.play_action, self.step_back_action, self.step_action,
                         self.reset_action])

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.play_button = self._tool_button(self.play_action)
        self.play_button.setMinimumWidth(
            self.play_button.fontMetrics().horizontalAdvance("Pause") + 44)  # also fits 暂停
        buttons.addWidget(self.play_button)
        self.step_back_button = self._tool_button(self.step_back_action)
        buttons.addWidget(self.step_back_button)
        self.step_button = self._tool_button(self.step_action)
        buttons.addWidget(self.step_button)
        self.reset_button = self._tool_button(self.reset_action)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        self.status_label = secondary(QLabel())
        buttons.addWidget(self.status_label)
        buttons.addSpacing(8)
        self.step_label = QLabel()
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.step_label.setMinimumWidth(
            self.step_label.fontMetrics().horizontalAdvance(self._step_text(10**6, 10**6)) + 4)
        buttons.addWidget(self.step_label)

        self.timeline = QSlider(Qt.Orientation.Horizontal)
        self.timeline.setTracking(True)
        tr(self.timeline.setToolTip, lambda: self.tr("Timeline: drag to show any simulated step"))
        self.timeline.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.timeline.valueChanged.connect(self._on_timeline)

        self.speed_control = LogSpinSlider(
            30.0, slider_low=1.0, slider_high=2000.0, minimum=0.1, maximum=100_000.0,
            tracking=True, slider_significant=2)
        tr(self.speed_control.setToolTip,
           lambda: self.tr("Playback speed in optimizer steps per second"))
        spin = self.speed_control.spin
        spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("100000") + 28)
        self.max_steps_spin = QSpinBox()
        self.max_steps_spin.setRange(1, MAX_STEPS)
        self.max_steps_spin.setValue(1000)
        self.max_steps_spin.setSingleStep(100)
        self.max_steps_spin.setAccelerated(True)
        self.max_steps_spin.setKeyboardTracking(False)
        tr(self.max_steps_spin.setToolTip,
           lambda: self.tr("Playback pauses when the shown step reaches this one"))

        options = QHBoxLayout()
        options.setSpacing(6)
        speed_label = QLabel()
        tr(speed_label.setText, lambda: self.tr("Speed"))
        speed_label.setBuddy(self.speed_control.spin)
        options.addWidget(speed_label)
        self.speed_control.setMaximumWidth(420)
        options.addWidget(self.speed_control, 1)
        unit_label = QLabel()
        tr(unit_label.setText, lambda: self.tr("steps/s"))
        options.addWidget(unit_label)
        options.addStretch(0)
        options.addSpacing(16)
        stop_label = QLabel()
        tr(stop_label.setText, lambda: self.tr("Stop at step"))
        stop_label.setBuddy(self.max_steps_spin)
        options.addWidget(stop_label)
        options.addWidget(self.max_steps_spin)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(buttons)
        layout.addWidget(self.timeline)
        layout.addLayout(options)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _tool_button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setIconSize(QSize(16, 16))
        button.setAutoRaise(False)
        return button

    # -- public API -------------------------------------------------------------
    def is_playing(self) -> bool:
        return self._timer.isActive()

    def play(self) -> None:
        """Start playing; from a finished race (all diverged, or at the stop step) replay
        from step 0."""
        if self.is_playing():
            return
        if self._stop_reason() and self.session.race.racers:
            self.session.seek(0)
        reason = self._stop_reason()
        if reason:
            self._show_stop(reason)
            self._sync_play_action()
            return
        self._owed = 1.0  # the first tick takes a step at once
        self._last = self.clock()
        self._window, self._window_limited, self._limited = (self._last, 0), False, False
        self._timer.start()
        self._show_stop("")
        self._sync_play_action()
        self.bridge.set_playing(True)
        self.playingChanged.emit(True)

    def pause(self) -> None:
        if not self.is_playing():
            self._sync_play_action()
            return
        self._timer.stop()
        self._limited = False
        if not self._stop_code:
            self.status_label.setText("")
        self._sync_play_action()
        self.bridge.set_playing(False)
        self.playingChanged.emit(False)

    def toggle_play(self) -> None:
        self.pause() if self.is_playing() else self.play()

    def speed(self) -> float:
        """Steps per second."""
        return self.speed_control.value()

    def set_speed(self, steps_per_second: float) -> None:
        self.speed_control.setValue(steps_per_second)

    def max_steps(self) -> int:
        return self.max_steps_spin.value()

    def set_max_steps(self, steps: int) -> None:
        self.max_steps_spin.setValue(int(steps))

    # -- Qt events ---------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.pause()
        super().closeEvent(event)

    # -- playback ------------------------------------------------------------------
    def _tick(self) -> None:
        now = self.clock()
        speed = self.speed_control.value()
        self._owed += speed * min(max(now - self._last, 0.0), MAX_TICK_SECONDS)
        self._last = now
        session = self.session
        wanted = min(int(self._owed), self.max_steps() - session.cursor)
        shown = self._advance(wanted, now + TICK_BUDGET_S) if wanted > 0 else 0
        self._owed -= shown
        self.last_tick_steps = shown
        if shown < wanted:  # the budget ran out: forgive what cannot be caught up
            self._owed = min(self._owed, max(1.0, speed * MAX_BACKLOG_S))
            self._window_limited = True
        self._measure(now, shown)
        reason = self._stop_reason()
        if reason:
            self.pause()
            self._show_stop(reason)

    def _advance(self, n: int, deadline: float) -> int:
        """Show up to ``n`` more steps, simulating in chunks until ``deadline``.

        Steps already on the tape cost nothing; new ones are simulated a chunk
        at a time (at least one chunk per tick, so playback always moves), each
        chunk sized from the measured cost of a step to take about
        :data:`CHUNK_S`.  The cursor moves once, at the end.  Returns the
        number of steps shown.
        """
        session = self.session
        race = session.race
        target = min(session.cursor + n, session.step_limit)
        first = True
        while race.step_count < target and (first or self.clock() < deadline):
            first = False
            chunk = min(self._chunk, target - race.step_count)
            t0 = self.clock()
            race.step(chunk)
            cost = (self.clock() - t0) / chunk
            self._chunk = max(1, min(int(CHUNK_S / cost) if cost > 0 else 2 * chunk,
                                     2 * chunk))
        reached = min(target, race.step_count)
        shown = reached - session.cursor
        if shown > 0:
            session.step(shown)
        return max(shown, 0)

    def _measure(self, now: float, shown: int) -> None:
        """The achieved speed over the last window; "engine-limited" while it is the limit."""
        start, steps = self._window
        steps += shown
        self._window = (start, steps)
        if now - start < RATE_WINDOW_S:
            return
        self._rate = steps / (now - start)
        # Limited: the budget ran out and the window fell short of the speed asked
        # (one slow frame whose steps were caught up later is not a limit).
        self._limited = self._window_limited and self._rate < 0.95 * self.speed()
        self._window, self._window_limited = (now, 0), False
        if not self._stop_code:
            self.status_label.setText(self._limited_text() if self._limited else "")

    def is_engine_limited(self) -> bool:
        """True when, over the last measured window, the engine could not keep up."""
        return self._limited

    def achieved_speed(self) -> float:
        """Steps per second shown over the last measured window while playing."""
        return self._rate

    def _limited_text(self) -> str:
        rate = f"{round(self._rate):,}".replace(",", "\u2009")
        return self.tr("engine-limited: {0} steps/s").format(rate)

    def _stop_reason(self) -> str:
        """Why playback cannot go on from the shown step ('' if it can): a code."""
        session = self.session
        racers = session.race.racers
        if not racers:
            return "no racers"
        cursor = session.cursor
        if cursor >= self.max_steps():
            return "stop at"
        if all(r.diverged_at is not None and r.diverged_at <= cursor for r in racers):
            return "diverged"
        if cursor >= session.step_limit:
            return "end"
        return ""

    def _show_stop(self, reason: str) -> None:
        self._stop_code = reason
        texts = {
            "": "",
            "no racers": self.tr("no racers"),
            "stop at": self.tr("stopped at step {0}").format(self.max_steps()),
            "diverged": self.tr("every racer diverged"),
            "end": self.tr("end of the tape"),
        }
        self.status_label.setText(texts[reason])

    def _step_text(self, cursor: int, total: int) -> str:
        return self.tr("step {0} / {1}").format(cursor, total)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.apply()
            self.step_label.setMinimumWidth(self.step_label.fontMetrics().horizontalAdvance(
                self._step_text(10**6, 10**6)) + 4)
            self._sync_play_action()
            self._show_stop(self._stop_code)
            if self._limited and not self._stop_code:
                self.status_label.setText(self._limited_text())
            self._sync()
        super().changeEvent(event)

    # -- widgets → session ----------------------------------------------------------
    def _on_play_toggled(self, checked: bool) -> None:
        self.play() if checked else self.pause()

    def _on_step(self) -> None:
        self.session.step(1)

    def _on_step_back(self) -> None:
        self.session.step_back(1)

    def _on_reset(self) -> None:
        self.pause()
        self._show_stop("")
        self.session.reset()
        self._sync()  # reset emits nothing when the cursor was already at 0

    def _on_timeline(self, value: int) -> None:
        self.session.seek(value)

    # -- session → widgets ----------------------------------------------------------
    def _sync_play_action(self) -> None:
        playing = self.is_playing()
        with QSignalBlocker(self.play_action):
            self.play_action.setChecked(playing)
        self.play_action.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.play_action.setIcon(self._pause_icon if playing else self._play_icon)

    def _sync(self, *_: object) -> None:
        session = self.session
        total, cursor = session.race.step_count, session.cursor
        with QSignalBlocker(self.timeline):
            self.timeline.setRange(0, total)
            self.timeline.setValue(cursor)
            self.timeline.setPageStep(max(1, total // 20))
        self.step_label.setText(self._step_text(cursor, total))
        if self._stop_code and not self.is_playing() and not self._stop_reason():
            self._show_stop("")  # the reason to stop no longer holds
        self.step_back_action.setEnabled(cursor > 0)
        self.step_action.setEnabled(cursor < session.step_limit)
