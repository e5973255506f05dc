"""Small widget helpers shared by the panels and views."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QFrame, QMenu, QScrollArea, QVBoxLayout, QWidget


def vertical_scroll(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area that scrolls vertically only."""
    scroll = QScrollArea()
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


class LazyWidget(QWidget):
    """A placeholder that builds its real widget the first time it is shown.

    For hidden tabs whose widgets cost noticeable start-up time: ``factory()``
    (which may import its module only then) runs on the first ``showEvent`` or
    the first call of :meth:`widget`; the result fills the placeholder.
    """

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory: Callable[[], QWidget] | None = factory
        self.content: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def widget(self) -> QWidget:
        """The real widget, built now if it was not yet."""
        if self.content is None:
            factory, self._factory = self._factory, None
            assert factory is not None
            self.content = factory()
            self.layout().addWidget(self.content)
        return self.content

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self.widget()
        super().showEvent(event)


class LazyMenu(QMenu):
    """A menu filled by ``fill(menu)`` when it is first opened or its actions are read.

    :meth:`refill` empties it again (a language change): it is filled anew when
    next needed.
    """

    def __init__(self, fill: Callable[[QMenu], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fill = fill
        self._filled = False
        self.aboutToShow.connect(self._ensure_filled)

    def _ensure_filled(self) -> None:
        if not self._filled:
            self._filled = True
            self._fill(self)

    def refill(self) -> None:
        self.clear()
        self._filled = False

    def actions(self) -> list[QAction]:  # what code (and tests) read sees the entries too
        self._ensure_filled()
        return super().actions()


class FirstExpose(QObject):
    """Calls ``callback`` once, right after the window is first exposed and painted."""

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._callback: Callable[[], None] | None = callback
        self._handle = window.windowHandle()
        self._handle.installEventFilter(self)
        if self._handle.isExposed():
            self._fire()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Expose and self._handle.isExposed():
            self._fire()
        return False

    def _fire(self) -> None:
        if self._callback is not None:
            callback, self._callback = self._callback, None
            self._handle.removeEventFilter(self)
            QTimer.singleShot(0, callback)  # after the expose event has been painted


def on_first_expose(window: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once ``window`` (shown) is on screen and painted."""
    FirstExpose(window, callback)
