"""The MNIST tab's optimizer list: specs such as ``adam:lr=0.001``, typed, checked against
the registry (first-order optimizers only) and edited in place, in the race's colours.

:class:`OptimizerList` is a part of :class:`gui.mnist.panel.MnistPanel` (a mixin).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from engine.messages import message_of, msg
from engine.optimizers import get_spec, optimizer_names, parse_spec, spec_string
from engine.palette import PALETTE
from gui.mnist.charts import swatch
from gui.services.i18n import engine_error, engine_text

__all__ = ["OptimizerList"]


class OptimizerList:
    """The Optimizers box of :class:`~gui.mnist.panel.MnistPanel`."""

    def _build_optimizers(self) -> QGroupBox:
        tr = self.texts.bind
        box = QGroupBox()
        tr(box.setTitle, lambda: self.tr("Optimizers"))
        lay = QVBoxLayout(box)
        self.optimizer_list = QListWidget()
        self.optimizer_list.setMaximumHeight(120)
        tr(self.optimizer_list.setToolTip, lambda: self.tr("Double-click to edit a spec"))
        self.optimizer_list.itemChanged.connect(self._on_item_edited)
        lay.addWidget(self.optimizer_list)
        row = QHBoxLayout()
        self.spec_edit = QLineEdit()
        self.spec_edit.setPlaceholderText("adam:lr=0.001")
        names = optimizer_names(first_order_only=True)
        completer = QCompleter(names, self.spec_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.spec_edit.setCompleter(completer)
        self.spec_edit.textChanged.connect(self._on_spec_text)
        self.spec_edit.returnPressed.connect(self._on_add)
        self.add_button = QPushButton()
        tr(self.add_button.setText, lambda: self.tr("Add"))
        self.add_button.clicked.connect(self._on_add)
        self.remove_button = QPushButton()
        tr(self.remove_button.setText, lambda: self.tr("Remove"))
        self.remove_button.clicked.connect(self._on_remove)
        row.addWidget(self.spec_edit, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        lay.addLayout(row)
        self.spec_hint = QLabel()
        self.spec_hint.setWordWrap(True)
        self.spec_hint.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.spec_hint)
        self._on_spec_text("")
        return box


    def _add_item(self, spec: str) -> None:
        row = self.optimizer_list.count()
        item = QListWidgetItem(swatch(PALETTE[row % len(PALETTE)]), spec)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setData(Qt.ItemDataRole.UserRole, spec)
        self.optimizer_list.addItem(item)


    def _recolor(self) -> None:
        self.optimizer_list.blockSignals(True)
        for i in range(self.optimizer_list.count()):
            self.optimizer_list.item(i).setIcon(swatch(PALETTE[i % len(PALETTE)]))
        self.optimizer_list.blockSignals(False)


    @staticmethod
    def _check_spec(text: str) -> str:
        """The normalised spec, or ``ValueError`` (a message, see engine_error)."""
        name, values = parse_spec(text)
        if get_spec(name).needs_hessian:
            raise ValueError(msg("{name} needs the Hessian; choose a first-order optimizer",
                                 name=name))
        return spec_string(name, values) if values else name


    def _on_spec_text(self, text: str) -> None:
        text = text.strip()
        if not text:
            self._hint(self.tr("Type a spec like {0} or {1}").format(
                "adam:lr=0.001", "momentum:lr=0.01,nesterov=true"), error=False)
            self.add_button.setEnabled(False)
            return
        try:
            self._check_spec(text)
        except ValueError as exc:
            self._hint(message_of(exc), error=True)
            self.add_button.setEnabled(False)
            return
        spec = get_spec(text.partition(":")[0].strip())
        params = ", ".join(f"{p.name}={str(p.default).lower() if p.kind == 'bool' else p.default}"
                           for p in spec.hparams)
        self._hint(f"{engine_text(spec.title)}: {params}", error=False)
        self.add_button.setEnabled(True)


    def _hint(self, text: str, *, error: bool) -> None:
        if error:
            text = engine_error(text)
        self.spec_hint.setText(text)
        self.spec_hint.setStyleSheet("color: #C0392B;" if error else "color: palette(mid);")


    def _on_add(self) -> None:
        try:
            spec = self._check_spec(self.spec_edit.text())
        except ValueError as exc:
            self._hint(message_of(exc), error=True)
            return
        self.optimizer_list.blockSignals(True)
        self._add_item(spec)
        self.optimizer_list.blockSignals(False)
        self.spec_edit.clear()


    def _on_remove(self) -> None:
        rows = sorted({i.row() for i in self.optimizer_list.selectedIndexes()}, reverse=True)
        if not rows and self.optimizer_list.count():
            rows = [self.optimizer_list.count() - 1]
        for r in rows:
            self.optimizer_list.takeItem(r)
        self._recolor()


    def _on_item_edited(self, item: QListWidgetItem) -> None:
        old = item.data(Qt.ItemDataRole.UserRole)
        self.optimizer_list.blockSignals(True)
        try:
            spec = self._check_spec(item.text())
        except ValueError as exc:
            item.setText(old)
            self._hint(message_of(exc), error=True)
        else:
            item.setText(spec)
            item.setData(Qt.ItemDataRole.UserRole, spec)
        finally:
            self.optimizer_list.blockSignals(False)

