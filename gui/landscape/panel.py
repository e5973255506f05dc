"""The landscape lab tab: the MNIST network's loss on a slice, with the optimizers' paths.

Left, the set-up (optimizers, training length, network, slice and interpolation
options); right, the slice as a contour map (filled in progressively while the
worker computes it) and as a 3-D surface, and the 1-D interpolation curve.  A
slider (and a play button) moves over the training steps: every path is drawn
up to that step.  All computing runs in one :class:`gui.services.workers.Worker`
(progress bar, Cancel, joined on close); the trained trajectories are kept, so
a new slice or line with the same training set-up does not train again.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSlider,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.landscape.study import (
    InterpolationResult,
    Progress,
    SharpnessResult,
    SliceResult,
    SliceSpec,
    Trajectories,
    compute_slice,
    interpolate,
    sharpness,
    train,
)
from engine.mnist.data import Dataset, find_dataset
from engine.mnist.trainer import TrainConfig
from gui.landscape.plots import InterpolationPlot, SlicePlot, SliceSurface
from gui.services.i18n import engine_error
from gui.services.workers import Worker

__all__ = ["LandscapePanel"]

DEFAULT_OPTIMIZERS = "sgd:lr=0.1 momentum:lr=0.01 adam:lr=0.001"
#: The GUI's default evaluation subset (the CLI's default is the whole test set).
DEFAULT_EXAMPLES = 2000
#: Redraws of the partial slice per second, at most.
REDRAW_MS = 100


@dataclass
class _Done:
    """What a job returns: the trajectories it used and its result."""

    traj: Trajectories
    result: SliceResult | InterpolationResult | SharpnessResult


def _job(dataset: Dataset | None, traj: Trajectories | None, config: TrainConfig,
         epochs: float, what: str, spec: SliceSpec,
         line: tuple[str, str, tuple[float, float], int]) -> Generator[object, object, _Done]:
    if dataset is None:
        dataset = find_dataset("mnist")
    yield dataset
    iterations = TrainConfig.iterations_for(epochs, dataset.n_train, config.batch_size)
    config = replace(config, iterations=iterations, eval_every=iterations)
    if traj is None or traj.config != config:
        traj = yield from train(dataset, config)
        yield traj
    result: SliceResult | InterpolationResult | SharpnessResult
    if what == "slice":
        result = yield from compute_slice(traj, dataset, spec)
    elif what == "sharpness":
        result = yield from sharpness(traj, dataset, spec.center,
                                      examples=min(spec.examples, 2000))
    else:
        start, end, t_range, points = line
        result = yield from interpolate(traj, dataset, start, end, points=points,
                                        t_range=t_range, examples=spec.examples,
                                        split=spec.split)
    return _Done(traj, result)


class LandscapePanel(QWidget):
    """The lab: set-up on the left, slice / 3-D / interpolation on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dataset: Dataset | None = None
        self.traj: Trajectories | None = None
        self.slice: SliceResult | None = None
        self.line: InterpolationResult | None = None
        self.sharp: SharpnessResult | None = None
        self.worker: Worker | None = None
        self._pending: Progress | None = None
        self._trains = False
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_MS)
        self._redraw.timeout.connect(self._draw_partial)
        self._play = QTimer(self)
        self._play.setInterval(40)
        self._play.timeout.connect(self._advance)

        # -- set-up ----------------------------------------------------------------
        self.optimizers = QLineEdit(DEFAULT_OPTIMIZERS)
        self.epochs = QDoubleSpinBox(decimals=2, minimum=0.01, maximum=100.0, value=1.0)
        self.hidden = QLineEdit("100")
        self.batch = QSpinBox(minimum=1, maximum=8192, value=100)
        self.seed = QSpinBox(minimum=0, maximum=2**31 - 1, value=0)
        self.directions = QComboBox()
        self.directions.addItem("", "random")
        self.directions.addItem("", "pca")
        self.center = QComboBox()
        self.center.addItem("", "final")
        self.center.addItem("", "init")
        for k in range(1, 8):
            self.center.addItem("", str(k))
        self.grid = QSpinBox(minimum=3, maximum=201, value=41, singleStep=2)
        self.span = QDoubleSpinBox(decimals=3, minimum=0.0, maximum=1000.0, value=0.0,
                                   singleStep=0.1)
        self.examples = QSpinBox(minimum=10, maximum=70_000, value=DEFAULT_EXAMPLES,
                                 singleStep=500)
        self.split = QComboBox()
        self.split.addItem("", "test")
        self.split.addItem("", "train")
        self.start = QLineEdit("init")
        self.end = QLineEdit("final")
        self.t_from = QDoubleSpinBox(decimals=2, minimum=-10, maximum=10, value=0.0)
        self.t_to = QDoubleSpinBox(decimals=2, minimum=-10, maximum=10, value=1.0)
        self.points = QSpinBox(minimum=2, maximum=1001, value=51)

        self.slice_button = QPushButton()
        self.slice_button.clicked.connect(self.compute_slice)
        self.line_button = QPushButton()
        self.line_button.clicked.connect(self.compute_line)
        self.sharp_button = QPushButton()
        self.sharp_button.clicked.connect(self.compute_sharpness)
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d55e00;")
        self.error.hide()

        self.form = QFormLayout()
        self._rows: list[tuple[QWidget, str]] = []
        for widget, key in ((self.optimizers, "optimizers"), (self.epochs, "epochs"),
                            (self.hidden, "hidden"), (self.batch, "batch"),
                            (self.seed, "seed"), (self.directions, "directions"),
                            (self.center, "center"), (self.grid, "grid"), (self.span, "span"),
                            (self.examples, "examples"), (self.split, "split"),
                            (self.start, "start"), (self.end, "end"), (self.t_from, "from"),
                            (self.t_to, "to"), (self.points, "points")):
            label = QLabel()
            self.form.addRow(label, widget)
            self._rows.append((label, key))
        buttons = QHBoxLayout()
        for b in (self.slice_button, self.line_button, self.sharp_button, self.cancel_button):
            buttons.addWidget(b)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addLayout(self.form)
        lv.addLayout(buttons)
        lv.addWidget(self.progress)
        lv.addWidget(self.error)
        lv.addWidget(self.status)
        lv.addStretch(1)

        # -- pictures --------------------------------------------------------------
        self.slice_plot = SlicePlot()
        self.surface = SliceSurface()
        self.line_plot = InterpolationPlot()
        self.views = QTabWidget()
        self.views.addTab(self.slice_plot, "")
        self.views.addTab(self.surface, "")
        self.views.addTab(self.line_plot, "")
        self.views.currentChanged.connect(self._view_changed)
        self.step_slider = QSlider(Qt.Orientation.Horizontal)
        self.step_slider.setEnabled(False)
        self.step_slider.valueChanged.connect(self._step_changed)
        self.play_button = QPushButton()
        self.play_button.setCheckable(True)
        self.play_button.setEnabled(False)
        self.play_button.toggled.connect(self._toggle_play)
        self.step_label = QLabel()
        steps = QHBoxLayout()
        steps.addWidget(self.play_button)
        steps.addWidget(self.step_slider, 1)
        steps.addWidget(self.step_label)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.views, 1)
        rv.addLayout(steps)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._retranslate()

    # -- texts ---------------------------------------------------------------------
    def _retranslate(self) -> None:
        labels = {
            "optimizers": self.tr("Optimizers"), "epochs": self.tr("Epochs"),
            "hidden": self.tr("Hidden layers"), "batch": self.tr("Batch size"),
            "seed": self.tr("Seed"), "directions": self.tr("Directions"),
            "center": self.tr("Centre"), "grid": self.tr("Grid"),
            "span": self.tr("Span"), "examples": self.tr("Images"),
            "split": self.tr("Evaluate on"), "start": self.tr("Line from"),
            "end": self.tr("Line to"), "from": self.tr("t from"), "to": self.tr("t to"),
            "points": self.tr("Points on the line"),
        }
        for label, key in self._rows:
            label.setText(labels[key])
        self.optimizers.setToolTip(self.tr(
            "Optimizer specs separated by spaces, e.g. sgd:lr=0.1 adam:lr=0.001; all start "
            "from the same weights and see the same mini-batches"))
        self.hidden.setToolTip(self.tr("Hidden layer sizes, e.g. 100 or 100,100"))
        self.directions.setItemText(0, self.tr("Filter-normalised random (Li et al. 2018)"))
        self.directions.setItemText(1, self.tr("PCA of the trajectories"))
        self.center.setItemText(0, self.tr("Final weights of the first optimizer"))
        self.center.setItemText(1, self.tr("Initial weights"))
        for k in range(1, 8):
            self.center.setItemText(k + 1, self.tr("Final weights of optimizer {n}")
                                    .format(n=k + 1))
        self.span.setSpecialValueText(self.tr("Automatic"))
        self.span.setToolTip(self.tr(
            "Half-width of the slice in the directions' units (automatic: 1 for random "
            "directions, the paths plus 20 % for PCA)"))
        self.split.setItemText(0, self.tr("Test images"))
        self.split.setItemText(1, self.tr("Training images"))
        self.start.setToolTip(self.tr("init, final (the first optimizer's) or final:K "
                                      "(the K-th optimizer's, from 0)"))
        self.end.setToolTip(self.start.toolTip())
        self.slice_button.setText(self.tr("Compute slice"))
        self.line_button.setText(self.tr("Interpolate"))
        self.sharp_button.setText(self.tr("Sharpness"))
        self.sharp_button.setToolTip(self.tr(
            "The largest Hessian eigenvalue at the centre (power iteration), against the "
            "stability threshold of the optimizer that got there"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.play_button.setText(self.tr("Play"))
        self.views.setTabText(0, self.tr("Contour"))
        self.views.setTabText(1, self.tr("3-D surface"))
        self.views.setTabText(2, self.tr("Interpolation"))
        self.line_plot.set_names(self.tr("loss"), self.tr("accuracy"))
        self.line_plot.item.setLabel("left", self.tr("test loss / accuracy"))
        self._show_step_label()
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- reading the set-up --------------------------------------------------------
    def config(self) -> TrainConfig:
        """The training set-up; ``ValueError`` (one line) for bad input."""
        specs = tuple(self.optimizers.text().split())
        if not specs:
            raise ValueError(self.tr("Give at least one optimizer, e.g. sgd:lr=0.1"))
        try:
            hidden = tuple(int(h) for h in self.hidden.text().replace(" ", "").split(","))
        except ValueError:
            hidden = ()
        if not hidden or min(hidden) < 1:
            raise ValueError(self.tr("Hidden layers must be whole numbers >= 1, "
                                     "e.g. 100 or 100,100"))
        # The length in steps is set in the worker, once the dataset's size is known.
        return TrainConfig(optimizers=specs, hidden=hidden, batch_size=self.batch.value(),
                           seed=self.seed.value()).validate()

    def spec(self) -> SliceSpec:
        span = self.span.value()
        return SliceSpec(directions=self.directions.currentData(),
                         center=self.center.currentData(), grid=self.grid.value(),
                         span=span if span > 0 else None, examples=self.examples.value(),
                         split=self.split.currentData(), seed=self.seed.value()).validate()

    # -- running -------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.worker is not None

    def compute_slice(self) -> None:
        self._start("slice")

    def compute_line(self) -> None:
        self._start("line")

    def compute_sharpness(self) -> None:
        """Top Hessian eigenvalue at the chosen centre, against the optimizer's threshold."""
        self._start("sharpness")

    def _start(self, what: str) -> None:
        if self.busy:
            return
        try:
            config, spec = self.config(), self.spec()
            if what in ("slice", "sharpness"):
                from engine.landscape.study import parse_center

                parse_center(spec.center, len(config.optimizers))
            line = (self.start.text().strip() or "init", self.end.text().strip() or "final",
                    (self.t_from.value(), self.t_to.value()), self.points.value())
            if not line[2][0] < line[2][1]:
                raise ValueError(self.tr("'t from' must be below 't to'"))
        except ValueError as exc:
            self._show_error(engine_error(str(exc)))
            return
        self._show_error("")
        if what == "slice":
            self.slice = None
            self.slice_plot.clear()
            self.views.setCurrentIndex(0)
        else:
            self.views.setCurrentIndex(2)
        traj = self.traj
        if self.dataset is not None and traj is not None:
            steps = TrainConfig.iterations_for(self.epochs.value(), self.dataset.n_train,
                                               config.batch_size)
            if traj.config != replace(config, iterations=steps, eval_every=steps):
                traj = None
        worker = Worker(_job, self.dataset, traj, config, self.epochs.value(), what, spec,
                        line, name="landscape")
        worker.yielded.connect(self._on_yielded)
        worker.returned.connect(self._on_returned)
        worker.errored.connect(self._on_errored)
        worker.cancelled.connect(self._on_cancelled)
        worker.finished.connect(self._on_finished)
        self.worker = worker
        self._trains = traj is None
        self._set_running(True)
        self.status.setText(self.tr("Training…") if traj is None else self.tr("Evaluating…"))
        worker.start()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def shutdown(self, timeout: float = 1.0) -> bool:
        """Cancel the running job and wait up to ``timeout`` seconds (on close)."""
        self._play.stop()
        worker = self.worker
        if worker is None:
            return True
        worker.cancel()
        return worker.wait(timeout)

    def _set_running(self, running: bool) -> None:
        self.slice_button.setEnabled(not running)
        self.line_button.setEnabled(not running)
        self.sharp_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress.setValue(0)

    # -- worker signals (GUI thread) ------------------------------------------------
    def _on_yielded(self, value: object) -> None:
        if isinstance(value, Dataset):
            self.dataset = value
        elif isinstance(value, Trajectories):
            self.traj = value
        elif isinstance(value, Progress):
            if value.stage == "train":
                self.progress.setValue(int(500 * value.fraction))
            else:
                base = 500 if self._trains else 0
                self.progress.setValue(int(base + (1000 - base) * value.fraction))
            if value.stage == "train":
                self.status.setText(self.tr("Training: step {done} of {total}")
                                    .format(done=value.done, total=value.total))
            elif value.stage == "sharpness":
                self.status.setText(self.tr("Power iteration: step {done}")
                                    .format(done=value.done))
            else:
                self.status.setText(self.tr("Evaluating: {done} of {total} points")
                                    .format(done=value.done, total=value.total))
            if value.partial is not None:
                self._pending = value
                if not self._redraw.isActive():
                    self._redraw.start()

    def _draw_partial(self) -> None:
        p, self._pending = self._pending, None
        if p is None or p.partial is None or p.axis is None or self.worker is None:
            return
        self.slice_plot.set_loss(p.axis, p.axis, p.partial)

    def _on_returned(self, done: object) -> None:
        assert isinstance(done, _Done)
        self.traj = done.traj
        if isinstance(done.result, SliceResult):
            self.slice = done.result
            r = done.result
            self.slice_plot.set_loss(r.a, r.b, r.loss)
            self.slice_plot.set_paths([(p.label, p.steps, p.a, p.b) for p in r.paths])
            self.surface.set_slice(r.a, r.b, r.loss,
                                   [(p.steps, p.a, p.b, p.loss) for p in r.paths])
            last = max(int(p.steps[-1]) for p in r.paths)
            self.step_slider.blockSignals(True)
            self.step_slider.setRange(0, last)
            self.step_slider.setValue(last)
            self.step_slider.blockSignals(False)
            self.step_slider.setEnabled(True)
            self.play_button.setEnabled(True)
        elif isinstance(done.result, SharpnessResult):
            self.sharp = done.result
        else:
            self.line = done.result
            self.line_plot.set_curve(self.line.t, self.line.loss, self.line.accuracy)
        self.progress.setValue(1000)
        self._show_step_label()
        self._show_summary()

    def _on_errored(self, message: str) -> None:
        self._show_error(engine_error(message))
        self.status.setText("")

    def _on_cancelled(self) -> None:
        self.status.setText(self.tr("Cancelled."))

    def _on_finished(self) -> None:
        self.worker = None
        self._pending = None
        self._set_running(False)

    # -- steps slider ----------------------------------------------------------------
    def _step_changed(self, step: int) -> None:
        self.slice_plot.show_step(step)
        if self.surface.line_items:
            self.surface.show_step(step)
        self._show_step_label()

    def _show_step_label(self) -> None:
        self.step_label.setText(self.tr("step {n}").format(n=self.step_slider.value()))

    def _toggle_play(self, on: bool) -> None:
        if on:
            if self.step_slider.value() >= self.step_slider.maximum():
                self.step_slider.setValue(0)
            self._play.start()
        else:
            self._play.stop()

    def _advance(self) -> None:
        s = self.step_slider
        stride = max(1, (s.maximum() - s.minimum()) // 150)
        if s.value() >= s.maximum():
            self.play_button.setChecked(False)
            return
        s.setValue(min(s.maximum(), s.value() + stride))

    def _view_changed(self, index: int) -> None:
        if index == 1 and self.slice is not None:
            r = self.slice
            self.surface.set_slice(r.a, r.b, r.loss,
                                   [(p.steps, p.a, p.b, p.loss) for p in r.paths])
            self.surface.show_step(self.step_slider.value())
        elif index == 1:
            self.surface._init_gl()

    # -- messages ------------------------------------------------------------------
    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _show_summary(self) -> None:
        lines = []
        if self.slice is not None:
            r = self.slice
            lines.append(self.tr("Slice: {n} × {n} cells on {m} images; centre loss {loss}")
                         .format(n=len(r.a), m=r.examples, loss=f"{r.center_loss:.4f}"))
            if r.explained is not None:
                lines.append(self.tr("PCA explained variance: {a} % and {b} % "
                                     "(together {s} %)").format(
                    a=f"{100 * r.explained[0]:.1f}", b=f"{100 * r.explained[1]:.1f}",
                    s=f"{100 * r.explained.sum():.1f}"))
        if self.line is not None:
            r2 = self.line
            at_a, at_b = np.interp([0.0, 1.0], r2.t, r2.loss)  # t = 0 is A, t = 1 is B
            lines.append(self.tr("Line {a} → {b}: loss from {l0} to {l1}").format(
                a=r2.start, b=r2.end, l0=f"{at_a:.4f}", l1=f"{at_b:.4f}"))
        if self.sharp is not None:
            lines += self._sharpness_lines(self.sharp)
        if lines:
            self.status.setText("\n".join(lines))

    def _sharpness_lines(self, r: SharpnessResult) -> list[str]:
        lines = [self.tr("Sharpness at {centre}: largest Hessian eigenvalue {value} "
                         "(on {n} training images)").format(
            centre=r.center_label, value=f"{r.value:.4g}", n=r.examples)]
        if r.optimizer is None:
            return lines
        if r.threshold is None:
            lines.append(self.tr("{opt}: adaptive method, no simple stability threshold "
                                 "applies").format(opt=r.optimizer))
        elif r.preconditioned is not None:
            lines.append(self.tr("{opt}: preconditioned sharpness {value}, threshold "
                                 "(2+2β₁)/((1−β₁)·lr) = {limit}").format(
                opt=r.optimizer, value=f"{r.preconditioned:.4g}", limit=f"{r.threshold:.4g}"))
        else:
            lines.append(self.tr("{opt}: stability threshold {rule} = {limit} (Cohen et al. "
                                 "2021)").format(opt=r.optimizer, rule=r.rule,
                                                 limit=f"{r.threshold:.4g}"))
        return lines
