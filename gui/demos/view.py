"""The paper demos in the window: explanation, settings, a Run button and plots.

Public API (for the main window's *Demos* menu)::

    from gui.demos.view import DemoDialog, populate_demos_menu

    populate_demos_menu(menu, parent=self, load_preset=self.load_preset)
    # or, one demo:
    DemoDialog.open("adam-nonconvergence", parent=self)

Paper demos open a non-modal :class:`DemoDialog` holding a :class:`DemoView`;
demos that are race presets (``momentum-overshoot``, ``ravine-zigzag``) call
``load_preset(name)`` instead, which loads them into the race view.

A :class:`DemoView` runs its demo in a :class:`gui.services.workers.Worker` (progress
bar, Cancel, a bounded wait on close); the view only draws.  Everything the
plots (:mod:`gui.demos.plots`) show is computed by the engine (:mod:`engine.demos`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.demos import DemoCancelled, DemoResult, get_demo
from engine.demos.base import Demo
from engine.messages import message_of
from engine.optimizers.base import HParam
from gui.demos.plots import BAD, PLOTS
from gui.services.i18n import Texts, engine_error, engine_text, range_text, translate
from gui.services.workers import Cancelled, Control, Worker
from gui.widgets.layout import vertical_scroll

__all__ = ["DemoDialog", "DemoView", "populate_demos_menu"]

#: Form labels of the settings (the setting's name is used otherwise), translated in
#: the context "DemoView".
LABELS = {
    "steps": QT_TRANSLATE_NOOP("DemoView", "Steps"),
    "alpha": QT_TRANSLATE_NOOP("DemoView", "Step size α (lr = α/√t)"),
    "beta1": "β₁",
    "beta2": "β₂",
    "start": QT_TRANSLATE_NOOP("DemoView", "Start x₁"),
    "stochastic": QT_TRANSLATE_NOOP("DemoView", "Stochastic variant"),
    "seed": QT_TRANSLATE_NOOP("DemoView", "Seed"),
    "n": QT_TRANSLATE_NOOP("DemoView", "Training examples"),
    "p": "P(y = +1)",
    "n_test": QT_TRANSLATE_NOOP("DemoView", "Test examples"),
    "epochs": QT_TRANSLATE_NOOP("DemoView", "Epochs"),
    "data": QT_TRANSLATE_NOOP("DemoView", "MNIST folder"),
    "batch_size": QT_TRANSLATE_NOOP("DemoView", "Batch size"),
}


# -- worker ------------------------------------------------------------------------
#: Seconds :meth:`DemoView.shutdown` waits for its worker.
SHUTDOWN_WAIT_S = 2.0


def run_demo(control: Control, demo: Demo, settings: dict[str, Any]) -> DemoResult:
    """The worker's job: run ``demo``, reporting progress in steps of 1 % (worker thread)."""
    last = -1.0

    def progress(fraction: float) -> None:
        nonlocal last
        if fraction - last >= 0.01 or fraction >= 1.0:
            last = fraction
            control.report(float(fraction))

    try:
        return demo.run(settings, progress=progress, should_stop=control.should_stop)
    except DemoCancelled:
        raise Cancelled from None


# -- the view ----------------------------------------------------------------------
class DemoView(QWidget):
    """One paper demo: explanation, settings form, Run/Cancel with progress, plots.

    Signals: ``finished(DemoResult)`` after the plots show a new result;
    ``failed(str)`` when a run failed or was cancelled.

    Public API: ``demo``, ``fields`` (setting name -> editor), ``optimizers_edit``,
    ``run_button``, ``cancel_button``, ``progress``, ``message``, ``plots``,
    ``result`` (the last result or None), ``settings()``, ``run()``, ``cancel()``,
    ``is_running()``, ``shutdown()``.
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.demo = get_demo(name)
        if self.demo.preset is not None:
            raise ValueError(f"demo '{name}' is a race preset; load it in the race view")
        factory = PLOTS.get(name)
        if factory is None:
            raise ValueError(f"demo '{name}' has no view yet")
        self.result: DemoResult | None = None
        self._worker: Worker | None = None
        self.fields: dict[str, QWidget] = {}
        self.plots = factory()
        self._build()

    # -- construction ------------------------------------------------------------
    def _build(self) -> None:
        demo = self.demo
        self.texts = Texts()
        tr = self.texts.bind
        self.explanation = QLabel()
        tr(self.explanation.setText, self._explanation_html)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for p in demo.settings:
            editor = self._editor(p)
            tr(editor.setToolTip, lambda p=p: self.tr("{help}; range {range}, default {default}")
               .format(help=engine_text(p.help), range=range_text(p), default=p.default))
            self.fields[p.name] = editor
            label = QLabel()
            tr(label.setText, lambda n=p.name: translate("DemoView", LABELS.get(n, n)))
            label.setBuddy(editor)
            form.addRow(label, editor)
        self.optimizers_edit: QLineEdit | None = None
        if demo.accepts_optimizers:
            self.optimizers_edit = QLineEdit(" ".join(demo.default_optimizers))
            tr(self.optimizers_edit.setPlaceholderText,
               lambda: self.tr("specs, e.g. {0}").format("adam amsgrad yogi:lr=0.1"))
            tr(self.optimizers_edit.setToolTip, lambda: self.tr(
                "Optimizers to compare, separated by spaces: name or name:key=value,...")
                + "\n" + engine_text(demo.optimizer_note))
            label = QLabel()
            tr(label.setText, lambda: self.tr("Optimizers"))
            label.setBuddy(self.optimizers_edit)
            form.addRow(label, self.optimizers_edit)

        self.run_button = QPushButton()
        tr(self.run_button.setText, lambda: self.tr("Run"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton()
        tr(self.cancel_button.setText, lambda: self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self._message: tuple[str, bool] = ("ready", False)  # (state or error, is error)
        self._show_state("ready")

        settings_box = QFrame()
        settings_box.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(settings_box)
        title = QLabel()
        tr(title.setText, lambda: "<b>" + html.escape(self.tr("Settings")) + "</b>")
        box.addWidget(title)
        box.addLayout(form)
        box.addLayout(buttons)
        box.addWidget(self.progress)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(10, 10, 10, 10)
        lay.setSpacing(10)
        lay.addWidget(self.explanation)
        lay.addWidget(settings_box)
        lay.addWidget(self.message)
        lay.addStretch(1)
        scroll = vertical_scroll(left)
        scroll.setMinimumWidth(360)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.plots)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([470, 890])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _explanation_html(self) -> str:
        d = self.demo
        e = html.escape
        setup, watch, why = self.tr("Set-up."), self.tr("What to watch."), self.tr("Why.")
        return (f"<h2 style='margin-bottom:2px'>{e(engine_text(d.title))}</h2>"
                f"<p style='margin-top:0'><i>{e(engine_text(d.paper))}</i></p>"
                f"<p><b>{e(setup)}</b> {e(engine_text(d.setup))}</p>"
                f"<p><b>{e(watch)}</b> {e(engine_text(d.watch))}</p>"
                f"<p><b>{e(why)}</b> {e(engine_text(d.why))}</p>")

    # -- language ------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.apply()
            self.plots.retranslate()
            if self.result is not None:
                self.plots.show_result(self.result)
            self._show_state(*self._message)
        super().changeEvent(event)

    def _editor(self, p: HParam) -> QWidget:
        if p.kind == "bool":
            box = QCheckBox()
            box.setChecked(bool(p.default))
            return box
        if p.kind == "int":
            spin = QSpinBox()
            low = -(2**31) + 1 if p.low is None else int(max(p.low, -(2**31) + 1))
            high = 2**31 - 1 if p.high is None else int(min(p.high, 2**31 - 1))
            spin.setRange(low, high)
            spin.setValue(int(p.default))
            spin.setGroupSeparatorShown(True)
            spin.setAccelerated(True)
            if p.name == "steps":
                spin.setSingleStep(max(1, int(p.default) // 10))
            return spin
        if p.kind == "text":
            edit = QLineEdit(str(p.default))
            self.texts.bind(edit.setPlaceholderText, lambda: self.tr("(default)"))
            return edit
        return QLineEdit(f"{p.default:g}")

    # -- settings ------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        """The form's values (raw; :meth:`Demo.validate` checks them)."""
        values: dict[str, Any] = {}
        for name, editor in self.fields.items():
            if isinstance(editor, QCheckBox):
                values[name] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                values[name] = editor.value()
            elif isinstance(editor, QLineEdit):
                values[name] = editor.text().strip()
        if self.optimizers_edit is not None:
            values["optimizers"] = self.optimizers_edit.text().split()
        return values

    # -- running ---------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._worker is not None

    @Slot()
    def run(self) -> None:
        if self.is_running():
            return
        try:
            settings = self.demo.validate(self.settings())
        except ValueError as exc:
            self._show_state(message_of(exc), error=True)
            self.failed.emit(str(exc))
            return
        self._show_state("running")
        self.progress.setValue(0)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        worker = Worker(run_demo, self.demo, settings, control=True,
                        name=f"demo-{self.demo.name}")
        worker.yielded.connect(self._on_progress)
        worker.returned.connect(self._on_result)
        worker.errored.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        worker.finished.connect(self._on_worker_finished)
        self._worker = worker
        worker.start()

    @Slot()
    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.cancel_button.setEnabled(False)
            self._show_state("cancelling")

    def shutdown(self, timeout: float = SHUTDOWN_WAIT_S) -> None:
        """Cancel a running demo and wait ``timeout`` s at most (call before the view goes).

        A demo inside a step it cannot interrupt is left running (see
        :mod:`gui.services.workers`); the view forgets it either way.
        """
        worker = self._worker
        if worker is None:
            return
        worker.cancel()
        worker.wait(timeout)
        self._forget_worker()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

    # -- worker → view ----------------------------------------------------------------
    def _from_worker(self) -> bool:
        return self._worker is not None and self.sender() is self._worker

    @Slot(object)
    def _on_progress(self, fraction: float) -> None:
        if self._from_worker():
            self.progress.setValue(int(round(1000 * fraction)))

    @Slot(object)
    def _on_result(self, result: DemoResult) -> None:
        if not self._from_worker():
            return
        self.result = result
        self.plots.show_result(result)
        self.progress.setValue(1000)
        self._show_state("result")
        self.finished.emit(result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if not self._from_worker():
            return
        self._show_state(message, error=True)
        self.failed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        if not self._from_worker():
            return
        self.progress.setValue(0)
        self._show_state("cancelled")
        self.failed.emit("cancelled")

    @Slot()
    def _on_worker_finished(self) -> None:
        if self._from_worker():
            self._forget_worker()

    def _forget_worker(self) -> None:
        self._worker = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _show_state(self, state: str, error: bool = False) -> None:
        """Show where the demo is (``state``), or an engine error message (``error``)."""
        self._message = (state, error)
        if error:
            text = f"<span style='color:{BAD}'>{html.escape(engine_error(state))}</span>"
        elif state == "result" and self.result is not None:
            text = self.plots.summary_html(self.result)
        else:
            text = {"ready": self.tr("Press Run to reproduce the result."),
                    "running": self.tr("Running…"), "cancelling": self.tr("Cancelling…"),
                    "cancelled": self.tr("Cancelled.")}.get(state, "")
        self.message.setText(text)


class DemoDialog(QDialog):
    """A non-modal window holding one :class:`DemoView`; joins the worker on close."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = DemoView(name, self)
        self._retranslate()
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(1360, 840)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Demo — {0}").format(engine_text(self.view.demo.title)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    @classmethod
    def open(cls, name: str, parent: QWidget | None = None) -> DemoDialog:
        """Create, show and return the dialog (deleted when closed)."""
        dialog = cls(name, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.show()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.view.shutdown()
        super().closeEvent(event)

    def reject(self) -> None:  # Escape key
        self.view.shutdown()
        super().reject()


def populate_demos_menu(menu: QMenu, parent: QWidget,
                        load_preset: Callable[[str], None]) -> None:
    """Fill ``menu`` with the registered demos.

    Paper demos open a :class:`DemoDialog`; race-preset demos call
    ``load_preset(name)`` (the main window's preset loader).
    """
    from engine.demos import DEMOS

    papers = [d for d in DEMOS.values() if d.preset is None and d.name in PLOTS]
    presets = [d for d in DEMOS.values() if d.preset is not None]
    for demo in papers:
        action = menu.addAction(f"{engine_text(demo.title)}…")
        action.setToolTip(f"{engine_text(demo.paper)}. {engine_text(demo.watch)}")
        action.setStatusTip(engine_text(demo.paper))
        action.triggered.connect(lambda _=False, n=demo.name: DemoDialog.open(n, parent))
    if papers and presets:
        menu.addSeparator()
    for demo in presets:
        action = menu.addAction(
            translate("DemoMenu", "Race: {0}").format(engine_text(demo.title)))
        action.setToolTip(engine_text(demo.watch))
        action.setStatusTip(engine_text(demo.watch))
        action.triggered.connect(lambda _=False, n=demo.preset: load_preset(n))
    menu.setToolTipsVisible(True)

