"""The MNIST tab's network and training form: hidden sizes, activation, initialisation,
weight decay, batch size, length, evaluation and seed, the textbook presets, and the
:class:`~engine.mnist.trainer.TrainConfig` they make.

:class:`NetworkForm` is a part of :class:`gui.mnist.panel.MnistPanel` (a mixin).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from engine.messages import msg
from engine.mnist.mlp import ACTIVATIONS, INITS
from engine.mnist.trainer import PRESETS, TrainConfig
from gui.services.i18n import engine_text

__all__ = ["GUI_EVAL_SUBSET", "NetworkForm"]

#: Test images evaluated at intermediate points in the GUI (the last point uses all).
GUI_EVAL_SUBSET = 2000


class NetworkForm:
    """The Network and training box of :class:`~gui.mnist.panel.MnistPanel`."""

    def _build_network(self) -> QGroupBox:
        tr = self.texts.bind
        box = QGroupBox()
        tr(box.setTitle, lambda: self.tr("Network and training"))
        form = QFormLayout(box)
        self.hidden_edit = QLineEdit()
        tr(self.hidden_edit.setToolTip,
           lambda: self.tr("Hidden layer sizes, comma-separated: 784-…-10"))
        self.activation_combo = QComboBox()
        self.activation_combo.addItems(list(ACTIVATIONS))
        self.init_combo = QComboBox()
        inits = (lambda: "He  N(0, 2/fan_in)", lambda: "Xavier  N(0, 2/(in+out))",
                 lambda: self.tr("Normal  N(0, 0.01²)"))
        for i, (key, text) in enumerate(zip(INITS, inits, strict=True)):
            self.init_combo.addItem("", key)
            tr(lambda t, i=i: self.init_combo.setItemText(i, t), text)
        self.decay_spin = QDoubleSpinBox()
        self.decay_spin.setDecimals(5)
        self.decay_spin.setRange(0.0, 1.0)
        self.decay_spin.setSingleStep(0.0001)
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(1, 8192)
        length = QHBoxLayout()
        self.length_spin = QSpinBox()
        self.length_spin.setRange(1, 1_000_000)
        self.length_spin.setGroupSeparatorShown(True)
        self.length_unit = QComboBox()
        for i, (unit, text) in enumerate((("iterations", lambda: self.tr("iterations")),
                                          ("epochs", lambda: self.tr("epochs")))):
            self.length_unit.addItem("", unit)
            tr(lambda t, i=i: self.length_unit.setItemText(i, t), text)
        length.addWidget(self.length_spin, 1)
        length.addWidget(self.length_unit)
        self.eval_spin = QSpinBox()
        self.eval_spin.setRange(0, 1_000_000)
        tr(self.eval_spin.setSpecialValueText, lambda: self.tr("every epoch"))
        tr(self.eval_spin.setSuffix, lambda: self.tr(" steps"))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        form.addRow(self._label(lambda: self.tr("Hidden sizes")), self.hidden_edit)
        form.addRow(self._label(lambda: self.tr("Activation")), self.activation_combo)
        form.addRow(self._label(lambda: self.tr("Initialisation")), self.init_combo)
        form.addRow(self._label(lambda: self.tr("Weight decay λ")), self.decay_spin)
        form.addRow(self._label(lambda: self.tr("Batch size")), self.batch_spin)
        form.addRow(self._label(lambda: self.tr("Length")), length)
        form.addRow(self._label(lambda: self.tr("Evaluate")), self.eval_spin)
        form.addRow(self._label(lambda: self.tr("Seed")), self.seed_spin)
        presets = QHBoxLayout()
        self.preset_buttons: dict[str, QPushButton] = {}
        for name in PRESETS:
            button = QPushButton()
            tr(button.setText, lambda n=name: engine_text(n))
            tr(button.setToolTip, lambda n=name: self._preset_tip(n))
            button.clicked.connect(lambda _=False, n=name: self.apply_config(PRESETS[n]))
            presets.addWidget(button)
            self.preset_buttons[name] = button
        form.addRow(self._label(lambda: self.tr("Textbook presets:")))
        form.addRow(presets)
        return box


    def _preset_tip(self, name: str) -> str:
        c = PRESETS[name]
        arch = "-".join(map(str, (784, *c.hidden, 10)))
        return self.tr("{arch} {activation}, {init} init, batch {batch}, {iterations} "
                       "iterations: {optimizers}").format(
            arch=arch, activation=c.activation, init=c.init, batch=c.batch_size,
            iterations=f"{c.iterations:,}", optimizers=", ".join(c.optimizers))


    def apply_config(self, config: TrainConfig, *, iterations: int | None = None) -> None:
        """Fill the controls from ``config`` (a preset button does this)."""
        self.optimizer_list.blockSignals(True)
        self.optimizer_list.clear()
        for spec in config.optimizers:
            self._add_item(spec)
        self.optimizer_list.blockSignals(False)
        self.hidden_edit.setText(",".join(map(str, config.hidden)))
        self.activation_combo.setCurrentText(config.activation)
        self.init_combo.setCurrentIndex(INITS.index(config.init))
        self.decay_spin.setValue(config.weight_decay)
        self.batch_spin.setValue(config.batch_size)
        self.length_unit.setCurrentIndex(self.length_unit.findData("iterations"))
        self.length_spin.setValue(iterations or config.iterations)
        self.eval_spin.setValue(config.eval_every)
        self.seed_spin.setValue(config.seed)


    def config(self) -> TrainConfig:
        """The configuration in the controls (``ValueError`` naming a bad value)."""
        specs = tuple(self.optimizer_list.item(i).text()
                      for i in range(self.optimizer_list.count()))
        text = self.hidden_edit.text().replace(" ", "")
        try:
            hidden = tuple(int(h) for h in text.split(",") if h)
        except ValueError:
            raise ValueError(msg("hidden sizes must be comma-separated whole numbers, got "
                                 "'{value}'", value=text)) from None  # shown by engine_error
        if not hidden:
            raise ValueError(msg("give at least one hidden layer size, e.g. 100"))
        config = TrainConfig(
            optimizers=specs, hidden=hidden, activation=self.activation_combo.currentText(),
            init=self.init_combo.currentData(), weight_decay=self.decay_spin.value(),
            batch_size=self.batch_spin.value(), iterations=self.length_spin.value(),
            eval_every=self.eval_spin.value(), eval_subset=GUI_EVAL_SUBSET,
            seed=self.seed_spin.value())
        return config.validate()
