"""The race drawn for print: a fixed size, a title, a legend and a step counter.

A :class:`RaceFigure` is a :class:`~gui.views.contour.ContourView` of its own, never
shown on screen (``WA_DontShowOnScreen``), laid out at exactly the requested pixel
size.  Text, trails and the legend grow with the size, so a 1920×1080 export reads
like the window does at 1080 lines.  The on-screen read-out and its interaction
hint ("click: set start · …") are hidden: a handed-out figure has nothing to click.

The figure follows the session's cursor like any view; :meth:`image` renders the
current step, :meth:`svg_bytes` the current step as vectors with the colour map and
the contours clipped to the axes (pyqtgraph's SVG exporter does not clip them).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from engine.session import Session
from gui.services.i18n import engine_text
from gui.services.session_bridge import SessionBridge
from gui.views.contour import ContourView

translate = QCoreApplication.translate

#: Smallest and largest side of an exported picture, in pixels.
MIN_SIDE, MAX_SIDE = 64, 8192
#: The figure's text and lines are sized for this many lines, then scaled.
BASE_HEIGHT = 720.0


class RaceFigure:
    """An off-screen contour figure of ``session`` at ``size`` = (width, height) pixels.

    Use as a context manager (or call :meth:`close`): the figure listens to the
    session while it lives.
    """

    def __init__(self, session: Session, size: tuple[int, int], *, title: str | None = None,
                 legend: bool = True) -> None:
        w, h = (int(v) for v in size)
        if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
            raise ValueError(f"picture size must be between {MIN_SIDE} and {MAX_SIDE} pixels "
                             f"a side, got {w}×{h}")
        self.session = session
        self.size = (w, h)
        self.scale = s = max(0.8, h / BASE_HEIGHT)  # small pictures keep readable text
        self.bridge = SessionBridge(session)
        self.view = view = ContourView(self.bridge)
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        view.readout.hide()  # no hover read-out, no interaction hint
        view.resize(w, h)
        plot = view.plot_item
        font = QFont(QApplication.font())
        font.setPointSizeF(9.0 * s)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setStyle(tickFont=font, tickLength=int(-5 * s))
            axis.setTextPen(pg.mkPen("#202124"))
            axis.setPen(pg.mkPen("#5f6368", width=max(1.0, s)))
            axis.label.setFont(font)
        view.plot.setBackground("w")
        self._title = title
        self.counter = pg.LabelItem("", size=f"{10 * s:.1f}pt", color="#202124")
        self.counter.setParentItem(plot.getViewBox())
        self.counter.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(8 * s, 6 * s))
        self._counter_bg = self.counter.item  # a QGraphicsTextItem
        self.legend: pg.LegendItem | None = None
        if legend:
            self.legend = pg.LegendItem(offset=(-10 * s, 10 * s), labelTextSize=f"{9 * s:.1f}pt",
                                        brush=pg.mkBrush(255, 255, 255, 225),
                                        pen=pg.mkPen("#9aa0a6"), labelTextColor="#202124")
            self.legend.setParentItem(plot.getViewBox())
        self._style()
        self.bridge.cursorChanged.connect(self._on_cursor)
        self.bridge.racersChanged.connect(self._style)
        self.bridge.displayChanged.connect(lambda _i: self._style())
        view.show()
        view.resize(w, h)
        QApplication.processEvents()
        view.fit_view()
        view.refresh()
        self._on_cursor(session.cursor)

    # -- context ---------------------------------------------------------------------------
    def __enter__(self) -> RaceFigure:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop listening to the session and delete the off-screen widgets."""
        for event, signal in (("surface", self.bridge.surfaceChanged),
                              ("racers", self.bridge.racersChanged),
                              ("display", self.bridge.displayChanged),
                              ("cursor", self.bridge.cursorChanged)):
            self.session.unsubscribe(event, signal.emit)
        self.view.hide()
        self.view.deleteLater()
        self.bridge.deleteLater()

    # -- drawing ---------------------------------------------------------------------------
    def title_text(self) -> str:
        if self._title is not None:
            return self._title
        return engine_text(self.session.surface.title)

    def _style(self) -> None:
        s = self.scale
        view = self.view
        session = self.session
        view.plot_item.setTitle(self.title_text(), size=f"{12 * s:.1f}pt", color="#202124")
        view.style_trails(s)
        if self.legend is not None:
            self.legend.clear()
            for racer, d in zip(session.race.racers, session.display, strict=False):
                if d.visible:
                    sample = pg.PlotDataItem(pen=pg.mkPen(d.color, width=3 * s))
                    self.legend.addItem(sample, racer.name)

    def _on_cursor(self, step: int) -> None:
        total = self.session.race.step_count
        self.counter.setText(translate("RaceFigure", "step {0} of {1}").format(step, total),
                             size=f"{10 * self.scale:.1f}pt", color="#202124")

    def image(self) -> QImage:
        """The figure at the session's cursor, exactly :attr:`size` pixels (RGB32)."""
        QApplication.processEvents()
        self.view.plot.scene().prepareForPaint()
        image = QImage(*self.size, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            self.view.render(painter, QPoint(0, 0))
        finally:
            painter.end()
        return image

    def svg_bytes(self) -> bytes:
        """The figure at the cursor as SVG, the colour map and contours clipped to the axes."""
        view = self.view
        QApplication.processEvents()
        view.refresh()
        (x0, x1), (y0, y1) = view.viewbox.viewRange()
        image = view.image_item.image
        rect = view.image_rect
        if image is not None and rect is not None:
            rows, cols = image.shape[:2]
            ix0, ix1, iy0, iy1 = rect
            c0 = int(np.clip(np.ceil((x0 - ix0) / (ix1 - ix0) * cols), 0, cols))
            c1 = int(np.clip(np.floor((x1 - ix0) / (ix1 - ix0) * cols), c0, cols))
            r0 = int(np.clip(np.ceil((y0 - iy0) / (iy1 - iy0) * rows), 0, rows))
            r1 = int(np.clip(np.floor((y1 - iy0) / (iy1 - iy0) * rows), r0, rows))
            if c1 > c0 and r1 > r0:
                dx, dy = (ix1 - ix0) / cols, (iy1 - iy0) / rows
                view.image_item.setImage(image[r0:r1, c0:c1], levels=(0.0, 1.0),
                                         autoLevels=False)
                view.image_item.setRect(QRectF(ix0 + c0 * dx, iy0 + r0 * dy,
                                               (c1 - c0) * dx, (r1 - r0) * dy))
        trails = [item for t in view.trails for item in (t.history, t.tail)]
        for item in (view.contour_item, view.field_item, *trails):
            x, y = item.getData() if hasattr(item, "getData") else (None, None)
            if x is None or len(x) == 0:
                continue
            x = np.array(x, dtype=np.float64)
            y = np.array(y, dtype=np.float64)
            outside = (x < x0) | (x > x1) | (y < y0) | (y > y1)
            if outside.any():
                x[outside] = np.nan
                y[outside] = np.nan
                item.setData(x, y, connect="finite")
        view._drawn = None  # the cropped picture is not the view's: redraw it next time
        return view.svg_bytes()


def png_bytes(image: QImage, dpi: float | None = None) -> bytes:
    """``image`` encoded as PNG (with its resolution when ``dpi`` is given)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    if dpi:
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = image.save(buffer, "PNG")
    buffer.close()
    if not ok or data.isEmpty():
        raise RuntimeError(f"cannot encode a {image.width()}×{image.height()} PNG image")
    return data.data()
