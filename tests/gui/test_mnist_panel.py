"""The MNIST panel: real widgets, real worker threads, on the bundled 5k sample.

Fails on any Qt warning (``qt_log_level_fail = WARNING``) and Python warning.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import os
import struct
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QThread

from engine.mnist import data as mnist_data
from engine.mnist import download as dl
from gui.mnist.panel import MnistPanel


def os_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


@pytest.fixture(autouse=True)
def no_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """"Best available" must mean the bundled sample here, whatever this machine has."""
    root = tmp_path / "userdata"
    monkeypatch.setattr(mnist_data, "user_data_dir", lambda: root)
    monkeypatch.setattr(dl, "user_data_dir", lambda: root)
    monkeypatch.setattr(mnist_data, "DEBIAN_FASHION", tmp_path / "no-fashion")
    return root


@pytest.fixture()
def panel(qtbot) -> Iterator[MnistPanel]:  # type: ignore[no-untyped-def]
    widget = MnistPanel()
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    yield widget
    widget.shutdown()


def configure(panel: MnistPanel, iterations: int, specs: tuple[str, ...] = (
        "adam:lr=0.001", "sgd:lr=0.1"), hidden: str = "32", eval_every: int = 10) -> None:
    panel.optimizer_list.clear()
    for spec in specs:
        panel.spec_edit.setText(spec)
        panel.add_button.click()
    panel.hidden_edit.setText(hidden)
    panel.batch_spin.setValue(50)
    panel.length_unit.setCurrentText("iterations")
    panel.length_spin.setValue(iterations)
    panel.eval_spin.setValue(eval_every)


def test_a_short_run_fills_the_plots_digits_and_confusion_matrix(qtbot, panel) -> None:
    assert panel.banner.isVisible() and "5k sample" in panel.banner_label.text()
    configure(panel, 30)
    with qtbot.waitSignal(panel.trainingFinished, timeout=30_000):
        assert panel.start()
    qtbot.waitUntil(lambda: "Finished" in panel.status_label.text(), timeout=5000)
    assert not panel.is_running and panel.start_button.isEnabled()
    for raw, smooth in panel.loss_items:
        x, y = smooth.getData()
        assert len(x) == 30 and np.isfinite(y).all()
        assert len(raw.getData()[0]) == 30
    assert [len(item.getData()[0]) for item in panel.acc_items] == [3, 3]
    assert panel.progress_bar.value() == 1000
    assert panel.confusion_image.image.shape == (10, 10, 3)
    counts = sum(int(t.toPlainText() or 0) for t in panel.confusion_texts)
    assert counts == 1000  # the final evaluation uses the whole sample test set
    assert all(t.toPlainText() in "0123456789" for t in panel.digit_texts)
    assert panel.weights_image.image is not None
    assert "%" in panel.inspect_combo.itemText(0)
    panel.inspect_combo.setCurrentIndex(1)
    assert panel.inspect_label.text().startswith("after step 30")


def test_a_diverging_run_is_marked_while_the_other_finishes(qtbot, panel) -> None:
    configure(panel, 40, specs=("sgd:lr=1e12", "adam:lr=0.001"), eval_every=10)
    with qtbot.waitSignal(panel.trainingFinished, timeout=30_000):
        assert panel.start()
    qtbot.waitUntil(lambda: "1 of 2 diverged" in panel.status_label.text(), timeout=5000)
    assert "diverged at step" in panel.inspect_combo.itemText(0)
    assert "diverged at step" in panel.loss_items[0][1].name()
    assert len(panel.loss_items[1][1].getData()[0]) == 40
    assert len(panel.acc_items[1].getData()[0]) == 4


def test_stop_mid_run_and_pause_resume(qtbot, panel) -> None:
    configure(panel, 100_000, hidden="64")
    assert panel.start()
    qtbot.waitUntil(lambda: panel._snapshot is not None and panel._snapshot.step > 5,
                    timeout=20_000)
    panel.pause_button.click()
    assert panel.pause_button.text() == "Resume"
    qtbot.wait(150)
    paused_at = panel._snapshot.step
    qtbot.wait(300)
    assert panel._snapshot.step <= paused_at + 1
    panel.pause_button.click()
    qtbot.waitUntil(lambda: panel._snapshot.step > paused_at + 3, timeout=10_000)
    with qtbot.waitSignal(panel.trainingFinished, timeout=5000):
        panel.stop_button.click()
    qtbot.waitUntil(lambda: "Stopped" in panel.status_label.text(), timeout=5000)
    assert not panel.is_running
    assert panel.progress_bar.value() < 1000


def test_closing_during_training_stops_and_joins_the_worker(qtbot, panel) -> None:
    before = os_threads()
    configure(panel, 100_000, hidden="100,100")
    assert panel.start()
    qtbot.waitUntil(lambda: panel._snapshot is not None and panel._snapshot.step > 2,
                    timeout=20_000)
    panel.close()  # returns only once the worker thread has been joined
    assert not panel.is_running and panel._worker is None
    qtbot.wait(20)
    assert os_threads() <= before


def test_a_hundred_start_stop_cycles_leave_no_thread_or_memory_behind(qtbot, panel) -> None:
    configure(panel, 100_000, hidden="32")
    panel.start()
    panel.stop(wait=True)  # warm-up: dataset cached, buffers and pyqtgraph items made
    qtbot.wait(10)
    gc.collect()
    threads, python_threads, memory = os_threads(), threading.active_count(), rss_mb()
    for _ in range(100):
        assert panel.start()
        panel.stop(wait=True)
        qtbot.wait(1)
    qtbot.wait(20)
    gc.collect()
    assert os_threads() == threads
    assert threading.active_count() == python_threads
    assert not any(isinstance(o, QThread) and o.isRunning() for o in gc.get_objects())
    assert rss_mb() - memory < 40


def test_optimizer_specs_are_validated_next_to_the_field(qtbot, panel) -> None:
    panel.optimizer_list.clear()
    panel.spec_edit.setText("adam:lr=-1")
    assert not panel.add_button.isEnabled() and "lr must be in" in panel.spec_hint.text()
    panel.spec_edit.setText("newton")
    assert not panel.add_button.isEnabled() and "Hessian" in panel.spec_hint.text()
    panel.spec_edit.setText("momentum:lr=0.01,nesterov=true")
    assert panel.add_button.isEnabled() and panel.spec_hint.text().startswith("Momentum")
    panel.add_button.click()
    assert panel.optimizer_list.count() == 1 and panel.spec_edit.text() == ""
    item = panel.optimizer_list.item(0)
    item.setText("momentum:bogus=1")  # an invalid edit is reverted, with the reason shown
    assert item.text() == "momentum:lr=0.01,nesterov=true"
    assert "unknown hyper-parameter 'bogus'" in panel.spec_hint.text()
    panel.hidden_edit.setText("10,x")
    assert not panel.start()
    assert "hidden sizes" in panel.status_label.text()


def test_presets_fill_the_controls(qtbot, panel) -> None:
    panel.preset_buttons["Two-layer net"].click()
    assert panel.hidden_edit.text() == "50" and panel.length_spin.value() == 10_000
    assert panel.init_combo.currentData() == "normal"
    assert [panel.optimizer_list.item(i).text() for i in range(panel.optimizer_list.count())
            ] == ["sgd:lr=0.1"]
    panel.preset_buttons["Optimizer comparison"].click()
    assert panel.optimizer_list.count() == 4 and panel.batch_spin.value() == 128


def test_missing_fashion_mnist_disables_start_and_offers_the_download(qtbot, panel) -> None:
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("fashion-mnist"))
    assert panel.banner.isVisible() and "not on this computer" in panel.banner_label.text()
    assert not panel.start_button.isEnabled()
    assert panel.download_button.text() == "Download full Fashion-MNIST"


# -- the Download button against a local server ------------------------------------------
def _idx_gz(array: np.ndarray) -> bytes:
    head = struct.pack(">BBBB", 0, 0, 8, array.ndim) + struct.pack(f">{array.ndim}I",
                                                                     *array.shape)
    return gzip.compress(head + array.astype(np.uint8).tobytes(), mtime=0)


BLOBS = {
    "train-images-idx3-ubyte.gz": _idx_gz(np.zeros((20, 28, 28))),
    "train-labels-idx1-ubyte.gz": _idx_gz(np.arange(20) % 10),
    "t10k-images-idx3-ubyte.gz": _idx_gz(np.zeros((10, 28, 28))),
    "t10k-labels-idx1-ubyte.gz": _idx_gz(np.arange(10)),
}


class _Good(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        blob = BLOBS.get(self.path.rsplit("/", 1)[-1])
        if blob is None or self.path.startswith("/bad/"):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(blob)))
        self.end_headers()
        self.wfile.write(blob)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def mirror(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Good)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    files = tuple(dl.RemoteFile(n, hashlib.md5(b).hexdigest(), len(b)) for n, b in BLOBS.items())
    monkeypatch.setitem(dl.FILES, "mnist", files)
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield url
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_download_button_fetches_the_full_set_and_hides_the_banner(
        qtbot, panel, mirror: str, monkeypatch: pytest.MonkeyPatch, no_user_data: Path) -> None:
    monkeypatch.setitem(dl.MIRRORS, "mnist", (f"{mirror}/bad/", f"{mirror}/good/"))
    with qtbot.waitSignal(panel.datasetChanged, timeout=10_000):
        panel.download_button.click()
    qtbot.waitUntil(lambda: not panel.banner.isVisible(), timeout=10_000)
    assert "20 train / 10 test" in panel.data_label.text()
    assert sorted(p.name for p in (no_user_data / "mnist").iterdir()) == sorted(BLOBS)


def test_a_failed_download_says_why_and_keeps_the_sample(qtbot, panel, mirror: str,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         no_user_data: Path) -> None:
    monkeypatch.setitem(dl.MIRRORS, "mnist", (f"{mirror}/bad/",))
    with qtbot.waitSignal(panel.datasetChanged, timeout=10_000):
        panel.download_button.click()
    assert "HTTP 404" in panel.download_status.text()
    assert panel.banner.isVisible() and panel.download_button.text() == "Download full MNIST"
    assert list((no_user_data / "mnist").iterdir()) == []


def test_a_training_that_does_not_fit_is_refused_next_to_start(qtbot, panel, monkeypatch) -> None:
    from engine.mnist import memory
    from gui.services import workers

    monkeypatch.setattr(memory, "available_memory", lambda: 200 * 2**20)
    configure(panel, 100, hidden="2048,2048,2048,2048")
    panel.batch_spin.setValue(8192)
    assert not panel.start()
    text = panel.status_label.text()
    assert "this training needs about" in text and "only 200 MB is available" in text
    assert "Traceback" not in text and "\n" not in text
    assert not panel.is_running and panel.start_button.isEnabled()
    assert not workers.live()  # nothing was started
    monkeypatch.setattr(memory, "available_memory", lambda: None)  # unknown: not refused
    configure(panel, 3, hidden="32")
    with qtbot.waitSignal(panel.trainingFinished, timeout=30_000):
        assert panel.start()


def test_running_out_of_memory_during_training_is_one_line(qtbot, panel, monkeypatch) -> None:
    from engine.mnist import trainer

    def no_memory(self):  # type: ignore[no-untyped-def]
        raise MemoryError

    monkeypatch.setattr(trainer.Trainer, "step", no_memory)
    configure(panel, 10)
    with qtbot.waitSignal(panel.trainingFinished, timeout=30_000):
        assert panel.start()
    qtbot.waitUntil(lambda: "out of memory while training" in panel.status_label.text(),
                    timeout=5000)
    assert "Traceback" not in panel.status_label.text()


def test_accuracy_axis_reads_percent_before_a_run(qtbot, panel) -> None:
    axis = panel.acc_plot.getAxis("left")
    assert "%" in axis.label.toPlainText()
    low, high = panel.acc_plot.getViewBox().viewRange()[1]
    assert low == 0 and high == 100  # ticks 0-100 under "accuracy (%)", not 0.1-0.9


def test_optimizers_are_picked_from_the_race_menu_and_tuned_with_editors(qtbot, panel) -> None:
    from PySide6.QtCore import Qt as QtKeys

    panel.optimizer_list.clear()
    panel.add_menu.aboutToShow.emit()  # the menu fills as it opens, in the shown language
    names = [a.data() for a in panel.add_menu.actions() if a.data()]
    assert "adam" in names and "sgd" in names
    assert "newton" not in names  # MNIST takes first-order optimizers only
    sections = [a.text() for a in panel.add_menu.actions() if a.isSeparator() and a.text()]
    assert sections[0] == "torch.optim"  # grouped as in the race
    next(a for a in panel.add_menu.actions() if a.data() == "adam").trigger()
    assert panel.optimizer_list.item(0).text() == "adam"
    assert panel.optimizer_list.currentRow() == 0
    assert "Adam" in panel.hparam_title.text()
    lr = panel.hparam_editor("lr")
    lr.spin.setFocus()
    lr.spin.selectAll()
    qtbot.keyClicks(lr.spin, "0.01")
    qtbot.keyClick(lr.spin, QtKeys.Key.Key_Return)
    assert panel.optimizer_list.item(0).text() == "adam:lr=0.01"
    panel.hparam_editor("amsgrad").setChecked(True)
    assert panel.optimizer_list.item(0).text() == "adam:lr=0.01,amsgrad=true"
    # Out of range: the engine's message, the spec unchanged.
    lr.spin.setFocus()
    lr.spin.selectAll()
    qtbot.keyClicks(lr.spin, "-3")
    qtbot.keyClick(lr.spin, QtKeys.Key.Key_Return)
    assert panel.spec_hint.text().startswith("lr must be in")
    assert panel.optimizer_list.item(0).text() == "adam:lr=0.01,amsgrad=true"
    # A typed spec selects into the same editors.
    panel.spec_edit.setText("momentum:lr=0.05")
    panel.add_button.click()
    panel.optimizer_list.setCurrentRow(1)
    assert panel.hparam_editor("lr").value() == 0.05
