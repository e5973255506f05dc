"""The surface panel: choose a catalogue surface or type a formula; set the gradient noise.

The panel only calls ``session.set_surface`` / ``session.set_noise``; it redraws
itself from the session on ``surfaceChanged`` and ``racersChanged`` (a preset or a
loaded file replaces everything) with its widgets' signals blocked.  A formula
the parser rejects leaves the current surface in place and shows the parser's
message in red under the field.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.formula_syntax import SYNTAX_HELP
from engine.messages import message_of
from engine.presets import PRESETS
from engine.session import Session
from engine.surface import Surface
from engine.surfaces import SURFACES
from gui.services.i18n import Texts, engine_error, engine_text, translate
from gui.services.session_bridge import SessionBridge
from gui.widgets.controls import ERROR_COLOR
from gui.widgets.numbers import format_number

__all__ = ["CUSTOM", "SurfacePanel", "describe_surface"]

#: Item data of the "Custom formula…" entry of the combo box.
CUSTOM = "__custom__"


def describe_surface(surface: Surface) -> str:
    """Plain-text description: the surface's story, then its global minima."""
    parts = []
    if surface.description:
        parts.append(engine_text(surface.description))
    minima = surface.minima
    if not minima:
        if surface.builtin:
            parts.append(translate("SurfacePanel", "No global minimum: f is unbounded below."))
        else:
            parts.append(translate(
                "SurfacePanel", "Custom formula: its minima are unknown, so convergence is "
                                "judged by the gradient norm only."))
    else:
        points = ", ".join(f"({format_number(m.x)}, {format_number(m.y)})" for m in minima)
        fmin = format_number(min(m.f for m in minima))
        if len(minima) == 1:
            parts.append(translate("SurfacePanel", "Global minimum f* = {fmin} at {points}.")
                         .format(fmin=fmin, points=points))
        else:
            parts.append(translate("SurfacePanel", "{n} global minima, f* = {fmin}, at {points}.")
                         .format(n=len(minima), fmin=fmin, points=points))
    x0, x1, y0, y1 = surface.domain
    parts.append(translate("SurfacePanel", "Shown on x ∈ [{x0}, {x1}], y ∈ [{y0}, {y1}].").format(
        x0=format_number(x0), x1=format_number(x1), y0=format_number(y0), y1=format_number(y1)))
    return "\n\n".join(parts)


class SurfacePanel(QWidget):
    """Surface combo, formula field with inline errors, noise σ and seed, description.

    Public API:
        ``select_surface(name)``   switch to a catalogue surface (what the combo does)
        ``apply_formula(text)``    try a formula; returns True if it was applied
        ``error_text()``           the red message under the formula field ('' if none)
        ``combo``, ``formula_edit``, ``sigma_spin``, ``seed_spin``, ``description_label``
    """

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._error = self._error_formula = ""
        self._lesson: str | None = None  # the preset whose lesson is shown
        self._build()
        bridge.surfaceChanged.connect(self._sync)
        bridge.racersChanged.connect(self._sync_noise)
        self._sync()

    @property
    def session(self) -> Session:
        return self.bridge.session

    def _build(self) -> None:
        self.texts = Texts()
        tr = self.texts.bind
        self.combo = QComboBox()
        self.combo.setMaxVisibleItems(25)
        for name, surface in SURFACES.items():
            self.combo.addItem(surface.title, name)
            self.combo.setItemData(self.combo.count() - 1, f"f(x, y) = {surface.formula}",
                                   Qt.ItemDataRole.ToolTipRole)
        self.combo.insertSeparator(self.combo.count())
        self.combo.addItem("", CUSTOM)
        self._name_surfaces()
        self.combo.activated.connect(self._on_combo_activated)

        self.formula_edit = QLineEdit()
        tr(self.formula_edit.setPlaceholderText,
           lambda: self.tr("f(x, y), e.g. {0}").format("(1 - x)^2 + 100*(y - x^2)^2"))
        tr(self.formula_edit.setToolTip,
           lambda: engine_text(SYNTAX_HELP) + "\n\n" + self.tr("Press Enter to apply."))
        self.formula_edit.setClearButtonEnabled(True)
        mono = self.formula_edit.font()
        mono.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
        self.formula_edit.setFont(mono)
        self.formula_edit.returnPressed.connect(self._on_formula_entered)
        self.formula_edit.textEdited.connect(self._on_formula_edited)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.sigma_spin = QDoubleSpinBox()
        self.sigma_spin.setRange(0.0, 100.0)
        self.sigma_spin.setDecimals(3)
        self.sigma_spin.setSingleStep(0.05)
        self.sigma_spin.setKeyboardTracking(False)
        tr(self.sigma_spin.setSpecialValueText, lambda: self.tr("off"))
        tr(self.sigma_spin.setToolTip, lambda: self.tr(
            "Standard deviation σ of Gaussian noise added to every gradient component,\n"
            "to imitate the mini-batch noise of stochastic gradients (0: exact gradients)"))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setKeyboardTracking(False)
        tr(self.seed_spin.setToolTip,
           lambda: self.tr("Seed of the noise: the same seed replays the same race"))
        self.sigma_spin.valueChanged.connect(self._on_noise)
        self.seed_spin.valueChanged.connect(self._on_noise)

        self.description_label = QLabel()
        self.description_label.setWordWrap(True)
        self.description_label.setTextFormat(Qt.TextFormat.PlainText)
        self.description_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.description_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)

        surface_box = QGroupBox()
        tr(surface_box.setTitle, lambda: self.tr("Loss surface"))
        form = QFormLayout(surface_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        surface_label = QLabel()
        tr(surface_label.setText, lambda: self.tr("Surface"))
        surface_label.setBuddy(self.combo)
        form.addRow(surface_label, self.combo)
        form.addRow("f(x, y) =", self.formula_edit)
        form.addRow("", self.error_label)
        form.addRow(self.description_label)

        noise_box = QGroupBox()
        tr(noise_box.setTitle, lambda: self.tr("Gradient noise"))
        noise = QHBoxLayout(noise_box)
        sigma_label = QLabel("σ")
        sigma_label.setBuddy(self.sigma_spin)
        tr(sigma_label.setToolTip, self.sigma_spin.toolTip)
        seed_label = QLabel()
        tr(seed_label.setText, lambda: self.tr("seed"))
        seed_label.setBuddy(self.seed_spin)
        noise.addWidget(sigma_label)
        noise.addWidget(self.sigma_spin, 1)
        noise.addSpacing(12)
        noise.addWidget(seed_label)
        noise.addWidget(self.seed_spin, 1)

        # The preset's lesson, as the paper demos show theirs: Set-up, What to watch, Why.
        self.lesson_box = QGroupBox()
        self.lesson_label = QLabel()
        self.lesson_label.setWordWrap(True)
        self.lesson_label.setTextFormat(Qt.TextFormat.RichText)
        self.lesson_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.lesson_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lesson_label.setContentsMargins(0, 0, 4, 0)
        scroll = QScrollArea()  # a long lesson scrolls inside its box, never clipped
        scroll.setWidget(self.lesson_label)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box = QVBoxLayout(self.lesson_box)
        box.setContentsMargins(6, 4, 2, 4)
        box.addWidget(scroll)
        # The lesson takes the room there is and scrolls; it never makes the window taller.
        self.lesson_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.lesson_box.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(8)
        layout.addWidget(self.lesson_box, 3)
        layout.addWidget(surface_box)
        layout.addWidget(noise_box)
        layout.addStretch(1)

    # -- public API -------------------------------------------------------------
    def select_surface(self, name: str) -> None:
        """Switch to the catalogue surface ``name``."""
        self._set_surface(name)

    def apply_formula(self, text: str) -> bool:
        """Use ``text`` as the surface (catalogue name or formula); False (and a red
        message) when it is rejected, in which case the surface does not change."""
        with QSignalBlocker(self.formula_edit):
            self.formula_edit.setText(text)
        return self._set_surface(text)

    def error_text(self) -> str:
        return self.error_label.text()

    def show_lesson(self, preset: str | None) -> None:
        """Show the lesson of the race preset ``preset`` (None: hide it).  It stays while
        the surface is the preset's, and goes when another surface is chosen."""
        self._lesson = preset if preset in PRESETS else None
        self._show_lesson()

    def lesson(self) -> str | None:
        """The preset whose lesson is shown, or None."""
        return self._lesson

    def _show_lesson(self) -> None:
        name = self._lesson
        self.lesson_box.setVisible(name is not None)
        if name is None:
            self.lesson_label.clear()
            return
        p = PRESETS[name]
        e = html.escape
        setup, watch, why = self.tr("Set-up."), self.tr("What to watch."), self.tr("Why.")
        self.lesson_box.setTitle(engine_text(p.title))
        self.lesson_label.setText(
            f"<p><b>{e(setup)}</b> {e(engine_text(p.setup))}</p>"
            f"<p><b>{e(watch)}</b> {e(engine_text(p.watch))}</p>"
            f"<p><b>{e(why)}</b> {e(engine_text(p.why))}</p>")

    # -- language -----------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.apply()
            self._name_surfaces()
            self._show_lesson()
            error = self._error
            self._sync()
            if error:  # the rejected formula stays in the field, its message in the language
                with QSignalBlocker(self.formula_edit):
                    self.formula_edit.setText(self._error_formula)
                self._show_error(error)
        super().changeEvent(event)

    def _name_surfaces(self) -> None:
        for i in range(self.combo.count()):
            name = self.combo.itemData(i)
            if name == CUSTOM:
                self.combo.setItemText(i, self.tr("Custom formula…"))
                self.combo.setItemData(i, engine_text(SYNTAX_HELP), Qt.ItemDataRole.ToolTipRole)
            elif name in SURFACES:
                self.combo.setItemText(i, engine_text(SURFACES[name].title))

    # -- widgets → session -------------------------------------------------------
    def _set_surface(self, text: str) -> bool:
        try:
            self.session.set_surface(text)
        except ValueError as exc:  # FormulaError is a ValueError; so is "f undefined at start"
            self._error_formula = self.formula_edit.text()
            self._show_error(message_of(exc))
            return False
        return True

    def _on_combo_activated(self, index: int) -> None:
        data = self.combo.itemData(index)
        if data == CUSTOM:
            self._show_error("")
            self.formula_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.formula_edit.selectAll()
            return
        self._set_surface(data)

    def _on_formula_entered(self) -> None:
        text = self.formula_edit.text().strip()
        # A catalogue formula typed (or left) in the field means that catalogue surface,
        # with its known minima.
        text = next((n for n, s in SURFACES.items() if s.formula == text), text)
        if text == self.session.config.surface:
            self._sync()
            return
        self._set_surface(text)

    def _on_formula_edited(self, _text: str) -> None:
        with QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(self.combo.findData(CUSTOM))

    def _on_noise(self, *_: object) -> None:
        self.session.set_noise(self.sigma_spin.value(), self.seed_spin.value())

    def _show_error(self, text: str) -> None:
        """Show the engine's message ``text`` (in English; shown translated)."""
        self._error = text
        self.error_label.setText(engine_error(text))
        self.error_label.setVisible(bool(text))

    # -- session → widgets -------------------------------------------------------
    def _sync(self) -> None:
        surface = self.session.surface
        name = self.session.config.surface
        index = self.combo.findData(name) if name in SURFACES else self.combo.findData(CUSTOM)
        with QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(index)
        with QSignalBlocker(self.formula_edit):
            self.formula_edit.setText(surface.formula)
            self.formula_edit.setCursorPosition(0)
        self.description_label.setText(describe_surface(surface))
        if self._lesson is not None and PRESETS[self._lesson].surface != name:
            self.show_lesson(None)  # another surface: the lesson no longer applies
        self._show_error("")
        self._sync_noise()

    def _sync_noise(self) -> None:
        config = self.session.config
        with QSignalBlocker(self.sigma_spin):
            self.sigma_spin.setValue(config.noise_sigma)
        with QSignalBlocker(self.seed_spin):
            self.seed_spin.setValue(config.seed)
