"""The landscape lab's pictures: the slice as a contour map with the paths, its 3-D
surface, and the 1-D interpolation curve.

The contour map uses the shared colour map, log scale and contour lines of
:mod:`gui.views.contour` and :mod:`gui.views.geometry` (the race's views are bound
to a race session; a slice is a fixed grid).  Paths use the training curves'
colours (:data:`engine.palette.PALETTE`, one per optimizer in order).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from engine.palette import color
from gui.views import geometry
from gui.views.contour import colour_lut

__all__ = ["InterpolationPlot", "SlicePlot", "SliceSurface"]

_BG = "#1e2127"
_OUTLINE = "#15171c"


def slice_grid(a: np.ndarray, b: np.ndarray, loss: np.ndarray) -> geometry.Grid:
    """``loss[i, j]`` at ``(a[i], b[j])`` as a :class:`geometry.Grid` (row = b)."""
    rect = (float(a[0]), float(a[-1]), float(b[0]), float(b[-1]))
    return geometry.Grid(rect, np.asarray(a, float), np.asarray(b, float),
                         np.asarray(loss, float).T)


class SlicePlot(QWidget):
    """Colour map and contours of the loss on the plane, with every optimizer's path."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(parent=self, background=_BG)
        self.item: pg.PlotItem = self.plot.getPlotItem()
        self.item.hideButtons()
        self.item.setLabel("bottom", "a")
        self.item.setLabel("left", "b")
        self.item.getViewBox().setAspectLocked(True)
        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.image_item.setLookupTable(colour_lut("viridis"))
        self.image_item.setZValue(-100)
        self.contour_item = pg.PlotCurveItem(pen=pg.mkPen(255, 255, 255, 90, width=1),
                                             connect="finite", skipFiniteCheck=True)
        self.contour_item.setZValue(-90)
        self.centre_item = pg.ScatterPlotItem(symbol="+", size=14, brush=pg.mkBrush("w"),
                                              pen=pg.mkPen("w", width=2))
        self.marker_item = pg.ScatterPlotItem(size=11, pxMode=True)
        self.marker_item.setZValue(40)
        for it in (self.image_item, self.contour_item, self.centre_item, self.marker_item):
            self.item.addItem(it)
        self.legend = self.item.addLegend(offset=(8, 8))
        self.path_items: list[pg.PlotDataItem] = []
        self.paths: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []
        self.grid: geometry.Grid | None = None
        self.cells_drawn = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def clear(self) -> None:
        self.image_item.clear()
        self.contour_item.setData([], [])
        self.set_paths([])
        self.grid = None
        self.cells_drawn = 0

    def set_loss(self, a: np.ndarray, b: np.ndarray, loss: np.ndarray) -> None:
        """Draw the (possibly partial: NaN where not computed yet) loss grid."""
        grid = slice_grid(a, b, loss)
        self.grid = grid
        finite = np.isfinite(grid.z)
        self.cells_drawn = int(finite.sum())
        if not finite.any():
            return
        scale = geometry.LogScale.fit(grid.z)
        img = geometry.image(grid, scale)
        self.image_item.setImage(np.where(np.isfinite(img), img, 0.0), levels=(0.0, 1.0))
        da = (a[-1] - a[0]) / max(len(a) - 1, 1)
        db = (b[-1] - b[0]) / max(len(b) - 1, 1)
        self.image_item.setRect(QRectF(a[0] - da / 2, b[0] - db / 2, a[-1] - a[0] + da,
                                       b[-1] - b[0] + db))
        if finite.all() and len(a) > 2:
            x, y = geometry.contour_lines(grid, scale, scale.levels(14))
            self.contour_item.setData(x, y)
        else:
            self.contour_item.setData([], [])
        self.centre_item.setData([0.0], [0.0])
        self.item.getViewBox().setRange(xRange=(a[0], a[-1]), yRange=(b[0], b[-1]),
                                        padding=0.02)

    def set_paths(self, paths: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]) -> None:
        """``(label, steps, a, b)`` per optimizer, coloured as in the training curves."""
        for it in self.path_items:
            self.item.removeItem(it)
            self.legend.removeItem(it)
        self.path_items = []
        self.paths = list(paths)
        for i, (label, _steps, a, b) in enumerate(self.paths):
            pen = pg.mkPen(color(i), width=2)
            it = pg.PlotDataItem(a, b, pen=pen, name=label)
            it.setZValue(30)
            self.item.addItem(it)
            self.path_items.append(it)
        self.show_step(None)

    def show_step(self, step: int | None) -> None:
        """Draw each path up to training step ``step`` (all of it: None), with a marker."""
        spots = []
        for i, ((_label, steps, a, b), it) in enumerate(zip(self.paths, self.path_items,
                                                             strict=True)):
            n = len(steps) if step is None else int(np.searchsorted(steps, step, "right"))
            n = max(1, n)
            it.setData(a[:n], b[:n])
            spots.append({"pos": (float(a[n - 1]), float(b[n - 1])),
                          "brush": pg.mkBrush(color(i)), "pen": pg.mkPen(_OUTLINE, width=1.5)})
        self.marker_item.setData(spots)


class InterpolationPlot(QWidget):
    """Loss (left axis) and accuracy along the line from A to B."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(parent=self, background=_BG)
        self.item: pg.PlotItem = self.plot.getPlotItem()
        self.item.showGrid(x=True, y=True, alpha=0.2)
        self.item.setLabel("bottom", "t")
        self.legend = self.item.addLegend(offset=(8, 8))
        self.loss_item = pg.PlotDataItem(pen=pg.mkPen(color(0), width=2), symbol="o",
                                         symbolSize=4, name="loss")
        self.acc_item = pg.PlotDataItem(pen=pg.mkPen(color(1), width=2, style=Qt.PenStyle.DashLine),
                                        name="accuracy")
        self.item.addItem(self.loss_item)
        self.item.addItem(self.acc_item)
        self.ends = pg.ScatterPlotItem(symbol="s", size=10, brush=pg.mkBrush("w"))
        self.item.addItem(self.ends)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def set_names(self, loss: str, accuracy: str) -> None:
        self.legend.clear()
        self.legend.addItem(self.loss_item, loss)
        self.legend.addItem(self.acc_item, accuracy)

    def set_curve(self, t: np.ndarray, loss: np.ndarray, accuracy: np.ndarray) -> None:
        self.loss_item.setData(t, loss)
        self.acc_item.setData(t, accuracy)
        ends = [k for k, v in enumerate(t) if v in (0.0, 1.0)]
        self.ends.setData([t[k] for k in ends], [loss[k] for k in ends])


class SliceSurface(QWidget):
    """The slice as a 3-D surface (OpenGL), or a message saying why it cannot be drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.view = None
        self.surface_item = None
        self.line_items: list = []
        self.line_points: list[tuple[np.ndarray, np.ndarray]] = []
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self._layout.addWidget(self.message)
        self.available: bool | None = None

    def _init_gl(self) -> bool:
        if self.available is not None:
            return self.available
        from gui.views.surface3d import probe_opengl

        ok, reason = probe_opengl()
        self.available = ok
        if not ok:
            self.message.setText(self.tr("3-D view unavailable: {reason}").format(reason=reason))
            return False
        import pyqtgraph.opengl as gl

        self.view = gl.GLViewWidget(self)
        self.view.setBackgroundColor(_BG)
        self.view.setCameraPosition(distance=3.2, elevation=30, azimuth=-60)
        self.message.hide()
        self._layout.addWidget(self.view)
        return True

    def set_slice(self, a: np.ndarray, b: np.ndarray, loss: np.ndarray,
                  paths: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] | None = None
                  ) -> None:
        """Surface heights normalised to the unit cube (log scale); paths on it.

        ``paths``: ``(steps, a, b, loss)`` per optimizer, the loss of the slice there.
        """
        if not self._init_gl() or not np.isfinite(loss).all():
            return
        import pyqtgraph.opengl as gl

        grid = slice_grid(a, b, loss)
        scale = geometry.LogScale.fit(grid.z)
        h = scale(np.asarray(loss, float))  # (len(a), len(b)) in [0, 1]
        lut = colour_lut("viridis").astype(np.float32) / 255.0
        colors = lut[np.clip((h * (len(lut) - 1)).astype(int), 0, len(lut) - 1)]
        colors = np.concatenate([colors[..., :3], np.ones(h.shape + (1,), np.float32)], -1)
        x = (a - a[0]) / (a[-1] - a[0]) * 2 - 1
        y = (b - b[0]) / (b[-1] - b[0]) * 2 - 1
        if self.surface_item is None:
            self.surface_item = gl.GLSurfacePlotItem(x=x, y=y, z=h, colors=colors,
                                                     smooth=True, computeNormals=False)
            self.view.addItem(self.surface_item)
        else:
            self.surface_item.setData(x=x, y=y, z=h, colors=colors)
        for it in self.line_items:
            self.view.removeItem(it)
        self.line_items = []
        self.line_points = []
        for i, (steps, pa, pb, pl) in enumerate(paths or []):
            px = (pa - a[0]) / (a[-1] - a[0]) * 2 - 1
            py = (pb - b[0]) / (b[-1] - b[0]) * 2 - 1
            pz = scale(np.asarray(pl, float)) + 0.01
            inside = (np.abs(px) <= 1) & (np.abs(py) <= 1)
            pts = np.column_stack([px, py, pz])[inside]
            if len(pts) < 2:
                continue
            rgba = pg.mkColor(color(i)).getRgbF()
            item = gl.GLLinePlotItem(pos=pts, color=rgba, width=2, antialias=True)
            self.view.addItem(item)
            self.line_items.append(item)
            self.line_points.append((np.asarray(steps)[inside], pts))

    def show_step(self, step: int | None) -> None:
        """Draw each path up to training step ``step`` (all of it: None)."""
        for item, (steps, pts) in zip(self.line_items, self.line_points, strict=True):
            n = len(steps) if step is None else int(np.searchsorted(steps, step, "right"))
            item.setData(pos=pts[: max(2, n)])
