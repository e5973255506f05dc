"""The plots of each paper demo: a :class:`_Plots` panel per demo, drawing the engine's
:class:`~engine.demos.DemoResult`.

The long curves are decimated in numpy (:func:`log_peak_decimate`) before they reach
pyqtgraph.  :data:`PLOTS` maps a paper demo's name to its panel.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.demos import DemoResult
from engine.demos import nonconvergence as nc
from engine.palette import PALETTE
from gui.services.i18n import engine_error

__all__ = ["BAD", "GOOD", "PLOTS", "GeneralizationPlots", "NonconvergencePlots", "SwatsPlots",
           "log_peak_decimate"]

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
