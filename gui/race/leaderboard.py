"""The leaderboard: racers ranked as of the step shown.

Ranking is :func:`engine.race.rank_key` (converged at a known minimum first,
earliest first; then running or stuck by loss; then diverged, latest first)
evaluated at the session's cursor, not at the simulation head: a racer that diverges at step
20 is still "running" while step 10 is shown.  Clicking a row selects that racer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.race import Racer, rank_key
from engine.session import Session
from gui.services.i18n import translate
from gui.services.session_bridge import SessionBridge
from gui.services.throttle import Throttled
from gui.widgets.controls import ERROR_COLOR, color_icon
from gui.widgets.numbers import format_number

__all__ = ["LeaderboardView", "Standing", "standings", "status_text"]

CONVERGED_COLOR = "#2e7d32"
COLUMNS = ("#", "", "Optimizer", "Status", "Loss", "Steps")


@dataclass(frozen=True)
class Standing:
    """One racer's result as of a given step."""

    index: int
    name: str
    status: str  # "running", "converged" or "diverged"
    at: int | None  # step of convergence / divergence
    loss: float
    steps: int
    at_minimum: bool = True  # converged near a known global minimum (not a local one)

    @property
    def status_text(self) -> str:
        if self.at is None:
            return self.status
        where = "" if self.at_minimum or self.status != "converged" else " (local)"
        return f"{self.status}{where} at step {self.at}"


def status_text(s: Standing) -> str:
    """:attr:`Standing.status_text` in the shown language."""
    if s.status == "running":
        return translate("LeaderboardView", "running")
    if s.status == "diverged":
        return translate("LeaderboardView", "diverged at step {0}").format(s.at)
    if s.status == "converged" and not s.at_minimum:
        return translate("LeaderboardView", "converged (local) at step {0}").format(s.at)
    if s.status == "converged":
        return translate("LeaderboardView", "converged at step {0}").format(s.at)
    return s.status_text


def _standing(racer: Racer, cursor: int) -> Standing:
    diverged = racer.diverged_at is not None and racer.diverged_at <= cursor
    converged = (not diverged and racer.converged_at is not None
                 and racer.converged_at <= cursor)
    traj = racer.trajectory
    steps = traj.column("step")
    row = max(int(np.searchsorted(steps, cursor, side="right")) - 1, 0)
    loss = float(traj.column("loss")[row])
    if diverged:
        return Standing(racer.index, racer.name, "diverged", racer.diverged_at, loss,
                        int(racer.diverged_at or 0))
    if converged:
        return Standing(racer.index, racer.name, "converged", racer.converged_at, loss,
                        min(cursor, racer.steps), racer.at_minimum)
    return Standing(racer.index, racer.name, "running", None, loss, min(cursor, racer.steps))


def standings(racers: list[Racer], cursor: int) -> list[Standing]:
    """Racers' standings at step ``cursor``, best first (``Race.leaderboard`` order)."""

    return sorted((_standing(r, cursor) for r in racers),
                  key=lambda s: rank_key(s.status, s.at, s.loss, s.at_minimum))


class LeaderboardView(QWidget):
    """A table: rank, colour, optimizer, status, loss and steps at the shown step.

    Public API:
        ``table``                the QTableWidget (row r = rank r + 1)
        ``rows()``               the table's text as a list of (rank, name, status, loss, steps)
        ``standings()``          the :class:`Standing` list shown
    """

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._order: list[int] = []
        self._shown: list[Standing] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self._retranslate_header()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setIconSize(QSize(16, 12))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        modes = (QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Fixed,
                 QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents,
                 QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.ResizeToContents)
        for column, mode in enumerate(modes):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(1, 28)
        self.table.currentCellChanged.connect(self._on_current_cell)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        # At ~10 Hz while playing (a table repaint costs a good part of a frame).
        bridge.cursorChanged.connect(Throttled(bridge, self._refresh, parent=self).trigger)
        bridge.racersChanged.connect(self._refresh)
        bridge.surfaceChanged.connect(self._refresh)
        bridge.displayChanged.connect(self._refresh)
        self._refresh()

    @property
    def session(self) -> Session:
        return self.bridge.session

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(420, 180)

    # -- language -----------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_header()
            self._refresh()
        super().changeEvent(event)

    def _retranslate_header(self) -> None:
        titles = ("#", "", self.tr("Optimizer"), self.tr("Status"), self.tr("Loss"),
                  self.tr("Steps"))
        tips = (self.tr("rank at the shown step"), self.tr("colour"), self.tr("racer"),
                self.tr("status at the shown step"), self.tr("loss f(x, y) at the shown step"),
                self.tr("optimizer steps taken by the shown step"))
        for column, (title, tip) in enumerate(zip(titles, tips, strict=True)):
            item = self.table.horizontalHeaderItem(column)
            item.setText(title)
            item.setToolTip(tip)

    # -- public API -------------------------------------------------------------
    def standings(self) -> list[Standing]:
        return list(self._shown)

    def rows(self) -> list[tuple[str, ...]]:
        out = []
        for r in range(self.table.rowCount()):
            out.append(tuple(self.table.item(r, c).text() for c in (0, 2, 3, 4, 5)))
        return out

    # -- session → table ---------------------------------------------------------
    def _refresh(self, *_: object) -> None:
        session = self.session
        shown = standings(session.race.racers, session.cursor)
        self._shown = shown
        self._order = [s.index for s in shown]
        table = self.table
        with QSignalBlocker(table):
            if table.rowCount() != len(shown):
                table.setRowCount(len(shown))
                for r in range(len(shown)):
                    for c in range(len(COLUMNS)):
                        item = QTableWidgetItem()
                        if c in (0, 4, 5):
                            item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                                  | Qt.AlignmentFlag.AlignVCenter)
                        table.setItem(r, c, item)
            default = QBrush(self.palette().color(self.foregroundRole()))
            for r, s in enumerate(shown):
                display = session.display[s.index]
                table.item(r, 0).setText(str(r + 1))
                swatch = table.item(r, 1)
                if swatch.data(Qt.ItemDataRole.UserRole) != display.color:
                    swatch.setIcon(color_icon(display.color))
                    swatch.setData(Qt.ItemDataRole.UserRole, display.color)
                swatch.setToolTip(self.tr("shown") if display.visible else self.tr("hidden"))
                name = table.item(r, 2)
                name.setText(s.name)
                name.setToolTip(s.name)
                status = table.item(r, 3)
                status.setText(status_text(s))
                color = {"diverged": QBrush(QColor(ERROR_COLOR)),
                         "converged": QBrush(QColor(CONVERGED_COLOR))}.get(s.status, default)
                status.setForeground(color)
                table.item(r, 4).setText(format_number(s.loss, 6))
                table.item(r, 5).setText(str(s.steps))
                for c in (0, 2, 4, 5):
                    table.item(r, c).setForeground(default if display.visible
                                                   else QBrush(QColor("#9e9e9e")))
            selected = session.selected
            row = self._order.index(selected) if selected in self._order else -1
            if row != table.currentRow():
                table.setCurrentCell(row, 2 if row >= 0 else -1)
            if row < 0:
                table.clearSelection()

    # -- table → session -----------------------------------------------------------
    def _on_current_cell(self, row: int, *_: int) -> None:
        if 0 <= row < len(self._order) and self._order[row] != self.session.selected:
            self.session.select(self._order[row])
