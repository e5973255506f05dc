"""Download the full MNIST / Fashion-MNIST set: mirrors, checksums, atomic files.

Each of the four ``.gz`` files is fetched from the first mirror that delivers
it intact: streamed into a temporary file next to its destination, its MD5
compared with the published checksum of the original, its gzip/IDX structure
checked, and only then renamed into place (``engine.platform.files.open_atomic``).  A cut
connection, an HTTP error, an HTML error page or wrong bytes make that mirror
fail for that file: the temporary file is deleted and the next mirror is tried.
A partial or corrupt file is therefore never used and never left behind.
A file already present with the right checksum is not downloaded again.

``progress`` is called with a :class:`Progress` after every chunk; ``cancelled``
is polled as often, and a cancel raises :class:`DownloadCancelled` (after
cleaning up).  Only the standard library is used (``urllib``).

Checksums: MNIST's are those of the original files (yann.lecun.com); Fashion-
MNIST's are the ones Zalando Research publishes for its files (also used by
``torchvision.datasets.FashionMNIST``).
"""

from __future__ import annotations

import functools
import hashlib
import http.client
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.messages import Message, joined, msg
from engine.mnist.data import DATASETS, Dataset, load_folder, read_idx, user_data_dir
from engine.platform.files import open_atomic

__all__ = ["FILES", "MIRRORS", "DownloadCancelled", "DownloadError", "Progress", "download"]


@dataclass(frozen=True)
class RemoteFile:
    name: str
    md5: str
    size: int  # approximate compressed size, only to weight the overall progress


FILES: dict[str, tuple[RemoteFile, ...]] = {
    "mnist": (
        RemoteFile("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9_912_422),
        RemoteFile("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28_881),
        RemoteFile("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", 1_648_877),
        RemoteFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", 4_542),
    ),
    "fashion-mnist": (
        RemoteFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", 26_421_880),
        RemoteFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", 29_515),
        RemoteFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", 4_422_102),
        RemoteFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", 5_148),
    ),
}

#: Base URLs tried in order (the file name is appended).
MIRRORS: dict[str, tuple[str, ...]] = {
    "mnist": (
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://yann.lecun.com/exdb/mnist/",
    ),
    "fashion-mnist": (
        "https://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
    ),
}

CHUNK = 1 << 16
TIMEOUT = 30.0
USER_AGENT = "optimizer-race (MNIST downloader; urllib)"


class DownloadError(OSError):
    """Every mirror failed for a file (the message lists why, mirror by mirror)."""


class DownloadCancelled(DownloadError):
    """The user cancelled; nothing partial was left behind."""


@dataclass(frozen=True)
class Progress:
    """Where a download is: file ``index`` of ``count``, bytes of it, overall fraction."""

    file: str
    index: int
    count: int
    done: int
    total: int | None
    fraction: float
    mirror: str


def _md5(path: Path) -> str:
    h = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def download(
    kind: str = "mnist",
    dest: str | os.PathLike[str] | None = None,
    *,
    mirrors: Sequence[str] | None = None,
    progress: Callable[[Progress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    timeout: float = TIMEOUT,
    files: Sequence[RemoteFile] | None = None,
) -> Dataset:
    """Fetch the four files of ``kind`` into ``dest`` (default: the app's data folder).

    Returns the dataset loaded from there (``.folder`` is the folder).  Raises
    :class:`DownloadError` naming each mirror's failure, :class:`DownloadCancelled`
    if ``cancelled()`` became true.
    """
    if kind not in DATASETS:
        raise ValueError(msg("dataset must be one of {known}, got '{kind}'",
                             known=', '.join(DATASETS), kind=kind))
    folder = Path(dest) if dest is not None else user_data_dir() / kind
    folder.mkdir(parents=True, exist_ok=True)
    files = tuple(files if files is not None else FILES[kind])
    mirrors = tuple(mirrors if mirrors else MIRRORS[kind])
    weights = [max(1, f.size) for f in files]
    total_weight = float(sum(weights))
    base = 0.0
    for index, remote in enumerate(files):
        target = folder / remote.name
        share = weights[index] / total_weight

        def report(done: int, total: int | None, mirror: str, _i: int = index,
                   _r: RemoteFile = remote, _base: float = base, _share: float = share) -> None:
            if progress is not None:
                frac = min(1.0, done / (total or _r.size or 1))
                progress(Progress(_r.name, _i, len(files), done, total,
                                  _base + _share * frac, mirror))

        if target.is_file() and _md5(target) == remote.md5:
            report(remote.size, remote.size, "already present")
        else:
            errors = []
            for mirror in mirrors:
                url = mirror if mirror.endswith(remote.name) else mirror.rstrip("/") + "/" + \
                    remote.name
                try:
                    _fetch(url, target, remote, timeout, cancelled,
                           functools.partial(_report_mirror, report, mirror))
                    break
                except DownloadCancelled:
                    raise
                except (OSError, ValueError, http.client.HTTPException) as exc:
                    errors.append(msg("{url}: {reason}", url=url, reason=_reason(exc)))
            else:
                raise DownloadError(msg("could not download {file}: {reasons}", file=remote.name,
                                        reasons=joined("; ", errors)))
        base += share
    return load_folder(folder, kind)  # the four files must fit together (counts, shapes)


def _report_mirror(report: Callable[[int, int | None, str], None], mirror: str, done: int,
                   total: int | None) -> None:
    report(done, total, mirror)


def _reason(exc: BaseException) -> str:
    if exc.args and isinstance(exc.args[0], Message):
        return exc.args[0]
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return f"{exc.reason}"
    if isinstance(exc, http.client.IncompleteRead):
        return msg("connection closed after {n} bytes", n=len(exc.partial))
    return " ".join(str(exc).split()) or type(exc).__name__


def _fetch(url: str, target: Path, remote: RemoteFile, timeout: float,
           cancelled: Callable[[], bool] | None,
           report: Callable[[int, int | None], None]) -> None:
    """Download ``url`` to ``target`` atomically, verifying ``remote.md5`` and the structure."""

    def structure(tmp: Path) -> None:  # magic, dimensions, sizes, complete gzip stream
        read_idx(tmp, name=target.name)  # an IdxError (a ValueError) names the target

    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with (open_atomic(target, "wb", verify=structure) as out,
          urllib.request.urlopen(request, timeout=timeout) as resp):
        length_header = resp.headers.get("Content-Length")
        total = int(length_header) if length_header and length_header.isdigit() else None
        h = hashlib.md5(usedforsecurity=False)
        done = 0
        report(0, total)
        while True:
            if cancelled is not None and cancelled():
                raise DownloadCancelled(msg("download of {name} cancelled", name=target.name))
            chunk = resp.read(CHUNK)
            if not chunk:
                break
            if done == 0 and not chunk.startswith(b"\x1f\x8b"):
                head = chunk[:512].lstrip().lower()
                what = (msg("an HTML page") if head.startswith((b"<!doctype html", b"<html"))
                        else msg("not a gzip file"))
                raise ValueError(msg("got {what} instead of {name}", what=what, name=remote.name))
            h.update(chunk)
            out.write(chunk)
            done += len(chunk)
            report(done, total)
        if total is not None and done != total:
            raise ValueError(msg("connection closed after {done} of {total} bytes", done=done,
                                 total=total))
        if h.hexdigest() != remote.md5:
            raise ValueError(msg("checksum mismatch (MD5 {value}, expected {md5})",
                                 value=h.hexdigest(), md5=remote.md5))
