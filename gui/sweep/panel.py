"""The Sweep tab: every hyper-parameter value (a heatmap) or every start (a basin map) at once.

Pick a surface, an optimizer and one or two of its hyper-parameters with their
ranges (linear or logarithmic), or a grid of starts; Run fills the map chunk by
chunk in a :class:`~gui.services.workers.Worker` (cancellable, with progress).
Each cell is a full run of the engine's batched path (:mod:`engine.sweep`), so it
is exactly the race that clicking it adds to the race tab: the panel emits
:attr:`SweepPanel.racer_requested` and the shell connects it (features never
import each other).  Hovering a cell shows its numbers.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.optimizers import REGISTRY, get_spec
from engine.surfaces import SURFACES
from engine.sweep.basins import assign_minima, cluster
from engine.sweep.batch import DIVERGED, STATUS_NAMES
from engine.sweep.plan import Axis, BasinPlan, SweepPlan
from engine.sweep.runner import run_plan
from gui.services import workers
from gui.services.i18n import Texts, engine_error
from gui.sweep.maps import METRICS, basin_colors, colorize, fan_colors, metric_values
from gui.views import geometry
from gui.widgets.controls import SciSpinBox

#: Most racers of a learning-rate fan.
MAX_FAN = 12
#: Cells per chunk in the window: small enough that the map fills in visibly.
GUI_CHUNK = 2048
HEATMAP, BASINS = 0, 1


def _sweep_job(chunks: list[Any]) -> Any:
    """The worker's generator: one result per chunk, in cell order (each yield a checkpoint)."""
    yield from run_plan(chunks)


class SweepPanel(QWidget):
    """Controls on the left, the map on the right."""

    #: ``(surface, optimizer, values, start)``: a cell to race.
    racer_requested = Signal(str, str, dict, object)
    #: ``(surface, optimizer, [values, ...], start, [colour, ...])``: a fan of racers.
    fan_requested = Signal(str, str, list, object, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = Texts()
        self.worker: workers.Worker | None = None
        self.plan: SweepPlan | BasinPlan | None = None
        self._reset_results(0)

        self.mode = QComboBox()
        self.surface = QComboBox()
        self.surface.addItems(list(SURFACES))
        self.optimizer = QComboBox()
        self.optimizer.addItems(list(REGISTRY))
        self.start_x, self.start_y = SciSpinBox(), SciSpinBox()
        for box in (self.start_x, self.start_y):
            box.setRange(-1e6, 1e6)
        self.x_param, self.y_param = QComboBox(), QComboBox()
        self.x_lo, self.x_hi = SciSpinBox(log=True), SciSpinBox(log=True)
        self.y_lo, self.y_hi = SciSpinBox(), SciSpinBox()
        for box in (self.x_lo, self.x_hi, self.y_lo, self.y_hi):
            box.setRange(-1e9, 1e9)
        self.x_count, self.y_count, self.grid = QSpinBox(), QSpinBox(), QSpinBox()
        for box, value in ((self.x_count, 64), (self.y_count, 32), (self.grid, 100)):
            box.setRange(1, 2048)
            box.setValue(value)
        self.x_log, self.y_log = QCheckBox(), QCheckBox()
        self.steps = QSpinBox()
        self.steps.setRange(1, 100_000)
        self.steps.setValue(300)
        self.metric_box = QComboBox()
        self.run_button, self.cancel_button = QPushButton(), QPushButton()
        self.zoom_button, self.keep_button = QPushButton(), QPushButton()
        self.fan_button = QPushButton()
        self._last_cell = 0  # the row a fan is taken from (the cell last hovered)
        self.reference: dict[str, Any] | None = None  # a kept map, shown beside the current one
        self.span: tuple[float, float] | None = None  # the colour scale both maps share
        self.domain: tuple[float, float, float, float] | None = None  # basins: None = surface's
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.hover = QLabel()
        self.hover.setWordWrap(True)

        form = QFormLayout()
        self._labels: list[tuple[QLabel, Any]] = []

        def row(label_text: Any, *widgets: QWidget) -> QLabel:
            label = QLabel()
            self.texts.bind(label.setText, label_text)
            box = QHBoxLayout()
            for w in widgets:
                box.addWidget(w)
            form.addRow(label, box)
            return label

        row(lambda: self.tr("Map"), self.mode)
        row(lambda: self.tr("Surface"), self.surface)
        row(lambda: self.tr("Optimizer"), self.optimizer)
        self.start_label = row(lambda: self.tr("Start"), self.start_x, self.start_y)
        self.x_label = row(lambda: self.tr("Columns"), self.x_param, self.x_lo, self.x_hi,
                           self.x_count, self.x_log)
        self.y_label = row(lambda: self.tr("Rows"), self.y_param, self.y_lo, self.y_hi,
                           self.y_count, self.y_log)
        self.grid_label = row(lambda: self.tr("Starts per axis"), self.grid)
        row(lambda: self.tr("Steps"), self.steps)
        self.metric_label = row(lambda: self.tr("Colour"), self.metric_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.zoom_button)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.fan_button)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addLayout(buttons)
        left.addWidget(self.progress)
        left.addWidget(self.message)
        left.addWidget(self.hover)
        left.addStretch(1)

        self.plot = pg.PlotWidget()
        self.plot.setMouseEnabled(x=True, y=True)  # zoom and pan, then recompute the view
        self.contour = pg.PlotDataItem(pen=pg.mkPen((60, 60, 60), width=1), connect="finite")
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.plot.addItem(self.contour)
        self.plot.scene().sigMouseMoved.connect(self._on_hover)
        self.plot.scene().sigMouseClicked.connect(self._on_click)

        self.ref_plot = pg.PlotWidget()
        self.ref_image = pg.ImageItem()
        self.ref_contour = pg.PlotDataItem(pen=pg.mkPen((60, 60, 60), width=1), connect="finite")
        self.ref_plot.addItem(self.ref_image)
        self.ref_plot.addItem(self.ref_contour)
        self.ref_plot.hide()

        layout = QHBoxLayout(self)
        side = QWidget()
        side.setLayout(left)
        side.setMaximumWidth(520)
        layout.addWidget(side)
        layout.addWidget(self.ref_plot, 1)
        layout.addWidget(self.plot, 1)

        self.texts.bind(self.run_button.setText, lambda: self.tr("Run"))
        self.texts.bind(self.cancel_button.setText, lambda: self.tr("Cancel"))
        self.texts.bind(self.zoom_button.setText, lambda: self.tr("Recompute view"))
        self.texts.bind(self.keep_button.setText, lambda: self.tr("Keep for comparison"))
        self.texts.bind(self.fan_button.setText, lambda: self.tr("Race as a fan"))
        self.texts.bind(self.fan_button.setToolTip,
                        lambda: self.tr("Send the hovered row of the map to the race tab: one "
                                        "racer per column value (at most {0}), coloured along "
                                        "a ramp").format(MAX_FAN))
        self.texts.bind(self.keep_button.setToolTip,
                        lambda: self.tr("Show this map beside the next one, on the same colour "
                                        "scale (e.g. Momentum's lr × momentum beside Adam's "
                                        "lr × beta1)"))
        self.texts.bind(self.zoom_button.setToolTip,
                        lambda: self.tr("Zoom or pan the map with the mouse, then recompute the "
                                        "visible region at full resolution"))
        self.texts.bind(self.x_log.setText, lambda: self.tr("log"))
        self.texts.bind(self.y_log.setText, lambda: self.tr("log"))
        self.texts.bind(lambda _: self._fill_combos(), lambda: "")
        self.texts.bind(self.hover.setText,
                        lambda: self.tr("Hover a cell for its numbers; click it to race it."))

        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.optimizer.currentTextChanged.connect(self._optimizer_changed)
        self.surface.currentTextChanged.connect(self._surface_changed)
        self.x_param.currentTextChanged.connect(lambda _: self._param_changed(0))
        self.y_param.currentTextChanged.connect(lambda _: self._param_changed(1))
        self.run_button.clicked.connect(self.run)
        self.zoom_button.clicked.connect(self.recompute_view)
        self.keep_button.clicked.connect(self.keep)
        self.fan_button.clicked.connect(self.send_fan)
        self.surface.currentTextChanged.connect(lambda _: setattr(self, "domain", None))
        self.cancel_button.clicked.connect(self.cancel)
        self.metric_box.currentIndexChanged.connect(lambda _: self._redraw())

        self.optimizer.setCurrentText("adam")
        self.surface.setCurrentText("rosenbrock")
        self._optimizer_changed(self.optimizer.currentText())
        self._surface_changed(self.surface.currentText())
        self._mode_changed(HEATMAP)

    # -- controls ------------------------------------------------------------------
    def _fill_combos(self) -> None:
        modes = [self.tr("Hyper-parameter heatmap"), self.tr("Basins of attraction")]
        metrics = [self.tr("final loss above f* (log10)"), self.tr("steps to converge"),
                   self.tr("step of divergence")]
        for box, items in ((self.mode, modes), (self.metric_box, metrics)):
            index = max(box.currentIndex(), 0)
            box.blockSignals(True)
            box.clear()
            box.addItems(items)
            box.setCurrentIndex(index)
            box.blockSignals(False)
        if self.y_param.count():
            self.y_param.setItemText(0, self.tr("(none)"))

    def _mode_changed(self, mode: int) -> None:
        heat = mode == HEATMAP
        for w in (self.start_label, self.start_x, self.start_y, self.x_label, self.x_param,
                  self.x_lo, self.x_hi, self.x_count, self.x_log, self.y_label, self.y_param,
                  self.y_lo, self.y_hi, self.y_count, self.y_log, self.metric_label,
                  self.metric_box):
            w.setVisible(heat)
        for w in (self.grid_label, self.grid):
            w.setVisible(not heat)

    def _swept(self) -> list[Any]:
        spec = get_spec(self.optimizer.currentText())
        return [p for p in spec.hparams if p.kind == "float"]

    def _optimizer_changed(self, name: str) -> None:
        params = [p.name for p in self._swept()]
        for box, extra in ((self.x_param, []), (self.y_param, [self.tr("(none)")])):
            box.blockSignals(True)
            box.clear()
            box.addItems(extra + params)
            box.blockSignals(False)
        if "lr" in params:
            self.x_param.setCurrentText("lr")
        others = [p for p in params if p != "lr"]
        if others:
            self.y_param.setCurrentText(others[0])
        self._param_changed(0)
        self._param_changed(1)

    def _param_changed(self, which: int) -> None:
        box = (self.x_param, self.y_param)[which]
        lo, hi, log = ((self.x_lo, self.x_hi, self.x_log),
                       (self.y_lo, self.y_hi, self.y_log))[which]
        table = {p.name: p for p in self._swept()}
        p = table.get(box.currentText())
        if p is None:
            return
        if p.log:
            low, high = 1e-4, 1.0
        else:
            low = p.low if p.low is not None else -1.0
            high = p.high if p.high is not None else 1.0
            if p.high is not None and p.high_open:
                high = low + 0.99 * (high - low)
        lo.setValue(low)
        hi.setValue(high)
        log.setChecked(p.log)

    def _surface_changed(self, name: str) -> None:
        surface = SURFACES[name]
        self.start_x.setValue(surface.start[0])
        self.start_y.setValue(surface.start[1])

    # -- running -----------------------------------------------------------------
    def build_plan(self) -> SweepPlan | BasinPlan:
        """The plan the controls describe (``ValueError`` for a bad range)."""
        name = self.optimizer.currentText()
        surface = self.surface.currentText()
        if self.mode.currentIndex() == BASINS:
            n = self.grid.value()
            domain = self.domain or SURFACES[surface].domain
            return BasinPlan(surface, name, {}, n, n, domain, self.steps.value())
        table = {p.name: p for p in self._swept()}

        def axis(box: QComboBox, lo: SciSpinBox, hi: SciSpinBox, count: QSpinBox,
                 log: QCheckBox) -> Axis | None:
            p = table.get(box.currentText())
            if p is None:
                return None
            low, high = float(p.validate(lo.value())), float(p.validate(hi.value()))
            if log.isChecked() and low <= 0:
                raise ValueError(self.tr("A log range needs a low end above 0."))
            return Axis(p.name, low, high, count.value(), log.isChecked())

        x = axis(self.x_param, self.x_lo, self.x_hi, self.x_count, self.x_log)
        y = axis(self.y_param, self.y_lo, self.y_hi, self.y_count, self.y_log)
        if x is None:
            raise ValueError(self.tr("Choose a hyper-parameter for the columns."))
        return SweepPlan(surface, (self.start_x.value(), self.start_y.value()), name, {}, x, y,
                         self.steps.value())

    def run(self) -> None:
        """Start filling the map (a running map is cancelled first)."""
        self.cancel()
        try:
            plan = self.build_plan()
        except ValueError as exc:
            self.message.setText(engine_error(exc))
            return
        self.plan = plan
        self._reset_results(plan.cells)
        self._setup_axes()
        self.message.setText(self.tr("Running {0} cells…").format(plan.cells))
        self.progress.setRange(0, plan.cells)
        self.progress.setValue(0)
        worker = workers.Worker(_sweep_job, plan.chunks(GUI_CHUNK))
        worker.yielded.connect(self._on_chunk)
        worker.returned.connect(self._on_done)
        worker.errored.connect(self._on_error)
        worker.cancelled.connect(self._on_cancelled)
        self.worker = worker
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        worker.start()

    def recompute_view(self) -> None:
        """Run the map again over the region the plot shows now (zoom into a boundary)."""
        plan = self.plan
        if plan is None:
            return
        (x0, x1), (y0, y1) = self.plot.getPlotItem().vb.viewRange()
        if isinstance(plan, BasinPlan):
            self.domain = (x0, x1, y0, y1)
        else:
            self._set_range(plan.x, x0, x1, self.x_lo, self.x_hi)
            if plan.y is not None:
                self._set_range(plan.y, y0, y1, self.y_lo, self.y_hi)
        self.run()

    @staticmethod
    def _set_range(axis: Axis, lo: float, hi: float, low_box: SciSpinBox,
                   high_box: SciSpinBox) -> None:
        """The spin boxes of ``axis`` set to the view's ``[lo, hi]`` (plot units), kept
        within the current range (a zoom never leaves the valid values)."""
        if axis.log:
            lo, hi = 10.0**lo, 10.0**hi
        a, b = sorted((axis.low, axis.high))
        low_box.setValue(min(max(lo, a), b))
        high_box.setValue(min(max(hi, a), b))

    def send_fan(self) -> None:
        """The row of the last hovered cell as racers: the classic "which lr?" figure, live."""
        plan = self.plan
        if not isinstance(plan, SweepPlan):
            return
        nx = plan.x.count
        row = self._last_cell // nx
        columns = np.unique(np.round(np.linspace(0, nx - 1, min(nx, MAX_FAN))).astype(int))
        racers = [{**plan.values, **self.cell_values(row * nx + int(i))} for i in columns]
        lut = pg.colormap.get("viridis").getLookupTable(nPts=256)
        self.fan_requested.emit(plan.surface, plan.optimizer, racers, plan.start,
                                fan_colors(len(racers), lut))

    def cancel(self) -> None:
        if self.worker is not None and self.worker.is_running:
            self.worker.cancel()
        self.worker = None
        self._idle()

    def shutdown(self, timeout: float = 0.0) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(timeout)

    def _idle(self) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _reset_results(self, n: int) -> None:
        self.done = np.zeros(n, dtype=bool)
        self.position = np.full((n, 2), np.nan)
        self.final_loss = np.full(n, np.nan)
        self.status = np.zeros(n, dtype=np.int8)
        self.status_step = np.full(n, -1, dtype=np.int64)
        self.which = np.full(n, -1, dtype=np.int64)

    def _on_chunk(self, item: Any) -> None:
        if self.sender() is not self.worker or self.plan is None:
            return
        lo, hi, result = item
        self.done[lo:hi] = True
        self.position[lo:hi] = result.position
        self.final_loss[lo:hi] = result.final_loss
        self.status[lo:hi] = result.status
        self.status_step[lo:hi] = result.status_step
        if isinstance(self.plan, BasinPlan):
            surface = SURFACES[self.plan.surface]
            self.which[lo:hi] = assign_minima(surface, result.position, result.status)
        self.progress.setValue(int(self.done.sum()))
        self._redraw()

    def _on_done(self, _: Any) -> None:
        if self.sender() is not self.worker:
            return
        self.worker = None
        self._idle()
        if isinstance(self.plan, BasinPlan):
            self._cluster_the_rest(self.plan)
        counts = {name: int((self.status == code).sum()) for code, name in enumerate(STATUS_NAMES)}
        self.message.setText(self.tr("Done: {0} converged, {1} diverged, {2} still running.")
                             .format(counts["converged"], counts["diverged"], counts["running"]))

    def _cluster_the_rest(self, plan: BasinPlan) -> None:
        """Endpoints at no listed minimum (Rastrigin's dimples) coloured by cluster."""
        rest = self.done & (self.which < 0) & (self.status != DIVERGED)
        if not rest.any():
            return
        x0, x1, y0, y1 = plan.domain
        labels, _ = cluster(self.position, 0.01 * max(x1 - x0, y1 - y0), rest)
        self.which[rest] = len(SURFACES[plan.surface].all_minima) + labels[rest]
        self._redraw()

    def _on_error(self, error: Any) -> None:
        if self.sender() is not self.worker:
            return
        self.worker = None
        self._idle()
        self.message.setText(engine_error(error))

    def _on_cancelled(self) -> None:
        self.message.setText(self.tr("Cancelled."))

    # -- drawing -----------------------------------------------------------------
    def _axis_coords(self, axis: Axis) -> tuple[float, float]:
        """Left and right edges of the cells along ``axis`` in plot units (log10 for log)."""
        values = axis.values()
        t = np.log10(values) if axis.log else values
        if len(t) == 1:
            return float(t[0]) - 0.5, float(t[0]) + 0.5
        step = (t[-1] - t[0]) / (len(t) - 1)
        return float(t[0] - step / 2), float(t[-1] + step / 2)

    def _setup_axes(self) -> None:
        assert self.plan is not None
        self._rect = self._place(self.plan, self.plot, self.contour)

    def _place(self, plan: SweepPlan | BasinPlan, widget: pg.PlotWidget,
               contour: pg.PlotDataItem) -> QRectF:
        """Axes, labels and (basins) contours of ``plan`` on ``widget``; the cells' rect."""
        plot = widget.getPlotItem()
        if isinstance(plan, SweepPlan):
            x0, x1 = self._axis_coords(plan.x)
            y0, y1 = self._axis_coords(plan.y) if plan.y else (0.0, 1.0)
            plot.setLabel("bottom", ("log10 " if plan.x.log else "") + plan.x.name)
            plot.setLabel("left", ("log10 " if plan.y and plan.y.log else "")
                          + (plan.y.name if plan.y else ""))
            contour.setData([], [])
        else:
            x0, x1, y0, y1 = plan.domain
            plot.setLabel("bottom", "x")
            plot.setLabel("left", "y")
            surface = SURFACES[plan.surface]
            grid = geometry.sample(surface, plan.domain, 200)
            scale = geometry.LogScale.fit(grid.z)
            xs, ys = geometry.contour_lines(grid, scale, scale.levels(14))
            contour.setData(xs, ys)
        plot.setTitle(plan.optimizer)
        plot.setXRange(x0, x1, padding=0)
        plot.setYRange(y0, y1, padding=0)
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def _results(self) -> dict[str, Any]:
        return {"plan": self.plan, "done": self.done, "final_loss": self.final_loss,
                "status": self.status, "status_step": self.status_step, "which": self.which}

    def keep(self) -> None:
        """Keep the current map beside the next one, on the same colour scale."""
        if self.plan is None or not self.done.any():
            return
        self.reference = {k: (v.copy() if isinstance(v, np.ndarray) else v)
                          for k, v in self._results().items()}
        self._ref_rect = self._place(self.plan, self.ref_plot, self.ref_contour)
        self.ref_plot.show()
        self._redraw()

    def _heat(self, r: dict[str, Any]) -> np.ndarray:
        plan = r["plan"]
        fmin = min((m.f for m in SURFACES[plan.surface].minima), default=0.0)
        metric = METRICS[max(self.metric_box.currentIndex(), 0)]
        return metric_values(metric, r["final_loss"], r["status"], r["status_step"], fmin)

    def _redraw(self) -> None:
        if self.plan is None or not len(self.done):
            return
        maps = [(self._results(), self.image, self._rect)]
        if self.reference is not None:
            maps.append((self.reference, self.ref_image, self._ref_rect))
        heat = [self._heat(r) if isinstance(r["plan"], SweepPlan) else None for r, _, _ in maps]
        finite = [h[np.isfinite(h) & r["done"]] for h, (r, _, _) in zip(heat, maps, strict=True)
                  if h is not None]
        finite = [f for f in finite if f.size]
        span = ((min(float(f.min()) for f in finite), max(float(f.max()) for f in finite))
                if finite else None)
        lut = pg.colormap.get("viridis").getLookupTable(nPts=256, alpha=True)
        for h, (r, image, rect) in zip(heat, maps, strict=True):
            ny, nx = r["plan"].shape
            if h is not None:
                rgba = colorize(h, r["status"], r["done"], lut, span)
            else:
                rgba = basin_colors(r["which"], r["status"], r["done"])
            # ImageItem: first axis is x; rows of the plan are y
            image.setImage(rgba.reshape(ny, nx, 4).transpose(1, 0, 2), autoLevels=False)
            image.setRect(rect)
        self.span = span

    # -- hover and click ---------------------------------------------------------
    def cell_at(self, scene_pos: QPointF) -> int | None:
        """The cell under a scene position, or None."""
        if self.plan is None or not len(self.done):
            return None
        p = self.plot.getPlotItem().vb.mapSceneToView(scene_pos)
        r = self._rect
        ny, nx = self.plan.shape
        i = math.floor((p.x() - r.left()) / r.width() * nx)
        j = math.floor((p.y() - r.top()) / r.height() * ny)
        if not (0 <= i < nx and 0 <= j < ny):
            return None
        return j * nx + i

    def cell_center(self, cell: int) -> QPointF:
        """Scene position of the centre of ``cell`` (for tests and tooltips)."""
        assert self.plan is not None
        ny, nx = self.plan.shape
        r = self._rect
        x = r.left() + (cell % nx + 0.5) * r.width() / nx
        y = r.top() + (cell // nx + 0.5) * r.height() / ny
        return self.plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))

    def cell_values(self, cell: int) -> dict[str, float]:
        """The hyper-parameters of a heatmap cell (the optimizer's values as used)."""
        plan = self.plan
        assert isinstance(plan, SweepPlan)
        return {k: float(v[0]) for k, v in plan.row_values(cell, cell + 1).items()}

    def _on_hover(self, scene_pos: QPointF) -> None:
        cell = self.cell_at(scene_pos)
        if cell is None or not self.done[cell]:
            return
        self._last_cell = cell
        status = STATUS_NAMES[self.status[cell]]
        at = int(self.status_step[cell])
        if isinstance(self.plan, SweepPlan):
            where = ", ".join(f"{k} = {v:.4g}" for k, v in self.cell_values(cell).items())
        else:
            assert self.plan is not None
            x0, y0 = self.plan.starts(cell, cell + 1)[0]
            which = int(self.which[cell])
            where = self.tr("start ({0:.3g}, {1:.3g}) → minimum {2}").format(
                x0, y0, which if which >= 0 else "–")
        self.hover.setText(self.tr("{0}: loss {1:.4g}, {2} (step {3})").format(
            where, self.final_loss[cell], status, at if at >= 0 else "–"))

    def _on_click(self, event: Any) -> None:
        cell = self.cell_at(event.scenePos())
        if cell is None or self.plan is None:
            return
        if isinstance(self.plan, SweepPlan):
            values = self.cell_values(cell)
            self.racer_requested.emit(self.plan.surface, self.plan.optimizer,
                                      {**self.plan.values, **values}, self.plan.start)
        else:
            start = tuple(float(v) for v in self.plan.starts(cell, cell + 1)[0])
            self.racer_requested.emit(self.plan.surface, self.plan.optimizer,
                                      dict(self.plan.values), start)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.apply()
        super().changeEvent(event)
