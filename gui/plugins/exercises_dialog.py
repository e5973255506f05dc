"""Help ▸ Lab exercises: the task, Start (the template, opened in the system editor), Check.

Also documents the student's file (the same API as the README).  The exercises
are data (:mod:`engine.plugins.exercises`); their texts come in English and
Simplified Chinese and follow the language shown.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.platform.files import WriteError
from engine.plugins.exercises import Exercise, default_folder, exercises, start_exercise
from gui.plugins.check_panel import CheckPanel
from gui.services.i18n import Texts, current_language

__all__ = ["ExercisesDialog"]

API_CODE = '''# my_adam.py
import numpy as np

NAME = "my_adam"                     # how the app and the CLI call it
HPARAMS = {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}   # torch's names

def init(params):
    """The state for params (a float64 numpy array); any dict."""
    return {"m": np.zeros_like(params), "v": np.zeros_like(params), "t": 0}

def step(params, grad, state, lr, beta1, beta2, eps):
    """Return the new params. Update state in place, or return (params, state)."""'''


class ExercisesDialog(QDialog):
    """List of exercises, the task, Start / Check, the hint after a failed check.

    Public API: ``exercise_list``, ``task_view``, ``start_button``, ``add_button``,
    ``check`` (a :class:`CheckPanel`), ``current()``, ``start()`` (returns the path),
    ``folder`` (where templates go), signal ``addToRace(path)``.
    """

    addToRace = Signal(Path)

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.texts = Texts()
        tr = self.texts.bind
        tr(self.setWindowTitle, lambda: self.tr("Lab exercises"))
        self.resize(980, 640)
        self.folder = folder if folder is not None else default_folder()
        self.exercise_list = QListWidget()
        self.task_view = QTextBrowser()
        self.task_view.setOpenExternalLinks(False)
        self.start_button = QPushButton()
        tr(self.start_button.setText, lambda: self.tr("Start"))
        tr(self.start_button.setToolTip, lambda: self.tr(
            "Write the template into your exercises folder and open it in your editor"))
        self.start_button.clicked.connect(self.start)
        self.add_button = QPushButton()
        tr(self.add_button.setText, lambda: self.tr("Race it"))
        tr(self.add_button.setToolTip, lambda: self.tr("Add your file to the race as a racer"))
        self.add_button.clicked.connect(self._add)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check = CheckPanel(choose_file=False)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.task_view.setMinimumHeight(220)
        rv.addWidget(self.task_view, 3)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.add_button)
        row.addStretch(1)
        rv.addLayout(row)
        rv.addWidget(self.folder_label)
        rv.addWidget(self.status_label)
        rv.addWidget(self.check, 2)
        split = QSplitter()
        split.addWidget(self.exercise_list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([220, 740])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.exercise_list.currentRowChanged.connect(self._show)
        self._fill()
        self.exercise_list.setCurrentRow(0)

    def current(self) -> Exercise:
        return exercises()[max(0, self.exercise_list.currentRow())]

    def path(self) -> Path:
        return self.folder / self.current().file

    def start(self) -> Path | None:
        """Write the template (keeping the student's existing file) and open it."""
        ex = self.current()
        try:
            path = start_exercise(ex.name, self.folder)
        except (OSError, WriteError) as exc:
            self.status_label.setText(self.tr("Cannot write the template: {0}").format(exc))
            return None
        self.status_label.setText(self.tr("Your file: {0}").format(path))
        self.check.set_file(path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def _add(self) -> None:
        path = self.path()
        if not path.is_file():
            path = self.start() or path
        if path.is_file():
            self.addToRace.emit(path)

    def _fill(self) -> None:
        language = current_language()
        row = self.exercise_list.currentRow()
        self.exercise_list.clear()
        for ex in exercises():
            self.exercise_list.addItem(ex.text("title", language))
        if row >= 0:
            self.exercise_list.setCurrentRow(row)

    def _show(self, row: int) -> None:
        if row < 0:
            return
        ex = exercises()[row]
        language = current_language()
        against = self.tr("Checked against: {0}").format(ex.against)
        self.task_view.setHtml(
            f"<h2>{html.escape(ex.text('title', language))}</h2>"
            f"<p>{html.escape(ex.text('task', language))}</p>"
            f"<p><i>{html.escape(against)}</i></p>" + self.file_api_html())
        self.folder_label.setText(self.tr("Exercises folder: {0}").format(self.folder))
        self.status_label.clear()
        self.check.set_file(self.path())
        self.check.set_against(ex.against)
        self.check.set_hint(ex.text("hint", language))
        self.check.hint_label.hide()
        self.check.result_label.clear()

    def file_api_html(self) -> str:
        """The student's file format, in the shown language (the code stays as it is)."""
        items = [
            self.tr("Hyper-parameter editors and command-line flags are generated from HPARAMS "
                    "(floats, ints, bools)."),
            self.tr("Optional: HESSIAN = True, then step() also receives hessian; the module's "
                    "docstring is shown as the explanation."),
            self.tr("In races the hyper-parameters arrive as floats. In sweeps they arrive as "
                    "arrays that broadcast per row: numpy code written with ufuncs works in "
                    "both."),
            self.tr("Your file runs in a separate process with limited memory and 5 s per "
                    "step. An error shows as one line with the file and line number; the race "
                    "goes on without that racer."),
            self.tr("Racers ▸ Add ▸ From file… races it; the app reloads it when you save. On "
                    "the command line: python main.py race --plugin my_adam.py --optimizer "
                    "my_adam:lr=0.1"),
            self.tr("Check it against the built-in: python main.py check my_adam.py --against "
                    "adam"),
        ]
        title = self.tr("Your own optimizer file")
        return (f"<h3>{html.escape(title)}</h3><pre>{html.escape(API_CODE)}</pre><ul>"
                + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.apply()
            self._fill()
            self._show(self.exercise_list.currentRow())
        super().changeEvent(event)

    def done(self, result: int) -> None:
        self.check.cancel()
        super().done(result)
