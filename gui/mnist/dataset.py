"""The MNIST tab's data controls: which dataset, and from where.

:class:`DatasetControls` is a part of :class:`gui.mnist.panel.MnistPanel` (a mixin): the
Data box with its download banner, where the data will come from
(:meth:`~DatasetControls.resolved_source`) and the chosen folder (kept in the settings).
The download itself is a worker, started and joined by the panel with its training.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from engine.mnist.data import DATASETS, candidate_folders, find_files
from gui.mnist.jobs import (
    SOURCE_AUTO,
    SOURCE_FOLDER,
    SOURCE_SAMPLE,
)
from gui.services.settings import Settings

__all__ = ["DatasetControls"]


class DatasetControls:
    """The Data box of :class:`~gui.mnist.panel.MnistPanel`."""

    def _build_dataset(self) -> QGroupBox:
        tr = self.texts.bind
        box = QGroupBox()
        tr(box.setTitle, lambda: self.tr("Data"))
        form = QFormLayout(box)
        self.kind_combo = QComboBox()
        for kind, title in DATASETS.items():
            self.kind_combo.addItem(title, kind)
        self.source_combo = QComboBox()
        for i, (source, text) in enumerate((
                (SOURCE_AUTO, lambda: self.tr("Best available")),
                (SOURCE_SAMPLE, lambda: self.tr("Bundled 5k sample")),
                (SOURCE_FOLDER, lambda: self.tr("Folder…")))):
            self.source_combo.addItem("", source)
            tr(lambda t, i=i: self.source_combo.setItemText(i, t), text)
        tr(self.source_combo.setToolTip, lambda: self.tr(
            "Best available: the full set in the app's data folder (or, for Fashion-MNIST, "
            "Debian's dataset-fashion-mnist), else the bundled 5k MNIST sample."))
        form.addRow(self._label(lambda: self.tr("Dataset")), self.kind_combo)
        form.addRow(self._label(lambda: self.tr("Source")), self.source_combo)
        self.data_label = QLabel()
        self.data_label.setWordWrap(True)
        form.addRow(self.data_label)

        self.banner = QFrame()
        self.banner.setObjectName("sampleBanner")
        self.banner.setStyleSheet(
            "#sampleBanner { background: #FFF4CE; border: 1px solid #E0C060; "
            "border-radius: 4px; } #sampleBanner QLabel { color: #4A3B00; }")
        blay = QVBoxLayout(self.banner)
        blay.setContentsMargins(8, 6, 8, 6)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextFormat(Qt.TextFormat.RichText)
        blay.addWidget(self.banner_label)
        row = QHBoxLayout()
        self.download_button = QPushButton()
        self.download_button.clicked.connect(self._on_download_clicked)
        self.download_bar = QProgressBar()
        self.download_bar.setRange(0, 1000)
        self.download_bar.setTextVisible(False)
        self.download_bar.setMaximumHeight(10)
        self.download_bar.hide()
        row.addWidget(self.download_button)
        row.addWidget(self.download_bar, 1)
        blay.addLayout(row)
        self.download_status = QLabel()
        self.download_status.setWordWrap(True)
        self.download_status.hide()
        blay.addWidget(self.download_status)
        form.addRow(self.banner)

        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.source_combo.activated.connect(self._on_source_activated)
        return box


    def kind(self) -> str:
        return self.kind_combo.currentData()


    def source(self) -> str:
        return self.source_combo.currentData()


    def _request(self) -> tuple[str, str, str | None]:
        folder = self._folder if self.source() == SOURCE_FOLDER else None
        return self.kind(), self.source(), folder


    def _on_kind_changed(self, _index: int) -> None:
        sample = self.source_combo.model().item(1)
        sample.setEnabled(self.kind() == "mnist")
        if self.kind() != "mnist" and self.source() == SOURCE_SAMPLE:
            self.source_combo.setCurrentIndex(0)
        self._refresh_dataset()


    def _on_source_activated(self, _index: int) -> None:
        if self.source() == SOURCE_FOLDER:
            start = self._folder or str(Path.home())
            folder = QFileDialog.getExistingDirectory(self, self.tr("Folder with the IDX files"),
                                                      start)
            if folder:
                self.set_folder(folder)
                return
            if not self._folder:
                self.source_combo.setCurrentIndex(0)
        self._refresh_dataset()


    def set_folder(self, folder: str) -> None:
        """Use (and remember) ``folder`` as the data source."""
        self._folder = folder
        Settings().data_folder = folder
        self.source_combo.setCurrentIndex(2)
        self._refresh_dataset()


    def clear_folder(self) -> None:
        """Forget the chosen folder (Reset to defaults): back to the best available source."""
        self._folder = None
        Settings().data_folder = None
        self.source_combo.setCurrentIndex(0)
        self._refresh_dataset()


    def resolved_source(self) -> tuple[str, str]:
        """(where the data will come from, how) without reading the images."""
        kind, source, folder = self._request()
        if source == SOURCE_SAMPLE:
            return "sample", ""
        if source == SOURCE_FOLDER:
            if folder and find_files(folder) is not None:
                return "folder", folder
            where = folder or self.tr("(no folder chosen)")
            return "missing", self.tr("No IDX files found in {0}.").format(where)
        for c in candidate_folders(kind):
            if find_files(c) is not None:
                return "folder", str(c)
        if kind == "mnist":
            return "sample", ""
        return "missing", self.tr("{0} is not on this computer yet.").format(DATASETS[kind])


    def _refresh_dataset(self) -> None:
        where, detail = self.resolved_source()
        kind = self.kind()
        full = DATASETS[kind]
        cached = self._datasets.get(self._request())
        if where == "sample":
            self.data_label.setText("")
            self.data_label.hide()
            self.banner_label.setText(self.tr(
                "<b>Using the bundled 5k sample</b> of MNIST: 4,000 training and 1,000 test "
                "digits (real MNIST digits, 500 per class). Accuracies are lower than on the "
                "full set of 60,000 / 10,000. <b>Download the full set</b> (11 MB) or choose "
                "a folder with the IDX files under Source."))
            self.banner.show()
        elif where == "missing":
            self.data_label.hide()
            size = "30 MB" if kind == "fashion-mnist" else "11 MB"
            self.banner_label.setText(
                f"<b>{detail}</b> "
                + self.tr("Download the full {0} set ({1}), or choose a folder with the four "
                          "IDX files.").format(full, size))
            self.banner.show()
        else:
            self.banner.hide()
            counts = (self.tr("{0} train / {1} test").format(f"{cached.n_train:,}",
                                                              f"{cached.n_test:,}")
                      if cached is not None else self.tr("full set"))
            self.data_label.setText(self.tr("{0}, {1} from {2}").format(full, counts, detail))
            self.data_label.show()
        self.download_button.setText(self.tr("Download full {0}").format(full))
        self._update_buttons()
        self.datasetChanged.emit()
