"""The MNIST tab: the race's optimizers train a real network, live and side by side.

Layout: controls on the left (dataset, optimizers, network, presets, run
controls), plots on the right: training loss (raw, thin and transparent, plus an
exponential moving average) and test accuracy per evaluation, in the race's
colours; below, for the optimizer chosen in "Inspect", a grid of test digits
with the predicted labels (wrong ones framed in red), the confusion matrix and
the first-layer weights as 28×28 images.

Long work runs in :class:`gui.services.workers.Worker` threads (the jobs are in
:mod:`gui.mnist.jobs`): training, one mini-batch per checkpoint with at
most ~12 snapshots a second, and the download of the full set.  The UI thread
only paints.  :meth:`MnistPanel.shutdown` (``closeEvent``; the main window on
close) cancels both and waits a bounded time.

The main window creates the panel (and imports this module) only when its tab
is first shown (:class:`gui.widgets.layout.LazyWidget`).
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QColor, QFont, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.messages import message_of, msg
from engine.mnist.data import DATASETS, Dataset, candidate_folders, find_files
from engine.mnist.memory import DataShapes, check_memory
from engine.mnist.mlp import ACTIVATIONS, INITS
from engine.mnist.trainer import DIVERGED, PRESETS, RUNNING, TrainConfig
from engine.optimizers import get_spec, optimizer_names, parse_spec, spec_string
from engine.palette import PALETTE
from gui.mnist.jobs import (
    DIGIT_COLS,
    DIGIT_ROWS,
    SOURCE_AUTO,
    SOURCE_FOLDER,
    SOURCE_SAMPLE,
    WEIGHT_UNITS,
    RunSnapshot,
    Snapshot,
    TrainingJob,
    download_dataset,
)
from gui.services.i18n import Texts, engine_error, engine_text
from gui.services.settings import Settings
from gui.services.workers import Worker
from gui.widgets.layout import vertical_scroll

__all__ = ["MnistPanel", "RunSnapshot", "Snapshot", "TrainingJob"]

#: Seconds :meth:`MnistPanel.shutdown` waits for a worker by default.
SHUTDOWN_WAIT_S = 2.0

#: Smoothing of the training-loss curve (EMA weight of the newest value).
EMA_ALPHA = 0.05
#: Test images evaluated at intermediate points in the GUI (the last point uses all).
GUI_EVAL_SUBSET = 2000


# -- drawing helpers (numpy only) -------------------------------------------------------
def digit_mosaic(images: np.ndarray, labels: np.ndarray, predictions: np.ndarray | None,
                 rows: int, cols: int, pad: int = 3) -> np.ndarray:
    """RGB mosaic of 28×28 digits, dark ink on white; wrong predictions framed in red."""
    cell = 28 + 2 * pad
    out = np.full((rows * cell, cols * cell, 3), 255, np.uint8)
    for k in range(min(rows * cols, len(images))):
        r, c = divmod(k, cols)
        y, x = r * cell, c * cell
        if predictions is not None and predictions[k] != labels[k]:
            out[y + 1 : y + cell - 1, x + 1 : x + cell - 1] = (214, 39, 40)
        ink = 255 - images[k].reshape(28, 28)
        out[y + pad : y + pad + 28, x + pad : x + pad + 28] = ink[:, :, None]
    return out


def weight_mosaic(weights: np.ndarray, lut: np.ndarray, pad: int = 2) -> np.ndarray:
    """RGB mosaic of first-layer weight images, each scaled symmetrically to ±max|w|."""
    n = len(weights)
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    cell = 28 + pad
    out = np.full((rows * cell + pad, cols * cell + pad, 3), 255, np.uint8)
    for k in range(n):
        w = weights[k]
        scale = float(np.max(np.abs(w))) or 1.0
        idx = np.clip(((w / scale + 1) * 0.5 * (len(lut) - 1)).round(), 0, len(lut) - 1)
        r, c = divmod(k, cols)
        y, x = pad + r * cell, pad + c * cell
        out[y : y + 28, x : x + 28] = lut[idx.astype(np.intp)]
    return out


def confusion_rgb(confusion: np.ndarray, lut: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row-normalised colours of a confusion matrix (true class per row) and the fractions."""
    totals = confusion.sum(axis=1, keepdims=True)
    frac = np.divide(confusion, np.maximum(totals, 1), dtype=np.float64)
    idx = np.clip((np.sqrt(frac) * (len(lut) - 1)).round(), 0, len(lut) - 1).astype(np.intp)
    return lut[idx], frac


def _lut(name_or_colors: str | list[tuple[int, int, int]], n: int = 256) -> np.ndarray:
    if isinstance(name_or_colors, str):
        cmap = pg.colormap.get(name_or_colors)
    else:
        cmap = pg.ColorMap(np.linspace(0, 1, len(name_or_colors)), name_or_colors)
    return cmap.getLookupTable(0.0, 1.0, n, alpha=False).astype(np.uint8)


def _ema(values: np.ndarray, start: float | None, alpha: float = EMA_ALPHA) -> np.ndarray:
    out = np.empty_like(values, dtype=np.float64)
    acc = start
    for i, v in enumerate(values.tolist()):
        if v != v:  # NaN (diverged)
            out[i] = np.nan
            continue
        acc = v if acc is None else acc + alpha * (v - acc)
        out[i] = acc
    return out


def _fmt_time(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _swatch(color: str) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(QColor(color))
    return QIcon(pix)


class _Curves:
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


# -- the panel ---------------------------------------------------------------------------
class MnistPanel(QWidget):
    """Train optimizers side by side on MNIST; see the module docstring."""

    trainingStarted = Signal()
    trainingFinished = Signal()   # finished, stopped or failed
    datasetChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._worker: Worker | None = None
        self._job: TrainingJob | None = None
        self._dl_worker: Worker | None = None
        self._datasets: dict[tuple[str, str, str | None], Dataset] = {}
        self._folder: str | None = Settings().data_folder
        self._curves: list[_Curves] = []
        self._snapshot: Snapshot | None = None
        self._inspect_drawn: tuple = ()
        self._running_config: TrainConfig | None = None
        self._status: tuple[str, tuple] = ("ready", ())
        self._progress_text: tuple[int, int, float | None] | None = None
        self._weights_lut = _lut("CET-D1")
        self._confusion_lut = _lut([(255, 255, 255), (158, 202, 225), (8, 81, 156)])
        self._build()
        self.apply_config(PRESETS["Optimizer comparison"])
        self._refresh_dataset()
        self._set_running(False)
        self._set_status("ready")

    # -- construction ------------------------------------------------------------------
    def _build(self) -> None:
        self.texts = Texts()
        controls = QWidget()
        col = QVBoxLayout(controls)
        col.setContentsMargins(6, 6, 6, 6)
        col.addWidget(self._build_dataset())
        col.addWidget(self._build_optimizers())
        col.addWidget(self._build_network())
        col.addWidget(self._build_run())
        col.addStretch(1)
        scroll = vertical_scroll(controls)
        self._controls, self._controls_scroll = controls, scroll
        self._fit_controls()

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self._build_curves())
        right.addWidget(self._build_inspect())
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([360, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _fit_controls(self) -> None:
        """The controls column is as wide as its contents (again after a font change)."""
        controls, scroll = self._controls, self._controls_scroll
        controls.setMinimumWidth(0)
        width = controls.sizeHint().width()
        controls.setMinimumWidth(width)
        scroll.setMinimumWidth(width + scroll.verticalScrollBar().sizeHint().width() + 4)

    def _label(self, text) -> QLabel:  # text: a function returning the translated text
        label = QLabel()
        self.texts.bind(label.setText, text)
        return label

    def _build_dataset(self) -> QGroupBox:
        tr = self.texts.bind
        box = QGroupBox()
        tr(box.setTitle, lambda: self.tr("Data"))
        form = QFormLayout(box)
        self.kind_combo = QComboBox()
        for kind, title in DATASETS.items():
            self.kind_combo.addItem(title, kind)
        self.source_combo = QComboBox()
        for i, (source, text) in enumerate((
                (SOURCE_AUTO, lambda: self.tr("Best available")),
                (SOURCE_SAMPLE, lambda: self.tr("Bundled 5k sample")),
                (SOURCE_FOLDER, lambda: self.tr("Folder…")))):
            self.source_combo.addItem("", source)
            tr(lambda t, i=i: self.source_combo.setItemText(i, t), text)
        tr(self.source_combo.setToolTip, lambda: self.tr(
            "Best available: the full set in the app's data folder (or, for Fashion-MNIST, "
            "Debian's dataset-fashion-mnist), else the bundled 5k MNIST sample."))
        form.addRow(self._label(lambda: self.tr("Dataset")), self.kind_combo)
        form.addRow(self._label(lambda: self.tr("Source")), self.source_combo)
        self.data_label = QLabel()
        self.data_label.setWordWrap(True)
        form.addRow(self.data_label)

        self.banner = QFrame()
        self.banner.setObjectName("sampleBanner")
        self.banner.setStyleSheet(
            "#sampleBanner { background: #FFF4CE; border: 1px solid #E0C060; "
            "border-radius: 4px; } #sampleBanner QLabel { color: #4A3B00; }")
        blay = QVBoxLayout(self.banner)
        blay.setContentsMargins(8, 6, 8, 6)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.RichText)
        blay.addWidget(self.banner_label)
        row = QHBoxLayout()
        self.download_button = QPushButton()
        self.download_button.clicked.connect(self._on_download_clicked)
        self.download_bar = QProgressBar()
        self.download_bar.setRange(0, 1000)
        self.download_bar.setTextVisible(False)
        self.download_bar.setMaximumHeight(10)
        self.download_bar.hide()
        row.addWidget(self.download_button)
        row.addWidget(self.download_bar, 1)
        blay.addLayout(row)
        self.download_status = QLabel()
        self.download_status.setWordWrap(True)
        self.download_status.hide()
        blay.addWidget(self.download_status)
        form.addRow(self.banner)

        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.source_combo.activated.connect(self._on_source_activated)
        return box

    def _build_optimizers(self) -> QGroupBox:
        tr = self.texts.bind
        box = QGroupBox()
        tr(box.setTitle, lambda: self.tr("Optimizers"))
        lay = QVBoxLayout(box)
        self.optimizer_list = QListWidget()
        self.optimizer_list.setMaximumHeight(120)
        tr(self.optimizer_list.setToolTip, lambda: self.tr("Double-click to edit a spec"))
        self.optimizer_list.itemChanged.connect(self._on_item_edited)
        lay.addWidget(self.optimizer_list)
        row = QHBoxLayout()
        self.spec_edit = QLineEdit()
        self.spec_edit.setPlaceholderText("adam:lr=0.001")
        names = optimizer_names(first_order_only=True)
        completer = QCompleter(names, self.spec_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.spec_edit.setCompleter(completer)
        self.spec_edit.textChanged.connect(self._on_spec_text)
        self.spec_edit.returnPressed.connect(self._on_add)
        self.add_button = QPushButton()
        tr(self.add_button.setText, lambda: self.tr("Add"))
        self.add_button.clicked.connect(self._on_add)
        self.remove_button = QPushButton()
        tr(self.remove_button.setText, lambda: self.tr("Remove"))
        self.remove_button.clicked.connect(self._on_remove)
        row.addWidget(self.spec_edit, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        lay.addLayout(row)
        self.spec_hint = QLabel()
        self.spec_hint.setWordWrap(True)
        self.spec_hint.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.spec_hint)
        self._on_spec_text("")
        return box

    def _build_network(self) -> QGroupBox:
        tr = self.texts.bind
        box = QGroupBox()
        tr(box.setTitle, lambda: self.tr("Network and training"))
        form = QFormLayout(box)
        self.hidden_edit = QLineEdit()
        tr(self.hidden_edit.setToolTip,
           lambda: self.tr("Hidden layer sizes, comma-separated: 784-…-10"))
        self.activation_combo = QComboBox()
        self.activation_combo.addItems(list(ACTIVATIONS))
        self.init_combo = QComboBox()
        inits = (lambda: "He  N(0, 2/fan_in)", lambda: "Xavier  N(0, 2/(in+out))",
                 lambda: self.tr("Normal  N(0, 0.01²)"))
        for i, (key, text) in enumerate(zip(INITS, inits, strict=True)):
            self.init_combo.addItem("", key)
            tr(lambda t, i=i: self.init_combo.setItemText(i, t), text)
        self.decay_spin = QDoubleSpinBox()
        self.decay_spin.setDecimals(5)
        self.decay_spin.setRange(0.0, 1.0)
        self.decay_spin.setSingleStep(0.0001)
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(1, 8192)
        length = QHBoxLayout()
        self.length_spin = QSpinBox()
        self.length_spin.setRange(1, 1_000_000)
        self.length_spin.setGroupSeparatorShown(True)
        self.length_unit = QComboBox()
        for i, (unit, text) in enumerate((("iterations", lambda: self.tr("iterations")),
                                          ("epochs", lambda: self.tr("epochs")))):
            self.length_unit.addItem("", unit)
            tr(lambda t, i=i: self.length_unit.setItemText(i, t), text)
        length.addWidget(self.length_spin, 1)
        length.addWidget(self.length_unit)
        self.eval_spin = QSpinBox()
        self.eval_spin.setRange(0, 1_000_000)
        tr(self.eval_spin.setSpecialValueText, lambda: self.tr("every epoch"))
        tr(self.eval_spin.setSuffix, lambda: self.tr(" steps"))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        form.addRow(self._label(lambda: self.tr("Hidden sizes")), self.hidden_edit)
        form.addRow(self._label(lambda: self.tr("Activation")), self.activation_combo)
        form.addRow(self._label(lambda: self.tr("Initialisation")), self.init_combo)
        form.addRow(self._label(lambda: self.tr("Weight decay λ")), self.decay_spin)
        form.addRow(self._label(lambda: self.tr("Batch size")), self.batch_spin)
        form.addRow(self._label(lambda: self.tr("Length")), length)
        form.addRow(self._label(lambda: self.tr("Evaluate")), self.eval_spin)
        form.addRow(self._label(lambda: self.tr("Seed")), self.seed_spin)
        presets = QHBoxLayout()
        self.preset_buttons: dict[str, QPushButton] = {}
        for name in PRESETS:
            button = QPushButton()
            tr(button.setText, lambda n=name: engine_text(n))
            tr(button.setToolTip, lambda n=name: self._preset_tip(n))
            button.clicked.connect(lambda _=False, n=name: self.apply_config(PRESETS[n]))
            presets.addWidget(button)
            self.preset_buttons[name] = button
        form.addRow(self._label(lambda: self.tr("Textbook presets:")))
        form.addRow(presets)
        return box

    def _preset_tip(self, name: str) -> str:
        c = PRESETS[name]
        arch = "-".join(map(str, (784, *c.hidden, 10)))
        return self.tr("{arch} {activation}, {init} init, batch {batch}, {iterations} "
                       "iterations: {optimizers}").format(
            arch=arch, activation=c.activation, init=c.init, batch=c.batch_size,
            iterations=f"{c.iterations:,}", optimizers=", ".join(c.optimizers))

    def _build_run(self) -> QGroupBox:
        tr = self.texts.bind
        box = QGroupBox()
        tr(box.setTitle, lambda: self.tr("Run"))
        lay = QVBoxLayout(box)
        row = QHBoxLayout()
        self.start_button = QPushButton()
        tr(self.start_button.setText, lambda: self.tr("Start"))
        self.start_button.setDefault(True)
        self.pause_button = QPushButton()
        self.pause_button.setCheckable(True)
        self.stop_button = QPushButton()
        tr(self.stop_button.setText, lambda: self.tr("Stop"))
        self.start_button.clicked.connect(self.start)
        self.pause_button.toggled.connect(self.pause)
        self.stop_button.clicked.connect(lambda: self.stop(wait=False))
        for b in (self.start_button, self.pause_button, self.stop_button):
            row.addWidget(b)
        lay.addLayout(row)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat("%p %")
        lay.addWidget(self.progress_bar)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        lay.addWidget(self.status_label)
        return box

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
        widget.setMinimumSize(200, 180)
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

    # -- configuration -------------------------------------------------------------------
    def apply_config(self, config: TrainConfig, *, iterations: int | None = None) -> None:
        """Fill the controls from ``config`` (a preset button does this)."""
        self.optimizer_list.blockSignals(True)
        self.optimizer_list.clear()
        for spec in config.optimizers:
            self._add_item(spec)
        self.optimizer_list.blockSignals(False)
        self.hidden_edit.setText(",".join(map(str, config.hidden)))
        self.activation_combo.setCurrentText(config.activation)
        self.init_combo.setCurrentIndex(INITS.index(config.init))
        self.decay_spin.setValue(config.weight_decay)
        self.batch_spin.setValue(config.batch_size)
        self.length_unit.setCurrentIndex(self.length_unit.findData("iterations"))
        self.length_spin.setValue(iterations or config.iterations)
        self.eval_spin.setValue(config.eval_every)
        self.seed_spin.setValue(config.seed)

    def config(self) -> TrainConfig:
        """The configuration in the controls (``ValueError`` naming a bad value)."""
        specs = tuple(self.optimizer_list.item(i).text()
                      for i in range(self.optimizer_list.count()))
        text = self.hidden_edit.text().replace(" ", "")
        try:
            hidden = tuple(int(h) for h in text.split(",") if h)
        except ValueError:
            raise ValueError(msg("hidden sizes must be comma-separated whole numbers, got "
                                 "'{value}'", value=text)) from None  # shown by engine_error
        if not hidden:
            raise ValueError(msg("give at least one hidden layer size, e.g. 100"))
        config = TrainConfig(
            optimizers=specs, hidden=hidden, activation=self.activation_combo.currentText(),
            init=self.init_combo.currentData(), weight_decay=self.decay_spin.value(),
            batch_size=self.batch_spin.value(), iterations=self.length_spin.value(),
            eval_every=self.eval_spin.value(), eval_subset=GUI_EVAL_SUBSET,
            seed=self.seed_spin.value())
        return config.validate()

    def _add_item(self, spec: str) -> None:
        row = self.optimizer_list.count()
        item = QListWidgetItem(_swatch(PALETTE[row % len(PALETTE)]), spec)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setData(Qt.ItemDataRole.UserRole, spec)
        self.optimizer_list.addItem(item)

    def _recolor(self) -> None:
        self.optimizer_list.blockSignals(True)
        for i in range(self.optimizer_list.count()):
            self.optimizer_list.item(i).setIcon(_swatch(PALETTE[i % len(PALETTE)]))
        self.optimizer_list.blockSignals(False)

    @staticmethod
    def _check_spec(text: str) -> str:
        """The normalised spec, or ``ValueError`` (a message, see engine_error)."""
        name, values = parse_spec(text)
        if get_spec(name).needs_hessian:
            raise ValueError(msg("{name} needs the Hessian; choose a first-order optimizer",
                                 name=name))
        return spec_string(name, values) if values else name

    def _on_spec_text(self, text: str) -> None:
        text = text.strip()
        if not text:
            self._hint(self.tr("Type a spec like {0} or {1}").format(
                "adam:lr=0.001", "momentum:lr=0.01,nesterov=true"), error=False)
            self.add_button.setEnabled(False)
            return
        try:
            self._check_spec(text)
        except ValueError as exc:
            self._hint(message_of(exc), error=True)
            self.add_button.setEnabled(False)
            return
        spec = get_spec(text.partition(":")[0].strip())
        params = ", ".join(f"{p.name}={str(p.default).lower() if p.kind == 'bool' else p.default}"
                           for p in spec.hparams)
        self._hint(f"{engine_text(spec.title)}: {params}", error=False)
        self.add_button.setEnabled(True)

    def _hint(self, text: str, *, error: bool) -> None:
        if error:
            text = engine_error(text)
        self.spec_hint.setText(text)
        self.spec_hint.setStyleSheet("color: #C0392B;" if error else "color: palette(mid);")

    def _on_add(self) -> None:
        try:
            spec = self._check_spec(self.spec_edit.text())
        except ValueError as exc:
            self._hint(message_of(exc), error=True)
            return
        self.optimizer_list.blockSignals(True)
        self._add_item(spec)
        self.optimizer_list.blockSignals(False)
        self.spec_edit.clear()

    def _on_remove(self) -> None:
        rows = sorted({i.row() for i in self.optimizer_list.selectedIndexes()}, reverse=True)
        if not rows and self.optimizer_list.count():
            rows = [self.optimizer_list.count() - 1]
        for r in rows:
            self.optimizer_list.takeItem(r)
        self._recolor()

    def _on_item_edited(self, item: QListWidgetItem) -> None:
        old = item.data(Qt.ItemDataRole.UserRole)
        self.optimizer_list.blockSignals(True)
        try:
            spec = self._check_spec(item.text())
        except ValueError as exc:
            item.setText(old)
            self._hint(message_of(exc), error=True)
        else:
            item.setText(spec)
            item.setData(Qt.ItemDataRole.UserRole, spec)
        finally:
            self.optimizer_list.blockSignals(False)

    # -- dataset -------------------------------------------------------------------------
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def source(self) -> str:
        return self.source_combo.currentData()

    def _request(self) -> tuple[str, str, str | None]:
        folder = self._folder if self.source() == SOURCE_FOLDER else None
        return self.kind(), self.source(), folder

    def _on_kind_changed(self, _index: int) -> None:
        sample = self.source_combo.model().item(1)
        sample.setEnabled(self.kind() == "mnist")
        if self.kind() != "mnist" and self.source() == SOURCE_SAMPLE:
            self.source_combo.setCurrentIndex(0)
        self._refresh_dataset()

    def _on_source_activated(self, _index: int) -> None:
        if self.source() == SOURCE_FOLDER:
            start = self._folder or str(Path.home())
            folder = QFileDialog.getExistingDirectory(self, self.tr("Folder with the IDX files"),
                                                      start)
            if folder:
                self.set_folder(folder)
                return
            if not self._folder:
                self.source_combo.setCurrentIndex(0)
        self._refresh_dataset()

    def set_folder(self, folder: str) -> None:
        """Use (and remember) ``folder`` as the data source."""
        self._folder = folder
        Settings().data_folder = folder
        self.source_combo.setCurrentIndex(2)
        self._refresh_dataset()

    def clear_folder(self) -> None:
        """Forget the chosen folder (Reset to defaults): back to the best available source."""
        self._folder = None
        Settings().data_folder = None
        self.source_combo.setCurrentIndex(0)
        self._refresh_dataset()

    def resolved_source(self) -> tuple[str, str]:
        """(where the data will come from, how) without reading the images."""
        kind, source, folder = self._request()
        if source == SOURCE_SAMPLE:
            return "sample", ""
        if source == SOURCE_FOLDER:
            if folder and find_files(folder) is not None:
                return "folder", folder
            where = folder or self.tr("(no folder chosen)")
            return "missing", self.tr("No IDX files found in {0}.").format(where)
        for c in candidate_folders(kind):
            if find_files(c) is not None:
                return "folder", str(c)
        if kind == "mnist":
            return "sample", ""
        return "missing", self.tr("{0} is not on this computer yet.").format(DATASETS[kind])

    def _refresh_dataset(self) -> None:
        where, detail = self.resolved_source()
        kind = self.kind()
        full = DATASETS[kind]
        cached = self._datasets.get(self._request())
        if where == "sample":
            self.data_label.setText("")
            self.data_label.hide()
            self.banner_label.setText(self.tr(
                "<b>Using the bundled 5k sample</b> of MNIST: 4,000 training and 1,000 test "
                "digits (real MNIST digits, 500 per class). Accuracies are lower than on the "
                "full set of 60,000 / 10,000. <b>Download the full set</b> (11 MB) or choose "
                "a folder with the IDX files under Source."))
            self.banner.show()
        elif where == "missing":
            self.data_label.hide()
            size = "30 MB" if kind == "fashion-mnist" else "11 MB"
            self.banner_label.setText(
                f"<b>{detail}</b> "
                + self.tr("Download the full {0} set ({1}), or choose a folder with the four "
                          "IDX files.").format(full, size))
            self.banner.show()
        else:
            self.banner.hide()
            counts = (self.tr("{0} train / {1} test").format(f"{cached.n_train:,}",
                                                              f"{cached.n_test:,}")
                      if cached is not None else self.tr("full set"))
            self.data_label.setText(self.tr("{0}, {1} from {2}").format(full, counts, detail))
            self.data_label.show()
        self.download_button.setText(self.tr("Download full {0}").format(full))
        self._update_buttons()
        self.datasetChanged.emit()

    # -- download --------------------------------------------------------------------------
    def _on_download_clicked(self) -> None:
        if self._dl_worker is not None:
            self._dl_worker.cancel()
            self.download_button.setEnabled(False)
            return
        worker = Worker(download_dataset, self.kind(), control=True, name="mnist-download")
        worker.yielded.connect(self._on_download_progress)
        worker.returned.connect(self._on_download_finished)
        worker.errored.connect(self._on_download_failed)
        worker.cancelled.connect(self._on_download_cancelled)
        self._dl_worker = worker
        self.download_bar.setValue(0)
        self.download_bar.show()
        self.download_status.setText(self.tr("Connecting…"))
        self.download_status.show()
        self.download_button.setText(self.tr("Cancel"))
        worker.start()

    def _from_download(self) -> bool:
        """True when the signal being handled comes from the current download."""
        return self._dl_worker is not None and self.sender() is self._dl_worker

    @Slot(object)
    def _on_download_progress(self, progress: tuple[float, str]) -> None:
        if not self._from_download():
            return
        fraction, text = progress
        self.download_bar.setValue(int(1000 * fraction))
        self.download_status.setText(self.tr("Downloading {0}…").format(text))

    @Slot(object)
    def _on_download_finished(self, dataset: Dataset) -> None:
        if not self._from_download():
            return
        self._join_download()
        self._datasets[(dataset.kind, SOURCE_AUTO, None)] = dataset
        self.download_status.setText(
            self.tr("Downloaded and verified: {0}").format(dataset.folder))
        if self.source() != SOURCE_AUTO:
            self.source_combo.setCurrentIndex(0)
        self._refresh_dataset()

    @Slot(str)
    def _on_download_failed(self, message: str) -> None:
        if not self._from_download():
            return
        self._join_download()
        self._show_download_outcome(engine_error(message))

    @Slot()
    def _on_download_cancelled(self) -> None:
        if not self._from_download():
            return
        self._join_download()
        self._show_download_outcome(self.tr("Download cancelled; nothing was kept."))

    def _show_download_outcome(self, text: str) -> None:
        self.download_status.setText(text)
        self.download_status.show()
        self._refresh_dataset()

    def _join_download(self, timeout: float = SHUTDOWN_WAIT_S) -> None:
        worker, self._dl_worker = self._dl_worker, None
        if worker is not None:
            worker.cancel()
            worker.wait(timeout)  # still running afterwards: the registry keeps it
        self.download_bar.hide()
        self.download_button.setEnabled(True)

    # -- training --------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        return self._worker is not None

    def start(self) -> bool:
        """Start training with the controls' configuration; False (and a message) if invalid."""
        if self.is_running:
            return False
        try:
            config = self.config()
            if self.length_unit.currentData() == "epochs":
                n_train = self._n_train_estimate()
                config = replace(config, iterations=TrainConfig.iterations_for(
                    self.length_spin.value(), n_train, config.batch_size))
        except ValueError as exc:
            self._set_status("error", message_of(exc))
            return False
        request = self._request()
        if self.resolved_source()[0] == "missing":
            self._set_status("no data")
            return False
        try:  # a training that cannot fit is refused here, before anything is allocated
            cached = self._datasets.get(request)
            check_memory(config, cached if cached is not None else self._data_shapes())
        except ValueError as exc:  # MemoryLimitError: one line, next to Start
            self._set_status("error", message_of(exc))
            return False
        self._generation += 1
        self._running_config = config
        self._reset_plots(config)
        job = TrainingJob(self._generation, config, self._datasets.get(request), request)
        worker = Worker(job.run, name="mnist-training")
        worker.yielded.connect(self._on_yielded)
        worker.returned.connect(self._on_finished)
        worker.errored.connect(self._on_failed)
        self._worker, self._job = worker, job
        self._set_running(True)
        self._set_status("loading" if request not in self._datasets else "training")
        worker.start()
        self.trainingStarted.emit()
        return True

    def _data_shapes(self) -> DataShapes:
        """The sizes of the data the run will load (for the memory check)."""
        if self.resolved_source()[0] == "sample":
            return DataShapes(4000, 1000)
        return DataShapes(60_000, 10_000)

    def _n_train_estimate(self) -> int:
        cached = self._datasets.get(self._request())
        if cached is not None:
            return cached.n_train
        return 4000 if self.resolved_source()[0] == "sample" else 60_000

    def pause(self, paused: bool) -> None:
        if self._worker is not None:
            self._worker.set_paused(paused)
            self._set_status("paused" if paused else "training")
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(paused and self._worker is not None)
        self._name_pause_button()
        self.pause_button.blockSignals(False)

    def stop(self, *, wait: bool = True) -> None:
        """End the run after the current mini-batch, with the final evaluation.

        With ``wait`` also wait for the worker's thread (one mini-batch, at most
        :data:`SHUTDOWN_WAIT_S`); the final snapshot is drawn when it arrives.
        """
        if self._job is not None:
            self._job.stop()
        if self._worker is not None:
            self._worker.resume()
        if wait:
            self._join()

    def _join(self, timeout: float = SHUTDOWN_WAIT_S) -> None:
        worker, job = self._worker, self._job
        if worker is None:
            return
        if job is not None:
            job.stop()
        worker.resume()
        worker.wait(timeout)  # still running afterwards: the registry keeps it referenced
        self._worker = self._job = None
        self._set_running(False)
        self.trainingFinished.emit()

    def shutdown(self, timeout: float = SHUTDOWN_WAIT_S) -> None:
        """Cancel training (no final evaluation) and the download; wait ``timeout`` s at most.

        A worker inside a step it cannot interrupt is left running (see
        :mod:`gui.services.workers`); the panel forgets it either way.
        """
        if self._worker is not None:
            self._worker.cancel()
        if self._dl_worker is not None:
            self._dl_worker.cancel()
        self._join(timeout)
        self._join_download(timeout)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

    def _set_running(self, running: bool) -> None:
        for w in (self.kind_combo, self.source_combo, self.optimizer_list, self.spec_edit,
                  self.hidden_edit, self.activation_combo, self.init_combo, self.decay_spin,
                  self.batch_spin, self.length_spin, self.length_unit, self.eval_spin,
                  self.seed_spin, *self.preset_buttons.values()):
            w.setEnabled(not running)
        if not running:
            self.pause(False)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        self._update_buttons()

    def _update_buttons(self) -> None:
        missing = self.resolved_source()[0] == "missing"
        self.start_button.setEnabled(not self.is_running and not missing)
        self.add_button.setEnabled(not self.is_running and bool(self.spec_edit.text().strip()))
        self.remove_button.setEnabled(not self.is_running)

    def _from_training(self) -> bool:
        """True when the signal being handled comes from the current training worker."""
        return self._worker is not None and self.sender() is self._worker

    @Slot(object)
    def _on_yielded(self, value: Dataset | Snapshot) -> None:
        if not self._from_training():
            return
        if isinstance(value, Snapshot):
            self._on_progress(value)
        else:
            self._on_dataset_loaded(value)

    def _on_dataset_loaded(self, dataset: Dataset) -> None:
        self._datasets[self._request()] = dataset
        if self.is_running:
            self._set_status("training")
        self._refresh_dataset()

    def _on_progress(self, snap: Snapshot) -> None:
        if snap.generation == self._generation:
            self._apply(snap)

    @Slot(object)
    def _on_finished(self, snap: Snapshot | None) -> None:
        if snap is None:  # stopped while the data were loading
            if self._from_training():
                self._join()
                self._set_status("ready")
            return
        if snap.generation != self._generation:  # the latest run's, even after stop(wait=True)
            return
        self._apply(snap)
        self._join()
        diverged = sum(r.status == DIVERGED for r in snap.runs)
        n_test = next((int(r.confusion.sum()) for r in snap.runs if r.confusion is not None), 0)
        self._set_status("stopped" if snap.stopped else "finished", f"{snap.step:,}",
                         f"{snap.epoch:.2f}", _fmt_time(snap.active_seconds), f"{n_test:,}",
                         diverged, len(snap.runs))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if not self._from_training():
            return
        self._join()
        self._set_status("failed", message)

    # -- drawing -----------------------------------------------------------------------------
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
            curves = _Curves(color, spec, config.iterations)
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
            self.inspect_combo.addItem(_swatch(color), spec)
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
                smooth = _ema(raw, curves.ema)
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
            text += "   " + self.tr("ETA {0}").format(_fmt_time(eta))
        self.progress_bar.setFormat(text)

    # -- status and language -------------------------------------------------------------
    def _set_status(self, state: str, *args: object) -> None:
        """Show the training state (kept as a code, to show again in another language)."""
        self._status = (state, args)
        red = "<span style='color:#C0392B'>{0}</span>"
        if state == "ready":
            text = self.tr("Ready.")
        elif state == "loading":
            text = self.tr("Loading data…")
        elif state == "training":
            text = self.tr("Training…")
        elif state == "paused":
            text = self.tr("Paused.")
        elif state == "epoch":
            text = self.tr("Training… epoch {0}").format(*args)
        elif state == "no data":
            text = self.tr("No data: download the full set or choose a folder.")
        elif state == "error":
            text = red.format(html.escape(engine_error(args[0])))
        elif state == "failed":
            text = red.format(html.escape(self.tr("Error: {0}").format(
                engine_error(args[0]))))
        else:  # "finished" or "stopped"
            step, epoch, elapsed, n_test, diverged, runs = args
            template = (self.tr("Stopped at step {0} (epoch {1}) after {2} of training; final "
                                "evaluation on all {3} test images.") if state == "stopped"
                        else self.tr("Finished at step {0} (epoch {1}) after {2} of training; "
                                     "final evaluation on all {3} test images."))
            text = template.format(step, epoch, elapsed, n_test)
            if diverged:
                text += " " + self.tr("{0} of {1} diverged.").format(diverged, runs)
        self.status_label.setText(text)

    def _name_pause_button(self) -> None:
        self.pause_button.setText(self.tr("Resume") if self.pause_button.isChecked()
                                  else self.tr("Pause"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_controls"):
            self._fit_controls()  # large fonts on or off: a panel built under either fits
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.apply()
            self._name_pause_button()
            self._set_status(self._status[0], *self._status[1])
            self._format_progress()
            self._refresh_dataset()
            self._on_spec_text(self.spec_edit.text())
            if self._snapshot is not None:
                for i, run in enumerate(self._snapshot.runs):
                    self._name_run(i, run)
                self._draw_inspect(force=True)
        super().changeEvent(event)

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
