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

The work of a refresh does not grow with the race: each racer keeps a
display-decimated copy of its curves (:class:`_Series`, at most
:data:`DISPLAY_POINTS` rows; when full it keeps every other row and samples
new rows half as often), rows already seen are never recomputed, and
``setData`` gets at most ``DISPLAY_POINTS + 1`` points per curve (the exact
row at the cursor is always the last).  The axes grow in steps (the step axis
to the next of 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ᵏ; log axes to whole
decades) and are set only when that rounded range changes, never
auto-ranged per frame.  While the race plays the curves refresh at ~10 Hz
(:class:`gui.services.throttle.Throttled`); the map follows every frame.
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
from gui.services.throttle import Throttled
from gui.widgets.controls import secondary

__all__ = ["DISPLAY_POINTS", "FLOOR", "CurvesView"]

#: Smallest value drawn on the log plots (values below it are drawn at it).
FLOOR = 1e-16
#: Most rows of a racer's curves kept for display (about one per pixel of a wide plot).
DISPLAY_POINTS = 1024
#: Mantissas the step axis grows through (× 10ᵏ).
_NICE = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ᵏ that is ≥ ``value`` (> 0)."""
    k = np.floor(np.log10(value))
    base = 10.0 ** k
    for m in _NICE:
        if m * base >= value * (1 - 1e-12):
            return float(m * base)
    return float(10 * base)  # pragma: no cover (10 × base ≥ value always)


def _linear_bounds(lo: float, hi: float) -> tuple[float, float]:
    """``[lo, hi]`` widened to multiples of a power of ten about a tenth of the span."""
    span = hi - lo
    if not span > 0:
        pad = abs(lo) * 0.1 or 1.0
        return lo - pad, hi + pad
    unit = 10.0 ** np.floor(np.log10(span / 2))
    return float(np.floor(lo / unit) * unit), float(np.ceil(hi / unit) * unit)


class _Axis(pg.AxisItem):
    """An axis whose log-mode labels stay sparse: within a decade or two only the
    1-2-5 ticks are labelled (pyqtgraph labels all nine)."""

    def logTickValues(self, minVal, maxVal, size, stdTicks):  # noqa: N802, N803
        levels = super().logTickValues(minVal, maxVal, size, stdTicks)
        if len(levels) > 1 and levels[-1][0] is None:  # minor level repeats the decades
            major = {round(v, 9) for _, values in levels[:-1] for v in values}
            minor = [v for v in levels[-1][1] if round(v, 9) not in major]
            levels = [*levels[:-1], (None, minor)]
        return levels

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph override)
        strings = super().logTickStrings(values, scale, spacing)
        if len(values) <= 6:
            return strings
        out = []
        for value, text in zip(values, strings, strict=True):
            mantissa = round(10 ** (value - np.floor(value + 1e-9)), 6)
            out.append(text if mantissa in (1.0, 2.0, 5.0) else "")
        return out


class _Series:
    """One racer's plotted columns, decimated for display, transformed once per row.

    ``steps``, ``loss``, ``dist`` and ``slen`` hold the transformed values of
    ``n`` rows of ``trajectory``: the rows whose index is a multiple of
    ``stride``, at most :data:`DISPLAY_POINTS`.  When the buffer is full every
    other kept row is dropped and ``stride`` doubles, so memory and the points
    drawn stay bounded however long the race.  :meth:`update` looks only at
    new rows (and starts over if the trajectory shrank or was replaced).
    """

    def __init__(self, trajectory: Trajectory, surface: Surface,
                 capacity: int = DISPLAY_POINTS) -> None:
        self.trajectory = trajectory
        self.minima = (np.array([(m.x, m.y) for m in surface.minima], dtype=np.float64)
                       if surface.minima else None)
        self.fmin = min(m.f for m in surface.minima) if surface.minima else None
        self.capacity = max(4, capacity - capacity % 2)
        self.steps = np.empty(self.capacity)
        self.loss = np.empty(self.capacity)
        self.dist = np.empty(self.capacity)
        self.slen = np.empty(self.capacity)
        self._start()

    def _start(self) -> None:
        self.n = 0  # rows kept
        self.seen = 0  # trajectory rows looked at
        self.stride = 1
        self.last_step = -1.0  # step of the last row seen (detects a thinned trajectory)

    def update(self) -> None:
        traj = self.trajectory
        total = len(traj)
        steps = traj.column("step")
        if total < self.seen or (self.seen and steps[self.seen - 1] != self.last_step):
            self._start()  # truncated or thinned out: start over
        while self.seen < total:
            # The next kept row index is the first multiple of stride >= seen.
            first = -(-self.seen // self.stride) * self.stride
            room = self.capacity - self.n
            rows = np.arange(first, total, self.stride)[:room]
            if len(rows):
                self._transform(rows)
            if len(rows) == room and (not len(rows) or rows[-1] + self.stride < total):
                self._halve()
                self.seen = int(rows[-1]) + 1 if len(rows) else self.seen
                continue
            self.seen = total
        if total:
            self.last_step = float(steps[total - 1])

    def _values(self, rows: np.ndarray) -> tuple[np.ndarray, ...]:
        """``(steps, loss, dist, slen)`` of trajectory ``rows`` as plotted."""
        traj = self.trajectory
        loss = traj.column("loss")[rows]
        if self.fmin is not None:
            loss = np.maximum(loss - self.fmin, FLOOR)
        if self.minima is not None:
            x = traj.column("x")[rows, None]
            y = traj.column("y")[rows, None]
            dist = np.maximum(
                np.hypot(x - self.minima[:, 0], y - self.minima[:, 1]).min(axis=1), FLOOR)
        else:
            dist = np.zeros(len(rows))
        slen = np.maximum(traj.column("step_len")[rows], FLOOR)
        return traj.column("step")[rows], loss, dist, slen

    def _transform(self, rows: np.ndarray) -> None:
        a, b = self.n, self.n + len(rows)
        for name, values in zip(("steps", "loss", "dist", "slen"), self._values(rows),
                                strict=True):
            getattr(self, name)[a:b] = values
        self.n = b

    def _halve(self) -> None:
        keep = self.n // 2 + self.n % 2
        for name in ("steps", "loss", "dist", "slen"):
            column = getattr(self, name)
            column[:keep] = column[: self.n : 2]
        self.n = keep
        self.stride *= 2

    def count_upto(self, step: int) -> int:
        """Number of kept rows with ``step <= step``."""
        return int(np.searchsorted(self.steps[: self.n], step, side="right"))

    def upto(self, step: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(steps, loss, dist, slen)`` drawn at the cursor ``step``: the kept rows up
        to it, then the exact row at the cursor if it was not kept."""
        k = self.count_upto(step)
        columns = (self.steps[:k], self.loss[:k], self.dist[:k], self.slen[:k])
        traj = self.trajectory
        row = int(np.searchsorted(traj.column("step"), step, side="right")) - 1
        if row < 0 or (k and traj.column("step")[row] <= self.steps[k - 1]):
            return columns
        extra = self._values(np.array([row]))
        return tuple(np.concatenate((c, e))  # type: ignore[return-value]
                     for c, e in zip(columns, extra, strict=True))


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
        self._build()
        bridge.surfaceChanged.connect(self._rebuild)
        bridge.racersChanged.connect(self._rebuild)
        bridge.displayChanged.connect(self._on_display_changed)
        self._refresh_later = Throttled(
            bridge, lambda: self._on_cursor(self.session.cursor), parent=self)
        bridge.cursorChanged.connect(self._refresh_later.trigger)
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
        self._ranges: dict[str, tuple[float, float]] = {}  # the last ranges set
        for plot in (self.loss_plot, self.distance_plot, self.step_plot):
            plot.enableAutoRange(x=False, y=False)  # set in steps by _follow_ranges
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
        self._ranges = {}

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
        else:
            self.loss_plot.setLabel("left", "f")
            self._set_title(self.loss_plot, self.tr("Loss (linear: no known minimum)"))
        self.no_minimum_label.setText(
            self.tr("{0}: no known global minimum, so there is no distance to plot.").format(
                engine_text(surface.title)))

    def _apply_display(self) -> None:
        session = self.session
        for i, d in enumerate(session.display[: len(self.loss_curves)]):
            # Unselected curves are hairlines: a wide antialiased pen costs several
            # times as much to stroke (most of a frame with 30 curves).
            width = 2.5 if session.selected == i else 1.0
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
        shown: dict[str, list[np.ndarray]] = {"loss": [], "dist": [], "slen": []}
        visible = [d.visible for d in self.session.display]
        for i, racer in enumerate(racers):
            series = self._series[i]
            if series.trajectory is not racer.trajectory:  # race reset: new trajectories
                series = self._series[i] = _Series(racer.trajectory, surface)
            series.update()
            x, loss, dist, slen = series.upto(step)
            self.loss_curves[i].setData(x, loss, skipFiniteCheck=True)
            if series.minima is not None:
                self.distance_curves[i].setData(x, dist, skipFiniteCheck=True)
            # Row 0 is the start: no step has been taken yet.
            self.step_curves[i].setData(x[1:], slen[1:], skipFiniteCheck=True)
            if i < len(visible) and visible[i]:
                shown["loss"].append(loss)
                shown["dist"].append(dist)
                shown["slen"].append(slen[1:])
        for line in self.cursor_lines:
            line.setValue(step)
        if step == 0:
            self._follow = True
        if self._follow:
            self._follow_ranges(step, shown)

    def _follow_ranges(self, step: int, shown: dict[str, list[np.ndarray]]) -> None:
        """Set the axes to rounded ranges around what is drawn, only when those change."""
        self._set_range("x", self.loss_plot, (0.0, nice_ceiling(max(step, 10))))
        plots = (("loss", self.loss_plot, self.loss_is_log()),
                 ("dist", self.distance_plot, True), ("slen", self.step_plot, True))
        for name, plot, log in plots:
            arrays = [a for a in shown[name] if len(a)]
            if not arrays or (name == "dist" and not self.has_distance()):
                continue
            lo = min(float(a.min()) for a in arrays)
            hi = max(float(a.max()) for a in arrays)
            if not (np.isfinite(lo) and np.isfinite(hi)):
                continue
            if log:
                low, high = np.floor(np.log10(lo)), np.ceil(np.log10(hi))
                bounds = (float(low), float(max(high, low + 1)))
            else:
                bounds = _linear_bounds(lo, hi)
            self._set_range(name, plot, bounds)

    def _set_range(self, name: str, plot: pg.PlotItem, bounds: tuple[float, float]) -> None:
        if self._ranges.get(name) == bounds:
            return
        self._ranges[name] = bounds
        if name == "x":
            plot.setXRange(*bounds, padding=0.02)
        else:
            plot.setYRange(*bounds, padding=0.02)

    def _on_manual_range(self, *_: object) -> None:
        self._follow = False
        self._ranges = {}  # following again (a reset) sets every range anew
