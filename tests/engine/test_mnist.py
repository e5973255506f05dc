"""MNIST engine: IDX reader, dataset discovery, MLP backprop, fair trainer, CLI, downloads.

The real MNIST files in ``../shared/data/mnist`` are used when that folder exists;
everything else runs on the bundled 5k sample and IDX files generated here.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import lzma
import struct
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from engine.cli import main
from engine.mnist import data as mnist_data
from engine.mnist import download as dl
from engine.mnist.data import (
    SAMPLE_SOURCE,
    DatasetNotFound,
    IdxError,
    find_dataset,
    load_folder,
    load_sample,
    read_idx,
)
from engine.mnist.mlp import ACTIVATIONS, MLP
from engine.mnist.trainer import DIVERGED, DONE, PRESETS, TrainConfig, Trainer
from engine.optimizers import optimizer_names

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "data" / "mnist"
HEADER = "optimizer,epoch,step,train_loss,test_loss,test_accuracy,seconds"


# -- helpers ---------------------------------------------------------------------------
def idx_bytes(array: np.ndarray) -> bytes:
    head = struct.pack(">BBBB", 0, 0, 8, array.ndim) + struct.pack(f">{array.ndim}I",
                                                                     *array.shape)
    return head + array.astype(np.uint8).tobytes()


def write_idx(path: Path, array: np.ndarray, compression: str = "raw") -> Path:
    raw = idx_bytes(array)
    if compression == "gz":
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(raw, mtime=0))
    elif compression == "xz":
        path.write_bytes(lzma.compress(raw))
    else:
        path.write_bytes(raw)
    return path


def make_folder(folder: Path, n_train: int = 60, n_test: int = 20, compression: str = "gz",
                seed: int = 0) -> Path:
    """A tiny dataset in the standard layout: four IDX files."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for split, n in (("train", n_train), ("t10k", n_test)):
        write_idx(folder / f"{split}-images-idx3-ubyte",
                  rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), compression)
        write_idx(folder / f"{split}-labels-idx1-ubyte", np.arange(n) % 10, compression)
    return folder


@pytest.fixture(autouse=True)
def isolated_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never look at (or write to) the real user data folder or /usr/share."""
    root = tmp_path / "userdata"
    monkeypatch.setattr(mnist_data, "user_data_dir", lambda: root)
    monkeypatch.setattr(dl, "user_data_dir", lambda: root)
    monkeypatch.setattr(mnist_data, "DEBIAN_FASHION", tmp_path / "no-debian-fashion")
    return root


# -- IDX reader ------------------------------------------------------------------------
@pytest.mark.parametrize("compression", ["raw", "gz", "xz"])
@pytest.mark.parametrize("shape", [(7,), (5, 28, 28), (3, 4, 5, 6)])
def test_read_idx_round_trips_raw_gzip_and_xz(tmp_path: Path, compression: str,
                                              shape: tuple[int, ...]) -> None:
    array = np.random.default_rng(1).integers(0, 256, shape, dtype=np.uint8)
    path = write_idx(tmp_path / "a-idx", array, compression)
    out = read_idx(path)
    assert out.dtype == np.uint8 and out.shape == shape
    np.testing.assert_array_equal(out, array)


def _header(ndim: int, dims: tuple[int, ...], dtype: int = 8, zero: bytes = b"\0\0") -> bytes:
    return zero + bytes([dtype, ndim]) + struct.pack(f">{len(dims)}I", *dims)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "truncated header"),
        (b"\0\0\x08", "truncated header"),
        (_header(3, (2, 28)), "truncated header"),
        (b"PK\x03\x04" + bytes(20), "not an IDX file"),
        (b"<htm" + bytes(20), "not an IDX file"),
        (_header(1, (4,), dtype=0x0D) + bytes(16), "unsupported IDX data type 0x0d"),
        (_header(0, ()), "0 dimensions"),
        (_header(5, (1, 1, 1, 1, 1)) + b"x", "5 dimensions"),
        (_header(3, (0, 28, 28)), "empty dimension"),
        (_header(3, (10, 28, 28)) + bytes(784 * 9), "truncated"),
        (_header(1, (4,)) + bytes(5), "trailing bytes"),
        (_header(3, (60000, 28, 28)) + bytes(100), "truncated"),
    ],
)
@pytest.mark.parametrize("compression", ["raw", "gz"])
def test_read_idx_rejects_corrupt_files_with_a_clear_message(
    tmp_path: Path, content: bytes, message: str, compression: str
) -> None:
    path = tmp_path / "bad-idx"
    path.write_bytes(gzip.compress(content) if compression == "gz" else content)
    with pytest.raises(IdxError, match=message):
        read_idx(path)


def test_read_idx_checks_sizes_before_allocating(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    allocations: list[int] = []
    real_empty = np.empty

    def spy(shape, *args, **kwargs):  # type: ignore[no-untyped-def]
        allocations.append(int(np.prod(shape)))
        return real_empty(shape, *args, **kwargs)

    monkeypatch.setattr(mnist_data.np, "empty", spy)
    huge = tmp_path / "huge-idx"
    huge.write_bytes(_header(3, (60000, 28, 28)) + bytes(1000))   # raw: file size check
    with pytest.raises(IdxError, match="truncated"):
        read_idx(huge)
    gz = tmp_path / "huge-gz-idx"
    gz.write_bytes(gzip.compress(_header(3, (60000, 28, 28)) + bytes(1000)))  # gzip trailer
    with pytest.raises(IdxError, match="gzip trailer"):
        read_idx(gz)
    absurd = tmp_path / "absurd-idx"
    absurd.write_bytes(_header(4, (65535, 65535, 65535, 65535)))
    with pytest.raises(IdxError, match="more than the limit"):
        read_idx(absurd)
    assert allocations == []


def test_read_idx_reports_a_download_cut_in_the_middle(tmp_path: Path) -> None:
    array = np.random.default_rng(2).integers(0, 256, (50, 28, 28), dtype=np.uint8)
    good = write_idx(tmp_path / "x-idx", array, "gz")
    blob = good.read_bytes()
    cut = tmp_path / "cut.gz"
    for end in (len(blob) // 2, len(blob) - 4, len(blob) - 1):
        cut.write_bytes(blob[:end])  # whatever its last four bytes say as a "trailer"
        with pytest.raises(IdxError, match=r"^cut\.gz: truncated gzip file$"):
            read_idx(cut)
    cut.write_bytes(blob[: len(blob) // 2] + blob[-4:])  # cut, yet a plausible trailer
    with pytest.raises(IdxError, match=r"^cut\.gz: truncated gzip file$"):
        read_idx(cut)
    flipped = bytearray(blob)
    flipped[len(blob) // 2] ^= 0xFF
    bad = tmp_path / "flipped.gz"
    bad.write_bytes(bytes(flipped))
    with pytest.raises(IdxError):
        read_idx(bad)


# -- datasets --------------------------------------------------------------------------
def _sources() -> list[str]:
    return ["generated-gz", "generated-raw"] + (["real"] if REAL.is_dir() else [])


@pytest.mark.parametrize("source", _sources())
def test_load_folder_reads_the_standard_layout(tmp_path: Path, source: str) -> None:
    if source == "real":
        ds = load_folder(REAL)
        assert (ds.n_train, ds.n_test) == (60_000, 10_000)
        assert np.bincount(ds.test_labels).tolist()[:2] == [980, 1135]
    else:
        folder = make_folder(tmp_path / source, compression=source.split("-")[1])
        ds = load_folder(folder)
        assert (ds.n_train, ds.n_test) == (60, 20)
    assert ds.train_images.dtype == np.uint8 and ds.train_images.shape[1] == 784
    assert not ds.is_sample and ds.source == str(ds.folder)
    assert not ds.train_images.flags.writeable  # shared between threads read-only


def test_load_folder_names_what_is_missing_or_inconsistent(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "d")
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DatasetNotFound, match="t10k-labels-idx1-ubyte"):
        load_folder(folder)
    write_idx(folder / "t10k-labels-idx1-ubyte", np.zeros(19, np.uint8))
    with pytest.raises(IdxError, match="20 test images but 19 labels"):
        load_folder(folder)
    with pytest.raises(DatasetNotFound, match="does not exist"):
        load_folder(tmp_path / "nowhere")


def test_bundled_sample_is_real_mnist_split_4000_1000_stratified() -> None:
    ds = load_sample()
    assert ds.source == SAMPLE_SOURCE and ds.is_sample and "5k sample" in ds.title
    assert (ds.n_train, ds.n_test) == (4000, 1000)
    assert np.bincount(ds.train_labels).tolist() == [400] * 10
    assert np.bincount(ds.test_labels).tolist() == [100] * 10
    assert len(set(ds.test_labels[:20].tolist())) > 5  # classes interleaved, not sorted
    # disjoint splits, deterministic
    train = {row.tobytes() for row in ds.train_images}
    assert not any(row.tobytes() in train for row in ds.test_images)
    load_sample.cache_clear()
    again = load_sample()
    np.testing.assert_array_equal(again.test_images, ds.test_images)
    if REAL.is_dir():  # the sample is the first 500 training images of each digit
        full = load_folder(REAL)
        first = np.concatenate([np.flatnonzero(full.train_labels == d)[:500] for d in range(10)])
        pool = {row.tobytes() for row in full.train_images[first]}
        assert all(row.tobytes() in pool for row in ds.test_images)


def test_discovery_order_folder_then_user_data_then_sample(tmp_path: Path,
                                                          isolated_user_data: Path) -> None:
    assert find_dataset("mnist").is_sample
    make_folder(isolated_user_data / "mnist", n_train=30)
    assert find_dataset("mnist").n_train == 30
    explicit = make_folder(tmp_path / "explicit", n_train=40)
    assert find_dataset("mnist", explicit).n_train == 40
    with pytest.raises(DatasetNotFound):  # an explicit folder never falls back silently
        find_dataset("mnist", tmp_path / "missing")
    assert find_dataset("mnist", sample=False).n_train == 30


def test_fashion_mnist_has_no_sample_and_says_how_to_get_it(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            isolated_user_data: Path) -> None:
    with pytest.raises(DatasetNotFound, match="--download --dataset fashion-mnist"):
        find_dataset("fashion-mnist")
    debian = make_folder(tmp_path / "debian", n_train=50)
    monkeypatch.setattr(mnist_data, "DEBIAN_FASHION", debian)
    ds = find_dataset("fashion-mnist")
    assert ds.n_train == 50 and ds.classes[0] == "T-shirt/top" and ds.title.startswith("Fashion")
    make_folder(isolated_user_data / "fashion-mnist", n_train=70)
    assert find_dataset("fashion-mnist").n_train == 70  # user data folder comes first


# -- MLP -------------------------------------------------------------------------------
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("init", ["he", "xavier", "normal"])
def test_backprop_matches_central_differences_in_float64(activation: str, init: str) -> None:
    rng = np.random.default_rng(3)
    net = MLP((6, 5), activation=activation, init=init, weight_decay=0.01, seed=4,
              dtype=np.float64, n_input=9, n_classes=4)
    if init == "normal":  # tiny weights: scale up so the check is not trivial
        net.flat *= 50
    net.biases[0][:] = rng.standard_normal(6) * 0.5
    x = rng.random((7, 9))
    y = rng.integers(0, 4, 7)
    net.loss_and_grad(x, y)
    analytic = net.grad_flat.copy()
    numeric = np.empty_like(analytic)
    h = 1e-6
    for i in range(net.size):
        old = net.flat[i]
        net.flat[i] = old + h
        up = net.loss_and_grad(x, y)
        net.flat[i] = old - h
        down = net.loss_and_grad(x, y)
        net.flat[i] = old
        numeric[i] = (up - down) / (2 * h)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


def test_mlp_is_float32_with_one_flat_parameter_vector() -> None:
    net = MLP((100, 50), seed=0)
    assert net.sizes == (784, 100, 50, 10)
    assert net.size == 784 * 100 + 100 + 100 * 50 + 50 + 50 * 10 + 10
    assert all(p.dtype == np.float32 and np.shares_memory(p, net.flat) for p in net.params)
    assert all(np.shares_memory(g, net.grad_flat) for g in net.grads)
    w = net.weights[0]
    assert abs(w.std() - np.sqrt(2 / 784)) < 0.002 and not net.biases[0].any()
    x = np.random.default_rng(0).random((32, 784), dtype=np.float32)
    y = np.arange(32) % 10
    net.loss_and_grad(x, y)
    before = [id(b) for b in net.buffers(32).acts]
    net.loss_and_grad(x, y)
    assert [id(b) for b in net.buffers(32).acts] == before  # no new buffers per step


def test_mlp_rejects_bad_architecture() -> None:
    with pytest.raises(ValueError, match="activation must be one of"):
        MLP((10,), activation="gelu")
    with pytest.raises(ValueError, match="init must be one of"):
        MLP((10,), init="zeros")
    with pytest.raises(ValueError, match="hidden sizes must be >= 1"):
        MLP((0,))


# -- trainer ---------------------------------------------------------------------------
def test_every_optimizer_starts_from_identical_weights_and_sees_identical_batches() -> None:
    ds = load_sample()
    config = TrainConfig(optimizers=("sgd:lr=0.1", "adam", "sgd:lr=0.1", "nadam:lr=0.001"),
                         hidden=(16,), iterations=25, eval_every=10, seed=7)
    trainer = Trainer(ds, config)
    for run in trainer.runs:
        np.testing.assert_array_equal(run.net.flat, trainer.initial_weights)
    assert [r.label for r in trainer.runs] == ["sgd:lr=0.1", "adam", "sgd:lr=0.1 #2",
                                               "nadam:lr=0.001"]
    assert trainer.runs[3].flat is False  # norm-based rule: stepped tensor by tensor
    trainer.run_all()
    a, adam, b, _ = trainer.runs
    np.testing.assert_array_equal(a.losses, b.losses)  # same weights + same batches
    np.testing.assert_array_equal(a.net.flat, b.net.flat)
    alone = Trainer(ds, TrainConfig(optimizers=("adam",), hidden=(16,), iterations=25,
                                    eval_every=10, seed=7))
    alone.run_all()
    np.testing.assert_array_equal(alone.runs[0].losses, adam.losses)  # others don't matter
    other_seed = Trainer(ds, TrainConfig(optimizers=("adam",), hidden=(16,), iterations=25,
                                         seed=8))
    assert not np.array_equal(other_seed.initial_weights, trainer.initial_weights)


@pytest.mark.parametrize("name", optimizer_names(first_order_only=True))
def test_every_first_order_optimizer_trains_the_mlp(name: str) -> None:
    trainer = Trainer(load_sample(), TrainConfig(optimizers=(name,), hidden=(8,), iterations=4,
                                                 batch_size=16, eval_subset=50, eval_every=2))
    trainer.run_all()
    run = trainer.runs[0]
    assert np.isfinite(run.losses).all() and len(run.evaluations) == 2
    assert not np.array_equal(run.net.flat, trainer.initial_weights)


def test_flat_stepping_equals_stepping_tensor_by_tensor() -> None:
    ds = load_sample()
    config = TrainConfig(optimizers=("adam:lr=0.01,weight_decay=0.001",), hidden=(12, 7),
                         iterations=15, batch_size=32)
    flat, split = Trainer(ds, config), Trainer(ds, config)
    run = split.runs[0]
    run.flat, run.states = False, [run.optimizer.init(p) for p in run.net.params]
    flat.run_all()
    split.run_all()
    np.testing.assert_array_equal(flat.runs[0].net.flat, run.net.flat)


def test_batches_cover_every_example_once_per_epoch() -> None:
    ds = load_sample()
    trainer = Trainer(ds, TrainConfig(batch_size=300, iterations=40))
    seen = np.concatenate([trainer.batch_indices().copy() for _ in range(40)])
    for epoch in range(3):
        chunk = seen[epoch * 4000 : (epoch + 1) * 4000]
        assert np.array_equal(np.sort(chunk), np.arange(4000))


def test_a_diverging_run_stops_while_the_others_continue() -> None:
    ds = load_sample()
    trainer = Trainer(ds, TrainConfig(optimizers=("sgd:lr=1e12", "adam"), hidden=(32,),
                                      iterations=30, eval_every=10))
    events = trainer.run_all()
    bad, good = trainer.runs
    assert bad.status == DIVERGED and bad.diverged_at is not None and bad.diverged_at < 30
    assert good.status == DONE and good.last.step == 30 and good.last.full
    assert np.isnan(bad.losses[bad.diverged_at:]).all()
    assert np.isfinite(good.losses).all()
    assert np.isnan(bad.last.test_loss) and bad.last.step == bad.diverged_at
    assert [e.step for r, e in events if r is good] == [10, 20, 30]


def test_adam_learns_the_bundled_sample_quickly() -> None:
    ds = load_sample()
    config = TrainConfig(optimizers=("adam:lr=0.001",), hidden=(100,), batch_size=100,
                         iterations=TrainConfig.iterations_for(3, ds.n_train, 100))
    trainer = Trainer(ds, config)
    trainer.run_all()
    run = trainer.runs[0]
    assert run.last.test_accuracy > 0.85
    assert run.last.full and run.confusion.sum() == ds.n_test
    assert np.trace(run.confusion) == round(run.last.test_accuracy * ds.n_test)
    assert 0 < run.seconds < 30 and run.last.epoch == pytest.approx(3.0)


def test_evaluation_subset_and_final_full_evaluation() -> None:
    ds = load_sample()
    trainer = Trainer(ds, TrainConfig(hidden=(8,), iterations=20, eval_every=5, eval_subset=200))
    trainer.run_all()
    evs = trainer.runs[0].evaluations
    assert [e.step for e in evs] == [5, 10, 15, 20]
    assert [e.full for e in evs] == [False, False, False, True]
    stopped = Trainer(ds, TrainConfig(hidden=(8,), iterations=100, eval_every=50))
    for _ in range(7):
        stopped.step()
    stopped.finish()
    assert stopped.runs[0].last.step == 7 and stopped.runs[0].status == DONE


def test_presets_are_the_textbook_set_ups() -> None:
    two, cmp_ = PRESETS["Two-layer net"], PRESETS["Optimizer comparison"]
    assert (two.hidden, two.batch_size, two.iterations, two.optimizers) == (
        (50,), 100, 10_000, ("sgd:lr=0.1",))
    assert cmp_.hidden == (100,) * 4 and cmp_.batch_size == 128 and cmp_.iterations == 2000
    assert cmp_.init == "he" and len(cmp_.optimizers) == 4
    for config in PRESETS.values():
        config.validate()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"optimizers": ("newton",)}, "needs the Hessian"),
        ({"optimizers": ("adam:lr=-1",)}, "lr must be in"),
        ({"optimizers": ()}, "at least one optimizer"),
        ({"batch_size": 0}, "batch size must be"),
        ({"activation": "elu"}, "activation must be one of"),
        ({"hidden": (0,)}, "hidden sizes"),
    ],
)
def test_train_config_names_the_bad_value(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TrainConfig(**changes).validate()


# -- CLI -------------------------------------------------------------------------------
def test_cli_writes_the_metrics_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.csv"
    code = main(["mnist", "--sample", "--optimizer", "sgd:lr=0.1", "-o", "adam:lr=0.001",
                 "--iterations", "50", "--hidden", "32", "--eval-every", "20", "--seed", "1",
                 "--out", str(out)])
    assert code == 0
    text = out.read_text()
    assert text.splitlines()[0] == HEADER
    rows = list(csv.DictReader(text.splitlines()))
    assert [(r["optimizer"], int(r["step"])) for r in rows] == [
        (o, s) for o in ("sgd:lr=0.1", "adam:lr=0.001") for s in (20, 40, 50)]
    secs = [float(r["seconds"]) for r in rows[:3]]
    assert secs == sorted(secs) and secs[0] > 0
    assert float(rows[2]["epoch"]) == pytest.approx(50 * 100 / 4000)
    assert all(0 <= float(r["test_accuracy"]) <= 1 for r in rows)
    captured = capsys.readouterr()
    assert "5k sample" in captured.err and "--download" in captured.err


def test_cli_reads_a_data_folder_and_marks_divergence(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data", n_train=200, n_test=50)
    out = tmp_path / "m.csv"
    assert main(["mnist", "--data", str(folder), "-o", "sgd:lr=1e12", "-o", "adam",
                 "--epochs", "2", "--batch-size", "20", "--hidden", "8",
                 "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text().splitlines()))
    bad = [r for r in rows if r["optimizer"] == "sgd:lr=1e12"]
    assert bad[-1]["test_loss"] == "nan" and int(bad[-1]["step"]) < 20
    assert [int(r["step"]) for r in rows if r["optimizer"] == "adam"] == [10, 20]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--iterations", "5"], "give at least one --optimizer"),
        (["-o", "adam"], "give --epochs E or --iterations N"),
        (["-o", "adamx", "--iterations", "5"], "unknown optimizer 'adamx'"),
        (["-o", "adam:lr=abc", "--iterations", "5"], "lr must be a number"),
        (["-o", "newton", "--iterations", "5"], "needs the Hessian"),
        (["-o", "adam", "--epochs", "0"], "--epochs must be in"),
        (["-o", "adam", "--iterations", "0"], "iterations must be"),
        (["-o", "adam", "--iterations", "5", "--hidden", "10,x"], "--hidden must be"),
        (["-o", "adam", "--iterations", "5", "--batch-size", "0"], "batch size must be"),
        (["-o", "adam", "--iterations", "5", "--seed", "-1"],
         "seed must be a whole number >= 0, got -1"),
        (["-o", "adam", "--iterations", "5", "--out", "m.txt"], "--out must end in .csv"),
        (["-o", "adam", "--iterations", "5", "--data", "/no/such/dir"], "does not exist"),
        (["-o", "adam", "--iterations", "5", "--activation", "gelu"], "invalid choice"),
        (["-o", "adam", "--epochs", "1", "--iterations", "5"], "not allowed with"),
        (["--preset", "nope"], "unknown preset 'nope'"),
        (["--dataset", "fashion-mnist", "-o", "adam", "--iterations", "5"], "Fashion-MNIST not"),
        (["--mirror", "http://127.0.0.1:9/", "-o", "adam", "--iterations", "5"],
         "--mirror needs --download"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(argv: list[str], message: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mnist", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("optimizer-race: error: ")
    assert message in err


def test_cli_preset_with_overrides(tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    assert main(["mnist", "--sample", "--preset", "optimizer comparison", "--iterations", "6",
                 "--hidden", "8,8", "--eval-every", "3", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert sorted({r["optimizer"] for r in rows}) == ["adagrad:lr=0.01", "adam:lr=0.001",
                                                      "momentum:lr=0.01", "sgd:lr=0.01"]
    assert len(rows) == 8


# -- downloads -------------------------------------------------------------------------
class _Files:
    """Four tiny valid ``.gz`` IDX files and their RemoteFile entries."""

    def __init__(self) -> None:
        rng = np.random.default_rng(5)
        self.blobs: dict[str, bytes] = {}
        for split, n in (("train", 30), ("t10k", 10)):
            images = idx_bytes(rng.integers(0, 256, (n, 28, 28), dtype=np.uint8))
            labels = idx_bytes(np.arange(n) % 10)
            self.blobs[f"{split}-images-idx3-ubyte.gz"] = gzip.compress(images, mtime=0)
            self.blobs[f"{split}-labels-idx1-ubyte.gz"] = gzip.compress(labels, mtime=0)
        self.remote = tuple(dl.RemoteFile(name, hashlib.md5(blob).hexdigest(), len(blob))
                            for name, blob in self.blobs.items())


FILES = _Files()


class _Handler(BaseHTTPRequestHandler):
    """``/good/F`` serves F; ``/cut/`` stops half-way; ``/404/``; ``/html/``; ``/wrong/``."""

    bodies: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        _, mode, name = self.path.split("/", 2)
        blob = FILES.blobs.get(name)
        if mode == "404" or blob is None:
            self.send_error(404, "Not Found")
            return
        if mode == "html":
            body = b"<!DOCTYPE html><html><body>Please log in</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        elif mode == "wrong":  # valid gzip, wrong bytes
            body = gzip.compress(b"\0\0\x08\x01\0\0\0\x04abcd", mtime=0)
            self.send_response(200)
        elif mode in self.bodies:  # a test's own body for every file
            body = self.bodies[mode]
            self.send_response(200)
        else:
            body = blob
            self.send_response(200)
        self.send_header("Content-Length", str(len(blob) if mode == "cut" else len(body)))
        self.end_headers()
        if mode == "cut":
            self.wfile.write(blob[: len(blob) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_download_falls_through_faulty_mirrors_and_lands_atomically(server: str,
                                                                    tmp_path: Path) -> None:
    dest = tmp_path / "mnist"
    seen: list[dl.Progress] = []
    mirrors = [f"{server}/cut/", f"{server}/404/", f"{server}/html/", f"{server}/wrong/",
               f"{server}/good/"]
    ds = dl.download("mnist", dest, mirrors=mirrors, files=FILES.remote, progress=seen.append,
                     timeout=5)
    assert ds.folder == dest and (ds.n_train, ds.n_test) == (30, 10)
    assert _leftovers(dest) == sorted(FILES.blobs)  # no .part files
    for name, blob in FILES.blobs.items():
        assert (dest / name).read_bytes() == blob
    assert seen[-1].fraction == pytest.approx(1.0)
    assert all(0 <= p.fraction <= 1 for p in seen)
    assert {p.mirror for p in seen} == set(mirrors) - {f"{server}/404/"}  # 404: no body
    assert [p.index for p in seen if p.done == p.total and p.mirror.endswith("/good/")] == [
        0, 1, 2, 3]
    # already present and verified: not downloaded again, even with dead mirrors
    again = dl.download("mnist", dest, mirrors=[f"{server}/404/"], files=FILES.remote)
    assert again.n_train == 30


@pytest.mark.parametrize("mode", ["cut", "404", "html", "wrong"])
def test_a_faulty_mirror_leaves_nothing_behind(server: str, tmp_path: Path, mode: str) -> None:
    dest = tmp_path / "mnist"
    with pytest.raises(dl.DownloadError) as info:
        dl.download("mnist", dest, mirrors=[f"{server}/{mode}/"], files=FILES.remote,
                    timeout=5)
    expected = {"cut": "connection closed after", "404": "HTTP 404", "html": "an HTML page",
                "wrong": "checksum mismatch"}[mode]
    assert expected in str(info.value) and "train-images-idx3-ubyte.gz" in str(info.value)
    assert _leftovers(dest) == []


def test_structure_error_names_the_file_not_the_temporary(server: str, tmp_path: Path) -> None:
    """Right checksum, wrong content: the IDX check refuses it, naming the user's file."""
    dest = tmp_path / "mnist"
    name = FILES.remote[0].name
    body = gzip.compress(b"\0\0\x08\x01\0\0\0\x08abcd", mtime=0)  # 4 bytes, header says 8
    files = (dl.RemoteFile(name, hashlib.md5(body).hexdigest(), len(body)),)
    _Handler.bodies["bad"] = body
    try:
        with pytest.raises(dl.DownloadError) as info:
            dl.download("mnist", dest, mirrors=[f"{server}/bad/"], files=files, timeout=5)
    finally:
        del _Handler.bodies["bad"]
    message = str(info.value)
    assert f"/bad/{name}: {name}: truncated" in message and ".tmp" not in message
    assert _leftovers(dest) == []


def test_download_can_be_cancelled_without_leftovers(server: str, tmp_path: Path) -> None:
    dest = tmp_path / "mnist"
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(dl.DownloadCancelled):
        dl.download("mnist", dest, mirrors=[f"{server}/good/"], files=FILES.remote,
                    cancelled=cancelled)
    assert _leftovers(dest) == []


def test_cli_download_uses_the_given_mirror(server: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           isolated_user_data: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(dl.FILES, "mnist", FILES.remote)
    assert main(["mnist", "--download", "--mirror", f"{server}/404/",
                 "--mirror", f"{server}/good/"]) == 0
    assert _leftovers(isolated_user_data / "mnist") == sorted(FILES.blobs)
    assert "checksums verified" in capsys.readouterr().err
    assert find_dataset("mnist").n_train == 30  # now found before the sample
    assert main(["mnist", "--download", "--data", str(tmp_path / "x"),
                 "--mirror", f"{server}/html/"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "an HTML page" in err
    assert _leftovers(tmp_path / "x") == []


def test_published_checksums_match_the_real_files() -> None:
    expected = {f.name: f.md5 for f in dl.FILES["mnist"]}
    assert set(expected) == {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}
    if REAL.is_dir():
        for name, md5 in expected.items():
            assert hashlib.md5((REAL / name).read_bytes()).hexdigest() == md5
