"""A racer's trail on the map: decimated to the screen's pixels, painted as history + tail.

:class:`DecimatedTrail` keeps one point per screen pixel a trail enters (see
``geometry.new_cells``), extended incrementally as the race grows.

:class:`TrailPair` draws it with two items: the *history*, every point but the
last few hundred, cached as a device pixmap (``DeviceCoordinateCache``) and
updated only every :data:`TAIL`–:data:`2·TAIL <TAIL>` points; and the *tail*,
the rest, updated every frame.  A frame thus strokes at most ~2·TAIL points per
racer however long its trail (an oscillating optimizer enters a new pixel at
every step: stroking its whole trail every frame is what made long races slow),
and the history is blitted from its cache.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

from gui.views import geometry

__all__ = ["HISTORY_POINTS", "TAIL", "DecimatedTrail", "TrailPair"]

#: Points the tail keeps after the history absorbs it (it grows to about twice that).
TAIL = 256
#: Most points the history strokes when it is redrawn: beyond, it is thinned evenly
#: (an oscillating racer's zigzag over the same few pixels), so a redraw costs a
#: bounded time however long the race.
HISTORY_POINTS = 8192


class DecimatedTrail:
    """One racer's drawn trail points at one pixel size, extended as the race grows.

    ``generation`` changes whenever the kept points start over (the trajectory
    was thinned out): a prefix of earlier points is then no longer valid.
    """

    def __init__(self, racer, cell: float) -> None:
        self.racer = racer
        self.cell = cell
        self.kept = np.empty(256, dtype=np.intp)  # indices of kept rows
        self.k = 0  # kept rows
        self.n = 0  # rows looked at
        self.last_step = -1.0
        self.generation = 0

    def points(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """x and y of the kept rows among the first ``n``, always ending at row ``n - 1``."""
        traj = self.racer.trajectory
        steps, xs, ys = traj.column("step"), traj.column("x"), traj.column("y")
        if self.n and (len(traj) < self.n or steps[self.n - 1] != self.last_step):
            self.n = self.k = 0  # rows were thinned out: start again
            self.generation += 1
        if n > self.n:
            prev = (xs[self.n - 1], ys[self.n - 1]) if self.n else None
            new = geometry.new_cells(xs[self.n:n], ys[self.n:n], self.cell, prev) + self.n
            if self.k + len(new) > len(self.kept):
                grown = np.empty(max(2 * len(self.kept), self.k + len(new)), dtype=np.intp)
                grown[: self.k] = self.kept[: self.k]
                self.kept = grown
            self.kept[self.k:self.k + len(new)] = new
            self.k += len(new)
            self.n, self.last_step = n, float(steps[n - 1])
        kept = self.kept[: int(np.searchsorted(self.kept[: self.k], n - 1, side="right"))]
        if len(kept) == 0 or kept[-1] != n - 1:
            kept = np.append(kept, n - 1)
        return xs[kept], ys[kept]


class TrailPair:
    """The history and tail items of one racer's trail (see the module docstring).

    ``index`` staggers the moments racers' histories are redrawn, so that racers
    moving alike do not all redraw theirs in the same frame.
    """

    def __init__(self, plot_item: pg.PlotItem, index: int) -> None:
        self.tail = pg.PlotDataItem(connect="all", skipFiniteCheck=True, antialias=True)
        self.history = pg.PlotDataItem(connect="all", skipFiniteCheck=True, antialias=True)
        self.history.curve.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for item in (self.history, self.tail):
            item.setZValue(10)
            plot_item.addItem(item)
        self.limit = 2 * TAIL + (index % 5) * TAIL // 5
        self._key: tuple | None = None  # what the history's points are a prefix of
        self._h = 0  # points in the history
        #: Times the history was redrawn (tests read it).
        self.history_updates = 0

    def remove(self, plot_item: pg.PlotItem) -> None:
        plot_item.removeItem(self.history)
        plot_item.removeItem(self.tail)

    def style(self, pen, shadow_pen, visible: bool, z: float) -> None:
        for item in (self.history, self.tail):
            item.setPen(pen)
            item.setShadowPen(shadow_pen)
            item.setVisible(visible)
            item.setZValue(z)

    def set_points(self, x: np.ndarray, y: np.ndarray, key: tuple) -> None:
        """Show the trail ``x, y``; ``key`` names what it is a prefix-stable view of
        (points with the same key only grow or shrink at the end)."""
        m = len(x)
        h = self._h
        if key != self._key or h > m or m - h > self.limit:
            h = m - TAIL if m > self.limit else 0
            if h < 2:
                self.history.setData([], [])
            else:
                stride = -(-h // HISTORY_POINTS)
                rows = np.r_[0:h - 1:stride, h - 1]  # always ends where the tail starts
                self.history.setData(x[rows], y[rows])
            self._key, self._h = key, h
            self.history_updates += 1
        start = max(h - 1, 0)  # the tail starts where the history ends
        self.tail.setData(x[start:], y[start:])

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        """The whole trail shown: history then tail."""
        tx, ty = self.tail.getData()
        if tx is None:
            return np.empty(0), np.empty(0)
        if self._h < 2:
            return tx, ty
        hx, hy = self.history.getData()
        return np.concatenate((hx[:-1], tx)), np.concatenate((hy[:-1], ty))
