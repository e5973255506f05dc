"""The MNIST tab's optimizer list: optimizers picked from the race's grouped menu and tuned
with the same generated editors, or specs such as ``adam:lr=0.001`` typed, checked against
the registry (first-order optimizers only) and edited in place, in the race's colours.

:class:`OptimizerList` is a part of :class:`gui.mnist.panel.MnistPanel` (a mixin).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.messages import message_of, msg
from engine.optimizers import get_spec, optimizer_names, parse_spec, spec_string
from engine.palette import PALETTE
from gui.mnist.charts import swatch
from gui.services.i18n import engine_error, engine_text
from gui.widgets.hparams import (
    connect_editor,
    connect_rejected,
    editor_value,
    hparam_tooltip,
    make_editor,
    set_editor_value,
)
from gui.widgets.optimizer_menu import fill_optimizer_menu

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
        # The race's grouped menu: pick an optimizer, then tune it in the editors below.
        self.add_menu = QMenu(box)
        self.add_menu.setToolTipsVisible(True)
        self.add_menu.aboutToShow.connect(lambda: fill_optimizer_menu(
            self.add_menu, self.add_optimizer, first_order_only=True))
        self.pick_button = QToolButton()
        tr(self.pick_button.setText, lambda: self.tr("Choose…"))
        tr(self.pick_button.setToolTip,
           lambda: self.tr("Add an optimizer from the same menu as the race"))
        self.pick_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pick_button.setMenu(self.add_menu)
        self.remove_button = QPushButton()
        tr(self.remove_button.setText, lambda: self.tr("Remove"))
        self.remove_button.clicked.connect(self._on_remove)
        pick_row = QHBoxLayout()  # its own row: the panel gets no wider
        pick_row.addWidget(self.pick_button)
        pick_row.addStretch(1)
        lay.addLayout(pick_row)
        row.addWidget(self.spec_edit, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        lay.addLayout(row)
        self.spec_hint = QLabel()
        self.spec_hint.setWordWrap(True)
        self.spec_hint.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.spec_hint)
        # The selected optimizer's hyper-parameters, with the race's generated editors.
        self.hparam_title = QLabel()
        lay.addWidget(self.hparam_title)
        self.hparam_widget = QWidget()
        self.hparam_form = QFormLayout(self.hparam_widget)
        self.hparam_form.setContentsMargins(0, 0, 0, 0)
        self.hparam_scroll = QScrollArea()
        self.hparam_scroll.setWidget(self.hparam_widget)
        self.hparam_scroll.setWidgetResizable(True)
        self.hparam_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.hparam_scroll.setMaximumHeight(170)
        self.hparam_scroll.setMinimumHeight(  # three editors at least, the rest scroll
            3 * (self.hparam_scroll.fontMetrics().lineSpacing() + 14))
        lay.addWidget(self.hparam_scroll)
        self._hparam_editors: dict[str, QWidget] = {}
        self.optimizer_list.currentItemChanged.connect(lambda *_: self._build_hparam_editors())
        self._on_spec_text("")
        self._build_hparam_editors()
        return box

    def add_optimizer(self, name: str) -> None:
        """Add optimizer ``name`` with its defaults and select it (its editors appear)."""
        spec = self._check_spec(name)
        self.optimizer_list.blockSignals(True)
        self._add_item(spec)
        self.optimizer_list.blockSignals(False)
        self.optimizer_list.setCurrentRow(self.optimizer_list.count() - 1)
        self._build_hparam_editors()

    def hparam_editor(self, name: str) -> QWidget:
        """The editor of hyper-parameter ``name`` of the selected optimizer."""
        return self._hparam_editors[name]

    def _build_hparam_editors(self) -> None:
        while self.hparam_form.rowCount():
            self.hparam_form.removeRow(0)
        self._hparam_editors = {}
        item = self.optimizer_list.currentItem()
        if item is None:
            self.hparam_title.setText(self.tr("Select an optimizer to edit its "
                                              "hyper-parameters."))
            return
        name, values = parse_spec(item.data(Qt.ItemDataRole.UserRole))
        spec = get_spec(name)
        self.hparam_title.setText(self.tr("Hyper-parameters of {0}").format(
            engine_text(spec.title)))
        for p in spec.hparams:
            editor = make_editor(p)
            set_editor_value(editor, values.get(p.name, p.default))
            connect_editor(editor, lambda *_: self._on_hparam_edited())
            connect_rejected(editor, p, lambda exc: self._hint(message_of(exc), error=True))
            label = QLabel(p.name)
            label.setToolTip(hparam_tooltip(p))
            self.hparam_form.addRow(label, editor)
            self._hparam_editors[p.name] = editor

    def _on_hparam_edited(self) -> None:
        item = self.optimizer_list.currentItem()
        if item is None:
            return
        name = parse_spec(item.data(Qt.ItemDataRole.UserRole))[0]
        spec = get_spec(name)
        values = {p.name: editor_value(self._hparam_editors[p.name]) for p in spec.hparams}
        values = {k: v for k, v in values.items()
                  if v != next(p.default for p in spec.hparams if p.name == k)}
        try:
            spec.create(**values)  # the engine's checks (e.g. nesterov needs momentum)
        except ValueError as exc:
            self._hint(message_of(exc), error=True)
            return
        text = spec_string(name, values) if values else name
        self.optimizer_list.blockSignals(True)
        item.setText(text)
        item.setData(Qt.ItemDataRole.UserRole, text)
        self.optimizer_list.blockSignals(False)
        self._hint("", error=False)


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
        if item is self.optimizer_list.currentItem():
            self._build_hparam_editors()  # the editors show the edited spec

