"""The racers panel: the list of racers and a form, generated from the registry, to edit one.

The panel holds no simulation state.  The list and the form are redrawn from
``bridge.session`` whenever it announces a change, with the widgets' own
signals blocked (``QSignalBlocker``) so that nothing echoes back.  Every edit
builds a complete :class:`~engine.race.RacerConfig` and hands it to
``session.update_racer``; when the engine rejects it, its ``ValueError``
message is shown in red next to the form and the racer keeps its old
configuration.

The hyper-parameter editors come from :mod:`gui.widgets.hparams`, the Add menu from
:mod:`gui.widgets.optimizer_menu`: the other features use them too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from engine.optimizers import get_spec
from engine.race import RacerConfig
from engine.schedules import SCHEDULE_HELP, SCHEDULE_PARAMS, Schedule
from engine.session import Session
from gui.race.racer_row import RacerRow
from gui.services.i18n import Texts, engine_error, engine_text
from gui.services.session_bridge import SessionBridge
from gui.widgets.controls import ERROR_COLOR, LogSpinSlider, secondary
from gui.widgets.hparams import (
    connect_editor,
    connect_rejected,
    editor_value,
    hparam_tooltip,
    make_editor,
    schedule_name,
    set_editor_value,
)
from gui.widgets.layout import vertical_scroll
from gui.widgets.optimizer_menu import fill_optimizer_menu

__all__ = ["RacersPanel"]


# -- small helpers ---------------------------------------------------------------------------
def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.setObjectName("error")
    label.hide()
    return label


def _show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setToolTip(text)
    label.setVisible(bool(text))


def _clear_form(form: QFormLayout) -> None:
    while form.rowCount():
        form.removeRow(0)


# -- the panel -----------------------------------------------------------------------------------
class RacersPanel(QWidget):
    """Racer list (colour, visibility, name), Add / Duplicate / Remove, and the racer editor.

    Public API:
        ``add_racer(name)``         add a racer with the registry defaults and select it
        ``duplicate_selected()``    add a copy of the selected racer
        ``remove_selected()``       remove the selected racer
        ``recolor(index, color)``   what the colour dialog calls
        ``set_visible(index, on)``  what the visibility checkbox calls
        ``editor(name)``            the generated control of a hyper-parameter
        ``schedule_editor(name)``   the generated control of a schedule parameter
        ``error_text()``            the red message currently shown ('' if none)
        ``add_menu``                the QMenu of all registry optimizers (actions' data = name)
        ``remove_action``           QAction (Delete) that removes the selected racer
    """

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._editors: dict[str, QWidget] = {}
        self._schedule_editors: dict[str, QWidget] = {}
        self._form_key: tuple[int, str] | None = None
        self._build()
        bridge.racersChanged.connect(self._on_racers_changed)
        bridge.displayChanged.connect(self._on_display_changed)
        bridge.surfaceChanged.connect(self._on_surface_changed)
        bridge.cursorChanged.connect(self._sync_common_start)
        self._on_racers_changed()

    @property
    def session(self) -> Session:
        return self.bridge.session

    # -- construction ------------------------------------------------------------
    def _build(self) -> None:
        self.texts = Texts()
        tr = self.texts.bind
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(120)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.list.currentRowChanged.connect(self._on_current_row_changed)

        style = self.style()
        self.add_menu = QMenu(self)
        self.add_menu.setToolTipsVisible(True)
        fill_optimizer_menu(self.add_menu, self.add_racer)
        self.add_button = QPushButton(_plus_icon(), "")
        self.add_button.setMenu(self.add_menu)
        tr(self.add_button.setText, lambda: self.tr("Add"))
        tr(self.add_button.setToolTip,
           lambda: self.tr("Add a racer (several may use the same optimizer)"))
        self.duplicate_button = QPushButton()
        tr(self.duplicate_button.setText, lambda: self.tr("Duplicate"))
        tr(self.duplicate_button.setToolTip, lambda: self.tr("Add a copy of the selected racer"))
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.remove_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon), "")
        tr(self.remove_button.setText, lambda: self.tr("Remove"))
        tr(self.remove_button.setToolTip, lambda: self.tr("Remove the selected racer (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_action = QAction(self)
        tr(self.remove_action.setText, lambda: self.tr("Remove racer"))
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.list.addAction(self.remove_action)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.duplicate_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)

        self.stack = QStackedWidget()
        placeholder = QLabel()
        tr(placeholder.setText,
           lambda: self.tr("Select a racer to edit its optimizer,\nor add one with “Add”."))
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        secondary(placeholder)
        placeholder.setWordWrap(True)
        self.stack.addWidget(placeholder)
        self.stack.addWidget(self._build_editor())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.list, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 5)

    def _build_editor(self) -> QWidget:
        body = QWidget()
        v = QVBoxLayout(body)
        v.setContentsMargins(0, 0, 4, 0)
        v.setSpacing(8)

        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        secondary(self.summary_label)
        v.addWidget(self.title_label)
        v.addWidget(self.summary_label)

        name_form = _form()
        self.label_edit = QLineEdit()
        self.label_edit.setClearButtonEnabled(True)
        tr = self.texts.bind
        tr(self.label_edit.setToolTip,
           lambda: self.tr("A name for this racer (empty: its optimizer spec)"))
        self.label_edit.editingFinished.connect(self._apply)
        label = QLabel()
        tr(label.setText, lambda: self.tr("Label"))
        label.setBuddy(self.label_edit)
        name_form.addRow(label, self.label_edit)
        v.addLayout(name_form)

        self.hparam_box = QGroupBox()
        hv = QVBoxLayout(self.hparam_box)
        self.hparam_form = _form()
        hv.addLayout(self.hparam_form)
        self.error_label = _error_label()
        hv.addWidget(self.error_label)
        v.addWidget(self.hparam_box)

        schedule_box = QGroupBox()
        tr(schedule_box.setTitle, lambda: self.tr("Learning-rate schedule"))
        sv = QVBoxLayout(schedule_box)
        self.schedule_form = _form()
        self.schedule_combo = QComboBox()
        for kind in SCHEDULE_PARAMS:
            self.schedule_combo.addItem(kind, kind)
        self._name_schedules()
        self.schedule_combo.currentIndexChanged.connect(self._on_schedule_kind)
        self.schedule_help = QLabel()
        self.schedule_help.setWordWrap(True)
        secondary(self.schedule_help)
        sv.addWidget(self.schedule_combo)
        sv.addWidget(self.schedule_help)
        self.schedule_params_form = _form()
        sv.addLayout(self.schedule_params_form)
        self.schedule_error = _error_label()
        sv.addWidget(self.schedule_error)
        v.addWidget(schedule_box)

        start_box = QGroupBox()
        tr(start_box.setTitle, lambda: self.tr("Start point"))
        st = QVBoxLayout(start_box)
        self.common_start = QCheckBox()
        tr(self.common_start.setText, lambda: self.tr("Use the common start"))
        tr(self.common_start.setToolTip,
           lambda: self.tr("Start where the race starts (set on the surface view); uncheck to "
                           "give this racer its own start"))
        self.common_start.toggled.connect(self._apply)
        self.start_x = _coordinate_spin()
        self.start_y = _coordinate_spin()
        for name, spin in (("x", self.start_x), ("y", self.start_y)):
            tr(spin.setToolTip, lambda n=name: self.tr(
                "{0} coordinate of this racer's own start point").format(n))
        self.start_x.valueChanged.connect(self._apply)
        self.start_y.valueChanged.connect(self._apply)
        xy = QHBoxLayout()
        xy.setSpacing(6)
        for text, spin in (("x", self.start_x), ("y", self.start_y)):
            label = QLabel(text)
            label.setBuddy(spin)
            xy.addWidget(label)
            xy.addWidget(spin, 1)
        st.addWidget(self.common_start)
        st.addLayout(xy)
        self.start_error = _error_label()
        st.addWidget(self.start_error)
        v.addWidget(start_box)
        v.addStretch(1)

        scroll = vertical_scroll(body)
        return scroll

    # -- public API -------------------------------------------------------------
    def add_racer(self, name: str) -> int:
        """Add a racer running ``name`` with the registry defaults, and select it."""
        index = self.session.add_racer(RacerConfig(name))
        self.session.select(index)
        return index

    def duplicate_selected(self) -> int | None:
        i = self.session.selected
        if i is None:
            return None
        config = self.session.config.racers[i]
        copy = replace(config, values=dict(config.values))
        index = self.session.add_racer(copy)
        self.session.select(index)
        return index

    def remove_selected(self) -> None:
        i = self.session.selected
        if i is not None and 0 <= i < len(self.session.config.racers):
            self.session.remove_racer(i)

    def recolor(self, index: int, color: QColor | str) -> None:
        """Give racer ``index`` a new colour (the colour dialog's ``colorSelected``)."""
        color = QColor(color)
        if color.isValid() and 0 <= index < len(self.session.display):
            self.session.set_display(index, color=color.name())

    def set_visible(self, index: int, visible: bool) -> None:
        if 0 <= index < len(self.session.display):
            self.session.set_display(index, visible=bool(visible))

    def editor(self, name: str) -> QWidget:
        """The generated control of hyper-parameter ``name`` of the selected racer."""
        return self._editors[name]

    def schedule_editor(self, name: str) -> QWidget:
        return self._schedule_editors[name]

    def error_text(self) -> str:
        for label in (self.error_label, self.schedule_error, self.start_error):
            if label.text():
                return label.text()
        return ""

    # -- language -----------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.texts.apply()
        fill_optimizer_menu(self.add_menu, self.add_racer)
        self._name_schedules()
        for i in range(self.list.count()):
            self._update_row(i)
        self._form_key = None  # rebuild the form: labels, tooltips and titles
        self._sync_editor(force=True)

    def _name_schedules(self) -> None:
        combo = self.schedule_combo
        for i in range(combo.count()):
            kind = combo.itemData(i)
            combo.setItemText(i, schedule_name(kind))
            combo.setItemData(i, engine_text(SCHEDULE_HELP[kind]), Qt.ItemDataRole.ToolTipRole)

    def row_widget(self, index: int) -> RacerRow:
        return self.list.itemWidget(self.list.item(index))  # type: ignore[return-value]

    # -- session → widgets -------------------------------------------------------
    def _on_racers_changed(self) -> None:
        self._sync_list()
        self._sync_editor(force=True)

    def _on_display_changed(self, index: int) -> None:
        if 0 <= index < self.list.count():
            self._update_row(index)
        self._sync_selection()
        self._sync_editor(force=False)

    def _on_surface_changed(self) -> None:
        self._sync_editor(force=True)

    def _sync_common_start(self, _step: int = 0) -> None:
        """Follow the race's common start (``set_start`` announces only a cursor move)."""
        if self._form_key is None or not self.common_start.isChecked():
            return
        for spin, value in zip((self.start_x, self.start_y), self.session.start, strict=True):
            if spin.value() != value:
                with QSignalBlocker(spin):
                    spin.setValue(value)

    def _sync_list(self) -> None:
        racers = self.session.config.racers
        with QSignalBlocker(self.list):
            if self.list.count() != len(racers):
                self.list.clear()
                for i in range(len(racers)):
                    item = QListWidgetItem()
                    row = RacerRow()
                    row.swatch.clicked.connect(lambda _=False, i=i: self._choose_color(i))
                    row.visible.toggled.connect(lambda on, i=i: self.set_visible(i, on))
                    self.list.addItem(item)
                    self.list.setItemWidget(item, row)
                    item.setSizeHint(row.sizeHint())
            for i in range(len(racers)):
                self._update_row(i)
        self._sync_selection()

    def _update_row(self, i: int) -> None:
        d = self.session.display[i]
        self.row_widget(i).set_racer(self.session.config.racers[i], d.color, d.visible)

    def _sync_selection(self) -> None:
        selected = self.session.selected
        row = selected if selected is not None and selected < self.list.count() else -1
        with QSignalBlocker(self.list):
            self.list.setCurrentRow(row)
            if row < 0:
                self.list.clearSelection()
        has = row >= 0
        self.remove_button.setEnabled(has)
        self.duplicate_button.setEnabled(has)
        self.remove_action.setEnabled(has)

    def _sync_editor(self, *, force: bool) -> None:
        """Show the selected racer in the form (rebuilt only when the optimizer changes)."""
        i = self.session.selected
        if i is None or i >= len(self.session.config.racers):
            self._form_key = None
            self.stack.setCurrentIndex(0)
            return
        config = self.session.config.racers[i]
        key = (i, config.optimizer)
        if key == self._form_key and not force:
            return
        if key[1] != (self._form_key or (None, None))[1]:
            self._build_hparam_form(config.optimizer)
        self._form_key = key
        self._write_config(config)
        self.stack.setCurrentIndex(1)

    def _build_hparam_form(self, name: str) -> None:
        spec = get_spec(name)
        _clear_form(self.hparam_form)
        self._editors = {}
        for p in spec.hparams:
            editor = make_editor(p)
            connect_editor(editor, self._apply)
            connect_rejected(editor, p, lambda exc: _show_error(self.error_label,
                                                                engine_error(exc)))
            label = QLabel(p.name)
            label.setToolTip(hparam_tooltip(p))
            label.setBuddy(editor.spin if isinstance(editor, LogSpinSlider) else editor)
            self.hparam_form.addRow(label, editor)
            self._editors[p.name] = editor
        title, paper = engine_text(spec.title), engine_text(spec.paper)
        self.title_label.setText(title)
        self.title_label.setToolTip(f"{spec.reference}\n{paper}")
        self.summary_label.setText(f"{engine_text(spec.summary)}\n{paper}")
        self.hparam_box.setTitle(self.tr("Hyper-parameters of {0}").format(title))

    def _write_config(self, config: RacerConfig) -> None:
        spec = get_spec(config.optimizer)
        for p in spec.hparams:
            set_editor_value(self._editors[p.name], config.values.get(p.name, p.default))
        with QSignalBlocker(self.label_edit):
            self.label_edit.setText(config.label or "")
            self.label_edit.setPlaceholderText(config.spec)
        self._write_schedule(config.schedule)
        own = config.start is not None
        x, y = config.start if own else self.session.start
        with QSignalBlocker(self.common_start):
            self.common_start.setChecked(not own)
        for spin, value in ((self.start_x, x), (self.start_y, y)):
            with QSignalBlocker(spin):
                spin.setValue(value)
            spin.setEnabled(own)
        for label in (self.error_label, self.schedule_error, self.start_error):
            _show_error(label, "")

    def _write_schedule(self, schedule: Schedule) -> None:
        with QSignalBlocker(self.schedule_combo):
            self.schedule_combo.setCurrentIndex(self.schedule_combo.findData(schedule.kind))
        self._build_schedule_form(schedule.kind)
        for name, value in schedule.params.items():
            set_editor_value(self._schedule_editors[name], value)

    def _build_schedule_form(self, kind: str) -> None:
        self.schedule_help.setText(engine_text(SCHEDULE_HELP[kind]))
        _clear_form(self.schedule_params_form)
        self._schedule_editors = {}
        for p in SCHEDULE_PARAMS[kind]:
            editor = make_editor(p)
            connect_editor(editor, self._apply)
            connect_rejected(editor, p, lambda exc: _show_error(self.schedule_error,
                                                                engine_error(exc)))
            label = QLabel(p.name)
            label.setToolTip(hparam_tooltip(p))
            label.setBuddy(editor)
            self.schedule_params_form.addRow(label, editor)
            self._schedule_editors[p.name] = editor

    # -- widgets → session -------------------------------------------------------
    def _on_current_row_changed(self, row: int) -> None:
        self.session.select(row if row >= 0 else None)

    def _choose_color(self, index: int) -> None:
        if not 0 <= index < len(self.session.display):
            return
        dialog = QColorDialog(QColor(self.session.display[index].color), self)
        dialog.setWindowTitle(
            self.tr("Colour of {0}").format(self.session.config.racers[index].name))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.colorSelected.connect(lambda c: self.recolor(index, c))
        dialog.open()

    def _on_schedule_kind(self, _index: int) -> None:
        self._build_schedule_form(self.schedule_combo.currentData())
        self._apply()

    def _apply(self, *_: Any) -> None:
        """Build a RacerConfig from the whole form and hand it to the session."""
        i = self.session.selected
        if i is None or self._form_key is None or i >= len(self.session.config.racers):
            return
        old = self.session.config.racers[i]
        if old.optimizer != self._form_key[1]:
            return
        spec = get_spec(old.optimizer)
        values = {}
        for p in spec.hparams:
            value = editor_value(self._editors[p.name])
            if value != p.default:
                values[p.name] = value
        try:
            config = RacerConfig(old.optimizer, values, self.label_edit.text().strip() or None,
                                 old.start, old.schedule)
        except ValueError as exc:
            _show_error(self.error_label, engine_error(exc))
            return
        _show_error(self.error_label, "")
        try:
            schedule = Schedule(
                self.schedule_combo.currentData(),
                {n: editor_value(e) for n, e in self._schedule_editors.items()},
            )
        except ValueError as exc:
            _show_error(self.schedule_error, engine_error(exc))
            return
        _show_error(self.schedule_error, "")
        own = not self.common_start.isChecked()
        start = (self.start_x.value(), self.start_y.value()) if own else None
        for spin in (self.start_x, self.start_y):
            spin.setEnabled(own)
        config = replace(config, schedule=schedule, start=start)
        if config == old:
            return
        try:
            self.session.update_racer(i, config)
        except ValueError as exc:  # e.g. f undefined at the racer's own start
            _show_error(self.start_error if start != old.start else self.error_label,
                        engine_error(exc))


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow dock: labels above
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(6)
    return form


def _coordinate_spin() -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(-1e6, 1e6)
    spin.setDecimals(4)
    spin.setSingleStep(0.1)
    spin.setKeyboardTracking(False)
    # Not as wide as its ±1e6 range (that widened the dock); typical starts fit.
    spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("-000.0000") + 30)
    return spin


def _plus_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = painter.pen()
    pen.setColor(QColor("#2e7d32"))
    pen.setWidthF(2.2)
    painter.setPen(pen)
    painter.drawLine(8, 3, 8, 13)
    painter.drawLine(3, 8, 13, 8)
    painter.end()
    return QIcon(pixmap)
