"""The Check button: a student's file against a built-in, with a green or red result and a plot.

The check (:func:`engine.plugins.check.check_plugin`) starts the file in its own
process and runs it for 200 steps on several surfaces; it runs in a
:class:`gui.services.workers.Worker`, so the window stays responsive.  The plot
shows the largest relative difference after every step (log scale) against the
tolerance line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.optimizers import REGISTRY
from engine.plugins import PluginError
from engine.plugins.check import RTOL, CheckResult, check_plugin
from gui.services.i18n import Texts, engine_error
from gui.services.workers import Control, Worker

__all__ = ["CheckPanel"]

GREEN, RED = "#1a7f37", "#c62828"
#: Smallest difference drawn on the log plot (0 cannot be).
FLOOR = 1e-18


def _run_check(control: Control, path: str, against: str) -> CheckResult | str:
    try:
        return check_plugin(path, against,
                            progress=lambda done, total: control.report((done, total)))
    except PluginError as exc:
        return str(exc)


class CheckPanel(QWidget):
    """File, reference, Check button, result line and difference plot.

    Public API: ``set_file(path)``, ``set_against(name)``, ``check()`` (starts the
    worker; ``checked(ok: bool)`` when done), ``result_label``, ``plot``, ``curve``,
    ``hint_label`` (filled with ``set_hint`` and shown after a failed check).
    """

    checked = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, choose_file: bool = True) -> None:
        super().__init__(parent)
        self.texts = Texts()
        tr = self.texts.bind
        self._worker: Worker | None = None
        self._hint = ""
        self.file_edit = QLineEdit()
        tr(self.file_edit.setPlaceholderText, lambda: self.tr("your optimizer file (.py)"))
        self.browse_button = QPushButton()
        tr(self.browse_button.setText, lambda: self.tr("Browse…"))
        self.browse_button.clicked.connect(self._browse)
        self.against_combo = QComboBox()
        for spec in REGISTRY.values():
            if spec.reference.startswith("torch.optim") and not spec.needs_hessian:
                self.against_combo.addItem(spec.title, spec.name)
        tr(self.against_combo.setToolTip, lambda: self.tr("The built-in optimizer to compare with"))
        self.check_button = QPushButton()
        tr(self.check_button.setText, lambda: self.tr("Check"))
        tr(self.check_button.setToolTip, lambda: self.tr(
            "Run your file and the built-in for 200 steps on the same gradients and compare "
            "them step by step"))
        self.check_button.clicked.connect(self.check)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.hide()
        self.plot = pg.PlotWidget()
        self.plot.setLogMode(False, True)
        self.plot.setMinimumHeight(160)
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.curve = self.plot.plot([], [], pen=pg.mkPen(RED, width=2))
        dashed = pg.mkPen("#888", style=Qt.PenStyle.DashLine)
        self.plot.addItem(pg.InfiniteLine(np.log10(RTOL), angle=0, pen=dashed))

        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.browse_button)
        self.file_edit.setVisible(choose_file)
        self.browse_button.setVisible(choose_file)
        against_row = QHBoxLayout()
        self.against_label = QLabel()
        tr(self.against_label.setText, lambda: self.tr("Against"))
        against_row.addWidget(self.against_label)
        against_row.addWidget(self.against_combo, 1)
        against_row.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(against_row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.plot, 1)
        self._set_axis_labels()

    def _set_axis_labels(self) -> None:
        self.plot.setLabel("bottom", self.tr("step"))
        self.plot.setLabel("left", self.tr("largest relative difference"))

    # -- public API ----------------------------------------------------------------
    def set_file(self, path: str | Path) -> None:
        self.file_edit.setText(str(path))

    def set_against(self, name: str) -> None:
        index = self.against_combo.findData(name)
        if index >= 0:
            self.against_combo.setCurrentIndex(index)

    def set_hint(self, text: str) -> None:
        self._hint = text

    def is_running(self) -> bool:
        return self._worker is not None and self._worker.is_running

    def check(self) -> None:
        path = self.file_edit.text().strip()
        if not path or not Path(path).is_file():
            self._show(False, self.tr("Choose your optimizer file first."))
            return
        if self.is_running():
            return
        self.hint_label.hide()
        self.result_label.setStyleSheet("")
        self.result_label.setText(self.tr("Checking {0}…").format(Path(path).name))
        self.check_button.setEnabled(False)
        worker = Worker(_run_check, path, self.against_combo.currentData(), control=True,
                        name="plugin-check")
        worker.yielded.connect(self._progress)
        worker.returned.connect(self._done)
        worker.errored.connect(lambda text: self._show(False, text))
        worker.finished.connect(lambda: self.check_button.setEnabled(True))
        self._worker = worker.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    # -- worker → widgets ----------------------------------------------------------
    def _progress(self, value: Any) -> None:
        done, total = value
        self.result_label.setText(self.tr("Checking… {0} of {1} runs").format(done, total))

    def _done(self, result: CheckResult | str) -> None:
        if isinstance(result, str):  # the file did not even load
            self.curve.setData([], [])
            self._show(False, result)
            return
        steps = np.arange(1, len(result.diff) + 1)
        diff = np.where(np.isfinite(result.diff), result.diff, 1.0)
        self.curve.setData(steps, np.maximum(diff, FLOOR))
        self.curve.setPen(pg.mkPen(GREEN if result.ok else RED, width=2))
        if result.ok:
            text = self.tr("Passed: {0} matches {1} within {2} at every step.").format(
                result.name, result.against, f"{RTOL:g}")
        elif result.error is not None:
            text = self.tr("Failed: {0}").format(engine_error(result.error))
        else:
            text = self.tr("Failed: {0}").format(engine_error(result.report()))
        self._show(result.ok, text)

    def _show(self, ok: bool, text: str) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet(f"color: {GREEN if ok else RED}; font-weight: bold;")
        if not ok and self._hint:
            self.hint_label.setText(self.tr("Hint: {0}").format(self._hint))
            self.hint_label.show()
        self.checked.emit(ok)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Your optimizer file"),
                                              self.file_edit.text(), self.tr("Python (*.py)"))
        if name:
            self.set_file(name)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.apply()
            self._set_axis_labels()
        super().changeEvent(event)
