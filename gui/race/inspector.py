""""Inside the optimizer": the selected racer's update rule and its live state.

The update rule comes from the registry as LaTeX; :func:`gui.widgets.mathtext.latex_to_unicode`
turns the subset the docstrings use into readable Unicode text (β₁, θₜ₋₁, √v̂ₜ,
fractions as ``a/(b)``), with no TeX engine.

The live optimizer state (moment estimates, accumulators …) exists only at the
simulation head (``race.step_count``): the race does not keep a copy per step.
When the cursor is behind the head the panel says which step it shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.optimizers import get_spec
from engine.race import Racer
from engine.session import Session
from gui.services.i18n import Texts, engine_text
from gui.services.session_bridge import SessionBridge
from gui.services.throttle import Throttled
from gui.widgets.controls import secondary
from gui.widgets.mathtext import latex_to_unicode
from gui.widgets.numbers import format_value

__all__ = ["InspectorPanel"]


# -- the panel -----------------------------------------------------------------------------------
class InspectorPanel(QWidget):
    """Title, summary, update rule and a live table of the selected racer's optimizer.

    Public API:
        ``rule_label``     the update rule in Unicode
        ``state_tree``     QTreeWidget: "At step N" (step, lr, position, gradient, step)
                           and "Optimizer state" (every entry of describe_state)
        ``note_label``     which step the state is from
        ``items()``        the tree's (name, value) text pairs, top to bottom
    """

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._shown_optimizer: str | None = None
        self._tree_shape: list[list[str]] | None = None
        self._build()
        # At ~10 Hz while playing (the tree is read, not watched).
        bridge.cursorChanged.connect(Throttled(bridge, self._refresh_state, parent=self).trigger)
        bridge.racersChanged.connect(self._refresh)
        bridge.surfaceChanged.connect(self._refresh)
        bridge.displayChanged.connect(self._refresh)
        self._refresh()

    @property
    def session(self) -> Session:
        return self.bridge.session

    def _build(self) -> None:
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.reference_label = QLabel()
        self.reference_label.setWordWrap(True)
        secondary(self.reference_label)
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.rule_label.setTextFormat(Qt.TextFormat.PlainText)
        self.rule_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rule_font = QFont(self.rule_label.font())
        rule_font.setFamilies(["DejaVu Serif", "STIX Two Math", "Cambria Math", "serif"])
        rule_font.setPointSizeF(rule_font.pointSizeF() * 1.08)
        self.rule_label.setFont(rule_font)
        self.rule_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.rule_label.setMargin(8)
        self.rule_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.rule_label.setBackgroundRole(QPalette.ColorRole.Base)
        self.rule_label.setAutoFillBackground(True)

        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        secondary(self.note_label)
        self.state_tree = QTreeWidget()
        self.state_tree.setColumnCount(2)
        self.texts = Texts()
        self.texts.bind(lambda t: self.state_tree.headerItem().setText(0, t),
                        lambda: self.tr("quantity"))
        self.texts.bind(lambda t: self.state_tree.headerItem().setText(1, t),
                        lambda: self.tr("value"))
        self.state_tree.setRootIsDecorated(False)
        self.state_tree.setUniformRowHeights(True)
        self.state_tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.state_tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.state_tree.setAlternatingRowColors(True)
        self.state_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.state_tree.header().setStretchLastSection(True)
        mono = QFont(self.state_tree.font())
        mono.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
        self._mono = mono

        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(6)
        v.addWidget(self.title_label)
        v.addWidget(self.summary_label)
        v.addWidget(self.reference_label)
        v.addWidget(self.rule_label)
        v.addWidget(self.note_label)
        v.addWidget(self.state_tree, 1)

        self.placeholder = QLabel()
        self.texts.bind(self.placeholder.setText,
                        lambda: self.tr("Select a racer to look inside its optimizer."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        secondary(self.placeholder)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.stack)

    # -- public API -------------------------------------------------------------
    def items(self) -> list[tuple[str, str]]:
        out = []
        for i in range(self.state_tree.topLevelItemCount()):
            top = self.state_tree.topLevelItem(i)
            out.append((top.text(0), top.text(1)))
            for j in range(top.childCount()):
                child = top.child(j)
                out.append((child.text(0), child.text(1)))
        return out

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.apply()
            self._tree_shape = None
            self._refresh()
        super().changeEvent(event)

    # -- session → widgets -------------------------------------------------------
    def _selected_racer(self) -> Racer | None:
        i = self.session.selected
        racers = self.session.race.racers
        return racers[i] if i is not None and 0 <= i < len(racers) else None

    def _refresh(self, *_: object) -> None:
        racer = self._selected_racer()
        if racer is None:
            self._shown_optimizer = None
            self.stack.setCurrentIndex(0)
            return
        spec = get_spec(racer.config.optimizer)
        self._shown_optimizer = spec.name
        color = self.session.display[racer.index].color
        self.title_label.setText(f"<span style='color:{color}'>●</span> "
                                 f"{_escape(engine_text(spec.title))}"
                                 f" <span style='font-weight:normal'>— {_escape(racer.name)}"
                                 "</span>")
        self.summary_label.setText(engine_text(spec.summary))
        self.reference_label.setText(self.tr("{paper} · reference: {reference}").format(
            paper=engine_text(spec.paper), reference=spec.reference))
        self.rule_label.setText(latex_to_unicode(spec.update_rule)
                                or self.tr("(no update rule given)"))
        self.rule_label.setToolTip(spec.update_rule)
        self.stack.setCurrentIndex(1)
        self._refresh_state()

    def _refresh_state(self, *_: object) -> None:
        racer = self._selected_racer()
        if racer is None or self.stack.currentIndex() == 0:
            return
        snap = racer.snapshot()
        head, cursor = self.session.race.step_count, self.session.cursor
        if racer.diverged_at is not None:
            note = self.tr("Diverged at step {0}: state shown is the last finite one "
                           "(step {1}).").format(racer.diverged_at, racer.diverged_at - 1)
        elif cursor < head:
            note = self.tr("The cursor is at step {0}; state shown at step {1} "
                           "(the latest simulated).").format(cursor, head)
        else:
            note = self.tr("Live state at step {0}.").format(head)
        self.note_label.setText(note)
        rows_now = [(self.tr("step"), snap["step"]), (self.tr("learning rate"), snap["lr"]),
                    (self.tr("position θ"), snap["position"]),
                    (self.tr("gradient g"), snap["grad"]),
                    (self.tr("update Δθ"), snap["update"]),
                    (self.tr("loss f(θ)"), racer.loss)]
        state = [(k, v) for k, v in snap["state"].items()]
        self._fill([(self.tr("At step {0}").format(snap["step"]), rows_now),
                    (self.tr("Optimizer state"), state)])

    def _fill(self, groups: Iterable[tuple[str, list[tuple[str, Any]]]]) -> None:
        tree = self.state_tree
        groups = list(groups)
        shape = [[name for name, _ in rows] for _, rows in groups]
        if shape != self._tree_shape:
            tree.clear()
            for title, rows in groups:
                top = QTreeWidgetItem([title, ""])
                font = top.font(0)
                font.setBold(True)
                top.setFont(0, font)
                tree.addTopLevelItem(top)
                for name, _ in rows:
                    child = QTreeWidgetItem([name, ""])
                    child.setFont(1, self._mono)
                    top.addChild(child)
                top.setExpanded(True)
            self._tree_shape = shape
        for g, (title, rows) in enumerate(groups):
            top = tree.topLevelItem(g)
            if top.text(0) != title:
                top.setText(0, title)
            for r, (_, value) in enumerate(rows):
                text = format_value(value)
                child = top.child(r)
                if child.text(1) != text:
                    child.setText(1, text)
        if groups and not groups[-1][1]:
            tree.topLevelItem(len(groups) - 1).setText(1, self.tr("(none)"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
