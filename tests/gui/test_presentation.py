"""Presentation mode (View ▸ Presentation, F5) and text that is never cut off.

The checks measure what the user sees: each leaderboard cell's, inspector line's
and editor's text against the room its widget gives it (``QFontMetrics``), in the
normal window and in presentation mode, at a laptop's size and a desktop's.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLabel, QLineEdit, QStyle

from engine.race import RacerConfig
from gui.race.leaderboard import ZWSP
from gui.shell.main_window import MainWindow
from gui.widgets import plot_scale
from gui.widgets.controls import LogSpinSlider

WRAP = Qt.TextFlag.TextWordWrap


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.presentation.set_active(False)


def _settle(qtbot) -> None:
    qtbot.wait(50)
    QApplication.processEvents()


def _fits(fm: QFontMetrics, text: str, width: int, height: int) -> bool:
    """True if ``text`` word-wrapped to ``width`` pixels fits ``width`` × ``height``."""
    box = fm.boundingRect(QRect(0, 0, max(width, 1), 1_000_000), WRAP, text)
    lines = max(1, round(box.height() / fm.lineSpacing()))
    return box.width() <= width and lines * fm.height() <= height


def _cut_cells(w: MainWindow) -> list[str]:
    table = w.leaderboard.table
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    cut = []
    for r in range(table.rowCount()):
        for c in (0, 2, 3, 4, 5):
            item = table.item(r, c)
            rect = table.visualItemRect(item)
            fm = QFontMetrics(item.font() if item.font() != table.font() else table.font())
            if not _fits(fm, item.text(), rect.width() - 2 * margin, rect.height()):
                cut.append(f"leaderboard ({r}, {c}) {item.text().replace(ZWSP, '')!r} {rect}")
    return cut


def _cut_labels(labels: list[QLabel]) -> list[str]:
    cut = []
    for label in labels:
        if not label.isVisible() or not label.text():
            continue
        room = label.contentsRect().width() - 2 * label.margin()
        fm = label.fontMetrics()
        words = [fm.horizontalAdvance(word) for word in label.text().split()]
        if label.wordWrap():
            ok = max(words, default=0) <= room and label.heightForWidth(label.width()) <= \
                label.height()
        else:
            ok = fm.horizontalAdvance(label.text()) <= room
        if not ok:
            cut.append(f"label {label.text()[:40]!r}")
    return cut


def _cut_tree(w: MainWindow) -> list[str]:
    tree = w.inspector.state_tree
    margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
    cut = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            child = top.child(j)
            for col in (0, 1):
                rect = tree.visualItemRect(child)
                left = tree.header().sectionViewportPosition(col)
                width = tree.header().sectionSize(col) - 2 * margin
                if col == 0:
                    width -= tree.indentation()
                fm = QFontMetrics(child.font(col))
                if not _fits(fm, child.text(col), width, rect.height()):
                    cut.append(f"state {child.text(0)!r} column {col}: {child.text(col)!r}"
                               f" in {width}px at {left}")
    return cut


def _cut_editors(w: MainWindow) -> list[str]:
    cut = []
    for name, editor in w.racers_panel._editors.items():
        if isinstance(editor, LogSpinSlider):
            editor = editor.spin
        if isinstance(editor, QAbstractSpinBox):
            line = editor.findChild(QLineEdit)
        elif isinstance(editor, QLineEdit):
            line = editor
        else:
            continue
        room = line.width() - 4  # QLineEdit's inner margin
        if line.fontMetrics().horizontalAdvance(line.text()) > room:
            cut.append(f"editor {name}: {line.text()!r} in {room}px")
    return cut


def _everything_cut(w: MainWindow) -> list[str]:
    ins = w.inspector
    labels = [ins.title_label, ins.summary_label, ins.reference_label, ins.rule_label,
              ins.note_label]
    panel = w.racers_panel
    labels += [panel.title_label, panel.summary_label]
    return _cut_cells(w) + _cut_labels(labels) + _cut_tree(w) + _cut_editors(w)


@pytest.mark.parametrize("size", [(1366, 740), (1480, 920)])
def test_no_text_is_cut_off_in_either_mode(window: MainWindow, qtbot, size) -> None:
    w = window
    w.resize(*size)
    w.session.add_racer(RacerConfig("adam", {"lr": 0.05, "amsgrad": True, "eps": 1e-8}))
    w.session.step(300)  # statuses such as "converged at step 57"
    w.session.select(len(w.session.config.racers) - 1)
    _settle(qtbot)
    statuses = [row[2] for row in w.leaderboard.rows()]
    assert any(s.startswith("converged") for s in statuses), statuses
    assert "1e-08" in w.racers_panel.editor("eps").spin.text() or \
        "1e-8" in w.racers_panel.editor("eps").spin.text()
    assert _everything_cut(w) == []

    w.presentation_action.trigger()
    _settle(qtbot)
    assert w.presentation.active
    w.docks["Racers"].show()  # the editors are hidden while presenting: check them anyway
    _settle(qtbot)
    assert _everything_cut(w) == []


def test_presentation_hides_the_editors_and_scales_everything(window: MainWindow, qtbot) -> None:
    w = window
    w.session.step(20)
    w.session.select(0)
    _settle(qtbot)
    font_pt = w.leaderboard.table.font().pointSizeF()
    rule_family = w.inspector.rule_label.font().family()
    tick_pt = w.contour.plot_item.getAxis("bottom").style["tickFont"]
    trail = w.contour.trails[1].history.opts["pen"].widthF()
    curve = w.curves.loss_curves[1].opts["pen"].widthF()
    legend_size = w.contour.legend.item.opts["labelTextSize"]
    assert w.docks["Surface"].isVisible() or w.docks["Racers"].isVisible()

    w.presentation_action.trigger()
    _settle(qtbot)
    assert w.presentation_action.isChecked() and w.presentation.active
    assert not w.docks["Surface"].isVisible() and not w.docks["Racers"].isVisible()
    assert w.docks["Leaderboard"].isVisible() and w.docks["Playback"].isVisible()
    assert w.leaderboard.table.font().pointSizeF() >= 1.4 * font_pt
    assert w.inspector.rule_label.font().family() == rule_family  # the formula keeps its font
    assert w.inspector.rule_label.font().pointSizeF() > 1.4 * font_pt
    assert plot_scale.factor() > 1.5
    big_tick = w.contour.plot_item.getAxis("bottom").style["tickFont"]
    assert big_tick.pointSizeF() > 1.5 * (tick_pt.pointSizeF() if tick_pt else 9.0)
    assert w.contour.trails[1].history.opts["pen"].widthF() > 1.5 * trail
    assert w.curves.loss_curves[1].opts["pen"].widthF() > 1.5 * curve
    assert w.contour.legend.item.opts["labelTextSize"] != legend_size
    assert w.curves.loss_plot.titleLabel.opts["size"] != "9.0pt"

    w.presentation_action.trigger()  # and back, exactly
    _settle(qtbot)
    assert not w.presentation.active and plot_scale.factor() == 1.0
    assert w.docks["Surface"].isVisible() or w.docks["Racers"].isVisible()
    assert w.leaderboard.table.font().pointSizeF() == pytest.approx(font_pt)
    assert w.contour.trails[1].history.opts["pen"].widthF() == pytest.approx(trail)
    assert w.curves.loss_curves[1].opts["pen"].widthF() == pytest.approx(curve)
    assert w.contour.legend.item.opts["labelTextSize"] == legend_size


def test_presentation_is_f5_and_left_on_close(window: MainWindow) -> None:
    action = window.presentation_action
    assert action.shortcut().toString() == "F5"
    window.tabs.setCurrentIndex(1)
    action.trigger()
    assert window.tabs.currentIndex() == 0  # the race is what is presented
    window.close()
    assert not window.presentation.active and plot_scale.factor() == 1.0
