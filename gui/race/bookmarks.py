"""Step bookmarks: mark a step of the race and jump back to it during a lecture.

``B`` marks (or unmarks) the step shown, ``[`` and ``]`` jump to the previous and
next bookmark, and the *Bookmarks* button lists them.  The marks are drawn on the
timeline.  A new race (a preset, a session file, a reset) keeps them until
*Clear bookmarks*; steps beyond the simulated tape are simply not reachable yet.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from engine.session import Session
from gui.services.i18n import Texts
from gui.services.session_bridge import SessionBridge

__all__ = ["Bookmarks"]


class Bookmarks(QObject):
    """The bookmarked steps, their actions and the button with their menu.

    Public API:
        ``steps()``                     bookmarked steps, ascending
        ``toggle(step=None)``           mark / unmark ``step`` (default: the step shown)
        ``previous()`` / ``next()``     jump to the nearest bookmark before / after the cursor
        ``clear()``
        ``mark_action`` (B), ``previous_action`` ([), ``next_action`` (]), ``clear_action``
        ``menu`` (QMenu, the list), ``button`` (QToolButton with that menu)
        ``changed`` signal
    """

    changed = Signal()

    def __init__(self, bridge: SessionBridge, parent: QWidget) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._steps: list[int] = []
        self.texts = Texts()
        tr = self.texts.bind
        self.mark_action = QAction(parent)
        tr(self.mark_action.setText, lambda: self.tr("&Bookmark this step"))
        tr(self.mark_action.setToolTip,
           lambda: self.tr("Mark the step shown, to come back to it (B; again to unmark)"))
        self.mark_action.setShortcut(QKeySequence(Qt.Key.Key_B))
        self.mark_action.triggered.connect(lambda: self.toggle())
        self.previous_action = QAction(parent)
        tr(self.previous_action.setText, lambda: self.tr("&Previous bookmark"))
        self.previous_action.setShortcut(QKeySequence(Qt.Key.Key_BracketLeft))
        self.previous_action.triggered.connect(self.previous)
        self.next_action = QAction(parent)
        tr(self.next_action.setText, lambda: self.tr("&Next bookmark"))
        self.next_action.setShortcut(QKeySequence(Qt.Key.Key_BracketRight))
        self.next_action.triggered.connect(self.next)
        self.clear_action = QAction(parent)
        tr(self.clear_action.setText, lambda: self.tr("&Clear bookmarks"))
        self.clear_action.triggered.connect(self.clear)
        parent.addActions([self.mark_action, self.previous_action, self.next_action])

        self.menu = QMenu(parent)
        self.texts.bind(self.menu.setTitle, lambda: self.tr("Book&marks"))
        self.menu.aboutToShow.connect(self._fill_menu)
        self.button = QToolButton()
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.button.setDefaultAction(self.mark_action)
        self.button.setMenu(self.menu)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bridge.cursorChanged.connect(self._sync)
        self._sync()

    @property
    def session(self) -> Session:
        return self.bridge.session

    def retranslate(self) -> None:
        self.texts.apply()

    # -- public API ---------------------------------------------------------------------
    def steps(self) -> list[int]:
        return list(self._steps)

    def toggle(self, step: int | None = None) -> None:
        step = self.session.cursor if step is None else int(step)
        if step in self._steps:
            self._steps.remove(step)
        else:
            self._steps = sorted([*self._steps, step])
        self._sync()
        self.changed.emit()

    def previous(self) -> None:
        before = [s for s in self._steps if s < self.session.cursor]
        if before:
            self.session.seek(before[-1])

    def next(self) -> None:
        after = [s for s in self._steps
                 if self.session.cursor < s <= self.session.race.step_count]
        if after:
            self.session.seek(after[0])

    def clear(self) -> None:
        self._steps = []
        self._sync()
        self.changed.emit()

    # -- widgets ------------------------------------------------------------------------
    def _fill_menu(self) -> None:
        self.menu.clear()
        self.menu.addAction(self.mark_action)
        self.menu.addAction(self.previous_action)
        self.menu.addAction(self.next_action)
        if self._steps:
            self.menu.addSeparator()
            for step in self._steps:
                action = self.menu.addAction(self.tr("Go to step {0}").format(step))
                action.setEnabled(step <= self.session.race.step_count)
                action.triggered.connect(lambda _=False, s=step: self.session.seek(s))
            self.menu.addSeparator()
            self.menu.addAction(self.clear_action)

    def _sync(self, *_: object) -> None:
        cursor = self.session.cursor
        self.previous_action.setEnabled(any(s < cursor for s in self._steps))
        self.next_action.setEnabled(
            any(cursor < s <= self.session.race.step_count for s in self._steps))
        self.clear_action.setEnabled(bool(self._steps))
        marked = cursor in self._steps
        self.mark_action.setCheckable(True)
        self.mark_action.setChecked(marked)
