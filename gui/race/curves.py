"""Curves of the race over time: loss, distance to the nearest minimum and step length.

Three stacked pyqtgraph plots share the step axis; each racer has one curve per
plot in its colour, drawn up to the step shown (the session's cursor), and a
vertical line marks that step.

How the loss is plotted, honestly:

* when the surface lists its global minima (value ``f*``), the plot shows the
  *excess loss* ``f − f*`` on a log scale: it is ``≥ 0`` by definition and its
  log shows the rate of convergence, for surfaces whose minimum is negative too;
* when no minimum is known (saddles, unbounded surfaces, custom formulas) the
  raw loss ``f`` is shown on a linear scale, and the title says so.

On the log plots values below :data:`FLOOR` (round-off level; exactly 0 for a
Newton step on a quadratic) are drawn at the floor rather than dropped.

Per frame only ``setData`` is called on the existing items with slices of
arrays that are transformed incrementally: rows already seen are never
recomputed (see :class:`_Series`).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from engine.race import Trajectory
from engine.session import Session
from engine.surface import Surface
from gui.services.i18n import engine_text
from gui.services.session_bridge import SessionBridge
from gui.widgets.controls import secondary

__all__ = ["FLOOR", "CurvesView", "log_tick_text"]

#: Smallest value drawn on the log plots (values below it are drawn at it).
FLOOR = 1e-16
#: On the linear loss plot, a racer spanning this many times the others' range is clipped.
CLIP_RATIO = 20.0


def log_tick_text(value: float) -> str:
    """The label of a log-axis tick at ``10**value``: a plain number between 0.001 and
    10 000 ("60", "0.02"), else a power of ten ("10⁻⁸", "2·10⁵")."""
    x = float(f"{10.0 ** value:.3g}")
    if 1e-3 <= x < 1e4:
        return f"{x:g}"
    exponent = int(np.floor(value + 1e-9))
    mantissa = round(x / 10.0 ** exponent)
    if mantissa >= 10:
        mantissa, exponent = 1, exponent + 1
    power = "10" + str(exponent).translate(_SUPERSCRIPTS)
    return power if mantissa == 1 else f"{mantissa}·{power}"


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class _Axis(pg.AxisItem):
    """An axis whose log-mode labels stay sparse: within a decade or two only the
    1-2-5 ticks are labelled (pyqtgraph labels all nine); plain numbers where they
    read better (:func:`log_tick_text`), and never an SI scale in log mode (pyqtgraph
    would print "(x1e+15)" over ticks that already show the powers)."""

    def updateAutoSIPrefix(self) -> None:  # noqa: N802 (pyqtgraph override)
        if self.logMode:
            self.autoSIPrefixScale = 1.0
            self.labelUnitPrefix = ""
            self._updateLabel()
        else:
            super().updateAutoSIPrefix()

    def logTickValues(self, minVal, maxVal, size, stdTicks):  # noqa: N802, N803
        levels = super().logTickValues(minVal, maxVal, size, stdTicks)
        if len(levels) > 1 and levels[-1][0] is None:  # minor level repeats the decades
            major = {round(v, 9) for _, values in levels[:-1] for v in values}
            minor = [v for v in levels[-1][1] if round(v, 9) not in major]
            levels = [*levels[:-1], (None, minor)]
        return levels

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph override)
        strings = [log_tick_text(v) for v in values]
        if len(values) <= 6:
            return strings
        out = []
        for value, text in zip(values, strings, strict=True):
            mantissa = round(10 ** (value - np.floor(value + 1e-9)), 6)
            out.append(text if mantissa in (1.0, 2.0, 5.0) else "")
        return out


class _Series:
    """One racer's plotted columns, transformed once per recorded row.

    ``steps``, ``loss``, ``dist`` and ``slen`` hold the transformed values of the
    first ``n`` rows of ``trajectory``; :meth:`update` transforms only new rows
    (and starts over if the trajectory shrank or was replaced).
    """

    def __init__(self, trajectory: Trajectory, surface: Surface) -> None:
        self.trajectory = trajectory
        self.minima = (np.array([(m.x, m.y) for m in surface.minima], dtype=np.float64)
                       if surface.minima else None)
        self.fmin = min(m.f for m in surface.minima) if surface.minima else None
        self.n = 0
        capacity = max(64, len(trajectory))
        self.steps = np.empty(capacity)
        self.loss = np.empty(capacity)
        self.dist = np.empty(capacity)
        self.slen = np.empty(capacity)

    def update(self) -> None:
        traj = self.trajectory
        n = len(traj)
        if n < self.n:  # truncated or decimated: start over
            self.n = 0
        if n == self.n:
            return
        if n > len(self.steps):
            capacity = max(n, 2 * len(self.steps))
            for name in ("steps", "loss", "dist", "slen"):
                grown = np.empty(capacity)
                grown[: self.n] = getattr(self, name)[: self.n]
                setattr(self, name, grown)
        a, b = self.n, n
        self.steps[a:b] = traj.column("step")[a:b]
        loss = traj.column("loss")[a:b]
        if self.fmin is not None:
            np.maximum(loss - self.fmin, FLOOR, out=self.loss[a:b])
        else:
            self.loss[a:b] = loss
        if self.minima is not None:
            x = traj.column("x")[a:b, None]
            y = traj.column("y")[a:b, None]
            d = np.hypot(x - self.minima[:, 0], y - self.minima[:, 1]).min(axis=1)
            np.maximum(d, FLOOR, out=self.dist[a:b])
        np.maximum(traj.column("step_len")[a:b], FLOOR, out=self.slen[a:b])
        self.n = n

    def count_upto(self, step: int) -> int:
        """Number of recorded rows with ``step <= step``."""
        return int(np.searchsorted(self.steps[: self.n], step, side="right"))


class CurvesView(QWidget):
    """Loss, distance to the nearest minimum and step length against the step.

    Public API:
        ``loss_plot``, ``distance_plot``, ``step_plot``   the pyqtgraph PlotItems
        ``loss_curves``, ``distance_curves``, ``step_curves``   one PlotDataItem per racer
        ``cursor_lines``        the vertical InfiniteLines at the shown step
        ``loss_is_log()``       True when the loss plot shows f − f* on a log scale
        ``has_distance()``      False when the surface has no known minimum
    """

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.loss_curves: list[pg.PlotDataItem] = []
        self.distance_curves: list[pg.PlotDataItem] = []
        self.step_curves: list[pg.PlotDataItem] = []
        self._series: list[_Series] = []
        self._clipped: int | None = None  # racer whose loss runs off the linear scale
        self._build()
        bridge.surfaceChanged.connect(self._rebuild)
        bridge.racersChanged.connect(self._rebuild)
        bridge.displayChanged.connect(self._on_display_changed)
        bridge.cursorChanged.connect(self._on_cursor)
        self._rebuild()

    @property
    def session(self) -> Session:
        return self.bridge.session

    # -- construction ------------------------------------------------------------
    def _build(self) -> None:
        palette = self.palette()
        self._background = palette.color(QPalette.ColorRole.Base)
        self._foreground = palette.color(QPalette.ColorRole.Text)
        self.loss_widget = self._plot_widget()
        self.distance_widget = self._plot_widget()
        self.step_widget = self._plot_widget()
        self.loss_plot = self.loss_widget.getPlotItem()
        self.distance_plot = self.distance_widget.getPlotItem()
        self.step_plot = self.step_widget.getPlotItem()
        # The step axis follows the race ([0, max(cursor, 10)]) until the user pans or
        # zooms with the mouse; a reset or a new race makes it follow again.
        self._follow = True
        for plot in (self.loss_plot, self.distance_plot, self.step_plot):
            plot.enableAutoRange(x=False)
            plot.setAutoVisible(y=True)
            plot.getAxis("bottom").enableAutoSIPrefix(False)
            plot.getViewBox().sigRangeChangedManually.connect(self._on_manual_range)
        self.distance_plot.setXLink(self.loss_plot)
        self.step_plot.setXLink(self.loss_plot)
        self.distance_plot.setLogMode(x=False, y=True)
        self.step_plot.setLogMode(x=False, y=True)
        self.step_plot.setLabel("left", "‖Δθ‖")
        for plot in (self.loss_plot, self.distance_plot):
            plot.getAxis("bottom").setStyle(showValues=True)
        self._retranslate()

        self.cursor_lines = []
        for plot in (self.loss_plot, self.distance_plot, self.step_plot):
            line = pg.InfiniteLine(angle=90, movable=False,
                                   pen=pg.mkPen(self._foreground, width=1,
                                                style=Qt.PenStyle.DashLine))
            line.setZValue(-10)
            plot.addItem(line, ignoreBounds=True)
            self.cursor_lines.append(line)

        self.no_minimum_label = QLabel()
        self.no_minimum_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_minimum_label.setWordWrap(True)
        secondary(self.no_minimum_label)
        self.distance_stack = QStackedWidget()
        self.distance_stack.addWidget(self.distance_widget)
        self.distance_stack.addWidget(self.no_minimum_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.loss_widget, 1)
        layout.addWidget(self.distance_stack, 1)
        layout.addWidget(self.step_widget, 1)

    def _retranslate(self) -> None:
        self.distance_plot.setLabel("left", self.tr("distance"))
        self.step_plot.setLabel("bottom", self.tr("step"))
        self._set_title(self.distance_plot, self.tr("Distance to the nearest minimum"))
        self._set_title(self.step_plot,
                        self.tr("Step length ‖θ<sub>t</sub> − θ<sub>t−1</sub>‖"))
        floor_note = self.tr("On log scales values below {0} (round-off level, or an exact "
                             "hit) are drawn at that floor.").format(f"{FLOOR:g}")
        for widget in (self.loss_widget, self.distance_widget, self.step_widget):
            widget.setToolTip(floor_note)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._set_loss_titles()
        super().changeEvent(event)

    def _plot_widget(self) -> pg.PlotWidget:
        widget = pg.PlotWidget(background=self._background,
                               axisItems={"left": _Axis("left"), "bottom": _Axis("bottom")})
        widget.setMinimumHeight(110)
        plot = widget.getPlotItem()
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.setMenuEnabled(True)
        plot.hideButtons()
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(self._foreground))
            axis.setTextPen(pg.mkPen(self._foreground))
        plot.getAxis("left").setWidth(56)
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        return widget

    def _set_title(self, plot: pg.PlotItem, text: str) -> None:
        plot.setTitle(text, size="9pt", color=self._foreground)
        plot.titleLabel.setMinimumWidth(0)  # a long title must not widen the plot
        plot.titleLabel.item.setToolTip(plot.titleLabel.text)

    # -- public API -------------------------------------------------------------
    def loss_is_log(self) -> bool:
        return bool(self.session.surface.minima)

    def has_distance(self) -> bool:
        return bool(self.session.surface.minima)

    # -- session → items ---------------------------------------------------------
    def _rebuild(self) -> None:
        """New racers or surface: one curve per racer and plot, axes set for the surface."""
        surface = self.session.surface
        racers = self.session.race.racers
        # Items are reused (creating one costs about a millisecond, and a new race
        # announces both its surface and its racers): only the count is adjusted.
        for plot, curves in ((self.loss_plot, self.loss_curves),
                             (self.distance_plot, self.distance_curves),
                             (self.step_plot, self.step_curves)):
            while len(curves) > len(racers):
                plot.removeItem(curves.pop())
            while len(curves) < len(racers):
                curve = pg.PlotDataItem()
                plot.addItem(curve)
                curves.append(curve)
            for curve, racer in zip(curves, racers, strict=True):
                curve.opts["name"] = racer.name
        self._series = [_Series(racer.trajectory, surface) for racer in racers]
        self._follow = True
        self._clipped = None

        log = self.loss_is_log()
        self.loss_plot.setLogMode(x=False, y=log)
        self._set_loss_titles()
        self.distance_stack.setCurrentIndex(0 if self.has_distance() else 1)

        if not self.has_distance():
            for curve in self.distance_curves:
                curve.clear()  # the plot is hidden; no stale curves when it shows again
        self._apply_display()
        self._on_cursor(self.session.cursor)

    def _set_loss_titles(self) -> None:
        surface = self.session.surface
        if self.loss_is_log():
            fmin = min(m.f for m in surface.minima)
            self.loss_plot.setLabel("left", "f − f*")
            self._set_title(self.loss_plot,
                            self.tr("Loss above the minimum f* = {0}").format(f"{fmin:.6g}"))
        elif self._clipped is not None and self._clipped < len(self.session.race.racers):
            self.loss_plot.setLabel("left", "f")
            self._set_title(self.loss_plot, self.tr(
                "Loss (linear: no known minimum); {0} runs off the scale").format(
                    self.session.race.racers[self._clipped].name))
        else:
            self.loss_plot.setLabel("left", "f")
            self._set_title(self.loss_plot, self.tr("Loss (linear: no known minimum)"))
        self.no_minimum_label.setText(
            self.tr("{0}: no known global minimum, so there is no distance to plot.").format(
                engine_text(surface.title)))

    def _apply_display(self) -> None:
        session = self.session
        for i, d in enumerate(session.display[: len(self.loss_curves)]):
            width = 3.0 if session.selected == i else 1.8
            pen = pg.mkPen(d.color, width=width)
            for curves in (self.loss_curves, self.distance_curves, self.step_curves):
                curves[i].setPen(pen)
                curves[i].setVisible(d.visible)
                curves[i].setZValue(1 if session.selected == i else 0)

    def _on_display_changed(self, _index: int) -> None:
        self._apply_display()

    def _on_cursor(self, step: int) -> None:
        racers = self.session.race.racers
        if len(racers) != len(self._series):
            self._rebuild()
            return
        surface = self.session.surface
        for i, racer in enumerate(racers):
            series = self._series[i]
            if series.trajectory is not racer.trajectory:  # race reset: new trajectories
                series = self._series[i] = _Series(racer.trajectory, surface)
            series.update()
            k = series.count_upto(step)
            x = series.steps[:k]
            self.loss_curves[i].setData(x, series.loss[:k], skipFiniteCheck=True)
            if series.minima is not None:
                self.distance_curves[i].setData(x, series.dist[:k], skipFiniteCheck=True)
            # Row 0 is the start: no step has been taken yet.
            self.step_curves[i].setData(x[1:], series.slen[1:k], skipFiniteCheck=True)
        if not self.loss_is_log():
            self._clip_linear_loss(step)
        for line in self.cursor_lines:
            line.setValue(step)
        if step == 0:
            self._follow = True
        if self._follow:
            self.loss_plot.setXRange(0, max(step, 10), padding=0.02)

    def _clip_linear_loss(self, step: int) -> None:
        """On the linear loss plot, keep one runaway racer from flattening the others.

        When one racer's losses span over :data:`CLIP_RATIO` times the range of all
        the others together, the y range is fitted to the others and the title names
        the racer that runs off the scale; otherwise the range follows every curve.
        """
        spans = []
        for i, series in enumerate(self._series):
            k = series.count_upto(step)
            if k and self.loss_curves[i].isVisible():
                loss = series.loss[:k]
                spans.append((float(loss.max() - loss.min()), float(loss.min()),
                              float(loss.max()), i))
        clipped = None
        if len(spans) >= 2:
            spans.sort()
            lo = min(s[1] for s in spans[:-1])
            hi = max(s[2] for s in spans[:-1])
            top = spans[-1]
            if top[0] > CLIP_RATIO * max(hi - lo, 1e-12 * max(1.0, abs(hi))):
                clipped = top[3]
                pad = 0.1 * max(hi - lo, 1e-9 * max(1.0, abs(hi)))
                self.loss_plot.setYRange(lo - pad, hi + pad, padding=0)
        if clipped is None and self._clipped is not None:
            self.loss_plot.enableAutoRange(y=True)
        if clipped != self._clipped:
            self._clipped = clipped
            self._set_loss_titles()

    def _on_manual_range(self, *_: object) -> None:
        self._follow = False
