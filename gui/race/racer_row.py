"""One line of the racer list: colour swatch button, visibility checkbox, name, and the
optimizer (with its schedule) in secondary text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, QSize, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from engine.optimizers import get_spec
from engine.race import RacerConfig
from gui.services.i18n import Texts, engine_text
from gui.widgets.controls import color_icon, secondary
from gui.widgets.hparams import schedule_name

__all__ = ["RacerRow"]


class RacerRow(QWidget):
    """One line of the racer list: colour swatch button, visibility checkbox, name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.swatch = QToolButton()
        self.swatch.setAutoRaise(True)
        self.swatch.setIconSize(QSize(18, 12))
        self.swatch.setCursor(Qt.CursorShape.PointingHandCursor)
        self.visible = QCheckBox()
        self.texts = Texts()
        self.texts.bind(self.swatch.setToolTip, lambda: self.tr("Change this racer's colour…"))
        self.texts.bind(self.visible.setToolTip, lambda: self.tr("Show this racer in the plots"))
        self.name = QLabel()
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.detail = secondary(QLabel())
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 1, 6, 1)
        layout.setSpacing(4)
        layout.addWidget(self.swatch)
        layout.addWidget(self.visible)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.detail)

    def set_racer(self, config: RacerConfig, color: str, visible: bool) -> None:
        self.swatch.setIcon(color_icon(color, QSize(18, 12)))
        with QSignalBlocker(self.visible):
            self.visible.setChecked(visible)
        spec = get_spec(config.optimizer)
        self.name.setText(config.name)
        self.name.setToolTip(f"{config.name}\n{engine_text(spec.summary)}")
        kind = config.schedule.kind
        schedule = "" if kind == "constant" else f"{schedule_name(kind)} · "
        self.detail.setText(schedule + engine_text(spec.title))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.texts.apply()
        super().changeEvent(event)
