"""The 2-D map and the 3-D surface: tabs on small screens, side by side on wide ones.

View ▸ 2-D and 3-D side by side moves both views between the tab widget and a
splitter (the widgets themselves, with their state).  Either way the views are
linked: the point under the mouse on the map is marked on the 3-D surface, and
the selected racer is drawn wider in both.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, Qt, QTimer
from PySide6.QtWidgets import QSplitter, QStackedWidget, QTabWidget

from gui.views.contour import ContourView
from gui.views.surface3d import Surface3DView

#: Screens at least this wide (available pixels) start with the views side by side.
SIDE_BY_SIDE_WIDTH = 1900


class ViewsLayout(QObject):
    """Holds ``tabs`` (with the two views) and a splitter in :attr:`stack`."""

    def __init__(self, tabs: QTabWidget, contour: ContourView, surface3d: Surface3DView,
                 retitle) -> None:
        super().__init__(tabs)
        self.tabs, self.contour, self.surface3d = tabs, contour, surface3d
        self._retitle = retitle  # sets the tabs' titles again (after a view returns)
        self.pair = QSplitter(Qt.Orientation.Horizontal)
        self.pair.setChildrenCollapsible(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(tabs)
        self.stack.addWidget(self.pair)
        contour.plot.scene().sigMouseMoved.connect(self._on_map_hover)

    @property
    def side_by_side(self) -> bool:
        return self.stack.currentWidget() is self.pair

    def set_side_by_side(self, on: bool) -> None:
        if bool(on) == self.side_by_side:
            return
        if on:
            for view in (self.contour, self.surface3d):
                self.tabs.removeTab(self.tabs.indexOf(view))
                self.pair.addWidget(view)
            self.stack.setCurrentWidget(self.pair)
            QTimer.singleShot(0, self._halve)  # once the splitter has its width
        else:
            self.tabs.insertTab(0, self.contour, "")
            self.tabs.insertTab(1, self.surface3d, "")
            self._retitle()
            self.tabs.setCurrentIndex(0)
            self.stack.setCurrentWidget(self.tabs)
        for view in (self.contour, self.surface3d):
            view.show()

    def _halve(self) -> None:
        half = max(self.pair.width() // 2, 1)
        self.pair.setSizes([half, half])

    def show_contour(self) -> None:
        """Make sure the map is on screen (an export draws it)."""
        if not self.side_by_side:
            self.tabs.setCurrentWidget(self.contour)

    def _on_map_hover(self, scene_pos: QPointF) -> None:
        box = self.contour.viewbox
        if not box.sceneBoundingRect().contains(scene_pos):
            self.surface3d.show_point(None)
            return
        point = box.mapSceneToView(scene_pos)
        self.surface3d.show_point((point.x(), point.y()))
