"""The 2-D race view: the loss surface as a colour map with contours, and the racers.

Drawn with pyqtgraph; every array comes from :mod:`gui.views.geometry`.  What is
recomputed when:

=====================  ====================================================
surface changed        image, contours, gradient field, minima; view fitted
view zoomed / panned   image, contours, gradient field for the visible range
                       (debounced, ~80 ms after the last change)
racers / display       one trail item per racer (colour, visibility, width)
cursor moved           trail data (views sliced at the cursor step), racer
                       markers, start marker, arrows of the selected racer
=====================  ====================================================

Painting: the image, contours, gradient field and minima are cached as
pixmaps in device coordinates (``QGraphicsItem.DeviceCoordinateCache``), so a
frame in which only racers move repaints trails and markers over a copy of
the cached layers; the cache is redrawn when the view zooms or pans.

The cursor path allocates nothing large: trails are read-only views into the
trajectories, sliced with ``np.searchsorted`` on the step column.

Mouse: wheel / drag zoom and pan (pyqtgraph defaults); a left click (not the
end of a drag) or dragging the white start cross sets the common start point;
hovering shows ``x, y, f, ∇f`` in the top-right corner.
"""

from __future__ import annotations

import importlib
import math
import os
from contextlib import contextmanager

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401  (registers pg.exporters)
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QLabel, QVBoxLayout, QWidget

from engine.platform.files import write_atomic
from engine.race import DIVERGED
from gui.services.i18n import engine_error
from gui.services.session_bridge import SessionBridge
from gui.views import geometry
from gui.views.arrows import StepArrows
from gui.views.legend import RaceLegend
from gui.views.trails import DecimatedTrail, TrailPair
from gui.widgets import plot_scale

#: Debounce between the last zoom / pan and the recomputation of the image.
REDRAW_DELAY_MS = 80
#: The image covers the visible range plus this fraction of it on every side,
#: so a short pan shows no empty border.
MARGIN = 0.15
N_LEVELS = 16
#: Trails longer than this are drawn through one point per screen pixel they
#: enter (see ``geometry.new_cells``): stroking thousands of sub-pixel
#: segments per frame is what makes long races slow to paint.
DECIMATE_ABOVE = 300

_OUTLINE = "#15171c"
_BG = "#1d2026"


#: The colour map is used from 0 to LUT_TOP and darkened by LUT_GAIN, so that
#: the racers' bright trail colours stand out everywhere on it.
LUT_TOP = 0.85
LUT_GAIN = 0.85
LUT_DESATURATE = 0.2


def colour_lut(name: str = "viridis", n: int = 256) -> np.ndarray:
    """``(n, 4)`` uint8 RGBA look-up table of the surface colours (shared with the 3-D view)."""
    rgba = pg.colormap.get(name).getLookupTable(0.0, LUT_TOP, n, alpha=True).astype(np.float64)
    grey = rgba[:, :3] @ np.array([0.2126, 0.7152, 0.0722])
    rgba[:, :3] = LUT_GAIN * ((1 - LUT_DESATURATE) * rgba[:, :3] + LUT_DESATURATE * grey[:, None])
    return np.round(rgba).astype(np.uint8)


@contextmanager
def _svg_closepath_fix():
    """Let pyqtgraph's SVGExporter read the path data that Qt 6 writes.

    Qt 6 ends closed sub-paths with a bare ``Z`` token, which pyqtgraph's
    ``correctCoordinates`` cannot parse (``ValueError: not enough values to
    unpack``; pyqtgraph issue #3485).  During the export each ``Z`` becomes
    the equivalent line back to the start of its sub-path.
    """
    module = importlib.import_module("pyqtgraph.exporters.SVGExporter")
    original = module.correctCoordinates

    def correct(node, defs, item, options):
        for path in node.getElementsByTagName("path"):
            path.setAttribute("d", _explicit_closepath(path.getAttribute("d")))
        return original(node, defs, item, options)

    module.correctCoordinates = correct
    try:
        yield
    finally:
        module.correctCoordinates = original


def _explicit_closepath(d: str) -> str:
    """SVG path data with every ``Z`` replaced by ``L`` to its sub-path's start."""
    out: list[str] = []
    start: str | None = None
    for token in d.split():
        if token[0] in "Mm":
            start = token[1:]
        if token in ("Z", "z"):
            if start is not None:
                out.append("L" + start)
            continue
        out.append(token)
    return " ".join(out)


def _fmt(v: float) -> str:
    if not math.isfinite(v):
        return str(v)
    return f"{v:.4g}".replace("-", "−")


class ContourView(QWidget):
    """Colour map + contours of the session's surface with the racers' trails.

    Args:
        bridge: the session's Qt bridge; the view listens to its signals and
            changes the session only through ``session.set_start``.
        resolution: samples along the longer side of the computed image.
        colormap: a name known to ``pyqtgraph.colormap.get``.
    """

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None, *,
                 resolution: int = 400, colormap: str = "viridis") -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.resolution = int(resolution)
        self.scale: geometry.LogScale | None = None
        self.image_rect: geometry.Rect | None = None
        self.levels = np.empty(0)
        self._field_on = False
        self._styles: list[tuple[str, bool]] = []
        self._start: tuple[float, float] | None = None
        self._log: bool | None = None  # log colour scale? decided once per surface
        #: (surface, rect, resolution, log) of the picture shown, to skip redrawing it.
        self._drawn: tuple | None = None
        self._brushes: list = []  # per racer, made on racers / display changes
        self._pens: list = []
        self._x_pen = pg.mkPen(_OUTLINE, width=1)
        self._cell = 0.0  # data units per screen pixel, fixed between redraws
        self._decimated: list[DecimatedTrail] = []

        self.plot = pg.PlotWidget(parent=self, background=_BG)
        self.plot.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.plot.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.plot.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self.plot_item: pg.PlotItem = self.plot.getPlotItem()
        self.plot_item.setMenuEnabled(True)
        self.plot_item.hideButtons()
        for name in ("left", "bottom"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen("#8a8f99"))
            axis.setTextPen(pg.mkPen("#c8ccd4"))
        self.plot_item.setLabel("bottom", "x")
        self.plot_item.setLabel("left", "y")
        self.viewbox: pg.ViewBox = self.plot_item.getViewBox()
        self.viewbox.setAspectLocked(True)
        self.viewbox.disableAutoRange()

        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.image_item.setLookupTable(colour_lut(colormap))
        self.image_item.setZValue(-100)
        self.contour_item = pg.PlotCurveItem(
            pen=pg.mkPen(255, 255, 255, 90, width=1), connect="finite", skipFiniteCheck=True)
        self.contour_item.setZValue(-90)
        self.field_item = pg.PlotCurveItem(
            pen=pg.mkPen(255, 255, 255, 120, width=1), connect="finite", skipFiniteCheck=True)
        self.field_item.setZValue(-80)
        self.field_item.setVisible(False)
        self.minima_item = pg.ScatterPlotItem(
            symbol="star", size=17, brush=pg.mkBrush("w"), pen=pg.mkPen(_OUTLINE, width=1.5))
        self.minima_item.setZValue(20)
        self.start_item = pg.TargetItem(
            pos=(0, 0), size=15, symbol="+", pen=pg.mkPen(_OUTLINE, width=1.2),
            brush=pg.mkBrush("w"), hoverPen=pg.mkPen("w", width=1.5),
            hoverBrush=pg.mkBrush("#ffd966"), movable=True)
        self.start_item.setZValue(30)
        self.start_item.sigPositionChangeFinished.connect(self._on_start_dragged)
        self.marker_item = pg.ScatterPlotItem(size=11, pxMode=True)
        self.marker_item.setZValue(40)
        # Where a switching optimizer (SWATS) changed from Adam to SGD.
        self.switch_item = pg.ScatterPlotItem(size=13, pxMode=True, symbol="d")
        self.switch_item.setZValue(38)
        self.switch_item.setToolTip(self.tr("SWATS switched from Adam to SGD here"))
        self.arrows = StepArrows(self.tr("step"))
        self.grad_arrow, self.step_arrow = self.arrows.grad_arrow, self.arrows.step_arrow
        # The static layers are painted once into a pixmap per zoom level: moving
        # trails and markers then repaint their region from it instead of
        # resampling the image and stroking the contours every frame.
        for item in (self.image_item, self.contour_item, self.field_item, self.minima_item):
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for item in (self.image_item, self.contour_item, self.field_item, self.minima_item,
                     self.start_item, self.marker_item, self.switch_item,
                     *self.arrows.items()):
            self.plot_item.addItem(item)
        #: One trail per racer: a cached history and a live tail (``gui.views.trails``).
        self.trails: list[TrailPair] = []
        self.legend = RaceLegend(self.plot_item, bridge, offset=(8, -8), text="#e8eaf0",
                                 background=(20, 22, 28, 190), frame="#5a5f69")

        self.readout = QLabel(self.plot)
        self.readout.setObjectName("contourReadout")
        self.readout.setStyleSheet(
            "QLabel#contourReadout { background: rgba(20, 22, 28, 200); color: #e8eaf0;"
            " border-radius: 4px; padding: 3px 7px; font-family: monospace; }")
        self.readout.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._set_readout_text(None)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_DELAY_MS)
        self._timer.timeout.connect(self._redraw_surface)
        self.viewbox.sigRangeChanged.connect(self._on_range_changed)
        self.viewbox.sigResized.connect(self._place_readout)
        self.plot.viewport().installEventFilter(self)
        scene = self.plot.scene()
        scene.sigMouseMoved.connect(self._on_mouse_moved)
        scene.sigMouseClicked.connect(self._on_mouse_clicked)

        bridge.surfaceChanged.connect(self._on_surface)
        bridge.racersChanged.connect(self._on_racers)
        bridge.displayChanged.connect(self._on_display)
        bridge.cursorChanged.connect(self._on_cursor)
        plot_scale.SCALE.changed.connect(self._on_scale)
        self._on_surface()
        self._on_racers()
        self._on_scale()

    # -- public ----------------------------------------------------------------
    @property
    def session(self):
        return self.bridge.session

    @property
    def gradient_field(self) -> bool:
        return self._field_on

    def set_gradient_field(self, on: bool) -> None:
        """Show or hide the field of ``−∇f`` directions (unit arrows on a coarse grid)."""
        self._field_on = bool(on)
        self.field_item.setVisible(self._field_on)
        if self._field_on and self.image_rect is not None:
            self._update_field(self._visible_rect())

    def fit_view(self) -> None:
        """Show the surface's whole domain."""
        xmin, xmax, ymin, ymax = self.session.domain
        self.viewbox.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0.02)

    def refresh(self) -> None:
        """Recompute the image and contours for the visible range now (no debounce)."""
        self._timer.stop()
        self._redraw_surface()

    def png_bytes(self, width: int | None = None) -> bytes:
        """The plot (without the hover read-out) as a PNG image, rendered in memory."""
        self.plot.scene().prepareForPaint()  # the view's transform is updated lazily
        exporter = pg.exporters.ImageExporter(self.plot_item)
        if width is not None:
            exporter.parameters()["width"] = int(width)
        image = exporter.export(toBytes=True)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        ok = image.save(buffer, "PNG")
        buffer.close()
        if not ok or data.isEmpty():
            raise RuntimeError(f"cannot encode a {image.width()}×{image.height()} PNG image")
        return data.data()

    def svg_bytes(self) -> bytes:
        """The plot as SVG: lines, markers and text as vectors, the colour map as a bitmap."""
        self.plot.scene().prepareForPaint()  # the view's transform is updated lazily
        with _svg_closepath_fix():
            return pg.exporters.SVGExporter(self.plot_item).export(toBytes=True)

    def export_png(self, path: str | os.PathLike[str], width: int | None = None) -> None:
        """Write :meth:`png_bytes` to ``path`` atomically (``engine.platform.files.WriteError``)."""
        write_atomic(path, self.png_bytes(width))

    def export_svg(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`svg_bytes` to ``path`` atomically (``engine.platform.files.WriteError``)."""
        write_atomic(path, self.svg_bytes())

    # -- surface -----------------------------------------------------------------
    def _on_surface(self) -> None:
        surface = self.session.surface
        self.minima_item.setData(pos=[(m.x, m.y) for m in surface.minima])
        self._start = None
        self._log = None
        self.fit_view()
        self.refresh()
        self._on_cursor(self.session.cursor)

    def _visible_rect(self) -> geometry.Rect:
        (x0, x1), (y0, y1) = self.viewbox.viewRange()
        return (float(x0), float(x1), float(y0), float(y1))

    def _on_range_changed(self, *_args) -> None:
        self._timer.start()

    def _redraw_surface(self) -> None:
        visible = self._visible_rect()
        rect = geometry.expand(visible, MARGIN)
        surface = self.session.surface
        drawn = self._drawn
        if drawn is not None and drawn[0] is surface and drawn[1:3] == (rect, self.resolution):
            self._log = drawn[3]  # the same picture (a preset on the same surface): keep it
        else:
            grid = geometry.sample(surface, rect, self.resolution)
            if self._log is None:
                self._log = geometry.has_interior_minimum(grid)
            self.scale = scale = geometry.LogScale.for_grid(grid, self._log)
            self.levels = scale.levels(N_LEVELS)
            self.image_item.setImage(geometry.image(grid, scale), levels=(0.0, 1.0),
                                     autoLevels=False)
            self.image_item.setRect(QRectF(rect[0], rect[2], rect[1] - rect[0],
                                           rect[3] - rect[2]))
            self.image_rect = rect
            self.contour_item.setData(*geometry.contour_lines(grid, scale, self.levels))
            self._drawn = (surface, rect, self.resolution, self._log)
        if self._field_on:
            self._update_field(visible)
        width = self.viewbox.width()
        cell = (visible[1] - visible[0]) / width if width >= 1 else 0.0
        if cell != self._cell:
            self._cell = cell
            self._on_cursor(self.session.cursor)  # trails at the new pixel size
        else:
            self._update_arrows()

    def _update_field(self, visible: geometry.Rect) -> None:
        self.field_item.setData(*geometry.gradient_field(self.session.surface, visible))

    # -- racers ------------------------------------------------------------------
    def _on_racers(self) -> None:
        n = len(self.session.race.racers)
        while len(self.trails) > n:
            self.trails.pop().remove(self.plot_item)
        while len(self.trails) < n:
            self.trails.append(TrailPair(self.plot_item, len(self.trails)))
        self._styles = []
        self._restyle()
        self._on_cursor(self.session.cursor)

    def _on_display(self, _index: int) -> None:
        self._restyle()
        self._on_cursor(self.session.cursor)

    def _on_scale(self, *_: object) -> None:
        """Presentation mode: larger axis text, trails, markers and arrows."""
        scale = plot_scale.factor()
        plot_scale.style_axes(self.plot_item)
        self.minima_item.setSize(17 * scale)
        self.arrows.set_scale(scale, self.font())
        self._restyle()
        self._on_cursor(self.session.cursor)

    def style_trails(self, scale: float) -> None:
        """Each racer's trail in its colour, the selected one wider, widths × ``scale``."""
        session = self.session
        for i, (trail, d) in enumerate(zip(self.trails, session.display, strict=True)):
            width = (3.2 if i == session.selected else 2.0) * scale
            trail.style(pg.mkPen(d.color, width=width),
                        pg.mkPen(_OUTLINE + "b0", width=width + 2.2 * scale), d.visible,
                        12 if i == session.selected else 10)

    def _restyle(self) -> None:
        session = self.session
        styles = [(d.color, d.visible) for d in session.display]
        selected = session.selected
        scale = plot_scale.factor()
        self.style_trails(scale)
        self._styles = styles
        self._brushes = [pg.mkBrush(c) for c, _ in styles]
        self._pens = [pg.mkPen(_OUTLINE, width=1.5 * scale) for _ in styles]
        if selected is not None and 0 <= selected < len(styles):
            color = styles[selected][0]
            self.arrows.set_colour(color, scale)

    # -- cursor ------------------------------------------------------------------
    def _on_cursor(self, step: int) -> None:
        session = self.session
        racers = session.race.racers
        if len(self.trails) != len(racers) or len(self._styles) != len(racers):
            self._on_racers()  # racers replaced and their signal not yet delivered
            return
        cache = self._decimated
        if len(cache) != len(racers) or any(
                c.racer is not r or c.cell != self._cell
                for c, r in zip(cache, racers, strict=True)):
            self._decimated = cache = [DecimatedTrail(r, self._cell) for r in racers]
        pos, brushes, pens, symbols = [], [], [], []
        for i, (racer, trail) in enumerate(zip(racers, self.trails, strict=True)):
            if not self._styles[i][1]:
                continue  # hidden: updated when shown again (display signal)
            n = geometry.cursor_index(racer.trajectory.column("step"), step)
            if n > DECIMATE_ABOVE and self._cell > 0:
                x, y = cache[i].points(n)
                key: tuple = (cache[i], cache[i].generation)
            else:
                x, y = racer.trajectory.column("x")[:n], racer.trajectory.column("y")[:n]
                key = (racer.trajectory,)  # short: never split into history + tail
            trail.set_points(x, y, key)
            if len(x) == 0:
                continue
            pos.append((x[-1], y[-1]))
            brushes.append(self._brushes[i])
            if racer.status == DIVERGED and step >= (racer.diverged_at or 0):
                symbols.append("x")
                pens.append(self._x_pen)
            else:
                symbols.append("o")
                pens.append(self._pens[i])
        if pos:
            self.marker_item.setData(pos=pos, brush=brushes, pen=pens, symbol=symbols,
                                     size=[(15 if s == "x" else 11) * plot_scale.factor()
                                           for s in symbols])
        else:
            self.marker_item.clear()
        self._update_switches(step)
        start = session.start
        if start != self._start:
            self._start = start
            self.start_item.setPos(QPointF(*start))
        self._update_arrows()

    def trail_points(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """x and y of racer ``index``'s trail as drawn (history and tail)."""
        return self.trails[index].points()

    def switch_points(self, step: int) -> list[tuple[int, float, float, int]]:
        """``(racer index, x, y, switch step)`` of racers that switched by ``step``."""
        out = []
        for i, racer in enumerate(self.session.race.racers):
            at = racer.optimizer.describe_state(racer.state).get("switch_step")
            if at is None or not self._styles[i][1]:
                continue
            k = int(np.max(at))
            if 0 < k <= step:
                steps = racer.trajectory.column("step")
                row = min(int(np.searchsorted(steps, k)), len(steps) - 1)
                out.append((i, float(racer.trajectory.column("x")[row]),
                            float(racer.trajectory.column("y")[row]), k))
        return out

    def _update_switches(self, step: int) -> None:
        points = self.switch_points(step)
        if not points:
            self.switch_item.clear()
            return
        self.switch_item.setData(
            pos=[(x, y) for _, x, y, _ in points],
            brush=[self._brushes[i] for i, *_ in points],
            pen=pg.mkPen("w", width=1.5),
            data=[k for *_, k in points])

    def _update_arrows(self) -> None:
        """The selected racer's last step and ``−∇f`` where it began (see :mod:`.arrows`)."""
        sel = self.session.selected
        shown = sel is not None and 0 <= sel < len(self._styles) and self._styles[sel][1]
        self.arrows.update(self.session, self.viewbox.viewRange(), shown)

    # -- mouse -------------------------------------------------------------------
    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        if not self.viewbox.sceneBoundingRect().contains(scene_pos):
            self._set_readout_text(None)
            return
        p = self.viewbox.mapSceneToView(scene_pos)
        self._set_readout_text((p.x(), p.y()))

    def _set_readout_text(self, point: tuple[float, float] | None) -> None:
        if point is None:
            self.readout.setText(self.tr("click: set start · drag: pan · wheel: zoom"))
        else:
            x, y = point
            surface = self.session.surface
            with np.errstate(all="ignore"):
                f = float(surface.value(x, y))
                gx, gy = (float(v) for v in surface.grad(x, y))
            self.readout.setText(
                f"x={_fmt(x)}  y={_fmt(y)}  f={_fmt(f)}  ∇f=({_fmt(gx)}, {_fmt(gy)})")
        self.readout.adjustSize()
        self._place_readout()

    def _place_readout(self, *_args) -> None:
        rect = self.viewbox.sceneBoundingRect()
        top_right = self.plot.mapFromScene(rect.topRight())
        self.readout.move(max(0, top_right.x() - self.readout.width() - 8), top_right.y() + 8)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Leave and watched is self.plot.viewport():
            self._set_readout_text(None)
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.switch_item.setToolTip(self.tr("SWATS switched from Adam to SGD here"))
            self._set_readout_text(None)
            self.arrows.set_step_text(self.tr("step"))
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._place_readout()

    def _on_mouse_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or ev.double():
            return
        if not self.viewbox.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = self.viewbox.mapSceneToView(ev.scenePos())
        self._set_start(p.x(), p.y())

    def _on_start_dragged(self, item: pg.TargetItem) -> None:
        p = item.pos()
        self._set_start(p.x(), p.y())

    def _set_start(self, x: float, y: float) -> None:
        try:
            self.session.set_start(x, y)
        except ValueError as exc:  # f undefined there: keep the old start
            self.readout.setText(engine_error(exc))
            self.readout.adjustSize()
            self._place_readout()
            self._start = None
            self._on_cursor(self.session.cursor)
