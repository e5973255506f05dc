"""What the 3-D view draws besides the mesh and the trails: the known minima and the
point hovered on the 2-D map.

Each known minimum gets a white marker on the surface, like the stars of the map;
the hover marker shows where the mouse is on the contour map, so the two views
read as one.  :class:`Marks3D` needs the view's ``height_at`` (heights of the
drawn mesh).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

HOVER_COLOR = (1.0, 1.0, 1.0, 0.95)
MINIMUM_COLOR = (1.0, 1.0, 1.0, 1.0)


class Marks3D:
    """The minima and the hover marker of one GL view (``view``)."""

    def __init__(self, view, depth_options: dict) -> None:
        import pyqtgraph.opengl as gl

        self.view = view
        self.minima_item = gl.GLScatterPlotItem(size=14, pxMode=True, color=MINIMUM_COLOR,
                                                glOptions=depth_options)
        self.hover_item = gl.GLScatterPlotItem(size=12, pxMode=True, color=HOVER_COLOR,
                                               glOptions=depth_options)
        self.hover_item.setVisible(False)
        for item in (self.minima_item, self.hover_item):
            item.setDepthValue(12)
            view.addItem(item)
        self._height_at: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None

    def surface_changed(self, minima,
                        height_at: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> None:
        """New surface: its minima on the mesh."""
        self._height_at = height_at
        if minima:
            x = np.array([m.x for m in minima], dtype=np.float64)
            y = np.array([m.y for m in minima], dtype=np.float64)
            self.minima_item.setData(pos=np.column_stack([x, y, height_at(x, y)]))
            self.minima_item.setVisible(True)
        else:
            self.minima_item.setVisible(False)
        self.hover_item.setVisible(False)

    def show_point(self, point: tuple[float, float] | None) -> None:
        """The hover marker at ``point`` (x, y) on the surface; None hides it."""
        if point is None or self._height_at is None:
            self.hover_item.setVisible(False)
            return
        x, y = (np.array([v], dtype=np.float64) for v in point)
        z = self._height_at(x, y)
        if not np.all(np.isfinite(z)):
            self.hover_item.setVisible(False)
            return
        self.hover_item.setData(pos=np.column_stack([x, y, z]))
        self.hover_item.setVisible(True)

    def hover_position(self) -> tuple[float, float, float] | None:
        """Where the hover marker is (None when hidden)."""
        if not self.hover_item.visible():
            return None
        x, y, z = self.hover_item.pos[0]
        return float(x), float(y), float(z)
