"""A legend of the racers (colour, name) on a plot, that follows the session.

Each :class:`RaceLegend` listens to its bridge (racers added, renamed,
recoloured, hidden) and to the plot scale (presentation mode).  All legends are
shown or hidden together with :func:`set_legends_visible` (View ▸ Legends).
Clicking an entry shows or hides that racer.
"""

from __future__ import annotations

import weakref

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt

from gui.services.session_bridge import SessionBridge
from gui.widgets import plot_scale

__all__ = ["RaceLegend", "legends_visible", "set_legends_visible"]

_VISIBLE = [True]
_LEGENDS: weakref.WeakSet[RaceLegend] = weakref.WeakSet()
HIDDEN_TEXT = "#9e9e9e"


def legends_visible() -> bool:
    return _VISIBLE[0]


def set_legends_visible(on: bool) -> None:
    """Show or hide every racer legend."""
    _VISIBLE[0] = bool(on)
    for legend in list(_LEGENDS):
        try:
            legend.item.setVisible(legend.wanted())
        except RuntimeError:  # its plot is gone
            _LEGENDS.discard(legend)


class _Sample(pg.ItemSample):
    """A legend sample whose click does not hide a (dummy) item: the legend handles it."""

    def mouseClickEvent(self, event):  # noqa: N802 (pyqtgraph override)
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            self.sigClicked.emit(self.item)


class RaceLegend(QObject):
    """The racers' legend on ``plot``, at ``offset`` (pyqtgraph's convention: negative
    values count from the right / bottom), in the given text and frame colours.

    A QObject child of ``plot``: its connections end when the plot is deleted.
    """

    def __init__(self, plot: pg.PlotItem, bridge: SessionBridge, offset: tuple[int, int],
                 *, text: str = "#202020", background: tuple[int, ...] = (255, 255, 255, 200),
                 frame: str = "#b0b0b0", text_pt: float = 8.5) -> None:
        super().__init__(plot)
        self.plot = plot
        self.bridge = bridge
        self._text = text
        self._text_pt = text_pt
        self.item = pg.LegendItem(offset=offset, labelTextColor=text, brush=pg.mkBrush(*background),
                                  pen=pg.mkPen(frame), sampleType=_Sample,
                                  verSpacing=-4)
        self.item.setParentItem(plot.getViewBox())
        self.item.setZValue(100)
        self.item.sigSampleClicked.connect(self._on_click)
        self._shown: list[tuple] | None = None
        self._samples: list[pg.PlotDataItem] = []
        _LEGENDS.add(self)
        bridge.racersChanged.connect(self.refresh)
        bridge.displayChanged.connect(self.refresh)
        plot_scale.SCALE.changed.connect(self.refresh)
        self.refresh()

    def wanted(self) -> bool:
        return legends_visible() and bool(self._shown)

    def entries(self) -> list[tuple[str, str, bool]]:
        """``(name, colour, visible)`` per racer, in the session's order."""
        session = self.bridge.session
        return [(racer.name, d.color, d.visible)
                for racer, d in zip(session.race.racers, session.display, strict=False)]

    def labels(self) -> list[str]:
        """The names shown, top to bottom (plain text)."""
        return [label.text for _, label in self.item.items]

    def refresh(self, *_: object) -> None:
        entries = self.entries()
        scale = plot_scale.factor()
        key = [*entries, scale]
        if key == self._shown:
            return
        self.item.clear()
        self.item.setLabelTextSize(f"{plot_scale.text_pt(self._text_pt):.1f}pt")
        self._samples = []
        for name, color, visible in entries:
            sample = pg.PlotDataItem(pen=pg.mkPen(color if visible else HIDDEN_TEXT,
                                                  width=2.5 * scale * self._text_pt / 8.5))
            self._samples.append(sample)
            self.item.addItem(sample, _escape(name))
            if not visible:
                self.item.items[-1][1].setAttr("color", HIDDEN_TEXT)
                self.item.items[-1][1].setText(_escape(name))
        self._shown = key if entries else []
        self.item.setVisible(self.wanted())

    def _on_click(self, sample: pg.PlotDataItem) -> None:
        if sample in self._samples:
            i = self._samples.index(sample)
            session = self.bridge.session
            if i < len(session.display):
                session.set_display(i, visible=not session.display[i].visible)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
