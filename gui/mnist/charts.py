"""The MNIST tab's plots: the training-loss and test-accuracy curves, and the Inspect
row (test digits with predictions, confusion matrix, first-layer weights) of one run.

:class:`TrainingCharts` is a part of :class:`gui.mnist.panel.MnistPanel` (a mixin): it
builds and draws the plots from the training's :class:`~gui.mnist.jobs.Snapshot`; the
panel owns the training itself.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.mnist.data import Dataset
from engine.mnist.trainer import DIVERGED, RUNNING, TrainConfig
from engine.palette import PALETTE
from gui.mnist.jobs import DIGIT_COLS, DIGIT_ROWS, WEIGHT_UNITS, RunSnapshot, Snapshot
from gui.mnist.mosaics import confusion_rgb, digit_mosaic, weight_mosaic
from gui.services.i18n import engine_text

__all__ = ["Curves", "TrainingCharts", "fmt_time", "swatch"]

#: Smoothing of the training-loss curve (EMA weight of the newest value).
EMA_ALPHA = 0.05



def ema(values: np.ndarray, start: float | None, alpha: float = EMA_ALPHA) -> np.ndarray:
    out = np.empty_like(values, dtype=np.float64)
    acc = start
    for i, v in enumerate(values.tolist()):
        if v != v:  # NaN (diverged)
            out[i] = np.nan
            continue
        acc = v if acc is None else acc + alpha * (v - acc)
        out[i] = acc
    return out



def fmt_time(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"



def swatch(color: str) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(QColor(color))
    return QIcon(pix)



class Curves:
    """The plotted series of one run (kept in the UI thread)."""

    def __init__(self, color: str, label: str, capacity: int) -> None:
        self.color, self.label = color, label
        self.steps = np.arange(1, capacity + 1, dtype=np.float64)
        self.raw = np.full(capacity, np.nan)
        self.smooth = np.full(capacity, np.nan)
        self.n = 0
        self.ema: float | None = None
        self.eval_steps: list[int] = []
        self.eval_acc: list[float] = []



class TrainingCharts:
    """The curves and the Inspect row of :class:`~gui.mnist.panel.MnistPanel`."""

    def _plot(self, title, left, bottom) -> pg.PlotWidget:  # functions returning the texts
        palette = self.palette()
        widget = pg.PlotWidget(background=palette.color(QPalette.ColorRole.Base))
        plot = widget.getPlotItem()
        fg = palette.color(QPalette.ColorRole.Text)
        self.texts.bind(lambda t: plot.setTitle(t, color=fg.name(), size="10pt"), title)
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.hideButtons()
        self.texts.bind(lambda t: plot.setLabel("left", t), left)
        self.texts.bind(lambda t: plot.setLabel("bottom", t), bottom)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(fg))
            axis.setTextPen(pg.mkPen(fg))
            axis.enableAutoSIPrefix(False)
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        widget.setMinimumHeight(160)
        return widget


    def _build_curves(self) -> QWidget:
        self.loss_widget = self._plot(
            lambda: self.tr("Training loss (mini-batch; thick: moving average)"),
            lambda: self.tr("cross-entropy"), lambda: self.tr("step"))
        self.loss_plot = self.loss_widget.getPlotItem()
        self.loss_plot.setLogMode(x=False, y=True)
        self.loss_legend = self.loss_plot.addLegend(offset=(-10, 10), labelTextSize="9pt",
                                                    brush=pg.mkBrush(255, 255, 255, 210),
                                                    pen=pg.mkPen(200, 200, 200))
        self.acc_widget = self._plot(lambda: self.tr("Test accuracy"),
                                     lambda: self.tr("accuracy (%)"), lambda: self.tr("step"))
        self.acc_plot = self.acc_widget.getPlotItem()
        self.acc_plot.setYRange(0, 100, padding=0)  # percent from the start, like the label
        self.acc_plot.setXLink(self.loss_plot)
        self.loss_items: list[tuple[pg.PlotDataItem, pg.PlotDataItem]] = []
        self.acc_items: list[pg.PlotDataItem] = []
        box = QSplitter(Qt.Orientation.Horizontal)
        box.addWidget(self.loss_widget)
        box.addWidget(self.acc_widget)
        return box


    def _image_view(self, title) -> tuple[pg.GraphicsLayoutWidget, pg.ViewBox,
                                          pg.ImageItem]:  # title: returns the text
        widget = pg.GraphicsLayoutWidget()
        widget.setBackground(self.palette().color(QPalette.ColorRole.Base))
        fg = self.palette().color(QPalette.ColorRole.Text).name()
        label = widget.ci.addLabel("", row=0, col=0, color=fg, size="10pt")
        self.texts.bind(label.setText, title)
        view = widget.ci.addViewBox(row=1, col=0, lockAspect=True, enableMouse=False,
                                    invertY=True)
        view.setMenuEnabled(False)
        image = pg.ImageItem(axisOrder="row-major")
        view.addItem(image)
        widget.setMinimumSize(120, 120)
        return widget, view, image


    def _build_inspect(self) -> QWidget:
        top = QHBoxLayout()
        top.addWidget(self._label(lambda: self.tr("Inspect")))
        self.inspect_combo = QComboBox()
        self.inspect_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.inspect_combo.currentIndexChanged.connect(lambda _: self._draw_inspect(force=True))
        top.addWidget(self.inspect_combo)
        self.inspect_label = QLabel()
        top.addWidget(self.inspect_label, 1)

        self.digits_widget, self.digits_view, self.digits_image = self._image_view(
            lambda: self.tr("Test digits: predicted label (wrong ones in red)"))
        self.digit_texts: list[pg.TextItem] = []
        bold = QFont(self.font())
        bold.setBold(True)
        for _ in range(DIGIT_ROWS * DIGIT_COLS):
            t = pg.TextItem("", anchor=(1, 0))
            t.setFont(bold)
            t.setZValue(10)
            self.digits_view.addItem(t)
            self.digit_texts.append(t)
        self.confusion_widget, self.confusion_view, self.confusion_image = self._image_view(
            lambda: self.tr("Confusion matrix (rows: true, columns: predicted)"))
        self.confusion_texts: list[pg.TextItem] = []
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() - 1))
        for k in range(100):
            t = pg.TextItem("", anchor=(0.5, 0.5))
            t.setFont(small)
            t.setPos(k % 10 + 0.5, k // 10 + 0.5)
            self.confusion_view.addItem(t)
            self.confusion_texts.append(t)
        for k in range(10):
            for pos, anchor in (((k + 0.5, -0.1), (0.5, 1)), ((-0.1, k + 0.5), (1, 0.5))):
                t = pg.TextItem(str(k), anchor=anchor, color="#666666")
                t.setPos(*pos)
                self.confusion_view.addItem(t)
        self.weights_widget, self.weights_view, self.weights_image = self._image_view(
            lambda: self.tr("First-layer weights ({0} hidden units; red +, blue −)").format(
                WEIGHT_UNITS))

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.digits_widget, 0, 0)
        grid.addWidget(self.confusion_widget, 0, 1)
        grid.addWidget(self.weights_widget, 0, 2)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 4)
        grid.setColumnStretch(2, 4)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.addLayout(top)
        lay.addLayout(grid, 1)
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return box


    def _reset_plots(self, config: TrainConfig) -> None:
        self.loss_plot.clear()
        self.acc_plot.clear()
        self.loss_legend.clear()
        self.loss_items, self.acc_items, self._curves = [], [], []
        self._snapshot = None
        self._inspect_drawn = ()
        self.inspect_combo.blockSignals(True)
        self.inspect_combo.clear()
        for i, spec in enumerate(config.optimizers):
            color = PALETTE[i % len(PALETTE)]
            curves = Curves(color, spec, config.iterations)
            self._curves.append(curves)
            c = QColor(color)
            faint = QColor(c)
            faint.setAlpha(60)
            raw = pg.PlotDataItem(pen=pg.mkPen(faint, width=1), connect="finite")
            smooth = pg.PlotDataItem(pen=pg.mkPen(c, width=2.5), connect="finite", name=spec)
            self.loss_plot.addItem(raw)
            self.loss_plot.addItem(smooth)
            acc = pg.PlotDataItem(pen=pg.mkPen(c, width=2), symbol="o", symbolSize=5,
                                  symbolBrush=c, symbolPen=None)
            self.acc_plot.addItem(acc)
            self.loss_items.append((raw, smooth))
            self.acc_items.append(acc)
            self.inspect_combo.addItem(swatch(color), spec)
        self.inspect_combo.blockSignals(False)
        self.loss_plot.setXRange(0, config.iterations, padding=0.01)
        self.acc_plot.setYRange(0, 100)
        self.progress_bar.setValue(0)
        self._progress_text = None
        self._format_progress()
        for image in (self.digits_image, self.confusion_image, self.weights_image):
            image.clear()
        for t in (*self.digit_texts, *self.confusion_texts):
            t.setText("")
        self.inspect_label.setText("")


    def _apply(self, snap: Snapshot) -> None:
        self._snapshot = snap
        for i, (curves, run) in enumerate(zip(self._curves, snap.runs, strict=True)):
            a, b = run.loss_start, run.loss_start + len(run.losses)
            if b > a:
                raw = run.losses.astype(np.float64)
                raw[~np.isfinite(raw)] = np.nan
                curves.raw[a:b] = raw
                smooth = ema(raw, curves.ema)
                finite = smooth[np.isfinite(smooth)]
                curves.ema = float(finite[-1]) if len(finite) else curves.ema
                curves.smooth[a:b] = smooth
                curves.n = b
                raw_item, smooth_item = self.loss_items[i]
                raw_item.setData(curves.steps[:b], curves.raw[:b])
                smooth_item.setData(curves.steps[:b], curves.smooth[:b])
            evs = [e for e in run.evaluations if e.test_accuracy == e.test_accuracy]
            if len(evs) != len(curves.eval_steps):
                curves.eval_steps = [e.step for e in evs]
                curves.eval_acc = [100 * e.test_accuracy for e in evs]
                self.acc_items[i].setData(curves.eval_steps, curves.eval_acc)
            self._name_run(i, run)
        self._update_accuracy_range()
        self.progress_bar.setValue(int(1000 * snap.step / max(1, snap.total)))
        if not snap.final and snap.step:
            eta = snap.active_seconds * (snap.total - snap.step) / snap.step
            self._progress_text = (snap.step, snap.total, eta)
            if self._worker is not None and not self.pause_button.isChecked():
                self._set_status("epoch", f"{snap.epoch:.2f}")
        else:
            self._progress_text = (snap.step, snap.total, None)
        self._format_progress()
        self._draw_inspect()


    def _name_run(self, i: int, run: RunSnapshot) -> None:
        """The run's name in the Inspect combo and the legend, with its latest result."""
        evs = [e for e in run.evaluations if e.test_accuracy == e.test_accuracy]
        name = run.label
        if run.status == DIVERGED:
            name = self.tr("{0} — diverged at step {1}").format(run.label, run.diverged_at)
        elif evs:
            name = f"{run.label} — {100 * evs[-1].test_accuracy:.2f} %"
        if self.inspect_combo.itemText(i) != name:
            self.inspect_combo.setItemText(i, name)
        smooth_item = self.loss_items[i][1]
        if smooth_item.name() != name:
            smooth_item.opts["name"] = name
            self._relabel_legend(smooth_item, name)


    def _format_progress(self) -> None:
        if self._progress_text is None:
            self.progress_bar.setFormat("%p %")
            return
        step, total, eta = self._progress_text
        text = "%p %   " + self.tr("step {0} / {1}").format(f"{step:,}", f"{total:,}")
        if eta is not None:
            text += "   " + self.tr("ETA {0}").format(fmt_time(eta))
        self.progress_bar.setFormat(text)


    def _relabel_legend(self, item: pg.PlotDataItem, name: str) -> None:
        for sample, label in self.loss_legend.items:
            if sample.item is item:
                label.setText(name)


    def _update_accuracy_range(self) -> None:
        accs = [a for c in self._curves for a in c.eval_acc]
        if accs:
            low = max(0.0, min(accs) - 2.0)
            self.acc_plot.setYRange(low, min(100.0, max(accs) + 1.0), padding=0)


    def _draw_inspect(self, force: bool = False) -> None:
        snap = self._snapshot
        i = self.inspect_combo.currentIndex()
        if snap is None or not 0 <= i < len(snap.runs):
            return
        run = snap.runs[i]
        dataset = self._datasets.get(self._request())
        n_evals = len(run.evaluations)
        key = (snap.generation, i, n_evals)
        evaluated = run.confusion is not None and run.predictions is not None
        if dataset is not None and evaluated and (force or key != self._inspect_drawn):
            self._inspect_drawn = key
            self._draw_digits(dataset, run.predictions)
            self._draw_confusion(run.confusion)
            ev = next((e for e in reversed(run.evaluations)
                       if e.test_accuracy == e.test_accuracy), None)
            if ev is not None:
                self.inspect_label.setText(self.tr(
                    "after step {0}: test accuracy {1} % on {2} test images, test loss {3}")
                    .format(f"{ev.step:,}", f"{100 * ev.test_accuracy:.2f}",
                            f"{int(run.confusion.sum()):,}", f"{ev.test_loss:.4f}"))
        if run.weights is not None and (force or run.status == RUNNING or snap.final):
            self.weights_image.setImage(weight_mosaic(run.weights, self._weights_lut),
                                        levels=(0, 255), autoLevels=False)


    def _draw_digits(self, dataset: Dataset, predictions: np.ndarray) -> None:
        n = min(DIGIT_ROWS * DIGIT_COLS, len(predictions))
        images = dataset.test_images[:n]
        labels = dataset.test_labels[:n]
        pad = 3
        cell = 28 + 2 * pad
        self.digits_image.setImage(digit_mosaic(images, labels, predictions[:n], DIGIT_ROWS,
                                                DIGIT_COLS, pad), levels=(0, 255),
                                   autoLevels=False)
        classes = dataset.classes
        short = [engine_text(c).split("/")[0][:7] for c in classes]
        for k, t in enumerate(self.digit_texts):
            if k >= n:
                t.setText("")
                continue
            r, c = divmod(k, DIGIT_COLS)
            wrong = predictions[k] != labels[k]
            t.setText(short[int(predictions[k])])
            t.setColor("#D62728" if wrong else "#2CA02C")
            t.setPos(c * cell + cell - 1, r * cell - 1)


    def _draw_confusion(self, confusion: np.ndarray) -> None:
        rgb, frac = confusion_rgb(confusion, self._confusion_lut)
        self.confusion_image.setImage(rgb, levels=(0, 255), autoLevels=False)
        self.confusion_image.setRect(0, 0, 10, 10)
        for k, t in enumerate(self.confusion_texts):
            count = int(confusion.flat[k])
            t.setText(str(count) if count else "")
            t.setColor("#FFFFFF" if frac.flat[k] > 0.45 else "#333333")
        self.confusion_view.setRange(xRange=(-0.6, 10), yRange=(-0.6, 10), padding=0.02)

