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

The panel is one widget assembled from parts, one job per module (mixins sharing
the widget; each part's strings are translated in its own context):
:class:`~gui.mnist.dataset.DatasetControls` (the Data box: dataset and source),
:class:`~gui.mnist.optimizer_list.OptimizerList` (the optimizer specs),
:class:`~gui.mnist.network_form.NetworkForm` (network, training settings, presets) and
:class:`~gui.mnist.charts.TrainingCharts` (curves and the Inspect row, drawn with
:mod:`gui.mnist.mosaics`).  This module assembles them and runs the two workers: the
training lifecycle (start, pause, stop, status) and the download, and joins both on
shutdown.

The main window creates the panel (and imports this module) only when its tab
is first shown (:class:`gui.widgets.layout.LazyWidget`).
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.messages import message_of
from engine.mnist.data import Dataset
from engine.mnist.memory import DataShapes, check_memory
from engine.mnist.trainer import DIVERGED, PRESETS, TrainConfig
from gui.mnist.charts import Curves, TrainingCharts, fmt_time
from gui.mnist.dataset import DatasetControls
from gui.mnist.jobs import (
    SHUTDOWN_WAIT_S,
    SOURCE_AUTO,
    RunSnapshot,
    Snapshot,
    TrainingJob,
    download_dataset,
)
from gui.mnist.mosaics import lookup_table
from gui.mnist.network_form import NetworkForm
from gui.mnist.optimizer_list import OptimizerList
from gui.services.i18n import Texts, engine_error
from gui.services.settings import Settings
from gui.services.workers import Worker
from gui.widgets.layout import vertical_scroll

__all__ = ["MnistPanel", "RunSnapshot", "Snapshot", "TrainingJob"]



# -- the panel ---------------------------------------------------------------------------
class MnistPanel(DatasetControls, OptimizerList, NetworkForm, TrainingCharts, QWidget):
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
        self._curves: list[Curves] = []
        self._snapshot: Snapshot | None = None
        self._inspect_drawn: tuple = ()
        self._running_config: TrainConfig | None = None
        self._status: tuple[str, tuple] = ("ready", ())
        self._progress_text: tuple[int, int, float | None] | None = None
        self._weights_lut = lookup_table("CET-D1")
        self._confusion_lut = lookup_table([(255, 255, 255), (158, 202, 225), (8, 81, 156)])
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
        col.addStretch(1)
        scroll = vertical_scroll(controls)
        self._controls, self._controls_scroll = controls, scroll
        self._fit_controls()
        # Start, Stop and the progress line stay in view below the (scrolling) settings.
        left = QWidget()
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(0, 0, 0, 0)
        left_col.setSpacing(0)
        left_col.addWidget(scroll, 1)
        run = self._build_run()
        run_margin = QVBoxLayout()
        run_margin.setContentsMargins(6, 0, 6, 6)
        run_margin.addWidget(run)
        left_col.addLayout(run_margin)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self._build_curves())
        right.addWidget(self._build_inspect())
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
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
                  self.pick_button, self.hparam_widget, self.hidden_edit,
                  self.activation_combo, self.init_combo, self.decay_spin,
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
                         f"{snap.epoch:.2f}", fmt_time(snap.active_seconds), f"{n_test:,}",
                         diverged, len(snap.runs))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if not self._from_training():
            return
        self._join()
        self._set_status("failed", message)

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


