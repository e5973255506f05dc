"""The paper demos in the window: explanation, settings, a Run button and plots.

Public API (for the main window's *Demos* menu)::

    from gui.demos.view import DemoDialog, populate_demos_menu

    populate_demos_menu(menu, parent=self, load_preset=self.load_preset)
    # or, one demo:
    DemoDialog.open("adam-nonconvergence", parent=self)

Paper demos open a non-modal :class:`DemoDialog` holding a :class:`DemoView`;
demos that are race presets (``momentum-overshoot``, ``ravine-zigzag``) call
``load_preset(name)`` instead, which loads them into the race view.

A :class:`DemoView` runs its demo in a :class:`gui.services.workers.Worker` (progress
bar, Cancel, a bounded wait on close); the view only draws.  Everything the
plots show is computed by the engine (:mod:`engine.demos`) and, for the long
curves, decimated in numpy (:func:`log_peak_decimate`) before it reaches
pyqtgraph.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.demos import DemoCancelled, DemoResult, get_demo
from engine.demos import nonconvergence as nc
from engine.demos.base import Demo
from engine.messages import message_of
from engine.optimizers.base import HParam
from engine.palette import PALETTE
from gui.services.i18n import Texts, engine_error, engine_text, range_text, translate
from gui.services.workers import Cancelled, Control, Worker
from gui.widgets.layout import vertical_scroll

__all__ = [
    "DemoDialog",
    "DemoView",
    "GeneralizationPlots",
    "NonconvergencePlots",
    "SwatsPlots",
    "log_peak_decimate",
    "populate_demos_menu",
]

#: Form labels of the settings (the setting's name is used otherwise), translated in
#: the context "DemoView".
LABELS = {
    "steps": QT_TRANSLATE_NOOP("DemoView", "Steps"),
    "alpha": QT_TRANSLATE_NOOP("DemoView", "Step size α (lr = α/√t)"),
    "beta1": "β₁",
    "beta2": "β₂",
    "start": QT_TRANSLATE_NOOP("DemoView", "Start x₁"),
    "stochastic": QT_TRANSLATE_NOOP("DemoView", "Stochastic variant"),
    "seed": QT_TRANSLATE_NOOP("DemoView", "Seed"),
    "n": QT_TRANSLATE_NOOP("DemoView", "Training examples"),
    "p": "P(y = +1)",
    "n_test": QT_TRANSLATE_NOOP("DemoView", "Test examples"),
    "epochs": QT_TRANSLATE_NOOP("DemoView", "Epochs"),
    "data": QT_TRANSLATE_NOOP("DemoView", "MNIST folder"),
    "batch_size": QT_TRANSLATE_NOOP("DemoView", "Batch size"),
}

GOOD, BAD = "#009E73", "#D55E00"


def log_peak_decimate(t: np.ndarray, y: np.ndarray, bins: int = 1200) -> tuple[np.ndarray,
                                                                                 np.ndarray]:
    """At most about ``2 * bins`` points of ``(t, y)`` for a log-``t`` axis, peaks kept.

    ``t`` is positive and increasing.  Points are grouped into bins equally
    spaced in ``log t``; a bin with one point keeps it, a larger bin keeps its
    minimum and maximum in time order, so oscillations stay visible as a band.
    The first and the last point are always kept exactly.
    """
    t = np.asarray(t, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = len(t)
    if n <= 2 * bins:
        return t, y
    edges = np.geomspace(t[0], t[-1], bins + 1)
    starts = np.unique(np.searchsorted(t, edges[:-1], side="left"))
    starts = starts[starts < n]
    ends = np.append(starts[1:], n)
    out_t, out_y = [t[:1]], [y[:1]]
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        if b - a == 1:
            out_t.append(t[a:b])
            out_y.append(y[a:b])
            continue
        seg = y[a:b]
        first, second = sorted((a + int(np.argmin(seg)), a + int(np.argmax(seg))))
        out_t.append(t[[first, second]])
        out_y.append(y[[first, second]])
    out_t.append(t[-1:])
    out_y.append(y[-1:])
    return np.concatenate(out_t), np.concatenate(out_y)


def _color(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


# -- worker ------------------------------------------------------------------------
#: Seconds :meth:`DemoView.shutdown` waits for its worker.
SHUTDOWN_WAIT_S = 2.0


def run_demo(control: Control, demo: Demo, settings: dict[str, Any]) -> DemoResult:
    """The worker's job: run ``demo``, reporting progress in steps of 1 % (worker thread)."""
    last = -1.0

    def progress(fraction: float) -> None:
        nonlocal last
        if fraction - last >= 0.01 or fraction >= 1.0:
            last = fraction
            control.report(float(fraction))

    try:
        return demo.run(settings, progress=progress, should_stop=control.should_stop)
    except DemoCancelled:
        raise Cancelled from None


class _Plots(QWidget):
    """Base of the per-demo plot panels: palette-aware pyqtgraph widgets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        palette = self.palette()
        self.background = palette.color(QPalette.ColorRole.Base)
        self.foreground = palette.color(QPalette.ColorRole.Text)

    def plot_widget(self) -> pg.PlotWidget:
        widget = pg.PlotWidget(background=self.background)
        widget.setMinimumHeight(160)
        plot = widget.getPlotItem()
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.hideButtons()
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(self.foreground))
            axis.setTextPen(pg.mkPen(self.foreground))
            axis.enableAutoSIPrefix(False)
        plot.getAxis("left").setWidth(54)
        return widget

    def set_texts(self, widget: pg.PlotWidget, title: str, left: str, bottom: str) -> None:
        """Title and axis labels of a plot (again on every language change)."""
        plot = widget.getPlotItem()
        plot.setTitle(title, size="10pt", color=self.foreground)
        for name, text in (("left", left), ("bottom", bottom)):
            plot.setLabel(name, text, color=self.foreground.name())

    def retranslate(self) -> None:
        """Titles, labels and table headers in the language now installed."""

    def legend(self, plot: pg.PlotItem, offset: tuple[float, float]) -> pg.LegendItem:
        legend = plot.addLegend(offset=offset, labelTextColor=self.foreground,
                                labelTextSize="9pt")
        fill = QColor(self.background)
        fill.setAlpha(220)
        legend.setBrush(pg.mkBrush(fill))
        legend.setPen(pg.mkPen(QColor(self.foreground.red(), self.foreground.green(),
                                      self.foreground.blue(), 60)))
        return legend

    def reference_line(self, plot: pg.PlotItem, y: float, text: str, color: str,
                       position: float = 0.03) -> pg.InfiniteLine:
        """A dashed horizontal line at data value ``y`` (a log-y plot gets ``log10 y``)."""
        if plot.getAxis("left").logMode:
            y = float(np.log10(y))
        line = pg.InfiniteLine(
            pos=y, angle=0, movable=False,
            pen=pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine),
            label=text,
            labelOpts={"position": position, "color": color, "anchors": [(0, 1), (0, 1)],
                       "fill": None},
        )
        line.setZValue(-5)
        plot.addItem(line, ignoreBounds=True)
        return line

    def show_result(self, result: DemoResult) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def summary_html(self, result: DemoResult) -> str:
        return ""


class NonconvergencePlots(_Plots):
    """x_t against t (lines at ±1, final x labelled) and the average regret R_t/t.

    Public API: ``x_plot``, ``regret_plot`` (PlotItems); ``x_curves``,
    ``regret_curves`` (label -> PlotDataItem, decimated data); ``final_labels``
    (label -> TextItem).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.x_widget = self.plot_widget()
        self.regret_widget = self.plot_widget()
        self.x_plot = self.x_widget.getPlotItem()
        self.regret_plot = self.regret_widget.getPlotItem()
        self.x_plot.setLogMode(x=True, y=False)
        self.regret_plot.setLogMode(x=True, y=True)
        self.regret_plot.setXLink(self.x_plot)
        self.x_plot.setYRange(-1.18, 1.18, padding=0)
        self.x_plot.enableAutoRange(y=False)
        self.optimum_line = self.reference_line(self.x_plot, -1.0, "", GOOD)
        self.worst_line = self.reference_line(self.x_plot, 1.0, "", BAD)
        self.stay_line = self.reference_line(self.regret_plot, 20 / 101, "", BAD)
        self._stochastic = False
        self.x_legend = self.legend(self.x_plot, (70, 60))
        self.regret_legend = self.legend(self.regret_plot, (-10, 10))
        self.x_curves: dict[str, pg.PlotDataItem] = {}
        self.regret_curves: dict[str, pg.PlotDataItem] = {}
        self.final_labels: dict[str, pg.TextItem] = {}
        self._markers: list[pg.ScatterPlotItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.x_widget, 3)
        layout.addWidget(self.regret_widget, 2)
        self.retranslate()

    def retranslate(self) -> None:
        rounds = self.tr("round t (log scale)")
        self.set_texts(self.x_widget, self.tr("Iterate x<sub>t</sub> (feasible set [−1, 1])"),
                       "x", rounds)
        regret = (self.tr("Average expected regret (losses 0.2·x), log–log") if self._stochastic
                  else self.tr("Average regret R<sub>t</sub>/t (log–log)"))
        self.set_texts(self.regret_widget, regret, "R/t", rounds)
        self.optimum_line.label.setFormat(self.tr("optimum x = −1"))
        self.worst_line.label.setFormat(self.tr("worst point x = +1"))
        self.stay_line.label.setFormat(self.tr("staying at +1: {0}").format(
            "0.4" if self._stochastic else "20/101"))

    def clear(self) -> None:
        for plot, curves in ((self.x_plot, self.x_curves), (self.regret_plot, self.regret_curves)):
            for curve in curves.values():
                plot.removeItem(curve)
            curves.clear()
        for item in [*self.final_labels.values(), *self._markers]:
            self.x_plot.removeItem(item)
        self.final_labels.clear()
        self._markers.clear()
        self.x_legend.clear()
        self.regret_legend.clear()

    def show_result(self, result: DemoResult) -> None:
        self.clear()
        stochastic = self._stochastic = bool(result.settings["stochastic"])
        stay = 2 * nc.MEAN_SLOPE if stochastic else 20 / 101
        self.stay_line.setValue(np.log10(stay))
        self.retranslate()
        finals = []
        for i, trace in enumerate(result.traces):
            if len(trace.steps) == 0:
                continue
            color = _color(i)
            t = trace.steps.astype(np.float64)
            tx, x = log_peak_decimate(t, trace.columns["x"])
            tr, r = log_peak_decimate(t, np.maximum(trace.columns["avg_regret"], 1e-12))
            final = float(trace.columns["x"][-1])
            regret = float(trace.columns["avg_regret"][-1])
            curve = pg.PlotDataItem(tx, x, pen=pg.mkPen(color, width=1.6),
                                    name=self.tr("{0}: final x = {1}").format(
                                        trace.label, f"{final:+.3f}"))
            self.x_plot.addItem(curve)
            self.x_curves[trace.label] = curve
            rcurve = pg.PlotDataItem(tr, r, pen=pg.mkPen(color, width=1.6),
                                     name=f"{trace.label}: R/t = {regret:.3g}")
            self.regret_plot.addItem(rcurve)
            self.regret_curves[trace.label] = rcurve
            finals.append((final, trace.label, color, t[-1]))
        # final-x labels at the right end, nudged apart so they never overlap
        placed: list[float] = []
        for final, label, color, t_end in sorted(finals):
            y = final
            for other in placed:
                if abs(y - other) < 0.14:
                    y = other + 0.14 if final >= other else other - 0.14
            placed.append(y)
            marker = pg.ScatterPlotItem([np.log10(t_end)], [final], size=9,
                                        brush=pg.mkBrush(color), pen=pg.mkPen(self.foreground))
            self.x_plot.addItem(marker)
            self._markers.append(marker)
            fill = QColor(self.background)
            fill.setAlpha(200)
            text = pg.TextItem(html=f"<span style='color:{color.name()};font-weight:600'>"
                                    f"{html.escape(label)}: x = {final:+.3f}</span>",
                               anchor=(1.05, 0.5 if abs(y) < 0.9 else (1.0 if y > 0 else 0.0)),
                               fill=pg.mkBrush(fill))
            text.setPos(np.log10(t_end), max(-1.12, min(1.12, y)))
            self.x_plot.addItem(text)
            self.final_labels[label] = text
        self.x_plot.setXRange(0, np.log10(max(10, result.settings["steps"])), padding=0.02)
        self._regret_range(result)

    def _regret_range(self, result: DemoResult) -> None:
        """Show R/t from round 30 on: the first rounds (R_1 = 1010) say nothing."""
        tails = [t.columns["avg_regret"][min(29, len(t.steps) - 1):] for t in result.traces
                 if len(t.steps)]
        values = np.concatenate(tails) if tails else np.array([1.0])
        values = values[values > 0]
        if not len(values):
            return
        stay = 2 * nc.MEAN_SLOPE if result.settings["stochastic"] else 20 / 101
        lo, hi = min(float(values.min()), stay) / 1.6, max(float(values.max()), stay) * 1.6
        self.regret_plot.enableAutoRange(y=False)
        self.regret_plot.setYRange(np.log10(lo), np.log10(hi), padding=0)

    def summary_html(self, result: DemoResult) -> str:
        rows = []
        for i, t in enumerate(result.traces):
            x = t.info["final_x"]
            verdict = (self.tr("at the optimum") if x < -0.9
                       else self.tr("at the worst point") if x > 0.9 else self.tr("in between"))
            rows.append(f"<tr><td style='color:{_color(i).name()}'><b>{html.escape(t.label)}"
                        f"</b></td><td align=right>{x:+.4f}</td>"
                        f"<td align=right>{t.info['avg_regret']:.4f}</td><td>{verdict}</td></tr>")
        regret = ("E R<sub>T</sub>/T" if result.settings["stochastic"]
                  else "R<sub>T</sub>/T")
        head = (self.tr("optimizer"), self.tr("final x"))
        timing = self.tr("{0} rounds in {1} s").format(f"{result.settings['steps']:,}",
                                                       f"{result.seconds:.2f}")
        return ("<table cellspacing=0 cellpadding=3>"
                f"<tr><th align=left>{head[0]}</th><th>{head[1]}</th><th>{regret}</th>"
                "<th></th></tr>" + "".join(rows)
                + f"</table><p style='color:gray'>{timing}</p>")


class GeneralizationPlots(_Plots):
    """Train/test error curves, training loss, the weights on the three shared features.

    Public API: ``train_plot``, ``test_plot``, ``loss_plot``, ``weights_plot``;
    ``train_curves``, ``test_curves``, ``loss_curves`` (label -> PlotDataItem);
    ``bars`` (label -> BarGraphItem); ``table`` (one row per optimizer).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.train_widget = self.plot_widget()
        self.test_widget = self.plot_widget()
        self.loss_widget = self.plot_widget()
        self.weights_widget = self.plot_widget()
        self._negative_fraction: float | None = None
        self.train_plot = self.train_widget.getPlotItem()
        self.test_plot = self.test_widget.getPlotItem()
        self.loss_plot = self.loss_widget.getPlotItem()
        self.weights_plot = self.weights_widget.getPlotItem()
        for plot in (self.train_plot, self.test_plot):
            plot.setYRange(-0.03, 1.03, padding=0)
            plot.enableAutoRange(y=False)
        self.test_plot.setXLink(self.train_plot)
        self.loss_plot.setXLink(self.train_plot)
        self.loss_plot.setLogMode(x=False, y=True)
        self.weights_plot.showGrid(x=False, y=True, alpha=0.15)
        self.negative_line = self.reference_line(self.test_plot, 0.0, "", BAD, position=0.04)
        self.test_legend = self.legend(self.test_plot, (-10, 10))
        self.weights_legend = self.legend(self.weights_plot, (-10, 10))
        self.train_curves: dict[str, pg.PlotDataItem] = {}
        self.test_curves: dict[str, pg.PlotDataItem] = {}
        self.loss_curves: dict[str, pg.PlotDataItem] = {}
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(["", "lr", "", "", "w₁", "w₂", "w₃"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        grid.addWidget(self.train_widget, 0, 0)
        grid.addWidget(self.test_widget, 0, 1)
        grid.addWidget(self.loss_widget, 1, 0)
        grid.addWidget(self.weights_widget, 1, 1)
        grid.addWidget(self.table, 2, 0, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 0)
        self.retranslate()

    def retranslate(self) -> None:
        step, error = self.tr("step"), self.tr("error")
        self.set_texts(self.train_widget, self.tr("Training error"), error, step)
        self.set_texts(self.test_widget, self.tr("Test error"), error, step)
        self.set_texts(self.loss_widget, self.tr("Training loss (least squares)"),
                       self.tr("loss"), step)
        self.set_texts(self.weights_widget, self.tr("Weights on the shared features"),
                       self.tr("weight"), self.tr("feature"))
        self.weights_plot.getAxis("bottom").setTicks(
            [[(1, self.tr("x₁ = label")), (2, "x₂ = 1"), (3, "x₃ = 1")]])
        for column, text in ((0, self.tr("optimizer")), (2, self.tr("train error")),
                             (3, self.tr("test error"))):
            self.table.horizontalHeaderItem(column).setText(text)
        if self._negative_fraction is not None:
            self.negative_line.label.setFormat(
                self.tr("fraction of negative test labels = {0}").format(
                    f"{self._negative_fraction:.3f}"))

    def clear(self) -> None:
        for plot, items in ((self.train_plot, self.train_curves),
                            (self.test_plot, self.test_curves),
                            (self.loss_plot, self.loss_curves),
                            (self.weights_plot, self.bars)):
            for item in items.values():
                plot.removeItem(item)
            items.clear()
        self.test_legend.clear()
        self.weights_legend.clear()
        self.table.setRowCount(0)

    def show_result(self, result: DemoResult) -> None:
        self.clear()
        frac = self._negative_fraction = result.summary["test_negative_fraction"]
        self.negative_line.setValue(frac)
        self.retranslate()
        k = max(1, len(result.traces))
        width = 0.8 / k
        # Curves that coincide (several methods on the same value) are drawn widest first,
        # so every colour stays visible as a stripe.
        for i, trace in enumerate(result.traces):
            color = _color(i)
            pen_width = 1.5 + 2.2 * (k - 1 - i)
            steps = trace.steps.astype(np.float64)
            cols = trace.columns
            for plot, store, name in ((self.train_plot, self.train_curves, "train_error"),
                                      (self.test_plot, self.test_curves, "test_error")):
                curve = pg.PlotDataItem(steps, cols[name], pen=pg.mkPen(color, width=pen_width),
                                        name=trace.label, stepMode=None)
                plot.addItem(curve)
                store[trace.label] = curve
            loss = np.maximum(cols["train_loss"], 1e-32)
            lcurve = pg.PlotDataItem(steps, loss, pen=pg.mkPen(color, width=1.6))
            self.loss_plot.addItem(lcurve)
            self.loss_curves[trace.label] = lcurve
            w = trace.info["shared_weights"]
            xs = np.arange(1, 4) - 0.4 + width * (i + 0.5)
            bar = pg.BarGraphItem(x=xs, height=w, width=width * 0.9, brush=pg.mkBrush(color),
                                  pen=pg.mkPen(self.foreground, width=0.5), name=trace.label)
            self.weights_plot.addItem(bar)  # the legend picks up its name
            self.bars[trace.label] = bar
            self._table_row(i, trace)
        self.weights_plot.setXRange(0.5, 3.5, padding=0)
        steps = result.settings["steps"]
        self.train_plot.setXRange(-0.03 * steps, 1.02 * steps, padding=0)
        self.table.setFixedHeight(self.table.horizontalHeader().height()
                                  + sum(self.table.rowHeight(r)
                                        for r in range(self.table.rowCount())) + 4)

    def _table_row(self, i: int, trace: Any) -> None:
        info = trace.info
        self.table.insertRow(i)
        cells = [trace.label, f"{info['lr']:g}", f"{info['train_error']:.3f}",
                 f"{info['test_error']:.3f}", *(f"{v:.3f}" for v in info["shared_weights"])]
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if col == 0:
                item.setForeground(_color(i))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            else:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == 3:
                item.setForeground(QColor(GOOD if info["test_error"] == 0 else BAD))
            self.table.setItem(i, col, item)

    def summary_html(self, result: DemoResult) -> str:
        m = result.summary
        text = self.tr("Training set: {0} positive, {1} negative. Predicting +1 for every test "
                       "point gives test error {2}.").format(
            m["train_positive"], m["train_negative"],
            f"<b>{m['test_negative_fraction']:.3f}</b>")
        timing = self.tr("{0} steps × {1} optimizers in {2} s").format(
            result.settings["steps"], len(result.traces), f"{result.seconds:.2f}")
        return f"{text}<p style='color:gray'>{timing}</p>"


class SwatsPlots(_Plots):
    """Training loss and test accuracy per epoch; SWATS's switches marked and tabulated.

    Public API: ``loss_plot``, ``accuracy_plot``; ``loss_curves``, ``accuracy_curves``
    (label -> PlotDataItem); ``switch_lines`` (InfiniteLines at the switch epochs);
    ``table`` (one row per SWATS tensor: switched at step, epoch, SGD learning rate).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss_widget = self.plot_widget()
        self.accuracy_widget = self.plot_widget()
        self.loss_plot = self.loss_widget.getPlotItem()
        self.accuracy_plot = self.accuracy_widget.getPlotItem()
        self.loss_plot.setLogMode(x=False, y=True)
        self.accuracy_plot.setXLink(self.loss_plot)
        self.loss_legend = self.legend(self.loss_plot, (-10, 10))
        self.loss_curves: dict[str, pg.PlotDataItem] = {}
        self.accuracy_curves: dict[str, pg.PlotDataItem] = {}
        self.switch_lines: list[pg.InfiniteLine] = []
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([""] * 5)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.loss_widget, 1)
        layout.addWidget(self.accuracy_widget, 1)
        layout.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        epoch = self.tr("epoch")
        self.set_texts(self.loss_widget, self.tr("Training loss (mean over each epoch)"),
                       self.tr("loss"), epoch)
        self.set_texts(self.accuracy_widget, self.tr("Test accuracy"), self.tr("accuracy"),
                       epoch)
        for column, text in enumerate((self.tr("optimizer"), self.tr("tensor"),
                                       self.tr("switched at step"), epoch,
                                       self.tr("SGD learning rate"))):
            self.table.horizontalHeaderItem(column).setText(text)

    def clear(self) -> None:
        for plot, curves in ((self.loss_plot, self.loss_curves),
                             (self.accuracy_plot, self.accuracy_curves)):
            for curve in curves.values():
                plot.removeItem(curve)
            curves.clear()
        for line in self.switch_lines:
            for plot in (self.loss_plot, self.accuracy_plot):
                if line in plot.items:
                    plot.removeItem(line)
        self.switch_lines.clear()
        self.loss_legend.clear()
        self.table.setRowCount(0)

    def show_result(self, result: DemoResult) -> None:
        self.clear()
        per_epoch = result.summary["steps_per_epoch"]
        for i, trace in enumerate(result.traces):
            color = _color(i)
            epoch = trace.columns["epoch"]
            symbol = {"symbol": "o", "symbolSize": 5, "symbolBrush": pg.mkBrush(color),
                      "symbolPen": None}
            curve = pg.PlotDataItem(epoch, np.maximum(trace.columns["train_loss"], 1e-12),
                                    pen=pg.mkPen(color, width=1.8), name=trace.label, **symbol)
            self.loss_plot.addItem(curve)
            self.loss_curves[trace.label] = curve
            acc = pg.PlotDataItem(epoch, trace.columns["test_accuracy"],
                                  pen=pg.mkPen(color, width=1.8), **symbol)
            self.accuracy_plot.addItem(acc)
            self.accuracy_curves[trace.label] = acc
            switches = trace.info.get("switches", [])
            for sw in switches:
                row = self.table.rowCount()
                self.table.insertRow(row)
                cells = [trace.label, sw["tensor"]]
                if sw["switched"]:
                    cells += [str(sw["step"]), f"{sw['step'] / per_epoch:.2f}",
                              f"{sw['sgd_lr']:.4g}"]
                else:
                    cells += ["—", "—", self.tr("not switched")]
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if col == 0:
                        item.setForeground(color)
                    elif col > 1:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                              | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(row, col, item)
            self._mark_switches(switches, per_epoch, color)
        self.loss_plot.setXRange(0, max(1.0, float(result.settings["epochs"])), padding=0.03)
        self.table.setFixedHeight(self.table.horizontalHeader().height()
                                  + sum(self.table.rowHeight(r)
                                        for r in range(self.table.rowCount())) + 4)

    def _mark_switches(self, switches: list[dict[str, Any]], per_epoch: float,
                       color: QColor) -> None:
        """A dashed line at each switch; switches closer than 0.4 epoch share one line.

        The table lists every switch exactly.
        """
        done = sorted((sw["step"] / per_epoch, sw["tensor"]) for sw in switches
                      if sw["switched"])
        groups: list[list[tuple[float, str]]] = []
        for epoch, tensor in done:
            if groups and epoch - groups[-1][0][0] < 0.4:
                groups[-1].append((epoch, tensor))
            else:
                groups.append([(epoch, tensor)])
        for group in groups:
            names = ", ".join(tensor for _, tensor in group)
            for plot in (self.loss_plot, self.accuracy_plot):
                line = pg.InfiniteLine(
                    pos=group[0][0], angle=90, movable=False,
                    pen=pg.mkPen(color, width=1.2, style=Qt.PenStyle.DashLine),
                    label=f"{names} → SGD" if plot is self.accuracy_plot else None,
                    labelOpts={"position": 0.1, "color": color.name(),
                               "rotateAxis": (1, 0), "anchors": [(0, 0), (0, 0)]},
                )
                plot.addItem(line, ignoreBounds=True)
                self.switch_lines.append(line)

    def summary_html(self, result: DemoResult) -> str:
        m = result.summary
        rows = "".join(
            f"<tr><td style='color:{_color(i).name()}'><b>{html.escape(t.label)}</b></td>"
            f"<td align=right>{t.info['final_train_loss']:.4f}</td>"
            f"<td align=right>{t.info['final_test_accuracy']:.3f}</td></tr>"
            for i, t in enumerate(result.traces))
        switch = " ".join(
            self.tr("{0} first switched at step {1}.").format(html.escape(label),
                                                              f"<b>{first}</b>")
            if first is not None else self.tr("{0} did not switch.").format(html.escape(label))
            for label, first in m["first_switch"].items())
        head = (self.tr("optimizer"), self.tr("train loss"), self.tr("test acc."))
        timing = self.tr("{0} steps in {1} s").format(m["steps"], f"{result.seconds:.2f}")
        return (f"<p>{html.escape(engine_error(m['dataset']))}</p>"
                "<table cellspacing=0 cellpadding=3>"
                f"<tr><th align=left>{head[0]}</th><th>{head[1]}</th><th>{head[2]}</th></tr>"
                f"{rows}</table><p>{switch}</p>"
                f"<p style='color:gray'>{timing}</p>")


#: The plot panel of each paper demo.
PLOTS: dict[str, Callable[[], _Plots]] = {
    "adam-nonconvergence": NonconvergencePlots,
    "adaptive-generalization": GeneralizationPlots,
    "swats": SwatsPlots,
}


# -- the view ----------------------------------------------------------------------
class DemoView(QWidget):
    """One paper demo: explanation, settings form, Run/Cancel with progress, plots.

    Signals: ``finished(DemoResult)`` after the plots show a new result;
    ``failed(str)`` when a run failed or was cancelled.

    Public API: ``demo``, ``fields`` (setting name -> editor), ``optimizers_edit``,
    ``run_button``, ``cancel_button``, ``progress``, ``message``, ``plots``,
    ``result`` (the last result or None), ``settings()``, ``run()``, ``cancel()``,
    ``is_running()``, ``shutdown()``.
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.demo = get_demo(name)
        if self.demo.preset is not None:
            raise ValueError(f"demo '{name}' is a race preset; load it in the race view")
        factory = PLOTS.get(name)
        if factory is None:
            raise ValueError(f"demo '{name}' has no view yet")
        self.result: DemoResult | None = None
        self._worker: Worker | None = None
        self.fields: dict[str, QWidget] = {}
        self.plots = factory()
        self._build()

    # -- construction ------------------------------------------------------------
    def _build(self) -> None:
        demo = self.demo
        self.texts = Texts()
        tr = self.texts.bind
        self.explanation = QLabel()
        tr(self.explanation.setText, self._explanation_html)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for p in demo.settings:
            editor = self._editor(p)
            tr(editor.setToolTip, lambda p=p: self.tr("{help}; range {range}, default {default}")
               .format(help=engine_text(p.help), range=range_text(p), default=p.default))
            self.fields[p.name] = editor
            label = QLabel()
            tr(label.setText, lambda n=p.name: translate("DemoView", LABELS.get(n, n)))
            label.setBuddy(editor)
            form.addRow(label, editor)
        self.optimizers_edit: QLineEdit | None = None
        if demo.accepts_optimizers:
            self.optimizers_edit = QLineEdit(" ".join(demo.default_optimizers))
            tr(self.optimizers_edit.setPlaceholderText,
               lambda: self.tr("specs, e.g. {0}").format("adam amsgrad yogi:lr=0.1"))
            tr(self.optimizers_edit.setToolTip, lambda: self.tr(
                "Optimizers to compare, separated by spaces: name or name:key=value,...")
                + "\n" + engine_text(demo.optimizer_note))
            label = QLabel()
            tr(label.setText, lambda: self.tr("Optimizers"))
            label.setBuddy(self.optimizers_edit)
            form.addRow(label, self.optimizers_edit)

        self.run_button = QPushButton()
        tr(self.run_button.setText, lambda: self.tr("Run"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton()
        tr(self.cancel_button.setText, lambda: self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self._message: tuple[str, bool] = ("ready", False)  # (state or error, is error)
        self._show_state("ready")

        settings_box = QFrame()
        settings_box.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(settings_box)
        title = QLabel()
        tr(title.setText, lambda: "<b>" + html.escape(self.tr("Settings")) + "</b>")
        box.addWidget(title)
        box.addLayout(form)
        box.addLayout(buttons)
        box.addWidget(self.progress)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(10, 10, 10, 10)
        lay.setSpacing(10)
        lay.addWidget(self.explanation)
        lay.addWidget(settings_box)
        lay.addWidget(self.message)
        lay.addStretch(1)
        scroll = vertical_scroll(left)
        scroll.setMinimumWidth(360)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.plots)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([470, 890])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _explanation_html(self) -> str:
        d = self.demo
        e = html.escape
        setup, watch, why = self.tr("Set-up."), self.tr("What to watch."), self.tr("Why.")
        return (f"<h2 style='margin-bottom:2px'>{e(engine_text(d.title))}</h2>"
                f"<p style='margin-top:0'><i>{e(engine_text(d.paper))}</i></p>"
                f"<p><b>{e(setup)}</b> {e(engine_text(d.setup))}</p>"
                f"<p><b>{e(watch)}</b> {e(engine_text(d.watch))}</p>"
                f"<p><b>{e(why)}</b> {e(engine_text(d.why))}</p>")

    # -- language ------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.apply()
            self.plots.retranslate()
            if self.result is not None:
                self.plots.show_result(self.result)
            self._show_state(*self._message)
        super().changeEvent(event)

    def _editor(self, p: HParam) -> QWidget:
        if p.kind == "bool":
            box = QCheckBox()
            box.setChecked(bool(p.default))
            return box
        if p.kind == "int":
            spin = QSpinBox()
            low = -(2**31) + 1 if p.low is None else int(max(p.low, -(2**31) + 1))
            high = 2**31 - 1 if p.high is None else int(min(p.high, 2**31 - 1))
            spin.setRange(low, high)
            spin.setValue(int(p.default))
            spin.setGroupSeparatorShown(True)
            spin.setAccelerated(True)
            if p.name == "steps":
                spin.setSingleStep(max(1, int(p.default) // 10))
            return spin
        if p.kind == "text":
            edit = QLineEdit(str(p.default))
            self.texts.bind(edit.setPlaceholderText, lambda: self.tr("(default)"))
            return edit
        return QLineEdit(f"{p.default:g}")

    # -- settings ------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        """The form's values (raw; :meth:`Demo.validate` checks them)."""
        values: dict[str, Any] = {}
        for name, editor in self.fields.items():
            if isinstance(editor, QCheckBox):
                values[name] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                values[name] = editor.value()
            elif isinstance(editor, QLineEdit):
                values[name] = editor.text().strip()
        if self.optimizers_edit is not None:
            values["optimizers"] = self.optimizers_edit.text().split()
        return values

    # -- running ---------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._worker is not None

    @Slot()
    def run(self) -> None:
        if self.is_running():
            return
        try:
            settings = self.demo.validate(self.settings())
        except ValueError as exc:
            self._show_state(message_of(exc), error=True)
            self.failed.emit(str(exc))
            return
        self._show_state("running")
        self.progress.setValue(0)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        worker = Worker(run_demo, self.demo, settings, control=True,
                        name=f"demo-{self.demo.name}")
        worker.yielded.connect(self._on_progress)
        worker.returned.connect(self._on_result)
        worker.errored.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        worker.finished.connect(self._on_worker_finished)
        self._worker = worker
        worker.start()

    @Slot()
    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.cancel_button.setEnabled(False)
            self._show_state("cancelling")

    def shutdown(self, timeout: float = SHUTDOWN_WAIT_S) -> None:
        """Cancel a running demo and wait ``timeout`` s at most (call before the view goes).

        A demo inside a step it cannot interrupt is left running (see
        :mod:`gui.services.workers`); the view forgets it either way.
        """
        worker = self._worker
        if worker is None:
            return
        worker.cancel()
        worker.wait(timeout)
        self._forget_worker()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

    # -- worker → view ----------------------------------------------------------------
    def _from_worker(self) -> bool:
        return self._worker is not None and self.sender() is self._worker

    @Slot(object)
    def _on_progress(self, fraction: float) -> None:
        if self._from_worker():
            self.progress.setValue(int(round(1000 * fraction)))

    @Slot(object)
    def _on_result(self, result: DemoResult) -> None:
        if not self._from_worker():
            return
        self.result = result
        self.plots.show_result(result)
        self.progress.setValue(1000)
        self._show_state("result")
        self.finished.emit(result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if not self._from_worker():
            return
        self._show_state(message, error=True)
        self.failed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        if not self._from_worker():
            return
        self.progress.setValue(0)
        self._show_state("cancelled")
        self.failed.emit("cancelled")

    @Slot()
    def _on_worker_finished(self) -> None:
        if self._from_worker():
            self._forget_worker()

    def _forget_worker(self) -> None:
        self._worker = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _show_state(self, state: str, error: bool = False) -> None:
        """Show where the demo is (``state``), or an engine error message (``error``)."""
        self._message = (state, error)
        if error:
            text = f"<span style='color:{BAD}'>{html.escape(engine_error(state))}</span>"
        elif state == "result" and self.result is not None:
            text = self.plots.summary_html(self.result)
        else:
            text = {"ready": self.tr("Press Run to reproduce the result."),
                    "running": self.tr("Running…"), "cancelling": self.tr("Cancelling…"),
                    "cancelled": self.tr("Cancelled.")}.get(state, "")
        self.message.setText(text)


class DemoDialog(QDialog):
    """A non-modal window holding one :class:`DemoView`; joins the worker on close."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = DemoView(name, self)
        self._retranslate()
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(1360, 840)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Demo — {0}").format(engine_text(self.view.demo.title)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @classmethod
    def open(cls, name: str, parent: QWidget | None = None) -> DemoDialog:
        """Create, show and return the dialog (deleted when closed)."""
        dialog = cls(name, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.show()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.view.shutdown()
        super().closeEvent(event)

    def reject(self) -> None:  # Escape key
        self.view.shutdown()
        super().reject()


def populate_demos_menu(menu: QMenu, parent: QWidget,
                        load_preset: Callable[[str], None]) -> None:
    """Fill ``menu`` with the registered demos.

    Paper demos open a :class:`DemoDialog`; race-preset demos call
    ``load_preset(name)`` (the main window's preset loader).
    """
    from engine.demos import DEMOS

    papers = [d for d in DEMOS.values() if d.preset is None and d.name in PLOTS]
    presets = [d for d in DEMOS.values() if d.preset is not None]
    for demo in papers:
        action = menu.addAction(f"{engine_text(demo.title)}…")
        action.setToolTip(f"{engine_text(demo.paper)}. {engine_text(demo.watch)}")
        action.setStatusTip(engine_text(demo.paper))
        action.triggered.connect(lambda _=False, n=demo.name: DemoDialog.open(n, parent))
    if papers and presets:
        menu.addSeparator()
    for demo in presets:
        action = menu.addAction(
            translate("DemoMenu", "Race: {0}").format(engine_text(demo.title)))
        action.setToolTip(engine_text(demo.watch))
        action.setStatusTip(engine_text(demo.watch))
        action.triggered.connect(lambda _=False, n=demo.preset: load_preset(n))
    menu.setToolTipsVisible(True)

